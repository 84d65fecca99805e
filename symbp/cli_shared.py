"""What the commands share: a failure in one line, the spec a SPEC argument or --example names, the
output format and file, writing a document out, and the progress lines ("wrote FILES").

In:  a command's arguments and the document it made (a solution or report: `to(fmt)`, `save(...)`).
Out: the document on stdout or in its files; one line on stderr for a failure (exit code of the error).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .errors import Stopped, SymbpError

BROKEN_PIPE = 128 + 13  # the reader of stdout went away (as if killed by SIGPIPE)


def fail(error: SymbpError) -> None:
    click.echo(f"symbp: {one_message(str(error))}", err=True)
    sys.exit(error.exit_code)


def one_message(text: str) -> str:
    """A message made safe for a terminal: control characters (ANSI/OSC escapes) shown escaped."""
    from .inputs import display_path

    return "\n".join(display_path(line) for line in text.split("\n"))


def silence_stdout() -> None:
    """After a write to stdout failed: send what is still buffered to /dev/null, so that the
    interpreter's last flush does not print an error of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. under CliRunner)
        pass


def load(spec_path, example):
    """The spec of a SPEC argument or an --example option (exactly one of them): symbp.load, symbp.example."""
    from . import api

    from .key_sniff import loaded_or_named

    if (spec_path is None) == (example is None):
        raise click.UsageError("give a SPEC file or --example NAME (one of them)")
    if example:
        return api.example(example)
    # a worksheet's answers.json, a .tex, an answers file: named for what it is (key_sniff.py)
    return loaded_or_named(spec_path, "network", lambda: api.load(spec_path))


def pdf_request(output: Path | None, pdf: bool) -> tuple[Path | None, bool]:
    """-o FILE.pdf means: the LaTeX in FILE.tex, compiled into FILE.pdf."""
    from .api.files import pdf_request as request

    return request(output, pdf)


def output_format(fmt, output, pdf: bool = False, extensions: dict | None = None) -> str:
    """The output format: --pdf needs LaTeX; else --format; else -o's extension; else text."""
    from .api.files import format_for

    if extensions is None:
        from .render import EXTENSIONS as extensions
    return format_for(Path(output) if output else None, fmt, pdf, extensions)


def emit(document, fmt: str, output: Path | None, pdf: bool, default_tex: Path) -> None:
    """A solution or report (`to(fmt)`, `save(...)`) to stdout, to -o FILE, or as .tex + .pdf."""
    if pdf or output:
        target = output or default_tex
        from .staging import missing_folders

        # (-o a link to a file in a folder not yet made: that folder is made, and said so; the hostile-input tester)
        missing = missing_folders(os.path.realpath(target) if Path(target).is_symlink() else target)
        written = document.save(target, format=fmt, pdf=pdf)
        from .output import remember

        remember(written)  # a later failed run on the same input removes them (run_files)
        echo_made(missing, document.locale)  # made before the files written into them
        echo_written(written, document.locale)
        return
    text = document.to(fmt)
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has all it wants
        silence_stdout()
        raise Stopped("", BROKEN_PIPE) from None


def own_files() -> list:
    """symbp's own files as inputs of every run (`staging.reading`): its templates, catalogues and examples."""
    from .resources import examples_dir, templates_dir

    return [(templates_dir(), "one of symbp's own files", "templates"), (examples_dir(), "one of symbp's own files", True)]


def templates_input(templates_dir) -> list:
    """A --templates folder as an input of the run (`staging.reading`): its templates and catalogues."""
    if templates_dir is None or not os.path.isdir(templates_dir):
        return []
    return [(templates_dir, "a template or catalogue of the --templates folder", "templates")]


