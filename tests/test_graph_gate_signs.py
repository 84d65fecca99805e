"""A graph's summary table and drawing name each gate by its operation: a negation (−x, one value in)
and a subtraction (−, two values in) were both written "−" (stop 53's leftover: a reader could not tell
f = −s from f = a − b in the table)."""

from __future__ import annotations

import re

import symbp

SPEC = {"kind": "graph", "inputs": {"a": 2, "b": 0.5}, "stages": ["d = a - b", "f = -d"], "gates": "primitive"}


def _operations(text: str) -> dict:
    table = text.split("Summary", 1)[1].split("\n\n", 1)[0]
    rows = [re.split(r"\s{2,}", line.strip()) for line in table.splitlines()[2:] if line.strip()]
    return {row[0]: row[1] for row in rows}


def test_negation_and_subtraction_differ_in_the_summary():
    ops = _operations(symbp.derive(symbp.spec_from_dict(SPEC)).to("text"))
    assert ops["d"] == "−" and ops["f"] == "−x", ops


def test_negation_in_the_drawing():
    tex = symbp.derive(symbp.spec_from_dict(SPEC)).to("tex")
    gates = re.findall(r"\\node\[grgate\] \([^)]*\) at \([^)]*\) \{\$(.*?)\$\};", tex)
    assert sorted(gates) == sorted(["-", "-x"]), gates
