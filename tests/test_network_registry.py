"""The network's registries on the core: every activation is an operation of the core's registry
with a float twin (tests/test_core_registry.py checks the twins against the SymPy rules), and
every loss's float twin agrees with its tree — the loss, ∂L/∂a (SymPy differentiating the tree
here, at 30 digits) and the closed forms of δ^L (∂L/∂a through the activation's Jacobian)."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
import sympy

from symbp.core.expr import Ref
from symbp.core.floats import FLOAT_TWINS, sigmoid, softmax
from symbp.core.identity import node
from symbp.core.operations import OPERATIONS, activations
from symbp.core.symbolic import to_sympy
from symbp.losses import LOSSES

OUTPUT_ACTIVATIONS = {"sigmoid": lambda z: [sigmoid(v) for v in z], "softmax": softmax, "identity": list}


def test_every_activation_is_an_operation_with_a_float_twin():
    assert set(activations()) <= set(FLOAT_TWINS) and {"relu", "sigmoid", "softmax"} <= set(activations())
    assert all(OPERATIONS[name].activation for name in activations())


def _loss(name: str, n: int):
    """(symbols a, symbols y, SymPy expression of the loss tree)."""
    a = [node(f"a{j}") for j in range(n)]
    y = [node(f"y{j}") for j in range(n)]
    symbols = {i: sympy.Symbol(i.label, real=True) for i in a + y}
    tree = LOSSES[name].build([Ref(i) for i in a], [Ref(i) for i in y])
    return [symbols[i] for i in a], [symbols[i] for i in y], to_sympy(tree, symbols.__getitem__)


def _targets(name: str, rng: random.Random, n: int) -> list[float]:
    if name == "cross_entropy":
        shares = [rng.randint(1, 4) for _ in range(n)]
        return [s / sum(shares) for s in shares]
    if name == "bce":
        return [rng.choice([0.0, 1.0, 0.25]) for _ in range(n)]
    return [rng.uniform(-1, 1) for _ in range(n)]


CASES = [(loss, act, n) for loss in LOSSES for act in ("sigmoid", "softmax", "identity") for n in (2, 3)
         if LOSSES[loss].output_activations is None or act in LOSSES[loss].output_activations]


@pytest.mark.parametrize("loss, activation, n", CASES)
def test_a_losss_float_twin_agrees_with_its_tree(loss, activation, n):
    rng = random.Random(hash((loss, activation, n)) % 10**6)
    a_symbols, y_symbols, expression = _loss(loss, n)
    twin = LOSSES[loss].float_twin
    for _ in range(4):
        z = [rng.uniform(-2, 2) for _ in range(n)]
        a, y = OUTPUT_ACTIVATIONS[activation](z), _targets(loss, rng, n)
        at = {**dict(zip(a_symbols, a)), **dict(zip(y_symbols, y))}
        assert math.isclose(twin.loss(z, a, y, activation), float(expression.evalf(30, subs=at)), rel_tol=1e-10)
        gradient = [float(sympy.diff(expression, s).evalf(30, subs=at)) for s in a_symbols]
        assert all(math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-12) for g, e in zip(twin.gradient(a, y), gradient))
        closed_form = twin.output_deltas.get(activation)
        if closed_form is not None:  # δ_j = Σ_i ∂L/∂a_i · ∂a_i/∂z_j
            jacobian = [[a[i] * ((i == j) - a[j]) if activation == "softmax" else (a[i] * (1 - a[i]) if i == j else 0)
                         for j in range(n)] for i in range(n)]
            delta = [sum(gradient[i] * jacobian[i][j] for i in range(n)) for j in range(n)]
            assert all(math.isclose(d, e, rel_tol=1e-9, abs_tol=1e-12) for d, e in zip(closed_form(z, a, y), delta))


def test_every_loss_and_output_activation_pair_is_covered():
    assert {loss for loss, _, _ in CASES} == set(LOSSES)
    assert {(loss, act) for loss, act, _ in CASES} >= {("bce", "sigmoid"), ("bce", "softmax"),
                                                       ("cross_entropy", "softmax"), ("cross_entropy", "sigmoid")}


def test_exact_fractions_are_what_the_rational_losses_give():
    """½·((1.5 − 0.5)² + (0 − 0.25)²) = 0.53125 exactly in the core's numbers."""
    from symbp.core.closures import compile_tree
    from symbp.core.numeric import Domain

    a, y = [node("a0"), node("a1")], [node("y0"), node("y1")]
    tree = LOSSES["half_sse"].build([Ref(i) for i in a], [Ref(i) for i in y])
    env = {a[0]: Fraction(1, 2), a[1]: Fraction(1, 4), y[0]: Fraction(3, 2), y[1]: Fraction(0)}
    assert compile_tree(tree, Domain())(env) == Fraction(17, 32)
