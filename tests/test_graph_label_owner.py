"""Every label of the graph drawing is plainly its own wire's: its centre is nearer its own wire than
any other wire by OWNER_MARGIN_CM, wires that meet it at a node included (a reviewer's finding: in a
four-way fan-out the gradients "[0]" and "[0.1342]" of two nearly parallel branches stood side by side
between them, each about as near the one wire as the other — clear of every wire, and yet a reader
could not tell which was which).

Checked on the LaTeX as written, independently of symbp/graph/label_place.py: the TikZ picture is read
back by tests/test_graph_label_clear.py's reader (nodes, coordinates, each wire's points from a node's
border, each label's `pos`), a label's centre put where TikZ sets a \\scriptsize label `sloped` above or
below its first segment (the middle of its ink, 5.5 pt off the wire), and its distance to every
segment of every wire measured here."""

from __future__ import annotations

import math
import random
import re

import pytest

from symbp import graph
from test_graph_label_clear import PT, _picture, _polyline

OWNER_MARGIN_CM = 0.12  # a label's centre nearer its own wire than any other by this much at least
CENTRE_OFF_CM = 5.5 * PT  # the middle of a label's ink, off its wire (its ink reaches 1.5 pt to 9.5 pt)
INPUTS = {"x": 0.7, "a": -1.3, "b": 0.25, "c": 1.9, "d": -0.4}  # no two equal: no tie at a max or min
GATES = ["x*{o}", "x + {o}", "tanh(x - {o})", "exp(x*{o})", "max(x, {o})", "sigmoid(x*{o})", "x*x + {o}",
         "min(x, {o})", "{o} - x"]

# the reviewer's four-way fan-out: x to +, ×, max and −
FOUR = {"kind": "graph", "inputs": {"x": 0.7, "a": -1.3, "b": 0.25, "c": 1.9},
        "stages": ["p = x*a", "q = x + b", "r = max(x, c)", "s = tanh(x - a)", "f = p*q + r + s*c"]}
FIVE = {"kind": "graph", "inputs": INPUTS,  # x to five gates; before, "[−1]" and "[0]" stood between − and max
        "stages": ["g0 = x*x + c", "g1 = d - x", "g2 = min(x, d)", "g3 = max(x, c)", "g4 = x + b",
                   "f = g0 + g1 + g2*a + g3 + g4"]}
TWO = {"kind": "graph", "inputs": {"x": 0.7, "a": -1.3},
       "stages": ["p = x*a", "q = tanh(x - a)", "f = p + q"]}
THREE = {"kind": "graph", "inputs": INPUTS,  # before, "[1]" and "[−1]" stood between max and −
         "stages": ["g0 = max(x, d)", "g1 = a - x", "g2 = min(x, a)", "f = g0 + g1*b + g2*b + c"]}


def _distance(point, p, q) -> float:
    dx, dy = q[0] - p[0], q[1] - p[1]
    s = max(0.0, min(1.0, ((point[0] - p[0]) * dx + (point[1] - p[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(point[0] - p[0] - s * dx, point[1] - p[1] - s * dy)


def _to_line(point, line) -> float:
    return min(_distance(point, p, q) for p, q in zip(line, line[1:]))


def ownership(tex: str) -> list:
    """(label, its wire's stops, how much nearer its own wire its centre is than the nearest other wire, cm)
    for every label of the picture."""
    picture = _picture(tex)
    lines = [_polyline(picture, wire["stops"]) for wire in picture["wires"]]
    found = []
    for index, wire in enumerate(picture["wires"]):
        (x1, y1), (x2, y2) = lines[index][0], lines[index][1]
        length = math.hypot(x2 - x1, y2 - y1)
        above = (-(y2 - y1) / length, (x2 - x1) / length)  # every wire runs left to right
        for style, pos, text in wire["labels"]:
            side = CENTRE_OFF_CM if style == "grvalue" else -CENTRE_OFF_CM
            centre = (x1 + (x2 - x1) * pos + side * above[0], y1 + (y2 - y1) * pos + side * above[1])
            nearest = min(_to_line(centre, line) for other, line in enumerate(lines) if other != index)
            found.append((text, " -- ".join(wire["stops"]), nearest - _to_line(centre, lines[index])))
    return found


def ambiguous(tex: str) -> list:
    return [(text, stops, round(lead, 3)) for text, stops, lead in ownership(tex) if lead < OWNER_MARGIN_CM]


def _tex(spec) -> str:
    return graph.render("tex", graph.solve(graph.from_dict(spec)))


def _fan_out(ways: int, rng: random.Random) -> dict:
    """x feeding `ways` gates, each with one of the other inputs (which may fan out too), summed,
    some terms times an input."""
    stages = [f"g{k} = " + gate.format(o=rng.choice("abcd")) for k, gate in enumerate(rng.sample(GATES, ways))]
    terms = [f"g{k}*{rng.choice('abcd')}" if rng.random() < 0.4 else f"g{k}" for k in range(ways)]
    used = set(re.findall(r"\b[abcd]\b", " ".join(stages + terms)))
    stages.append("f = " + " + ".join(terms + [name for name in "abcd" if name not in used]))
    return {"kind": "graph", "inputs": INPUTS, "stages": stages}


@pytest.mark.parametrize("spec", [TWO, THREE, FOUR, FIVE], ids=["2-way", "3-way", "4-way", "5-way"])
def test_fan_outs_label_every_wire_plainly(spec):
    tex = _tex(spec)
    assert len(ownership(tex)) >= 10  # every label read
    assert ambiguous(tex) == []


@pytest.mark.parametrize("seed", range(16))
def test_random_fan_outs_label_every_wire_plainly(seed):
    rng = random.Random(5100 + seed)
    spec = _fan_out(2 + seed % 4, rng)
    assert ambiguous(_tex(spec)) == [], spec["stages"]


def test_the_reviewers_pair_is_found_when_put_back():
    """The check can fail: "[0]", the gradient of x's branch to max, put back where it stood (pos=0.34),
    beside "[0.1342]" between that branch and the one to −."""
    tex = _tex(FOUR)
    moved, found = re.subn(r"node\[grgradient(?:,pos=[\d.]+)?\] \{\$\[0\]\$\}", "node[grgradient,pos=0.34] {$[0]$}", tex)
    assert found == 1
    assert [text for text, _, _ in ambiguous(moved)] == ["[0]"]


@pytest.mark.parametrize("name", ["graph-circuit", "graph-neuron", "graph-fanout-max"])
def test_the_examples_were_plain_and_keep_their_labels_halfway(name):
    import symbp

    tex = symbp.derive(symbp.example(name)).to_latex()
    assert {pos for wire in _picture(tex)["wires"] for _, pos, _ in wire["labels"]} == {0.5}
    assert ambiguous(tex) == []
