"""The core fits the network: the prototype dense-network builder (symbp/core/network.py), with the
generic chain rule, gives every value today's engine gives — z, a, L, δ, ∂L/∂w, ∂L/∂b, the
updated parameters and later steps — exactly for exact networks and to 40 digits otherwise; and
δ, (W^T δ)_k and f'(z) are quantities of the chain rule."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbp.core import identity as ids
from symbp.core.graph import solve_values
from symbp.core.network import build_network
from symbp.core.numeric import same
from symbp.pipeline import derive_solution
from symbp.spec import load_spec, spec_from_dict

from helpers import REPO, spec_table

F = Fraction

SIGMOID_SOFTMAX_BATCH = spec_table(
    (2, 3, 3), ("sigmoid", "softmax"), "cross_entropy",
    weights=[[[F(2, 10), F(-4, 10)], [F(-3, 10), F(8, 10)], [F(5, 10), F(7, 10)]],
             [[F(5, 10), F(-4, 10), F(3, 10)], [F(-2, 10), F(7, 10), F(1, 10)], [F(3, 10), F(2, 10), F(-6, 10)]]],
    biases=[[F(1, 10), F(-2, 10), F(-1, 10)], [F(0), F(1, 10), F(-1, 10)]],
    inputs=[[F(1), F(2)], [F(-1), F(1, 2)], [F(0), F(-1)]],
    targets=[[F(0), F(1), F(0)], [F(1), F(0), F(0)], [F(0), F(0), F(1)]],
    learning_rate=F(1, 2), steps=2)


def _specs():
    yield "sigmoid-softmax batch, 2 steps", spec_from_dict(SIGMOID_SOFTMAX_BATCH)
    for example in ("nn231", "softmax3", "batch3", "mazur", "steps3", "nobias"):
        yield example, load_spec(REPO / "examples" / f"{example}.toml")


@pytest.mark.parametrize("label, spec", list(_specs()), ids=[label for label, _ in _specs()])
def test_prototype_equals_the_engine(label, spec):
    engine, _ = derive_solution(spec)
    network = build_network(spec)
    values, _ = solve_values(network.graph, network.givens)
    compared = 0
    for quantity_name, expected in engine.values.items():
        value = values[ids.parse(quantity_name)]
        if engine.exact:
            assert (type(value), value) == (Fraction, expected), quantity_name
        else:
            assert same(value, expected), (quantity_name, value, expected)
        compared += 1
    assert compared == len(engine.values) and compared > 25


def test_delta_and_its_factors_are_quantities():
    """δ_k^1 = dL/dz_k^1 = dL/da_k^1 · local:da_k^1/dz_k^1, with dL/da_k^1 = Σ_j δ_j^2 · w_jk^2 = (W^T δ)_k
    and the local derivative ReLU'(z_k^1): all nodes of the graph, with the engine's values."""
    spec = load_spec(REPO / "examples" / "nn231.toml")
    engine, _ = derive_solution(spec)
    network = build_network(spec)
    values, _ = solve_values(network.graph, network.givens)
    loss = ids.Identity("L")
    for k in range(3):
        z, a = ids.value("z", 1, (k,)), ids.value("a", 1, (k,))
        back_propagated = values[ids.gradient(loss, a)]
        relu_derivative = values[ids.local(a, z)]
        by_hand = spec.layers[1].weights[0][k] * engine.values["delta_0^2"]  # one output neuron: Σ_j has one term
        assert (back_propagated, relu_derivative * back_propagated) == (by_hand, engine.values[f"delta_{k}^1"])
        assert relu_derivative == (1 if engine.values[f"z_{k}^1"] > 0 else 0)


def test_hybrid_values_stay_exact_until_a_transcendental_function():
    """In the sigmoid/softmax network z of layer 1 is rational (exact); a = σ(z) is not.
    z_0^1[1] = 0.2·1 + (−0.4)·2 + 0.1 = −0.5."""
    network = build_network(spec_from_dict(SIGMOID_SOFTMAX_BATCH))
    values, domain = solve_values(network.graph, network.givens)
    z, a = values[ids.value("z", 1, (0,), 1, 1)], values[ids.value("a", 1, (0,), 1, 1)]
    assert (domain.high_precision, type(z), z, isinstance(a, Fraction)) == (False, Fraction, F(-1, 2), False)


def test_local_derivatives_are_worked_out_once_per_shape():
    """Every neuron of a layer has the same shape of definition: SymPy differentiates it once."""
    from symbp.core.chain import _shape_derivative

    _shape_derivative.cache_clear()
    build_network(load_spec(REPO / "examples" / "steps3.toml"))
    info = _shape_derivative.cache_info()
    assert info.hits > 3 * info.misses
