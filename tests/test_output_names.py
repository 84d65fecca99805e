"""An output file keeps the name the user gave, case included: -o out.PDF wrote out.pdf while
-o Notes.Tex kept its case (review 33).  FILE.PDF is written as FILE.TEX and FILE.PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import cli_runner
from symbp.api.files import pdf_beside, pdf_request
from symbp.cli import main


@pytest.mark.parametrize("given, tex, pdf", [
    ("out.pdf", "out.tex", "out.pdf"), ("out.PDF", "out.TEX", "out.PDF"), ("Notes.Pdf", "Notes.Tex", "Notes.Pdf"),
])
def test_a_pdf_name_is_kept_and_its_latex_named_alike(given, tex, pdf):
    path, compile_it = pdf_request(Path(given), False)
    assert (path, compile_it) == (Path(tex), True)
    assert pdf_beside(path) == Path(pdf)


def test_a_latex_name_with_pdf_asked_gives_the_pdf_its_case():
    assert pdf_beside(Path("Notes.Tex")) == Path("Notes.Pdf")
    assert pdf_beside(Path("notes.tex")) == Path("notes.pdf")


def test_derive_writes_the_pdf_under_the_name_given(requires_tex, tmp_path):
    result = cli_runner().invoke(main, ["derive", "--example", "nn231", "-o", str(tmp_path / "out.PDF")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.PDF", "out.TEX"]
