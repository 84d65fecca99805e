"""The activation registry: one entry per activation, holding its forward rule (SymPy), how it is
displayed, and the form of its derivative shown to students.  The derivative that is *evaluated*
always comes from SymPy differentiating the forward rule (`derivative_rule`).

Adding an activation means adding one entry to ACTIVATIONS; nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Callable

from .formula import Function


@dataclass(frozen=True)
class Activation:
    name: str
    latex: str  # function name in LaTeX math
    text: str  # function name in plain text
    rule: Callable  # (z, negative_slope) -> SymPy expression; for softmax (zs, j) -> expression
    rational: bool  # rational inputs give rational outputs (exact arithmetic stays exact)
    elementwise: bool = True
    # The derivative written through the activation's own output a = f(z), for display
    # (sigmoid: a(1 - a)); None when the derivative is shown as a function of z only.
    output_form: Callable | None = None
    kink: bool = False  # not differentiable at z = 0 (ReLU, leaky ReLU)
    # The closed interval its outputs lie in, where bounded (σ: [0, 1]): what a student's rounded
    # output can stand for (`check`: a written σ of 1.000 is no value above 1)
    output_range: tuple | None = None


def _sympy():
    import sympy

    return sympy


def _relu(z, slope):
    sp = _sympy()
    return sp.Piecewise((0, z <= 0), (z, True))


def _leaky_relu(z, slope):
    sp = _sympy()
    return sp.Piecewise((sp.Rational(slope.numerator, slope.denominator) * z, z <= 0), (z, True))


def _sigmoid(z, slope):
    sp = _sympy()
    return 1 / (1 + sp.exp(-z))


def _tanh(z, slope):
    return _sympy().tanh(z)


def _identity(z, slope):
    return z


def _softplus(z, slope):
    sp = _sympy()
    return sp.log(1 + sp.exp(z))


def _softmax(zs, j):
    """exp(z_j) / Σ_i exp(z_i), written as 1 / Σ_i exp(z_i − z_j): equal inputs then give
    exp(0) = 1 exactly (softmax(0.3, 0.3)_0 = 1/2 is exact), and large z cannot overflow."""
    sp = _sympy()
    return 1 / sp.Add(*[sp.exp(z - zs[j]) for z in zs])


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("relu", r"\operatorname{ReLU}", "ReLU", _relu, True, kink=True),
        Activation("leaky_relu", r"\operatorname{LReLU}", "LReLU", _leaky_relu, True, kink=True),
        Activation("sigmoid", r"\sigma", "σ", _sigmoid, False, output_form=lambda a: a * (1 - a),
                   output_range=(Fraction(0), Fraction(1))),
        Activation("tanh", r"\tanh", "tanh", _tanh, False, output_form=lambda a: 1 - a**2,
                   output_range=(Fraction(-1), Fraction(1))),
        Activation("identity", r"\operatorname{id}", "id", _identity, True),
        Activation("softplus", r"\operatorname{softplus}", "softplus", _softplus, False),
        Activation("softmax", r"\operatorname{softmax}", "softmax", _softmax, False, elementwise=False,
                   output_range=(Fraction(0), Fraction(1))),
    )
}


@lru_cache(maxsize=None)
def derivative_rule(name: str, slope: Fraction):
    """(z-symbol, f'(z)) with f' obtained by SymPy differentiating the forward rule."""
    sp = _sympy()
    z = sp.Symbol("z", real=True)
    return z, sp.diff(ACTIVATIONS[name].rule(z, slope), z)


@lru_cache(maxsize=None)
def forward_function(name: str, slope: Fraction) -> Function:
    act = ACTIVATIONS[name]
    if not act.elementwise:
        return Function(name, act.latex, act.text, lambda *zs_and_j: act.rule(zs_and_j[:-1], int(zs_and_j[-1])),
                        indexed=True, rule_key=name)
    return Function(name, act.latex, act.text, lambda z: act.rule(z, slope), rule_key=f"{name}/{slope!r}")


@lru_cache(maxsize=None)
def derivative_function(name: str, slope: Fraction) -> Function:
    act = ACTIVATIONS[name]

    def at(arg):  # SymPy differentiates the rule only when a derivative is written out through it
        z, derivative = derivative_rule(name, slope)
        return derivative.xreplace({z: arg})

    return Function(name + "'", act.latex + "'", act.text + "'", at, is_derivative=True, via_output=act.output_form,
                    rule_key=f"{name}'/{slope!r}")
