"""Saturated neurons: 1 − σ(z) and 1 − tanh²(z) cancel in most of the 50 digits a solve starts
with (1 − σ(95) ≈ 5.5·10⁻⁴² keeps 8 of them).  Such a sum is computed again with more digits, so
every value keeps at least KEPT_DIGITS right digits: here each is compared with the true value
worked out from the spec at 400 digits by mpmath in closed form (ln(1 + e^z), e^−z/(1 + e^−z)²,
1/cosh²), and the JSON key's 30-digit strings and floats with it."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import mpmath
import pytest

from helpers import symbp_here

from symbp.core.numeric import KEPT_DIGITS, Domain, PrecisionLost
from symbp.pipeline import derive_solution
from symbp.spec import parse_spec

MP = mpmath.MPContext()
MP.dps = 400


def _spec(activation: str, loss: str, weight: int, target: str) -> str:
    return (f'layers = [1, 1]\nactivation = "{activation}"\nloss = "{loss}"\nlearning_rate = 0.1\n'
            f"input = [1]\ntarget = [{target}]\n[[layer]]\nweights = [[{weight}]]\nbiases = [0]\n")


def _right_digits(value, true) -> float:
    """How many leading digits of `value` agree with `true` (relative error, in decimal digits)."""
    value = MP.mpf(str(value)) if not isinstance(value, str) else MP.mpf(value)
    if value == true:
        return float("inf")
    return float(-MP.log10(abs(value - true) / abs(true)))


@pytest.mark.parametrize("z", [23, 46, 95, 103, 500])
def test_sigmoid_bce_keeps_its_digits(z):
    # y = 0: L = −ln(1 − σ(z)) = ln(1 + e^z); σ′(z) = e^−z / (1 + e^−z)²
    solution, _ = derive_solution(parse_spec(_spec("sigmoid", "bce", z, "0")))
    true_loss = MP.log(1 + MP.exp(z))
    true_slope = MP.exp(-z) / (1 + MP.exp(-z)) ** 2
    assert _right_digits(solution.values["L"], true_loss) >= KEPT_DIGITS - 2
    assert _right_digits(solution.values["local:da_0^1/dz_0^1"], true_slope) >= KEPT_DIGITS - 2


def test_tanh_saturated_keeps_its_digits():
    # half_sse, y = 1/2: δ = (tanh 20 − 1/2)·(1 − tanh² 20) = (tanh 20 − 1/2)/cosh² 20
    solution, _ = derive_solution(parse_spec(_spec("tanh", "half_sse", 20, "0.5")))
    true_delta = (MP.tanh(20) - MP.mpf(1) / 2) / MP.cosh(20) ** 2
    assert _right_digits(solution.values["delta_0^1"], true_delta) >= KEPT_DIGITS - 2


def test_json_key_prints_right_digits(tmp_path):
    """1 − σ(95) at 50 digits gave L = 94.99999999983311 (float) and a 30-digit string wrong from the
    11th digit; the true loss is 95 + 5.5·10⁻⁴²."""
    path = tmp_path / "saturated.toml"
    path.write_text(_spec("sigmoid", "bce", 95, "0"))
    result = symbp_here("derive", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    key = json.loads(result.stdout)
    true_loss = MP.log(1 + MP.exp(95))
    assert key["values"]["L"] == float(true_loss) == 95.0
    exact = Decimal(key["exact"]["L"])
    assert abs(exact - Decimal(MP.nstr(true_loss, 60))) <= Decimal("1e-27")  # right to its 30 digits


def test_watched_domain_refuses_lost_digits_and_keeps_exact_zero():
    watched, plain = Domain(watched=True), Domain()
    one = watched.lift(1)
    sigma = watched.context.mpf(1) / (1 + watched.context.exp(-95))
    with pytest.raises(PrecisionLost):
        watched.add(one, -sigma)
    assert plain.add(plain.lift(1), -(plain.context.mpf(1) / (1 + plain.context.exp(-95)))) != 0  # unwatched: as it is
    third = watched.lift(1) / 3
    assert watched.add(third, -third) == 0  # two high-precision numbers cancelled in every digit: an exact 0
    with pytest.raises(PrecisionLost):  # an irrational value rounded to a rational one: saturated, not 0
        watched.add(Fraction(1), -(watched.context.mpf(1) / (1 + watched.context.exp(-200))))
    assert watched.add(one, -watched.lift(1) / 10**9) > 0  # 9 digits lost: kept


@pytest.mark.parametrize("z", [116, 200])
def test_saturated_derivative_is_not_an_exact_zero(z):
    """σ(z) ≥ 116 is exactly 1.0 at 50 digits, so 1 − σ(z) cancelled to an exact 0: the JSON key said
    σ′ = "0" (and δ and every gradient 0) where it is e^−z/(1 + e^−z)² ≈ 1.4·10⁻⁸⁷ for z = 200."""
    solution, _ = derive_solution(parse_spec(_spec("sigmoid", "half_sse", z, "0.5")))
    true_slope = MP.exp(-z) / (1 + MP.exp(-z)) ** 2
    assert _right_digits(solution.values["local:da_0^1/dz_0^1"], true_slope) >= KEPT_DIGITS - 2
    assert _right_digits(solution.values["dL/dw_00^1"], (1 / (1 + MP.exp(-z)) - MP.mpf(1) / 2) * true_slope) >= 30


@pytest.mark.parametrize("z", [-60, -100])
def test_a_bce_loss_near_zero_keeps_its_digits(z):
    """y = 0, a = σ(z) ≈ e^z: L = −ln(1 − a), and 1 − 3.7·10⁻⁴⁴ held at 50 digits keeps 6 digits of a,
    so L was wrong from the 8th digit (found by a new user; `check` then marked the true value wrong).
    The true loss is ln(1 + e^z)."""
    solution, _ = derive_solution(parse_spec(_spec("sigmoid", "bce", z, "0")))
    assert _right_digits(solution.values["L"], MP.log(1 + MP.exp(z))) >= KEPT_DIGITS - 2


@pytest.mark.parametrize("activation, weight", [("sigmoid", 3000), ("tanh", 1500), ("tanh", -2000)])
def test_saturated_beyond_every_precision_is_refused_not_zero(tmp_path, activation, weight):
    """1 − σ(3000) ≈ e^−3000 ≈ 10⁻¹³⁰³ and 1 − tanh²(1500) ≈ 4e^−3000 lie beyond the last precision
    (1000 digits): that sum cancelled in every digit and was taken as an exact 0, so the JSON key said
    f′ = "0" and δ = "0" — a new user's tanh neuron at z = 2999.2 (found with input −10000), while at
    z = 299.2 symbp refused.  Now it is refused with exit 2 naming the quantity, and no file is written."""
    path, out = tmp_path / "s.toml", tmp_path / "s.json"
    path.write_text(_spec(activation, "half_sse", weight, "0.5"))
    true_slope = 1 / MP.cosh(weight) ** 2 if activation == "tanh" else MP.exp(-weight) / (1 + MP.exp(-weight)) ** 2
    assert 0 < true_slope < MP.mpf(10) ** -1000  # the true value: positive, below the last precision
    for extra in ([], ["--round-intermediate"]):
        result = symbp_here("derive", path, "--format", "json", "-o", out, *extra)
        assert result.returncode == 2, result.stdout + result.stderr
        lines = result.stderr.strip().splitlines()
        # named by the spec field behind it and the z it gives (too_large.py)
        assert len(lines) == 1 and lines[0].split(": ", 2)[2].startswith("the 1st [[layer]] table (layer 1): weights[0][0]: "), lines
        assert "gives z_0^1 = " in lines[0] and (", too large for " if weight > 0 else ", too far below 0 for ") in lines[0], lines
        assert "Traceback" not in result.stderr and not out.exists()


@pytest.mark.parametrize("weight", ["-1e20", "-1e9"])
def test_a_softplus_far_below_zero_is_refused_naming_the_field(weight):
    """softplus(−10^20) = ln(1 + e^−10^20): e^−10^20 as an mpf is 2^−1.4·10^20, whose exponent no
    int holds — exit 70 ("too many digits in integer" in verify, decimal.InvalidOperation at −10^9,
    a hang at −10^6).  A spec's e^x of x < −10^5 is refused as e^x of x > 10^5 is: too_large names the field."""
    from symbp.errors import SpecError

    spec = _spec("softplus", "half_sse", weight, "0.5")
    with pytest.raises(SpecError) as refused:
        derive_solution(parse_spec(spec))
    assert "weights[0][0]" in str(refused.value) and "too far below 0 for softplus(z_0^1)" in str(refused.value)


def test_the_graph_exp_floor_is_the_spec_solves_bound():
    """core.operations keeps its own copy of the bound (numeric imports operations): the two agree."""
    from symbp.core import numeric, operations

    assert operations.EXP_FLOOR == -numeric.MAX_EXP_ARGUMENT
