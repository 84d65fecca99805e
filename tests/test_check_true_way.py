"""A right value is right whatever the answer wrote before it.

σ(30) = 1 − 9.4·10⁻¹⁴: L = −log(1 − a) = 30.0000000000000936 (bce, y = 0).  Worked the taught way with
the log rounded to 4 digits, −log(1 − σ(30)) ≈ −(−30.00) = 30 exactly, so L = 30 was correct with
no a written — and wrong after a = 1 or a = 1.000 (itself right) was written, because 1 − a = 0
leaves the answer's own line undefined and no other way was tried.  Values here by hand and with
Python's math module.
"""

from __future__ import annotations

import math

import pytest

from symbp.api import check, spec_from_dict

SATURATED = {"layers": [1, 1], "activation": "sigmoid", "loss": "bce", "learning_rate": 0.1, "input": [1],
             "target": [0], "layer": [{"weights": [[30]], "biases": [0]}]}


def test_the_true_loss_is_not_30_but_rounds_to_it():
    true = 30 + math.log1p(math.exp(-30))  # −log(1 − σ(30)) = log(1 + e^30) = 30 + log(1 + e^−30)
    assert true > 30 and f"{true:.2f}" == "30.00"
    assert f"{-math.log(math.exp(-30) / (1 + math.exp(-30))):.2f}" == "30.00"  # the log rounded: 30.00, exactly 30


@pytest.mark.parametrize("a", [None, "1", "1.000", "0.9999999999999"])
def test_l_30_is_correct_whatever_a_was_written_as(a):
    net = spec_from_dict(SATURATED)
    answers = {"z_0^1": "30", "L": "30", **({"a_0^1": a} if a else {})}
    report = check(net, answers)
    assert report.statuses["L"] == "correct", (a, report.to_text())
    assert check(net, {**answers, "L": "30.00"}).statuses["L"] == "correct"


@pytest.mark.parametrize("a", [None, "1", "1.000"])
def test_a_wrong_l_stays_wrong(a):
    net = spec_from_dict(SATURATED)
    answers = {"z_0^1": "30", "L": "31", **({"a_0^1": a} if a else {})}
    assert check(net, answers).statuses["L"] == "wrong"
