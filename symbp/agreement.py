"""The agreement rule of `symbp check`: when a number as written agrees with a value.

In:  a `Written` number (its value, decimals and significant digits as written), a reference value
     (exact `Fraction` or high-precision mpf) and the `Rule` of the sheet.
Out: yes or no.

A written number agrees with a reference when

  * it is exactly the reference, and the reference is known exactly (0, 1, 0.5, −0.21 written
    for exactly that value), or
  * it is the reference rounded at the precision it is written with (|written − reference| is at
    most half a unit of its last written digit) *and* it shows at least `min_digits` significant
    digits (the sheet's digits minus one by default: 0.298 and 0.2984 agree with 0.29837;
    0.3, 0.30 and 0.00 do not agree with 0.2984 or 0.000439), or
  * it lies within `rel_tol` of the reference, when a relative tolerance is set.

A whole number written without a point whose last digits are zeros is read with each of those zeros
a digit or a placeholder (`readings`): 59870 agrees with 59874 (5.987·10^4 to 4 digits) and with
exactly 59870; 60000 for 59874 is too coarse, not wrong.

A number written with its digits cut and dots after them (0.8698…, a calculator's 0.869891 copied
so) agrees where it does as the rounded number of those digits, or as the span they name (`Written.middle`:
0.8698 up to 0.8699) — many write the dots for "about".

A number written with more than 10 significant digits (a calculator's display, a computer's float64
printed in full — Python's repr may give only 15) is judged at 10: its last digits are the machine's rounding noise (more of them where a subtraction
cancels), not the student's.

A value recomputed from the student's own numbers agrees in the same way, except that it may be
off by up to one unit of the last written digit when some of those numbers are the student's own
rounded (or wrong) ones, since a calculator rounds in between (`agrees_carried`).  A number that fails only because it shows too
few significant digits, and is written with a decimal point, is `too_coarse` (a bare 0 or 1
claims an exact value: for 0.309 it is wrong).

A reference is known exactly when the number domain holds it as a Fraction: a rational
computation, a function at a special point (σ(0) = 1/2, tanh(0) = 0, softmax of equal inputs) or a
sum that cancelled.  A high-precision value is never exact, even where it equals a short decimal:
σ(10^300) is computed as 1, but is 1 − e^−(10^300); and a function value recomputed rounded, as
the worked solution shows it (σ(20) ≈ 1 − 2·10^−9 as 1.000), is a rounded one — arithmetic on
rounded numbers is exact (½·(0 − 1.000)² = 0.5).  For those only the digit rule applies, whatever
the argument: "1.000" agrees with σ(20), "1" and "1.0" do not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from .numbers import within_limits

HALF_UNIT = Fraction(1, 2)
ONE_UNIT = Fraction(1)
# Values that the high-precision engine cannot tell from a short decimal (to 40 digits) are that
# decimal, as evaluate.SAME_TO and the display decide: an exact 0 computed as 1e-52 is 0.
SNAP_DIGITS = 15
SNAP_TOLERANCE = Decimal("1e-40")
# A number written with more than MACHINE_DIGITS significant digits is a computer's float64 printed
# in full (−141600001/472000005 as −0.29999999894067797; rounded it is …798): its last digits are
# the machine's rounding, and a subtraction that cancels moves that noise forward (0.5·(1.5 − 1.612)²
# is 0.006272000000000011 in float64).  It is judged at JUDGED_DIGITS significant digits — still
# far finer than any sheet asks for.
MACHINE_DIGITS = 10
JUDGED_DIGITS = 10


@dataclass(frozen=True)
class Rule:
    """The sheet's precision: `digits` asked for, `min_digits` a rounded value must show."""

    digits: int = 4
    min_digits: int | None = None  # None: digits − 1, at least 1 (default_min_digits)
    rel_tol: Fraction | None = None

    @property
    def minimum(self) -> int:
        return default_min_digits(self.digits) if self.min_digits is None else self.min_digits


def default_min_digits(digits: int) -> int:
    """The fewest significant digits a rounded value must show when the sheet asks for `digits`:
    one fewer, and never none (at 0, "0" would be right for 0.29837)."""
    return max(1, digits - 1)


