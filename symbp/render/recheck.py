"""Every printed line re-evaluated, independently, before anything is written.

In:  the lines a rendering printed — a formula, the numbers printed for its inputs, the printed
     result and its relation sign — and the spec (for the activations' parameters).
Out: nothing, or a VerificationError (exit 3) naming the first line whose result is more than one
     unit in its last printed digit from what its printed numbers give, or whose sign is wrong
     ("=" where they do not give it exactly, "≈" where they do).

The arithmetic here is its own: Python's Fraction where the operations are rational, the decimal
module at PRECISION digits for exp/log/tanh, and the activations written out from their textbook
definitions — not the engine's SymPy rules, not mpmath.  A value is exact only where a rational
computation or one of the special points (exp(0) = 1, log(1) = 0, tanh(0) = 0, σ(0) = 1/2,
softmax of equal inputs = 1/n) makes it so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, getcontext, localcontext
from fractions import Fraction

from .. import formula as F
from ..activations import derivative_function, forward_function
from ..errors import VerificationError

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
_RATIONAL = {  # exact for exact arguments: (forward(z, slope), derivative(z, slope)) on Fractions
    "relu": (lambda z, s: z if z > 0 else 0 * z, lambda z, s: Fraction(1 if z > 0 else 0)),
    "leaky_relu": (lambda z, s: z if z > 0 else s * z, lambda z, s: Fraction(1) if z > 0 else s),
    "identity": (lambda z, s: z, lambda z, s: Fraction(1)),
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


class Evaluator:
    """Formula trees over printed numbers, evaluated as described in the module docstring."""

    def __init__(self, spec):
        self.functions = {}  # Function -> (activation name, derivative?, slope)
        for layer in spec.layers:
            self.functions[forward_function(layer.activation, layer.negative_slope)] = (
                layer.activation, False, layer.negative_slope)
            if layer.activation != "softmax":
                self.functions[derivative_function(layer.activation, layer.negative_slope)] = (
                    layer.activation, True, layer.negative_slope)

    def value(self, node, env: dict, digits: int = PRECISION) -> _V:
        with localcontext() as ctx:
            ctx.prec = digits
            return self._value(node, env)

    def _value(self, node, env: dict) -> _V:
        kind = type(node)
        if kind is F.Ref:
            return _exact(env[node.name])
        if kind is F.Const:
            return _exact(node.value)
        if kind is F.Add:
            total = self._value(node.terms[0], env)
            for term in node.terms[1:]:
                total = _combine(lambda a, b: a + b, total, self._value(term, env))
            return total
        if kind is F.Mul:
            product = self._value(node.factors[0], env)
            for factor in node.factors[1:]:
                product = _mul(product, self._value(factor, env))
            return product
        if kind is F.Sub:
            return _combine(lambda a, b: a - b, self._value(node.left, env), self._value(node.right, env))
        if kind is F.Div:
            return _div(self._value(node.numerator, env), self._value(node.denominator, env))
        if kind is F.Neg:
            return _mul(_exact(Fraction(-1)), self._value(node.arg, env))
        if kind is F.Pow:
            base = self._value(node.base, env)
            return _exact(base.exact ** node.exponent) if base.exact is not None else _approx(base.approx ** node.exponent)
        if kind is F.Apply:
            return self._apply(node, env)
        raise VerificationError(f"recheck: cannot evaluate {node!r}")

    def _apply(self, node: F.Apply, env: dict) -> _V:
        key = node.function.key
        if key in ("log", "exp"):
            x = self._value(node.args[0], env)
            if key == "log":
                if x.approx <= 0:
                    raise VerificationError("recheck: log of a non-positive printed number")
                return _exact(Fraction(0)) if x.exact == 1 else _approx(x.approx.ln())
            return _exact(Fraction(1)) if x.exact == 0 else _approx(x.approx.exp())
        if key in _ELEMENTARY:
            return _ELEMENTARY[key](self._value(node.args[0], env))
        name, derivative, slope = self.functions[node.function]
        if node.function.indexed:
            *zs, j = node.args
            return _softmax([self._value(z, env) for z in zs], int(j.value))
        return _activation(name, derivative, slope, self._value(node.args[0], env))


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


def _too_far(value: _V, result: Fraction, unit: Fraction, digits: int) -> tuple[bool, int | None]:
    """Whether the printed result is more than one unit (and the slack of a `digits`-digit
    evaluation, 10^(8 − digits)·max(1, |value|)) from the value; and, where it is more than one
    unit and only that slack could excuse it, the digits at which the slack is a hundredth of a unit."""
    with localcontext() as ctx:
        ctx.prec = digits
        size = max(Decimal(1), abs(value.approx))
        slack = Decimal(10) ** (8 - digits) * size
        off = abs(Decimal(result.numerator) / Decimal(result.denominator) - value.approx)
        unit = Decimal(unit.numerator) / Decimal(unit.denominator)
        needed = 10 + size.adjusted() - unit.adjusted()
        return off > unit + slack, (min(needed, MAX_PRECISION) if off > unit and needed > digits else None)


@dataclass(frozen=True)
class PrintedLine:
    """A line as printed: its result key, formula over input keys, the printed numbers, its sign."""

    result: str
    formula: F.Node
    numbers: dict  # key -> Shown, the inputs' printed numbers
    shown: object  # the result's Shown
    approx: bool


def recheck(lines, spec) -> int:
    """Raise VerificationError at the first printed line that breaks the invariant; else the count."""
    evaluator = Evaluator(spec)
    count = 0
    for line in lines:
        env = {name: shown.value for name, shown in line.numbers.items()}
        try:
            value = evaluator.value(line.formula, env)
        except ArithmeticError as exc:  # log 0, overflow: the printed numbers give no value
            raise VerificationError(f"verification failed: the printed line {line.result} cannot be worked out "
                                    f"from its printed numbers ({type(exc).__name__})") from None
        result = line.shown.value
        too_far, digits = _too_far(value, result, line.shown.unit, PRECISION)
        if digits is not None:  # 1 + e^−200 is 1 at 60 digits: L ≈ 1.4·10⁻⁸⁷ within a slack of 10⁻⁵²
            value = evaluator.value(line.formula, env, digits)  # with the digits that tell one unit
            too_far, _ = _too_far(value, result, line.shown.unit, digits)
        exact = value.exact is not None and value.exact == result
        if too_far or exact == line.approx:
            sign = "≈" if line.approx else "="
            raise VerificationError(
                f"verification failed: the printed line {line.result} {sign} {float(line.shown.value):.6g} does not follow "
                f"from its printed numbers (they give {value.exact if value.exact is not None else value.approx})")
        count += 1
    return count
