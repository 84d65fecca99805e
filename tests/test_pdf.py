"""symbp.render.pdf: LaTeX -> PDF, errors with the .tex line, no shell escape, TeX missing."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from symbp.errors import SymbpError, ToolMissingError
from symbp.render.pdf import INSTALL_HINT, LatexError, compile_pdf

GOOD = "\\documentclass{article}\n\\begin{document}\nHello.\n\\end{document}\n"


def pdftotext(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_compiles_to_the_given_path(requires_tex, tmp_path):
    target = tmp_path / "sub" / "doc.pdf"
    assert compile_pdf(GOOD, target) == target
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == ["doc.pdf"]  # no aux/log left beside it


def test_error_names_the_tex_line_and_keeps_the_old_pdf(requires_tex, tmp_path):
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"old")
    bad = "\\documentclass{article}\n\\begin{document}\nfine\n\\undefinedmacro\n\\end{document}\n"
    with pytest.raises(LatexError) as caught:
        compile_pdf(bad, target)
    assert caught.value.line == 4
    assert "line 4" in str(caught.value) and "Undefined control sequence" in str(caught.value)
    assert isinstance(caught.value, SymbpError) and caught.value.exit_code == 5
    assert target.read_bytes() == b"old"


def test_shell_escape_is_off(requires_tex, tmp_path):
    marker = tmp_path / "escaped"
    doc = ("\\documentclass{article}\n\\begin{document}\n"
           f"\\immediate\\write18{{touch {marker}}}\nx\n\\end{{document}}\n")
    compile_pdf(doc, tmp_path / "doc.pdf")
    assert not marker.exists()


def test_cross_references_are_resolved(requires_tex, tmp_path):
    doc = ("\\documentclass{article}\n\\begin{document}\nSee section \\ref{s:two}.\n"
           "\\section{One}\\section{Two}\\label{s:two}\n\\end{document}\n")
    compile_pdf(doc, tmp_path / "refs.pdf")
    text = pdftotext(tmp_path / "refs.pdf")
    assert "See section 2." in text and "??" not in text


def test_latexmk_driver(requires_tex, tmp_path, monkeypatch):
    if shutil.which("latexmk") is None:
        pytest.skip("latexmk is not installed")
    monkeypatch.setenv("SYMBP_TEX_DRIVER", "latexmk")
    bad = "\\documentclass{article}\n\\begin{document}\n\\undefinedmacro\n\\end{document}\n"
    with pytest.raises(LatexError) as caught:
        compile_pdf(bad, tmp_path / "bad.pdf")
    assert caught.value.line == 3
    assert compile_pdf(GOOD, tmp_path / "doc.pdf").read_bytes().startswith(b"%PDF")


def test_without_tex_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no pdflatex, no latexmk
    with pytest.raises(ToolMissingError) as caught:
        compile_pdf(GOOD, tmp_path / "doc.pdf")
    assert INSTALL_HINT in str(caught.value)
    assert INSTALL_HINT == "apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures latexmk"
    assert not (tmp_path / "doc.pdf").exists()


def test_no_file_outside_the_working_folder_is_read(requires_tex, tmp_path):
    """A course's template is hostile: LaTeX it writes may not read the user's files into the PDF
    (`\\input{/etc/hostname}`, an `\\openin` of a dot file such as ~/.ssh/id_rsa): openin_any = p."""
    secret = tmp_path / ".secret"
    secret.write_text("TOPSECRET\n", encoding="ascii")
    doc = ("\\documentclass{article}\n\\begin{document}\nx\\newread\\f\\openin\\f=" + str(secret) +
           " \\ifeof\\f CLOSED\\else\\read\\f to\\x \\detokenize\\expandafter{\\x}\\fi\n\\end{document}\n")
    compile_pdf(doc, tmp_path / "doc.pdf")
    assert "CLOSED" in pdftotext(tmp_path / "doc.pdf")
    with pytest.raises(LatexError):
        compile_pdf(doc.replace("x\\newread", f"\\input{{{secret}}}\\newread"), tmp_path / "doc.pdf")


def test_a_title_of_the_whole_greek_alphabet_is_typeset(requires_tex, tmp_path):
    """Capitals such as Α, Β, Μ (the Latin letters' shapes, no TeX command) were refused although
    the message said Greek was taken: a Greek course's title stopped the sheet."""
    from helpers import cli_runner
    from symbp.cli import main
    from symbp.resources import example_path

    title = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ αβγδεζηθικλμνξοπρσςτυφχψω"
    text = example_path("nn231").read_text(encoding="utf-8")
    spec = tmp_path / "greek.toml"
    spec.write_text(f'title = "{title}"\n' + "\n".join(line for line in text.splitlines()
                                                      if not line.startswith("title")), encoding="utf-8")
    made = cli_runner().invoke(main, ["derive", str(spec), "-o", str(tmp_path / "greek.pdf")])
    assert made.exit_code == 0, made.output
    first = unicodedata.normalize("NFKC", pdftotext(tmp_path / "greek.pdf").splitlines()[0]).replace("∆", "Δ")
    assert first.startswith("ABΓΔEZHΘIKΛMNΞOΠPΣTΥΦXΨΩ αβγδεζηθικλμνξoπρσςτ"), first  # (the glyphs pdftotext names)
    spec.write_text(spec.read_text(encoding="utf-8").replace("αβγ", "άβγ"), encoding="utf-8")  # (with tonos)
    accented = cli_runner().invoke(main, ["derive", str(spec), "-o", str(tmp_path / "accent.pdf")])
    assert accented.exit_code == 2 and "U+03AC" in accented.stderr and "no accents" in accented.stderr, accented.output
    assert not (tmp_path / "accent.pdf").exists()


def test_each_pdf_has_its_title_and_language_in_its_information(requires_tex, tmp_path):
    """A course platform's accessibility check (and a browser's tab) reads a PDF's Title and Lang: the
    PDFs had neither.  The title as the page prints it, TeX's special characters and Greek as typed."""
    import re

    from helpers import cli_runner
    from symbp.cli import main

    def info(pdf):
        if shutil.which("pdfinfo") is None:
            pytest.skip("pdfinfo (poppler-utils) is not installed")
        said = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return re.search(r"^Title:\s*(.*)$", said, re.M).group(1)

    title = r"Übung 3: 50% & \input{x} ~ α"
    made = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--title", title,
                                      "--locale", "de", "--out", str(tmp_path / "ws"), "--pdf"])
    assert made.exit_code == 0, made.output
    assert info(tmp_path / "ws" / "worksheet.pdf") == title
    assert info(tmp_path / "ws" / "answer-key.pdf") == f"{title} — Lösungsschlüssel"
    tex = (tmp_path / "ws" / "worksheet.tex").read_text(encoding="utf-8")
    assert "pdflang={de}" in tex
    made = cli_runner().invoke(main, ["derive", "--example", "nn231", "-o", str(tmp_path / "d.pdf")])
    assert made.exit_code == 0 and info(tmp_path / "d.pdf") == "Neural Network 1: 231"
