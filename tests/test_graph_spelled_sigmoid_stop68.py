"""A stage that writes the sigmoid out, f = 1/(1 + e^(−s)), kept whole: its local derivative is σ's output form
f·(1 − f), as a student takes it (stop 67's graph tester: 1/((1 + e^(−s))²·e^s)); the printed lines still
recompute (tests/graphcheck.py, a student's independent reading), and a student who works it from s,
e^(−s)/(1 + e^(−s))², is right."""

from __future__ import annotations

import math

import pytest

import symbp
from graphcheck import check_graph_text


@pytest.mark.parametrize("written", ["1 / (1 + exp(-s))", "1 / (exp(-s) + 1)", "(1 + exp(-s))**-1"])
def test_spelled_sigmoid_has_the_output_form(written):
    spec = {"kind": "graph", "title": "whole sigmoid", "gates": "as_written",
            "inputs": {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
            "stages": ["s = w0*x0 + w1*x1 + w2", f"f = {written}", "g = sigmoid(s) * f"]}
    text = symbp.derive(symbp.spec_from_dict(spec)).to("text")
    assert "∂f/∂s = f · (1 − f) = 0.731059 · (1 − 0.731059) ≈ 0.19661" in text
    violations, checked = check_graph_text(text)
    assert violations == [] and checked > 5
    s = 1.0
    by_input = math.exp(-s) / (1 + math.exp(-s)) ** 2  # the student's route from s
    answers = {"s": "1", "f": f"{1 / (1 + math.exp(-s)):.4f}", "local:df/ds": f"{by_input:.4f}"}
    statuses = symbp.check(symbp.spec_from_dict(spec), answers).statuses
    assert statuses["local:df/ds"] == "correct", statuses


def test_a_sum_of_exponentials_is_not_taken_for_the_sigmoid():
    spec = {"kind": "graph", "title": "not a sigmoid", "gates": "as_written", "inputs": {"s": 1},
            "stages": ["f = 1 / (2 + exp(-s))"]}
    text = symbp.derive(symbp.spec_from_dict(spec)).to("text")
    assert "f · (1 − f)" not in text
