"""An instructor's text typed with backticks, two apostrophes or two commas prints as typed in the PDF (stop 68's
hostile tester: `symbp check --key x` printed as ‘symbp check --key x‘, ?` as ¿, '' as ” and ,, as „)."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from symbp.cli import main

SPEC = """layers = [2, 3, 1]
activation = "relu"
loss = "half_sse"
learning_rate = 0.1
[variants]
instructions = "Run `symbp check --key answers.json` then ``this'' ?` !` ,,x,, -- x---y"
"""


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_instructions_print_as_typed(tmp_path, requires_tex, locale):
    spec = tmp_path / "s.toml"
    spec.write_text(SPEC)
    out = tmp_path / "o"
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "1", "--locale", locale, "--out", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(out / "worksheet.pdf"), "-"], capture_output=True, text=True).stdout
    text = " ".join(text.split()).replace("\u2019", "'")  # (an apostrophe is typeset curly: it is one as typed)
    assert "Run `symbp check --key answers.json` then ``this'' ?` !` ,,x,, -- x---y" in text, text[:600]
    assert not set("‘“”„¿¡–—") & set(text.split("Run", 1)[1][:60])
