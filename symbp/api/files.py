"""Documents -> files: the output format a file name asks for, and writing a document atomically
(text, or LaTeX with its compiled PDF beside it).

In:  rendered text, a target path, whether a PDF is wanted.
Out: the paths written.  Policy (README "Limits and exit codes"): every file is written atomically
     (`output.write_atomic`); with a PDF both files appear together once pdflatex has succeeded; on
     a LaTeX error only the .tex (its line numbers are in the message); without TeX nothing, and a
     `ToolMissingError` saying what to install.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SpecError
from ..option_words import option, setting


def pdf_request(path: Path | None, pdf: bool) -> tuple[Path | None, bool]:
    """FILE.pdf means: the LaTeX in FILE.tex, compiled into FILE.pdf (the user's case kept: out.PDF
    is out.TEX and out.PDF, as Notes.Tex is written Notes.Tex)."""
    if path is not None and path.suffix.lower() == ".pdf":
        return path.with_suffix(_cased(".tex", path.suffix)), True
    return path, pdf


def pdf_beside(tex: Path) -> Path:
    """The PDF compiled from the LaTeX file `tex`: its name, the extension in the case of .tex's."""
    return tex.with_suffix(_cased(".pdf", tex.suffix) if tex.suffix.lower() == ".tex" else ".pdf")


def _cased(suffix: str, like: str) -> str:
    """`suffix` letter by letter in the case of `like` (of the same length): ".tex" like ".PDF" -> ".TEX"."""
    return "".join(c.upper() if m.isupper() else c for c, m in zip(suffix, like))


def format_for(path: Path | None, fmt: str | None, pdf: bool, extensions: dict) -> str:
    """The output format: a PDF needs LaTeX; else `fmt`; else the file's extension; else text."""
    if pdf:
        if fmt not in (None, "tex") or (path and path.suffix.lower() not in ("", ".tex")):
            raise SpecError("format", f"a PDF needs the LaTeX format (a FILE.tex or FILE.pdf, or {setting('format', 'tex')})")
        return "tex"
    if fmt:
        if fmt not in set(extensions.values()):
            raise SpecError("format", f"unknown format {fmt!r}; expected one of: {', '.join(sorted(set(extensions.values())))}")
        return fmt
    if path:
        ext = path.suffix.lstrip(".").lower()
        if ext not in extensions:
            raise SpecError("format", f"cannot tell the format from {str(path)!r}; name it with {option('format')}")
        return extensions[ext]
    return "text"


def require_tex() -> None:
    """ToolMissingError (exit code 4, saying what to install) when there is no pdflatex."""
    from ..render.pdf import find_tex

    find_tex()


def write_document(text: str, path: Path, pdf: bool = False) -> list[Path]:
    """Write `text` to `path` atomically; with `pdf`, `path` is the .tex and its PDF is compiled
    beside it (both appear together).  Returns the paths written."""
    from ..inputs import display_path
    from ..output import check_writable, write_all_atomic, write_atomic
    from . import _flag

    if not _flag(pdf, "pdf"):
        write_atomic(path, text)
        return [path]
    from ..render.pdf import LatexError, build_pdf

    pdf_path = pdf_beside(path)
    check_writable([path, pdf_path])  # before pdflatex runs, not after
    try:
        document = build_pdf(text, source_name=display_path(path))  # (the error names the .tex as given)
    except LatexError:
        write_atomic(path, text)
        pdf_path.unlink(missing_ok=True)  # an earlier run's PDF is not this .tex's (a worksheet removes its too)
        raise
    write_all_atomic({path: text, pdf_path: document})
    return [path, pdf_path]


def save(document, path, format: str | None, pdf: bool, extensions: dict) -> list[Path]:
    """A document with `to(fmt)` (a Solution, a CheckReport) written to `path`: the format from
    `format` or the extension; FILE.pdf (or pdf with a .tex) writes FILE.tex and compiles it."""
    from ..staging import refuse_sheet_file, refuse_sheet_key

    path, pdf = pdf_request(Path(path), pdf)
    for target in (path, *([pdf_beside(path)] if pdf else [])):  # as the command line's -o (staging.reading)
        refuse_sheet_key("path", target)
        refuse_sheet_file("path", target)
    return write_document(document.to(format_for(path, format, pdf, extensions)), path, pdf)
