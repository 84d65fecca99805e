"""Every variant works both branches of a ReLU or leaky ReLU (`[variants] both_branches`): a reviewer's
1-1-1 leaky ReLU sheet had variants whose z were all positive, so the slope was never used.

The z of each variant are worked out here from its drawn spec (answers.json), with Fractions,
independently of symbp's solver."""

from __future__ import annotations

import json
from fractions import Fraction

from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO

LEAKY = """title = "A 1-1-1 leaky ReLU chain"
layers = [1, 1, 1]
activation = "leaky_relu"
negative_slope = 0.1
loss = "half_sse"
learning_rate = 0.2
input = [2]
target = [0.5]

[[layer]]
weights = [[-0.6]]
biases = [0.3]
[[layer]]
weights = [[1.5]]
biases = [0.2]
"""


def _first_step_zs(spec: dict) -> list[Fraction]:
    """Every pre-activation of the first forward pass, every sample (ReLU and leaky ReLU alike: the sign
    of z does not depend on which)."""
    inputs = spec.get("inputs") or [spec["input"]]
    zs = []
    for x in inputs:
        a = [Fraction(str(v)) for v in x]
        for layer in spec["layer"]:
            z = [sum((Fraction(str(w)) * v for w, v in zip(row, a)), Fraction(0)) + Fraction(str(b))
                 for row, b in zip(layer["weights"], layer.get("biases") or [0] * len(layer["weights"]))]
            zs += z
            kind, slope = layer.get("activation", spec.get("activation")), Fraction(str(layer.get("negative_slope", 0)))
            a = [v if v > 0 or kind == "identity" else (slope * v if kind == "leaky_relu" else Fraction(0)) for v in z]
    return zs


def _variants(tmp_path, spec_text: str, n: int, seed: int, name: str) -> list[dict]:
    spec = tmp_path / f"{name}.toml"
    spec.write_text(spec_text, encoding="utf-8")
    out = tmp_path / name
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", str(n), "--seed", str(seed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return [v["spec"] for v in json.loads((out / "answers.json").read_text(encoding="utf-8"))["variants"]]


def test_every_leaky_relu_variant_has_a_z_below_and_above_zero(tmp_path):
    for spec in _variants(tmp_path, LEAKY, 12, 5, "leaky"):
        zs = _first_step_zs(spec)
        assert min(zs) < 0 < max(zs), zs


def test_every_nn231_variant_meets_a_relu_at_zero(tmp_path):
    sheet = tmp_path / "nn"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "30", "--seed", "1",
                                     "-o", str(sheet)]).exit_code == 0
    for variant in json.loads((sheet / "answers.json").read_text(encoding="utf-8"))["variants"]:
        zs = _first_step_zs(variant["spec"])
        assert min(zs) < 0 < max(zs), zs


def test_both_branches_false_draws_as_before_and_a_lone_relu_is_not_asked(tmp_path):
    off = _variants(tmp_path, LEAKY + "\n[variants]\nboth_branches = false\n", 12, 5, "off")
    assert any(min(_first_step_zs(spec)) > 0 for spec in off)  # (seed 5 draws such: the constraint is what removes them)
    lone = LEAKY.replace('activation = "leaky_relu"\nnegative_slope = 0.1\n', 'activation = "relu"\n')
    _variants(tmp_path, lone, 3, 5, "lone")  # a z < 0 of a lone ReLU stops every gradient: not required
    result = CliRunner().invoke(main, ["worksheet", str(tmp_path / "lone.toml"), "-n", "2", "-o", str(tmp_path / "x")])
    assert result.exit_code == 0
    (tmp_path / "lone.toml").write_text(lone + "\n[variants]\nboth_branches = true\nmax_draws = 200\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["worksheet", str(tmp_path / "lone.toml"), "-n", "2", "-o", str(tmp_path / "y")])
    assert result.exit_code == 2 and "(both_branches)" in result.output, result.output
    assert not (tmp_path / "y").exists()
    (tmp_path / "lone.toml").write_text(lone + "\n[variants]\nboth_branches = 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["worksheet", str(tmp_path / "lone.toml"), "-n", "2", "-o", str(tmp_path / "z")])
    assert result.exit_code == 2 and "variants.both_branches: expected true or false" in result.output, result.output


def test_a_spec_whose_draws_cannot_meet_the_default_draws_as_before(tmp_path):
    """A reviewer's specs that drew at a59cb48 and were refused by the default: a leaky ReLU hidden neuron
    of one sample under a sigmoid output (one z at step 1: never both signs), nn231 drawn from numbers ≥ 0
    (every z ≥ 0), and numbers that only rarely give a z < 0 (the default is let go after 200 such draws).
    Asked for in the spec, the constraint stays and the refusal names it."""
    one = LEAKY.replace('weights = [[1.5]]\nbiases = [0.2]\n', 'weights = [[1.5]]\nbiases = [0.2]\nactivation = "sigmoid"\n')
    nn231 = (REPO / "examples" / "nn231.toml").read_text(encoding="utf-8")
    positive = nn231.split("[variants]")[0] + '\n[variants]\nweights = { range = [0.1, 1], decimals = 1 }\n' \
        'biases = { range = [0, 0.5], decimals = 1 }\ninputs = { range = [1, 2], decimals = 0 }\n'
    rare = positive.replace("biases = { range = [0, 0.5], decimals = 1 }", "biases = { range = [-0.1, 0], decimals = 1 }")
    for name, text in (("one", one), ("positive", positive), ("rare", rare)):
        assert len(_variants(tmp_path, text, 3, 1, name)) == 3, name
    spec = tmp_path / "asked.toml"
    spec.write_text(rare + "both_branches = true\nmax_draws = 300\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "1", "-o", str(tmp_path / "a")])
    assert result.exit_code == 2 and "(both_branches)" in result.output, result.output
