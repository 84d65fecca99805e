"""Every printed line of a graph's worked solution follows from its printed numbers (they round
to its result — within one unit on a line marked "≈†" — "=" only where exact), read back by an independent reader
(tests/graphcheck.py) for the built-in examples and random graphs; Markdown and LaTeX print the
same signs and numbers as the text."""

from __future__ import annotations

import re
from fractions import Fraction

import mpmath
import pytest

from symbp import graph
from symbp.graph.worked import drawing_data
from symbp.errors import SpecError, VerificationError

from graphcheck import check_graph_text
from helpers import REPO
from linecheck import relation_sequence
from test_graph_properties import Dual, _dual, _graph

EXAMPLES = ["graph-neuron", "graph-circuit", "graph-fanout-max"]


def _check(solution, digits: int = 4, gradients=None) -> int:
    text = graph.render("text", solution, digits)
    violations, checked = check_graph_text(text, gradients)
    assert not violations, "\n".join(violations) + "\n\n" + text
    sequence = relation_sequence(text, "text")
    for fmt in ("md", "tex"):
        assert relation_sequence(graph.render(fmt, solution, digits), fmt) == sequence, fmt
    return checked


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("digits", [3, 4])
def test_every_line_of_the_examples_follows_from_its_printed_numbers(example, digits):
    assert _check(graph.solve(graph.load(REPO / "examples" / f"{example}.toml")), digits) >= 10


def test_the_neurons_reciprocal_gets_a_guard_digit():
    """1/1.368 = 0.73099… is more than a unit from 0.7311, 1/1.3679 = 0.731047… rounds to 0.7310:
    f.3 is printed with two digits more, 1/1.36788 = 0.7310583… (e^−1 = 0.3678794…)."""
    text = graph.render("text", graph.solve(graph.load(REPO / "examples" / "graph-neuron.toml")))
    assert "f = 1/f.3 = 1/1.36788 ≈ 0.7311" in text
    assert "f.3 = 1 + f.2 = 1 + 0.36788 = 1.36788" in text  # the printed numbers give it exactly
    # ⑤: every gradient of the neuron is irrational (σ'(1) = e/(1 + e)² times an integer): all rounded
    results = text[text.index("⑤"):text.index("Verified")].splitlines()[1:]
    assert [line.split()[1] for line in results if line.strip()] == ["≈"] * 5


@pytest.mark.parametrize("seed, scale", [(seed, 1) for seed in range(24)] + [(seed, Fraction(1, 10**5)) for seed in range(8)])
def test_every_line_of_random_graphs_follows_from_its_printed_numbers(seed, scale):
    """Random graphs of test_graph_properties; the signs of ⑤ against its dual numbers' gradients.
    Scaled to inputs of ~10^−5, their numbers are printed m·10^e."""
    inputs, stages, trees = _graph(seed * 7919 + 11)
    inputs = {n: v * scale for n, v in inputs.items()}
    mpmath.mp.dps = 50
    names = list(inputs)
    env = {n: Dual(mpmath.mpf(v.numerator) / v.denominator, [mpmath.mpf(int(i == j)) for j in range(len(names))])
           for i, (n, v) in enumerate(inputs.items())}
    try:
        for label, tree in trees.items():
            env[label] = _dual(tree, env, len(names), [])
    except (ZeroDivisionError, ValueError):
        pytest.skip("not defined at these numbers")
    gradients = {f"df/d{n}": env["f"].tangent[i] for i, n in enumerate(names)}
    for gates in ("primitive", "as_written"):
        table = {"kind": "graph", "inputs": {k: f"{v.numerator}/{v.denominator}" for k, v in inputs.items()},
                 "stages": stages, "gates": gates}
        try:
            solution = graph.solve(graph.from_dict(table))
        except (SpecError, VerificationError):  # undefined at these numbers, or beyond float64
            pytest.skip("not solvable at these numbers")
        assert _check(solution, 4, gradients) > 0


def _tiny(inputs: str, expression: str):
    return graph.solve(graph.from_dict({"kind": "graph", "title": "t", "inputs": inputs, "expression": expression}))


