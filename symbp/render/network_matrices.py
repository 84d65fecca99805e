"""The weights and biases of a network as matrices, packed into display lines that fit the text
width (beside a drawing without numbers, and in a worksheet's givens: tex/network-matrices.tex.jinja).
`given_text` is a given's printed text, for the drawing's labels too (render/network.py).
"""

from __future__ import annotations

import math

from .. import names
from ..numbers import format_decimal, terminates
from .blocks import row_ranges
from .measure import PT_CM, TEXT_WIDTH_CM, text_width_cm
from .stated import relation
from .worked_forward import given_shown

MATRIX_PT = 11.0  # the document's size: matrices beside the drawing and in the givens


LINE_CM = TEXT_WIDTH_CM - 0.5  # what a display line may hold
COLUMN_SEP_CM = 10 * PT_CM  # 2 × \arraycolsep
PIECE_SEP_CM = 1.01  # a comma and \qquad between pieces (28.6 pt in pdflatex; 0.9 let a 3-4-2 sheet's givens run 11 pt over)
# "=" between a matrix's label and its brackets: a relation's thick spaces (5 mu each side at 11 pt), and the math
# italic W's width beyond the digit text_width_cm counts for it (W^{1} = measured 0.99 cm in pdflatex, 0.66 estimated)
RELATION_SPACE_CM = 2 * 5 / 18 * MATRIX_PT * PT_CM
WIDE_LETTER_CM = {"W": (0.944 - 0.5) * MATRIX_PT * PT_CM}


def layer_givens(spec, lines) -> list[tuple[list[list[dict]], list[dict]]]:
    """Per layer l = 1…: its weights' `given_text`s, row by row, and its biases' ([] without biases)
    — worked out once for the drawing's labels and its matrices."""
    return [([[given_text(lines, names.name("w", l, (j, k)), w) for k, w in enumerate(row)]
              for j, row in enumerate(layer.weights)],
             [given_text(lines, names.name("b", l, (j,)), b) for j, b in enumerate(layer.biases)] if layer.has_bias else [])
            for l, layer in enumerate(spec.layers, start=1)]


def matrix_lines(spec, lines, givens=None) -> list[list[dict]]:
    """W^l (split into column blocks when wider than a line) and b^l of every layer, packed into
    display lines: a list of lines, each a list of pieces {kind: "W"|"b", l, rows, columns, relation}
    (relation: "\\approx" where a given is printed rounded, else "=").
    A layer's W and b share a line whenever they fit on one.  `givens`: `layer_givens`'s, if known."""
    out: list[list[dict]] = []
    used = LINE_CM
    for (l, layer), (weights, biases) in zip(enumerate(spec.layers, start=1), givens or layer_givens(spec, lines)):
        pieces = _weight_blocks(l, [[w["text"] for w in row] for row in weights])
        if layer.has_bias:
            column = [[b["text"]] for b in biases]
            pieces.append({"kind": "b", "l": l, "rows": column, "columns": None,
                           "width": _matrix_width(column, f"b^{{{l}}}")})
        relations = {"W": relation(any(w["approx"] for row in weights for w in row), "tex"),
                     "b": relation(any(b["approx"] for b in biases), "tex")}
        pieces = [dict(block, relation=relations[block["kind"]]) for piece in pieces for block in _row_blocks(piece)]
        together = sum(p["width"] for p in pieces) + PIECE_SEP_CM * (len(pieces) - 1)
        if together <= LINE_CM and used + PIECE_SEP_CM + together > LINE_CM:
            out.append([])
            used = -PIECE_SEP_CM
        for piece in pieces:
            if used + PIECE_SEP_CM + piece["width"] > LINE_CM:
                out.append([])
                used = -PIECE_SEP_CM
            out[-1].append(piece)
            used += PIECE_SEP_CM + piece["width"]
    return out


def given_text(lines, key: str, value) -> dict:
    """{"text", "approx"} of a given as a worked solution's lines print it (`Lines.printed_value`,
    guard digits included: one printed form per quantity), or, drawing a spec alone (`lines` a
    printer) or a given that does not terminate (1/3), as `lines.number` prints it ("≈" where
    rounded, as render/stated.py's `matrix_relation`).  A worked solution's are kept by its Lines
    (`given_shown`): the drawing's label and matrix entry of a given are worked out once."""
    if getattr(lines, "plan", None) is not None and terminates(value):
        return given_shown(lines, key, value)
    return {"text": lines.number(value), "approx": format_decimal(value, lines.digits).rounded}


def _row_blocks(piece: dict) -> list[dict]:
    """A piece taller than blocks.ROWS_MAX rows as blocks of rows (labelled rows j = a…b)."""
    n = len(piece["rows"])
    ranges = row_ranges(n)
    if len(ranges) == 1:
        return [dict(piece, row_range=None)]
    return [dict(piece, rows=piece["rows"][a:b], row_range=(a, b - 1), width=piece["width"] + 2.5) for a, b in ranges]


def _matrix_width(rows, label: str) -> float:
    columns = len(rows[0])
    widest = [max([text_width_cm(text, MATRIX_PT) for text in column]) for column in zip(*rows)]
    label_cm = text_width_cm(label + "=", MATRIX_PT) + RELATION_SPACE_CM + WIDE_LETTER_CM.get(label[0], 0.0)
    return label_cm + sum(widest) + (columns - 1) * COLUMN_SEP_CM + 0.6


def _weight_blocks(l: int, rows) -> list[dict]:
    """W^l as one piece, or in the fewest blocks of (nearly) equal numbers of columns that fit a line."""
    label = f"W^{{{l}}}"
    columns = len(rows[0])
    width = _matrix_width(rows, label)
    if width <= LINE_CM:
        return [{"kind": "W", "l": l, "rows": rows, "columns": None, "width": width}]
    label += r"\ (\text{columns } k = 00 \ldots 00)"
    for parts in range(2, columns + 1):
        size = math.ceil(columns / parts)
        bounds = [(start, min(start + size, columns)) for start in range(0, columns, size)]
        blocks = [[r[a:b] for r in rows] for a, b in bounds]
        if all(_matrix_width(block, label) <= LINE_CM for block in blocks):
            break
    return [{"kind": "W", "l": l, "rows": block, "columns": (a, b - 1), "width": _matrix_width(block, label)}
            for block, (a, b) in zip(blocks, bounds)]
