"""A graph whose output is named L: the gradient dL/dL.2 and the local derivative ∂L/∂L.2 of its last gate
are two symbols, in text and LaTeX (stop 67's graph tester: both were ∂L/∂L.2, "∂L/∂L.2 = ∂L/∂L · ∂L/∂L.2");
a network's gradients stay ∂L/∂w."""

from __future__ import annotations

import symbp

SPEC = {"kind": "graph", "title": "named L", "inputs": {"x": 0.5, "w": -1.5, "y": 1},
        "stages": ["o = sigmoid(w*x)", "L = (o - y)**2 / 2"]}


def test_gradient_and_local_derivative_differ():
    solution = symbp.derive(symbp.spec_from_dict(SPEC))
    text, tex = solution.to("text"), solution.to("tex")
    assert "dL/dL.2 = dL/dL · ∂L/∂L.2 = 1 · 0.5 = 0.5" in text
    assert r"\frac{\mathrm{d}L}{\mathrm{d}L.2} &= \frac{\mathrm{d}L}{\mathrm{d}L} \cdot \frac{\partial L}{\partial L.2}" in tex
    assert "∂L/∂L.2 = 0.5" in text  # the local derivative keeps ∂
    assert "∂L/∂w" not in text.replace("∂L/∂L", "")  # every gradient of the graph is dL/d…


def test_a_network_keeps_its_partial_derivatives():
    text = symbp.derive(symbp.example("nn231")).to("text")
    assert "∂L/∂w" in text and "dL/dw" not in text
