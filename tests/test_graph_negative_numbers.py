"""A negative number put into a graph's formula is written in parentheses wherever a sign or an
operator stands before it: the hunter's ∂f/∂p = −x/p² at x = −2.6 printed `−−2.6/2.69²` in the
text solution and the check report.  Every text output of graphs whose inputs are negative, read
for a sign or an operator followed by a minus."""

from __future__ import annotations

import re

import pytest

import symbp

SPECS = [
    {"kind": "graph", "inputs": {"x": -2.6, "y": 1.3}, "stages": ["p = y*y + 1", "f = x / p"]},
    {"kind": "graph", "inputs": {"x": -1.5, "y": -0.4}, "stages": ["q = x / y", "f = y * q - x / (y*y + 2)"]},
    {"kind": "graph", "inputs": {"x": -3, "w": -0.5}, "stages": ["a = exp(x)", "b = w * x", "f = a / b"]},
    {"kind": "graph", "inputs": {"a": 1.5, "w": -0.5}, "stages": ["f = a - (-w)", "g = f * (-a)"]},  # a − (−w), not a − −w
]
# a sign or an operator, then a minus (spaces between): −−2.6, · −2.6, / −0.4, + −1
DOUBLE = re.compile(r"[−\-+·/×] ?[−\-] ?\d")


@pytest.mark.parametrize("number", range(len(SPECS)))
def test_no_sign_or_operator_stands_before_a_bare_negative_number(number):
    solution = symbp.derive(symbp.spec_from_dict(SPECS[number]))
    for fmt in ("text", "md"):
        text = solution.to(fmt)
        for line in text.splitlines():
            assert not DOUBLE.search(line.replace("e^−", "e^(")), (fmt, line)
            assert not re.search(r"[−+·/×] [−-]\w", line), (fmt, line)  # (a symbol's minus after an operator)


def test_the_reports_line_has_the_parentheses_too(tmp_path):
    from helpers import run_symbp

    spec = tmp_path / "g.toml"
    spec.write_text('kind = "graph"\ninputs = { x = -2.6, y = 1.3 }\nstages = ["p = y*y + 1", "f = x / p"]\n',
                    encoding="utf-8")
    answers = tmp_path / "a.toml"
    answers.write_text('"df/dp" = 0.3\n', encoding="utf-8")
    done = run_symbp("check", str(spec), str(answers))
    assert "−(−2.6)/2.69²" in done.stdout, done.stdout
    assert not any(DOUBLE.search(line) for line in done.stdout.splitlines()), done.stdout
