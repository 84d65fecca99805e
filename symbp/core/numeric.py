"""Numbers: trees and SymPy expressions -> exact or 50-digit values.

In:  a tree (`expr.py`) or a SymPy expression, and the values it refers to.
Out: its value in a `Domain`:
  - hybrid (the default): a value stays an exact `Fraction` through rational operations (and
    through transcendental functions at their special arguments: exp(0) = 1, ln(1) = 0,
    tanh(0) = 0, √(9/4) = 3/2); it becomes a 50-digit mpmath number only where a transcendental
    function of another argument makes it irrational, and so does what is computed from it;
  - high precision: every value at 50 digits (what a whole computation falls back to when exact
    numbers outgrow `MAX_EXACT_BITS`).
An operation's value is its SymPy forward rule, compiled once per (operation, parameter, number of
arguments) into a closure; in high precision, values equal to 40 digits compare equal, so that an
exact 0 that arrives as a few units in the 50th digit stands at ReLU's kink as in exact arithmetic.
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction
from functools import reduce
from typing import Callable

from .expr import AllOf, AnyOf, Call, Cases, Compare, Const, Ref

HIGH_PRECISION_DIGITS = 50
SAME_TO = 1e-40  # high-precision values this close (relatively) are the same number
MAX_EXACT_BITS = 400  # an exact numerator or denominator beyond this: recompute in high precision
MAX_EXP_ARGUMENT = 10**5


class TooLong(ArithmeticError):
    """An exact value outgrew MAX_EXACT_BITS."""


class Domain:
    def __init__(self, high_precision: bool = False):
        import mpmath

        self.high_precision = high_precision
        self.context = mpmath.mp.clone()
        self.context.dps = HIGH_PRECISION_DIGITS
        self._ops: dict = {}

    # numbers ---------------------------------------------------------------------------------------
    def number(self, value):
        """A given value (Fraction, int) in this domain."""
        value = Fraction(value) if isinstance(value, int) else value
        return self.lift(value) if self.high_precision else value

    def lift(self, value):
        if isinstance(value, Fraction):
            return self.context.mpf(value.numerator) / value.denominator
        return self.context.mpf(value)

    @staticmethod
    def is_exact(value) -> bool:
        return isinstance(value, Fraction)

    # transcendental functions: exact at their special arguments -------------------------------------
    def exp(self, x):
        if x > MAX_EXP_ARGUMENT:  # mpmath would try to hold a number of more than 10^MAX digits
            raise ArithmeticError("exp of a number too large to compute")
        return Fraction(1) if x == 0 and self.is_exact(x) else self.context.exp(x)

    def log(self, x):
        if x <= 0:
            raise ArithmeticError("ln of a non-positive number")
        return Fraction(0) if x == 1 and self.is_exact(x) else self.context.log(x)

    def tanh(self, x):
        return Fraction(0) if x == 0 and self.is_exact(x) else self.context.tanh(x)

    def sqrt(self, x):
        if x < 0:
            raise ArithmeticError("square root of a negative number")
        if self.is_exact(x):
            num, den = math.isqrt(x.numerator), math.isqrt(x.denominator)
            if num * num == x.numerator and den * den == x.denominator:
                return Fraction(num, den)
        return self.context.sqrt(x)

    def root(self, x, q: int):
        if q == 2:
            return self.sqrt(x)
        if x < 0 and q % 2 == 0:
            raise ArithmeticError("even root of a negative number")
        if self.is_exact(x):
            num, den = _integer_root(abs(x.numerator), q), _integer_root(x.denominator, q)
            if num is not None and den is not None:
                return Fraction(num if x >= 0 else -num, den)
        return self.context.root(x, q) if x >= 0 else -self.context.root(-x, q)

    def power(self, base, exponent: int):
        if base == 0 and exponent < 0:
            raise ZeroDivisionError("division by zero")
        return base ** exponent

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
        def compare(x, y):
            if self.is_exact(x) and self.is_exact(y):
                return op(x, y)
            x, y = self.lift(x), self.lift(y)
            return op(0, 0) if abs(x - y) <= SAME_TO * max(1, abs(x), abs(y)) else op(x, y)

        return compare

    # operations ------------------------------------------------------------------------------------
    def operation(self, op: str, param, count: int) -> Callable:
        """The value of an operation on `count` argument values, from its SymPy rule."""
        key = (op, param, count)
        compiled = self._ops.get(key)
        if compiled is None:
            from .operations import OPERATIONS, placeholders

            symbols = placeholders(count)
            body = compile_sympy(OPERATIONS[op].rule(symbols, param), self)
            names = [s.name for s in symbols]
            compiled = self._ops[key] = lambda values: body(dict(zip(names, values)))
        return compiled


def _integer_root(n: int, q: int) -> int | None:
    """The integer r with r**q == n, or None."""
    r = round(n ** (1.0 / q)) if n < 2**1000 else None
    for candidate in (r - 1, r, r + 1) if r is not None else ():
        if candidate >= 0 and candidate**q == n:
            return candidate
    return None


_RELATIONS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt,
              "==": operator.eq, "!=": operator.ne}


def compile_sympy(expr, domain: Domain) -> Callable[[dict], object]:
    """A closure env -> value for a SymPy expression (env: symbol name -> value)."""
    import sympy

    if expr.is_Symbol:
        key = expr.name
        return lambda env: env[key]
    if expr.is_Rational:
        value = domain.number(Fraction(int(expr.p), int(expr.q)))
        return lambda env: value
    if expr == sympy.E:
        return lambda env: domain.exp(Fraction(1))
    if expr.is_Add or expr.is_Mul:
        parts = [compile_sympy(arg, domain) for arg in expr.args]
        op = operator.add if expr.is_Add else operator.mul
        return lambda env: reduce(op, (p(env) for p in parts))
    if expr.is_Pow:
        base = compile_sympy(expr.base, domain)
        if expr.exp.is_Integer:
            exponent = int(expr.exp)
            return lambda env: domain.power(base(env), exponent)
        if expr.exp.is_Rational:  # the q-th root of base to the power p
            p, q = int(expr.exp.p), int(expr.exp.q)
            return lambda env: domain.power(domain.root(base(env), q), p)
        if expr.base == sympy.E:
            exponent_of_e = compile_sympy(expr.exp, domain)
            return lambda env: domain.exp(exponent_of_e(env))
    for sympy_class, name in ((sympy.exp, "exp"), (sympy.log, "log"), (sympy.tanh, "tanh")):
        if isinstance(expr, sympy_class):
            function, arg = getattr(domain, name), compile_sympy(expr.args[0], domain)
            return lambda env: function(arg(env))
    if isinstance(expr, sympy.Piecewise):
        branches = [(_compile_condition(cond, domain), compile_sympy(value, domain)) for value, cond in expr.args]
        return lambda env: _first_branch(branches, env)
    if isinstance(expr, (sympy.Abs, sympy.sign, sympy.Max, sympy.Min)):  # SymPy's own forms of the kinked rules
        parts = [compile_sympy(arg, domain) for arg in expr.args]
        function = {sympy.Abs: domain.abs, sympy.sign: domain.sign, sympy.Max: domain.largest,
                    sympy.Min: domain.smallest}[type(expr)]
        return lambda env: function(*[p(env) for p in parts])
    if expr in (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        return _undefined
    raise TypeError(f"cannot evaluate {expr!r}")


def _undefined(env):
    raise ArithmeticError("the value is undefined")


def _first_branch(branches, env):
    for condition, value in branches:
        if condition(env):
            return value(env)
    raise ArithmeticError("no branch of a piecewise function applies")


def _compile_condition(cond, domain: Domain):
    import sympy

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
    lhs, rhs = compile_sympy(cond.lhs, domain), compile_sympy(cond.rhs, domain)
    return lambda env: op(lhs(env), rhs(env))


def compile_tree(tree, domain: Domain) -> Callable[[dict], object]:
    """A closure env -> value for a tree (env: Identity -> value)."""
    if isinstance(tree, Ref):
        key = tree.identity
        return lambda env: env[key]
    if isinstance(tree, Const):
        value = domain.number(tree.value)
        return lambda env: value
    if isinstance(tree, Call):
        apply = domain.operation(tree.op, tree.param, len(tree.args))
        args = [compile_tree(a, domain) for a in tree.args]
        return lambda env: apply([a(env) for a in args])
    if isinstance(tree, Cases):
        branches = [(lambda env: True) if c is None else compile_tree(c, domain) for _, c in tree.branches]
        values = [compile_tree(v, domain) for v, _ in tree.branches]
        return lambda env: _first_branch(zip(branches, values), env)
    if isinstance(tree, Compare):
        op = domain.relation(_RELATIONS[tree.relation])
        left, right = compile_tree(tree.left, domain), compile_tree(tree.right, domain)
        return lambda env: op(left(env), right(env))
    if isinstance(tree, (AllOf, AnyOf)):
        parts = [compile_tree(c, domain) for c in tree.conditions]
        combine = all if isinstance(tree, AllOf) else any
        return lambda env: combine(p(env) for p in parts)
    raise TypeError(f"cannot evaluate {tree!r}")


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
