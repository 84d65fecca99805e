"""How a graph's marks print in a `symbp check` report (the graph's view for check_report.py).

In:  a graph `Marking` (graph/marking.py), the report's format and digits.
Out: each quantity's symbol, the formula its value is worked out from — a node's definition; a
     gradient's sum of upstream × local derivative, each local derivative written out (∂q/∂x = y
     as y) — printed by the core's printer, with numbers substituted; the lines grouped as the
     worked solution reads: the inputs, the forward pass, the backward pass.
"""

from __future__ import annotations

from ..core.display import printer
from ..core.expr import Ref, rebuild
from ..core.identity import name
from .quantities import GRADIENT, LOCAL, START, VALUE, local_derivatives, quantities


class GraphView:
    def __init__(self, marking, fmt: str, digits: int):
        self.marking, self.fmt, self.digits = marking, "tex" if fmt == "tex" else "text", digits
        self.solution = marking.solution
        written = [i for i in local_derivatives(self.solution) if name(i) in marking.marks]  # (then not written out)
        self.by_name = {name(i): i for i in quantities(self.solution) + written}
        self.marked = set(self.by_name.values())
        self.symbols = printer(self.fmt, digits=digits)

    def symbol(self, label: str) -> str:
        return self.symbols.symbol(self.by_name[label])

    def formula(self, label: str):
        return self.solution.built.graph[self.by_name[label]].definition

    def _written_out(self, formula):
        """The formula with its local derivatives (never asked) written out: ∂q/∂x = y as y."""
        graph = self.solution.built.graph

        def inline(ref: Ref):
            return ref if ref.identity in self.marked else rebuild(graph[ref.identity].definition, inline)

        return rebuild(formula, inline)

    def print(self, formula) -> str:
        return self.symbols.print(self._written_out(formula))

    def line_value(self, formula, values: dict):
        """What the formula, its local derivatives written out, gives from these numbers (name ->
        value): the report prints a value left out with guard digits until they give its result."""
        from ..core.closures import compile_tree
        from ..core.numeric import Domain

        try:
            env = {self.by_name[label]: value for label, value in values.items()}
            return compile_tree(self._written_out(formula), Domain())(env)
        except (ArithmeticError, ValueError, KeyError, TypeError):  # (ZeroDivisionError is an ArithmeticError)
            return None

    def substituted(self, formula, values: dict) -> str:
        numbers = {self.by_name[label]: value for label, value in values.items()}
        return printer(self.fmt, digits=self.digits, values=numbers).child(self._written_out(formula), 0, bare=True)

    def groups(self, items: dict) -> list[dict]:
        kinds = {"given": ("given",), "graph_forward": (VALUE,), "graph_backward": (START, GRADIENT, LOCAL)}
        marks = list(self.marking.marks.values())
        return [{"stage": stage, "step": 1, "layer": None, "sample": None,
                 "items": [items[m.name] for m in marks if m.kind in members]} for stage, members in kinds.items()]

    def exercise(self) -> dict:
        return {"kind": "graph", "steps": 1, "batch": False}
