"""A gate's name sits beside it where no wire leaves or enters: in the fan-out example the wire from
f.1 = 2·b rises to the + gate, and the name above right of it ran into that wire's value ("f.1 6");
in the circuit the wire from f.1 = x + y rises too and x comes in from above, so the name goes
below right.  Expected sides read off the examples' layouts by hand."""

from __future__ import annotations

import pytest

from symbp import api, graph
from symbp.graph.worked import drawing_data


def _sides(example: str) -> dict:
    solution = graph.solve(api.example(example)._spec)
    return {n["symbol"]: n.get("name_at") for n in drawing_data(solution, "text")["nodes"] if not n["is_input"]}


@pytest.mark.parametrize("example,expected", [
    ("graph-fanout-max", {"f.1": "above left", "a": "above right", "b": "above right", "f": "above right"}),
    ("graph-circuit", {"f.1": "below right", "f": "above right"}),
    ("graph-neuron", {"s.1": "above right", "s": "above right", "f.2": "above right", "f": "above right"}),
])
def test_the_name_is_where_no_wire_is(example, expected):
    sides = _sides(example)
    assert {k: sides[k] for k in expected} == expected


def test_the_template_places_it_there():
    from helpers import REPO

    template = (REPO / "templates" / "tex" / "graph-drawing.tex.jinja").read_text()
    assert "\\node[grname,<%= n.name_at %>=" in template
