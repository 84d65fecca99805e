"""Errors that the command line turns into a short message and an exit code.

Exit codes (README "Limits and exit codes"): 0 success; 1 `check` found a wrong value; 2 bad input
or usage (also: output that cannot be written, a limit exceeded); 3 the independent verification
disagreed; 4 a required program is missing; 5 LaTeX failed; 130 interrupted (SIGINT); 143
terminated (SIGTERM); 141 the reader of stdout went away (SIGPIPE).
"""

import signal


class SymbpError(Exception):
    """Base class: a message meant for the user, and the exit code that goes with it."""

    exit_code = 1


class SpecError(SymbpError):
    """Bad input: a spec or answers file that cannot be used.  Exit code 2."""

    exit_code = 2

    def __init__(self, field: str, message: str):
        if isinstance(field, str) and len(field) > MAX_FIELD_SHOWN:  # a key of 2 MB in a hostile spec: its ends
            field = f"{field[:MAX_FIELD_SHOWN - 60]}…{field[-59:]}"
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


MAX_FIELD_SHOWN = 400  # characters of a field's name a message shows (a path, a key, the two)


def in_file(error: SpecError, source: str) -> SpecError:
    """The error of a field of a spec or answers file, beginning with the file as the user typed
    its path (once): `symbp: net.toml: learning_rate: …`."""
    if str(error).startswith(f"{source}: ") or str(error) == source:
        return error
    message = str(error)[len(error.field) + 2:] if error.field else str(error)
    return SpecError(f"{source}: {error.field}" if error.field else source, message)


def did_you_mean(word, candidates, close: list | None = None, cutoff: float = 0.6) -> str:
    """The one way every message suggests a name: " (did you mean 'x'?)" after what was not found,
    with the closest candidate (difflib's, at least `cutoff` alike; `close`: matches already found,
    best first), or ""."""
    if close is None:
        from difflib import get_close_matches

        candidates = list(candidates)
        same = [c for c in candidates if isinstance(word, str) and isinstance(c, str) and c.lower() == word.lower()]
        close = same or (get_close_matches(word, candidates, n=1, cutoff=cutoff) if isinstance(word, str) else [])  # ("MSE": 'mse')
    return f" (did you mean {close[0]!r}?)" if close else ""


class OutputError(SpecError):
    """An output file or folder that cannot be written (exit code 2), named with the OS's reason."""

    def __init__(self, path, reason: str):
        super().__init__(str(path), reason)


class VerificationError(SymbpError):
    """The independent check disagreed with the exact engine.  Exit code 3."""

    exit_code = 3


class ToolMissingError(SymbpError):
    """An external program (pdflatex, latexmk) is needed but not installed."""

    exit_code = 4


class Stopped(BaseException):
    """The run was stopped from outside (a signal) or ran out of its time budget.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on the way up swallows
    it: every `finally` and context manager still runs (temporary folders removed, pdflatex
    stopped), and the command line exits with `exit_code`, having written nothing partial."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int):
        self.exit_code = exit_code
        super().__init__(message)


def interrupted(signum: int) -> Stopped:
    """The Stopped for a signal: exit code 128 + its number (130 for SIGINT, 143 for SIGTERM)."""
    name = signal.Signals(signum).name
    return Stopped(f"stopped by {name}", 128 + signum)


class TimeBudgetExceeded(Stopped):
    """A command ran past its overall time budget (exit code 2: the input asks too much)."""

    def __init__(self, message: str):
        super().__init__(message, SpecError.exit_code)
