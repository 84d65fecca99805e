"""How a message names a caller's option: the command line's word (--format, --variant) when the
`symbp` command runs, the Python API's word (format=, variant=) otherwise.

In:  an option's name in the registry OPTIONS (and a value for `setting`).
Out: its word for the caller now running: cli.py's group runs every command inside `command_line()`.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

# option -> (the command line's word, the Python API's word)
OPTIONS = {
    "format": ("--format", "format="),
    "variant": ("--variant", "variant="),
    "out": ("--out", "folder"),
    "example": ("--example", "symbp.example"),
    "no_carry": ("--no-carry", "carry=False"),
    "round_intermediate": ("--round-intermediate", "round_intermediate=True"),
    "detail": ("--detail", "detail="),
    "answers_template": ("`symbp derive SPEC --format answers-template`", '`symbp.derive(spec).to("answers-template")`'),
    "worksheet_template": ("the worksheet's answers-template.toml", "the worksheet's answers-template.toml"),
    "key": ("--key answers.json", 'symbp.load_key("answers.json")'),
    "templates": ("--templates", "templates"),
    "first_variant": ("--first-variant", "first_variant"),
    "variants": ("-n", "variants="),
    "moodle": ("--moodle", "moodle="),
    "prairielearn": ("--prairielearn", "prairielearn="),
    "csv": ("--csv", "csv="),
}
_ON_COMMAND_LINE: ContextVar[bool] = ContextVar("symbp_command_line", default=False)


@contextmanager
def command_line():
    """Messages made inside name the command line's options."""
    token = _ON_COMMAND_LINE.set(True)
    try:
        yield
    finally:
        _ON_COMMAND_LINE.reset(token)


def on_command_line() -> bool:
    """Whether the `symbp` command runs (else the Python API)."""
    return _ON_COMMAND_LINE.get()


def option(name: str) -> str:
    """The option's word for the caller now running: --format on the command line, format= in Python."""
    return OPTIONS[name][0 if _ON_COMMAND_LINE.get() else 1]


def setting(name: str, value: str) -> str:
    """The option set to `value`: --format tex on the command line, format="tex" in Python."""
    return f"{option(name)} {value}" if _ON_COMMAND_LINE.get() else f'{option(name)}"{value}"'
