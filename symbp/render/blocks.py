"""Aligned blocks of a typeset worked solution (LaTeX and Markdown): printed lines -> rows.

One block per layer and step: every derivation of the layer in one alignment.  A derivation's
rows are held together (`sep` "\\\\*": no page break inside it); a page may break only between
two derivations ("\\\\").  Rows come from `rows.pack` (measured widths); matrices from
`rows.products` / `rows.split_matrix`.  Each row: {"lhs", "lead", "body", "sep", "note"} (a block's
first row also "first"); the note of a derivation's last row is what the templates write after
it: {"line": line} (its exact value and mark; the row also "noted" where it has either: `noted`)
or None.
"""

from __future__ import annotations

from .measure import math_width_cm
from .entry_names import product_order, split_order, with_entries
from .rows import LINE_CM, bmatrix, column_ranges, pack, prefix, product_bounds, products, sign_of, split_matrix, vector

NOTE_CM = 3.2  # "(exact: ≈ …)" beside a result
MARK_CM = 3.5  # a mark of `check` beside a result


def line_rows(line: dict, room: float = LINE_CM) -> list[dict]:
    """The rows of one printed line: lhs = chain = unsimplified = symbolic = substituted ≈ result (made
    with the line, where it says so: its "rows", taken once, `noted` already, line_program.py)."""
    if room == LINE_CM:
        rows = line.pop("rows", None)
        if rows is not None:
            line.pop("rows_text", None)
            return rows
    chain, unsimplified, symbolic, substituted = line.get("chain"), line.get("unsimplified"), line.get("symbolic"), line.get("substituted")
    pieces = []
    if chain:
        pieces.append(("=", chain))
    if unsimplified:
        pieces.append(("=", unsimplified))
    if symbolic:
        pieces.append(("=", symbolic))
    fixed = len(pieces)  # the symbolic parts: the same in every variant (their rows are kept)
    if substituted:
        pieces.append(("=", substituted))
    pieces.append((sign_of(line["approx"]), line["result"]))
    exact, mark = line.get("exact"), line.get("mark")
    if exact or mark:  # (room − 0 is room)
        room -= (NOTE_CM + math_width_cm(exact["text"]) if exact else 0) + (MARK_CM if mark else 0)
    return noted(pack(line["lhs"], pieces, room, fixed), line)


def line_block(items: list) -> list[dict]:
    """`block` of printed lines (each as `line_rows` makes its rows) and derivations made otherwise (lists
    of rows), at once where each has its LaTeX text — a line whose program made its rows and their text
    (line_program.py: its last row's separator already "\\\\"), a derivation without notes whose rows
    `block` holds together (`derivation_text`): the block's text (`_joined`'s) joined from theirs; else as
    `block` makes it."""
    derivations, texts = [], []
    for item in items:
        if type(item) is dict:  # a printed line
            text = item.pop("rows_text", None)
            derivations.append(line_rows(item) if text is None else item.pop("rows"))
        else:
            text = derivation_text(item)
            if text is not None:
                for row in item:
                    row["sep"] = INSIDE
                    if "note" not in row:
                        row["note"] = None
                item[-1]["sep"] = BETWEEN
            derivations.append(item)
        texts.append(text)
    if not texts or None in texts:
        return block(*derivations)
    out = [row for rows in derivations for row in rows]
    _no_widows(out, [(rows[-1], len(after)) for rows, after in zip(derivations, derivations[1:])])
    first = out[0]
    first["first"] = True
    out[-1]["sep"] = ""
    if len(derivations[0]) > 1:  # (the block's \pagemark{follow} goes after its first row)
        _joined(out)
        return out
    text = texts[0]
    first["head"] = _BEGIN + text
    first["tail"] = "".join(ENDS[rows[-1]["sep"]] + after for rows, after in zip(derivations, texts[1:])) + ENDS[""] + _END
    return out


