"""Number domains: how symbp computes, and SymPy expressions compiled in them.

    exact   `Fraction`s only (networks whose activations and loss keep rationals rational)
    hybrid  a value stays an exact `Fraction` while it comes from rationals by rational
            operations (+ − · ÷, integer powers, ReLU's branches; a product with an exact 0 is
            an exact 0; exp(0) = 1, log(1) = 0, tanh(0) = 0, so σ(0) = 1/2) and becomes a
            50-digit mpmath number only through a transcendental function of any other
            argument.  A `Fraction` is therefore exact by construction.  The one value decided
            numerically is a sum of 50-digit numbers that cancel in every digit carried (Σδ of a
            softmax output): it is 0 (_Hybrid._cancelled).

`_compile(expr, domain)`: a SymPy expression (Add, Mul, Pow, Piecewise, exp, log, tanh) -> a
closure env -> value in that domain.  `_domain(exact)`: the shared instance of each domain.
"""

from __future__ import annotations

import operator
from fractions import Fraction
from functools import reduce
from typing import Callable

from .errors import SpecError

HIGH_PRECISION_DIGITS = 50

class _Exact:
    """Rational arithmetic."""

    exact = True
    add, sub, mul, truediv = operator.add, operator.sub, operator.mul, operator.truediv

    @staticmethod
    def const(p: int, q: int):
        return Fraction(p, q)

    @staticmethod
    def convert(value):
        return Fraction(value)

    def function(self, name: str):
        raise SpecError("spec", f"{name} needs high precision, not exact arithmetic")

    @staticmethod
    def power(base, exponent):
        return base ** exponent

    @staticmethod
    def relation(op):
        return op


def _is_exact_zero(x) -> bool:
    return type(x) is Fraction and x.numerator == 0


_MIXED_OPERATIONS = ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__", "__add__", "__radd__",
                     "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__")


def _mixes_with_fractions(mpf_type, high) -> None:
    """Let this context's numbers meet Fractions in comparisons and arithmetic (mpmath alone
    refuses `mpf < Fraction` and `Fraction − mpf`): a solution holds both, and code that compares
    its values (has the loss fallen?) must not care which is which.  The type is this context's
    own subclass of mpf, so nothing outside symbp's number domain changes."""
    for name in _MIXED_OPERATIONS:
        plain = getattr(mpf_type, name)

        def mixed(x, y, plain=plain):
            return plain(x, high(y) if isinstance(y, Fraction) else y)

        setattr(mpf_type, name, mixed)
    mpf_type.__hash__ = mpf_type.__mro__[1].__hash__


class _Hybrid:
    """Exact Fractions while exact, 50-digit mpmath numbers from the first transcendental step."""

    exact = False

    def __init__(self, digits: int = HIGH_PRECISION_DIGITS):
        import mpmath

        self.mpmath = mpmath
        self.context = mpmath.mp.clone()
        self.context.dps = digits
        _mixes_with_fractions(self.context.mpf, self.high)
        # the relative size below which a sum has cancelled up to the last 16 bits computed
        self.cancellation = self.context.ldexp(1, 16 - self.context.prec)

    def const(self, p: int, q: int):
        return Fraction(p, q)

    def convert(self, value):
        if isinstance(value, Fraction):
            return value
        if isinstance(value, int):
            return Fraction(value)
        return self.context.mpf(value)

    def high(self, x):
        """x as an mpmath number of this context."""
        if isinstance(x, Fraction):
            return self.context.mpf(x.numerator) / x.denominator
        return self.context.mpf(x)

    def _alike(self, x, y):
        """Both Fractions, or both mpmath numbers (mpmath does not mix with Fraction everywhere)."""
        if type(x) is type(y):
            return x, y
        return self.high(x), self.high(y)

    def add(self, x, y):
        if type(x) is type(y) is Fraction:
            return x + y
        return self._cancelled(self.high(x), self.high(y), self.high(x) + self.high(y))

    def sub(self, x, y):
        if type(x) is type(y) is Fraction:
            return x - y
        return self._cancelled(self.high(x), self.high(y), self.high(x) - self.high(y))

    def _cancelled(self, x, y, result):
        """A sum whose terms cancel in every digit the 50-digit arithmetic carries is 0: the two
        softmax δ of a 2-class output sum to 0, and so does w·δ_0 + w·δ_1, but in 50 digits only
        up to the rounding of their last bits.  (A true difference that small — 10^-46 of the
        terms — does not arise from numbers written with a few digits.)"""
        if abs(result) <= self.cancellation * max(abs(x), abs(y)):
            return Fraction(0)
        return result

    def mul(self, x, y):
        if _is_exact_zero(x) or _is_exact_zero(y):
            return Fraction(0)
        x, y = self._alike(x, y)
        return x * y

    def truediv(self, x, y):
        if _is_exact_zero(x) and y != 0:
            return Fraction(0)
        x, y = self._alike(x, y)
        return x / y

    def power(self, base, exponent):
        if isinstance(exponent, Fraction) and exponent.denominator == 1:
            return base ** int(exponent)
        return self.high(base) ** self.high(exponent)

    def relation(self, op):
        return lambda x, y: op(*self._alike(x, y))

    def function(self, name: str):
        ctx = self.context

        def exp(x):
            return Fraction(1) if _is_exact_zero(x) else ctx.exp(self.high(x))

        def log(x):
            if x <= 0:
                raise ArithmeticError(f"log of {self.mpmath.nstr(self.high(x), 6)}")
            return Fraction(0) if type(x) is Fraction and x == 1 else ctx.log(self.high(x))

        def log1p(x):
            if x <= -1:
                raise ArithmeticError(f"log of {self.mpmath.nstr(self.high(x) + 1, 6)}")
            return Fraction(0) if _is_exact_zero(x) else ctx.log1p(self.high(x))

        def tanh(x):
            return Fraction(0) if _is_exact_zero(x) else ctx.tanh(self.high(x))

        return {"exp": exp, "log": log, "log1p": log1p, "tanh": tanh}[name]


