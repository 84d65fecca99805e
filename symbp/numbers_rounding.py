"""Rounding exact and high-precision values to significant digits, in integers where it can (numbers.py's
first stage: `format_decimal` writes what these give; re-exported from numbers.py).

`round_significant` rounds half away from zero; `round_ratio` does it for p/q in integers, exactly as a
200-digit Decimal would, and `_rounded_ratio` for an mpf whose decimal surely rounds alike.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction


def round_significant(value, digits: int) -> Fraction:
    """`value` rounded to `digits` significant digits, half away from zero, as an exact Fraction."""
    rounded = _rounded_ratio(value, digits)
    if rounded is None and type(value) is Fraction:  # beyond round_ratio's table: in integers all the same
        rounded = round_ratio(value.numerator, value.denominator, digits, _TENS)  # (a 200-digit Decimal turns a near-tie)
    if rounded is not None:
        m, places = rounded
        return Fraction(m, 10 ** places) if places >= 0 else Fraction(m * 10 ** -places)
    dec = to_decimal(value)
    if dec == 0:
        return Fraction(0)
    exponent = dec.adjusted() - digits + 1
    with localcontext() as ctx:
        ctx.prec = 200
        rounded = dec.quantize(Decimal(1).scaleb(exponent), rounding="ROUND_HALF_UP")
    return Fraction(rounded)


def same_rounded(a, b, digits: int) -> bool:
    """`round_significant(a, digits) == round_significant(b, digits)`, in integers where it can."""
    # (m, places) of each, m·10^−places: `round_significant` without its Fraction (an mpf's where its
    # decimal surely rounds alike, `_rounded_ratio`; else None, and the Decimal way decides)
    x = _rounded_ratio(a, digits)
    y = _rounded_ratio(b, digits) if x is not None else None
    if y is not None:
        (m, p), (n, r) = x, y
        return m == n * 10 ** (p - r) if p >= r else n == m * 10 ** (r - p)
    return round_significant(a, digits) == round_significant(b, digits)


# A ratio p/q of at most this many bits above and below is rounded in integers (`round_ratio`),
# to at most this many digits: exactly as through its 200-digit Decimal.  That Decimal is p/q
# rounded at its 200th digit, which could move it onto or across a rounding boundary t (a tie or
# a power of 10, a decimal of at most digits + 1 significant digits) only from within 10^-199 of
# |p/q|; but p/q ≠ t lies at least 1/(q·10^(digits + 1)) of |p/q| away from t (and 1/(q·|p/q|)),
# beyond 10^-150 for q < 2^300 (~10^90.3) and digits <= 50.
_INTEGER_BITS = 300
_INTEGER_DIGITS = 50
_POWERS_OF_TEN = [10 ** k for k in range(_INTEGER_BITS + _INTEGER_DIGITS + 2)]


class _Tens:
    """10^k for every k >= 0: `round_ratio` of any size (`round_significant` of a long Fraction)."""

    def __getitem__(self, k: int) -> int:
        return 10 ** k


_TENS = _Tens()


def round_ratio(p: int, q: int, digits: int, ten=_POWERS_OF_TEN) -> tuple[int, int] | None:
    """`round_significant` of p/q (q > 0, not necessarily in lowest terms) in integers, as
    (m, places): the value m·10^−places; None beyond _INTEGER_BITS or _INTEGER_DIGITS (the
    Decimal way decides), unless `ten` is _TENS (every size).  |p|/q is scaled so that `digits`
    digits lie left of the point, then rounded half up."""
    if (digits > _INTEGER_DIGITS or p.bit_length() > _INTEGER_BITS or q.bit_length() > _INTEGER_BITS) \
            and ten is _POWERS_OF_TEN:
        return None
    if not p:
        return 0, 0
    n = -p if p < 0 else p
    # the first significant digit's exponent e: 10^e <= n/q < 10^(e + 1); from the bit lengths
    # within one of it (log10 2 < 0.30103), then checked
    e = ((n.bit_length() - q.bit_length()) * 30103) // 100000
    if e >= 0:
        if n < q * ten[e]:
            e -= 1
        elif n >= q * ten[e + 1]:
            e += 1
    elif n * ten[-e] < q:
        e -= 1
    elif n * ten[-e - 1] >= q:
        e += 1
    places = digits - 1 - e
    if places >= 0:
        m, r = divmod(n * ten[places], q)
        d = q
    else:
        d = q * ten[-places]
        m, r = divmod(n, d)
    if 2 * r >= d:
        m += 1
    return (-m if p < 0 else m), places


def _rounded_ratio(value, digits: int) -> tuple[int, int] | None:
    """`round_significant(value, digits)` as `round_ratio` gives it, (m, places), for a Fraction, and for
    an mpf whose exact binary value lies further than one unit of its `to_decimal` digits from every
    rounding boundary (ties, and the tie below a power of ten): its decimal then rounds alike; None —
    the Decimal way decides (near a tie, zero, special values, too few digits, beyond round_ratio)."""
    if type(value) is Fraction:  # (the slots: Fraction's properties are Python calls)
        return round_ratio(value._numerator, value._denominator, digits)
    mpf = getattr(value, "_mpf_", None)
    if mpf is None:
        return None
    sign, man, exp, _ = mpf
    read = _mpf_digits(value)  # the digits `to_decimal` reads it to
    if not man or read <= digits + 1:
        return None
    man = int(man)
    p, q = (man << exp, 1) if exp >= 0 else (man, 1 << -exp)  # |value| = p/q exactly
    rounded = round_ratio(-p if sign else p, q, digits)
    if rounded is None:
        return None
    m, places = rounded
    # everything times 20·10^places: |value| is 20a/b; the boundaries around |m| are low and high, and
    # to_decimal's decimal lies within one unit of its `read`-th digit of |value|, 20/k
    a, b = (p * _POWERS_OF_TEN[places], q) if places >= 0 else (p, q * _POWERS_OF_TEN[-places])
    k = 10 ** (read - digits)
    mm = -m if m < 0 else m
    low = 20 * mm - (1 if mm == _POWERS_OF_TEN[digits - 1] else 10)  # (below 10^e the unit is a tenth)
    high = 20 * mm + 10
    if (20 * a - low * b) * k > 20 * b and (high * b - 20 * a) * k > 20 * b:
        return rounded
    return None


def _mpf_digits(value) -> int:
    """The significant digits `to_decimal` reads a high-precision value to: 10 less than its working precision."""
    context = getattr(value, "context", None)
    return context.dps - 10 if context is not None and hasattr(context, "dps") else 60


def to_decimal(value) -> Decimal:
    """An exact or high-precision value as a Decimal (exact for terminating Fractions)."""
    if isinstance(value, Fraction):
        with localcontext() as ctx:
            ctx.prec = 200  # exact for any terminating decimal symbp meets; else 200 digits
            return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, int):
        return Decimal(value)
    # mpmath mpf or float: go through its decimal string.  An mpf is read to 10 digits less than
    # its working precision, so that binary noise in the last digits (0.28814999…985 for an
    # exact 0.28815) cannot turn a decimal tie the wrong way when it is rounded half up.
    import mpmath

    return Decimal(mpmath.nstr(value, _mpf_digits(value), min_fixed=-1000, max_fixed=1000, strip_zeros=True))


def as_fraction(value) -> Fraction:
    """An exact or high-precision value as a Fraction (an mpf through its decimal, see to_decimal)."""
    return value if isinstance(value, Fraction) else Fraction(to_decimal(value))