def derivation_text(rows: list[dict]) -> str | None:
    """The LaTeX text of one derivation's rows where `block` holds them together ("\\\\*" after each but
    the last: no row a matrix, within GLUED_MAX_CM) and none has a note or holds exact values; else None."""
    if not rows:
        return None
    glued = 0.0
    for row in rows:
        if "noted" in row or "exact" in row or "matrix}" in row["body"] or glued + ONE_LINE_CM > GLUED_MAX_CM:
            return None
        glued += ONE_LINE_CM
    return ENDS[INSIDE].join([row_text(row) for row in rows])


def derivative_rows(d: dict, room: float = LINE_CM) -> list[dict]:
    """f'(z) = a(1 − a) = 0.6·(1 − 0.6) = 0.24 (through the output where the activation has that form)."""
    pieces = [("=", d["via_output"]["symbolic"]), ("=", d["via_output"]["substituted"])] if d["via_output"] else [("=", d["substituted"])]
    pieces.append((sign_of(d["approx"]), d["result"]))
    rows = pack(d["lhs"], pieces, room - (NOTE_CM if d.get("exact") else 0), 1 if d["via_output"] else 0)
    return noted(rows, d)


def noted(rows: list[dict], line: dict) -> list[dict]:
    """`rows` of a line with its note on the last: {"line": the line}, and that row "noted" where the
    line has an exact value or a mark to write beside it (most have neither: the template then
    writes nothing, without calling its note macro)."""
    last = rows[-1]
    last["note"] = {"line": line}
    if line.get("exact") or line.get("mark"):
        last["noted"] = True
    return rows


def block(*derivations: list[dict]) -> list[dict]:
    """Derivations (each a list of rows) as one alignment: "\\\\*" inside a derivation, "\\\\"
    between two, nothing after the last row; in LaTeX also its text (`_joined`) where no row is a row
    of exact values."""
    out: list[dict] = []
    plain = True  # no row of exact values
    breaks: list[tuple[dict, int]] = []  # (the row a derivation ends on, the rows of the next one) where a page may break
    for rows in derivations:
        if not rows:
            continue
        if out:
            out[-1]["sep"] = BETWEEN
            breaks.append((out[-1], len(rows)))
        glued = 0.0  # the height held together since the last row a page may break after
        for row in rows:
            if "note" not in row:
                row["note"] = None
            if plain and "exact" in row:
                plain = False
            row["sep"] = INSIDE
            body = row["body"]
            height = ONE_LINE_CM if "matrix}" not in body else row_height_cm(body)  # (row_height_cm's common case)
            if glued + height > GLUED_MAX_CM and out and out[-1]["sep"] == INSIDE:
                out[-1]["sep"] = BETWEEN  # rows of tall matrices: a page may break between them
                glued = 0.0
            glued += height
            out.append(row)
    _no_widows(out, breaks)
    if out:
        out[0]["first"] = True  # (the row the template puts the block's \pagemark{follow} on)
        out[-1]["sep"] = ""
        if plain:
            _joined(out)
    return out


def _no_widows(rows: list[dict], breaks: list) -> None:
    """No derivation of one row alone at the top or the foot of a page where the block has more: the break after
    the first one-row derivation and before the last are taken away (a worked solution's page 4 began with the
    update's last row, b_2^1: stop 64's lecture-notes author).  A block of three derivations or fewer keeps its
    breaks (it is short), and so do rows of matrices (tall: held together they overfilled a page, test_print)."""
    if len(breaks) < 3:
        return
    first_row, _ = breaks[0]
    last_row, last_size = breaks[-1]
    if first_row is rows[0] and _low(rows[0], rows[1]):  # (the first derivation is one row)
        first_row["sep"] = INSIDE
    if last_size == 1 and _low(last_row, rows[-1]):
        last_row["sep"] = INSIDE


def _low(*pair: dict) -> bool:
    """Whether two rows are of one line each (no matrix): held together, they never make a page overfull."""
    return all("matrix}" not in row["body"] for row in pair)


