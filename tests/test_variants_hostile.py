"""Hostile [variants] numbers end in exit 2 naming the field, with no output folder (crash34: a range
to 1e500, a drawn β of 1e500 or 1e-300 crashed, exit 70 or 3); max_abs_value beyond float64 and an
exact value of thousands of digits are compared, not crashed on; `--exact-key` writes the sign of a
cost change its printed digits cannot show (KeyError 'fell' before)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
from click.testing import CliRunner

from symbp.cli import main
from symbp.resources import example_path
from symbp.variant_carried import _leading_exponent
from symbp.variant_constraints import _within


def _worksheet(tmp_path, example: str, variants: str, *options):
    base = example_path(example).read_text(encoding="utf-8").split("[variants]")[0]
    spec = tmp_path / "hostile.toml"
    spec.write_text(f"{base}\n[variants]\n{variants}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "1", "-o", str(out), *options])
    return result, out


@pytest.mark.parametrize("example,variants,field", [
    ("nn231", 'weights = { range = ["-1e500", "1e500"] }', "variants.weights.range[0]"),
    ("nn231", f"inputs = {{ range = [-1, {10**400}] }}", "variants.inputs.range[1]"),
    ("nn231", 'kink_distance = "1e500"', "variants.kink_distance"),
    ("momentum2", 'hyperparameters = { beta = ["1e500"] }', "variants.hyperparameters.beta[0]"),
    ("adam1", "hyperparameters = { beta2 = [1e-300] }", "variants.hyperparameters.beta2[0]"),
])
def test_an_out_of_range_variants_number_is_refused_naming_its_field(tmp_path, example, variants, field):
    result, out = _worksheet(tmp_path, example, variants)
    assert result.exit_code == 2, result.output
    assert field in result.stderr and "internal error" not in result.stderr
    assert not out.exists()


def test_max_abs_value_beyond_float64_is_compared_exactly():
    bound = Fraction(10) ** 999  # max_abs_value = "1e999"
    assert _within(mpmath.mpf(10) ** 500, bound)
    assert not _within(mpmath.mpf(10) ** 1000, bound)


@pytest.mark.parametrize("value,exponent", [(Fraction(1, 10**5000), -5000), (Fraction(37, 10**5001), -5000),
                                            (Fraction(10**4400 - 1), 4399)])
def test_the_leading_exponent_of_a_value_of_thousands_of_digits(value, exponent):
    assert _leading_exponent(value) == exponent


SATURATED = """\
weights = { range = [120, 120], decimals = 0 }
biases = { range = [0, 0], decimals = 0 }
inputs = { range = [1, 1], decimals = 0 }
targets = { range = [1, 1], decimals = 0 }
max_saturation = 1
require_loss_decrease = false
max_abs_value = 1000
"""


def test_an_exact_key_says_the_cost_fell_below_its_printed_digits(tmp_path):
    """σ(120) with bce (the golden 'saturated' spec as the only variant): one step raises w and b
    by 0.1·(1 − σ(120)) each; the cost falls by ~6·10^−104, far below the digits of L ≈ 7.7·10^−53."""
    mpmath.mp.dps = 400
    try:
        step = mpmath.mpf("0.1") / (1 + mpmath.e ** 120)  # −α·∂L/∂w = −α·∂L/∂b = α·(1 − σ(z)), x = 1
        fall = mpmath.log1p(mpmath.e ** -120) - mpmath.log1p(mpmath.e ** -(120 + 2 * step))
    finally:
        mpmath.mp.dps = 15
    assert 0 < fall < mpmath.mpf(10) ** -100
    spec = tmp_path / "saturated.toml"
    text = (Path(__file__).parent / "golden" / "specs" / "saturated.toml").read_text(encoding="utf-8")
    spec.write_text(f"{text}\n[variants]\n{SATURATED}", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "1", "-o", str(out), "--exact-key"])
    assert result.exit_code == 0, result.output
    key = (out / "answer-key.tex").read_text(encoding="utf-8")
    assert r"\summaryentry{L - L^{\langle 2\rangle}}{>}{0}" in key  # fell: L − L^⟨2⟩ > 0
    assert "& $> 0$" in key  # the class overview's cell


def test_a_carried_key_notes_the_exact_change_with_the_sign_of_the_difference_it_writes(tmp_path):
    """The same sheet's carried key: both printed costs are 7.668·10^−53, so it writes L^(2) − L = 0 and below it
    the exact value of that difference, L^(2) − L = −(the fall) — it was written with the fall's sign."""
    mpmath.mp.dps = 400
    try:
        step = mpmath.mpf("0.1") / (1 + mpmath.e ** 120)
        change = mpmath.log1p(mpmath.e ** -(120 + 2 * step)) - mpmath.log1p(mpmath.e ** -120)  # L^(2) − L < 0
        mantissa, exponent = mpmath.nstr(change, 4, min_fixed=1, max_fixed=0).split("e")
    finally:
        mpmath.mp.dps = 15
    spec = tmp_path / "saturated.toml"
    text = (Path(__file__).parent / "golden" / "specs" / "saturated.toml").read_text(encoding="utf-8")
    spec.write_text(f"{text}\n[variants]\n{SATURATED}", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    key = (out / "answer-key.tex").read_text(encoding="utf-8")
    # (≈ 0: the printed costs' difference, not the true change — a summary has no line beside it, stop 54)
    expected = rf"\summaryexact{{L^{{\langle 2\rangle}} - L}}{{\approx}}{{0}}{{exact $\approx {mantissa} \cdot 10^{{{int(exponent)}}}$}}"
    assert expected in key, [line for line in key.splitlines() if "summaryexact{L^" in line]
