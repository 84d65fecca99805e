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