def _compile(expr, domain) -> Callable[[dict], object]:
    """A closure env -> value for a SymPy expression (Add, Mul, Pow, Piecewise, exp, log, tanh)."""
    import sympy

    if expr.is_Symbol:
        key = expr.name
        return lambda env: env[key]
    if expr.is_Rational:
        value = domain.const(int(expr.p), int(expr.q))
        return lambda env: value
    if expr.is_Add or expr.is_Mul:
        parts = [_compile(arg, domain) for arg in expr.args]
        op = domain.add if expr.is_Add else domain.mul
        return lambda env: reduce(op, (p(env) for p in parts))
    if expr.is_Pow:
        base = _compile(expr.base, domain)
        if expr.exp.is_Integer:
            exponent = int(expr.exp)
            return lambda env: base(env) ** exponent
        exponent_fn = _compile(expr.exp, domain)
        return lambda env: domain.power(base(env), exponent_fn(env))
    if isinstance(expr, sympy.Piecewise):
        branches = [(_compile_condition(cond, domain), _compile(value, domain)) for value, cond in expr.args]

        def piecewise(env):
            for condition, value in branches:
                if condition(env):
                    return value(env)
            raise ArithmeticError("no branch of a piecewise function applies")

        return piecewise
    if isinstance(expr, sympy.log) and expr.args[0].is_Add and sympy.S.One in expr.args[0].args:
        # log(1 + u) as log1p(u): softplus' log(1 + e^z) keeps its digits for z ≪ 0
        function = domain.function("log1p")
        arg = _compile(expr.args[0] - 1, domain)
        return lambda env: function(arg(env))
    if isinstance(expr, (sympy.exp, sympy.log, sympy.tanh)):
        function = domain.function(type(expr).__name__)
        arg = _compile(expr.args[0], domain)
        return lambda env: function(arg(env))
    if expr in (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        # e.g. log(0) in a branch of a whole-network Piecewise: an error only if that branch is taken
        return _undefined(expr)
    if isinstance(expr, (sympy.logic.boolalg.Boolean, sympy.core.relational.Relational)):
        return _compile_condition(expr, domain)  # a condition SymPy's cse took out of a Piecewise
    raise TypeError(f"cannot evaluate {expr!r}")


def _undefined(expr):
    def fail(env):
        raise ArithmeticError(f"the value is undefined ({expr})")

    return fail


_RELATIONS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq, "!=": operator.ne}


def _compile_condition(cond, domain):
    """A closure env -> bool for a Piecewise condition: relations, And, Or, Not, ITE, True/False."""
    import sympy

    if cond.is_Symbol:  # a condition named by cse
        key = cond.name
        return lambda env: env[key]
    if cond is sympy.true or cond is sympy.false:
        constant = bool(cond)
        return lambda env: constant
    if isinstance(cond, (sympy.And, sympy.Or)):
        parts = [_compile_condition(arg, domain) for arg in cond.args]
        combine = all if isinstance(cond, sympy.And) else any
        return lambda env: combine(p(env) for p in parts)
    if isinstance(cond, sympy.Not):
        inner = _compile_condition(cond.args[0], domain)
        return lambda env: not inner(env)
    if isinstance(cond, sympy.ITE):
        test, then, otherwise = (_compile_condition(arg, domain) for arg in cond.args)
        return lambda env: then(env) if test(env) else otherwise(env)
    op = domain.relation(_RELATIONS[cond.rel_op])
    lhs, rhs = _compile(cond.lhs, domain), _compile(cond.rhs, domain)
    return lambda env: op(lhs(env), rhs(env))


_DOMAINS: dict = {}


def _domain(exact: bool, digits: int = HIGH_PRECISION_DIGITS):
    key = (exact, None if exact else digits)
    if key not in _DOMAINS:
        _DOMAINS[key] = _Exact() if exact else _Hybrid(digits)
    return _DOMAINS[key]