INSIDE, BETWEEN = r"\\*", r"\\"  # a row's separator inside a derivation (no page break), between two
# a row's lead as the LaTeX alignment writes it (templates read these too: the global `leads`, render/templates.py)
LEADS = {"=": "=", "≈": r"\approx", "≈†": r"\approx^{\dagger}", "+": r"\qquad +", "-": r"\qquad -", "": r"\qquad"}
ENDS = {"": "\n", BETWEEN: " \\\\\n", INSIDE: " \\\\*\n"}  # a row's separator and the line's end
_BEGIN, _END = "\\begin{align*}\n", "\\end{align*}"


def row_text(row: dict) -> str:
    """A row as the LaTeX alignment writes it, up to its note and separator."""
    return f"{row['lhs']} &{LEADS[row['lead']]} {row['body']}"


def _joined(rows: list[dict]) -> None:
    """A block's LaTeX alignment as texts on its first row (a block without rows of exact values: most
    blocks) — what the template's block macro writes of its rows, made here in one pass (the macro's
    loop reads ~8 keys a row; a worksheet's key has ~60 rows a variant): "head", up to the first row's
    note and the block's \\pagemark{follow}, which the template writes after it, and the rest: "tail", or
    where a later row has a note (written by the template's note macro, with its words), "pieces": [(text
    up to a note, the note), …, (the text after the last, None)]."""
    first = rows[0]
    first["head"] = _BEGIN + row_text(first)
    text, pieces = ENDS[first["sep"]], []
    for row in rows[1:]:
        if "noted" in row:
            pieces.append((text + row_text(row), row["note"]))
            text = ENDS[row["sep"]]
        else:
            text += row_text(row) + ENDS[row["sep"]]
    if pieces:
        pieces.append((text + _END, None))
        first["pieces"] = pieces
    else:
        first["tail"] = text + _END


def product_rows(lhs: str, symbolic: str, matrix, vector_items, tail: list[tuple[str, str]],
                 note=None, room: float = LINE_CM, names=None) -> list[dict]:
    """lhs = symbolic = M v (in column blocks when wide) + tail pieces, packed by width; `names`: the
    names of M's entries, of v's and of the tail's (entry_names.py)."""
    room_beside = room - math_width_cm(lhs)
    bounds = product_bounds(matrix, vector_items, room_beside - 1.0)
    blocks = products(matrix, vector_items, room_beside - 1.0, bounds)
    pieces = [("=", symbolic), ("=", blocks[0])] + [("+", b) for b in blocks[1:]] + tail
    rows = with_exact_rows(pack(lhs, pieces, room), note, 1, room_beside)
    return rows if names is None else with_entries(rows, product_order(names[0], names[1], bounds), names[2])


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


def matrix_rows(lhs: str, symbolic: str, relation: str, matrix, note=None, tail=(), room: float = LINE_CM,
                names=None) -> list[dict]:
    """lhs = symbolic ≈ matrix (split into blocks of columns, one under the other, when wide); `names`:
    its entries' names, shaped as `matrix` (entry_names.py; no tail then)."""
    room_beside = room - math_width_cm(lhs)
    bounds = column_ranges(matrix, room_beside - 1.5)
    blocks = split_matrix(matrix, room_beside - 1.5, bounds)
    pieces = [("=", symbolic), (relation, blocks[0][1])] + [("", b) for _, b in blocks[1:]]
    rows = with_exact_rows(pack(lhs, pieces + list(tail), room), note, len(matrix[0]), room_beside)
    return rows if names is None or tail else with_entries(rows, split_order(names, bounds))


def difference_rows(lhs: str, symbolic: str, relation: str, left, right, result, scale: str, note=None, names=None,
                    side_by_side: bool = True, room: float = LINE_CM) -> list[dict]:
    """lhs = symbolic = [left] − scale [right] ≈ [result] (matrices of printed numbers, each whole: a
    caller cuts a wide one into blocks of columns), the exact values under it (calculator mode);
    `names`: of left's, right's and result's entries, each shaped as its matrix (entry_names.py);
    `side_by_side`: the three kept on one row (else each may begin a row of its own)."""
    numbers = f"{bmatrix(left)} - {scale} {bmatrix(right)}"
    return numbers_rows(lhs, symbolic, relation, numbers, result, note, names, side_by_side, room)


