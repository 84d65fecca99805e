"""A graph sheet whose drawn inputs make e^(x·y) large: a draw beyond what symbp verifies (e^702) is drawn again, not
blamed on the spec's stage (exit 2), and a calculator's value of 68 digits is written as the key prints it,
5.623·10^67, when `check` is asked to mark the key's calculator values (a whole number of 68 digits was read as
exact and marked wrong: exit 3) — stop 68's hostile tester."""

from __future__ import annotations

import math

import symbp

SPEC = {"kind": "graph", "title": "large", "inputs": {"x": 1, "y": 2}, "stages": ["f = exp(x*y) / (x - y)"],
        "variants": {"inputs": {"range": [-30, 30], "decimals": 0, "nonzero": True}}}


def test_large_draws_are_redrawn_or_worked():
    sheet = symbp.worksheet(symbp.spec_from_dict(SPEC), variants=30, seed=1)
    assert len(sheet.variants) == 30
    products = [v.spec.input_values["x"] * v.spec.input_values["y"] if hasattr(v, "spec") else None
                for v in sheet.variants]
    assert any(p is not None and p > 100 for p in products)  # some e^(x·y) above 10^43: worked, not refused


def test_a_student_writing_the_key_in_scientific_notation_is_right():
    spec = symbp.spec_from_dict({"kind": "graph", "title": "e156", "inputs": {"x": 13, "y": 12},
                                 "stages": ["f = exp(x*y) / (x - y)"]})
    e156 = math.exp(156)
    answers = {"f.1": "156", "f.2": f"{e156:.3e}", "f": f"{e156:.3e}", "df/dx": f"{e156 * (12 - 1):.3e}"}
    statuses = symbp.check(spec, answers).statuses
    assert all(statuses[n] == "correct" for n in answers), statuses
