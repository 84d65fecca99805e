"""A graph's Markdown tables keep their cells (stop 66's graph tester: |x| in the summary's operation column split
the row — GitHub's and Jupyter's tables split on every '|', inside $…$ too — and f.1's value and gradient were lost).
Every table row is read as a Markdown renderer reads it and has as many cells as its header."""

from __future__ import annotations

import pytest

from helpers import cli_runner
from symbp.cli import main

SPECS = {
    "primitive": 'kind = "graph"\ninputs = { x = -1.5, y = 2 }\nexpression = "f = abs(x) * y + min(x, y, 0.5)"\n',
    "as_written": 'kind = "graph"\ninputs = { x = -1.5, y = 2 }\nstages = ["a = abs(x) * y + 1", "f = a * abs(y)"]\n'
                  'gates = "as_written"\n',
}


@pytest.mark.parametrize("form", sorted(SPECS))
def test_graph_markdown_rows_keep_their_cells(tmp_path, form):
    (tmp_path / "g.toml").write_text(SPECS[form], encoding="utf-8")
    done = cli_runner().invoke(main, ["derive", str(tmp_path / "g.toml"), "--format", "md"])
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    headers = [i for i, line in enumerate(lines) if line.startswith("|") and not lines[i - 1].startswith("|")]
    assert len(headers) >= 2
    for start in headers:
        cells = lines[start].count("|")
        row = start
        while row < len(lines) and lines[row].startswith("|"):
            unescaped = lines[row].replace("\\|", "").count("|")  # (a renderer splits on every unescaped '|')
            assert unescaped == cells, lines[row]
            row += 1
    assert r"\vert" in done.stdout
