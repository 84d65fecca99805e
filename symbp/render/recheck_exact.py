"""The recheck's shortcut for formulas of rational operations: a formula tree -> a function of the
printed numbers that gives the exact value recheck.py's general rules give there, or raises
`Inexact` where an activation is not rational (recheck.py then evaluates the formula its general
way).  `compile_rational`: the same operations on the same Fractions, without wrapping each value;
`compile_pairs`: the same value as a pair of integers (numerator, denominator > 0) not reduced to
lowest terms — integer products and sums only, no gcd per operation (what recheck.py compares it
with is decided by cross-multiplying, which needs no lowest terms).
"""

from __future__ import annotations

from fractions import Fraction
from operator import add, mul

from .. import formula as F

RATIONAL = {  # exact for exact arguments: (forward(z, slope), derivative(z, slope)) on Fractions
    "relu": (lambda z, s: z if z > 0 else 0 * z, lambda z, s: Fraction(1 if z > 0 else 0)),
    "leaky_relu": (lambda z, s: z if z > 0 else s * z, lambda z, s: Fraction(1) if z > 0 else s),
    "identity": (lambda z, s: z, lambda z, s: Fraction(1)),
}


class Inexact(Exception):
    """A function that is not rational (or not on exact values): evaluated through _V instead."""


_NODES = {
    F.Add: lambda parts: folded(parts, add), F.Mul: lambda parts: folded(parts, mul),
    F.Sub: lambda parts: lambda env, functions: parts[0](env, functions) - parts[1](env, functions),
    F.Div: lambda parts: lambda env, functions: parts[0](env, functions) / parts[1](env, functions),
    F.Neg: lambda parts: lambda env, functions: Fraction(-1) * parts[0](env, functions),
}


def folded(parts, op):
    """(env, functions) -> op(…op(op(parts[0](…), parts[1](…)), …): a sum or product, left to right."""
    first, rest = parts[0], parts[1:]

    def fold(env, functions):
        total = first(env, functions)
        for part in rest:
            total = op(total, part(env, functions))
        return total
    return fold


def compile_rational(node, never: tuple):
    """(env, functions) -> the Fraction that `_compile(node)` gives as its exact value, or Inexact;
    None for a formula with a function that is never rational (keys in `never`: exp, log, √, …; softmax).
    (A product with a factor 0 is 0, a quotient of 0 by a non-zero number 0: as the _V rules give.)"""
    kind = type(node)
    if kind is F.Ref:
        name = node.name
        return lambda env, functions: env[name]
    if kind is F.Const:
        constant = node.value
        return lambda env, functions: constant
    children = {F.Add: lambda: node.terms, F.Mul: lambda: node.factors, F.Sub: lambda: (node.left, node.right),
                F.Div: lambda: (node.numerator, node.denominator), F.Neg: lambda: (node.arg,)}.get(kind)
    if children is not None:
        parts = [compile_rational(child, never) for child in children()]
        return None if None in parts or not parts else _NODES[kind](parts)
    if kind is F.Pow:
        base, exponent = compile_rational(node.base, never), node.exponent
        return None if base is None else (lambda env, functions: base(env, functions) ** exponent)
    if kind is F.Apply and not node.function.indexed and node.function.key not in never:
        function, arg = node.function, compile_rational(node.args[0], never)
        if arg is None:
            return None

        def activation(env, functions):
            name, derivative, slope = functions[function]
            if name not in RATIONAL:
                raise Inexact
            return Fraction(RATIONAL[name][1 if derivative else 0](arg(env, functions), slope))
        return activation
    return None


def _pair_sum(x: tuple, y: tuple) -> tuple:
    p, q = x
    r, s = y
    return (p + r, q) if q == s else (p * s + r * q, q * s)


def _pair_difference(x: tuple, y: tuple) -> tuple:
    p, q = x
    r, s = y
    return (p - r, q) if q == s else (p * s - r * q, q * s)


def _pair_product(x: tuple, y: tuple) -> tuple:
    return x[0] * y[0], x[1] * y[1]


def _pair_quotient(x: tuple, y: tuple) -> tuple:
    p, q = x
    r, s = y
    if r == 0:
        raise ZeroDivisionError("division by a printed 0")
    return (p * s, q * r) if r > 0 else (-p * s, -q * r)


def _pair_power(x: tuple, exponent: int) -> tuple:
    p, q = x
    if exponent >= 0:
        return p ** exponent, q ** exponent
    return _pair_quotient((1, 1), (p ** -exponent, q ** -exponent))


