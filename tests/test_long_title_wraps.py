"""A title of one long word (50 letters, no space) wraps on the page instead of running off it (stop 64's
instructor: the worksheet's, the key's and the worked solution's title ended at x = 607 bp on a 595 bp page).
Measured on the compiled PDFs: every word's box on page 1 (pdftotext -bbox) lies within the page, and the
title's letters are all there.  A title of common words is typeset as before (no break points added)."""

from __future__ import annotations

import re
import subprocess

from helpers import run_symbp

LONG = "W" * 50
NETWORK = f'''title = "{LONG}"
layers = [2, 2, 1]
loss = "half_sse"
activation = "relu"
learning_rate = 0.1
input = [1, 2]
target = [1.5]
[[layer]]
weights = [[0.7, 0.8], [0.7, -0.9]]
biases = [-0.5, 1]
[[layer]]
weights = [[0.6, -0.2]]
biases = [0.5]
'''
GRAPH = f'''kind = "graph"
title = "{LONG}"
inputs = {{ x = -2, y = 5, z = -4 }}
expression = "f = (x + y) * z"
'''


def _page_one(pdf) -> tuple[float, list[tuple[str, float, float]]]:
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    return width, [(word, float(x0), float(x1)) for x0, x1, word in
                   re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', boxes)]


def _assert_title_on_the_page(pdf):
    width, words = _page_one(pdf)
    assert all(0 <= x0 and x1 <= width for _, x0, x1 in words), \
        [(w, x0, x1) for w, x0, x1 in words if x1 > width or x0 < 0]
    # (the running head shortens the title with …; the heading's pieces hold all 50 letters)
    pieces = [w for w, _, _ in words if re.fullmatch(r"W+", w)]
    assert sum(map(len, pieces)) >= len(LONG) and len(pieces) >= 2, pieces


def test_a_worksheets_long_title_wraps(requires_tex, tmp_path):
    (tmp_path / "net.toml").write_text(NETWORK, encoding="utf-8")
    done = run_symbp("worksheet", "net.toml", "-n", "1", "--seed", "7", "--pdf", "--out", "ws", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("worksheet.pdf", "answer-key.pdf"):
        _assert_title_on_the_page(tmp_path / "ws" / name)


def test_a_worked_solutions_long_title_wraps(requires_tex, tmp_path):
    for name, spec in (("net", NETWORK), ("graph", GRAPH)):
        (tmp_path / f"{name}.toml").write_text(spec, encoding="utf-8")
        done = run_symbp("derive", f"{name}.toml", "-o", f"{name}.pdf", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        _assert_title_on_the_page(tmp_path / f"{name}.pdf")


def test_a_title_of_common_words_gets_no_break_points():
    from symbp.render.tex_text import tex_escape, tex_heading

    for title in ("Neural Network 1: 231", "Übungsblatt 5 — Rückwärtsrechnung", "50% & $5",
                  "Backpropagationsübungsblatt 7"):  # (a German compound keeps TeX's hyphenation)
        assert tex_heading(title) == tex_escape(title)
    assert tex_heading("x " + LONG).startswith("x W\\allowbreak{}W")
    assert tex_heading("a_" * 16).count("\\_") == 16 and "\\_\\allowbreak{}a" in tex_heading("a_" * 16)
