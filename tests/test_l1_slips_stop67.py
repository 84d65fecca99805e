"""The L1 term's typical slips are named, not "a digit miscopied" (stop 67's student tester): λ1·w for
λ1·sign(w), and sign(0) taken as 1. Each named line recomputes to the student's number."""
from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

from symbp.cli import main

SPEC = """title = "momentum with weight decay and l1"
layers = [2, 2, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
weight_decay = 0.05
l1 = 0.01
input = [1.5, -0.5]
target = [0.2]

[[layer]]
weights = [[0.3, 0.0], [-0.2, 0.7]]
biases = [0.1, 0.2]

[[layer]]
weights = [[0.9, -0.6]]
biases = [0]
activation = "identity"
"""


@pytest.fixture(scope="module")
def exact(tmp_path_factory):
    spec = tmp_path_factory.mktemp("l1") / "s.toml"
    spec.write_text(SPEC, encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec), "-f", "json"])
    assert result.exit_code == 0, result.output
    return spec, {k: Fraction(v) for k, v in json.loads(result.output)["exact"].items()}


@pytest.mark.parametrize("name, weight, slip, said", [
    ("dJ/dw_00^1", Fraction(3, 10), lambda g, w: g + Fraction(5, 100) * w + Fraction(1, 100) * w,
     "the L1 term's gradient worked as λ·w"),
    ("dJ/dw_01^1", Fraction(0), lambda g, w: g + Fraction(5, 100) * w + Fraction(1, 100),
     "sign(w) taken as 1"),
])
def test_the_l1_slip_is_named_with_its_line(tmp_path, exact, name, weight, slip, said):
    spec, values = exact
    gradient = values[name.replace("dJ", "dL")]
    right = values[name]
    assert right == gradient + Fraction(5, 100) * weight + Fraction(1, 100) * (weight > 0) - Fraction(1, 100) * (weight < 0)
    written = slip(Fraction(f"{float(gradient):.4g}"), weight)  # the student's ∂L/∂w, rounded to 4 digits
    answers = tmp_path / "a.toml"
    answers.write_text(f'"{name.replace("dJ", "dL")}" = "{float(gradient):.4g}"\n"{name}" = "{float(written):.4g}"\n',
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec), str(answers)])
    assert result.exit_code == 1, result.output
    line = next(line for line in result.output.splitlines() if "likely slip" in line)
    assert said in line and line.rstrip().endswith(f"= {float(written):.4g}".replace("-", "−")), line
