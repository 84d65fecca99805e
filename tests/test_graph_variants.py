"""Seeded variants of a graph exercise (symbp/graph/variants.py): reproducible, distinct, on the
grid, verified, and never at a kink, a division by zero or the log of a non-positive number."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from symbp import graph
from symbp.errors import SpecError
from symbp.graph.variants import draw_variants

from helpers import REPO


def _spec(expression: str, variants: str = "", inputs: str = "{ x = 1, y = 2, z = 3 }"):
    return graph.loads(f'kind = "graph"\ninputs = {inputs}\nexpression = "{expression}"\n[variants]\n{variants}')


def test_variants_are_reproducible_and_independent_of_their_number():
    spec = graph.load(REPO / "examples" / "graph-fanout-max.toml")
    five = [dict(v.spec.inputs) for v in draw_variants(spec, 5, seed=2026).variants]
    again = [dict(v.spec.inputs) for v in draw_variants(spec, 3, seed=2026).variants]
    assert again == five[:3] and len({tuple(v.values()) for v in five}) == 5


def test_defaults_draw_nonzero_integers_within_bounds_away_from_the_max_tie():
    spec = graph.load(REPO / "examples" / "graph-fanout-max.toml")
    for variant in draw_variants(spec, 8, seed=1).variants:
        x, y, z = (variant.spec.input_values[n] for n in ("x", "y", "z"))
        assert all(v.denominator == 1 and v != 0 and -5 <= v <= 5 for v in (x, y, z))
        assert x != z  # max(x, z) would tie
        assert variant.solution.report.quantities > 0  # verified


def test_an_expressions_own_constant_argument_is_drawn():
    """exp(x − x) and ln(x/x) are e^0 and ln 1 whatever is drawn: the expression's own, not the draw's
    (the reviewer's LOW of stop 56: no variant in 2000 draws, "widen the ranges")."""
    for expression in ("f = exp(x - x) * y", "f = ln(x / x) + y"):
        draws = draw_variants(_spec(expression, inputs="{ x = 2, y = 3 }"), 3, seed=1)
        assert len(draws.variants) == 3 and draws.rejected["at_zero"] == 0


@pytest.mark.parametrize("expression, bad, reason", [
    ("f = x / (y - z)", lambda v: v["y"] == v["z"], "undefined"),
    ("f = ln(x) * y + z", lambda v: v["x"] <= 0, "undefined"),
    ("f = sqrt(x - y) + z", lambda v: v["x"] <= v["y"], "undefined"),
    ("f = relu(x - y) * z", lambda v: v["x"] == v["y"], "kink"),
    ("f = abs(x + y) + z", lambda v: v["x"] + v["y"] == 0, "kink"),
    # (e^0 = 1 and ln 1 = 0, slope 1: constants, as σ(0) — the print hunter's MEDIUM of stop 56: σ built from
    # primitive gates, −s, e^−s, 1 + e^−s, drew s = 0 in 4 of 30 variants)
    ("f = exp(x - y) * z", lambda v: v["x"] == v["y"], "at_zero"),
    ("f = ln(x * y) + z", lambda v: v["x"] * v["y"] == 1, "at_zero"),
    ("f = 1 / (1 + exp(-(x + y))) * z", lambda v: v["x"] + v["y"] == 0, "at_zero"),
])
def test_constraints(expression, bad, reason):
    spec = _spec(expression, "inputs = { range = [-2, 2], decimals = 0 }", inputs="{ x = 3, y = 1, z = 2 }")
    draws = draw_variants(spec, 10, seed=3)
    assert not any(bad(v.spec.input_values) for v in draws.variants)
    assert draws.rejected[reason] > 0  # on so small a grid the constraint did reject draws


def test_values_within_bounds_and_decimals():
    spec = _spec("f = x * y * z", "inputs = { range = [-3, 3], decimals = 1 }\nmax_abs_value = 4")
    for variant in draw_variants(spec, 5, seed=9).variants:
        values = variant.solution.values.values()
        assert all(abs(v) <= 4 for v in values)
        assert all((v * 10).denominator == 1 for v in variant.spec.input_values.values())


def test_alternatives_are_picked():
    spec = _spec("f = x * y + z", 'alternatives = [{ expression = "f = x * y + z" }, '
                                  '{ stages = ["q = x + y", "f = q * z"] }]')
    texts = {tuple(s.text for s in v.spec.stages) for v in draw_variants(spec, 12, seed=5).variants}
    assert texts == {("x * y + z",), ("x + y", "q * z")}


@pytest.mark.parametrize("variants, field", [
    ("colour = 1", "variants.colour"),
    ("inputs = { range = [3, 1] }", "variants.inputs.range"),
    ("inputs = { decimals = 9 }", "variants.inputs.decimals"),
    ("input.w = { range = [0, 1] }", "variants.input.w"),
    ('alternatives = [{ expression = "f = x * q" }]', "variants.alternatives[1].expression"),
    ("max_draws = 0", "variants.max_draws"),
    ("max_saturation = 0", "variants.max_saturation"),
])
def test_bad_variants_table(variants, field):
    with pytest.raises(SpecError) as caught:
        draw_variants(_spec("f = x * y * z", variants), 2, seed=1)
    assert caught.value.field == field


def test_impossible_constraints_are_a_clear_error():
    spec = _spec("f = ln(x) + y + z", "inputs = { range = [-3, -1] }\nmax_draws = 50")
    with pytest.raises(SpecError) as caught:
        draw_variants(spec, 1, seed=1)
    # as the network sheets say it: counted reasons in words, no Python dict ({'undefined': 50})
    assert "no acceptable variant in 50 draws (rejected: 50 a division by zero, or ln or √ of a non-positive number" \
           " (undefined)); widen the ranges or relax the limits in [variants]" in str(caught.value)
    assert "{" not in str(caught.value)


def test_fractions_are_exact():
    spec = _spec("f = x * y * z", "inputs = { range = [0, 1], decimals = 2 }")
    variant = draw_variants(spec, 1, seed=4).variants[0]
    assert all(isinstance(v, Fraction) for v in variant.solution.values.values())


def _sigmoid(a: float) -> float:
    return 1 / (1 + math.exp(-a))


@pytest.mark.parametrize("seed", [3, 4, 5, 6])
def test_the_neuron_is_never_drawn_saturated(seed):
    """CS231n's neuron split into gates: s = w0·x0 + w1·x1 + w2 must keep σ(s) off its flat ends
    (the networks' default max_saturation 0.95: |2σ(s) − 1| <= 0.95), so exp(−s) stays moderate."""
    spec = graph.load(REPO / "examples" / "graph-neuron.toml")
    draws = draw_variants(spec, 6, seed=seed)
    for variant in draws.variants:
        v = variant.spec.input_values
        s = float(v["w0"] * v["x0"] + v["w1"] * v["x1"] + v["w2"])
        assert abs(2 * _sigmoid(s) - 1) <= 0.95, (seed, dict(v), s)
        gradient = _sigmoid(s) * (1 - _sigmoid(s))  # ∂f/∂s by hand
        assert gradient > 0.02
    assert draws.rejected["saturated"] > 0


def test_tanh_and_exp_arguments_are_held_to_max_saturation():
    spec = _spec("f = tanh(x * y) + exp(z)", "inputs = { range = [-4, 4], decimals = 1 }\nmax_saturation = 0.8")
    draws = draw_variants(spec, 8, seed=2)
    for variant in draws.variants:
        v = {k: float(x) for k, x in variant.spec.input_values.items()}
        assert abs(math.tanh(v["x"] * v["y"])) <= 0.8
        assert abs(2 * _sigmoid(v["z"]) - 1) <= 0.8  # exp's argument: the sigmoid's bound
    assert draws.rejected["saturated"] > 0


def test_max_saturation_one_is_no_limit():
    spec = _spec("f = tanh(x * y) + z", "inputs = { range = [-5, 5] }\nmax_saturation = 1")
    draws = draw_variants(spec, 6, seed=1)
    assert draws.rejected["saturated"] == 0
    assert any(abs(math.tanh(float(v.spec.input_values["x"] * v.spec.input_values["y"]))) > 0.95
               for v in draws.variants)


def test_saturation_rejections_are_reported_by_verbose(tmp_path):
    from click.testing import CliRunner
    from symbp.cli import main

    result = CliRunner().invoke(main, ["worksheet", "--example", "graph-neuron", "-n", "2", "--seed", "3",
                                       "--verbose", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if " saturated " in l)
    assert int(line.split()[0]) > 0 and "max_saturation" in line
