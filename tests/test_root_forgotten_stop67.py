"""Adam's step with the square root of v̂ forgotten, m̂/(v̂ + ε), is named, its line giving the student's number
(stop 67's student tester: found wrong, no slip named)."""
from __future__ import annotations

import json
from fractions import Fraction

from click.testing import CliRunner

from symbp.cli import main

SPEC = """title = "adam"
layers = [3, 2, 1]
activation = "tanh"
loss = "bce"
learning_rate = 0.05
input = [0.2, -0.4, 1.5]
target = [1]

[optimizer]
name = "adam"

[[layer]]
weights = [[0.3, -0.6, 0.2], [-0.1, 0.4, 0.5]]
biases = [0, 0.2]

[[layer]]
weights = [[0.8, -1.2]]
biases = [-0.3]
activation = "sigmoid"
"""


def test_the_forgotten_root_is_named_with_the_student_s_number(tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text(SPEC, encoding="utf-8")
    exact = {k: Fraction(v) for k, v in json.loads(CliRunner().invoke(main, ["derive", str(spec), "-f", "json"]).output)
             ["exact"].items()}
    g = Fraction(f"{float(exact['dL/dw_01^2']):.4g}")  # the student's gradient, 4 digits
    # step 1: m̂ = g, v̂ = g² (bias-corrected); the root of v̂ forgotten
    slip = Fraction(-12, 10) - Fraction(5, 100) * g / (g * g + Fraction(1, 10**8))
    right = Fraction(-12, 10) - Fraction(5, 100) * g / (abs(g) + Fraction(1, 10**8))
    assert abs(slip - right) > Fraction(1, 100)
    answers = tmp_path / "a.toml"
    answers.write_text(f'"dL/dw_01^2" = "{float(g)}"\n"w_01^2@2" = "{float(slip):.4g}"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec), str(answers)])
    line = next(line for line in result.output.splitlines() if "likely slip" in line)
    assert "the square root of v̂ forgotten" in line, line
    printed = float(line.split("≈")[-1].strip().replace("−", "-"))  # the line's result, as a student reads it
    assert abs(printed - float(slip)) < 1e-3 * abs(float(slip)), (printed, float(slip))
