"""Values written on the way (f'(z) as local:da/dz, the back-propagated sums dL/da) are marked, never
taken as their own explanation: a new user (a student) wrote σ'(z) = −3 and got CORRECT, and with
σ'(a) for σ'(z) written down, every δ worked from it was CORRECT too (136 of 136 points).

Expected values are worked out here with math from the spec's numbers (a 2-2-1 sigmoid network,
half the squared error, one sample)."""
from __future__ import annotations

import json
import math

import pytest

from helpers import cli_runner
from symbp.cli import main
from test_check_marks import STUD, sigmoid

SPEC = STUD  # the 2-2-1 sigmoid network of a new user's (test_check_marks.py)


def d_sigmoid(z: float) -> float:
    return sigmoid(z) * (1 - sigmoid(z))


def by_hand() -> dict:
    x, y = (0.5, -1.0), 0.8
    z1 = [0.4 * x[0] + 0.3 * x[1] + 0.1, -0.2 * x[0] + 0.6 * x[1] - 0.1]
    a1 = [sigmoid(z) for z in z1]
    z2 = 0.7 * a1[0] - 0.5 * a1[1] + 0.2
    a2 = sigmoid(z2)
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "y": y}


def four(v: float) -> str:
    return f"{v:.4g}" if abs(v) >= 1e-3 else f"{v:.4e}"


