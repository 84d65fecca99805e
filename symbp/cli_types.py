"""Parameter types shared by the commands (only click is imported)."""

from __future__ import annotations

import click


class FiniteFloatRange(click.FloatRange):
    """click.FloatRange that also refuses nan, which compares False with every bound and so
    passes FloatRange's own checks."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


def _check_locale(ctx, param, value):
    if value is None:
        return None
    from .i18n import available

    if value not in available():
        raise click.BadParameter(f"expected one of: {', '.join(available())}; got {value!r}")
    return value


def locale_option(what: str):
    """--locale CODE: the language of `what` (checked against the catalogues in templates/i18n/)."""
    return click.option("--locale", metavar="CODE", callback=_check_locale,
                        help=f"Language of {what}: en, de or fr (default: the spec's locale key, else en); "
                             "numbers take its decimal mark.")
