"""A verified GraphSolution -> the data of its worked solution -> text, Markdown, LaTeX or JSON.

`solution_context` arranges the quantities as CS231n's staged computation reads: the inputs, the
forward pass (one line per gate: symbol = formula = numbers = value), the drawing, then backwards
per node the local derivative of each consumer and upstream × local = downstream, with the sum
written out where a value fans out; the branch a kinked operation took (max/min routing, ReLU's
kink) as data; a summary table; the gradient of the output with respect to every input.  Every
line holds its math already printed by `core.display`; every number shown is a quantity the engine
evaluated and `verify.py` checked.  The templates in templates/<format>/graph* hold all prose.
"""

from __future__ import annotations

import json
import re
from functools import cached_property

from ..core.display import printer
from ..core.expr import Ref, refs
from ..core.identity import name
from ..numbers import exact_string
from ..render.plan import ONE_UNIT
from ..render.stated import relation
from .drawing import drawing, written_out
from .plan import GraphPlan

# a gate's argument in its sign: the first letter no quantity of the graph is printed as (the last: a box)
_VARIABLES = {False: ("x", "u", "v", "t", "r", "q", "□"), True: ("x", "u", "v", "t", "r", "q", r"\Box")}

TEMPLATES = {"text": "text/graph.txt.jinja", "md": "md/graph.md.jinja", "tex": "tex/graph.tex.jinja"}


class _Lines:
    """The printed lines of one solution: numbers as the plan (plan.py) shows them, every line
    that shows its numbers kept for the recheck."""

    def __init__(self, solution, fmt: str, digits: int, plan: GraphPlan | None = None):
        self.solution, self.fmt, self.digits = solution, fmt, digits
        self.values = solution.values
        self.plan = plan or GraphPlan(solution, digits)
        self.shown = {i: self.plan.shown(i) for i in solution.values}
        self.symbolic = printer(fmt, digits=digits)
        self.placeholder_used = False  # whether a gate's sign shows `variable` for the value it receives

    def symbol(self, identity) -> str:
        return self.symbolic.symbol(identity)

    def number(self, value) -> str:
        return printer(self.fmt, digits=self.digits).number(value)

    def quantity(self, identity) -> str:
        """A quantity's value as printed wherever it appears (guard digits included)."""
        return self.number(self.shown[identity])

    def branch(self, consumer, source) -> str:
        """The gradient flowing back from `consumer` to a `source` that fans out (one term of its sum),
        as planned: it follows from the upstream and local numbers printed in that sum."""
        return self.number(self.plan.shown((consumer, source)))

    def rounded(self, identity) -> bool:
        """Whether the printed number is rounded (not so 1.000 for an exact 1: plan._pad_near_results)."""
        return not self.plan.exact(identity)

    def line(self, identity) -> dict:
        tree = self.solution.built.graph[identity].definition
        numbers = printer(self.fmt, digits=self.digits, values=self.shown).child(tree, 0, bare=True)
        formula = self.symbolic.print(tree)
        result = self.quantity(identity)
        shows_numbers = numbers not in (formula, result) and identity not in self.plan.bare
        return {
            "name": name(identity),
            "symbol": self.symbol(identity),
            "formula": formula,
            "numbers": numbers if shows_numbers else None,
            "approx": self.plan.approx(identity, shows_numbers),
            "result": result,
        }

    def operation(self, identity) -> str:
        """The gate's sign; a gate with a number in it is written out (x + 1, 1/x); a stage kept
        whole is its formula."""
        tree = self.solution.built.graph[identity].definition
        if self.solution.spec.gates != "primitive":
            return self.symbolic.print(tree)
        arguments = set(refs(tree))  # x² of the input x itself: its own name
        if len(arguments) > 1 and written_out(tree):  # min(f.1, x, 0.9): one letter for both would read as one value
            return self.symbolic.print(tree)
        own = {self.symbol(i) for i in arguments} == {"x"}
        variable = "x" if own else self.variable
        if written_out(tree):  # a number in it (x + 1), or one value twice (x · x: one wire in the drawing)
            placeholder = printer(self.fmt, digits=self.digits, names={i: variable for i in arguments})
            text = placeholder.print(tree)
        else:
            text = self.symbolic.gate(tree, variable)
        if not own and re.search(rf"(?<![A-Za-z\\]){re.escape(variable)}(?![A-Za-z])", text):
            self.placeholder_used = True  # (the solution says what the letter stands for)
        return text

    @cached_property
    def variable(self) -> str:
        """The letter standing for a gate's argument in its sign (1/x, e^x, 2 · x): x, unless the
        graph has a quantity printed x or x with an index (x0, x_0, x.1: beside them 2 · x would read as one
        of those; a new user's neuron with inputs x0 and x1, stop 60)."""
        taken = {self.symbol(i) for i in self.solution.values}
        indexed = {re.match(r"\\?[A-Za-z]+", symbol).group(0) for symbol in taken if re.match(r"\\?[A-Za-z]+[_.0-9]", symbol)}
        return next((v for v in _VARIABLES[self.fmt == "tex"] if v not in taken | indexed), _VARIABLES[self.fmt == "tex"][-1])

    def notes(self, consumer, source) -> list[dict]:
        """The branch taken by every kinked operation of the consumer that `source` flows into."""
        found = []
        for taken in self.solution.branches[(consumer, source)]:
            call, branch = taken.call, taken.branch
            routed = call.args[branch.routed] if branch.routed is not None else None
            found.append({
                "op": call.op, "case": branch.case, "tie": branch.tie,
                "arguments": [self.quantity(a.identity) if isinstance(a, Ref) else
                              self.number(v) if v is not None else self.symbolic.print(a)
                              for a, v in zip(call.args, taken.arguments)],
                "argument_symbols": [self.symbolic.print(a) for a in call.args],
                "routed": self.symbolic.print(routed) if routed is not None else None,
                "routed_here": routed == Ref(source),
                "slope": self.number(call.param) if call.op == "leaky_relu" else None,
            })
        return found


