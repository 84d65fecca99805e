"""No two neurons of a layer with the same z at step 1 in a drawn variant (`distinct_neurons`, on by default where
draws can meet it): a 3-4-2 variant of the stop-65 instructor had z = 2.3 in three of its four hidden neurons, the
same a, σ' and gradient rows three times, and a slip of j for k unseen. The z's are worked here from each variant's
spec in Fractions (independently of symbp's engine)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

from symbp.cli import main

SPEC = """title = "3-4-2"
layers = [3, 4, 2]
activation = "sigmoid"
loss = "cross_entropy"
learning_rate = 0.5
input = [1, -1, 0.5]
target = [1, 0]
[[layer]]
weights = [[0.2, -0.1, 0.4], [0.5, 0.3, -0.2], [-0.3, 0.1, 0.6], [0.1, 0.2, 0.3]]
biases = [0.1, -0.1, 0, 0.2]
[[layer]]
weights = [[0.3, -0.4, 0.2, 0.1], [-0.2, 0.5, -0.1, 0.4]]
biases = [0, 0.1]
activation = "softmax"
"""
ALIKE = """title = "alike"
layers = [2, 3, 1]
activation = "sigmoid"
loss = "mse"
learning_rate = 0.5
input = [1, 2]
target = [0.5]
[[layer]]
weights = [[1, 1], [1, 1], [1, 1]]
biases = [0.5, 0.5, 0.5]
[[layer]]
weights = [[0.5, -0.5, 0.2]]
biases = [0.1]
[variants]
weights = { range = [1, 1], decimals = 0 }
biases = { range = [0.5, 0.5], decimals = 1 }
inputs = { range = [-1, 1], decimals = 1, nonzero = true }
"""


def _sheet(tmp_path, text: str, *args):
    (tmp_path / "spec.toml").write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["worksheet", str(tmp_path / "spec.toml"), "--out", str(tmp_path / "ws"), *args])


def _zs(spec: dict) -> list[list[Fraction]]:
    """Each layer's z at step 1, from the variant's spec: z = W·a + b, a = σ(z) not needed past layer 1 here."""
    x = [Fraction(str(v)) for v in spec["input"]]
    layer = spec["layer"][0]
    return [sum((Fraction(str(w)) * xi for w, xi in zip(row, x)), Fraction(str(b)))
            for row, b in zip(layer["weights"], layer["biases"])]


def test_no_variant_has_two_hidden_neurons_alike(tmp_path):
    done = _sheet(tmp_path, SPEC, "-n", "40", "--seed", "7")
    assert done.exit_code == 0, done.output
    key = json.loads((tmp_path / "ws" / "answers.json").read_text(encoding="utf-8"))
    for variant in key["variants"]:
        zs = _zs(variant["spec"])
        assert len(set(zs)) == len(zs), (variant["id"], zs)


def test_a_spec_whose_draws_cannot_differ_is_drawn_without_it(tmp_path):
    done = _sheet(tmp_path, ALIKE, "-n", "2", "--seed", "1")
    assert done.exit_code == 0, done.output
    key = json.loads((tmp_path / "ws" / "answers.json").read_text(encoding="utf-8"))
    assert all(len(set(_zs(v["spec"]))) == 1 for v in key["variants"])  # (every weight 1: one z for all)


@pytest.mark.parametrize("asked,code", [("true", 2), ("false", 0)])
def test_asked_for_it_is_kept_or_left(tmp_path, asked, code):
    done = _sheet(tmp_path, ALIKE.replace("[variants]\n", f"[variants]\ndistinct_neurons = {asked}\n"),
                  "-n", "2", "--seed", "1")
    assert done.exit_code == code, done.output
    if code:
        assert "same_neurons" in done.output and "(distinct_neurons)" in done.output, done.output
        assert not (tmp_path / "ws").exists()