@pytest.mark.parametrize("inputs, expression, shown", [
    # 1 − tanh(30)² = sech(30)² = 4/(e^30 + e^−30)² ≈ 3.50259·10^−26, times y = 2: 2 · 3.503·10^−26 would
    # round to 7.006·10^−26, 2 · 3.5026·10^−26 does to 7.005·10^−26 (a guard digit)
    ({"x": 30, "y": 2}, "f = tanh(x) * y", ["3.5026·10^−26", "7.005·10^−26"]),
    ({"x": "1e-100", "y": 2}, "f = x*y", ["x = 1·10^−100", "1·10^−100 · 2 = 2·10^−100"]),
    ({"x": "0.00003", "y": "0.5"}, "f = x*y", ["3·10^−5 · 0.5 = 1.5·10^−5"]),
    ({"x": "0.00003", "y": "0.5"}, "f = (x*y)**2", ["(1.5·10^−5)² = 2.25·10^−10"]),
    ({"x": "-0.00003", "y": "0.5"}, "f = exp(x) * y - x", ["0.5000 − (−3·10^−5) ≈ 0.5000"]),
    ({"x": 900000, "y": 3}, "f = x*y", ["900000 · 3 = 2.7·10^6"]),
])
def test_tiny_and_huge_values_are_printed_as_the_networks_print_them(inputs, expression, shown):
    """Below 10^−4 and from 10^6 on a graph's numbers are m·10^e, as a network's: not
    0.00000000000000000000000007005, nor a 100-zero decimal; every line still follows from them."""
    import re

    solution = _tiny(inputs, expression)
    text = graph.render("text", solution, 4)
    for part in shown:
        assert part in text, part + "\n" + text
    assert not re.search(r"0\.0000\d", text), text
    assert _check(solution) >= 2
    if expression == "f = tanh(x) * y":
        mpmath.mp.dps = 50
        assert mpmath.nstr(2 / mpmath.cosh(30) ** 2, 4) == "7.005e-26"
    for fmt in ("md", "tex"):
        printed = graph.render(fmt, solution, 4)
        assert "0.0000" not in printed and r"\cdot 10^{" in printed, fmt


@pytest.mark.parametrize("inputs, expression, shown", [
    # tanh(1) = 0.76159415…: 0.7616 beside y = 0.761595 would route max to tanh(1), not to y
    ({"x": 1, "y": "0.761595"}, "f = max(tanh(x), y)", "max(0.7615942, 0.761595)"),
    # tanh(s) ≈ s − s³/3 for s = −5.8·10^−5: −5.800·10^−5 beside −5.8·10^−5 would read as a tie
    ({"x0": "-0.000058"}, "f = min(tanh(x0), min(x0, 2))", "[f.1 > f.2] = [−5.799999993·10^−5 > −5.8·10^−5] = 1"),
])
def test_a_comparison_is_printed_with_the_digits_that_decide_it(inputs, expression, shown):
    """max/min's routing and a kink's [x ≥ z] follow from their printed numbers too (guard digits)."""
    solution = _tiny(inputs, expression)
    assert shown in graph.render("text", solution, 4)
    assert _check(solution) >= 2


def test_a_wire_out_of_a_value_that_fans_out_follows_from_the_sum_printed_beside_it():
    """q feeds e^q and q²: its wire to e^q carries df/df.1 · ∂f.1/∂q, one term of the sum in ②.  The
    table printed that term from the exact values (0.6792) while ② printed 0.3208 · 2.117 (= 0.67913…):
    the term is now a planned line, its numbers given the digits that make it follow (graphcheck reads ③)."""
    table = {"kind": "graph", "inputs": {"x": 1.5, "y": -2, "z": 0.5},
             "stages": ["p = x*y + z", "q = max(p, x*z)", "f = ln(1 + exp(q)) + q**2"]}
    text = graph.render("text", graph.solve(graph.from_dict(table)))
    assert "q fans out to f.1 and f.4" in text and "  q → f.1:  value " in text
    assert check_graph_text(text)[0] == []


def test_a_wire_held_to_one_unit_is_marked_in_the_table(monkeypatch):
    """A branch term the plan holds to one unit (its true value on a rounding tie: no example has one, so
    the plan is told so here) is marked "≈†" in ③ as a line is (the legend follows the plan's printed lines,
    which the wire's term is one of)."""
    from symbp.graph.plan import GraphPlan
    from symbp.render.plan import ONE_UNIT

    approx = GraphPlan.approx
    monkeypatch.setattr(GraphPlan, "approx", lambda plan, identity, shown=True:
                        ONE_UNIT if isinstance(identity, tuple) and approx(plan, identity, shown) else approx(plan, identity, shown))
    table = {"kind": "graph", "inputs": {"x": 1.5, "y": -2, "z": 0.5},
             "stages": ["p = x*y + z", "q = max(p, x*z)", "f = ln(1 + exp(q)) + q**2"]}
    text = graph.render("text", graph.solve(graph.from_dict(table)))
    assert "  q → f.1:  value 0.75,  gradient ≈† " in text and check_graph_text(text)[0] == []
    markdown = graph.render("md", graph.solve(graph.from_dict(table)))
    assert "\\approx^{\\dagger} " in markdown[markdown.index("③"):markdown.index("④")]


