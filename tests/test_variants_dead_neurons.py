"""[variants] max_dead_neurons: at most that many neurons of a layer whose gradients are all zero
(a dead ReLU), so that variants of one sheet are of like difficulty (seed 1's 30 variants of the
2-3-1 example: 13 had 2 of 3 hidden neurons dead, 8 nonzero gradients where others had 16).
Validated as hostile input (a named field, exit 2); a limit no draw can meet is refused at once
or, when only the draws can tell, after max_draws cheap draws with the reason named."""

from __future__ import annotations

import json
import random
from collections import Counter
from fractions import Fraction

import pytest

from helpers import symbp_here
from symbp.errors import SpecError
from symbp.spec import parse_spec

NET = 'layers = [2, 3, 1]\nactivation = "relu"\nloss = "half_sse"\nlearning_rate = 0.1\n[variants]\n'


def _dead_per_layer(variant: dict) -> dict:
    """layer -> how many of its neurons have every gradient exactly 0 (from answers.json's exact values)."""
    gradients: dict = {}
    for name, value in variant["exact"].items():
        if name.startswith(("dL/dw_", "dL/db_")) and "@" not in name:
            index, layer = name.split("_", 1)[1].split("^")
            gradients.setdefault((int(layer), int(index[0])), []).append(Fraction(str(value)))
    dead = Counter(layer for (layer, _), values in gradients.items() if not any(values))
    return dict(dead)


def test_the_example_s_variants_have_at_most_one_dead_neuron_a_layer(tmp_path):
    result = symbp_here("worksheet", "--example", "nn231", "-n", 30, "--seed", 1, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    variants = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))["variants"]
    assert max(max(_dead_per_layer(v).values(), default=0) for v in variants) <= 1


@pytest.mark.parametrize("most", [0, 1])
def test_a_sheet_keeps_to_its_limit(tmp_path, most):
    spec = tmp_path / "net.toml"
    spec.write_text(NET + f"max_dead_neurons = {most}\n", encoding="utf-8")
    result = symbp_here("worksheet", spec, "-n", 12, "--seed", 4, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    variants = json.loads((tmp_path / "out" / "answers.json").read_text(encoding="utf-8"))["variants"]
    assert all(max(_dead_per_layer(v).values(), default=0) <= most for v in variants)


@pytest.mark.parametrize("value", ["-1", "4", "1.5", "true", '"1"', "[1]"])
def test_a_bad_limit_is_refused_by_name(tmp_path, value):
    spec = tmp_path / "net.toml"
    spec.write_text(NET + f"max_dead_neurons = {value}\n", encoding="utf-8")
    result = symbp_here("worksheet", spec, "--out", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert "variants.max_dead_neurons" in result.stderr and "from 0 to 3" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_limit_no_draw_can_meet_is_refused_at_once(tmp_path):
    spec = tmp_path / "net.toml"
    spec.write_text(NET + "max_dead_neurons = 2\nallow_dead_layers = true\nweights = { range = [0, 0], nonzero = false }\n",
                    encoding="utf-8")
    result = symbp_here("worksheet", spec, "--out", tmp_path / "out", "-v")
    assert result.returncode == 2, result.stderr
    assert "variants.max_dead_neurons" in result.stderr and "cannot be met" in result.stderr
    assert "draws" not in result.stderr  # refused before any draw


def test_a_limit_the_draws_do_not_meet_is_named_after_max_draws(tmp_path):
    """No dead neuron among 16 ReLU neurons of each of two layers: hardly ever drawn."""
    spec = tmp_path / "wide.toml"
    spec.write_text('layers = [2, 16, 16, 1]\nactivation = "relu"\nloss = "half_sse"\nlearning_rate = 0.1\n'
                    "[variants]\nmax_dead_neurons = 0\nmax_draws = 300\n", encoding="utf-8")
    result = symbp_here("worksheet", spec, "--out", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert "no acceptable variant in 300 draws" in result.stderr and "(dead_neurons)" in result.stderr


def test_the_float_screen_rejects_only_what_the_exact_check_rejects():
    from symbp.evaluate import solve
    from symbp.variant_constraints import _few_dead_neurons, dead_neurons_screen
    from symbp.variants import _drawn, settings_from_spec

    spec = parse_spec(NET + "max_dead_neurons = 0\n", name="net", numbers_optional=True)
    settings = settings_from_spec(spec)
    rng, screened = random.Random(7), 0
    for _ in range(200):
        candidate, floats = _drawn(spec, settings, rng)
        if dead_neurons_screen(spec, settings, floats) is not None:
            screened += 1
            try:
                assert not _few_dead_neurons(solve(candidate), settings)
            except SpecError:
                pass
    assert screened > 20  # (the screen is tried, and this test can fail)
