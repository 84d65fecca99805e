"""A network drawing's numbers with "≈" where they are rounded givens: the PDF's (TikZ) weight labels
and input values printed 0.3333 for a weight of 1/3 and 0.6667 for an input of 2/3 with nothing
before them (a reader takes a bare number for the value; the SVG's weights and every bias had "≈"
already).  Read back from the drawing: each label is its given's value exactly when bare, and that
value rounded after "≈" — the givens read from the TOML here, not from symbp."""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from fractions import Fraction

import symbp

SPEC = """title = "Thirds drawn"
layers = [2, 2, 1]
activation = "relu"
loss = "half_sse"
learning_rate = 0.5
input = [1, "2/3"]
target = [0.5]
[[layer]]
weights = [["1/3", -0.45], [0.5, "-2/3"]]
biases = [0, "-1/3"]
[[layer]]
weights = [[0.4, -0.8]]
biases = [0.1]
activation = "identity"
"""

NS = "{http://www.w3.org/2000/svg}"


def _givens():
    data = tomllib.loads(SPEC)
    weights = [Fraction(str(w)) for layer in data["layer"] for row in layer["weights"] for w in row]
    return weights, [Fraction(str(x)) for x in data["input"]]


def _judge(label: str, value: Fraction) -> None:
    """A bare label is the value exactly; one after ≈ is it rounded to the digits shown."""
    rounded = label.startswith("≈")
    number = Fraction(label.lstrip("≈").replace("−", "-"))
    if rounded:
        assert number != value, label
        places = len(label.split(".")[1]) if "." in label else 0
        assert abs(number - value) <= Fraction(1, 2 * 10 ** places), (label, value)
    else:
        assert number == value, (label, value)


def _tex_label(text: str) -> str:
    """A TikZ node's math as read: ${\\approx}{0.3333}$ -> ≈0.3333."""
    return text.replace("{\\approx}", "≈").replace("{", "").replace("}", "").strip("$")


def test_the_pdf_drawing_marks_rounded_weights_and_inputs():
    tex = symbp.derive(symbp.load(SPEC)).to("tex")
    weights, inputs = _givens()
    labels = [_tex_label(m) for m in re.findall(r"\\node\[weight\] at \([^)]*\) \{(.*)\};", tex)]
    assert len(labels) == len(weights)
    for label, value in zip(labels, weights):
        _judge(label, value)
    assert sum(label.startswith("≈") for label in labels) == 2  # 1/3 and −2/3
    shown = [_tex_label(m) for m in re.findall(r"\\node\[font=\\footnotesize,left=2pt of n0-\d\] \{(.*)\};", tex)]
    assert len(shown) == 2
    for label, value in zip(shown, inputs):
        _judge(label, value)
    assert shown[1].startswith("≈")


def test_the_svg_drawing_marks_rounded_inputs():
    svg = symbp.load(SPEC)._repr_mimebundle_()["image/svg+xml"]
    texts = {cls: [e.text for e in ET.fromstring(svg).iter(NS + "text") if e.get("class") == cls]
             for cls in ("weight", "input")}
    weights, inputs = _givens()
    assert len(texts["input"]) == 2
    for label, value in zip(texts["input"], inputs):
        _judge(label, value)
    for label, value in zip(texts["weight"], weights):
        _judge(label, value)