def _pair_fold(parts, op):
    first, rest = parts[0], parts[1:]

    def fold(env, functions):
        total = first(env, functions)
        for part in rest:
            total = op(total, part(env, functions))
        return total
    return fold


_PAIR_NODES = {
    F.Add: lambda parts: _pair_fold(parts, _pair_sum), F.Mul: lambda parts: _pair_fold(parts, _pair_product),
    F.Sub: lambda parts: lambda env, functions: _pair_difference(parts[0](env, functions), parts[1](env, functions)),
    F.Div: lambda parts: lambda env, functions: _pair_quotient(parts[0](env, functions), parts[1](env, functions)),
    F.Neg: lambda parts: lambda env, functions: _pair_negative(parts[0](env, functions)),
}


def _pair_negative(x: tuple) -> tuple:
    return -x[0], x[1]


def _pair_activation(name: str, derivative: bool, z: tuple, slope: Fraction) -> tuple:
    """RATIONAL's rules on a pair (z > 0 read from its numerator: the denominator is positive)."""
    if name == "relu":
        return (1 if z[0] > 0 else 0, 1) if derivative else (z if z[0] > 0 else (0, 1))
    if name == "leaky_relu":
        if z[0] > 0:
            return (1, 1) if derivative else z
        return (slope.numerator, slope.denominator) if derivative else (slope.numerator * z[0], slope.denominator * z[1])
    if name == "identity":
        return (1, 1) if derivative else z
    raise Inexact


def compile_pairs(node, never: tuple):
    """(env, functions) -> (numerator, denominator > 0) of the value `compile_rational(node)` gives, not
    in lowest terms, or Inexact; None where `compile_rational` gives None.  The env holds the printed
    numbers themselves (numbers.Shown: their `ratio`, the integers of their values)."""
    kind = type(node)
    if kind is F.Ref:
        name = node.name

        return lambda env, functions: env[name].ratio
    if kind is F.Const:
        if not isinstance(node.value, (Fraction, int)):
            return None
        constant = (node.value.numerator, node.value.denominator)
        return lambda env, functions: constant
    children = {F.Add: lambda: node.terms, F.Mul: lambda: node.factors, F.Sub: lambda: (node.left, node.right),
                F.Div: lambda: (node.numerator, node.denominator), F.Neg: lambda: (node.arg,)}.get(kind)
    if children is not None:
        parts = [compile_pairs(child, never) for child in children()]
        return None if None in parts or not parts else _PAIR_NODES[kind](parts)
    if kind is F.Pow:
        base, exponent = compile_pairs(node.base, never), node.exponent
        return None if base is None else (lambda env, functions: _pair_power(base(env, functions), exponent))
    if kind is F.Apply and not node.function.indexed and node.function.key not in never:
        function, arg = node.function, compile_pairs(node.args[0], never)
        if arg is None:
            return None

        def activation(env, functions):
            name, derivative, slope = functions[function]
            if name not in RATIONAL:
                raise Inexact
            return _pair_activation(name, derivative, arg(env, functions), slope)
        return activation
    return None


_PAIRS: dict = {}  # id(formula) -> (formula, compile_pairs of it): the formula kept, so that its id stays its own


def compiled_pairs(node, never: tuple):
    """`compile_pairs(node, never)`, made once per formula object (a worksheet's variants print the same formulas)."""
    entry = _PAIRS.get(id(node))
    if entry is None or entry[0] is not node:
        if len(_PAIRS) >= 1 << 14:
            _PAIRS.clear()
        entry = _PAIRS[id(node)] = (node, compile_pairs(node, never))
    return entry[1]


# An exact value within half a unit of a result of at most 20 digits before its last one: the
# measure of recheck._too_far (the result to 28 digits, the value to 60) is off from the exact distance by less
# than 10^-7 of a unit, so it finds the line within one unit too; it is not worked out then.
_NEAR = 10**20


def near(result: Fraction, value: Fraction, unit: Fraction) -> bool:
    """|result − value| <= unit / 2 and |result| <= unit · _NEAR, in integers."""
    return near_integers((result.numerator, result.denominator), value.numerator, value.denominator, unit)


def near_integers(result: tuple, a: int, b: int, unit: Fraction) -> bool:
    """`near` of a result given as (numerator, denominator > 0) and the value a/b (b > 0, neither
    necessarily in lowest terms)."""
    (p, q), u, v = result, unit.numerator, unit.denominator
    return 2 * abs(p * b - a * q) * v <= u * q * b and abs(p) * v <= u * _NEAR * q
