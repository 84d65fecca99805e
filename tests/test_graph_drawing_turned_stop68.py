"""A graph drawing that upright would be shrunk below 70 % is drawn on a page of its own, turned (landscape), after
the page the text goes on on, and the text says so (stop 67's graph tester: a 14-column drawing at 44 %, its labels
~3 pt); the key and the student's sheet too; the built-in examples stay upright."""

from __future__ import annotations

import re
import subprocess

import pytest

import symbp
from print_audit import compile_and_audit, pdf_objects

NEURON2 = {"kind": "graph", "title": "2-layer neuron",
           "inputs": {"x1": 1, "x2": -2, "w11": 0.5, "w12": -0.3, "w21": 0.8, "w22": 0.2, "b1": 0.1, "b2": -0.1,
                      "v1": 1.2, "v2": -0.7, "c": 0.05, "y": 1},
           "stages": ["h1 = relu(w11*x1 + w12*x2 + b1)", "h2 = tanh(w21*x1 + w22*x2 + b2)",
                      "o = sigmoid(v1*h1 + v2*h2 + c)", "L = (o - y)**2 / 2"]}


def _rotated_pages(pdf) -> list[int]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True).stdout
    return [int(page) for page, angle in re.findall(r"Page\s+(\d+) rot:\s+(\d+)", info) if angle in ("90", "270")]


def test_a_wide_drawing_is_turned(tmp_path, requires_tex):
    tex = symbp.derive(symbp.spec_from_dict(NEURON2)).to("tex")
    assert r"\afterpage{\begin{landscape}" in tex and "turned sideways" in tex
    audit = compile_and_audit(tex, tmp_path, "neuron2")
    assert audit.overfull == []  # (nor a vbox: the turned page holds it)
    rotated = _rotated_pages(audit.pdf)
    assert len(rotated) == 1 and rotated[0] >= 2, rotated  # text first, then the turned page
    assert "/Rotate 90" in pdf_objects(audit.pdf) or rotated


def test_the_sheet_and_key_turn_each_variants_drawing(tmp_path, requires_tex):
    sheet = symbp.worksheet(symbp.spec_from_dict(NEURON2), variants=2, seed=2)
    for name in ("worksheet", "answer-key"):
        tex = sheet.files[f"{name}.tex"]
        assert "turned sideways" in tex
        audit = compile_and_audit(tex, tmp_path / name, name)
        assert len(_rotated_pages(audit.pdf)) == 2  # a turned page per variant


@pytest.mark.parametrize("example", ["graph-neuron", "graph-circuit", "graph-fanout-max"])
def test_the_examples_stay_upright(example):
    tex = symbp.derive(symbp.example(example)).to("tex")
    assert "landscape" not in tex and "pdflscape" not in tex


TALL = {"kind": "graph", "title": "Tall",
        "inputs": {"b": 0.1, "y": 1, **{f"w{i}": round(0.1 * (i + 1), 1) for i in range(8)},
                   **{f"x{i}": round(-0.5 + 0.2 * i, 1) for i in range(8)}},
        "stages": ["s = " + " + ".join(f"w{i}*x{i}" for i in range(8)) + " + b", "o = sigmoid(s)", "L = (o - y)**2 / 2"]}


def test_a_tall_drawing_stays_upright_and_on_its_page(tmp_path, requires_tex):
    # an 8-input neuron: as wide as the 2-layer one, and as tall as a turned page (the stop-68 reviewer: it was
    # turned and spilled over three pages, 20 pt past the bottom margin)
    tex = symbp.derive(symbp.spec_from_dict(TALL)).to("tex")
    assert "landscape" not in tex
    audit = compile_and_audit(tex, tmp_path, "tall")
    assert audit.overfull == [] and _rotated_pages(audit.pdf) == []