def numbers_rows(lhs: str, symbolic: str, relation: str, numbers: str, result, note=None, names=None,
                 side_by_side: bool = True, room: float = LINE_CM) -> list[dict]:
    """lhs = symbolic = numbers ≈ [result]: `numbers` the printed operands (matrices of numbers and
    their operators), the rest as `difference_rows`; `names`: of the operands' entries and the
    result's, each shaped as its matrix, in the order of the text."""
    if side_by_side:
        pieces = [("=", symbolic), ("=", numbers + prefix(relation) + bmatrix(result))]
    else:
        pieces = [("=", symbolic), ("=", numbers), (relation, bmatrix(result))]
    rows = with_exact_rows(pack(lhs, pieces, room), note, len(result[0]), room - math_width_cm(lhs))
    return rows if names is None else with_entries(rows, *([name for row in part for name in row] for part in names))


def block_sign(each: list, r: tuple[int, int], columns: int = 1) -> str:
    """The relation sign before rows r of a vector or matrix result: its own lines' (`Lines.relate_each`),
    not the whole result's (a block of rows is a derivation of its own, read back on its own)."""
    return sign_of(max(rows_of(each, r, columns), default=False))


ROWS_MAX = 32  # a matrix or vector with more rows is written in blocks of rows (one per page at most)


def row_ranges(n: int) -> list[tuple[int, int]]:
    """Blocks of rows of (nearly) equal size, at most ROWS_MAX each: [(first, last + 1), …]."""
    parts = -(-n // ROWS_MAX)
    size = -(-n // parts)
    return [(a, min(a + size, n)) for a in range(0, n, size)]


def span_label(r: tuple[int, int]) -> str:
    """Indices r[0] to r[1] − 1 as a subscript writes them: 32…63 (\\ldots), or 5 alone for one index."""
    return str(r[0]) if r[1] - r[0] == 1 else rf"{r[0]}\ldots {r[1] - 1}"


def rows_label(r: tuple[int, int], n: int, matrix: bool = False) -> str:
    """The subscript naming rows r of a vector (_{32…63}, _{5}) or matrix (_{32…63,:}); "" for all rows."""
    if r == (0, n):
        return ""
    return "_{" + span_label(r) + (r",\,:" if matrix else "") + "}"


def exact_part(exact, indices) -> list | None:
    """The exact values (Lines.notes) at `indices`, or None where none of them differs from its carried
    value: a block of a wide matrix whose printed numbers are all exact prints no "exact:" copy of itself."""
    indices = list(indices)
    if not exact or not any(getattr(exact, "differs", [True] * len(exact))[i] for i in indices):
        return None
    return [exact[i] for i in indices]


def exact_rows(exact, r: tuple[int, int], columns: int = 1) -> list | None:
    """`exact_part` of rows r of a vector or of a row-by-row list of a matrix's entries."""
    return exact_part(exact, range(r[0] * columns, r[1] * columns))


def rows_of(items, r: tuple[int, int], columns: int = 1):
    """Rows r of a vector, a matrix (a list of rows) or a row-by-row list of a matrix's entries."""
    if items is None:
        return None
    return items[r[0] * columns:r[1] * columns]


GLUED_MAX_CM = 12.0  # the rows of one derivation held on one page, at most (then a break between two)
ROW_CM = 0.5  # a line of a matrix, and a row of an alignment


def row_height_cm(body: str) -> float:
    """The height of an alignment row: its tallest matrix (one line per row of it), or one line."""
    if "matrix}" not in body:  # (most rows: a line of numbers)
        return ONE_LINE_CM
    import re

    lines = [m.group(1).count(r"\\") + 1 for m in re.finditer(r"\\begin\{b?matrix\}(.*?)\\end\{b?matrix\}", body)]
    return ROW_CM * max(lines, default=1) + 0.2


ONE_LINE_CM = ROW_CM * 1 + 0.2


def vector_tex(items) -> str:
    return vector(list(items))
