"""A ReLU network of tiny numbers (1e-45 … 1e-95, which specs admit) is worked on the right side of
every kink: the exact engine, which lifts a value whose numerator or denominator outgrows
exact arithmetic to 50 digits, took such a lifted z of 1e-70 for 0 at ReLU's kink (ReLU(z) = 0,
ReLU'(z) = 0), and the float path, which does not, refused the spec ("verification failed: f'(z_0^1)
= 0.0 exactly, but plain float64 arithmetic gives 1.0", exit 3).  The values are compared with a
forward and backward pass in Fractions written here."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from helpers import cli_runner
from symbp.cli import main


def by_hand(s: F, bias_sign: int) -> dict:
    """1-1-1 ReLU, half_sse, x = w = s, b^1 = bias_sign·s, b^2 = s, target 1."""
    relu = lambda z: max(z, F(0))
    step = lambda z: F(1) if z > 0 else F(0)
    x, w1, b1, w2, b2 = s, s, bias_sign * s, s, s
    z1 = w1 * x + b1
    a1 = relu(z1)
    z2 = w2 * a1 + b2
    a2 = relu(z2)
    delta2 = (a2 - 1) * step(z2)
    delta1 = w2 * delta2 * step(z1)
    return {"z_0^1": z1, "a_0^1": a1, "z_0^2": z2, "a_0^2": a2, "L": (a2 - 1) ** 2 / 2, "delta_0^2": delta2,
            "delta_0^1": delta1, "dL/dw_00^1": delta1 * x, "dL/db_0^1": delta1, "dL/dw_00^2": delta2 * a1}


@pytest.mark.parametrize("exponent", [-45, -60, -70, -95])
@pytest.mark.parametrize("bias_sign", [1, -1])
def test_tiny_numbers_are_worked_on_the_right_side_of_the_kink(tmp_path, exponent, bias_sign):
    s = F(1, 10 ** -exponent)
    spec = tmp_path / "tiny.toml"
    spec.write_text(f"layers = [1, 1, 1]\nactivation = \"relu\"\nloss = \"half_sse\"\nlearning_rate = 0.1\n"
                    f"input = [1e{exponent}]\ntarget = [1]\n"
                    f"[[layer]]\nweights = [[1e{exponent}]]\nbiases = [{bias_sign}e{exponent}]\n"
                    f"[[layer]]\nweights = [[1e{exponent}]]\nbiases = [1e{exponent}]\n", encoding="utf-8")
    result = cli_runner().invoke(main, ["derive", str(spec), "--format", "json"])
    assert result.exit_code == 0, result.output
    exact = json.loads(result.stdout)["exact"]
    for name, value in by_hand(s, bias_sign).items():
        got = F(exact[name])
        assert abs(got - value) <= abs(value) * F(1, 10 ** 25), (name, exact[name], float(value))
        assert (got > 0) == (value > 0) and (got == 0) == (value == 0), name