def as_fraction(value) -> Fraction:
    """An exact or high-precision value as a Fraction; a high-precision value equal to a short
    decimal to 40 digits is that decimal (0 for 1e-52)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    from .numbers import round_significant, to_decimal

    dec = to_decimal(value)
    if abs(dec) < SNAP_TOLERANCE:
        return Fraction(0)
    near = round_significant(value, SNAP_DIGITS)
    if abs(dec - Decimal(near.numerator) / Decimal(near.denominator)) <= SNAP_TOLERANCE * abs(dec):
        return near
    return Fraction(dec)


def unit(written) -> Fraction | None:
    """One unit of the last written digit (0.01 for 0.47, 1000 for 1.2·10^4), or None for a
    fraction such as 1/3."""
    return None if written.decimals is None else Fraction(10) ** -written.decimals


def within(written, reference, units: Fraction) -> bool:
    """|written − reference| at most `units` units of the last written digit (as written)."""
    step = unit(written)
    return step is not None and abs(written.value - as_fraction(reference)) <= units * step


PLACEHOLDER_DIGITS = 2  # the fewest significant digits a placeholder reading keeps (1·10^3 would be 500 to 1500)


def _within_placeholder(reading, reference, units: Fraction = HALF_UNIT) -> bool:
    """Whether the reference is within `units` units of a placeholder reading (`readings`) that keeps
    at least PLACEHOLDER_DIGITS significant digits: 59874 is within half a unit of 5.987·10^4 (59870),
    and 1000 never stands for 0.75 (a unit of 1·10^3 would let it)."""
    return reading.significant >= PLACEHOLDER_DIGITS and within(reading, reference, units)


def machine_written(written) -> bool:
    """Whether a number shows more significant digits than a person writes: a computer's output."""
    return written.significant > MACHINE_DIGITS


def precise_enough(written, rule: Rule) -> bool:
    return written.significant >= rule.minimum


def _relative(written, reference, rule: Rule) -> bool:
    if rule.rel_tol is None:
        return False
    ref = as_fraction(reference)
    return abs(written.value - ref) <= rule.rel_tol * abs(ref)


def known_exactly(reference) -> bool:
    """Whether a reference value is known exactly (a Fraction of the number domain), not a
    high-precision approximation that may merely equal a short decimal (see the module docstring)."""
    return isinstance(reference, (Fraction, int))


def readings(written) -> tuple:
    """The precisions a written number may have been rounded at: as written, and — for a whole
    number written without a point whose last digits are zeros (59870, 1200) — each of those zeros
    a placeholder, not a digit (59870 is 59874 rounded to 4 significant digits, 5.987·10^4, as a
    careful student writes it): the same number with 1, 2, … fewer decimals and significant digits.
    A placeholder reading is taken only where it keeps PLACEHOLDER_DIGITS (`_within_placeholder`)."""
    if written.decimals != 0 or not written.value:  # (120… reads as 120 does: 12·10 too, too few digits for 123.4)
        return (written,)
    digits = written.text.lstrip("-").rstrip("0")
    zeros = len(written.text.lstrip("-")) - len(digits)
    return (written, *(replace(written, decimals=-k, significant=written.significant - k)
                       for k in range(1, zeros + 1)))


def _agrees(written, reference, rule: Rule, units: Fraction, exact: bool = True) -> bool:
    if written.cut and not _past_the_cut(written, reference) and \
            _agrees(written.middle, reference, rule, units, exact=False):  # 0.8698… for 0.869891
        return True  # (never as an exact number: "2…" is not 2.5 written exactly, it is 2.5 ± 0.5)
    if reference is None or not within_limits(reference):  # beyond the number limits: no reference
        return False
    if exact and known_exactly(reference) and written.value == reference:
        return True
    if not written.value and known_exactly(reference) and not reference and not written.cut:
        return True  # (a route that gives exactly 0, 0.1 − 0.1·1.000, written 0.000 as the sheet asks trailing zeros
        # written: "0" was right and "0.000" had too few digits — stop 68's instructor; no rounded value is 0 but 0)
    judged = max(units, HALF_UNIT * 10 ** (written.significant - JUDGED_DIGITS)) if machine_written(written) else units
    # (a placeholder reading keeps `units`: a machine's noise widens the number as written, not a unit of 1·10^11)
    return (within(written, reference, judged) and precise_enough(written, rule)) \
        or any(precise_enough(reading, rule) and _within_placeholder(reading, reference, units) for reading in readings(written)[1:]) \
        or _relative(written, reference, rule)


