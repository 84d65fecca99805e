"""A block of a split matrix is labelled with its range of columns (rows), and a block of one
column (row) with that column alone: "column k = 63", not "columns k = 63…63" (review 33)."""

from __future__ import annotations

from symbp.render.templates import render_template


def _piece(columns, row_range=None):
    return {"kind": "W", "l": 2, "columns": columns, "row_range": row_range, "relation": "=", "rows": [["0.5"]]}


def _label(piece) -> str:
    text = render_template("tex/network-matrices.tex.jinja", None, network={"matrices": [[piece]]})
    return text[text.index("(") + 1:text.index(")")]


def test_a_block_of_several_columns_names_its_range():
    assert _label(_piece((56, 62))) == r"\text{columns } k = 56 \ldots 62"


def test_a_block_of_one_column_names_that_column():
    assert _label(_piece((63, 63))) == r"\text{column } k = 63"


def test_a_block_of_one_row_names_that_row():
    assert _label(_piece((0, 3), (5, 5))) == r"\text{row } j = 5,\ \text{columns } k = 0 \ldots 3"
