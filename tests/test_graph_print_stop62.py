"""A graph's worked solution read as a student reads it (the new user's LOWs of stop 61): the PDF's step
numbers were not the text's and Markdown's (the LaTeX had no ③ Wires, so its ③ was the Summary), and a gate's
name squared, −1/f.1², could read as f.(1²)."""

from __future__ import annotations

import re
from fractions import Fraction as F

import symbp
from symbp import graph

SPEC = 'kind = "graph"\ninputs = { x = 0.7, y = 1.2 }\nexpression = "f = 1/(x + y) + (x*y)**2"\n'
CIRCLED = "①②③④⑤⑥⑦⑧⑨"


def _headings(fmt: str, text: str) -> list[tuple[int, str]]:
    """(step number, title) of each step heading, as the reader sees them."""
    if fmt == "tex":
        found = re.findall(r"\\subsection\*\{\\stepmark\{(\d)\} ([^}\n]*)", text)
        return [(int(n), re.sub(r"\$.*?\$", "", title).strip()) for n, title in found]
    found = re.findall(rf"^(?:## |  ?)?([{CIRCLED}]) ([^\n:(.]*)", text, re.M)
    return [(CIRCLED.index(c) + 1, re.sub(r"\$.*?\$", "", title).strip()) for c, title in found]


def test_the_latex_solution_numbers_its_steps_as_the_text_and_markdown_do():
    solution = graph.solve(graph.loads(SPEC))
    md = _headings("md", graph.render("md", solution))
    tex = _headings("tex", graph.render("tex", solution))
    assert [n for n, _ in tex] == list(range(1, len(tex) + 1)) and len(tex) == 5
    assert [t[:8] for _, t in tex] == [t[:8] for _, t in md], (tex, md)
    assert "Wires" in dict(tex)[3]


def test_the_latex_wires_table_lists_every_wire_with_the_numbers_of_the_text():
    solution = graph.solve(graph.loads(SPEC))
    text = graph.render("text", solution).split("③")[1].split("④")[0]
    tex = graph.render("tex", solution).split(r"\stepmark{3}")[1].split(r"\stepmark{4}")[0]
    rows = re.findall(r"^\s+(\S+) → (\S+):\s+value ≈? ?(\S+),\s+gradient ≈? ?(\S+)$", text, re.M)
    assert len(rows) == 8  # x and y feed f.1 and f.3, f.1 → f.2, f.3 → f.4, f.2 and f.4 → f
    for source, target, value, gradient in rows:
        line = next(line for line in tex.splitlines() if line.startswith(f"${source} \\to {target}$"))
        assert value.replace("−", "-") in line and gradient.replace("−", "-") in line, line


def test_a_gate_s_name_squared_is_bracketed_and_its_line_checks_out():
    solution = graph.solve(graph.loads(SPEC))
    text, tex = graph.render("text", solution), graph.render("tex", solution)
    assert "f.1²" not in text and "f.3²" not in text and "f.1^{2}" not in tex
    line = next(line for line in text.splitlines() if "∂f.2/∂f.1 =" in line)
    assert "−1/(f.1)² = −1/1.9² ≈ −0.2770" in line, line
    assert round(float(-1 / F("1.9") ** 2), 4) == -0.277  # what its printed numbers give
    assert "(f.3)² = 0.84² = 0.7056" in text and F("0.84") ** 2 == F("0.7056")
    assert r"-\frac{1}{(f.1)^{2}}" in tex and "(f.3)^{2} = 0.84^{2}" in tex


def test_numbers_squared_are_not_bracketed():
    text = graph.render("text", graph.solve(graph.loads(SPEC)))
    assert "1.9²" in text and "(1.9)²" not in text


def test_the_check_report_brackets_a_gate_s_name_squared_too():
    report = symbp.check(symbp.spec_from_dict({"kind": "graph", "inputs": {"x": "0.7", "y": "1.2"},
                                               "expression": "f = 1/(x + y) + (x*y)**2"}), {"local:df.2/df.1": "0.2770"})
    assert "(f.1)²" in report.to_text() and "f.1²" not in report.to_text()


def test_a_long_wires_table_is_cut_into_blocks_a_page_may_fall_between():
    """(the stop's reviewer: 78 wires in one tabular ran off the page, 21 rows lost without a warning)"""
    terms = " + ".join(f"exp(x*y*{i}) * sqrt(y + {i})" for i in range(1, 9))
    solution = graph.solve(graph.loads(f'kind = "graph"\ninputs = {{ x = 0.3, y = 0.2 }}\nexpression = "f = {terms}"\n'))
    text_rows = len(re.findall(r"^\s+\S+ → \S+:", graph.render("text", solution), re.M))
    tex = graph.render("tex", solution)
    wires = tex.split(r"\stepmark{3}")[1].split(r"\stepmark{4}")[0]
    blocks = wires.split(r"\begin{tabular}")[1:]
    rows = [len(re.findall(r"^\$\S+ \\to \S+\$", block, re.M)) for block in blocks]
    assert text_rows > 40 and sum(rows) == text_rows and max(rows) <= 40 and len(blocks) >= 2
    summary = tex.split(r"\stepmark{4}")[1].split(r"\stepmark{5}")[0].split(r"\begin{tabular}")[1:]
    assert len(summary) >= 2 and all(block.count(r"\\") <= 41 for block in summary)
