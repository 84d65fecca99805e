"""A gate's name sits outside its circle (the graph drawings of the examples): it was tucked 3pt and 1.5pt into the
gate, and its white fill cut a gap into the circle's outline (f.1 of the circuit, s.3 of the neuron). The name's box
that the label placement avoids (drawing._name_box) is where the template puts it, and wholly outside the circle."""

from __future__ import annotations

import re

import pytest

from helpers import REPO
from symbp import api, graph
from symbp.graph import drawing as D
from symbp.graph.label_place import bounds
from symbp.graph.worked import drawing_data

PT_CM = 2.54 / 72.27


def test_the_template_and_the_measure_agree():
    template = (REPO / "templates" / "tex" / "graph-drawing.tex.jinja").read_text()
    y, x = (float(v) for v in re.search(r"name_at %>=(-?[\d.]+)pt and (-?[\d.]+)pt of", template).groups())
    # (TikZ's "below right=Y and X of": Y apart vertically, X horizontally; the measure's shift is inwards)
    assert D.NAME_SHIFT_CM == pytest.approx((-x * PT_CM, -y * PT_CM), abs=0.002)


@pytest.mark.parametrize("example", ["graph-circuit", "graph-fanout-max", "graph-neuron"])
def test_every_name_is_outside_its_circle(example):
    solution = graph.solve(api.example(example)._spec)
    circles = 0
    for node in drawing_data(solution, "text")["nodes"]:
        kind, radius, _ = D._shape(node)
        if node["is_input"] or node["box"] or kind != "circle":
            continue
        centre = (node["x"], node["y"])
        x0, y0, x1, y1 = bounds(D._name_box(node, centre))
        nearest = (min(max(centre[0], x0), x1), min(max(centre[1], y0), y1))
        distance = ((nearest[0] - centre[0]) ** 2 + (nearest[1] - centre[1]) ** 2) ** 0.5
        assert distance >= radius - 0.005, (node["symbol"], distance, radius)
        circles += 1
    assert circles >= 2
