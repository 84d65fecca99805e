"""Momentum's velocity worked in its running-mean form, v = β·v + (1 − β)·g, for the spec's v = β·v + g, is named (this
stop's network student tester: at step 2 no slip was named; at step 1, (1 − β)·g = 0.1·g was "the decimal point in
the wrong place").  The slipped numbers are worked here by hand."""

from __future__ import annotations

from fractions import Fraction

import symbp


def _velocities():
    report = symbp.check(symbp.example("momentum2"), {"dL/dw_00^1": "-1.275"})
    assert report.statuses["dL/dw_00^1"] == "correct"
    return report


def test_the_running_mean_form_is_named_at_step_one_and_after():
    _velocities()
    beta = Fraction("0.9")
    step_one = symbp.check(symbp.example("momentum2"), {"dL/dw_00^1": "-1.275", "v_w_00^1": str((1 - beta) * Fraction("-1.275"))})
    assert (step_one.statuses["v_w_00^1"], step_one.marks["v_w_00^1"]["diagnosis_key"]) == ("wrong", "momentum_averaged")
    averaged = beta * Fraction("0.6375") + (1 - beta) * Fraction("0.02385")  # 0.576135
    step_two = symbp.check(symbp.example("momentum2"), {"v_w_10^1": "0.6375", "dL/dw_10^1@2": "0.02385",
                                                         "v_w_10^1@2": f"{float(averaged):.4g}"})
    mark = step_two.marks["v_w_10^1@2"]
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", "momentum_averaged")
    assert "0.9·0.6375 + (1 − 0.9)·0.02385 = 0.576135" in step_two.to_text()