@contextmanager
def run_files(inputs, outputs=(), source: str | None = None, what: str = "output"):
    """A command's run: no output may be one of its `inputs` (`staging.reading`: refused before any
    work, exit 2, naming the option); with `source` (what -o's file is made from: "check <answers>"),
    its -o files are remembered when written, and when the run fails (exit code 2, 3 or 70, not for
    its output) the -o files an earlier run made from the same source are removed, and said so on
    stderr (`output.withdraw`): an earlier `what` must not pass for this run's; a file symbp cannot
    tell it wrote is left as it was, and said so too."""
    from .errors import OutputError
    from .output import made_from
    from .staging import reading

    with reading(inputs, outputs), made_from(source):
        try:
            yield
        except (SymbpError, Stopped) as error:
            if source is not None and error.exit_code in (2, 3) and not isinstance(error, OutputError):
                _withdrawn(outputs, what)
            raise
        except Exception as error:  # an internal error (exit 70) fails the run too; a file that cannot be written does not
            if source is not None and not isinstance(error, OSError):
                _withdrawn(outputs, what)
            raise


def _withdrawn(outputs, what: str) -> None:
    from .output import withdraw

    files = [path for option, path, *folder in outputs if option == "-o" and not any(folder)]
    removed, left = withdraw(files)
    echo_withdrawn(removed, left, what)


def withdraw_after_usage_error(command: str, params: dict) -> None:
    """The -o files an earlier run of `command` made from the same input, removed after this run's usage error
    (`run_files` does so after a refused input): derive's worked solution, check's report of one file."""
    from .output import made_from, withdraw

    output, pdf = params.get("output"), bool(params.get("pdf"))
    if output is None or str(output) == "-":
        return
    if command == "derive":  # (SPEC and --example both given: an earlier run's file of either goes)
        example, spec = params.get("example"), params.get("spec")
        source, what = tuple(s for s in (source_of("derive", spec), example and f"derive example {example}") if s), \
            "worked solution"
    elif command == "check" and params.get("paths") and not os.path.isdir(params["paths"][-1]):
        source, what = source_of("check", params["paths"][-1]), "report"
    else:
        return
    if not source:
        return
    from .staging import inputs_only

    inputs = [(params.get("spec"), "the spec"), *((path, "an answers file") for path in params.get("paths") or ()),
              (params.get("key_path"), "the key"), *templates_input(params.get("templates_dir"))]
    with made_from(source), inputs_only(inputs):  # (an input of the run is never removed: withdraw)
        removed, left = withdraw([path for _, path in output_targets(output, pdf)])
    echo_withdrawn(removed, left, what)


@contextmanager
def class_reports_withdrawn(out: Path):
    """A class's `check --out DIR` run: when it fails (exit code 2 or 3, not for its output), the reports and
    grades.csv an earlier run wrote into DIR (its .symbp-reports lists them, still exactly as written; a PDF
    compiled beside such a .tex) are removed with that record, and said so in one line: they were marks of
    another run, and passed for this one's (the hostile-input tester of stop 65: a key refused as edited, or a
    folder emptied, left the earlier grades.csv and ada.txt in place, unmentioned)."""
    from .errors import OutputError

    before = _record_identity(out)
    try:
        yield
    except (SymbpError, Stopped) as error:  # (not once this run has saved its reports: its record is another file,
        # even where its bytes are the same, and a stop while its PDFs compile leaves its own .tex, stop 48's test)
        if error.exit_code in (2, 3) and not isinstance(error, OutputError) and _record_identity(out) == before:
            withdraw_class_reports(out)
        raise


def _record_identity(out: Path) -> tuple | None:
    """The record file itself (a save moves a new one in: another inode), or None."""
    from .export_record import REPORTS

    try:
        found = os.stat(out / REPORTS, follow_symlinks=False)
    except OSError:
        return None
    return found.st_dev, found.st_ino, found.st_mtime_ns, found.st_size


