"""Messages of stop 56: a file naming a variant, marked against a spec (the last new user's MEDIUM of stop
55: its heading said "variant 1" and nothing told the student the numbers were the spec's, not the
sheet's); an option in a LaTeX report prints as typed (TeX reads -- as an en dash)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from helpers import cli_runner
from symbp.cli import main
from symbp.render.tex_text import tex_escape

NOTE = "this file names variant 1, and a spec has no variants: it is marked against the spec's own numbers"


def _filled_without_sheet_id(tmp_path):
    """A worksheet's answers file with the key's own values, its sheet-id line deleted."""
    ws = tmp_path / "ws"
    assert cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "4", "--out", str(ws)]).exit_code == 0
    variant = json.loads((ws / "answers.json").read_text(encoding="utf-8"))["variants"][0]
    filled = tmp_path / "ada.toml"
    filled.write_text('variant = 1\n' + "".join(f'"{name}" = {json.dumps(variant["values"][name])}\n'
                                               for name in variant["asked"]), encoding="utf-8")
    return ws, filled


def test_a_variant_marked_against_a_spec_is_told_so(tmp_path):
    ws, filled = _filled_without_sheet_id(tmp_path)
    against_spec = cli_runner().invoke(main, ["check", "--example", "nn231", str(filled)])
    assert against_spec.exit_code == 1  # (the variant's numbers are not the example's)
    head = against_spec.stdout.split("\n\n")
    assert head[1] == "NOTE: " + NOTE + ". A worksheet's answers are marked against its key: symbp check --key answers.json FILE.", head[:3]
    against_key = cli_runner().invoke(main, ["check", "--key", str(ws / "answers.json"), str(filled)])
    assert against_key.exit_code == 0 and "a spec has no variants" not in against_key.stdout
    without = tmp_path / "plain.toml"  # no variant named: no note
    without.write_text("\n".join(line for line in filled.read_text(encoding="utf-8").splitlines()
                                 if not line.startswith("variant")), encoding="utf-8")
    plain = cli_runner().invoke(main, ["check", "--example", "nn231", str(without)])
    assert plain.exit_code == 1 and "spec has no variants" not in plain.stdout
    german = cli_runner().invoke(main, ["check", "--example", "nn231", "--locale", "de", str(filled)])
    assert "HINWEIS: Diese Datei nennt Variante 1, und eine Spezifikation hat keine Varianten" in german.stdout, german.output


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_pdf_report_prints_the_option_as_typed(tmp_path, requires_tex_sandbox):
    _, filled = _filled_without_sheet_id(tmp_path)
    pdf = tmp_path / "r.pdf"
    result = cli_runner().invoke(main, ["check", "--example", "nn231", str(filled), "--pdf", "-o", str(pdf)])
    assert result.exit_code == 1, result.output
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "symbp check --key answers.json FILE" in text
    assert "\u2013key" not in text  # (an en dash where the option's two hyphens were)


@pytest.mark.parametrize("text", ["--key", "a---b", "----", "x -- y", "-", "a-b"])
def test_tex_escape_keeps_every_hyphen(text):
    escaped = tex_escape(text)
    assert "--" not in escaped
    assert re.sub(r"\{\}", "", escaped) == text
