"""LaTeX source -> PDF file, with pdflatex (run again while its log asks) in a temporary folder.

Shell escape is always off (with SYMBP_TEX_DRIVER=latexmk, latexmk's rc files are ignored too,
`-norc`, so that no configuration can turn it back on).  The PDF is moved into place atomically:
either the new file appears whole, or the old one stays.  A LaTeX error becomes a `LatexError`
quoting the log's first error and the line of the .tex; without TeX, a `ToolMissingError` says
exactly what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import SymbpError, ToolMissingError

INSTALL_HINT = "apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures latexmk"
TEX_FLAGS = ["-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
TIMEOUT_SECONDS = 600
ERROR_CONTEXT_LINES = 6


class LatexError(SymbpError):
    """pdflatex stopped on an error in the generated (or a course's own) LaTeX.  Exit code 1."""

    exit_code = 1

    def __init__(self, message: str, line: int | None = None, log_excerpt: str = ""):
        self.line = line
        self.log_excerpt = log_excerpt
        super().__init__(message)


def find_tex() -> tuple[str, list[str]]:
    """("pdflatex" | "latexmk", the command line prefix); ToolMissingError when there is no pdflatex.

    pdflatex is run directly and again only while its log asks for it (RERUN_HINTS), which is
    what latexmk decides too, minus the second run latexmk always makes in a fresh folder: that
    halves the time of a long answer key.  SYMBP_TEX_DRIVER=latexmk uses latexmk instead.
    """
    latexmk, pdflatex = shutil.which("latexmk"), shutil.which("pdflatex")
    if not pdflatex:
        raise ToolMissingError(f"pdflatex is not installed, so no PDF can be made; install TeX Live with: {INSTALL_HINT}")
    if latexmk and os.environ.get("SYMBP_TEX_DRIVER") == "latexmk":
        return "latexmk", [latexmk, "-pdf", "-norc", "-quiet", *TEX_FLAGS]
    return "pdflatex", [pdflatex, *TEX_FLAGS]


# Messages by which LaTeX asks for another run (cross-references, page totals, TikZ overlays).
RERUN_HINTS = ("Rerun to get", "Label(s) may have changed", "There were undefined references",
               "Rerun LaTeX", "Please rerun LaTeX")
MAX_RUNS = 4


_NOISE = ("Type X to quit", "or enter new name", "Enter file name", "See the LaTeX manual", "Type  H <return>",
          "You're in trouble here", "==> Fatal error")


def _first_error(log: str, tex_name: str) -> tuple[int | None, str]:
    """The line of the .tex and the first error's lines from a pdflatex log."""
    lines = log.splitlines()
    located = re.compile(r"^(?:\./)?(?P<file>[^:\s]+):(?P<line>\d+): (?P<msg>.*)$")
    for i, text in enumerate(lines):
        match = located.match(text)
        if not (match or text.startswith("! ")):
            continue
        excerpt = [text]
        line_no = int(match.group("line")) if match and match.group("file").endswith(tex_name) else None
        for follow in lines[i + 1:i + 1 + ERROR_CONTEXT_LINES]:
            at = re.match(r"^l\.(\d+)", follow)
            again = located.match(follow)
            if again and again.group("file").endswith(tex_name) and line_no is None:
                line_no = int(again.group("line"))
            if at:
                line_no = line_no or int(at.group(1))
                excerpt.append(follow)
                break
            if again:
                break
            excerpt.append(follow)
        kept = [l for l in excerpt if l.strip() and not l.lstrip().startswith(_NOISE)]
        return line_no, "\n".join(kept)
    tail = [l for l in lines if l.strip()][-ERROR_CONTEXT_LINES:]
    return None, "\n".join(tail)


def compile_pdf(tex: str, pdf_path: str | Path, jobname: str | None = None) -> Path:
    """Compile LaTeX source `tex` to `pdf_path`; returns pdf_path."""
    pdf_path = Path(pdf_path)
    jobname = jobname or pdf_path.stem or "document"
    tool, command = find_tex()
    env = dict(os.environ)
    # Reproducible PDF metadata (creation date, /ID) without changing \today.
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    env["openout_any"] = "p"  # paranoid: no writing outside the working folder
    with tempfile.TemporaryDirectory(prefix="symbp-tex-") as work:
        work_dir = Path(work)
        tex_name = f"{jobname}.tex"
        (work_dir / tex_name).write_text(tex, encoding="utf-8")
        runs = 1 if tool == "latexmk" else MAX_RUNS
        for _ in range(runs):
            try:
                result = subprocess.run(command + [tex_name], cwd=work_dir, env=env, stdin=subprocess.DEVNULL,
                                        capture_output=True, text=True, errors="replace", timeout=TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                raise LatexError(f"LaTeX did not finish within {TIMEOUT_SECONDS} s on {pdf_path.with_suffix('.tex').name}") from None
            log_file = work_dir / f"{jobname}.log"
            log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else result.stdout + result.stderr
            if result.returncode != 0:
                line, excerpt = _first_error(log, tex_name)
                where = f" at line {line} of {pdf_path.with_suffix('.tex').name}" if line else ""
                raise LatexError(f"LaTeX failed{where}:\n{excerpt}", line, excerpt)
            if not any(hint in log for hint in RERUN_HINTS):
                break
        built = work_dir / f"{jobname}.pdf"
        if not built.exists():
            raise LatexError(f"LaTeX produced no PDF for {pdf_path.with_suffix('.tex').name}")
        from ..output import write_atomic

        write_atomic(pdf_path, built.read_bytes())
    return pdf_path
