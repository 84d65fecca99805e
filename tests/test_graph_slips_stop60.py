"""Graph slips a student helper found unnamed or misnamed (stop 60, MEDIUMs).  A max routed to the argument it
did not pick shows in two gradients: the one it went to ("passed the gradient to the argument it did not pick")
and the one it left — which was named "the sum over the branches of a fan-out forgotten" where that argument
fans out; now that one is named for the max too.  e^x's local derivative taken as 1/x or ln x, √y's as 1/√y,
and a value worked with ln for e^x had no name.  The numbers are worked here with math, not symbp."""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest

import symbp

SPEC = {"kind": "graph", "title": "Fan-out max over two", "inputs": {"x": "1.3", "y": "-0.7", "z": "0.9"},
        "expression": "f = (x*y + max(x, z)) / 2"}


def test_the_gradient_a_max_kept_from_its_pick_is_named_for_the_max():
    x, y, z = F("1.3"), F("-0.7"), F("0.9")
    half = F(1, 2)  # df/df.1 = df/df.2 = 1/2; max(x, z) picks x
    routed_wrong = {"df/dz": half, "df/dx": half * y}  # the max's gradient sent to z, x's own branch alone
    assert half * y + half * (1 if x >= z else 0) != routed_wrong["df/dx"]
    answers = {"f.1": str(x * y), "f.2": str(max(x, z)), "df/df.3": "0.5", "df/df.2": "0.5", "df/df.1": "0.5",
               "df/dy": str(half * x)} | {k: str(v) for k, v in routed_wrong.items()}
    marks = symbp.check(symbp.spec_from_dict(SPEC), answers).marks
    assert (marks["df/dz"]["status"], marks["df/dz"]["diagnosis_key"]) == ("wrong", "max_routed_to_both")
    assert (marks["df/dx"]["status"], marks["df/dx"]["diagnosis_key"]) == ("wrong", "max_not_routed")
    assert marks["df/dx"]["diagnosis_value"] == float(half * y)
    alone = symbp.check(symbp.spec_from_dict(SPEC), answers | {"df/dz": "0"}).marks  # nothing shows the max routed away:
    assert alone["df/dx"]["diagnosis_key"] == "fan_out_sum_forgotten"  # a branch forgotten is the likelier slip


SOFTPLUS = {"kind": "graph", "title": "Softplus times y", "inputs": {"w": "0.8", "x": "1.5", "y": "-2"},
            "expression": "f = ln(1 + exp(w*x)) * y"}


def four(value: float) -> str:
    return f"{value:.4g}"


def _softplus_student() -> dict:
    """The forward pass and the gradients down to df/df.2, each worked from the 4-digit numbers before it."""
    f1 = 0.8 * 1.5
    f2 = float(four(math.exp(f1)))
    f3 = 1 + f2
    up = float(four(-2 / f3))  # df/df.3 = df/df.4 · 1/f.3, df/df.4 = y
    return {"f.1": four(f1), "f.2": four(f2), "f.3": four(f3), "f.4": four(math.log(f3)), "f": four(-2 * math.log(f3)),
            "df/df.4": "-2", "df/df.3": four(up), "df/df.2": four(up)}


@pytest.mark.parametrize("local, key", [(lambda f1, f2: 1 / f1, "wrong_local_derivative"),
                                        (lambda f1, f2: math.log(f1), "wrong_local_derivative")])
def test_the_local_derivative_of_e_to_the_x_taken_as_the_logarithm_s_is_named(local, key):
    answers = _softplus_student()
    f1, f2, up = float(answers["f.1"]), float(answers["f.2"]), float(answers["df/df.2"])
    slipped = up * local(f1, f2)
    assert abs(slipped - up * f2) > 0.1
    report = symbp.check(symbp.spec_from_dict(SOFTPLUS), answers | {"df/df.1": four(slipped)})
    marks = report.marks
    assert (marks["df/df.1"]["status"], marks["df/df.1"]["diagnosis_key"]) == ("wrong", key)
    assert marks["df/df.1"]["diagnosis_value"] == pytest.approx(slipped, rel=1e-9)
    line = next(line for line in report.to_text().splitlines() if "likely slip" in line)
    assert "1.2" in line and "f.1" not in line, line  # its line shows f.1's number (1/1.2, not 1/f.1)


