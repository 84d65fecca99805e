"""A gate's sign with a letter for the value it receives (u · u, u + 1, √u; x · x where the graph
has no quantity x) says what the letter is (a reviewer: "u" was never defined).  Expected words
from the catalogue file; which specs have such a sign is the test's own reading of their stages."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import symbp

CATALOGUE = tomllib.loads((Path(__file__).resolve().parent.parent / "templates" / "i18n" / "en.toml")
                          .read_text(encoding="utf-8"))["graph"]

FAN = {"kind": "graph", "title": "Fan-out through a root", "inputs": {"x": 0.7, "y": -1.3, "z": 0.25},
       "stages": ["p = x*y", "s = tanh(x - z)", "f = p*s + sqrt(y*y + 1) + max(x, z)"]}  # y·y, +1, √: u (x is taken)
PLAIN = {"kind": "graph", "title": "Products and sums", "inputs": {"x": 3, "y": -4, "z": 2},
         "stages": ["a = x * y", "f = a + z"]}  # × and + only: no letter in any sign


def _sentence(letter: str, math: bool) -> str:
    return CATALOGUE["placeholder"].replace("{v}", f"${letter}$" if math else letter)


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex"])
def test_the_letter_in_a_gate_s_sign_is_said(fmt):
    solution = symbp.derive(symbp.spec_from_dict(FAN))
    text = {"text": solution.to_text, "markdown": solution.to_markdown, "latex": solution.to_latex}[fmt]()
    assert _sentence("u", fmt != "text") in text
    neuron = symbp.derive(symbp.example("graph-neuron"))  # 1/(1 + e^(−s)) split: u + 1, 1/u, … (its inputs x0, x1:
    # beside them x would read as one of those, stop 60's new user)
    shown = {"text": neuron.to_text, "markdown": neuron.to_markdown, "latex": neuron.to_latex}[fmt]()
    assert _sentence("u", fmt != "text") in shown
    single = symbp.derive(symbp.spec_from_dict({"kind": "graph", "inputs": {"s": "0.5"}, "expression": "f = 1/(1 + exp(-s))"}))
    shown = {"text": single.to_text, "markdown": single.to_markdown, "latex": single.to_latex}[fmt]()
    assert _sentence("x", fmt != "text") in shown  # (no name with x: x)


def test_no_letter_no_sentence():
    assert CATALOGUE["placeholder"].split("{v}")[0] not in symbp.derive(symbp.spec_from_dict(PLAIN)).to_text()


def test_a_graph_worksheet_says_it_too(tmp_path):
    sheet = symbp.worksheet(symbp.spec_from_dict(FAN), variants=1, seed=2)
    sheet.save(tmp_path / "sheet")
    assert _sentence("u", True) in (tmp_path / "sheet" / "worksheet.tex").read_text(encoding="utf-8")
