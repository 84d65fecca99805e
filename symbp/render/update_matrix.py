"""Step ⑥ in matrix form: a layer's update quantities and its printed lines -> the data of
W^l@(t+1) = W^l@t − α·∂L/∂W^l@t = [W] − α·[∂L/∂W] ≈ [W@(t+1)] and b^l likewise.

Each entry is worked out from the numbers its own line would put in (the update's formula p − α·g:
the printed W, α and ∂L/∂W, guard digits included — exact key — or the carried ones — calculator
key — as a line per parameter has them), so the three matrices follow by hand entry by entry.  For
LaTeX and Markdown one aligned block: a matrix too wide for the three side by side is written in
blocks of columns, W_{:,0…3}@(t+1) = W_{:,0…3} − α (∂L/∂W)_{:,0…3} = …, one derivation each, where
one alone does not fit a row (and in blocks of rows beyond blocks.ROWS_MAX rows); plain text puts the
three side by side.  Plain text
also gets `read`: what its reader (readback_text.py) works out of the printed fields.
"""

from __future__ import annotations

from .. import derivation_quantities as D
from .blocks import block, difference_rows, exact_part, exact_rows, row_ranges, rows_label, rows_of, span_label
from .measure import math_width_cm
from .relations import formula_refs, shown_formula
from .rows import LINE_CM, matrix_width, sign_of
from .text_reading import update_reading
from .worked_forward import relate_each, superscript


def matrix_update(spec, lines, l: int, step: int, quantities) -> dict:
    """The data of layer l's update in matrix form (see the module docstring)."""
    weights = [q for q in quantities if q.kind == D.WEIGHT_UPDATE]
    biases = [q for q in quantities if q.kind == D.BIAS_UPDATE]
    width = spec.widths[l - 1]
    rows = [weights[j * width:(j + 1) * width] for j in range(spec.widths[l])]
    w_in = [[_inputs(q) for q in row] for row in rows]  # (p, α, g) of each entry
    b_in = [_inputs(q) for q in biases]
    matrix = {
        # each printed entry's name, for the reader of the printed text (entry_names.py)
        "names": {"weights": [[q.name for q in row] for row in rows], "biases": [q.name for q in biases],
                  "old": [[p for p, _, _ in row] for row in w_in], "gradient": [[g for _, _, g in row] for row in w_in],
                  "old_biases": [p for p, _, _ in b_in], "gradient_biases": [g for _, _, g in b_in]},
        "weights": [lines.shown_all(q.name for q in row) for row in rows],
        "weights_each": (weights_each := relate_each(lines, weights)),
        "weights_approx": max(weights_each, default=False),
        "weights_exact": lines.notes(q.name for q in weights),
        "biases": lines.shown_all(q.name for q in biases) if biases else None,
        "biases_each": (biases_each := relate_each(lines, biases)),
        "biases_approx": max(biases_each, default=False),
        "biases_exact": lines.notes(q.name for q in biases) if biases else None,
        # the numbers each entry is worked out from (after its relation is recorded: the plan's digits)
        "old": [lines.shown_all(p for p, _, _ in row) for row in w_in],
        "gradient": [lines.shown_all(g for _, _, g in row) for row in w_in],
        "old_biases": lines.shown_all(p for p, _, _ in b_in) if biases else None,
        "gradient_biases": lines.shown_all(g for _, _, g in b_in) if biases else None,
        "rate": lines.shown(w_in[0][0][1]),
        # W^l@(t+1) = W^l@t − α·∂L/∂W^l@t in the page's notation
        "superscripts": {"new": superscript(l, None, step + 1, lines.fmt), "old": superscript(l, None, step, lines.fmt)},
    }
    if lines.fmt == "text":
        matrix["read"] = update_reading(matrix)  # (for the plain-text reader, readback_text.py)
    return matrix


def _inputs(q) -> tuple[str, str, str]:
    """(p, α, g) of a plain update p − α·g (its formula's quantities, in order)."""
    p, rate, g = formula_refs(shown_formula(q.formula))
    return p, rate, g


