"""LaTeX source -> PDF file, with pdflatex (run again while its log asks) in a temporary folder.

pdflatex always compiles the fixed job name JOB in its own temporary folder `symbp-tex-*`: no
file name of the user's reaches TeX (neither `\\input{...}.toml` nor `-shell-escape.pdf` nor
`50%.pdf`).  Shell escape is always off (with SYMBP_TEX_DRIVER=latexmk, latexmk's rc files are
ignored too, `-norc`, so that no configuration can turn it back on), and TeX may write only in
its folder.  Where bubblewrap runs, pdflatex runs in its sandbox (tex_sandbox.py): it sees the TeX
installation, the system's libraries, the folders on TEXINPUTS and its own folder, nothing else.
The PDF is moved into place atomically: either the new file appears whole, or the old one stays.
A LaTeX error becomes a `LatexError` (exit code 5) quoting the log's first error and the line of
the .tex; without TeX, a `ToolMissingError` says exactly what to install.

Every pdflatex runs in its own process group, registered while it runs: `stop_all()` (called on
SIGINT, SIGTERM or the end of the time budget) kills them all and lets no new one start, so
that no pdflatex outlives symbp and every temporary folder is removed on the way out.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from ..errors import Stopped, SymbpError, ToolMissingError
from .tex_sandbox import anchored, confined

INSTALL_HINT = "apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures latexmk"
TEX_FLAGS = ["-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
TIMEOUT_SECONDS = 600
ERROR_CONTEXT_LINES = 6
JOB = "symbp"  # the job name of every compilation: symbp.tex -> symbp.pdf in the temporary folder


class LatexError(SymbpError):
    """pdflatex stopped on an error in the generated (or a course's own) LaTeX.  Exit code 5."""

    exit_code = 5

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


_RUNNING: set = set()  # the pdflatex processes running now
_GUARD = threading.Lock()
_STOPPING = threading.Event()


def _kill(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)  # pdflatex and anything it started
    except (ProcessLookupError, PermissionError):
        pass


def stop_all() -> None:
    """Kill every running pdflatex; none starts from now on (until `reset`)."""
    _STOPPING.set()
    with _GUARD:
        for process in list(_RUNNING):
            _kill(process)


def reset() -> None:
    _STOPPING.clear()


def _run_tex(command: list[str], work_dir: Path, env: dict, source_name: str) -> tuple[int, str]:
    """(return code, output) of one TeX run in its own process group, killed when symbp stops."""
    if _STOPPING.is_set():
        raise Stopped("", 1)
    output_file = work_dir / TEX_OUTPUT
    with open(output_file, "wb") as sink:  # (a file, not a pipe read into memory: a \message loop writes GBs)
        process = subprocess.Popen(_size_bounded(command), cwd=work_dir, env=env, stdin=subprocess.DEVNULL, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    with _GUARD:
        _RUNNING.add(process)
    try:
        if _STOPPING.is_set():
            _kill(process)
        try:
            process.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            _kill(process)
            process.wait()
            raise LatexError(f"LaTeX did not finish within {TIMEOUT_SECONDS} s on {source_name}") from None
        except BaseException:
            _kill(process)
            process.wait()
            raise
    finally:
        with _GUARD:
            _RUNNING.discard(process)
    if _STOPPING.is_set():
        raise Stopped("", 1)
    if process.returncode in (-signal.SIGXFSZ, 128 + signal.SIGXFSZ):
        raise LatexError(f"LaTeX wrote a file of more than {MAX_TEX_FILE_MB} MB on {source_name} (a loop writing "
                         "to a file or the log?): stopped")
    return process.returncode, read_capped(output_file)


TEX_OUTPUT = "symbp-tex-output.txt"  # pdflatex's terminal output, in its temporary folder
MAX_TEX_FILE_MB = 256  # the largest file a TeX run may write (its log, its output, a \write's file, the PDF)
MAX_LOG_READ = 4 << 20  # of a log or the terminal output, what is read for its first error


def _size_bounded(command: list[str]) -> list[str]:
    """The command run with its files bounded (RLIMIT_FSIZE, by the POSIX shell's `ulimit -f`, counted in
    512-byte blocks): set before it starts, as no limit set from here after the start can be for its
    children (bubblewrap's pdflatex)."""
    shell = shutil.which("sh")
    if shell is None:
        return command
    blocks = MAX_TEX_FILE_MB * 2048
    try:  # never above a lower limit of the user's own (raising it past the hard limit fails)
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
        if soft != resource.RLIM_INFINITY and soft // 512 <= blocks:
            return command
    except (ImportError, OSError, ValueError):
        pass
    return [shell, "-c", f'ulimit -f {blocks} && exec "$@"', "sh", *command]


def read_capped(path: Path, limit: int = MAX_LOG_READ) -> str:
    """A text file's first `limit` bytes (a log of 200 MB is not read whole to find its first error)."""
    try:
        with open(path, "rb") as file:
            return file.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return ""


def build_pdf(tex: str, source_name: str = "document.tex") -> bytes:
    """The PDF of LaTeX source `tex`; `source_name` is the .tex as the user knows it (for messages)."""
    tool, command = find_tex()
    env = dict(os.environ)
    # Reproducible PDF metadata (creation date, /ID) without changing \today.
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    env["openout_any"] = "p"  # paranoid: no writing outside the working folder
    env["openin_any"] = "p"  # nor reading outside it: a course template's \input{/etc/passwd} or ~/.ssh/id_rsa into the PDF
    if env.get("TEXINPUTS"):  # a course's assets: TEXINPUTS=assets//: means symbp's folder's, not the temporary one's
        env["TEXINPUTS"] = anchored(env["TEXINPUTS"])
    with tempfile.TemporaryDirectory(prefix="symbp-tex-") as work:
        work_dir = Path(work)
        tex_name = f"{JOB}.tex"
        (work_dir / tex_name).write_text(tex, encoding="utf-8")
        runs = 1 if tool == "latexmk" else MAX_RUNS
        confined_command, confined_env = confined(command + [tex_name], work_dir, env)
        for _ in range(runs):
            returncode, output = _run_tex(confined_command, work_dir, confined_env, source_name)
            log_file = work_dir / f"{JOB}.log"
            log = read_capped(log_file) if log_file.exists() else output
            if returncode != 0:
                line, excerpt = _first_error(log, tex_name)
                excerpt = excerpt.replace(f"./{tex_name}:", f"{source_name}:")  # the file the user has
                where = f" at line {line} of {source_name}" if line else ""
                raise LatexError(f"LaTeX failed{where}:\n{excerpt}", line, excerpt)
            if not any(hint in log for hint in RERUN_HINTS):
                break
        built = work_dir / f"{JOB}.pdf"
        if not built.exists():
            raise LatexError(f"LaTeX produced no PDF for {source_name}")
        return built.read_bytes()


def compile_pdf(tex: str, pdf_path: str | Path) -> Path:
    """Compile LaTeX source `tex` to `pdf_path` (written atomically); returns pdf_path."""
    from ..inputs import display_path
    from ..output import check_writable, write_atomic

    pdf_path = Path(pdf_path)
    check_writable([pdf_path])
    write_atomic(pdf_path, build_pdf(tex, display_path(pdf_path.with_suffix(".tex"))))
    return pdf_path
