"""Every printed line of a graph's worked solution follows from its printed numbers (within one
unit of its last digit, "=" only where exact), read back by an independent reader
(tests/graphcheck.py) for the built-in examples and random graphs; Markdown and LaTeX print the
same signs and numbers as the text."""

from __future__ import annotations

import mpmath
import pytest

from symbp import graph
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
    """1/1.368 = 0.73099… is more than a unit from 0.7311: f.3 is printed with one digit more."""
    text = graph.render("text", graph.solve(graph.load(REPO / "examples" / "graph-neuron.toml")))
    assert "f = 1/f.3 = 1/1.3679 ≈ 0.7311" in text
    assert "f.3 = 1 + f.2 = 1 + 0.3679 = 1.3679" in text  # the printed numbers give it exactly
    # ⑤: every gradient of the neuron is irrational (σ'(1) = e/(1 + e)² times an integer): all rounded
    results = text[text.index("⑤"):text.index("Verified")].splitlines()[1:]
    assert [line.split()[1] for line in results if line.strip()] == ["≈"] * 5


@pytest.mark.parametrize("seed", range(24))
def test_every_line_of_random_graphs_follows_from_its_printed_numbers(seed):
    """Random graphs of test_graph_properties; the signs of ⑤ against its dual numbers' gradients."""
    inputs, stages, trees = _graph(seed * 7919 + 11)
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
