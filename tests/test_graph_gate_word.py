"""A gate whose sign is an operator's name of four letters (tanh) is clear of its circle on the page
(stop 52; stop 51's PDF reviewer: "tanh" touched its gate's circle).  Measured on the compiled PDF:
the word's box (pdftotext -bbox) against the circle, 9 mm across, centred on it."""

from __future__ import annotations

import re
import subprocess

import pytest

from helpers import run_symbp

SPEC = '''kind = "graph"
title = "A tanh gate"
inputs = { w = 0.5, x = -1.5, b = 0.2 }
output = "f"
stages = ["s = w*x + b", "f = tanh(s)"]
gates = "primitive"
'''
RADIUS_BP = 9 / 25.4 * 72 / 2  # templates/tex/graph-drawing.tex.jinja: grgate's minimum size=9mm (the drawing is not scaled)


def _words(pdf) -> list[tuple[str, float, float]]:
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    return [(word, float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1, word in
            re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', boxes)]


def test_tanh_is_clear_of_its_circle(requires_tex, tmp_path):
    (tmp_path / "g.toml").write_text(SPEC, encoding="utf-8")
    done = run_symbp("derive", "g.toml", "-o", "g.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    tex = (tmp_path / "g.tex").read_text(encoding="utf-8")
    assert "resizebox" in tex and re.search(r"\\node\[\w+\] \(n\d+\) at \([-\d.]+,[-\d.]+\) \{\$\\tanh\$\}", tex)
    gate = min((w for w in _words(tmp_path / "g.pdf") if w[0] == "tanh"), key=lambda w: w[2])  # the drawing's: the smallest
    margin = RADIUS_BP - gate[1] / 2
    assert margin >= 3.5, f"tanh is {gate[1]:.1f} bp wide in a circle {2 * RADIUS_BP:.1f} bp across: {margin:.1f} bp each side"
    # a one-glyph sign keeps its size (the + of s)
    plus = [w for w in _words(tmp_path / "g.pdf") if w[0] == "+"]
    assert plus and max(w[2] for w in plus) > gate[2]
