"""The values of recheck.py's general rules: a formula tree over printed numbers, worked out.

In:  a formula tree (formula.py's nodes) and, when run, its printed numbers' values by name (Fractions)
     and the spec's activations (recheck.Evaluator.functions: Function -> (name, derivative?, slope)).
Out: `_compile(node)` -> (env, functions) -> _V: the value exact (a Fraction) where the operations are
     rational on exact values or at a special point, else a Decimal at `_precision()` digits; the
     activations written out from their textbook definitions here (recheck.py's docstring).
"""

from __future__ import annotations

import math
from decimal import Decimal, getcontext, localcontext
from fractions import Fraction
from operator import add, sub

from .. import formula as F
from ..errors import VerificationError
from .recheck_exact import RATIONAL as _RATIONAL
from .recheck_exact import folded

PRECISION = 60
MAX_PRECISION = 1200  # a line whose result is too small to tell at 60 digits: up to this many


def _precision() -> int:
    """The digits of this evaluation: PRECISION, or more where `recheck` asks for more."""
    return max(PRECISION, getcontext().prec)


class _V:
    """A value: `exact` (a Fraction) when it is known exactly, else only `approx`.  The approx of
    an exact value (its 60-digit Decimal) is worked out when first read: a rational network's
    lines never read it but once, for the comparison with the printed result."""

    __slots__ = ("exact", "_approx")

    def __init__(self, approx: Decimal | None, exact: Fraction | None = None):
        self.exact = exact
        self._approx = approx

    @property
    def approx(self) -> Decimal:
        if self._approx is None:
            with localcontext() as ctx:
                ctx.prec = _precision()
                self._approx = Decimal(self.exact.numerator) / Decimal(self.exact.denominator)
        return self._approx


def _exact(x: Fraction) -> _V:
    return _V(None, x)


def _approx(x: Decimal) -> _V:
    return _V(+x)


def _combine(op, x: _V, y: _V) -> _V:
    if x.exact is not None and y.exact is not None:
        return _exact(op(x.exact, y.exact))
    return _approx(op(x.approx, y.approx))


def _mul(x: _V, y: _V) -> _V:
    if x.exact == 0 or y.exact == 0:
        return _exact(Fraction(0))
    return _combine(lambda a, b: a * b, x, y)


def _div(x: _V, y: _V) -> _V:
    if x.exact == 0 and y.approx != 0:
        return _exact(Fraction(0))
    return _combine(lambda a, b: a / b, x, y)


def _sigmoid(x: Decimal) -> Decimal:
    if x < 0:
        e = x.exp()
        return e / (1 + e)
    return 1 / (1 + (-x).exp())


def _softplus(x: Decimal) -> Decimal:
    """log(1 + e^x), written so that no e^x overflows: max(x, 0) + log(1 + e^−|x|)."""
    return max(x, Decimal(0)) + (1 + (-abs(x)).exp()).ln()


def _tanh(x: Decimal) -> Decimal:
    if x < 0:
        return -_tanh(-x)
    e = (-2 * x).exp()
    return (1 - e) / (1 + e)


# name -> (forward(z, slope), derivative(z, slope)) on Decimals, and the special point z = 0
# where a transcendental activation's value is exact: (forward, derivative) there, or None.
_ACTIVATIONS = {
    "sigmoid": (lambda z, s: _sigmoid(z), lambda z, s: _sigmoid(z) * (1 - _sigmoid(z)), (Fraction(1, 2), Fraction(1, 4))),
    "tanh": (lambda z, s: _tanh(z), lambda z, s: 1 - _tanh(z) ** 2, (Fraction(0), Fraction(1))),
    "softplus": (lambda z, s: _softplus(z), lambda z, s: _sigmoid(z), (None, Fraction(1, 2))),
}


def _activation(name: str, derivative: bool, slope: Fraction, z: _V) -> _V:
    if name in _RATIONAL:
        rule = _RATIONAL[name][1 if derivative else 0]
        if z.exact is None:  # only reached from a non-rational argument
            raise VerificationError(f"recheck: {name} of an inexact value")
        return _exact(Fraction(rule(z.exact, slope)))
    forward, slope_rule, special = _ACTIVATIONS[name]
    if z.exact == 0 and special[1 if derivative else 0] is not None:
        return _exact(special[1 if derivative else 0])
    with localcontext() as ctx:
        ctx.prec = _precision()
        return _approx(slope_rule(z.approx, slope) if derivative else forward(z.approx, slope))


