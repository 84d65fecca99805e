"""The worksheet's givens name each run of neighbouring layers with one activation once (stop 64's instructor: a
3-2-2-2-1 leaky-ReLU network's sheet said "layer 1: LReLU with s = 0.1, layer 2: …" four times): "LReLU with
s = 0.1 in every layer", "layers 1–2: ReLU, layer 3: σ".  The runs expected are read from the spec here."""

from __future__ import annotations

import itertools
import re

import pytest

from helpers import cli_runner
from symbp.cli import main

LAYER = "[[layer]]\nweights = {w}\nbiases = {b}\n"


def _spec(widths, activations, slope=None) -> str:
    lines = [f"layers = {widths}", f'activation = "{activations[0]}"', 'loss = "half_sse"', "learning_rate = 0.1",
             f"input = {[0.5] * widths[0]}", f"target = {[0.3] * widths[-1]}"]
    if slope is not None:
        lines.append(f"negative_slope = {slope}")
    text = "\n".join(lines) + "\n"
    for l in range(1, len(widths)):
        text += "\n" + LAYER.format(w=[[0.1 * ((j + k) % 3 + 1) * (-1) ** k for k in range(widths[l - 1])] for j in range(widths[l])],
                                    b=[0.1] * widths[l])
        if activations[l - 1] != activations[0]:
            text += f'activation = "{activations[l - 1]}"\n'
    return text


NAMES = {"leaky_relu": r"$\operatorname{LReLU}$", "relu": r"$\operatorname{ReLU}$", "sigmoid": r"$\sigma$", "tanh": r"$\tanh$"}


def _expected(activations, slope) -> str:
    runs, layer = [], 1
    for name, group in itertools.groupby(activations):
        count = len(list(group))
        shown = NAMES[name] + (f" with $s = {slope}$" if name == "leaky_relu" else "")
        if count == len(activations) > 1:
            runs.append(f"{shown} in every layer")
        elif count > 1:
            runs.append(f"layers {layer}–{layer + count - 1}: {shown}")
        else:
            runs.append(f"layer {layer}: {shown}")
        layer += count
    return "Activations: " + ", ".join(runs) + "."


@pytest.mark.parametrize("widths, activations, slope", [
    ([3, 2, 2, 2, 1], ["leaky_relu"] * 4, 0.1),
    ([2, 3, 3, 1], ["relu", "relu", "sigmoid"], None),
    ([2, 3, 3, 1], ["tanh", "relu", "sigmoid"], None),
    ([2, 3, 1], ["relu", "relu"], None),
    ([2, 1], ["sigmoid"], None),
])
def test_the_givens_name_each_run_of_layers_once(tmp_path, widths, activations, slope):
    (tmp_path / "net.toml").write_text(_spec(widths, activations, slope), encoding="utf-8")
    done = cli_runner().invoke(main, ["worksheet", str(tmp_path / "net.toml"), "-n", "1", "--seed", "2", "--out",
                                      str(tmp_path / "ws"), "--moodle", str(tmp_path / "q.xml")])
    assert done.exit_code == 0, done.output
    line = re.search(r"\\givenitem (Activations: [^\n]*)", (tmp_path / "ws" / "worksheet.tex").read_text()).group(1)
    assert line.strip() == _expected(activations, slope), line
    html = (tmp_path / "q.xml").read_text()  # (the Moodle question's givens: the same runs, its math in \( \))
    assert ("in every layer" in html) == (len(activations) > 1 and len(set(activations)) == 1)
    assert ("layers 1–2:" in html) == (activations[:2] == ["relu", "relu"] and len(set(activations)) > 1)
