"""The agreement rule of `symbp check` as absolute tolerances, for platforms that compare numbers.

In:  a true value (exact `Fraction` or high-precision mpf) and the sheet's agreement `Rule`.
Out: the `Band`s (centre, absolute tolerance) whose union holds every number the rule accepts.

agreement.py accepts a written number when it is exactly the value, or the value rounded at the
precision it is written with showing at least m = `rule.minimum` significant digits.  A platform
sees only the number, not how it was written, so symbp gives it the widest of those roundings:

    tolerance = half a unit of the m-th significant digit of the value
                (0.29837, m = 3: 0.0005; 0.000439: 0.0000005; exactly 0: 0)

Every accepted number lies within it (a rounding at more digits lies closer).  One case lies
outside: a value just below a power of ten whose rounding at m significant digits reaches it
(0.0996 → 0.100, m = 3); that power of ten is a second, exact band.  A platform cannot see the
digits written, so it also accepts numbers within the tolerance that the rule calls too coarse or
not correctly rounded (0.3 for 0.29999; 0.2988 for 0.29837) — `symbp check` is the finer judge.

A carried key (the sheet tells students to round every value to the sheet's digits and carry it
on) has a second reference per quantity, its carried value: `symbp check` accepts it, since it
follows from the student's own rounded numbers.  A platform gets the carried value's bands as
well (the same rule with the carried value as reference), where they reach beyond the exact
value's (`beyond`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# Digits written for a value that does not terminate: the relative error (≤ 5·10⁻¹⁸) is far
# below the slack of a float comparison (Moodle adds 10⁻¹⁴ relative).
VALUE_DIGITS = 17


@dataclass(frozen=True)
class Band:
    centre: Fraction
    tolerance: Fraction

    def holds(self, number: Fraction) -> bool:
        return abs(number - self.centre) <= self.tolerance


def _exponent(value: Fraction) -> int:
    """floor(log10 |value|) for a nonzero value, exactly."""
    value = abs(value)
    exponent = len(str(value.numerator)) - len(str(value.denominator))
    while Fraction(10) ** exponent > value:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= value:
        exponent += 1
    return exponent


def tolerance(value, rule) -> Fraction:
    """Half a unit of the value's m-th significant digit (m = rule.minimum); 0 for exactly 0."""
    from ..agreement import as_fraction

    exact = as_fraction(value)
    if exact == 0:
        return Fraction(0)
    return Fraction(1, 2) * Fraction(10) ** (_exponent(exact) - rule.minimum + 1)


def bands(value, rule) -> list[Band]:
    """The bands of numbers the rule accepts for `value` (see the module docstring)."""
    from ..agreement import as_fraction

    exact = as_fraction(value)
    main = Band(exact, tolerance(exact, rule))
    if exact == 0:
        return [main]
    power = Fraction(10) ** (_exponent(exact) + 1) * (1 if exact > 0 else -1)
    # the power of ten written with m significant digits: half a unit of its m-th digit
    reach = Fraction(1, 2) * Fraction(10) ** (_exponent(power) - rule.minimum + 1)
    if not main.holds(power) and abs(power - exact) <= reach:
        return [main, Band(power, Fraction(0))]
    return [main]


def beyond(extra: list[Band], accepted: list[Band]) -> list[Band]:
    """The bands of `extra` that are not already inside one of `accepted`."""
    return [band for band in extra
            if not any(abs(band.centre - a.centre) + band.tolerance <= a.tolerance for a in accepted)]


def plain_number(value: Fraction, digits: int = VALUE_DIGITS) -> str:
    """A decimal text for a platform: exact when it terminates within `digits` significant
    digits, else rounded to them ("0.29837", "0.0005", "-1.3333333333333333")."""
    from ..numbers import round_significant, to_decimal

    if value == 0:
        return "0"
    shown = value if _terminates_within(value, digits) else round_significant(value, digits)
    text = format(to_decimal(shown), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _terminates_within(value: Fraction, digits: int) -> bool:
    from ..numbers import terminating_digits

    places = terminating_digits(value)
    if places is None:
        return False
    significant = len(str(abs(value.numerator) * 10**places // value.denominator).rstrip("0"))
    return significant <= digits
