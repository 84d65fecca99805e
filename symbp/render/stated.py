"""A given number as a worked solution or a sheet states it: a spec's value and a printer -> its
text, and whether that text is rounded (then the relation before it is "≈": "α ≈ 0.1000").

`stated`: the value at `digits` by numbers.py's rule (exact when short, else rounded);
`exact_text`: the value exactly as given, for a number the printed lines use but never print
(a leaky ReLU's slope: a reader needs its true value to check LReLU(−2.1) by hand).
A value that does not terminate (1/3) is stated as its fraction.
"""

from __future__ import annotations

from fractions import Fraction

from ..formula import Const
from ..numbers import Shown, exact_string, format_decimal, terminating_digits


def _fraction(value: Fraction, printer) -> str:
    text = printer.print(Const(abs(value)))
    return printer.minus_sign + text if value < 0 else text


def stated(value: Fraction, printer, digits: int) -> tuple[str, bool]:
    """(text, rounded) of a given number stated at `digits` significant digits."""
    if terminating_digits(value) is None:
        return _fraction(value, printer), False
    shown = format_decimal(value, digits)
    return printer.number(shown, parenthesize_negative=False), shown.rounded


def exact_text(value: Fraction, printer) -> str:
    """A given number's exact text, however many digits it has."""
    if terminating_digits(value) is None:
        return _fraction(value, printer)
    return printer.number(Shown(exact_string(value), False), parenthesize_negative=False)


def relation(rounded: bool, fmt: str) -> str:
    """The relation sign before a stated number: "≈" ("\\approx" in LaTeX and Markdown) or "="."""
    if not rounded:
        return "="
    return "≈" if fmt == "text" else r"\approx"


def matrix_relation(values, digits: int, fmt: str = "tex") -> str:
    """The relation sign before a vector or matrix of givens: "≈" where some one of them is printed
    rounded at `digits` (W ≈ [0.1235 …]; a fraction, 1/3, is printed rounded there too), else "="."""
    return relation(any(format_decimal(v, digits).rounded for v in values), fmt)
