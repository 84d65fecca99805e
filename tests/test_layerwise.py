"""The layer-wise engine (layerwise.py, layerwise_run.py) against the graph's path (evaluate.py's
compiled program): for a corpus of architectures the same values — names in order, types, values
(an mpf to its last bit) — the same precision, exactness and errors; and `derive --format json`
of a covered spec never builds the graph."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest

from symbp import evaluate, layerwise
from symbp.errors import SpecError
from symbp.spec import spec_from_dict

ELEMENTWISE = ("relu", "leaky_relu", "sigmoid", "tanh", "identity", "softplus")
# loss -> the output activations it is drawn with, and its targets
LOSS_OUTPUTS = {"half_sse": ELEMENTWISE, "mse": ELEMENTWISE, "bce": ("sigmoid", "softmax"),
                "cross_entropy": ("softmax", "sigmoid")}


def _grid(rng, n, low=-9, high=9):
    return [rng.randint(low, high) / 10 for _ in range(n)]


def _targets(rng, loss, width):
    if loss == "cross_entropy":  # a distribution: one-hot or two tenths-weights
        row = [0.0] * width
        row[rng.randrange(width)] = 1.0
        return row
    return _grid(rng, width, 0, 10) if loss == "bce" else _grid(rng, width)


def random_spec(seed: int) -> dict:
    """A network on a 0.1 grid: 1-3 hidden layers, every loss, batch or not, 1-3 steps, some
    layers without bias, leaky slopes."""
    rng = random.Random(seed)
    loss = list(LOSS_OUTPUTS)[seed % len(LOSS_OUTPUTS)]
    widths = [rng.randint(1, 3) for _ in range(rng.randint(2, 4))] + [rng.randint(1, 3)]
    output = rng.choice(LOSS_OUTPUTS[loss])
    if output == "softmax" and widths[-1] == 1:
        widths[-1] = 2
    samples, steps = rng.choice((1, 1, 2, 3)), rng.randint(1, 3)
    layers = []
    for l in range(1, len(widths)):
        table = {"weights": [_grid(rng, widths[l - 1], -5, 5) for _ in range(widths[l])]}
        if rng.random() < 0.25:
            table["bias"] = False
        else:
            table["biases"] = _grid(rng, widths[l], -5, 5)
        table["activation"] = output if l == len(widths) - 1 else rng.choice(ELEMENTWISE)
        if table["activation"] == "leaky_relu":
            table["negative_slope"] = rng.choice((0.1, 0.2, 0.01))
        layers.append(table)
    data = {"layers": widths, "loss": loss, "learning_rate": rng.choice((0.1, 0.5, 1)), "steps": steps, "layer": layers}
    inputs = [_grid(rng, widths[0]) for _ in range(samples)]
    targets = [_targets(rng, loss, widths[-1]) for _ in range(samples)]
    if samples == 1 and rng.random() < 0.7:
        data.update(input=inputs[0], target=targets[0])
    else:
        data.update(inputs=inputs, targets=targets)
    return data


def graph_solution(spec, monkeypatch):
    """The exact solution by the graph's path (the layer-wise engine switched off)."""
    with monkeypatch.context() as patch:
        patch.setattr(layerwise, "pattern", lambda architecture: None)
        return evaluate.solve(spec)


def assert_identical(engine, graph) -> None:
    assert list(engine.values) == list(graph.values)
    for name, value in graph.values.items():
        mine = engine.values[name]
        assert type(mine) is type(value), name
        assert mine == value, name
        if hasattr(value, "_mpf_"):
            assert mine._mpf_ == value._mpf_ and mine.context.prec == value.context.prec, name
    assert (engine.exact, engine.digits, engine.givens) == (graph.exact, graph.digits, graph.givens)


CORPUS = list(range(36))


@pytest.mark.parametrize("seed", CORPUS)
def test_the_engine_gives_the_graphs_values(seed, monkeypatch):
    spec = spec_from_dict(random_spec(seed))
    assert layerwise.pattern(spec.architecture()) is not None
    engine = evaluate.solve(spec)
    assert engine.__dict__.get("_derivation") is None  # not made: solved without the graph
    assert_identical(engine, graph_solution(spec, monkeypatch))


