"""Exact numbers in, rounded decimals out.

`parse_exact` (number_input.py, re-exported here) turns what a user wrote (a TOML number or a
string such as "1/3") into an exact `Fraction`: the decimal the user wrote, not the binary float.
`format_decimal` is the one place where a value is rounded for display: it gives a `Shown`, the
number as a careful person writes it.

    exact terminating values          exactly, no padding:            0.5   0.006272   −1.8
    every other value                 rounded to N significant digits,
                                      keeping them all:               0.6190   −0.03810   0.2500
    |x| < 10^-4, |x| >= 10^6, or a rounded value whose last digit
    lies left of the point            as m·10^e (`Shown.scientific`): 1.715·10^−5   1.235·10^4

High-precision (mpmath) values are never shown as exact: symbp's number domain keeps every value
that is exact a `Fraction` (see evaluate.py), so an mpf is always a rounded value.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction

from .number_input import (MAX_DIGITS, MAX_EXPONENT, EXPONENT_DIGITS, bounded_decimal, not_finite,  # noqa: F401 (re-exported)
                           parse_exact, power_of_ten_as_e, short_repr, within_limits)
from .numbers_rounding import (_POWERS_OF_TEN, _rounded_ratio, as_fraction, round_ratio,  # noqa: F401 (re-exported)
                               round_significant, same_rounded, to_decimal)


def terminating_digits(value: Fraction) -> int | None:
    """Number of decimals of a terminating decimal, or None when it does not terminate (kept by the
    denominator, in lowest terms, which alone decides it: a few recur in every variant)."""
    den = value._denominator if type(value) is Fraction else value.denominator  # (a Fraction's slot: no property)
    found = _DIGITS_OF.get(den, _UNKNOWN)
    if found is _UNKNOWN:
        if len(_DIGITS_OF) >= 1 << 12:
            _DIGITS_OF.clear()
        found = _DIGITS_OF[den] = _terminating_digits(den)
    return found


_DIGITS_OF: dict = {}  # denominator -> terminating_digits of its fractions
_UNKNOWN = object()


def _terminating_digits(den: int) -> int | None:
    twos = (den & -den).bit_length() - 1  # (factors 2 and 5 counted, not divided out one by one)
    rest = den >> twos
    estimate = int((rest.bit_length() - 1) / math.log2(5))  # 5^n has ⌊n·log2 5⌋ + 1 bits
    fives = next((n for n in (estimate, estimate + 1, estimate - 1) if n >= 0 and 5**n == rest), None)
    return None if fives is None else max(twos, fives)


def terminates(value: Fraction) -> bool:
    """`terminating_digits(value) is not None` (a worksheet's givens come from a grid of a few denominators)."""
    return terminating_digits(value) is not None


class _kept:
    """`functools.cached_property` without its lock (Python 3.11's takes an RLock at every first
    read; a Shown is read from one thread, and reading it twice at once would compute the same
    value twice, harmlessly): the value worked out at the first read, kept in the instance's dict."""

    def __init__(self, function):
        self.function, self.name, self.__doc__ = function, function.__name__, function.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


@dataclass(frozen=True)
class Shown:
    """A value as displayed: its decimal text and whether that text is rounded."""

    text: str  # ASCII plain decimal, "-" for minus; a rounded value keeps its digits: "0.6190"
    rounded: bool
    significant: int | None = field(default=None, compare=False)  # of a rounded value

    @property
    def negative(self) -> bool:
        return self.text.startswith("-")

    # value, unit and scientific() are read many times from one Shown (format_decimal caches
    # them): worked out once, kept on the instance (not fields: equality and hash are the text's)
    @_kept
    def value(self) -> Fraction:
        """The number as printed (exactly what a reader substitutes)."""
        return Fraction(Decimal(self.text))

    @_kept
    def ratio(self) -> tuple[int, int]:
        """`value` as (numerator, denominator) (the recheck's integer arithmetic reads it)."""
        value = self.value
        return (value._numerator, value._denominator) if type(value) is Fraction else (value.numerator, value.denominator)

    @_kept
    def unit(self) -> Fraction:
        """One unit in the last printed digit."""
        dec = Decimal(self.text)
        if self.rounded and self.significant:
            exponent = (dec.adjusted() if dec else 0) - self.significant + 1
        else:
            exponent = dec.as_tuple().exponent
        unit = _UNITS.get(exponent)
        if unit is None:  # (one Fraction per exponent: a Fraction's power normalizes anew each time)
            if len(_UNITS) >= 1 << 10:
                _UNITS.clear()
            unit = _UNITS[exponent] = Fraction(10) ** exponent
        return unit

    def scientific(self) -> tuple[str, int] | None:
        """(mantissa, exponent) when the value is written m·10^e (see the module docstring), else None."""
        return self._scientific

    @_kept
    def _scientific(self) -> tuple[str, int] | None:
        match = _PLAIN_DECIMAL.fullmatch(self.text)
        if match is not None:  # a plain decimal: its first significant digit's exponent read from the text
            whole, zeros, rest = match.groups()
            if whole != "0":
                exponent = len(whole) - 1
            elif rest:
                exponent = -len(zeros) - 1
            else:
                return None  # 0
            if -4 <= exponent < 6 and not (self.rounded and self.significant is not None and exponent >= self.significant):
                return None  # (SCIENTIFIC_BELOW <= |value| < SCIENTIFIC_FROM, and no rounded long integer)
        dec = Decimal(self.text)
        if dec == 0:
            return None
        exponent = dec.adjusted()
        long_integer = self.rounded and self.significant is not None and exponent >= self.significant
        if SCIENTIFIC_BELOW <= abs(dec) < SCIENTIFIC_FROM and not long_integer:
            return None
        with localcontext() as context:  # a value shown with more digits than Decimal's default 28
            context.prec = max(context.prec, len(dec.as_tuple().digits), self.significant or 0) + 2
            mantissa = dec.scaleb(-exponent)
            if self.rounded and self.significant:
                mantissa = mantissa.quantize(Decimal(1).scaleb(1 - self.significant))
            else:  # exact: its zeros dropped, but for those written after the point (0.000007480 beside a
                # written 7.480·10^−6: check_numbers._padded) — not an integer's (7480000: 7.48·10^6)
                mantissa = mantissa.normalize()
                kept = len(dec.as_tuple().digits) if dec.as_tuple().exponent < 0 else 0
                if kept > len(mantissa.as_tuple().digits):
                    mantissa = mantissa.quantize(Decimal(1).scaleb(1 - kept))
        return format(mantissa, "f"), exponent


_UNITS: dict = {}  # exponent e -> Fraction(10) ** e (Shown.unit)

# Written m·10^e below this magnitude and from this one on.
SCIENTIFIC_BELOW = Decimal("1e-4")
SCIENTIFIC_FROM = Decimal("1e6")
_PLAIN_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(?:\.(0*)([0-9]*))?")  # whole part, the zeros after the point, the rest


def _shown(text: str, rounded: bool, significant: int | None, value: Fraction) -> Shown:
    """`Shown(text, rounded, significant)` with its `value` (the Fraction `text` writes) already known."""
    shown = object.__new__(Shown)
    shown.__dict__.update(text=text, rounded=rounded, significant=significant, value=value)
    return shown

# A terminating decimal with more significant digits than this is rounded too, so that a long
# chain of exact products does not print 30-digit numbers.
MAX_EXACT_SIGNIFICANT = 8


def _significant(text: str) -> int:
    digits = text.lstrip("-").replace(".", "").lstrip("0")
    return len(digits.rstrip("0"))  # 10^10 has one (printed exactly, 1·10^10, not ≈ 1.000·10^10)


def _plain(dec: Decimal) -> str:
    text = format(dec, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def format_decimal(value, digits: int = 4, was_rounded: bool = False) -> Shown:
    """The display form of an exact (Fraction) or high-precision value (cached; see _format).

    `was_rounded`: the value is already a rounded one (a carried value of the calculator mode),
    shown with its `digits` significant digits, trailing zeros included."""
    if type(value) is Fraction:  # kept by its integers (a Fraction's own hash takes a modular inverse)
        key = (value._numerator, value._denominator, digits, was_rounded)  # (the slots, not the properties)
        shown = _FRACTIONS_SHOWN.get(key)
        if shown is None:
            if len(_FRACTIONS_SHOWN) >= 1 << 16:
                _FRACTIONS_SHOWN.clear()
            shown = _FRACTIONS_SHOWN[key] = _format(value, digits, was_rounded)
        return shown
    try:  # the type is part of the key: an mpf 0.5 equals Fraction(1, 2) but is shown rounded
        return _format_cached(type(value), value, digits, was_rounded)
    except TypeError:  # unhashable value
        return _format(value, digits, was_rounded)


def _exact_terminating_text(value: Fraction, places: int) -> str:
    scaled = value._numerator * (10**places // value._denominator)  # (a Fraction's slots: no property calls)
    sign = "-" if scaled < 0 else ""
    digits_text = str(abs(scaled)).rjust(places + 1, "0")
    if places:
        text = f"{digits_text[:-places]}.{digits_text[-places:]}".rstrip("0").rstrip(".")
    else:
        text = digits_text
    return "0" if text == "0" else sign + text


_FRACTIONS_SHOWN: dict = {}  # (numerator, denominator, digits, was_rounded) -> Shown
# format_decimal of a Fraction already formatted, by that key (None: not yet; plan_replay.py reads many at once)
kept_fraction_shown = _FRACTIONS_SHOWN.get


@lru_cache(maxsize=1 << 16)
def _format_cached(kind: type, value, digits: int, was_rounded: bool) -> Shown:
    return _format(value, digits, was_rounded)


def _rounded(value, digits: int) -> Shown:
    """`value` rounded to `digits` significant digits, every one of them written (0.2500)."""
    rounded = _rounded_ratio(value, digits)
    if rounded is not None:  # m·10^−places, written out as the Decimal below writes it
        m, places = rounded
        if m == 0:
            return _shown("0", True, digits, Fraction(0))
        if m == _POWERS_OF_TEN[digits] or m == -_POWERS_OF_TEN[digits]:  # 9.9996 -> 10.00: one digit fewer after the point
            m, places = m // 10, places - 1
        text = str(-m if m < 0 else m)
        if places > 0:
            if len(text) <= places:
                text = "0" * (places + 1 - len(text)) + text
            text = text[:-places] + "." + text[-places:]
            exact = Fraction(m, _POWERS_OF_TEN[places])
        else:
            text += "0" * -places
            exact = Fraction(m * _POWERS_OF_TEN[-places])
        return _shown("-" + text if m < 0 else text, True, digits, exact)
    dec = to_decimal(round_significant(value, digits))
    if dec == 0:
        return Shown("0", True, digits)
    with localcontext() as ctx:
        ctx.prec = 200
        dec = dec.quantize(Decimal(1).scaleb(dec.adjusted() - digits + 1))
    text = format(dec, "f")
    return Shown("-" + text.lstrip("-") if dec < 0 else text, True, digits)


def with_digits(shown: Shown, digits: int) -> Shown:
    """A result printed after "≈" as a rounded value is, with `digits` significant digits, trailing
    zeros kept: an exact 0.75 that the line's printed numbers give only nearly (0.7500 − 1·10^−30)
    is written 0.7500, not 0.75 (which reads as a value rounded to 2 digits)."""
    if shown.rounded or _significant(shown.text) >= digits:
        return shown
    return _rounded(shown.value, digits)


def _format(value, digits: int, was_rounded: bool = False) -> Shown:
    """Terminating Fractions of at most max(MAX_EXACT_SIGNIFICANT, digits) significant digits
    exactly; everything else rounded to `digits` significant digits and marked as rounded."""
    if isinstance(value, int):
        value = Fraction(value)
    if isinstance(value, Fraction) and not was_rounded:
        places = terminating_digits(value)
        if places is not None:
            text = _exact_terminating_text(value, places)
            if _significant(text) <= max(MAX_EXACT_SIGNIFICANT, digits):
                return _shown(text, False, None, value if type(value) is Fraction else Fraction(value))
    return _rounded(value, digits)


# Short enough to be written without Decimal (200 digits): ≤ 80 places, |numerator| < 10^100.
_EXACT_PLACES, _EXACT_NUMERATOR = 80, 10**100


def exact_string(value) -> str:
    """The exact value as a string for answer keys: "-0.21", "1/3", or 30 digits when irrational."""
    if isinstance(value, Fraction):
        places = terminating_digits(value)
        if places is None:
            return f"{value.numerator}/{value.denominator}"
        if places <= _EXACT_PLACES and abs(value.numerator) < _EXACT_NUMERATOR:
            return _exact_terminating_text(value, places)  # (what the Decimal below writes, 4× faster)
        return _plain(to_decimal(value))
    import mpmath

    return mpmath.nstr(value, 30, strip_zeros=True)
