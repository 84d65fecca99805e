"""The command line: a thin shell over the pipeline.  SymPy is imported only inside commands.

`SymbpGroup.main` is where every run ends, whatever happens (README "Limits and exit codes"):
SIGINT and SIGTERM stop the run (pdflatex killed, temporary folders removed, nothing partial
written) with exit code 130 or 143; a run past its time budget stops with exit code 2; an error
that is nobody's input is one line (exit code 70) — no traceback reaches a user (set SYMBP_DEBUG=1
to see it).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .cli_types import OutputFile, SymbpCommand, WholeNumberRange, locale_option
from .errors import SpecError, Stopped, SymbpError, TimeBudgetExceeded, interrupted

FORMAT_NAMES = ["text", "md", "tex", "json", "answers-template", "ipynb"]
DEFAULT_TIME_LIMIT = 600  # seconds: every command's budget (README "Limits and exit codes")
MAX_TIME_LIMIT = 86_400
INTERNAL_ERROR = 70  # sysexits' EX_SOFTWARE: a bug in symbp, reported in one line
BROKEN_PIPE = 128 + 13  # the reader of stdout went away (as if killed by SIGPIPE)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class State:
    """Options shared by subcommands."""

    def __init__(self):
        self.verbose = False


def fail(error: SymbpError) -> None:
    click.echo(f"symbp: {_one_message(str(error))}", err=True)
    sys.exit(error.exit_code)


def _one_message(text: str) -> str:
    """A message made safe for a terminal: control characters (ANSI/OSC escapes) shown escaped."""
    from .inputs import display_path

    return "\n".join(display_path(line) for line in text.split("\n"))


# ---- signals and the time budget ----------------------------------------------------------------
def _stop_running_programs() -> None:
    pdf = sys.modules.get("symbp.render.pdf")
    if pdf is not None:
        pdf.stop_all()


def _on_stop_signal(signum, frame):
    for other in STOP_SIGNALS:  # a second Ctrl-C must not interrupt the clean-up of the first
        signal.signal(other, signal.SIG_IGN)
    _stop_running_programs()
    raise interrupted(signum)


def _on_time_budget(signum, frame):
    _stop_running_programs()
    seconds = getattr(_on_time_budget, "seconds", DEFAULT_TIME_LIMIT)
    raise TimeBudgetExceeded(f"stopped after {seconds:g} s, the time budget (allow more with --time-limit SECONDS)")


def set_time_budget(seconds: float) -> None:
    """Start (or restart) the run's time budget: SIGALRM after `seconds` stops the run."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        _on_time_budget.seconds = seconds
        signal.signal(signal.SIGALRM, _on_time_budget)
        signal.setitimer(signal.ITIMER_REAL, seconds)


@contextmanager
def _guarded():
    """SIGINT/SIGTERM handlers for the run (main thread only), restored afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in (*STOP_SIGNALS, signal.SIGALRM)}
    for s in STOP_SIGNALS:
        signal.signal(s, _on_stop_signal)
    try:
        yield
    finally:
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        pdf = sys.modules.get("symbp.render.pdf")
        if pdf is not None:
            pdf.reset()


def _silence_stdout() -> None:
    """After a write to stdout failed: send what is still buffered to /dev/null, so that the
    interpreter's last flush does not print an error of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. under CliRunner)
        pass