def _past_the_cut(written, reference) -> bool:
    """Whether a value is the end of the span a cut number names, which the span leaves out: 10.5 for
    "10.4…" (10.4 up to, not including, 10.5) — exactly, so only an exact value can be."""
    step = unit(written)
    return reference is not None and step is not None and \
        as_fraction(reference) == written.value + (step if written.value >= 0 else -step)


def agrees(written, reference, rule: Rule) -> bool:
    """Whether a written number agrees with a true value (see the module docstring)."""
    return _agrees(written, reference, rule, HALF_UNIT)


def agrees_carried(written, reference, rule: Rule, rounded_inputs: bool = True, rounded: bool = False) -> bool:
    """Whether a written number agrees with a value recomputed from the student's own numbers:
    one unit of its last digit off when some of those numbers are rounded (or wrong), else half.
    `rounded`: the value is a function value rounded (carry.py's shown_rounded and stepwise ways,
    `rounded_at_the_end`), so it is a rounded one even when it is a Fraction."""
    return _agrees(written, reference, rule, ONE_UNIT if rounded_inputs else HALF_UNIT, exact=not rounded)


def explains(written, value, rule: Rule) -> bool:
    """Whether a value a slip gives explains a written number: as a carried value agrees, but a
    number of two significant digits (0.47) is enough to name a slip."""
    if value is None or not within_limits(value):
        return False
    if written.cut and explains(written.middle, value, rule):
        return True
    if written.value == as_fraction(value):
        return True
    least = min(2, rule.minimum)
    return (within(written, value, ONE_UNIT) and written.significant >= least) or \
        any(_within_placeholder(reading, value, ONE_UNIT) for reading in readings(written)[1:])  # (50 as 5·10^1 explains
    # 53.05 only at 1 digit: a slip named so at --min-digits 1 would hide the decimal point moved, 0.5 → 50)


def could_be_rounding(written) -> bool:
    """A number written with a decimal point (0.00, 0.3, 1.9) may be a rounded one; a number
    without (0, 1, −2) claims to be exactly that value — unless dots follow it (1…: 1 and more)."""
    return written.decimals is not None and (written.decimals != 0 or written.cut)  # 1.2·10^4 is rounded too


def decimal_reading(written, references, rule: Rule):
    """For a number that claims an exact value (a fraction or a whole number: 1/8, 2) and is wrong so: the same number
    as a decimal that would be right read as a rounded one (0.125 for 1/8 where the value is 0.1245: stop 64's student
    tester), as a written.Written; None where there is none, or the number may be a rounded one already.  A number
    whose decimal ends is only given zeros (2 as 2.00, at least `rule.minimum` significant digits), never rounded
    below its own digits (1221/1000 is no 1.22); one whose decimal never ends (1/3) is rounded, to `rule.minimum` up to
    `rule.digits` + 2 significant digits."""
    from .numbers import round_significant
    from .written import parse_written

    if written is None or could_be_rounding(written) or not written.value:
        return None
    values = [value for value in references if value is not None]
    exact = _terminating_digits(written.value)
    if exact is not None and exact > rule.digits + 2:
        return None
    for digits in [max(exact, rule.minimum)] if exact is not None else range(rule.minimum, rule.digits + 3):
        rounded = round_significant(written.value, digits)
        reading = parse_written(format(_decimal_shown(rounded, digits, written.value), "f"), "")
        if reading is not None and reading.value == rounded and \
                any(_agrees(reading, value, rule, HALF_UNIT, exact=False) for value in values):
            return reading
    return None


def _terminating_digits(value) -> int | None:
    """The significant digits of a Fraction's decimal where it terminates (1/8: 3), else None (1/3)."""
    from .numbers import to_decimal

    denominator = Fraction(value).denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return None
    digits = to_decimal(abs(Fraction(value))).normalize().as_tuple().digits
    return len(digits)


