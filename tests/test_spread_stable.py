"""A line out of reach that sent the whole plan to one unit ("≈†" on every line it could not bring to half)
is first written in its stable form.

dagger38: rep_sat (3-2-2 tanh then sigmoid, learning rate 1000) printed 31 lines "≈†", step 1's
σ(0.79476) ≈† 0.688853 among them.  Its tanh'(z) = 1 − a² of an a within 10⁻¹² of 1 was asked a digit
more than a 16-digit a gives it (by δ, asked by two ∂L/∂w = δ·2 lines); holding one ∂L/∂w line did
not help (the other asked the same), so solve fell back to every line at one unit (plan_grow
`_grow_narrow`) — and, solved so, was never asked to write tanh' at z, f'(z) = tanh'(14.4), as a
refused tanh' line is (stable_loss.stable_for_refused).  Here the same in one step of a 2-1-1 net:
tanh(14.4) = 1 − 6.2·10⁻¹³ and two inputs of 2.  The printed text is read by tests/linecheck.py; the
tanh' printed against mpmath's 1 − tanh² at 60 digits.
"""

from __future__ import annotations

import re

import mpmath

from linecheck import check_text

SATURATED = {"layers": [2, 1, 1], "loss": "half_sse", "learning_rate": "0.5", "input": ["2", "2"], "target": ["0.9"],
             "layer": [{"weights": [["4.1", "2.9"]], "activation": "tanh", "biases": ["0.4"]},
                       {"weights": [["0.5"]], "activation": "sigmoid", "biases": ["0.2"]}]}
Z = "14.4"  # 4.1·2 + 2.9·2 + 0.4


def _text() -> str:
    from symbp import api

    return api.derive(api.spec_from_dict(SATURATED), 4).to("text")


def _marked(text: str) -> int:
    return sum(["≈†" in line and "“≈†”" not in line for line in text.splitlines()])  # (not the legend)


def test_the_line_out_of_reach_is_written_at_z_and_no_line_is_held_to_one_unit():
    text = _text()
    violations, reader = check_text(text)
    assert violations == [] and reader.lines_checked > 20
    assert _marked(text) == 0 and "“≈†”" not in text  # (the legend says nothing of ≈†)
    line = next(line for line in text.splitlines() if line.strip().startswith("tanh'(z_0^1) = "))
    assert f"tanh'({Z}) ≈ " in line
    mantissa, exponent = re.search(r"≈ (\d\.\d+)·10\^−(\d+)$", line).groups()
    with mpmath.workdps(60):
        true = 1 - mpmath.tanh(mpmath.mpf(Z)) ** 2
        printed = mpmath.mpf(mantissa) * mpmath.mpf(10) ** -int(exponent)
        half_unit = mpmath.mpf(10) ** (-int(exponent) - (len(mantissa) - 2)) / 2
        assert abs(printed - true) <= half_unit


def test_where_the_stable_form_does_not_help_the_plan_held_to_one_unit_is_kept(monkeypatch):
    from symbp.errors import VerificationError
    from symbp.render.plan import DisplayPlan

    solve = DisplayPlan.solve

    def out_of_reach_in_stable_form(plan):
        if plan.stable_losses:
            plan.refused = None
            raise VerificationError("planted: the stable form out of reach too")
        solve(plan)

    monkeypatch.setattr(DisplayPlan, "solve", out_of_reach_in_stable_form)
    text = _text()
    violations, reader = check_text(text)
    assert violations == [] and _marked(text) > 0 and "“≈†”" in text  # printed as before, not exit 3
    assert f"tanh'({Z})" not in text
