"""Parameter types shared by the commands (only click and the standard library are imported)."""

from __future__ import annotations

import os
from pathlib import Path

import click


class SymbpCommand(click.Command):
    """A subcommand whose usage errors know it: click's parser raises "option '--out' requires an
    argument" with no context, so the one-line message could not point to this command's --help."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            if error.ctx is None:
                error.ctx = click.Context(self, info_name=info_name, parent=parent)
            raise


class WholeNumberRange(click.IntRange):
    """click.IntRange named as the messages name it: `--seed x` is "'x' is not a valid whole number",
    not click's "not a valid integer range" (a range is what the option has, not what was typed)."""

    name = "whole number"


class FiniteFloatRange(click.FloatRange):
    """click.FloatRange that also refuses nan, which compares False with every bound and so
    passes FloatRange's own checks (and is named "number", not click's "float range")."""

    name = "number"

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx) if not _lost_to_float(value) else None
        if number is None:  # 1e-400 is 0.0 and 1e400 inf in a float: named as typed, not as "0.0"
            self.fail(f"{value!r} is not in the range {self._describe_range()}", param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


def _lost_to_float(value) -> bool:
    """Whether a typed number becomes 0 or infinite only as a float (1e-400, 1e400)."""
    if not isinstance(value, str):
        return False
    try:
        number = float(value)
    except ValueError:
        return False
    text = value.strip().lower().lstrip("+-")
    if number == 0:
        mantissa = text.split("e")[0]
        return any(digit in "123456789" for digit in mantissa)
    return number in (float("inf"), float("-inf")) and not text.startswith("inf")


class HintedChoice(click.Choice):
    """click.Choice whose refusal of a value that is made another way says how
    (`--format pdf`: a PDF is made by -o FILE.pdf or --pdf)."""

    def __init__(self, choices, hints: dict):
        super().__init__(choices)
        self.hints = hints

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as error:
            hint = self.hints.get(str(value).lower())
            if hint is not None:
                error.message = f"{error.message.rstrip('.')}; {hint}"
            raise


class OutputFile(click.Path):
    """click.Path of a FILE to write that refuses a name ending in / (or /., /..): that names a folder,
    and pathlib would drop the slash and write the file `D/y.txt/` meant as a folder (exit 2)."""

    def __init__(self, **options):
        super().__init__(path_type=Path, **options)

    def convert(self, value, param, ctx):
        text = os.fsdecode(value) if isinstance(value, (str, bytes)) else ""
        _refuse_empty(self, value, param, ctx, "FILE")
        if text and text.replace(os.sep, "/").rsplit("/", 1)[-1] in ("", ".", ".."):
            self.fail(f"{text!r} names a folder (a FILE name cannot end in /, /. or /..)", param, ctx)
        if text == "-":  # (a file named "-" was written, where "-" as the input means standard input)
            self.fail("'-' is no file name here: leave the option out to write to standard output", param, ctx)
        return super().convert(value, param, ctx)


class GivenPath(click.Path):
    """click.Path that refuses an empty name: pathlib reads '' as '.', so an unset shell variable (`--out "$DIR"`)
    wrote a sheet's files into the current folder, and `--templates ''` took it as the template folder.
    `what`: what the message calls it (folder, spec file, …)."""

    def __init__(self, what: str = "folder", **options):
        options.setdefault("path_type", Path)
        super().__init__(**options)
        self.what = what

    def convert(self, value, param, ctx):
        _refuse_empty(self, value, param, ctx, self.what)
        return super().convert(value, param, ctx)


def _refuse_empty(path_type: click.Path, value, param, ctx, what: str) -> None:
    if isinstance(value, (str, bytes)) and not value:  # (pathlib reads '' as '.', the current folder)
        path_type.fail(f"an empty {what} name", param, ctx)


def _check_locale(ctx, param, value):
    if value is None:
        return None
    from .i18n import available

    if value not in available():
        raise click.BadParameter(f"expected one of: {', '.join(available())}; got {value!r}")
    return value


def locale_option(what: str, default: str = "the spec's locale key"):
    """--locale CODE: the language of `what` (checked against the catalogues in templates/i18n/);
    `default` says where it comes from when the option is not given (else English)."""
    return click.option("--locale", metavar="CODE", callback=_check_locale,
                        help=f"Language of {what}: en, de or fr (default: {default}, else en); "
                             "numbers take its decimal mark.")
