"""A graph worksheet's draws avoid a factor or a denominator of exactly ±1: c = 1 in e^x·√y / c made ÷1 a copy,
its local derivatives 1 and −a (a leftover of stop 62).  Each variant's numbers are read from answers.json and
worked here with Fraction."""

from __future__ import annotations

from fractions import Fraction

import symbp

SPEC = {"kind": "graph", "title": "trivial", "inputs": {"x": "0.7", "y": "1.2", "c": "2.1", "a": "3"},
        "stages": ["p = a * x", "f = p / c + y"]}


def test_no_variant_divides_or_multiplies_by_one():
    sheet = symbp.worksheet(symbp.spec_from_dict(SPEC), variants=40, seed=2)
    variants = sheet.answers()["variants"]
    assert len(variants) == 40
    for v in variants:
        n = {k: Fraction(val) for k, val in v["spec"]["inputs"].items()}
        assert abs(n["c"]) != 1 and abs(n["a"]) != 1 and abs(n["x"]) != 1, v["spec"]["inputs"]


def test_an_expressions_own_factor_of_one_is_no_reason_to_refuse_every_draw():
    spec = {**SPEC, "stages": ["p = a * x * 1", "f = p / c + y"]}
    assert len(symbp.worksheet(symbp.spec_from_dict(spec), variants=3, seed=2).answers()["variants"]) == 3


def test_a_small_grid_takes_a_one_rather_than_no_variant():
    """−2…2 without 0 leaves x·y = 4 alone for ln(x·y) + z: 8 sheets without ±1; 10 asked take a ±1 for the last
    two rather than fail (a tenth of max_draws first tries for another)."""
    spec = {"kind": "graph", "title": "small", "inputs": {"x": 3, "y": 1, "z": 2}, "expression": "f = ln(x * y) + z",
            "variants": {"inputs": {"range": [-2, 2], "decimals": 0}}}
    variants = symbp.worksheet(symbp.spec_from_dict(spec), variants=10, seed=3).answers()["variants"]
    ones = [v for v in variants if {abs(Fraction(v["spec"]["inputs"][n])) for n in "xy"} & {1}]
    assert len(variants) == 10 and len(ones) == 2