def _backward(solution, lines: _Lines) -> list[dict]:
    nodes = []
    gradients = solution.backward.gradients
    for node_id, gradient_id in gradients.items():
        if node_id == solution.output:
            continue
        terms = []
        for term in solution.built.graph[gradient_id].terms:
            terms.append({
                "consumer": lines.symbol(term.consumer),
                "upstream": lines.symbol(term.upstream),
                "upstream_value": lines.quantity(term.upstream),
                "local": lines.line(term.local),
                "notes": lines.notes(term.consumer, node_id),
            })
        nodes.append({"node": lines.symbol(node_id), "name": name(node_id), "terms": terms,
                      "fan_out": len(terms) > 1, "gradient": lines.line(gradient_id),
                      "is_input": node_id in solution.built.inputs})
    return nodes


def solution_context(solution, fmt: str, digits: int = 4) -> dict:
    lines = _Lines(solution, fmt, digits)
    built = solution.built
    start = solution.gradient(solution.output)
    report = solution.report
    context = {
        "title": solution.spec.title,  # None: the templates head it with the graph's output (graph.heading)
        "format": fmt,
        "gates": solution.spec.gates,
        "exact": solution.exact,
        "rounded_values": any(lines.rounded(i) for i in solution.values),  # the legend of "=" and "≈"
        "guard_digits": any(p > digits for p in lines.plan.plan.precision.values()),  # the header says so
        "digits": digits,
        "output": lines.symbol(solution.output),
        "output_name": name(solution.output),
        "stages": [{"name": s.name, "symbol": lines.symbol(_identity(s.name)), "text": s.text,
                    "formula": lines.symbolic.print(s.tree)} for s in solution.spec.stages],
        "inputs": [{"name": name(i), "symbol": lines.symbol(i), "value": lines.quantity(i),
                    "relation": relation(lines.rounded(i), fmt)} for i in built.inputs],
        "forward": [dict(lines.line(i), operation=lines.operation(i), stage=built.gates[i].stage.name)
                    for i in built.gates],
        "start": {"symbol": lines.symbol(start), "result": lines.quantity(start)},
        "backward": _backward(solution, lines),
        "table": [{"symbol": lines.symbol(i), "name": name(i),
                   "operation": lines.operation(i) if i in built.gates else None,
                   "value": lines.quantity(i), "value_approx": lines.rounded(i),
                   "gradient": lines.quantity(solution.gradient(i)), "gradient_name": name(solution.gradient(i)),
                   "gradient_approx": lines.rounded(solution.gradient(i))}
                  for i in list(built.inputs) + list(built.gates)],
        # symbol ≈ value: the sign says whether the value is rounded (no numbers beside it)
        "results": [dict(lines.line(solution.gradient(i)), node=lines.symbol(i),
                         approx=lines.rounded(solution.gradient(i))) for i in built.inputs],
        "drawing": drawing(solution, lines) if fmt == "tex" else None,
        "wires": _wires(solution, lines),
        "verified": {"quantities": report.quantities, "near_kinks": report.near_kinks,
                     "finite_differences": report.finite_differences,
                     "kinks_skipped": report.kinks_skipped, "symbolic": report.symbolic,
                     "symbolic_skipped": report.symbolic_skipped},
    }
    context["placeholder"] = lines.variable if lines.placeholder_used else None  # what u in "u · u" is
    # a line printed "≈†", held to one unit of its last digit (render/plan.py's fallbacks): the legend says what it means
    context["one_unit"] = any([line.approx == ONE_UNIT for line in lines.plan.printed])
    lines.plan.recheck()  # every line printed above, re-evaluated from its printed numbers
    return context