def marked(tmp_path, values: dict, spec_text: str = SPEC) -> dict:
    spec = tmp_path / "net.toml"
    spec.write_text(spec_text, encoding="utf-8")
    answers = tmp_path / "answers.toml"
    answers.write_text("".join(f'"{k}" = "{v}"\n' for k, v in values.items()), encoding="utf-8")
    result = cli_runner().invoke(main, ["check", str(spec), str(answers), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["quantities"]


@pytest.mark.parametrize("written", ["-3.000", "5.000", "0.1000"])
def test_a_wrong_f_prime_written_alone_is_wrong(tmp_path, written):
    q = marked(tmp_path, {"local:da_0^2/dz_0^2": written})
    assert q["local:da_0^2/dz_0^2"]["status"] == "wrong"


def test_the_right_f_prime_written_alone_is_right(tmp_path):
    h = by_hand()
    q = marked(tmp_path, {"local:da_0^2/dz_0^2": four(d_sigmoid(h["z2"]))})
    assert q["local:da_0^2/dz_0^2"]["status"] == "correct"


def test_sigma_prime_of_a_written_down_is_wrong_and_costs_the_delta_from_it(tmp_path):
    """σ'(a) written as f'(z) earns no points itself: the δ worked from it is wrong (its slip), what follows
    the δ is carried from it — the points are those of the same answer with f'(z) left out (stop 60: a student
    helper got every point with the wrong f'(z) written, one fewer without it)."""
    h = by_hand()
    slip = round(d_sigmoid(h["a2"]), 4)  # σ'(a) for σ'(z)
    assert abs(slip - d_sigmoid(h["z2"])) > 0.005
    delta = (h["a2"] - h["y"]) * slip
    a1 = round(h["a1"][0], 4)
    values = {"z_0^2": four(h["z2"]), "a_0^2": four(h["a2"]), "delta_0^2": four(delta),
              "dL/dw_00^2": four(float(four(delta)) * a1), "a_0^1": four(a1)}
    q = marked(tmp_path, values | {"local:da_0^2/dz_0^2": four(slip)})
    assert q["local:da_0^2/dz_0^2"]["status"] == "wrong"
    assert q["local:da_0^2/dz_0^2"]["diagnosis_key"] == "wrong_activation_derivative"
    assert q["delta_0^2"]["status"] == "wrong"
    assert q["delta_0^2"]["diagnosis_key"] == "wrong_value_on_the_way"
    assert q["delta_0^2"]["diagnosis_value"] == pytest.approx((float(four(h["a2"])) - h["y"]) * slip, abs=1e-12)
    assert q["dL/dw_00^2"]["status"] == "carried" and q["dL/dw_00^2"]["carried_from"] == ["delta_0^2"]
    left_out = marked(tmp_path, values)
    assert left_out["delta_0^2"]["status"] == "wrong"
    earned = lambda marks: sum(m["earned"] for m in marks.values())  # noqa: E731
    assert earned(q) == earned(left_out) == len(values) - 1


def test_sigma_prime_of_a_inside_delta_is_named(tmp_path):
    h = by_hand()
    delta = (h["a2"] - h["y"]) * d_sigmoid(h["a2"])
    q = marked(tmp_path, {"z_0^2": four(h["z2"]), "a_0^2": four(h["a2"]), "delta_0^2": four(delta)})
    assert q["delta_0^2"]["status"] == "wrong"
    assert q["delta_0^2"]["diagnosis_key"] == "wrong_activation_derivative"


def test_a_wrong_backpropagated_sum_is_wrong_and_costs_the_delta_from_it(tmp_path):
    h = by_hand()
    f1 = d_sigmoid(h["z1"][0])
    q = marked(tmp_path, {"dL/da_0^1": "7.000", "local:da_0^1/dz_0^1": four(f1), "delta_0^1": four(7 * round(f1, 4))})
    assert q["dL/da_0^1"]["status"] == "wrong"
    assert q["local:da_0^1/dz_0^1"]["status"] == "correct"
    assert q["delta_0^1"]["status"] == "wrong"  # the sum earns no points: its slip costs δ's
    assert q["delta_0^1"]["diagnosis_key"] == "wrong_value_on_the_way"


ONE_WIDE = """layers = [1, 2, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
input = [1]
target = [0.2]
[[layer]]
weights = [[{w}], [2.5]]
biases = [0, -0.5]
[[layer]]
weights = [[0.9, -1.4]]
biases = [0.3]
"""


def four_digits(v: float) -> float:
    return float(f"{v:.4g}")


@pytest.mark.parametrize("z", [0.0472, 2.3, 6.77, 8.0])
def test_f_prime_worked_from_z_through_rounded_steps_is_right(tmp_path, z):
    """σ'(z) = e^−z/(1 + e^−z)² with e^−z, 1 + e^−z and the square each rounded to 4 digits, a not
    written (review 32: 38 of 240 such answers were marked WRONG, up to 7 units off at z = 2.3)."""
    e = four_digits(math.exp(-z))
    square = four_digits(four_digits(1 + e) ** 2)
    written = f"{four_digits(e / square):.4g}"
    spec = tmp_path / "net.toml"
    spec.write_text(ONE_WIDE.format(w=z), encoding="utf-8")
    answers = tmp_path / "answers.toml"
    answers.write_text(f'"z_0^1" = "{z}"\n"local:da_0^1/dz_0^1" = "{written}"\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", str(spec), str(answers), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["quantities"]["local:da_0^1/dz_0^1"]["status"] == "correct", written


def test_an_f_prime_written_with_too_few_digits_costs_the_delta_from_it(tmp_path):
    """(the stop's reviewer: f'(z) written 0.2 for 0.2405 earns nothing, and the δ worked from it earned its point:
    4 points with the line, 3 without it)"""
    h = by_hand()
    delta = (float(four(h["a2"])) - h["y"]) * 0.2
    values = {"z_0^2": four(h["z2"]), "a_0^2": four(h["a2"]), "delta_0^2": four(delta), "dL/db_0^2": four(delta)}
    q = marked(tmp_path, values | {"local:da_0^2/dz_0^2": "0.2"})
    assert q["local:da_0^2/dz_0^2"]["status"] == "too_few_digits"
    assert q["delta_0^2"]["status"] == "wrong" and q["dL/db_0^2"]["status"] == "carried"
    earned = lambda marks: sum(m["earned"] for m in marks.values())  # noqa: E731
    assert earned(q) == earned(marked(tmp_path, values)) == len(values) - 1
