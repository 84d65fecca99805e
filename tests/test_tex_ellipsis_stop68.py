"""The … that cuts a long text symbp echoes (a NOT READ answer in a check report's PDF) is typeset as an ellipsis,
not as "U+2026" in small sans-serif type, and the long word it ends may break (stop 68's hostile tester)."""

from __future__ import annotations

import subprocess

from click.testing import CliRunner

from symbp.cli import main
from symbp.render.tex_text import latex_problem, tex_shown


def test_ellipsis_is_typesettable():
    assert latex_problem("Ada…") is None
    assert "U+2026" not in tex_shown("Ada…")


def test_check_pdf_shows_no_code_point(tmp_path, requires_tex):
    answers = tmp_path / "a.toml"
    answers.write_text('student = "ada"\n"z_0^1" = "' + "x" * 200 + '"\n', encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    result = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers), "-o", str(pdf)])
    assert result.exit_code in (0, 1), result.output
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "U+2026" not in text and "NOT READ" in text
    assert "…" in text or ". . ." in text  # (\\ldots: pdftotext reads its three dots)
