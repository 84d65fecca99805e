"""A graph's fan-out sum of many branches is broken into rows that stay on the page (graph tester, stop 67:
the numbers row of a 6-branch sum was 70 pt past the margin, its result cut off; an 8-branch one 386 pt),
in English and German, its formula row and its numbers row each broken at a top-level "+"."""

from __future__ import annotations

import re

import pytest

import symbp
from print_audit import compile_and_audit

REUSE = {"kind": "graph", "title": "Reuse", "inputs": {"x": 0.3},
         "stages": ["a = x*x + x", "b = a*x - a*a + x", "c = sqrt(b*b + a + x)", "f = c*a*x / (b + 2)"]}
DEEP = {"kind": "graph", "title": "Deep reuse", "inputs": {"x": 0.7, "y": -0.4},
        "stages": ["s1 = tanh(x*y + x)"] + [f"s{n} = sigmoid(s{n - 1}) * s{n - 1} + tanh(s{n - 1}) - 0.3*s{n - 1}"
                                             f" + s{n - 1}*y" for n in range(2, 9)]}


@pytest.mark.parametrize("spec, locale, branches", [(REUSE, "en", 6), (DEEP, "en", 8), (DEEP, "de", 8)])
def test_a_wide_fan_out_sum_stays_on_the_page(tmp_path, requires_tex, spec, locale, branches):
    tex = symbp.derive(symbp.spec_from_dict(spec), locale=locale).to("tex")
    audit = compile_and_audit(tex, tmp_path, "graph")
    assert [box for box in audit.overfull if box.kind == "hbox"] == [], [b.text for b in audit.overfull]
    # the widest sum: its formula's terms and its numbers' terms, wherever the rows break, one per branch
    block = max(re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", tex, re.S), key=lambda b: b.count(r"\frac{\mathrm{d}"))
    rows = block.strip().split("\\\\*\n")
    sums = [row for row in rows if "local derivative" not in row and "lokale Ableitung" not in row]
    formula = [row for row in sums if r"\frac{\mathrm{d}" in row]
    numbers = [row for row in sums if r"\frac" not in row]
    assert len(numbers) >= 2  # broken (its formula's row is, where wider than the line)
    assert sum(row.count(r"\cdot") for row in formula) == branches
    assert sum(row.count(r"\cdot") for row in numbers) == branches
    assert all(row.lstrip().startswith(("&\\qquad +", "&\\qquad -", "&=", "&\\approx")) for row in sums[1:])
