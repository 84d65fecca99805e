"""A value whose calculator route gives exactly 0 is right written "0.000" as it is written "0" (stop 68's instructor:
after one Adam step w = 0.1 − 0.1·m̂/(√v̂ + ε) ≈ 10⁻⁶; a student who rounds m̂/(√v̂ + ε) to 1.000 gets exactly 0, and
writing the zeros at the end, as the sheet asks, 0.000 lost the point while 0 earned it)."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    out = tmp_path_factory.mktemp("adam") / "o"
    result = CliRunner().invoke(main, ["worksheet", "--example", "adam1", "-n", "1", "--seed", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _the_weight(spec) -> float:
    """w_01^1 after one Adam step, in plain floats: m̂ = g, v̂ = g², so w − α·g/(|g| + ε); g = ∂J/∂w_01^1."""
    (w1, w2), x, y = spec["layer"], spec["input"], spec["target"][0]
    z1 = [sum(w * v for w, v in zip(row, x)) + b for row, b in zip(w1["weights"], w1["biases"])]
    a1 = [max(z, 0.0) for z in z1]
    out = sum(w * a for w, a in zip(w2["weights"][0], a1)) + w2["biases"][0]
    delta1 = [(out - y) * w2["weights"][0][j] * (1.0 if z1[j] > 0 else 0.0) for j in range(2)]
    g = delta1[0] * x[1] + spec["weight_decay"] * w1["weights"][0][1]
    opt = spec["optimizer"]
    return w1["weights"][0][1] - spec["learning_rate"] * g / (math.sqrt(g * g) + opt["eps"])


@pytest.mark.parametrize("written", ["0", "0.000", "0.0000"])
def test_an_exact_zero_route_is_right_with_trailing_zeros(sheet, tmp_path, written):
    key = json.loads((sheet / "answers.json").read_text())
    variant = key["variants"][0]
    exact = _the_weight(variant["spec"])
    assert 0 < abs(exact) < 0.00005  # ≈ 10⁻⁶: 0.000 has no significant digit of it
    answers = {name: value for name, value in variant["carried"].items() if name in variant["asked"]}
    answers["w_01^1@2"] = written
    # m̂/(√v̂ + ε) as a calculator shows it to 4 digits, 1.000: the route that gives exactly 0
    lines = ["variant = 1"] + [f'"{name}" = "{value}"' for name, value in answers.items()]
    path = tmp_path / "a.toml"
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    mark = json.loads(result.output)["quantities"]["w_01^1@2"]
    assert mark["status"] == "correct", mark
