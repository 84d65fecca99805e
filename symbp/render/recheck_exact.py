"""The recheck's shortcut for formulas of rational operations: a formula tree -> a function of the
printed numbers that gives the exact value recheck.py's general rules give there (as a Fraction),
or raises `Inexact` where an activation is not rational (recheck.py then evaluates the formula its
general way).  The same operations on the same Fractions, without wrapping each value.
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
