"""The record name of every entry a vector or matrix derivation prints, in the order of its text.

In:  the names of a derivation's matrices and vectors (rows of names, shaped as the printed entries)
     and the column blocks its text splits a wide one into (rows.column_ranges, rows.product_bounds).
Out: the names in the order their entries stand in the derivation's joined text, set on its last row
     as "entries" (`with_entries`): the reader of the printed text (readback_entries.py) compares each
     printed entry with the value recorded for its name, and the result's relation sign with theirs.
"""

from __future__ import annotations


def split_order(names: list[list[str]], bounds: list[tuple[int, int]]) -> list[str]:
    """A matrix written in blocks of columns (rows.split_matrix): each block row by row."""
    return [name for a, b in bounds for row in names for name in row[a:b]]


def product_order(matrix: list[list[str]], vector: list[str], bounds: list[tuple[int, int]]) -> list[str]:
    """matrix · vector in column blocks (rows.products): each block's matrix row by row, then its part
    of the vector."""
    return [name for a, b in bounds for name in [n for row in matrix for n in row[a:b]] + vector[a:b]]


def with_entries(rows: list[dict], *parts) -> list[dict]:
    """The derivation's rows, its last one told the names of its entries (`parts`: lists of names in
    the order of the text, joined); the rows of exact values under it (calculator mode) are no part
    of its text."""
    last = next(row for row in reversed(rows) if "exact" not in row)
    last["entries"] = [name for part in parts for name in part]
    return rows
