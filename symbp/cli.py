"""The command line: a thin shell over the pipeline.  SymPy is imported only inside commands.

`SymbpGroup.main` is where every run ends, whatever happens (README "Limits and exit codes"):
SIGINT and SIGTERM stop the run (pdflatex killed, temporary folders removed, nothing partial
written) with exit code 130 or 143; a run past its time budget stops with exit code 2; an error
that is nobody's input is one line (exit code 70) — no traceback reaches a user (set SYMBP_DEBUG=1
to see it).
"""

from __future__ import annotations

import errno
import io
import os
import re
import signal
import sys
import threading
from contextlib import contextmanager

import click

from . import __version__
from .cli_shared import BROKEN_PIPE, one_message, silence_stdout
from .cli_types import WholeNumberRange
from .errors import SpecError, Stopped, TimeBudgetExceeded, interrupted

DEFAULT_TIME_LIMIT = 600  # seconds: every command's budget (README "Limits and exit codes")
MAX_TIME_LIMIT = 86_400
INTERNAL_ERROR = 70  # sysexits' EX_SOFTWARE: a bug in symbp, reported in one line
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class State:
    """Options shared by subcommands."""

    def __init__(self):
        self.verbose = False


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
        from .time_budget import armed

        _on_time_budget.seconds = seconds
        signal.signal(signal.SIGALRM, _on_time_budget)
        armed(_on_time_budget)  # (the timer a class's marking may divide: time_budget.share)
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


class _Closed(io.RawIOBase):
    """A standard stream the shell closed (`>&-`, `<&-`: Python's sys.stdout is None): every use is the
    OSError (EBADF) any program meets there — "cannot write the output", "standard input is closed"."""

    def __init__(self, what: str):
        super().__init__()
        self.what = what

    def _closed(self, *args):
        raise OSError(errno.EBADF, f"standard {self.what} is closed")

    readinto = write = read = readline = _closed

    def flush(self):  # (nothing was written: Python's own flush at exit finds nothing to fail on)
        pass

    @property
    def buffer(self):
        return self


def _closed_streams() -> None:
    """A closed standard stream made one that fails as closed files do (exit 2, not "internal error");
    a closed stderr takes the messages nowhere, the exit code still says what happened."""
    if _closed(sys.stdin, 0):
        sys.stdin = _Closed("input")
    if _closed(sys.stdout, 1):
        sys.stdout = _Closed("output")
    if _closed(sys.stderr, 2):
        sys.stderr = open(os.devnull, "w", encoding="utf-8")


def _closed(stream, fd: int) -> bool:
    """Whether a standard stream is closed: None (closed before Python started), its descriptor gone, or
    the descriptor a file opened since took that number, the wrong way round (bash's `2>&-` under a
    launcher script: fd 2 is the script, open for reading, and every write to stderr fails)."""
    if stream is None:
        return True
    try:
        if stream.fileno() != fd:
            return False
        import fcntl
    except (ImportError, OSError, ValueError, AttributeError):  # (a capture with no descriptor; Windows)
        return False
    try:
        mode = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
    except OSError:  # (the descriptor gone)
        return True
    return mode == (os.O_WRONLY if fd == 0 else os.O_RDONLY)


