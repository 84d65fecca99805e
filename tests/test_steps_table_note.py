"""The table "Costs and parameters at every step" says its values are rounded in every format (a
reviewer: in the PDF and Markdown nothing said so, and w_41^1 = 4000 at t = 2, true 3999.99999986,
read as exact as w_11^1 = 150 does), and in the PDF the heading, the note and the table stay on one
page.  The note's words are the catalogue's (read here from en.toml)."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

import symbp
from print_audit import compile_and_audit

CATALOGUE = tomllib.loads((Path(__file__).resolve().parent.parent / "templates" / "i18n" / "en.toml")
                          .read_text(encoding="utf-8"))["solution"]

WIDE = {  # 2-8-1 ReLU with inputs 1000 and 0.001, α = 1e-4, two steps: a table taller than half a page
    "title": "Wide, large and tiny inputs", "layers": [2, 8, 1], "activation": "relu", "loss": "half_sse",
    "learning_rate": 1e-4, "steps": 2, "input": [1000, 0.001], "target": [5],
    "layer": [{"weights": [[0.002, 300], [-0.001, 150], [0.0035, -2000], [0.0001, 0.5], [-0.004, 4000],
                           [0.0007, 0.25], [0.0015, -750], [0.0009, 1200]],
               "biases": [0.1, 0.5, -0.25, 0.05, 0.3, -0.1, 0.2, 0.01]},
              {"weights": [[0.3, -0.2, 0.15, 0.4, -0.35, 0.25, 0.1, -0.05]], "biases": [0.05], "activation": "identity"}],
}


def _note(carried: bool) -> str:
    return CATALOGUE["table_note"].replace("{digits}", "4").replace(
        "{guard}", "" if carried else CATALOGUE["table_guard"]).replace("{carried}", CATALOGUE["table_carried"] if carried else "")


@pytest.mark.parametrize("mode", ["exact", "rounded-intermediate"])
def test_markdown_and_latex_say_the_table_is_rounded(mode):
    spec = symbp.spec_from_dict(WIDE)
    solution = symbp.derive(spec, round_intermediate=mode != "exact")
    for text in (solution.to_markdown(), solution.to_latex()):
        assert CATALOGUE["table"] in text
        tail = text[text.index(CATALOGUE["table"]):]
        assert _note(mode != "exact") in tail[:600], tail[:600]


def test_the_pdf_keeps_heading_note_and_table_together(tmp_path, requires_tex):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    audit = compile_and_audit(symbp.derive(symbp.spec_from_dict(WIDE)).to_latex(), tmp_path, "wide", runs=2)
    assert audit.headings_alone() == []
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(audit.pdf), "-"], capture_output=True,
                            text=True, check=True).stdout for n in range(1, audit.pages + 1)]
    page = next(p for p in pages if CATALOGUE["table"] in p)
    assert " ".join(_note(False).split()) in " ".join(page.split())
    assert "w00" in page.replace(" ", ""), page[:500]  # the table's first parameter row, on the same page
