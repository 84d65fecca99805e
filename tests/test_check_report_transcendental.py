"""A check report's "=" only where the numbers shown give the value exactly (a new user's LOW, stop
54): a carried line printed `softmax(6369, 2042)_0 = 1` — the value 1/(1 + e^−4327) is within
10^−40 of 1 and was taken for it (agreement.as_fraction's snap), so "=" stood where "≈" is due.
A value through exp, ln, tanh of a number not special for them is no short decimal however close
(Lindemann–Weierstrass: e^q is irrational for a rational q ≠ 0; softmax of rational z is rational
only where the z are all equal); exp(0) = 1 is worked exactly, so softmax(0.3, 0.3)_0 = 0.5 keeps "=".

Expected values by hand: softmax(200, 0.5)_0 = 1/(1 + e^−199.5), which math.exp shows within
10^−86 of 1 (so 1.000 to four digits, not 1).
"""
from __future__ import annotations

import json
import math
import re

import pytest

from helpers import cli_runner
from symbp.cli import main

SPEC = """\
layers = [1, 2]
activation = "softmax"
loss = "cross_entropy"
learning_rate = 0.5
input = [1]
target = [0, 1]

[[layer]]
weights = [[0.3], [0.3]]
biases = [0, 0]
"""


def report(tmp_path, values: dict, fmt: str = "text") -> str:
    (tmp_path / "net.toml").write_text(SPEC, encoding="utf-8")
    answers = tmp_path / "answers.toml"
    answers.write_text("".join(f'"{k}" = "{v}"\n' for k, v in values.items()), encoding="utf-8")
    result = cli_runner().invoke(main, ["check", str(tmp_path / "net.toml"), str(answers), "--format", fmt])
    assert result.exit_code == 1, result.output
    return result.stdout


def test_the_saturated_softmax_is_not_exactly_one():
    gap = math.exp(-199.5)  # 1 − softmax(200, 0.5)_0 ≈ e^−199.5
    assert 0 < gap < 1e-80 and round(1 / (1 + gap), 4) == 1


def test_a_carried_line_near_a_short_decimal_says_approx(tmp_path):
    text = report(tmp_path, {"z_0^1": "200", "z_1^1": "0.5", "a_0^1": "0.9"})
    line = next(line for line in text.splitlines() if "softmax(200, 0.5)_0" in line)
    assert line.rstrip().endswith("≈ 1.000"), line
    own = next(line for line in text.splitlines() if "from the answer's own numbers" in line)
    assert own.rstrip().endswith("≈ 1.000"), own
    assert not re.search(r"= 1\s*$", text, re.M), text


def test_the_json_report_keeps_the_value(tmp_path):
    q = json.loads(report(tmp_path, {"z_0^1": "200", "z_1^1": "0.5", "a_0^1": "0.9"}, "json"))["quantities"]
    assert q["a_0^1"]["status"] == "wrong"  # 0.9 is not what its own z give either
    assert abs(float(q["a_0^1"]["carried_expected"]) - 1) < 1e-12


def test_tex_report_says_approx(tmp_path):
    tex = report(tmp_path, {"z_0^1": "200", "z_1^1": "0.5", "a_0^1": "0.9"}, "tex")
    line = next(line for line in tex.splitlines() if r"\operatorname{softmax}(200, 0.5)" in line)
    assert line.rstrip().endswith(r"\approx 1.000"), line


@pytest.mark.parametrize("fmt, sign", [("text", "= 0.5"), ("tex", "= 0.5")])
def test_an_exact_softmax_keeps_its_equals(tmp_path, fmt, sign):
    out = report(tmp_path, {"z_0^1": "0.3000", "z_1^1": "0.3000", "a_0^1": "0.4"}, fmt)
    line = next(line for line in out.splitlines() if "softmax" in line and "0.3000" in line)
    assert line.rstrip().endswith(sign), line