def test_the_corpus_covers_every_activation_loss_and_form():
    specs = [random_spec(seed) for seed in CORPUS]
    activations = {t["activation"] for s in specs for t in s["layer"]}
    assert activations == set(ELEMENTWISE) | {"softmax"}
    assert {s["loss"] for s in specs} == set(LOSS_OUTPUTS)
    assert {("inputs" in s, s["steps"]) for s in specs} >= {(b, t) for b in (True, False) for t in (1, 2, 3)}
    assert any(t.get("bias") is False for s in specs for t in s["layer"]) and {len(s["layers"]) for s in specs} >= {3, 4, 5}


def _one(weights, biases, activation, loss, x, y, steps=1, rate=0.1):
    return spec_from_dict({"layers": [len(x), len(y)], "loss": loss, "learning_rate": rate, "steps": steps,
                           "input": x, "target": y,
                           "layer": [{"weights": weights, "biases": biases, "activation": activation}]})


def test_a_saturated_sigmoid_is_computed_again_with_more_digits_as_by_the_graph(monkeypatch):
    # σ(150) is 1 at 50 digits: log(1 − a) is log 0 there; at 200 digits it is e^−150
    spec = _one([[1.5]], [0], "sigmoid", "bce", [100], [0.5])
    engine = evaluate.solve(spec)
    assert engine.digits == 200
    assert_identical(engine, graph_solution(spec, monkeypatch))


def test_a_value_undefined_at_every_precision_is_named_as_by_the_graph(monkeypatch):
    spec = _one([[50]], [0], "sigmoid", "bce", [100], [0.5])  # σ(5000): 1 − σ needs 2,200 digits
    with pytest.raises(SpecError) as graph:
        graph_solution(spec, monkeypatch)
    with pytest.raises(SpecError) as engine:
        evaluate.solve(spec)
    # z = 50·100 = 5000: the field behind it named (too_large.py)
    assert str(engine.value) == str(graph.value) and str(engine.value).startswith("input[0]: ")
    assert "gives z_0^1 = 5·10^3, too large" in str(engine.value)


def test_exact_numbers_too_long_are_lifted_as_by_the_graph(monkeypatch):
    # every exact SGD step roughly doubles the digits: past MAX_EXACT_BITS a value goes on at 50 digits
    spec = spec_from_dict({"layers": [2, 2, 1], "loss": "mse", "learning_rate": 0.3, "steps": 12,
                           "inputs": [[0.3, -0.7], [0.9, 0.2]], "targets": [[0.4], [-0.1]],
                           "layer": [{"weights": [[0.3, -0.2], [0.1, 0.4]], "biases": [0.1, -0.1],
                                      "activation": "identity"},
                                     {"weights": [[0.5, -0.3]], "biases": [0.2], "activation": "identity"}]})
    engine = evaluate.solve(spec)
    assert not engine.exact and any(type(v) is not Fraction for v in engine.values.values())
    assert any(type(v) is Fraction and v.denominator > 1 << 200 for v in engine.values.values())
    assert_identical(engine, graph_solution(spec, monkeypatch))


def test_not_covered_the_optimizer_goes_through_the_graph():
    data = random_spec(0) | {"optimizer": {"name": "momentum", "beta": 0.9}}
    assert layerwise.pattern(spec_from_dict(data).architecture()) is None


def test_json_of_a_covered_spec_builds_no_graph_and_the_same_solution_renders_as_text(monkeypatch):
    import symbp
    from symbp import derivation, network

    # 30 parameters: beyond SymPy's whole-loss check (verify.SYMBOLIC_LIMIT), which reads the graph
    data = dict(layers=[4, 4, 2], loss="half_sse", learning_rate=0.1, steps=2, input=[0.1, -0.2, 0.3, 0.4],
                target=[0.5, -0.5],
                layer=[{"weights": [[0.1, 0.2, -0.3, 0.4]] * 4, "biases": [0.1] * 4, "activation": "tanh"},
                       {"weights": [[0.3, -0.1, 0.2, 0.1]] * 2, "biases": [0.2, 0.1], "activation": "sigmoid"}])
    spec = symbp.spec_from_dict(data)
    built = []
    monkeypatch.setattr(network._Builder, "build", lambda self, real=network._Builder.build: built.append(1) or real(self))
    network.build.cache_clear()
    derivation.derive.cache_clear()
    solution = symbp.derive(spec)
    key = json.loads(solution.to_json())
    assert built == [] and len(key["values"]) == len(key["exact"]) > 0
    text = solution.to_text()  # the derivation is made now, from the same solution
    assert built == [1] and "δ" in text and f"{len(key['values'])} values agree" in text
