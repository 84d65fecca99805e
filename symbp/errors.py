"""Errors that the command line turns into a short message and an exit code."""


class SymbpError(Exception):
    """Base class: a message meant for the user, and the exit code that goes with it."""

    exit_code = 1


class SpecError(SymbpError):
    """Bad input: a spec or answers file that cannot be used.  Exit code 2."""

    exit_code = 2

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


class VerificationError(SymbpError):
    """The independent check disagreed with the exact engine.  Exit code 3."""

    exit_code = 3


class ToolMissingError(SymbpError):
    """An external program (pdflatex, latexmk) is needed but not installed."""

    exit_code = 4
