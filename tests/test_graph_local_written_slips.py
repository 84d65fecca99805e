"""A graph's local derivative written on its own with a typical slip is named (the stop-61 reviewer's MEDIUM:
`local:df.1/dx = 1.4286` for e^x's was wrong with no slip named), with a line a student can recompute; and the
rule "a wrong number written on the way costs the first value after it that earns points" is one rule for
networks and graphs (marks.OnTheWay).  The slipped numbers are worked here with math, not symbp."""

from __future__ import annotations

import math
import re

import pytest

import symbp

SPEC = {"kind": "graph", "title": "exp, sqrt, ln", "inputs": {"x": "0.7", "y": "1.2", "c": "2.1"},
        "expression": "f = exp(x) * sqrt(y) / c + ln(y)"}


def four(value: float) -> str:
    return f"{value:.5g}"


@pytest.mark.parametrize("local, slipped, shown", [
    ("local:df.1/dx", 1 / 0.7, "1/0.7"),  # e^x's taken as ln x's derivative
    ("local:df.1/dx", math.log(0.7), "ln(0.7)"),  # as ln x itself
    ("local:df.1/dx", 0.7, "x = 0.7"),  # as its input
    ("local:df.2/dy", 1 / math.sqrt(1.2), "1/√(1.2)"),  # √y's with the ½ forgotten
])
def test_a_local_derivative_written_with_a_typical_slip_is_named_with_its_line(local, slipped, shown):
    report = symbp.check(symbp.spec_from_dict(SPEC), {local: four(slipped)})
    mark = report.marks[local]
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", "wrong_local_derivative")
    assert mark["diagnosis_value"] == pytest.approx(slipped, rel=1e-12)
    line = next(line for line in report.to_text().splitlines() if "likely slip" in line)
    assert line.rsplit(": ", 1)[1].startswith(shown), line
    number = re.search(r"[=≈] (−?[\d.]+)$", line).group(1).replace("−", "-")  # its result, as a student reads it
    assert float(number) == pytest.approx(slipped, rel=1e-4) and float(four(slipped)) == pytest.approx(float(number), rel=1e-4)


def test_a_right_local_derivative_written_is_not_a_slip():
    report = symbp.check(symbp.spec_from_dict(SPEC), {"local:df.1/dx": four(math.exp(0.7)),
                                                      "local:df.2/dy": four(1 / (2 * math.sqrt(1.2)))})
    assert set(report.statuses.values()) <= {"correct", "missing"}


def test_a_wrong_local_costs_the_gradient_after_it_once_then_what_follows_is_carried():
    """e^x's local written as 1/x: df/dx worked from it is wrong (the local earns no points), charged once."""
    up = 1 / 2.1 * math.sqrt(1.2)  # df/df.1 = df/df.3 · f.2, df/df.3 = 1/c
    answers = {"f.1": four(math.exp(0.7)), "f.2": four(math.sqrt(1.2)), "df/df.3": four(1 / 2.1),
               "df/df.1": four(up), "local:df.1/dx": four(1 / 0.7), "df/dx": four(float(four(up)) / 0.7)}
    report = symbp.check(symbp.spec_from_dict(SPEC), answers)
    assert report.statuses["df/dx"] == "wrong" and report.statuses["local:df.1/dx"] == "wrong"
    left_out_answers = {k: v for k, v in answers.items() if not k.startswith("local:")}
    left_out = symbp.check(symbp.spec_from_dict(SPEC), left_out_answers)
    assert left_out.statuses["df/dx"] == "wrong"  # the same answer without the local: the same point lost
    assert (report.points, report.possible) == (left_out.points, left_out.possible)
    assert report.points == len(left_out_answers) - 1  # df/dx alone lost: the local charged once


@pytest.mark.parametrize("spec, answers, slipped", [
    (SPEC, {"local:df.4/dc": "0.5002"}, 2.206 / 2.1 ** 2),  # −f.3/c² written +f.3/c², the local alone
    (SPEC, {"f.3": "2.206", "df/dc": "0.5002"}, 2.206 / 2.1 ** 2),  # … and worked into the gradient
    ({"kind": "graph", "inputs": {"a": "1.5", "b": "0.4"}, "expression": "f = (a - b) * a"},
     {"df/df.1": "1.5", "df/db": "1.5"}, 1.5),  # ∂(a − b)/∂b = −1 taken as +1
])
def test_the_minus_sign_of_a_local_derivative_forgotten_is_named_a_sign_slip(spec, answers, slipped):
    """(a student helper's LOW of stop 60: "a wrong local derivative of a gate", not the sign)"""
    report = symbp.check(symbp.spec_from_dict(spec), answers)
    wrong = [m for m in report.marks.values() if m["status"] == "wrong"]
    assert [m["diagnosis_key"] for m in wrong] == ["local_sign_forgotten"]
    assert wrong[0]["diagnosis_value"] == pytest.approx(slipped, rel=1e-3)
    assert "minus sign" in report.to_text()
    assert "Minuszeichen" in symbp.check(symbp.spec_from_dict(spec), answers, locale="de").to_text()