def test_a_value_worked_with_ln_for_e_to_the_x_is_named():
    answers = _softplus_student()
    marks = symbp.check(symbp.spec_from_dict(SOFTPLUS), {"f.1": "1.2", "f.2": four(math.log(1.2))}).marks
    assert (marks["f.2"]["status"], marks["f.2"]["diagnosis_key"]) == ("wrong", "function_swapped")
    assert answers["f.2"] == four(math.exp(1.2))


def test_the_half_forgotten_in_the_local_derivative_of_a_square_root_is_named():
    spec = {"kind": "graph", "inputs": {"y": "0.6"}, "expression": "f = sqrt(y)"}
    marks = symbp.check(symbp.spec_from_dict(spec), {"f": four(math.sqrt(0.6)), "df/dy": four(1 / math.sqrt(0.6))}).marks
    assert (marks["df/dy"]["status"], marks["df/dy"]["diagnosis_key"]) == ("wrong", "wrong_local_derivative")


def test_a_slip_whose_line_reads_a_local_derivative_left_out_is_printed():
    """(∂f.1/∂y = −1 taken as +1: the slip's formula reads local derivatives not written; the report printed
    its line from the numbers it reads — an internal error while the line learnt to show f.1's number.)"""
    spec = {"kind": "graph", "inputs": {"x": "2.5", "y": "0.6", "z": "-1.3"}, "expression": "f = (x - y)**2 * z + sqrt(y)"}
    up = -1.3 * 2 * 1.9  # df/df.1 = df/df.2 · 2·f.1
    slipped = up * 1 + 1 / (2 * math.sqrt(0.6))
    report = symbp.check(symbp.spec_from_dict(spec), {"f.1": "1.9", "df/df.2": "-1.3", "df/df.1": four(up), "df/dy": four(slipped)})
    assert report.statuses["df/dy"] == "wrong"
    assert "likely slip" in report.to_text() and "likely slip" in report.to("tex").lower()


def test_the_latex_report_of_a_graph_says_graph():
    """(it said "Marked from answers against the network graph": the network's words for a graph)"""
    report = symbp.check(symbp.spec_from_dict(SPEC), {"f.1": "-0.91"})
    text = report.to("tex").split("\\begin{document}")[1]
    assert "against the graph" in text and "the network" not in text


def test_the_factor_two_forgotten_in_a_square_s_local_is_printed_without_a_power_of_one():
    """(its line read "(−1.3) · 1.9^1 = −2.47")"""
    spec = {"kind": "graph", "inputs": {"x": "2.5", "y": "0.6", "z": "-1.3"}, "expression": "f = (x - y)**2 * z + sqrt(y)"}
    report = symbp.check(symbp.spec_from_dict(spec), {"f.1": "1.9", "df/df.2": "-1.3", "df/df.1": "-2.47"})  # 2·f.1 as f.1
    line = next(line for line in report.to_text().splitlines() if "likely slip" in line)
    assert report.statuses["df/df.1"] == "wrong" and line.endswith("(−1.3) · 1.9 = −2.47"), line


def test_a_huge_number_written_before_a_sigmoid_is_wrong_not_a_crash():
    """(the stop's reviewer: b = 12345678901234567890 before σ(b) ran out of memory rounding e^−b in steps)"""
    spec = {"kind": "graph", "output": "f", "inputs": {"x": 2, "y": 2}, "stages": ["b = x - y", "f = sigmoid(b)"],
            "gates": "primitive"}
    for written in ("12345678901234567890", "-1e9"):
        assert symbp.check(symbp.spec_from_dict(spec), {"b": written, "f": "0.5000"}).statuses["b"] == "wrong"
