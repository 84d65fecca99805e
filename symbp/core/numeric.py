"""Numbers: trees and SymPy expressions -> exact or 50-digit values.

In:  a tree (`expr.py`) or a SymPy expression, and the values it refers to.
Out: its value in a `Domain`:
  - hybrid (the default): a value stays an exact `Fraction` through rational operations (and
    through transcendental functions at their special arguments: exp(0) = 1, ln(1) = 0,
    tanh(0) = 0, √(9/4) = 3/2; a product with an exact 0 is an exact 0); it becomes a 50-digit
    mpmath number (`digits`: more where 50 leave a value undefined) only where a transcendental
    function of another argument makes it irrational, and so does what is computed from it;
  - high precision: every value at 50 digits (what a whole computation falls back to when exact
    numbers outgrow `MAX_EXACT_BITS`).
An operation's value is its SymPy forward rule compiled once per (operation, parameter, arity)
(closures.py); values equal to 40 digits compare equal, but against an exact 0 (ReLU's kink) a
nonzero high-precision value is its sign however small: `add` makes a sum that cancels in every
digit carried an exact 0 (and one that keeps fewer than KEPT_DIGITS is PrecisionLost), so a lifted
z of 1e-70 is 1e-70, not a kink (the float path, which sees its terms, agrees).  A sum of high-precision numbers that cancels in every digit carried (a
softmax's Σδ) is an exact 0; one that keeps fewer than KEPT_DIGITS is PrecisionLost in a watched
domain.  Its numbers meet Fractions (its own subclass of mpf); log(1 + u) is log1p(u).
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction
from functools import lru_cache, reduce
from typing import Callable

from .high_precision import ATTRIBUTES, attach, rational_limit, sign_of, sum_far_from_cancelling, unchanged


HIGH_PRECISION_DIGITS = 50
SAME_TO = 1e-40  # high-precision values this close (relatively) are the same number
MAX_EXACT_BITS = 400  # an exact numerator or denominator beyond this: recompute in high precision
MAX_EXP_ARGUMENT = 10**5


class TooLong(ArithmeticError):
    """An exact value outgrew MAX_EXACT_BITS."""


class PrecisionLost(ArithmeticError):
    """A sum kept fewer than KEPT_DIGITS right digits (1 − σ(95) at 50): evaluate.py adds digits."""

KEPT_DIGITS = 40  # a watched domain's sums keep at least this many right digits (JSON prints 30)


class Domain:
    """`rational_only`: exact Fractions only — a value that would need a high-precision number is
    an ArithmeticError (checking a rational network's answers in its own arithmetic).  `watched`: a
    sum keeping fewer than KEPT_DIGITS digits (not an exact 0) is PrecisionLost, else returned."""

    def __init__(self, high_precision: bool = False, digits: int = HIGH_PRECISION_DIGITS, rational_only: bool = False,
                 watched: bool = False, printed: bool = False):
        self.high_precision, self.rational_only, self.digits = high_precision, rational_only, digits
        self.printed = printed  # a spec's solve: e^x of x < −MAX_EXP_ARGUMENT is an ArithmeticError (σ(10^300) = 1 − e^−10^300 of a student's z is not)
        self.watched = watched  # a sum below 2^kept · max(|x|, |y|) lost digits beyond KEPT_DIGITS: PrecisionLost
        self._ops: dict = {}
        self._lifted: dict = {}  # (numerator, denominator) -> the number (inputs, 0, 1 meet mpfs often)

    def __getattr__(self, name):
        """The mpmath context and what comes with it (high_precision.ATTRIBUTES), made when first
        read: a computation that stays exact never needs them."""
        if name not in ATTRIBUTES:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        attach(self, KEPT_DIGITS)
        return vars(self)[name]

    # numbers ---------------------------------------------------------------------------------------
    def number(self, value):
        """A value (Fraction, int, or a high-precision number) in this domain."""
        value = Fraction(value) if isinstance(value, int) else value
        return self.lift(value) if self.high_precision or not isinstance(value, Fraction) else value

    def lift(self, value):
        """The value as a high-precision number of this domain."""
        if self.rational_only:
            raise ArithmeticError("needs high precision, not exact arithmetic")
        if isinstance(value, Fraction):
            key = (value.numerator, value.denominator)  # (a Fraction's own hash takes a modular inverse)
            lifted = self._lifted.get(key)
            if lifted is None:
                if len(self._lifted) >= _LIFTED_KEPT:
                    self._lifted.clear()
                lifted = self._lifted[key] = self.context.mpf(value.numerator) / value.denominator
            return lifted
        return self.context.mpf(value)

    @property
    def exact(self) -> bool:
        return self.rational_only

    @staticmethod
    def is_exact(value) -> bool:
        return isinstance(value, Fraction)

    # arithmetic -------------------------------------------------------------------------------------
    def add(self, x, y):
        kind_x, kind_y = type(x), type(y)
        if kind_x is Fraction and kind_y is Fraction:
            return x + y
        number = self._mpf  # (a number of this context is its own lift)
        if kind_x is number and kind_y is Fraction and not y.numerator and unchanged(x._mpf_, self.context.prec):
            return x  # x + 0 (mpf_add rounds x to the precision, which it has: x itself, not cancelled)
        if kind_y is number and kind_x is Fraction and not x.numerator and unchanged(y._mpf_, self.context.prec):
            return y
        if kind_x is number and kind_y is number:
            total = sum_far_from_cancelling(self._raw_add, x._mpf_, y._mpf_, self.context._prec_rounding,
                                             self._kept_exponent)
            if total is not None:
                result = _new(number)
                result._mpf_ = total
                return result
        x, y = x if kind_x is number else self.lift(x), y if kind_y is number else self.lift(y)
        total = self._plus(x, y)
        size_x, size_y = abs(x), abs(y)
        largest = size_y if self._greater(size_y, size_x) else size_x  # max(|x|, |y|)
        if self._at_most(abs(total), self._times(self.cancellation, largest)):  # cancelled in every digit carried
            # a value at its rational limit: 1 − σ(200) at 50; unwatched (the last precision) too,
            # 1 − tanh(3000)² at 1000, where it was an exact 0 (a nonzero rational met a finite value)
            if self.watched and Fraction in (kind_x, kind_y) or rational_limit(self.context, kind_x, x, kind_y, y):
                raise PrecisionLost(f"a sum loses all of its {self.digits} digits to cancellation")
            return Fraction(0)
        if self._at_most(abs(total), self._times(self._kept, largest)):
            raise PrecisionLost(f"a sum loses more than {self.digits - KEPT_DIGITS} of its {self.digits} digits to cancellation")
        return total

    def sub(self, x, y):
        return self.add(x, self.mul(Fraction(-1), y))

    def mul(self, x, y):
        kind_x, kind_y = type(x), type(y)
        if kind_x is Fraction and kind_y is Fraction:
            return x * y
        if (kind_x is Fraction and x.numerator == 0) or (kind_y is Fraction and y.numerator == 0):
            return Fraction(0)
        number = self._mpf
        if kind_y is Fraction and kind_x is number and (y == 1 or y == -1):  # x · ±1: x or −x (exact)
            return self._signed(x, y)
        if kind_x is Fraction and kind_y is number and (x == 1 or x == -1):
            return self._signed(y, x)
        if kind_x is number and kind_y is number:  # (what mpf.__mul__ does, without its checks)
            result = _new(number)
            result._mpf_ = self._raw_mul(x._mpf_, y._mpf_, *self.context._prec_rounding)
            return result
        return self._times(x if kind_x is number else self.lift(x), y if kind_y is number else self.lift(y))

    def _signed(self, x, sign: Fraction):
        """x · sign (±1) of a number of this context, as mpmath computes it: x rounded to the
        precision (which it has), its sign flipped for −1."""
        raw = x._mpf_
        if not unchanged(raw, self.context.prec):
            return self._times(x, self.lift(sign))
        if sign > 0:
            return x
        result = _new(type(x))
        result._mpf_ = (1 - raw[0], *raw[1:])
        return result

    def div(self, x, y):
        if _is_exact_zero(y):
            raise ZeroDivisionError("division by zero")
        if type(x) is type(y) is Fraction:
            return x / y
        if _is_exact_zero(x):
            return Fraction(0)
        return self.lift(x) / self.lift(y)

    # transcendental functions: exact at their special arguments -------------------------------------
    def exp(self, x):
        if x > MAX_EXP_ARGUMENT:  # mpmath would try to hold a number of more than 10^MAX digits
            raise ArithmeticError("exp of a number too large to compute")
        if x < -MAX_EXP_ARGUMENT and self.printed:  # below 10^−43429: a value printed and verified would be
            raise ArithmeticError("exp of a number too far below 0 to print")  # a number no int holds (softplus(−10^20))
        return Fraction(1) if x == 0 and self.is_exact(x) else self.context.exp(self.lift(x))

    def log(self, x):
        if x <= 0:
            raise ArithmeticError(f"log of {self.context.nstr(self.lift(x), 6)}")
        if self.watched and not self.is_exact(x) and abs(x - 1) <= self._kept:  # log(1 − 3.7·10⁻⁴⁴): 6 digits
            raise PrecisionLost(f"a log of a number within {self.context.nstr(abs(x - 1), 2)} of 1")
        return Fraction(0) if x == 1 and self.is_exact(x) else self.context.log(self.lift(x))

    def log1p(self, x):
        """log(1 + x), keeping its digits where x is tiny (softplus of z ≪ 0)."""
        if x <= -1:
            raise ArithmeticError(f"log of {self.context.nstr(self.lift(x) + 1, 6)}")
        return Fraction(0) if _is_exact_zero(x) else self.context.log1p(self.lift(x))

    def tanh(self, x):
        return Fraction(0) if x == 0 and self.is_exact(x) else self.context.tanh(self.lift(x))

    def sqrt(self, x):
        if x < 0:
            raise ArithmeticError("square root of a negative number")
        if self.is_exact(x):
            num, den = math.isqrt(x.numerator), math.isqrt(x.denominator)
            if num * num == x.numerator and den * den == x.denominator:
                return Fraction(num, den)
        return self.context.sqrt(self.lift(x))

    def root(self, x, q: int):
        if q == 2:
            return self.sqrt(x)
        if x < 0 and q % 2 == 0:
            raise ArithmeticError("even root of a negative number")
        if self.is_exact(x):
            num, den = _integer_root(abs(x.numerator), q), _integer_root(x.denominator, q)
            if num is not None and den is not None:
                return Fraction(num if x >= 0 else -num, den)
        x = self.lift(x)
        return self.context.root(x, q) if x >= 0 else -self.context.root(-x, q)

    def power(self, base, exponent: int):
        if base == 0 and exponent < 0:
            raise ZeroDivisionError("division by zero")
        return base ** exponent if isinstance(base, Fraction) else self.lift(base) ** exponent

    def abs(self, x):
        return -x if self.relation(operator.lt)(x, 0) else x

    def sign(self, x):
        less, greater = self.relation(operator.lt), self.relation(operator.gt)
        return Fraction(1) if greater(x, 0) else (Fraction(-1) if less(x, 0) else Fraction(0))

    def largest(self, *values):
        greater = self.relation(operator.gt)
        return reduce(lambda a, b: b if greater(b, a) else a, values)

    def smallest(self, *values):
        less = self.relation(operator.lt)
        return reduce(lambda a, b: b if less(b, a) else a, values)

    def relation(self, op) -> Callable:
        lift = self.lift

        def compare(x, y):
            if isinstance(x, Fraction) and isinstance(y, Fraction):
                return op(x, y)
            number = self._mpf
            if type(y) is Fraction and not y.numerator and type(x) is number:  # (z against the kink at 0)
                sign = sign_of(x._mpf_)
                if sign:
                    return op(sign, 0)
            x, y = x if type(x) is number else lift(x), y if type(y) is number else lift(y)
            return op(0, 0) if abs(x - y) <= SAME_TO * max(1, abs(x), abs(y)) else op(x, y)

        return compare

    # operations ------------------------------------------------------------------------------------
    def operation(self, op: str, param, count: int) -> Callable:
        """The value of an operation on `count` argument values, from its SymPy rule."""
        key = (op, param, count)
        compiled = self._ops.get(key)
        if compiled is None:
            from ..sympy_cache import recall
            from .closures import compile_frozen
            from .frozen import checked, freeze
            from .operations import OPERATIONS, placeholders

            def rule():
                return freeze(OPERATIONS[op].rule(placeholders(count), param))

            body = compile_frozen(recall("operation_rule", f"{op}/{param!r}/{count}", rule, checked), self)
            names = [f"_{i}" for i in range(count)]  # the placeholders' names
            compiled = self._ops[key] = lambda values: body(dict(zip(names, values)))
        return compiled


_new = object.__new__
_LIFTED_KEPT = 1 << 12


def _is_exact_zero(x) -> bool:
    return type(x) is Fraction and x.numerator == 0


def _integer_root(n: int, q: int) -> int | None:
    """The integer r with r**q == n, or None."""
    r = round(n ** (1.0 / q)) if n < 2**1000 else None
    bits = n.bit_length()
    for candidate in (r - 1, r, r + 1) if r is not None else ():
        # (a power of 2 or more has at least q bits: 2^(2^35) is not built to learn it is not n, as
        # sqrt nested 35 deep, x^(2^−35), asked — 128 GB)
        if candidate >= 0 and (candidate <= 1 or (candidate.bit_length() - 1) * q < bits) and candidate**q == n:
            return candidate
    return None


def same(x, y) -> bool:
    """Equal as exact numbers, or to 40 digits when either is a high-precision number."""
    if isinstance(x, Fraction) and isinstance(y, Fraction):
        return x == y
    x, y = _lifted(x), _lifted(y)
    return abs(x - y) <= SAME_TO * max(1, abs(x), abs(y))


def _lifted(value):
    """A Fraction as a 50-digit number (mpmath compares Fractions with nothing)."""
    if isinstance(value, Fraction):
        import mpmath

        with mpmath.workdps(HIGH_PRECISION_DIGITS):
            return mpmath.mpf(value.numerator) / value.denominator
    return value


def check_size(value, max_bits: int | None) -> None:
    if max_bits is not None and isinstance(value, Fraction) and \
            max(value.numerator.bit_length(), value.denominator.bit_length()) > max_bits:
        raise TooLong()


@lru_cache(maxsize=8)
def domain(digits: int = HIGH_PRECISION_DIGITS, rational_only: bool = False, watched: bool = False,
           printed: bool = False) -> Domain:
    """The shared number domain of a precision (rational_only: Fractions only; watched: a sum that
    cancels in too many digits is `PrecisionLost`, which the solves try again with more digits;
    printed: a spec's solve, whose values are printed, Domain.printed)."""
    return Domain(digits=digits, rational_only=rational_only, watched=watched, printed=printed)
