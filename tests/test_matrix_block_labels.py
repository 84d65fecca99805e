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


# The worked solution's split matrices (render/blocks.rows_label, update_matrix.block_label): a block of
# one column or row is subscripted with its index alone, _{:,\,0}, not _{:,\,0\ldots 0} (soak 42: the
# one-column blocks of ∂L/∂W² in a 3-4-2-1 net printed with --detail matrix, 6 digits, three steps).
SPLIT = {"layers": [3, 4, 2, 1], "loss": "half_sse", "steps": 3, "learning_rate": "0.5",
         "input": ["0.7", "-1.3", "-0.8"], "target": ["0.5"],
         "layer": [{"activation": "sigmoid", "biases": ["-0.3", "0.8", "-0.3", "-0.3"],
                    "weights": [["-0.9", "0.2", "0.4"], ["-0.3", "0.3", "0.6"], ["1.0", "-0.6", "-0.6"],
                                ["0.4", "-0.2", "-0.9"]]},
                   {"activation": "sigmoid", "biases": ["0.5", "-0.6"],
                    "weights": [["0.1", "-0.4", "-0.4", "0.5"], ["-0.6", "-0.5", "-0.4", "-0.5"]]},
                   {"activation": "relu", "bias": False, "weights": [["0.5", "-0.2"]]}]}


def test_a_one_column_block_of_the_worked_solution_is_subscripted_with_its_index():
    import re

    from symbp.pipeline import derive_solution
    from symbp.render import render
    from symbp.spec import spec_from_dict

    solution, report = derive_solution(spec_from_dict(SPLIT), round_to=6, symbolic=False, detail="matrix")
    tex = render("tex", solution, report, detail="matrix", digits=6)
    columns = re.findall(r"\\right\)_\{:,\\,(\d+)\}", tex)  # (∂L/∂W)_{:,\,k}: one block a column
    assert sorted(set(columns)) == ["0", "1", "2", "3"]
    assert not re.search(r"(\d+)\\ldots \1(?!\d)", tex)  # no range from an index to itself
