"""A result after "≈" shows its digits, trailing zeros kept: a 1-1 identity net with w = 2.5·10^−41,
x = 3·10^40, b = 1·10^−30, y = 1·10^−30 has z = 0.75 + 10^−30 (printed ≈ 0.7500) and δ = a − y = 0.75
exactly, which the printed numbers give only nearly (0.7500 − 1·10^−30): it printed "≈ 0.75", two
digits where four are promised (a new user's finding)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from symbp.pipeline import derive_solution
from symbp.render.worked import render_latex, render_markdown, render_text
from symbp.spec import parse_spec

HUGE = """layers = [1, 1]
activation = "identity"
loss = "half_sse"
learning_rate = 1e-12
input = [3e40]
target = [1e-30]
[[layer]]
weights = [[2.5e-41]]
biases = [1e-30]
"""


def _four(value: Decimal) -> str:
    return str(value.quantize(Decimal(1).scaleb(value.adjusted() - 3), rounding=ROUND_HALF_UP))


def _significant(text: str) -> int:
    return len(text.replace("−", "").replace(".", "").lstrip("0"))


@pytest.mark.parametrize("detail", ["neuron", "matrix", "table"])
def test_a_result_after_approx_keeps_its_four_digits(detail):
    z = Fraction(25, 10**42) * 3 * 10**40 + Fraction(1, 10**30)
    delta = z - Fraction(1, 10**30)  # a − y, f' = 1
    assert delta == Fraction(3, 4)
    printed_z = _four(Decimal(z.numerator) / Decimal(z.denominator))  # 0.7500
    line_value = Decimal(printed_z) - Decimal("1e-30")  # what the printed numbers give: 0.74999…
    solution, report = derive_solution(parse_spec(HUGE))
    text = render_text(solution, report, detail=detail)
    if detail == "matrix":
        assert f"((0.7500) − (1·10^−30)) ⊙ (1) ≈ ({_four(line_value)})\n" in text
    else:
        assert f"δ_0^1 = (a_0^1 − y_0)·id'(z_0^1) = ({printed_z} − 1·10^−30)·1 ≈ {_four(line_value)}\n" in text
    for after in re.findall(r"≈ \(?([−\d.]+)(?![\d.]|·10)", text):  # every plain number after "≈"
        assert _significant(after) >= 4, (after, text)
    for typeset in (render_markdown(solution, report, detail=detail), render_latex(solution, report, detail=detail)):
        assert not re.search(r"\\approx \\?\(?0\.75(?![\d])", typeset.replace(r"\left", "")), typeset
