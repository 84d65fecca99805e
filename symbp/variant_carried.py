"""A carried key's check of a drawn variant (variants.py): its exact solution against its calculator run.

In:  the exact solution of a draw that passed the constraints (variant_constraints.py) and the
     sheet's `VariantSettings` with a carried key (its digits and detail).
Out: whether every value the sheet asks for, carried as the key carries it, is still within half
     a unit of its exact value's first significant digit (`carried_agrees`).
"""

from __future__ import annotations

from fractions import Fraction

from .errors import SpecError
from .pipeline import carry
from .variant_constraints import _checked
from .variants_table import VariantSettings

# A carried value within |exact|/20 of its exact value is within half a unit of the exact value's
# first significant digit (10^e/2 > |exact|/20); in float64, within this fraction, rounding and all.
_SURELY_CLOSE = 0.04


def carried_agrees(solution, settings: VariantSettings) -> bool:
    """A carried key (settings.carried_key): every value a sheet asks for, rounded to the key's
    digits and carried on as the sheet tells students, within half a unit of the first significant
    digit of its exact value (an exact 0 carried as 0): a key whose carried value has lost even
    that to cancellation is no key to grade from.  The calculator run is kept on the solution
    (`pipeline.carry` is not run again for it).  A value within |exact|/20 (in integers, or by
    _SURELY_CLOSE in float64 for a high-precision one) is that close: its first digit is not
    worked out."""
    try:
        carried = carry(solution, *settings.carried_key).carried
    except SpecError:  # e.g. log 0 from a carried value
        solution.carried = None
        return False
    asked = _checked(solution).asked
    for exact, value in zip(map(solution.values.__getitem__, asked), map(carried.values.__getitem__, asked)):
        if type(exact) is Fraction and type(value) is Fraction:  # x = a/b, v = c/d: |v − x| <= |x|/20?
            a, b, c, d = exact._numerator, exact._denominator, value._numerator, value._denominator  # (the slots)
            agrees = (20 * abs(c * b - a * d) <= abs(a) * d if a else not c) or _carried_close(exact, value)
        else:
            x, v = float(exact), float(value)
            agrees = ((1e-300 < abs(x) < 1e300 and abs(v - x) <= _SURELY_CLOSE * abs(x))
                      or _carried_close(exact, value))
        if not agrees:
            solution.carried = None
            return False
    if not _fall_agrees(solution, carried.values, settings.carried_key[0]):
        solution.carried = None
        return False
    return True


def _fall_agrees(solution, carried: dict, digits: int) -> bool:
    """The key's ⑧: the cost's fall from the first step to after the last, of the carried costs, as close to the
    exact fall as a carried value is to its own, where the exact fall shows at the key's digits of the cost (stop
    66's instructor tester: ½(0.9 − 0.840)² = 0.00180 after 0.00186, "fell by 6·10^−5" where it fell by 0.000123 —
    half of it, and no fall at all in step 2); a fall below a unit of the cost's last digit is no key's to show (a
    saturated sheet's 10^−105 on costs of 7.668·10^−53: "≈ 0", and the exact change beside it)."""
    from . import names

    final = names.name(names.LOSS, step=solution.spec.steps + 1)
    if "L" not in carried or final not in carried:
        return True
    exact = solution.values
    fall = _difference(exact["L"], exact[final])
    cost = abs(_difference(exact["L"], 0))
    if not cost or not _at_least(abs(fall), _leading_exponent(cost) - digits + 1):
        return True
    return _carried_close(fall, Fraction(carried["L"]) - Fraction(carried[final]))


def _difference(before, after) -> Fraction:
    if type(before) is Fraction and type(after) in (Fraction, int):
        return before - after
    from .numbers import as_fraction

    return as_fraction(before) - as_fraction(after)


def _carried_close(exact, value) -> bool:
    """Exactly: an exact 0 carried as 0, another value within half a unit of its first significant digit
    (|value − exact| <= 10^e / 2, compared in integers)."""
    from .numbers import as_fraction

    exact, value = as_fraction(exact), as_fraction(value)
    a, b, c, d = exact.numerator, exact.denominator, value.numerator, value.denominator
    if not a:
        return not c
    exponent = _leading_exponent(exact)
    gap, room = 2 * abs(c * b - a * d), b * d  # |v − x| = gap / (2·room)
    return gap <= room * 10 ** exponent if exponent >= 0 else gap * 10 ** -exponent <= room


def _at_least(size: Fraction, exponent: int) -> bool:
    """size >= 10^exponent, in integers (size >= 0)."""
    n, d = size.numerator, size.denominator
    return n >= d * 10 ** exponent if exponent >= 0 else n * 10 ** -exponent >= d


def _leading_exponent(value: Fraction) -> int:
    """The decimal exponent of value's first significant digit (0.0372: −2)."""
    size = abs(value)
    # from the bit lengths, within one of it (str() of an integer beyond 4300 digits is refused: e^−10^4)
    exponent = int((size.numerator.bit_length() - size.denominator.bit_length()) * 0.3010299956639812)
    while _at_least(size, exponent + 1):
        exponent += 1
    while not _at_least(size, exponent):
        exponent -= 1
    return exponent
