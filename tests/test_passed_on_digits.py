"""A line that passes a number on unchanged (δ·1) prints it with its digits and "=" also where the
solution was worked with more digits (MORE_DIGITS: a tanh unit saturated at the second step).
plan_twins.passed_on used to evaluate δ·1 at 50 digits and compare it with the 200-digit δ, so the
line was not grouped with δ: `0.0011172533·1 ≈ 0.001117253`.  Every line still reads back (linecheck)."""

from __future__ import annotations

import re

from linecheck import check_text
from test_check_slips_rounding import BATCH

_SPEC = BATCH.replace("steps = 1", "steps = 2")  # (saturated at the second step)


def test_a_line_passing_a_number_on_prints_it_with_its_digits_at_more_working_digits():
    from symbp.pipeline import derive_solution
    from symbp.render import render
    from symbp.spec import parse_spec

    solution, report = derive_solution(parse_spec(_SPEC), round_to=None, symbolic=False, detail="neuron")
    assert solution.digits > 50  # (the case: worked with MORE_DIGITS)
    text = render("text", solution, report, detail="neuron", digits=4)
    deltas = dict(re.findall(r"^    (δ_\d\^1\[\d\](?:@2)?) = .* [=≈] (\S+)$", text, re.M))
    passed = re.findall(r"^    ∂L/∂w_\d0\^1\[1\](?:@2)? = (δ_\d\^1\[1\](?:@2)?)·a_0\^0\[1\] = (\S+)·1 ([=≈]) (\S+)$", text, re.M)
    assert len(passed) == 4
    for delta, put_in, sign, result in passed:
        assert put_in.strip("()") == deltas[delta]
        assert (sign, result) == ("=", put_in.strip("()")), (delta, put_in, sign, result)
    assert check_text(text)[0] == []