class SymbpGroup(click.Group):
    """The `symbp` group: runs a command and turns every way it can end into an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from .option_words import command_line

        if not standalone_mode:
            with command_line():
                return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        _closed_streams()
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
            click.echo(f"symbp: {one_message(usage_line(error))}", err=True)
            self._withdraw(args, prog_name)
            return error.exit_code
        except click.ClickException as error:
            error.show()
            return error.exit_code
        except Stopped as stop:
            if str(stop):
                click.echo(f"symbp: {stop}", err=True)
            return stop.exit_code
        except BrokenPipeError:
            silence_stdout()
            return BROKEN_PIPE
        except OSError as error:  # e.g. stdout on a full disk
            silence_stdout()
            click.echo(f"symbp: cannot write the output: {error.strerror or error}", err=True)
            return SpecError.exit_code
        except MemoryError:
            click.echo("symbp: out of memory (the input asks for more than this machine has)", err=True)
            return SpecError.exit_code
        except Exception as error:  # a bug: one line, never a traceback (SYMBP_DEBUG=1 shows it)
            if os.environ.get("SYMBP_DEBUG"):
                raise
            text = str(error).splitlines()[0][:200] if str(error) else ""
            click.echo(f"symbp: internal error ({type(error).__name__}{': ' + one_message(text) if text else ''}); "
                       "please report it with the input that caused it", err=True)
            return INTERNAL_ERROR

    def _withdraw(self, args, prog_name) -> None:
        """After a usage error (--digits 0, --detail bogus), the -o files an earlier run made from the same
        input are removed, as after a refused spec (cli_shared.run_files; the hostile-input hunter's MEDIUM
        of stop 56: an earlier run's report stayed, passing for this run's): the command line read again
        leniently (click's resilient parsing: a value it cannot take is left out) for -o and the input."""
        from .cli_shared import withdraw_after_usage_error

        try:
            args = [str(arg) for arg in (sys.argv[1:] if args is None else args)]
            at = next((i for i, arg in enumerate(args) if arg in self.commands), None)  # (after --time-limit N)
            if at is None:
                return
            name, command = args[at], self.commands[args[at]]
            known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
            # (an option it does not know, --bogus, left out: resilient parsing would stop at it)
            rest = [arg for arg in args[at + 1:] if not (arg.startswith("-") and len(arg) > 1 and
                    arg.split("=", 1)[0] not in known and arg[:2] not in known and not _number_like(arg))]
            with click.Context(self, info_name=prog_name, resilient_parsing=True) as ctx:
                with command.make_context(name, rest, parent=ctx, resilient_parsing=True) as sub:
                    params = dict(sub.params)
            withdraw_after_usage_error(name, params)
        except Exception:  # (a command line too broken to read again, an -o symbp cannot use: nothing withdrawn)
            return


def _number_like(arg: str) -> bool:
    try:
        float(arg)
    except ValueError:
        return False
    return True


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
        if isinstance(param.type, click.Path):
            said = f"{_param_name(param)}: {_path_problem(error.message)}"
            folder_for = _FOLDER_OPTIONS.get((getattr(getattr(error.ctx, "command", None), "name", ""), param.name))
            return f"{said[:-1]}; {folder_for})" if folder_for and said.endswith("(expected a file)") else said
        text = f"{_param_name(param)}: {error.message}"
    else:
        text = error.format_message().replace(". (", " (")  # click's "No such option '--x'. (Did you mean …?)"
        text = text[:1].lower() + text[1:]
    text = " ".join(text.split()).rstrip(".")
    command = getattr(error.ctx, "command_path", "") or "symbp"
    return f"{text} (see '{command} --help')"


# click's words for a path option's file, in the words symbp's own messages use ("adir: is a folder (expected
# a TOML spec file)"): "Directory 'x' is a file." -> "x: is a file (expected a folder)"
_CLICK_PATH = re.compile(r"^(?P<kind>File|Directory|Path) (?P<quote>['\"])(?P<path>.*)(?P=quote) (?P<problem>.*?)\.?$",
                         re.DOTALL)
_PATH_PROBLEMS = {"does not exist": "no such {what}", "is a file": "is a file (expected a folder)",
                  "is a directory": "is a folder (expected a file)", "is not readable": "not readable (permission denied)",
                  "is not writable": "not writable (permission denied)"}
_PATH_WHAT = {"File": "file", "Directory": "folder", "Path": "file or folder"}
# (command, a file option) -> what a folder given to it was likely meant for
_FOLDER_OPTIONS = {("check", "output"): "-o writes one report; --out DIR writes one per file when marking a folder"}


def _path_problem(message: str) -> str:
    """click's message on a path option's file in symbp's words, or as click wrote it."""
    match = _CLICK_PATH.match(message)
    problem = _PATH_PROBLEMS.get(match.group("problem")) if match else None
    if problem is None:
        return message
    return f"{match.group('path')}: {problem.format(what=_PATH_WHAT[match.group('kind')])}"


def _param_name(param: click.Parameter) -> str:
    """How the command line spells a parameter: -n/--variants for an option, SPEC for an argument."""
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    return param.human_readable_name


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


# the commands: name -> (module, function), each in a module of its own that imports only click at module level
COMMANDS = {"derive": ("derive_cli", "derive"), "check": ("check_cli", "check"), "worksheet": ("worksheet_cli", "worksheet")}


def _register_commands() -> None:
    from importlib import import_module

    for name, (module, function) in COMMANDS.items():
        main.add_command(getattr(import_module(f".{module}", __package__), function), name)


_register_commands()