def _wires(text: str) -> list[tuple]:
    section = text[text.index("\n③"):text.index("\n④")].strip("\n").split("\n")[1:]
    wires = [re.fullmatch(r"  (\S+) → (\S+):  value (≈ )?(\S+),  gradient (≈ )?(\S+)", line) for line in section]
    assert all(wires), section
    return [w.groups() for w in wires]


def test_the_wires_mark_every_rounded_number_with_approx_and_no_exact_one():
    """③ listed the neuron's wires as "value 0.36788, gradient −0.5344": rounded numbers without "≈"
    (the summary below marks them).  Each number is compared with the neuron worked out by hand."""
    from test_graph_sheets import _neuron_by_hand

    solution = graph.solve(graph.load(REPO / "examples" / "graph-neuron.toml"))
    truth = {symbol.replace("_{", "").replace("}", ""): pair for symbol, pair in
             _neuron_by_hand(*(Fraction(v) for v in ("2", "-1", "-3", "-2", "-3"))).items()}
    wires = _wires(graph.render("text", solution))
    assert len(wires) == 12 and {w[0] for w in wires} == set(truth) - {"f"}
    for source, target, value_sign, value, gradient_sign, gradient in wires:
        for sign, printed, true in ((value_sign, value, truth[source][0]), (gradient_sign, gradient, truth[source][1])):
            number = Fraction(printed.replace("−", "-"))
            exact = abs(mpmath.mpf(number.numerator) / number.denominator - true) < mpmath.mpf(10) ** -40
            assert bool(sign) != exact, (source, target, sign, printed)
    assert sum(bool(w[2]) for w in wires) == 2 and sum(bool(w[4]) for w in wires) == 12  # e^−1 and 1 + e^−1


def test_a_branch_of_a_fan_out_exact_from_rounded_numbers_is_not_marked():
    """x1 feeds s0 and x1³: the wire to x1³ carries df/df.1 · 243 = (1/54) · 243 = 4.5 exactly although
    ② prints 0.01852 · 243; f.1's own wire carries the rounded 1/54."""
    table = {"kind": "graph", "inputs": {"x1": 9}, "stages": ["s0 = x1", "f = sqrt(x1**3) + s0"]}
    wires = {(w[0], w[1]): w[2:] for w in _wires(graph.render("text", graph.solve(graph.from_dict(table))))}
    assert wires[("x1", "f.1")] == (None, "9", None, "4.500")
    assert wires[("f.1", "f.2")] == (None, "729", "≈ ", "0.01852")
    assert wires[("x1", "s0")] == (None, "9", None, "1")


@pytest.mark.parametrize("inputs, expression, placeholder", [
    ({"x": 3, "b": 2}, "f = x + 2*b", "u"),
    ({"x": 3, "u": 2}, "f = x*u + exp(u)", "v"),
    ({"a": 3, "b": 2}, "f = a + 2*b", "x"),
])
def test_a_gates_sign_never_writes_its_argument_as_a_name_of_the_graph(inputs, expression, placeholder):
    """The summary wrote f.1 = 2 · b as "2 · x" in a graph whose input is x: the gate's argument is
    now a letter no quantity of the graph is printed as (in the text, Markdown and the drawing)."""
    solution = graph.solve(graph.from_dict({"kind": "graph", "inputs": inputs, "stages": [expression]}))
    text = graph.render("text", solution)
    table = text[text.index("\n④"):text.index("\n⑤")]
    signs = re.findall(r"^  f\.\d\s+(.*?)\s{2,}", table, re.M)
    assert signs and any(placeholder in s for s in signs), table
    for taken in set(inputs) - {placeholder}:
        assert not any(re.search(rf"(?<![A-Za-z]){taken}(?![A-Za-z])", s) for s in signs), (taken, table)
    latex = graph.render("tex", solution)
    assert re.search(rf"(?<![A-Za-z\\]){placeholder}(?![A-Za-z])", latex[latex.index("network drawing begins"):]
                     if "network drawing begins" in latex else latex)


def test_a_gate_taking_one_value_twice_writes_its_formula():
    """v = x·x is drawn with one wire from x into a "×" gate, which read as x times something else (a
    student may take ∂v/∂x = x; the key has 2·x: an instructor persona's LOW, stop 48): its sign is
    "x · x" (the summary and the drawing, a wide node), as a gate with a number in it is written out."""
    solution = graph.solve(graph.from_dict({"kind": "graph", "inputs": {"x": 2, "y": -3},
                                            "stages": ["v = x*x", "f = v*y"]}))
    text = graph.render("text", solution)
    assert re.search(r"^  v\s+x · x\s", text[text.index("\n④"):], re.M)
    assert re.search(r"^  f\s+×\s", text[text.index("\n④"):], re.M)  # two values: the sign alone
    node = next(n for n in drawing_data(solution, "tex")["nodes"] if n["symbol"] == "v")
    assert node["sign"] == "x \\cdot x" and node["wide"]
