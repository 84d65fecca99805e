"""The generic chain rule on hand-built graphs, the printer, and the shape of the new packages
(no import cycle, SymPy imported lazily, modules of at most ~350 lines)."""

from __future__ import annotations

import ast
from fractions import Fraction

import pytest

from symbp.core import identity as ids
from symbp.core.chain import backward
from symbp.core.display import printer
from symbp.core.expr import Call, Const, Ref
from symbp.core.graph import Graph, evaluate

from helpers import REPO, run_python
from test_structure import _imports as imports_of

x, y, z, q, f = (ids.node(label) for label in ("x", "y", "z", "q", "f"))


def _fan_out_graph():
    """q = x·y, f = q + x·3: x feeds q and f."""
    graph = Graph()
    for given in (x, y):
        graph.given(given)
    graph.define(q, Call("mul", (Ref(x), Ref(y))))
    graph.define(f, Call("add", (Ref(q), Call("mul", (Ref(x), Const(Fraction(3)))))))
    return graph


def test_gradient_is_the_sum_over_consumers_of_upstream_times_local():
    graph = _fan_out_graph()
    record = backward(graph, f, [x, y])
    gradient = graph[record.gradients[x]]
    assert [(t.consumer, t.upstream, t.local) for t in gradient.terms] == [
        (q, ids.gradient(f, q), ids.local(q, x)), (f, ids.gradient(f, f), ids.local(f, x))]
    values = evaluate(graph, {x: Fraction(2), y: Fraction(-5)})
    # by hand: df/dx = y + 3 = -2, df/dy = x = 2, df/dq = 1
    assert [values[record.gradients[i]] for i in (x, y, q)] == [-2, 2, 1]
    assert [values[ids.local(q, x)], values[ids.local(f, x)]] == [-5, 3]


def test_local_derivatives_come_from_the_local_definition():
    graph = _fan_out_graph()
    backward(graph, f, [x, y])
    text = printer("text")
    assert [text.print(graph[ids.local(q, x)].definition), text.print(graph[ids.local(f, x)].definition)] == ["y", "3"]


def test_only_nodes_between_wrt_and_the_output_get_gradients():
    graph = _fan_out_graph()
    graph.given(z)
    graph.define(ids.node("unused"), Call("mul", (Ref(z), Ref(x))))
    record = backward(graph, f, [x])
    assert set(record.gradients) == {f, q, x}


def test_printer_orders_and_parenthesizes_as_written():
    tree = Call("mul", (Call("add", (Ref(x), Ref(y))), Call("neg", (Ref(z),))))
    values = {x: Fraction(-2), y: Fraction(5), z: Fraction(-4)}
    assert printer("text").print(tree) == "(x + y) · (−z)"
    assert printer("text", values=values).child(tree, 0, bare=True) == "(−2 + 5) · (−(−4))"
    assert printer("tex").print(Call("div", (Const(Fraction(1)), Call("pow", (Ref(q),), 2)))) == r"\frac{1}{q^{2}}"


def test_a_printer_refuses_unknown_settings():
    with pytest.raises(TypeError):
        printer("text", colour="red")


# ---- the shape of the packages --------------------------------------------------------------------
PACKAGES = ("symbp/core", "symbp/graph")


def _modules():
    for package in PACKAGES:
        for path in sorted((REPO / package).glob("*.py")):
            yield path


def _imports(path) -> set[str]:
    """Modules of symbp imported by a file (resolved relative imports), at any depth of the file."""
    return imports_of(path, ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


def test_no_import_cycle_and_the_core_knows_no_exercise():
    names = {".".join(p.relative_to(REPO).with_suffix("").parts): p for p in _modules()}
    edges = {name: {m for m in _imports(path) if m in names and m != name} for name, path in names.items()}
    core_imports = {m for name, targets in edges.items() if name.startswith("symbp.core") for m in targets}
    assert not {m for m in core_imports if m.startswith("symbp.graph")}
    state: dict = {}

    def visit(name, trail):
        if state.get(name) == "active":
            raise AssertionError("import cycle: " + " -> ".join(trail + [name]))
        if state.get(name) != "done":
            state[name] = "active"
            for target in edges[name]:
                visit(target, trail + [name])
            state[name] = "done"

    for name in edges:
        visit(name, [])


def test_modules_are_small():
    sizes = {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    assert {path: n for path, n in sizes.items() if n > 350} == {}


def test_sympy_is_imported_lazily():
    completed = run_python("import sys, symbp.core.graph, symbp.core.identity, symbp.core.display, symbp.graph, "
                           "symbp.graph.spec, symbp.graph.variants, symbp.graph.slips\n"
                           "print('sympy' in sys.modules)", cwd=REPO, env={"PYTHONPATH": str(REPO)})
    assert (completed.returncode, completed.stdout.strip()) == (0, "False"), completed.stderr


def test_every_operation_prints_in_every_notation():
    from symbp.core.operations import OPERATIONS

    params = {"pow": 3, "leaky_relu": Fraction(1, 10), "softmax": 1}
    for op, operation in OPERATIONS.items():
        args = (Ref(x),) if operation.arity == 1 else (Ref(x), Ref(y))
        tree = Call(op, args, params.get(op))
        for fmt in ("tex", "text"):
            p = printer(fmt, values={x: Fraction(-2), y: Fraction(1, 4)})
            assert p.print(tree) and p.gate(tree) and "{param}" not in p.gate(tree), (op, fmt)
