"""A wrong activation derivative named with a line that gives the student's number: tanh's δ worked with the
sigmoid's a(1 − a) of the neuron's a (stop 67's student tester: the line showed σ'(z) ≈ −0.1201 for a written
−0.1305)."""
from __future__ import annotations

import math
import re
from decimal import Decimal

from click.testing import CliRunner

from symbp.cli import main

SPEC = """title = "tanh, bce"
layers = [3, 2, 1]
activation = "tanh"
loss = "bce"
learning_rate = 0.05
input = [0.2, -0.4, 1.5]
target = [1]

[[layer]]
weights = [[0.3, -0.6, 0.2], [-0.1, 0.4, 0.5]]
biases = [0, 0.2]

[[layer]]
weights = [[0.8, -1.2]]
biases = [-0.3]
activation = "sigmoid"
"""


def _r(x: float) -> str:
    return f"{x:.4g}" if abs(x) >= 1e-3 else f"{x:.3e}"


def test_the_slip_line_recomputes_to_the_student_s_value(tmp_path):
    # the student's hand computation, rounded to 4 digits and carried
    x, w1, b1 = [0.2, -0.4, 1.5], [[0.3, -0.6, 0.2], [-0.1, 0.4, 0.5]], [0, 0.2]
    z1 = [float(_r(sum(w * xi for w, xi in zip(row, x)) + b)) for row, b in zip(w1, b1)]
    a1 = [float(_r(math.tanh(z))) for z in z1]
    z2 = float(_r(0.8 * a1[0] - 1.2 * a1[1] - 0.3))
    a2 = float(_r(1 / (1 + math.exp(-z2))))
    d2 = float(_r(a2 - 1))
    slip = float(_r(0.8 * d2 * a1[0] * (1 - a1[0])))  # the sigmoid's a(1 − a) for tanh's 1 − a²
    right = 0.8 * d2 * (1 - a1[0] ** 2)
    assert abs(slip - right) > 0.1
    spec = tmp_path / "s.toml"
    spec.write_text(SPEC, encoding="utf-8")
    answers = tmp_path / "a.toml"
    answers.write_text("\n".join(f'"{k}" = "{_r(v)}"' for k, v in (
        ("z_0^1", z1[0]), ("z_1^1", z1[1]), ("a_0^1", a1[0]), ("a_1^1", a1[1]), ("z_0^2", z2), ("a_0^2", a2),
        ("delta_0^2", d2), ("delta_0^1", slip))) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec), str(answers)])
    line = next(line for line in result.output.splitlines() if "likely slip" in line)
    assert "wrong activation derivative" in line, result.output
    # the line as a student reads it: every printed factor, multiplied, gives the printed result
    printed = line.split(": ", 2)[-1].replace("−", "-")
    lhs, result_text = printed.split("≈")
    factors = re.findall(r"\(?(-?\d+\.\d+)\)?·?", lhs)
    assert lhs.replace(" ", "") == f"0.8·({d2})·{a1[0]}·(1-{a1[0]})".replace(" ", ""), lhs
    value = Decimal("0.8") * Decimal(str(d2)) * Decimal(str(a1[0])) * (1 - Decimal(str(a1[0])))
    assert abs(value - Decimal(result_text.strip())) < Decimal("5e-5") * abs(value), (value, result_text, factors)
    assert abs(float(result_text) - slip) < 1e-4