def withdraw_class_reports(out: Path) -> None:
    """The reports and grades.csv an earlier run wrote into `out` removed, in one line (class_reports_withdrawn)."""
    from .export_record import REPORTS, earlier
    from .inputs import display_path
    from .staging import Batch

    found, changed = earlier(out, REPORTS)
    if not found:
        return
    gone: list = []
    try:
        with Batch() as batch:
            for old in found:
                batch.remove(old.path, expect=(out, old.parts, old.identity), then=gone.append)
                pdf = old.path.with_suffix(".pdf")
                if old.path.suffix == ".tex" and pdf.is_file() and not pdf.is_symlink():
                    batch.remove(pdf, then=gone.append)  # (compiled from it beside it: not recorded)
            record = out / REPORTS
            if not changed and record.is_file() and not record.is_symlink():  # (a report edited since stays
                batch.remove(record)  # listed: the next run may write it again, as before)
            batch.commit()
    except (OSError, SymbpError):  # (nothing removed: the run's own error is what is told)
        return
    reports = {path.stem for path in gone if path.name != "grades.csv"}  # (a .tex and its .pdf: one report)
    if gone:
        grades = "grades.csv and " if len(reports) < len(gone) else ""
        click.echo(f"symbp: removed {grades}{len(reports)} report{'s' if len(reports) != 1 else ''} of an earlier run "
                   f"from {display_path(out)} (this run marked nothing)", err=True)


def echo_withdrawn(removed, left, what: str) -> None:
    """After a failed run: a line for each -o file removed (an earlier run's `what` of the same input)
    and for each left as it was (not this run's)."""
    from .inputs import display_path

    for path in removed:
        click.echo(f"symbp: removed {display_path(path)}, the {what} of an earlier run (this run made none)", err=True)
    for path in left:
        click.echo(f"symbp: left {display_path(path)} as it was: it is not this run's {what}", err=True)


def source_of(command: str, path) -> str | None:
    """What a command's -o file is made from, for `run_files`: the command and the input's real path
    (None for stdin: nothing to tell an earlier run's output by)."""
    from .inputs import is_stdin

    if path is None or is_stdin(path):
        return None
    try:
        return f"{command} {os.path.realpath(path)}"
    except (OSError, ValueError):
        return None


def output_targets(output, pdf: bool, option: str = "-o") -> list:
    """The files -o FILE writes, as `run_files`'s outputs: FILE, and with a PDF the .tex and the .pdf."""
    if output is None:
        return []
    from .api.files import pdf_beside, pdf_request as request

    tex, pdf = request(Path(output), pdf)
    return [(option, tex), *([(option, pdf_beside(tex))] if pdf else [])]


def echo_made(folders, locale: str) -> None:
    """One line on stderr for each folder a run made (output.py; `missing_folders`), the folder an
    option names included, so that a mistyped folder does not go unseen."""
    from .i18n import message, use
    from .inputs import display_path

    with use(locale):
        for folder in dict.fromkeys(folders):
            click.echo(message("progress.made_folder", folder=display_path(folder)), err=True)


def warn_unconfined_tex(templates_dir, pdf: bool, locale: str | None) -> None:
    """One line on stderr when a course's template folder's LaTeX is compiled by a pdflatex that
    runs without a sandbox here (render/tex_sandbox.py): it could embed any file into the PDF."""
    if templates_dir is None or not pdf:
        return  # symbp's own templates are trusted
    from .i18n import message, use
    from .render.tex_sandbox import available

    if not available():
        with use(locale):
            click.echo(f"symbp: {message('progress.unconfined_tex')}", err=True)


def echo_written(paths, locale: str, joiner: str | None = None) -> None:
    """The progress message "wrote FILES" (on stderr) in the run's language, the files joined by
    `joiner` (default: the language's " and ")."""
    from .i18n import message, use
    from .inputs import display_path

    with use(locale):
        joiner = joiner or message("progress.and")
        click.echo(message("progress.wrote", files=joiner.join(display_path(p) for p in paths)), err=True)


def echo_removed(paths, locale: str) -> None:
    """One line on stderr for each earlier export a run removed (export_record.py)."""
    from .i18n import message, use
    from .inputs import display_path

    with use(locale):
        for path in paths:
            click.echo(message("progress.removed", file=display_path(path)), err=True)
        for path in getattr(paths, "kept", ()):
            click.echo(message("progress.kept", file=display_path(path)), err=True)