class SymbpGroup(click.Group):
    """The `symbp` group: runs a command and turns every way it can end into an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from .option_words import command_line

        if not standalone_mode:
            with command_line():
                return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        with _guarded(), command_line():
            code = self._run(args, prog_name, complete_var, **extra)
        sys.exit(code)

    def _run(self, args, prog_name, complete_var, **extra) -> int:
        try:
            try:
                result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
                sys.stdout.flush()
                return result if isinstance(result, int) else 0
            finally:
                if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
                    signal.setitimer(signal.ITIMER_REAL, 0)
        except SystemExit as exit_:
            return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except click.exceptions.Abort:  # click's name for a KeyboardInterrupt it saw first
            return 128 + signal.SIGINT
        except click.exceptions.NoArgsIsHelpError as error:  # `symbp` alone: the help on stdout, as --help
            click.echo(error.ctx.get_help(), color=error.ctx.color)
            return 0
        except click.UsageError as error:  # one line naming the option, not click's four
            click.echo(f"symbp: {_one_message(usage_line(error))}", err=True)
            return error.exit_code
        except click.ClickException as error:
            error.show()
            return error.exit_code
        except Stopped as stop:
            if str(stop):
                click.echo(f"symbp: {stop}", err=True)
            return stop.exit_code
        except BrokenPipeError:
            _silence_stdout()
            return BROKEN_PIPE
        except OSError as error:  # e.g. stdout on a full disk
            _silence_stdout()
            click.echo(f"symbp: cannot write the output: {error.strerror or error}", err=True)
            return SpecError.exit_code
        except MemoryError:
            click.echo("symbp: out of memory (the input asks for more than this machine has)", err=True)
            return SpecError.exit_code
        except Exception as error:  # a bug: one line, never a traceback (SYMBP_DEBUG=1 shows it)
            if os.environ.get("SYMBP_DEBUG"):
                raise
            text = str(error).splitlines()[0][:200] if str(error) else ""
            click.echo(f"symbp: internal error ({type(error).__name__}{': ' + _one_message(text) if text else ''}); "
                       "please report it with the input that caused it", err=True)
            return INTERNAL_ERROR


def usage_line(error: click.UsageError) -> str:
    """A usage error in one short line naming the option or argument (and where the help is), e.g.
    `-n/--variants: 0 is not in the range 1<=x<=1000 (see 'symbp worksheet --help')`; the file or
    folder given to a path option is the input's problem, not the command line's: no help pointer."""
    param = getattr(error, "param", None)
    if isinstance(error, click.MissingParameter):
        name = error.param_hint or (_param_name(param) if param is not None else "")
        text = f"missing {param.param_type_name if param is not None else 'parameter'} {name}".rstrip()
    elif isinstance(error, (click.NoSuchOption, click.exceptions.NoSuchCommand)):  # one "did you mean" style
        from .errors import did_you_mean

        unknown = error.option_name if isinstance(error, click.NoSuchOption) else error.command_name
        close = error.possibilities or []
        if isinstance(error, click.NoSuchOption):  # click's likeness counts the two dashes: --bogus ~ --out
            close = [c for c in close if did_you_mean(unknown.lstrip("-"), [c.lstrip("-")])]
        text = f"no such {'option' if isinstance(error, click.NoSuchOption) else 'command'} {unknown!r}" \
               f"{did_you_mean(unknown, (), close)}"
    elif isinstance(error, click.BadParameter) and param is not None:
        text = f"{_param_name(param)}: {error.message}"
        if isinstance(param.type, click.Path):
            return text
    else:
        text = error.format_message().replace(". (", " (")  # click's "No such option '--x'. (Did you mean …?)"
        text = text[:1].lower() + text[1:]
    text = " ".join(text.split()).rstrip(".")
    command = getattr(error.ctx, "command_path", "") or "symbp"
    return f"{text} (see '{command} --help')"


def _param_name(param: click.Parameter) -> str:
    """How the command line spells a parameter: -n/--variants for an option, SPEC for an argument."""
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    return param.human_readable_name


def load(spec_path, example):
    """The spec of a SPEC argument or an --example option (exactly one of them): symbp.load, symbp.example."""
    from . import api

    if (spec_path is None) == (example is None):
        raise click.UsageError("give a SPEC file or --example NAME (one of them)")
    return api.example(example) if example else api.load(spec_path)


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


@click.group(cls=SymbpGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="symbp")
@click.option("--time-limit", type=WholeNumberRange(1, MAX_TIME_LIMIT), default=DEFAULT_TIME_LIMIT, show_default=True,
              metavar="SECONDS", help="Stop any command that runs longer than this (exit code 2).")
@click.pass_context
def main(ctx, time_limit):
    """symbp: worked, verified backpropagation solutions for small neural networks.

    \b
    Examples:
      symbp derive --example nn231              worked solution in the terminal
      symbp derive net.toml -o output/net.tex --pdf
      symbp worksheet --example nn231 --variants 30 --seed 1 --pdf
      symbp check net.toml my-answers.toml
    """
    ctx.obj = State()
    set_time_budget(time_limit)


LARGE = 20_000  # quantities: a solution this large is left to the operating system to free at exit


@main.command(cls=SymbpCommand)
@click.argument("spec", required=False, type=click.Path(dir_okay=True, path_type=Path))
@click.option("--example", metavar="NAME", help="Use a built-in example instead of a SPEC file.")
@click.option("--list-examples", is_flag=True, help="List the built-in examples and exit.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES), help="Output format (default: from -o's extension, else text).")
@click.option("-o", "--output", type=OutputFile(dir_okay=False), help="Write to FILE instead of stdout (the format follows its extension; FILE.pdf: LaTeX compiled to PDF).")
@click.option("--digits", type=WholeNumberRange(1, 15), default=4, show_default=True, help="Significant digits of rounded values.")
@click.option("--round-intermediate", is_flag=True, help="Round every shown value to --digits and carry the rounded value on, as with a calculator.")
@click.option("--detail", type=click.Choice(["auto", "neuron", "matrix", "table"]), default="auto", show_default=True,
              help="neuron: a line per neuron; matrix: vector form; table: later steps as a table; auto: by size.")
@click.option("--pdf", is_flag=True, help="Also compile the LaTeX into a PDF (needs latexmk or pdflatex).")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of templates that override the built-in ones by name.")
@locale_option("the worked solution")
def derive(spec, example, list_examples, fmt, output, digits, round_intermediate, detail, pdf, templates_dir, locale):
    """Work out a network's (or a computational graph's) backpropagation step by step.

    \b
    Examples:
      symbp derive examples/nn231.toml
      symbp derive --example nn231 --format json
      symbp derive net.toml -o output/net.tex --pdf
      symbp derive --example graph-neuron --format md
      symbp derive --example nn231 --locale de -o output/nn231-de.pdf
    """
    from . import api

    try:
        if list_examples:
            for name in api.list_examples():
                click.echo(name)
            return
        spec_obj = load(spec, example)
        output, pdf = pdf_request(output, pdf)
        fmt = output_format(fmt, output, pdf)  # a bad combination of options is refused before any work
        if output is not None:  # a file that cannot be written is refused before the derivation, too
            from .output import check_writable

            from .api.files import pdf_beside

            check_writable([output, *([pdf_beside(output)] if pdf else [])])
        from .collector import paused
        from .inputs import in_spec_file
        from .sympy_cache import of_spec

        # a large network's millions of objects, never scanned for cycles (the process ends soon); SymPy's work for this
        # architecture from the cache (a network's: a graph's is worked out every time)
        with paused(final=True), of_spec(spec_obj._spec):
            solution = in_spec_file(spec, lambda: api.derive(spec_obj, digits, round_intermediate=round_intermediate,
                                                             detail=detail, templates=templates_dir, locale=locale))
            emit(solution, fmt, output, pdf, Path("output") / f"{spec_obj.name}.tex")
        if len(getattr(solution._internal, "values", ())) > LARGE:
            from . import evaluate
            from .collector import outlive

            outlive(solution, evaluate._PROGRAMS)  # the process ends soon: not freed one by one
    except SymbpError as error:
        fail(error)


def emit(document, fmt: str, output: Path | None, pdf: bool, default_tex: Path) -> None:
    """A solution or report (`to(fmt)`, `save(...)`) to stdout, to -o FILE, or as .tex + .pdf."""
    if pdf or output:
        written = document.save(output or default_tex, format=fmt, pdf=pdf)
        echo_written(written, document.locale)
        return
    text = document.to(fmt)
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has all it wants
        _silence_stdout()
        raise Stopped("", BROKEN_PIPE) from None


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


def _register_subcommands() -> None:
    """Subcommands that live in their own modules (each imports only click at module level)."""
    from .check_cli import check
    from .worksheet_cli import worksheet

    main.add_command(check)
    main.add_command(worksheet)


_register_subcommands()
