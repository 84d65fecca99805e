"""A sigmoid output with bce that is confidently right (z ≳ 111, e^−z below the reach of 50 digits):
its stable line L = ln(1 + e^−z) + (1 − y)·z is printed (was exit 3: the line after an update was
worked out as log(1) = 0 at 50 digits), its value is the one worked out here with mpmath; the
recheck of such a line still refuses a wrong value (it was 10⁻⁵² wide there).  And the calculator
mode's δ^L of sigmoid with bce: 1/n·(a − y) from the printed a, as in the exact mode."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import mpmath
import pytest

from helpers import symbp_here

from symbp import formula as F
from symbp.errors import VerificationError
from symbp.numbers import Shown
from symbp.pipeline import derive_solution
from symbp.render.recheck import PrintedLine, recheck
from symbp.render.worked import render_latex, render_markdown, render_text
from symbp.spec import parse_spec

MINUS = "−"


def _spec(weights: list, target: list, steps: int = 1) -> str:
    rows = ", ".join(f"[{w}]" for w in weights)
    return (f'layers = [1, {len(weights)}]\nactivation = "sigmoid"\nloss = "bce"\nlearning_rate = 0.1\n'
            f"input = [1]\ntarget = {target}\nsteps = {steps}\n[[layer]]\nweights = [{rows}]\n"
            f"biases = {[0] * len(weights)}\n")


def _printed(text: str) -> Fraction:
    """A printed number (1.384·10^−87, −0.1938) as the Fraction it writes."""
    text = text.replace(MINUS, "-")
    m = re.fullmatch(r"(-?[\d.]+)·10\^(-?\d+)", text)
    return Fraction(Decimal(f"{m.group(1)}e{m.group(2)}")) if m else Fraction(Decimal(text))


def _close(true, printed: Fraction) -> bool:
    """Whether `printed` (4 significant digits) is `true` rounded: within half a unit."""
    mp = mpmath.MPContext()
    mp.dps = 1100
    value = mp.mpf(printed.numerator) / printed.denominator
    unit = mp.mpf(10) ** (int(mp.floor(mp.log10(abs(value)))) - 3)
    return abs(mp.mpf(true) - value) <= unit / 2 * (1 + mp.mpf(10) ** -6)


def _true_losses(weights: list, target: list) -> list:
    """L before and after one step, worked out here at 1100 digits: L = 1/n Σ softplus(z) − y·z,
    δ_j = (σ(z_j) − y_j)/n, w and b both move by −0.1·δ (input 1), so z moves by −0.2·δ."""
    mp = mpmath.MPContext()
    mp.dps = 1100
    zs, ys, n = [mp.mpf(str(w)) for w in weights], [mp.mpf(y) for y in target], len(weights)

    def loss(zs):
        return sum(mp.log1p(mp.exp(-abs(z))) + max(z, 0) - y * z for z, y in zip(zs, ys)) / n
    deltas = [(1 / (1 + mp.exp(-z)) - y) / n for z, y in zip(zs, ys)]
    return [loss(zs), loss([z - mp.mpf("0.2") * d for z, d in zip(zs, deltas)])]


CONFIDENT = [([111], [1]), ([112], [1]), ([120], [1]), ([200], [1]), (["200.5"], [1]), ([-120], [0]),
             ([120, -120], [1, 0])]


@pytest.mark.parametrize("weights,target", CONFIDENT, ids=str)
def test_a_confidently_right_output_has_its_stable_loss_lines(weights, target):
    spec = parse_spec(_spec(weights, target))
    solution, report = derive_solution(spec)
    text = render_text(solution, report)  # each rechecked before it is returned (was exit 3)
    render_markdown(solution, report)
    render_latex(solution, report)
    lines = [line for line in text.splitlines() if re.match(r"    L(@2)? = .*ln\(1 \+ e\^\(", line)]
    assert len(lines) == 2, text
    for line, true in zip(lines, _true_losses(weights, target)):
        assert _close(true, _printed(line.rsplit(" ≈ ", 1)[1])), (line, mpmath.nstr(true, 6))


def test_the_reporters_spec_exits_0_in_every_format(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(_spec([200], [1]))
    for fmt in ("text", "md", "tex"):
        done = symbp_here("derive", path, "--format", fmt)
        assert done.returncode == 0, done.stderr
    text = symbp_here("derive", path).stdout
    # ln(1 + e^−200) = e^−200 − e^−400/2 + … = 1.3838965…·10^−87
    assert "    L = ln(1 + e^(−z_0^1)) + (1 − y_0)·z_0^1 = ln(1 + e^(−200)) + (1 − 1)·200 ≈ 1.384·10^−87" in text


def _stable_line(z: int, result: str) -> PrintedLine:
    one, zr, yr = F.Const(Fraction(1)), F.Ref("z_0^1"), F.Ref("y_0")
    formula = F.Add((F.Apply(F.LOG, (F.Add((one, F.Apply(F.EXP, (F.Neg(zr),)))),)), F.Mul((F.Sub(one, yr), zr))))
    numbers = {"z_0^1": Shown(str(z), False), "y_0": Shown("1", False)}
    return PrintedLine("L", formula, numbers, Shown(result, True, 4), True)


@pytest.mark.parametrize("z,right", [(200, "1.384E-87"), (2000, "2.577E-869"), (112, "2.286E-49")])
def test_the_recheck_refuses_a_wrong_value_in_a_stable_line(z, right):
    spec = parse_spec(_spec([z], [1]))
    assert recheck([_stable_line(z, right)], spec) == 1
    mantissa, exponent = right.split("E")
    wrong_last = f"{float(mantissa) + 0.001:.3f}E{exponent}"  # one unit off: 1.385·10^−87
    for wrong in (wrong_last, f"{float(mantissa) + 1:.3f}E{exponent}", f"1.000E{int(exponent) - 3}"):
        with pytest.raises(VerificationError):
            recheck([_stable_line(z, wrong)], spec)


SIG = """layers = [3, 4, 2]
activation = "sigmoid"
loss = "bce"
learning_rate = 0.5
input = [0.3, -1.2, 2]
target = [1, 0]
steps = 2
[[layer]]
weights = [[0.1, -0.7, 0.35], [0.9, 0.2, -0.4], [-0.5, 0.6, 0.15], [0.25, 0.3, -0.8]]
biases = [0.1, -0.3, 0.2, 0]
activation = "tanh"
[[layer]]
weights = [[0.4, -0.6, 0.7, 0.2], [-0.3, 0.5, 0.1, -0.9]]
biases = [0.05, -0.1]
"""


def _round4(x: Fraction) -> Fraction:
    """x rounded to 4 significant digits, half away from zero (numbers.py's declared rule)."""
    if x == 0:
        return x
    exponent = Decimal(x.numerator / x.denominator).adjusted() - 3
    scaled = abs(x) / Fraction(10) ** exponent
    whole = int(scaled + Fraction(1, 2))
    return (1 if x > 0 else -1) * whole * Fraction(10) ** exponent


def test_the_calculator_modes_output_delta_is_a_minus_y_from_the_printed_a():
    """--round-intermediate: δ_j^2 = 1/2·(a_j^2 − y_j) from the printed a (σ' cancels, written out
    as in the exact mode), every step; the key's δ is that value, not a product with a printed σ'."""
    solution, report = derive_solution(parse_spec(SIG), round_to=4)
    text = render_text(solution, report)
    assert "= 1/n·(a_j^L − y_j)   (σ' cancels)" in text
    assert not re.search(r"σ'\(z_\d\^2", text.split("③")[1].split("δ_j^L")[1])  # no σ'(z^L) line or factor
    printed_a = {m.group(1): _printed(m.group(2))
                 for m in re.finditer(r"    a_(\d\^2(?:@\d)?) = σ\(z_\S+\) = σ\(\S+\) ≈ (\S+)", text)}
    deltas = re.findall(r"    δ_(\d)\^2(@\d)? = 1/2·\(a_\S+ − y_\d\) = 1/2·\((\S+) − (\d)\) (?:=|≈) (\S+)", text)
    assert len(deltas) == 2, text  # the first step's backward pass is printed
    for j, step, a, y, delta in deltas:
        assert _printed(a) == printed_a[f"{j}^2{step}"]
        assert _printed(delta) == _round4((_printed(a) - int(y)) / 2)
    for step in ("", "@2"):  # the key's carried values, every step: δ from its own a
        for j, y in enumerate((1, 0)):
            a = solution.carried.values[f"a_{j}^2{step}"]
            assert a == _round4(a) and solution.carried.values[f"delta_{j}^2{step}"] == _round4((a - y) / 2)