def _softmax(zs: list[_V], j: int) -> _V:
    if all(z.exact is not None for z in zs) and len({z.exact for z in zs}) == 1:
        return _exact(Fraction(1, len(zs)))
    with localcontext() as ctx:
        ctx.prec = _precision()
        top = max(z.approx for z in zs)
        exps = [(z.approx - top).exp() for z in zs]
        return _approx(exps[j] / sum(exps))


def _compile(node):
    """(env, functions) -> _V of `node`: its printed numbers in `env`, the activations of the
    spec in `functions` (Evaluator.functions)."""
    kind = type(node)
    if kind is F.Ref:
        name = node.name
        return lambda env, functions: _V(None, env[name])
    if kind is F.Const:
        constant = node.value
        return lambda env, functions: _V(None, constant)
    if kind in (F.Add, F.Mul):
        step = (lambda x, y: _combine(add, x, y)) if kind is F.Add else _mul
        return folded([_compile(t) for t in (node.terms if kind is F.Add else node.factors)], step)
    if kind is F.Sub or kind is F.Div:
        left, right = (_compile(node.left), _compile(node.right)) if kind is F.Sub else (
            _compile(node.numerator), _compile(node.denominator))
        if kind is F.Sub:
            return lambda env, functions: _combine(sub, left(env, functions), right(env, functions))
        return lambda env, functions: _div(left(env, functions), right(env, functions))
    if kind is F.Neg:
        arg = _compile(node.arg)
        return lambda env, functions: _mul(_exact(Fraction(-1)), arg(env, functions))
    if kind is F.Pow:
        base, exponent = _compile(node.base), node.exponent

        def power(env, functions):
            x = base(env, functions)
            return _exact(x.exact ** exponent) if x.exact is not None else _approx(x.approx ** exponent)
        return power
    if kind is F.Apply:
        return _compile_apply(node)
    raise VerificationError(f"recheck: cannot evaluate {node!r}")


def _compile_apply(node: F.Apply):
    function = node.function
    key = function.key
    args = [_compile(a) for a in node.args]
    if key == "log":
        def log(env, functions):
            x = args[0](env, functions)
            if x.approx <= 0:
                raise VerificationError("recheck: log of a non-positive printed number")
            return _exact(Fraction(0)) if x.exact == 1 else _approx(x.approx.ln())
        return log
    if key == "exp":
        def exp(env, functions):
            x = args[0](env, functions)
            return _exact(Fraction(1)) if x.exact == 0 else _approx(x.approx.exp())
        return exp
    if key in _ELEMENTARY:
        rule = _ELEMENTARY[key]
        return lambda env, functions: rule(args[0](env, functions))
    if function.indexed:
        *zs, j = args
        index = int(node.args[-1].value)

        def softmax(env, functions):
            functions[function]  # noqa: B018 (an activation of the spec, else an error, as below)
            return _softmax([z(env, functions) for z in zs], index)
        return softmax

    def activation(env, functions):
        name, derivative, slope = functions[function]
        return _activation(name, derivative, slope, args[0](env, functions))
    return activation


def _sqrt(x: _V) -> _V:
    if x.approx < 0:
        raise VerificationError("recheck: square root of a negative printed number")
    if x.exact is not None:
        top, bottom = math.isqrt(x.exact.numerator), math.isqrt(x.exact.denominator)
        if top * top == x.exact.numerator and bottom * bottom == x.exact.denominator:
            return _exact(Fraction(top, bottom))
    return _approx(x.approx.sqrt())


def _sign(x: _V) -> _V:
    return _exact(Fraction((x.approx > 0) - (x.approx < 0)))


# the optimizers' and the regularization's functions: √ (exact for squares of rationals), |x|, sign
_ELEMENTARY = {"sqrt": _sqrt, "sign": _sign,
               "abs": lambda x: _exact(abs(x.exact)) if x.exact is not None else _approx(abs(x.approx))}
_NEVER = ("log", "exp", *_ELEMENTARY)  # the functions that are never rational (softmax aside)
