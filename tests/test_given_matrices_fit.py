"""The givens' matrices (a worksheet's "Weights and biases") put on one display line fit it, as pdflatex sets them
(the instructor tester: a 3-4-2 softmax sheet's W^1, b^1, W^2, b^2 ran 2.8 pt and 11.3 pt into the margin; the
estimate counted W^{1} = as 0.66 cm, pdflatex sets 0.99 cm, and a piece's comma and \\qquad as 0.9 cm, 1.0 cm set).
Every such line of sheets of several shapes is measured in one pdflatex run, in the sheet's own preamble."""

from __future__ import annotations

import re
import subprocess

import symbp
from symbp.render.network_matrices import LINE_CM
from symbp.render.measure_text import PT_CM

SHAPES = [  # (layers, activations of the output) with one-decimal weights, negatives too
    ([3, 4, 2], "softmax"), ([4, 3, 3], "softmax"), ([2, 5, 2], "sigmoid"), ([3, 3, 3, 2], "sigmoid"),
    ([4, 4, 1], "sigmoid"), ([2, 4, 4], "softmax"),
]


def _spec(layers, output):
    weights = [[[round(((j * 7 + k * 3 + l) % 19 - 9) / 10, 1) for k in range(layers[l - 1])]
                for j in range(layers[l])] for l in range(1, len(layers))]
    table = {"title": "fit", "layers": layers, "activation": "sigmoid", "input": [0.5] * layers[0],
             "loss": "cross_entropy" if output == "softmax" else "mse", "learning_rate": 0.5,
             "target": [1] + [0] * (layers[-1] - 1),
             "layer": [{"weights": w, "biases": [0.1 * (j % 3) - 0.1 for j in range(len(w))]} for w in weights]}
    table["layer"][-1]["activation"] = output
    return symbp.spec_from_dict(table)


def test_every_line_of_given_matrices_fits(tmp_path, requires_tex):
    rows, preamble = [], None
    for layers, output in SHAPES:
        tex = symbp.worksheet(_spec(layers, output), variants=3, seed=7).files["worksheet.tex"]
        preamble = preamble or tex.split("\\begin{document}")[0]
        rows += [r for r in re.findall(r"\\\[ (W\^\{1\} = .*?) \\\]", tex) if ",\\qquad" in r]
    assert len(rows) >= 10, rows
    body = "\n".join(f"\\setbox0\\hbox{{$\\displaystyle {row}$}}\\typeout{{ROW {i} \\the\\wd0}}" for i, row in enumerate(rows))
    (tmp_path / "m.tex").write_text(f"{preamble}\\begin{{document}}\n{body}\n\\end{{document}}\n", encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "m.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    widths = [float(w) for w in re.findall(r"^ROW \d+ ([\d.]+)pt$", done.stdout, re.M)]
    assert len(widths) == len(rows), done.stdout[-2000:]
    too_wide = [(w * PT_CM, row[:80]) for w, row in zip(widths, rows) if w * PT_CM > LINE_CM]
    assert not too_wide, too_wide
