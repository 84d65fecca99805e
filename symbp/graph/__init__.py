"""Computational-graph exercises (`kind = "graph"`): CS231n's staged computation of a scalar
expression, worked forwards and backwards on the core (`symbp.core`).

    from symbp import graph
    spec = graph.load("examples/graph-neuron.toml")     # or graph.loads(text), graph.from_dict(table)
    solution = graph.solve(spec)                         # verified; VerificationError otherwise
    solution.value("df/dx0")                             # exact Fraction or 50-digit value
    print(graph.render("text", solution))                # "text", "md", "tex" (a document), "json"

Modules, one per stage: parse.py (a stage's text -> tree, never evaluated), spec.py (TOML ->
GraphSpec), build.py (-> the core's graph of gates, checked at the given numbers), solution.py
(chain rule, values, verification -> GraphSolution), verify.py (float64, finite differences,
SymPy on the whole expression), worked.py and drawing.py (-> templates), variants.py (seeded
input draws for worksheets), slips.py (typical slips, for `check`).
"""

from __future__ import annotations


def load(path):
    from .spec import load_graph_spec

    return load_graph_spec(path)


def loads(text: str, source: str = "graph"):
    from .spec import parse_graph_spec

    return parse_graph_spec(text, source)


def from_dict(table: dict, source: str = "graph"):
    from .spec import graph_spec_from_dict

    return graph_spec_from_dict(table, source)


def solve(spec):
    from .solution import solve as solve_spec

    return solve_spec(spec)


def render(fmt: str, solution, digits: int = 4, templates_dir=None) -> str:
    from .worked import render as render_solution

    return render_solution(fmt, solution, digits, templates_dir)


def is_graph_table(table: dict) -> bool:
    """Whether a spec's table is a graph's (networks stay the default kind)."""
    return table.get("kind") == "graph"