def _decimal_shown(value, digits: int, around):
    """`value` (rounded to `digits` significant digits of `around`) as a Decimal showing those digits."""
    from decimal import Decimal

    from .numbers import to_decimal

    exponent = to_decimal(abs(Fraction(around))).adjusted() - digits + 1
    return to_decimal(Fraction(value)).quantize(Decimal(1).scaleb(exponent))


def too_coarse(written, reference, carried_values, rule: Rule) -> bool:
    """Right at the precision written, but with fewer significant digits than the sheet asks."""
    reading = _right_reading(written, (reference, *carried_values))
    return reading is not None and not precise_enough(reading, rule)


def coarse_significant(written, references) -> int:
    """The significant digits of a number as judged too coarse (`too_coarse`): those of the reading in
    which it is right at its own precision (60000 for 59874: 2, as 6.0·10^4), else as written."""
    reading = _right_reading(written, references)
    return written.significant if reading is None else reading.significant


def _right_reading(written, references):
    """The finest reading of a number that may be a rounded one (`could_be_rounding`, or a placeholder
    reading) in which one of the references rounds to it; None where there is none."""
    values = [value for value in references if value is not None]
    if could_be_rounding(written) and any(within(written, value, HALF_UNIT) or written.cut and
                                          within(written.middle, value, HALF_UNIT) for value in values):
        return written  # (1… for 1.9: 1 and more, cut to no decimals)
    return next((reading for reading in readings(written)[1:] if any(_within_placeholder(reading, value) for value in values)),
                None)


# The value of the rule's worked example ("0.298 and 0.2984 are right for 0.29837, 0.3 and 0.30 are
# not" at the default 3 digits), shown with as many digits as the examples of a larger minimum need.
EXAMPLE_VALUE = Fraction("0.29837218372183721")
# The cut example's value: cut and rounded differ at every number of digits from 3 on (0.8697… and 0.8698…)
CUT_EXAMPLE_VALUE = Fraction("0.86976767676767676")


def rule_examples(minimum: int, digits: int | None = None) -> dict:
    """The example the printed rule gives, true for `minimum`: `value` (shown with at least
    minimum + 2 significant digits), `a` and `b` (it rounded to minimum and minimum + 1 digits:
    right), `c` and `d` (rounded to minimum − 2 and minimum − 1 digits: too few, and only when
    minimum ≥ 3; else None).  With the sheet's `digits`, the example of a calculator chain's value
    (marking.in_chain): `chain_value` (shown with digits + 2), `chain` (it rounded to `digits`, as
    the chain writes a value from exact ones) and `padded` (that with a zero appended: right, though
    more than half a unit of its last digit off `chain_value` from 2 digits on)."""
    from .numbers import format_decimal

    def shown(value, digits: int) -> str:
        return format_decimal(value, digits, was_rounded=True).text

    value = shown(EXAMPLE_VALUE, max(5, minimum + 2))
    exact = Fraction(value)  # the examples round the value as printed
    least = max(minimum, 1)
    examples = {"value": value, "a": shown(exact, least), "b": shown(exact, least + 1),
                "c": shown(exact, minimum - 2) if minimum >= 3 else None,
                "d": shown(exact, minimum - 1) if minimum >= 3 else None}
    # a number copied with its digits cut (rule.cut): as many as the sheet's minimum, at least 4
    kept = max(least, 4)
    cut_value = Decimal(shown(CUT_EXAMPLE_VALUE, kept + 2))
    cut = cut_value.quantize(Decimal(1).scaleb(cut_value.adjusted() - kept + 1), rounding=ROUND_DOWN)
    examples.update(cut_value=str(cut_value), cut_rounded=shown(Fraction(cut_value), kept), cut=str(cut))
    if digits is not None:
        chain_value = shown(EXAMPLE_VALUE, digits + 2)
        chain = shown(Fraction(chain_value), digits)
        examples.update(chain_value=chain_value, chain=chain, padded=shown(Fraction(chain), digits + 1))
    return examples