def update_block(l: int, step: int, m: dict) -> list[dict]:
    """The typeset rows: per block of rows (ROWS_MAX) and of columns (the three matrices side by side
    fit a row), W@(t+1) = W − α ∂L/∂W = [W] − α [∂L/∂W] ≈ [W@(t+1)]; then b likewise."""
    new, old = superscript(l, None, step + 1), superscript(l, None, step)
    n, columns = len(m["weights"]), len(m["weights"][0])
    ns, rate = m["names"], m["rate"]
    out = []
    for r in row_ranges(n):
        parts = [rows_of(m[key], r) for key in ("old", "gradient", "weights")]
        bounds, side_by_side = column_blocks(parts, (rf" - {rate} ", r" \approx "), f"W^{{{new}}}", (r, n))
        for c in bounds:
            label = block_label(r, n, c, columns)
            gradient = rf"\frac{{\partial L}}{{\partial W^{{{old}}}}}"
            gradient = rf"\left({gradient}\right){label}" if label else gradient
            cut = [[row[c[0]:c[1]] for row in part] for part in parts]
            each = [m["weights_each"][j * columns + k] for j in range(*r) for k in range(*c)]
            exact = m["weights_exact"]
            note = {"matrix": exact_part(exact, [j * columns + k for j in range(*r) for k in range(*c)])}
            names = [[row[c[0]:c[1]] for row in rows_of(ns[key], r)] for key in ("old", "gradient", "weights")]
            out.append(difference_rows(f"W^{{{new}}}{label}", rf"W^{{{old}}}{label} - \alpha {gradient}",
                                       sign_of(max(each, default=False)), *cut, rate, note, names, side_by_side))
    if m["biases"]:
        for r in row_ranges(n):
            sub = rows_label(r, n)
            gradient = rf"\frac{{\partial L}}{{\partial b^{{{old}}}}}"
            gradient = rf"\left({gradient}\right){sub}" if sub else gradient
            parts = [[[v] for v in rows_of(m[key], r)] for key in ("old_biases", "gradient_biases", "biases")]
            names = [[[name] for name in rows_of(ns[key], r)] for key in ("old_biases", "gradient_biases", "biases")]
            out.append(difference_rows(f"b^{{{new}}}{sub}", rf"b^{{{old}}}{sub} - \alpha {gradient}",
                                       sign_of(max(rows_of(m["biases_each"], r), default=False)), *parts, rate,
                                       {"vector": exact_rows(m["biases_exact"], r)}, names, True))
    return block(*out)


def column_blocks(parts: list, operators: tuple, lhs: str, rows: tuple, fixed_cm: float = 0.0) -> tuple[list[tuple[int, int]], bool]:
    """(blocks of columns [(first, last + 1), …], whether the matrices `parts` stand side by side on
    one row): the whole matrix where they, the `operators` between them (TeX, "≈" among them) and
    `fixed_cm` (a part not cut: δ's column) fit a row beside the left-hand side `lhs` (its rows'
    label added); else the whole matrix where each alone fits a row (rows.pack puts them under each
    other); else the fewest blocks of (nearly) equal numbers of columns in which they fit side by
    side (the left-hand side labelled with its columns)."""
    columns = len(parts[0][0])
    between = sum(math_width_cm(operator) for operator in operators) + fixed_cm + _MARGIN_CM
    widths = [matrix_width(part) for part in parts]
    whole = lhs + rows_label(rows[0], rows[1], matrix=True)
    if sum(widths) + between <= LINE_CM - math_width_cm(whole):
        return [(0, columns)], True
    if max(widths) + between <= LINE_CM - math_width_cm(whole):
        return [(0, columns)], False
    for count in range(2, columns + 1):
        size = -(-columns // count)
        bounds = [(a, min(a + size, columns)) for a in range(0, columns, size)]
        room = LINE_CM - math_width_cm(lhs + block_label(*rows, (0, size), columns))
        if all(sum(matrix_width([row[a:b] for row in part]) for part in parts) + between <= room for a, b in bounds):
            return bounds, True
    return [(c, c + 1) for c in range(columns)], True


_MARGIN_CM = 1.2  # (rows.pack keeps 1 cm of a row free)


def block_label(r: tuple[int, int], n: int, c: tuple[int, int], columns: int) -> str:
    """The subscript naming rows r and columns c of an n × columns matrix: _{0…31,\\,:}, _{:,\\,0…3},
    _{0…31,\\,0…3}; "" for the whole matrix."""
    if c == (0, columns):
        return rows_label(r, n, matrix=True)
    rows = ":" if r == (0, n) else span_label(r)
    return rf"_{{{rows},\,{span_label(c)}}}"
