"""A number domain's high-precision side, made when a value first needs it.

In:  a `numeric.Domain` (its digits; whether it is watched) the first time its arithmetic reads one
     of the names in `ATTRIBUTES` — a value that is not a Fraction, or a transcendental function.
Out: those attributes set on the domain: its own mpmath context at its digits (`context`, whose mpf
     subclass meets Fractions, `_mixes_with_fractions`), mpf's raw addition and multiplication, and
     the sizes below which a sum has cancelled.  A network that stays exact never imports mpmath
     (~15 ms of a small answer key's start-up).
Also the tests the domain's arithmetic makes of its high-precision values (`unchanged`,
`sign_of`, `sum_far_from_cancelling`, `rational_limit`).
"""

from __future__ import annotations

import math
import threading
from fractions import Fraction

ATTRIBUTES = frozenset({"_raw_add", "_raw_mul", "context", "_mpf", "_plus", "_times", "_greater", "_at_most",
                        "cancellation", "_kept_exponent", "_kept"})
_MADE = threading.Lock()  # one context per domain, also where two threads first need it at once


def attach(domain, kept_digits: int) -> None:
    """Give `domain` its high-precision side (once): a watched domain's sums must keep `kept_digits`."""
    with _MADE:
        if "context" in vars(domain):
            return
        import mpmath
        from mpmath.libmp import mpf_add, mpf_mul

        context = mpmath.mp.clone()
        context.dps = domain.digits
        plain = _mixes_with_fractions(context.mpf, domain.lift)
        # a sum below 2^kept · max(|x|, |y|) lost digits beyond kept_digits (watched), or cancelled to 16 bits
        kept = min(0, math.ceil(kept_digits * math.log2(10)) - context.prec) if domain.watched else 16 - context.prec
        vars(domain).update(
            _raw_add=mpf_add, _raw_mul=mpf_mul,  # of two raw values (`_mpf_`): mpf's own arithmetic
            # arithmetic of two of this context's numbers without the Fraction check (`_mixes_with_fractions`)
            _mpf=None if domain.rational_only else context.mpf,
            _plus=plain["__add__"], _times=plain["__mul__"], _greater=plain["__gt__"], _at_most=plain["__le__"],
            cancellation=context.ldexp(1, 16 - context.prec),  # a sum below it · max: cancelled to 16 bits
            _kept_exponent=kept, _kept=context.ldexp(1, kept))
        vars(domain)["context"] = context  # last: the mark that the side is made


_MIXED_OPERATIONS = ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__", "__add__", "__radd__",
                     "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__")


def _mixes_with_fractions(mpf_type, lift) -> dict:
    """Let a context's numbers meet Fractions in comparisons and arithmetic (mpmath alone refuses
    `mpf < Fraction` and `Fraction − mpf`): a solution holds both, and code that compares its
    values (has the loss fallen?) must not care which is which.  The type is the context's own
    subclass of mpf, so nothing outside symbp's number domain changes.  Returns the methods replaced."""
    originals = {}
    for name in _MIXED_OPERATIONS:
        plain = originals[name] = getattr(mpf_type, name)

        def mixed(x, y, plain=plain):
            return plain(x, lift(y) if isinstance(y, Fraction) else y)

        setattr(mpf_type, name, mixed)
    mpf_type.__hash__ = mpf_type.__mro__[1].__hash__
    return originals


# Domain.add's and Domain.relation's tests of high-precision values (raw `_mpf_`: sign, mantissa, exponent, bits)
def unchanged(x: tuple, prec: int) -> bool:
    """Whether a raw mpmath value is nonzero, finite and within `prec` bits (rounding keeps it)."""
    return bool(x[1]) and x[3] <= prec


def sign_of(x: tuple) -> int:
    """The sign (±1) of a nonzero finite raw mpmath value (`_mpf_`), however small; else 0 (a zero,
    an infinity or nan: `Domain.relation` decides)."""
    return (-1 if x[0] else 1) if x[1] else 0


def sum_far_from_cancelling(add, x: tuple, y: tuple, prec_rounding, kept_exponent: int):
    """x + y of two nonzero finite mpmath values (raw `_mpf_` tuples), as `mpf.__add__` computes it,
    when the sum is surely larger than 2^kept_exponent · max(|x|, |y|) (|v| of a value
    man·2^exp of bc bits lies in [2^(exp+bc−1), 2^(exp+bc)): not cancelled, see `Domain.add`);
    else None (a zero, an infinity, or a sum that may have cancelled: `Domain.add` decides)."""
    if not (x[1] and y[1]):
        return None
    prec, rounding = prec_rounding
    total = add(x, y, prec, rounding)
    if total[1] and total[2] + total[3] - 1 >= max(x[2] + x[3], y[2] + y[3]) + kept_exponent:
        return total
    return None


def rational_limit(context, kind_x, x, kind_y, y) -> bool:
    """Whether a sum that cancelled in every digit met a nonzero rational (lifted `x` or `y` of
    kind Fraction) with a finite high-precision value: 1 − tanh(3000)², never truly 0."""
    return ((kind_x is Fraction and bool(x)) or (kind_y is Fraction and bool(y))) and \
        context.isfinite(x) and context.isfinite(y)
