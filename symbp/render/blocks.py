"""Aligned blocks of a typeset worked solution (LaTeX and Markdown): printed lines -> rows.

One block per layer and step: every derivation of the layer in one alignment.  A derivation's
rows are held together (`sep` "\\\\*": no page break inside it); a page may break only between
two derivations ("\\\\").  Rows come from `rows.pack` (measured widths); matrices from
`rows.products` / `rows.split_matrix`.  Each row: {"lhs", "lead", "body", "sep", "note"}; the
note of a derivation's last row is what the templates write after it: {"line": line} (its
exact value and mark) or {"vector"/"matrix": exact values}.
"""

from __future__ import annotations

from .measure import math_width_cm
from .rows import LINE_CM, pack, products, split_matrix, vector

NOTE_CM = 3.2  # "(exact: ≈ …)" beside a result
MARK_CM = 3.5  # a mark of `check` beside a result


def line_rows(line: dict, room: float = LINE_CM) -> list[dict]:
    """The rows of one printed line: lhs = chain = unsimplified = symbolic = substituted ≈ result."""
    pieces = [("=", line[key]) for key in ("chain", "unsimplified", "symbolic", "substituted") if line.get(key)]
    pieces.append(("≈" if line["approx"] else "=", line["result"]))
    extra = (NOTE_CM + math_width_cm(line["exact"]["text"]) if line.get("exact") else 0) + (MARK_CM if line.get("mark") else 0)
    rows = pack(line["lhs"], pieces, room - extra)
    rows[-1]["note"] = {"line": line}
    return rows


def derivative_rows(d: dict, room: float = LINE_CM) -> list[dict]:
    """f'(z) = a(1 − a) = 0.6·(1 − 0.6) = 0.24 (through the output where the activation has that form)."""
    pieces = [("=", d["via_output"]["symbolic"]), ("=", d["via_output"]["substituted"])] if d["via_output"] else [("=", d["substituted"])]
    pieces.append(("≈" if d["approx"] else "=", d["result"]))
    rows = pack(d["lhs"], pieces, room - (NOTE_CM if d.get("exact") else 0))
    rows[-1]["note"] = {"line": d}
    return rows


def block(*derivations: list[dict]) -> list[dict]:
    """Derivations (each a list of rows) as one alignment: "\\\\*" inside a derivation, "\\\\"
    between two, nothing after the last row."""
    out: list[dict] = []
    for rows in derivations:
        if not rows:
            continue
        if out:
            out[-1]["sep"] = r"\\"
        for row in rows:
            row.setdefault("note", None)
            row["sep"] = r"\\*"
            if out and out[-1]["sep"] == r"\\*" and _tall(out[-1]) and _tall(row):
                out[-1]["sep"] = r"\\"  # two rows of matrices: a page may break between them
            out.append(row)
    if out:
        out[-1]["sep"] = ""
    return out


def product_rows(lhs: str, symbolic: str, matrix, vector_items, tail: list[tuple[str, str]],
                 note=None, room: float = LINE_CM) -> list[dict]:
    """lhs = symbolic = M v (in column blocks when wide) + tail pieces, packed by width."""
    room_beside = room - math_width_cm(lhs)
    blocks = products(matrix, vector_items, room_beside - 1.0)
    pieces = [("=", symbolic), ("=", blocks[0])] + [("+", b) for b in blocks[1:]] + tail
    return with_exact_rows(pack(lhs, pieces, room), note, 1, room_beside)


def with_exact_rows(rows: list[dict], note, columns: int, room: float) -> list[dict]:
    """A vector's or matrix's exact values (calculator mode) as rows of their own under it
    (marked `exact` for the template), a matrix split like the result."""
    items = (note or {}).get("vector") or (note or {}).get("matrix")
    if not items:
        rows[-1]["note"] = None
        return rows
    shaped = [items[i:i + columns] for i in range(0, len(items), columns)]
    for n, (_, piece) in enumerate(split_matrix(shaped, room - 3.0)):
        rows.append({"lhs": "", "lead": "", "body": piece, "last": False, "note": None, "exact": n == 0})
    rows[-1]["last"] = True
    return rows


def matrix_rows(lhs: str, symbolic: str, relation: str, matrix, note=None, tail=(), room: float = LINE_CM) -> list[dict]:
    """lhs = symbolic ≈ matrix (split into blocks of columns, one under the other, when wide)."""
    room_beside = room - math_width_cm(lhs)
    blocks = split_matrix(matrix, room_beside - 1.5)
    pieces = [("=", symbolic), (relation, blocks[0][1])] + [("", b) for _, b in blocks[1:]]
    return with_exact_rows(pack(lhs, pieces + list(tail), room), note, len(matrix[0]), room_beside)


def _tall(row: dict) -> bool:
    return r"\begin{" in row["body"] and row["body"].count(r"\\") >= TALL_ROWS


TALL_ROWS = 6  # a matrix row this many lines high may be followed by a page break


def vector_tex(items) -> str:
    return vector(list(items))
