"""No derivation of one row stands alone at the top or the foot of a page where its block has more (stop 64's
lecture-notes author: the nn231 solution's page 4 began with the update's last row, b_2^1 alone).  In LaTeX a
block's rows end in "\\\\*" (no page break) inside a derivation and "\\\\" between two; the break after a first
one-row derivation and before a last one-row derivation is taken away in a block of four derivations or more."""

from __future__ import annotations

import re

from helpers import run_symbp
from symbp.render.blocks import BETWEEN, INSIDE, block


def _rows(n: int) -> list[dict]:
    return [{"lhs": "x", "lead": "=", "body": str(i), "note": None} for i in range(n)]


def test_a_block_of_one_row_derivations_keeps_its_first_and_last_rows_with_their_neighbours():
    seps = [row["sep"] for row in block(*[_rows(1) for _ in range(5)])]
    assert seps == [INSIDE, BETWEEN, BETWEEN, INSIDE, ""]


def test_a_short_block_keeps_its_breaks():
    assert [row["sep"] for row in block(*[_rows(1) for _ in range(3)])] == [BETWEEN, BETWEEN, ""]


def test_a_derivation_of_several_rows_is_no_widow():
    seps = [row["sep"] for row in block(_rows(2), _rows(1), _rows(1), _rows(2))]
    assert seps == [INSIDE, BETWEEN, BETWEEN, BETWEEN, INSIDE, ""]  # (its own rows held together, its breaks kept)


def test_the_worked_solutions_update_block_holds_its_last_row(tmp_path):
    done = run_symbp("derive", "--example", "nn231", "--format", "tex", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    update = done.stdout.split("Gradient descent update", 1)[1].split("\\end{align*}", 2)
    for part in update[:2]:  # (layer 2's four rows, layer 1's nine)
        rows = [line for line in part.split("\\begin{align*}")[-1].strip().splitlines() if "&" in line]
        assert len(rows) >= 4
        assert rows[0].endswith("\\\\*") and rows[-2].endswith("\\\\*"), rows
        assert any(re.search(r" \\\\$", row) for row in rows[1:-2]), rows  # (the page may break in between)


def test_rows_of_matrices_keep_their_breaks():
    """(held together, tall rows overfilled a page of the widest layers: test_print caught it)"""
    rows = [_rows(1) for _ in range(5)]
    rows[0][0]["body"] = rows[-1][0]["body"] = r"\begin{bmatrix}1 \\ 2\end{bmatrix}"
    assert [row["sep"] for row in block(*rows)] == [BETWEEN, BETWEEN, BETWEEN, BETWEEN, ""]
