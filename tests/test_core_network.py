"""The network on the core (symbp/network.py): δ, (W^T δ)_k and f'(z) are nodes of the generic
chain rule with the values worked out by hand; values stay exact until a transcendental function;
local derivatives are worked out once per shape of definition.  (The engine's values against an
independent implementation: tests/test_oracle.py.)"""

from __future__ import annotations

from fractions import Fraction

from symbp import network
from symbp.core import identity as ids
from symbp.evaluate import compile_program, run, solve
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


def _node_values(spec) -> dict:
    program = compile_program(spec.architecture())
    env, _, _ = run(program, network.given_values(spec))
    return env


def test_delta_and_its_factors_are_nodes_with_the_values_by_hand():
    """nn231 by hand: a^2 = 0.5, δ^2 = (a − y)·ReLU'(0.5) = (0.5 − 1.5)·1 = −1; (W^T δ)_k = w_0k^2·δ^2 =
    (0.6, −0.9, 0.3); ReLU'(z^1) at z^1 = (−0.5, 1.1, 1.8) is (0, 1, 1); δ^1 = (0, −0.9, 0.3)."""
    values = _node_values(load_spec(REPO / "examples" / "nn231.toml"))
    loss = ids.Identity("L")
    by_hand = {"backpropagated": [F(6, 10), F(-9, 10), F(3, 10)], "derivative": [0, 1, 1], "delta": [0, F(-9, 10), F(3, 10)]}
    found = {"backpropagated": [], "derivative": [], "delta": []}
    for k in range(3):
        z, a = ids.value("z", 1, (k,)), ids.value("a", 1, (k,))
        found["backpropagated"].append(values[ids.gradient(loss, a)])
        found["derivative"].append(values[ids.local(a, z)])
        found["delta"].append(values[ids.gradient(loss, z)])
    assert found == by_hand
    assert values[ids.gradient(loss, ids.value("z", 2, (0,)))] == -1


def test_hybrid_values_stay_exact_until_a_transcendental_function():
    """In the sigmoid/softmax network z of layer 1 is rational (exact); a = σ(z) is not.
    z_0^1[1] = 0.2·1 + (−0.4)·2 + 0.1 = −0.5."""
    solution = solve(spec_from_dict(SIGMOID_SOFTMAX_BATCH))
    z, a = solution.values["z_0^1[1]"], solution.values["a_0^1[1]"]
    assert (solution.exact, type(z), z, isinstance(a, Fraction)) == (False, Fraction, F(-1, 2), False)


def test_local_derivatives_are_worked_out_once_per_shape(monkeypatch):
    """Every neuron of a layer has the same shape of definition, at every step: SymPy differentiates
    each shape once with respect to each of its arguments."""
    from symbp.core import chain

    calls = []
    real = chain._shape_derivative
    monkeypatch.setattr(chain, "_shape_derivative", lambda *args: calls.append(args) or real(*args))
    monkeypatch.setattr(chain, "_BY_SHAPE", {})
    network.build.cache_clear()
    built = network.build(load_spec(REPO / "examples" / "steps3.toml").architecture())
    locals_ = [node for node in built.graph if node.role == "local"]
    assert len(calls) == len(set(calls)) and 5 * len(calls) < len(locals_)


def test_softmax_partials_are_written_through_its_outputs():
    """∂a_i/∂z_j of a softmax layer is a_i(δ_ij − a_j): the local derivative refers to the outputs."""
    built = network.build(spec_from_dict(SIGMOID_SOFTMAX_BATCH).architecture())
    a0, a1 = ids.value("a", 2, (0,), 1, 1), ids.value("a", 2, (1,), 1, 1)
    local = built.graph[ids.local(a0, ids.value("z", 2, (1,), 1, 1))].definition
    assert sorted(ids.name(i) for i in _refs(local)) == sorted(ids.name(i) for i in (a0, a1))


def _refs(tree):
    from symbp.core.expr import refs

    return refs(tree)
