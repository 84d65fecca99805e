"""sheet.overview gives each block's cells row by row ("cells": per block, per variant, its columns'
cells in the block's order): the template walks them without indexing each column."""

from __future__ import annotations

from symbp.render.sheet import overview


def test_the_cells_of_each_row_are_its_columns_cells():
    def entry(name: str, text: str) -> dict:
        return {"name": name, "symbol": name, "headline": True, "text": text, "approx": False, "exact": None}

    summaries = [[{"entries": [entry(f"q{k}", f"{v}.{k}") for k in range(30)]}] for v in range(3)]
    table = overview(summaries, [1, 2, 3])
    assert len(table["blocks"]) > 1  # (30 columns: more than one block)
    for block, cells in zip(table["blocks"], table["cells"], strict=True):
        assert [[cell["text"] for cell in row] for row in cells] == \
            [[f"{v}.{column['name'][1:]}" for column in block] for v in range(3)]
