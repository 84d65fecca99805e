"""What the commands share: a failure in one line, the spec a SPEC argument or --example names, the
output format and file, writing a document out, and the progress lines ("wrote FILES").

In:  a command's arguments and the document it made (a solution or report: `to(fmt)`, `save(...)`).
Out: the document on stdout or in its files; one line on stderr for a failure (exit code of the error).
"""

from __future__ import annotations

import os
import sys
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

        missing = missing_folders(target)
        written = document.save(target, format=fmt, pdf=pdf)
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
