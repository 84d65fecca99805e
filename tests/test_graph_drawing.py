"""The graph's TikZ drawing leaves room for its labels: between the borders of two gates a wire
is at least as long as its wider label (value above, [gradient] below) plus a margin each side,
so that no label runs through or touches a gate (the reviewer's "[0.000006144]" and "[−0.1966]"
at the gates +, −, exp).  Widths estimated here from the template's styles: a \\scriptsize
character at most 0.12 cm, a gate's circle 9 mm."""

from __future__ import annotations

import re

import pytest

from symbp import graph
from symbp.graph.worked import drawing_data

from helpers import REPO

CHAR_CM = 0.12
GATE_CM = 0.9
MARGIN_CM = 0.15


def _chars(text) -> int:
    return len(re.sub(r"\\[A-Za-z]+|[{}^_]", "", text or ""))


def _spec(inputs: str):
    text = (REPO / "examples" / "graph-neuron.toml").read_text()
    return graph.loads(re.sub(r"^inputs = .*$", f"inputs = {inputs}", text, flags=re.M))


@pytest.mark.parametrize("inputs", ["{ w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3 }",   # the example
                                    "{ w0 = 2, x0 = 5, w1 = -3, x1 = -2, w2 = -6 }"])  # s = 10: 0.00004540
def test_wires_between_gates_are_longer_than_their_labels(inputs):
    solution = graph.solve(_spec(inputs))
    data = drawing_data(solution, "tex")
    at = {n["key"]: n for n in data["nodes"]}
    checked = 0
    for wire in data["wires"]:
        start, end = at.get(wire["start"]), at.get(wire["end"])
        if start is None or end is None or start["is_input"] or wire["via"] or start["y"] != end["y"]:
            continue  # gate to gate, straight: the wires the labels crowded
        label = max(_chars(wire["value"]), _chars(wire["gradient"]) + 2) * CHAR_CM
        free = end["x"] - start["x"] - GATE_CM  # between the borders (a wide gate is wider still)
        assert free >= label + 2 * MARGIN_CM, (wire, free, label)
        checked += 1
    assert checked >= 4
    output = data["output"]
    last = at[output["start"]]
    assert output["x"] - last["x"] - GATE_CM / 2 >= max(_chars(output["value"]), _chars(output["gradient"]) + 2) * CHAR_CM


def test_labels_sit_halfway_along_their_wire():
    template = (REPO / "templates" / "tex" / "graph-drawing.tex.jinja").read_text()
    assert "above,sloped,pos=0.5" in template and "below,sloped,pos=0.5" in template
