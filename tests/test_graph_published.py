"""Computational-graph exercises reproduce the published values: CS231n's circuit f = (x + y)·z and
its sigmoid neuron (cs231n.github.io/optimization-2), and a fan-out with a max gate worked by hand;
every format renders them."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from dataclasses import replace
from fractions import Fraction

import pytest

from symbp import graph
from symbp.core.identity import name

from helpers import REPO


def _solve(example: str, **changes):
    spec = graph.load(REPO / "examples" / f"{example}.toml")
    return graph.solve(replace(spec, **changes))


def test_circuit_gradients_are_the_published_ones():
    solution = _solve("graph-circuit")
    got = [solution.value(n) for n in ("f.1", "f", "df/dx", "df/dy", "df/dz")]
    assert [(type(v), v) for v in got] == [(Fraction, Fraction(v)) for v in (3, -12, -4, -4, 3)]


@pytest.mark.parametrize("gates", ["primitive", "as_written"])
def test_sigmoid_neuron_gradients_are_the_published_ones(gates):
    solution = _solve("graph-neuron", gates=gates)
    sigma = 1 / (1 + math.exp(-1.0))  # w·x + b = 2·(−1) + (−3)·(−2) + (−3) = 1
    local = sigma * (1 - sigma)
    expected = {"df/dw0": -1 * local, "df/dx0": 2 * local, "df/dw1": -2 * local, "df/dx1": -3 * local, "df/dw2": local}
    got = {n: float(solution.value(n)) for n in expected}
    assert all(math.isclose(got[n], expected[n], rel_tol=1e-12) for n in expected), got
    published = {"df/dw0": -0.2, "df/dw1": -0.39, "df/dw2": 0.2, "df/dx0": 0.39, "df/dx1": -0.59}
    assert {n: round(got[n], 2) for n in published} == published
    assert solution.value("s") == 1 and math.isclose(float(solution.value("f")), 0.7310585786300049, rel_tol=1e-14)


def test_fan_out_and_max_by_hand():
    """a = x·y = −12, b = max(x, z) = 3 (routes to x), f = a + 2b = −6;
    df/dx = y·1 + 1·2 = −2 (the two branches of x), df/dy = x = 3, df/dz = 0."""
    solution = _solve("graph-fanout-max")
    got = [solution.value(n) for n in ("a", "b", "f", "df/dx", "df/dy", "df/dz", "df/db")]
    assert got == [-12, 3, -6, -2, 3, 0, 2]
    terms = solution.built.graph[solution.gradient(graph.spec.identity_of("x"))].terms
    assert [name(t.consumer) for t in terms] == ["a", "b"]


def test_primitive_gates_are_named_as_documented():
    solution = _solve("graph-neuron")
    assert [name(i) for i in solution.built.gates] == ["s.1", "s.2", "s.3", "s", "f.1", "f.2", "f.3", "f"]
    ops = [solution.built.graph[i].definition.op for i in solution.built.gates]
    assert ops == ["mul", "mul", "add", "add", "neg", "exp", "add", "div"]


def test_text_solution_shows_every_step():
    text = graph.render("text", _solve("graph-fanout-max"))
    for expected in ("a = x · y = 3 · (−4) = −12", "∂b/∂x = [x ≥ z] = [3 ≥ 2] = 1",
                     "df/dx = df/da · ∂a/∂x + df/db · ∂b/∂x = 1 · (−4) + 2 · 1 = −2",
                     "x fans out to a and b", "routes the gradient to its larger argument x", "df/dz = 0"):
        assert expected in text, expected


def test_rounded_values_are_marked():
    text = graph.render("text", _solve("graph-neuron"))
    assert "f = 1/f.3 = 1/1.36788 ≈ 0.7311" in text and "df/dx0 ≈ 0.3932" in text and "s = s.3 + w2 = 4 + (−3) = 1" in text


def test_relu_kink_is_stated():
    solution = graph.solve(graph.loads('kind = "graph"\ninputs = { x = 2, y = -2 }\nexpression = "f = relu(x + y) * 3"'))
    text = graph.render("text", solution)
    assert "ReLU at input 0, its kink: by convention its derivative there is 0." in text
    assert solution.value("df/dx") == 0 and solution.report.kinks_skipped == 2


def test_json_key_uses_the_names():
    solution = _solve("graph-circuit")
    key = json.loads(graph.render("json", solution))
    assert {k: key["values"][k] for k in ("f", "f.1", "df/dx", "df/dy", "df/dz")} == \
        {"f": -12.0, "f.1": 3.0, "df/dx": -4.0, "df/dy": -4.0, "df/dz": 3.0}
    assert key["exact"]["df/dz"] == "3" and key["locals"]["local:df/dz"] == 3.0 and key["kind"] == "graph"


@pytest.mark.parametrize("fmt, marker", [("md", r"\frac{\mathrm{d}f}{\mathrm{d}x}"), ("tex", r"\begin{tikzpicture}")])
def test_markdown_and_latex(fmt, marker):
    out = graph.render(fmt, _solve("graph-fanout-max"))
    assert marker in out and "fans out to" in out


def test_latex_compiles(requires_tex, tmp_path):
    from symbp.render.pdf import compile_pdf

    pdf = compile_pdf(graph.render("tex", _solve("graph-fanout-max")), tmp_path / "graph.pdf")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "fans out to" in text and "Gradients of" in text


def test_answer_names_are_every_value_then_every_gradient():
    names = _solve("graph-circuit").answer_names()
    assert names == ["x", "y", "z", "f.1", "f", "df/df", "df/df.1", "df/dz", "df/dy", "df/dx"]