def drawing_data(solution, fmt: str = "text", digits: int = 4) -> dict:
    """The drawing's data (drawing.py) with its symbols and numbers printed in `fmt` (for graph/svg.py)."""
    return drawing(solution, _Lines(solution, fmt, digits))


def _identity(label: str):
    from .parse import identity_of

    return identity_of(label)


def _wires(solution, lines: _Lines) -> list[dict]:
    """Every wire source -> consumer with the value it carries and the gradient flowing back."""
    result = []
    for consumer in solution.built.gates:
        for source in solution.built.graph[consumer].inputs:
            gradient, rounded, one_unit = _wire_gradient(solution, lines, consumer, source)
            result.append({"source": lines.symbol(source), "target": lines.symbol(consumer),
                           "value": lines.quantity(source), "value_approx": lines.rounded(source),
                           "gradient": gradient, "gradient_approx": rounded, "one_unit": one_unit})
    return result


def _wire_gradient(solution, lines: _Lines, consumer, source) -> tuple[str, bool, bool]:
    """The gradient flowing back along a wire: the source's gradient as printed elsewhere when it
    has this one consumer, else this branch's term of the sum (a planned line, rechecked) — whether
    the printed number is rounded (marked "≈"), and whether that term is held to one unit ("≈†")."""
    if len(solution.built.graph[solution.gradient(source)].terms) == 1:
        return lines.quantity(solution.gradient(source)), lines.rounded(solution.gradient(source)), False
    approx = lines.plan.approx((consumer, source))  # (kept for the recheck: worked out from the sum's printed numbers)
    return lines.branch(consumer, source), lines.rounded((consumer, source)), approx == ONE_UNIT


def answer_key(solution) -> dict:
    """The JSON key: values and exact values by name (nodes `s`, `f`; gradients `df/ds`), the
    local derivatives apart (`local:df/ds`), and the graph's structure."""
    graph, built = solution.built.graph, solution.built
    text = printer("text")
    locals_ = [i for i in solution.values if graph[i].role == "local"]
    keyed = [i for i in solution.values if i not in set(locals_)]
    return {
        "kind": "graph",
        "title": solution.spec.title,
        "output": name(solution.output),
        "gates": solution.spec.gates,
        "mode": "exact" if solution.exact else "high-precision",
        "nodes": [{"name": name(i), "operation": graph[i].definition.op, "formula": text.print(graph[i].definition),
                   "inputs": [name(s) for s in graph[i].inputs]} for i in built.gates],
        "values": {name(i): float(solution.values[i]) for i in keyed},
        "exact": {name(i): exact_string(solution.values[i]) for i in keyed},
        "locals": {name(i): float(solution.values[i]) for i in locals_},
        "verification": vars(solution.report).copy(),
    }


def render(fmt: str, solution, digits: int = 4, templates_dir=None) -> str:
    """The worked solution as "text", "md", "tex" (a whole LaTeX document) or "json" (the key)."""
    if fmt == "json":
        return json.dumps(answer_key(solution), indent=2, ensure_ascii=False) + "\n"
    from ..render.templates import render_template

    return render_template(TEMPLATES[fmt], templates_dir, **solution_context(solution, fmt, digits))
