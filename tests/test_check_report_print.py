"""A check report's lines name every quantity as the worked solution prints it: ∂L/∂a_0^1 (Σ_k w·δ, written on the
way) was \\mathit{dL/da_0^1} in the LaTeX report's "worked from a wrong value written on the way" line (a new user's
LOW of stop 63)."""

from __future__ import annotations

import re

import symbp

SPEC = {"title": "3-4-2", "layers": [3, 4, 2], "activation": "tanh", "loss": "half_sse", "learning_rate": 0.5,
        "input": [0.5, -1, 2], "target": [1, 0],
        "layer": [{"weights": [[0.1, -0.2, 0.3], [0.4, 0.1, -0.1], [-0.3, 0.2, 0.2], [0.2, 0.3, -0.2]],
                   "biases": [0.1, -0.1, 0.2, 0]},
                  {"activation": "sigmoid", "weights": [[0.5, -0.4, 0.3, 0.2], [-0.2, 0.6, -0.5, 0.1]],
                   "biases": [0.1, -0.2]}]}


def test_a_line_through_a_value_on_the_way_names_it_as_the_solution_does():
    # f'(z_0^1) written wrong (1 − z² for 1 − a²), δ_0^1 worked from it and from ∂L/∂a_0^1 as written
    answers = {"dL/da_0^1": "-0.06308", "local:da_0^1/dz_0^1": "0.0975", "delta_0^1": f"{-0.06308 * 0.0975:.4g}"}
    report = symbp.check(symbp.spec_from_dict(SPEC), answers)
    assert report.marks["delta_0^1"]["diagnosis_key"] == "wrong_value_on_the_way"
    latex = report.to_latex()
    assert "\\mathit{dL" not in latex
    assert re.search(r"\\frac\{\\partial L\}\{\\partial a\^\{1\}_\{0\}\} \\cdot \\frac\{\\partial a\^\{1\}_\{0\}\}"
                     r"\{\\partial z\^\{1\}_\{0\}\} = \(-0\.06308\) \\cdot 0\.0975", latex)
    assert "∂L/∂a_0^1·∂a_0^1/∂z_0^1 = (−0.06308)·0.0975" in report.to_text()


def test_the_carried_rows_stay_aligned_beside_a_long_name():
    """`local:da_0^2/dz_0^2` is longer than the name column (16): its row ran out of line (a new user's LOW)."""
    answers = {"z_2^1": "0.05", "a_2^1": "0.04996", "local:da_0^2/dz_0^2": "0.2374", "delta_0^2": "-0.09206",
               "delta_1^2": "0.08525"}
    text = symbp.check(symbp.spec_from_dict(SPEC), answers).to_text()
    lines = text.split("CARRIED FORWARD", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    assert any("local:da_0^2/dz_0^2" in line for line in lines) and len(lines) >= 3
    for column in (" = ", "true value", " from "):
        assert len({line.index(column) for line in lines}) == 1, (column, lines)
