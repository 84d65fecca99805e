"""The gradients of a layer in matrix form (steps ④ and ⑤, --detail matrix): a layer's gradient
quantities and its printed lines -> the data of ∂L/∂W^l = δ^l (a^{l−1})^T = [δ] [a]^T = [∂L/∂W] and
∂L/∂b^l = δ^l = [δ], and their typeset rows.

The outer product is written with its numbers: δ as a column, a^{l−1} as a row, each the number its
entry's line would put in (the plan's digits, guard digits included, as a line per weight has them),
so every entry of ∂L/∂W follows by hand as δ_j·a_k.  Laid out as the update of step ⑥ is
(update_matrix.py): for LaTeX and Markdown the three side by side where they fit a row, else each
beginning a row of its own, in blocks of columns where a row holds none whole (and in blocks of rows
beyond blocks.ROWS_MAX rows); plain text puts them side by side and gets `read` (text_reading.py).
Where an entry is not δ_j·a_k of one δ per row and one a per column, the matrix is printed alone.
"""

from __future__ import annotations

from .. import derivation_quantities as D
from ..formula import Mul, Ref
from .blocks import block_sign, exact_part, exact_rows, matrix_rows, numbers_rows, row_ranges, rows_label, rows_of
from .relations import formula_refs, shown_formula
from .rows import bmatrix, matrix_width, sign_of
from .selection import of_solution
from .text_reading import gradient_reading
from .update_matrix import block_label, column_blocks
from .worked_forward import relate_each, superscript


def gradient_matrix(solution, lines, l: int, smp, step: int) -> dict:
    """The data of layer l's gradients in matrix form (see the module docstring)."""
    spec = solution.spec
    width = spec.widths[l - 1]
    weights = of_solution(solution, D.WEIGHT_GRADIENT, step, smp, l)
    weights = [weights[j * width:(j + 1) * width] for j in range(spec.widths[l])]
    biases = of_solution(solution, D.BIAS_GRADIENT, step, smp, l) if spec.layers[l - 1].has_bias else None
    factors = _factors(weights)
    gradient = {
        "names": {"weights": [[q.name for q in row] for row in weights], "biases": [q.name for q in biases or ()],
                  "delta": factors[0] if factors else None, "inputs": factors[1] if factors else None},
        "weights": [lines.shown_all(q.name for q in row) for row in weights],
        "weights_each": (each := relate_each(lines, [q for row in weights for q in row])),
        "weights_approx": max(each, default=False),
        "weights_exact": lines.notes(q.name for row in weights for q in row),
        # the numbers each entry is worked out from (after its relation is recorded: the plan's digits)
        "delta": lines.shown_all(factors[0]) if factors else None,
        "inputs": lines.shown_all(factors[1]) if factors else None,
        "biases": lines.shown_all(q.name for q in biases) if biases else None,
        "biases_each": (each := relate_each(lines, biases) if biases else []),
        "biases_approx": max(each, default=False),
        "superscript": superscript(l, smp, step, lines.fmt),
        "loss": "L" + (f"_{{{smp}}}" if smp else ""),
        "parameter_superscript": superscript(l, None, step, lines.fmt),
        "previous_superscript": superscript(l - 1, smp, 1 if l == 1 else step, lines.fmt),
    }
    if factors:  # (the plain-text template's shapes: δ a column, a^T a row)
        gradient["delta_column"] = [[x] for x in gradient["delta"]]
        gradient["inputs_row"] = [gradient["inputs"]]
    if lines.fmt == "text":
        gradient["read"] = gradient_reading(gradient)  # (for the plain-text reader, readback_text.py)
    return gradient


def _factors(weights) -> tuple[list[str], list[str]] | None:
    """(δ_j of each row, a_k of each column) where every entry's formula is δ_j·a_k; else None."""
    delta = [formula_refs(shown_formula(row[0].formula))[0] for row in weights]
    inputs = [formula_refs(shown_formula(q.formula))[-1] for q in weights[0]]
    for d, row in zip(delta, weights):
        for a, q in zip(inputs, row):
            if q.formula != Mul((Ref(d), Ref(a))):
                return None
    return delta, inputs


def gradient_rows(g: dict) -> list[list[dict]]:
    """The typeset derivations of ∂L/∂W (with its factors' numbers where known) and ∂L/∂b."""
    n, columns = len(g["weights"]), len(g["weights"][0])
    frac = rf"\frac{{\partial {g['loss']}}}{{\partial W^{{{g['parameter_superscript']}}}}}"
    out = []
    for r in row_ranges(n):
        delta = rf"\delta^{{{g['superscript']}}}{rows_label(r, n)}"
        if g["delta"] is None:
            lhs = rf"\left({frac}\right){rows_label(r, n, matrix=True)}" if r != (0, n) else frac
            out.append(matrix_rows(lhs, rf"{delta} \left(a^{{{g['previous_superscript']}}}\right)^{{T}}",
                                   block_sign(g["weights_each"], r, columns), rows_of(g["weights"], r),
                                   note={"matrix": exact_rows(g["weights_exact"], r, columns)},
                                   names=rows_of(g["names"]["weights"], r)))
            continue
        out += _outer_rows(g, frac, delta, r)
    if g["biases"]:
        for r in row_ranges(n):
            lhs = rf"\frac{{\partial {g['loss']}}}{{\partial b^{{{g['parameter_superscript']}}}}}"
            if r != (0, n):
                lhs = rf"\left({lhs}\right){rows_label(r, n)}"
            out.append(matrix_rows(lhs, rf"\delta^{{{g['superscript']}}}{rows_label(r, n)}", block_sign(g["biases_each"], r),
                                   [[v] for v in rows_of(g["biases"], r)],
                                   names=[[name] for name in rows_of(g["names"]["biases"], r)]))
    return out


def _outer_rows(g: dict, frac: str, delta: str, r: tuple[int, int]) -> list[list[dict]]:
    """Rows r of ∂L/∂W = δ (a)^T = [δ] [a] = [∂L/∂W], per block of columns that fits a row."""
    n, columns = len(g["weights"]), len(g["weights"][0])
    ns = g["names"]
    column = [[x] for x in rows_of(g["delta"], r)]
    parts = [[g["inputs"]], rows_of(g["weights"], r)]
    bounds, side_by_side = column_blocks(parts, (" ", r" \approx "), frac, (r, n),
                                         fixed_cm=matrix_width(column))
    out = []
    for c in bounds:
        label = block_label(r, n, c, columns)
        inputs = rf"a^{{{g['previous_superscript']}}}" + (rows_label(c, columns) if c != (0, columns) else "")
        cut = [[row[c[0]:c[1]] for row in part] for part in parts]
        each = [g["weights_each"][j * columns + k] for j in range(*r) for k in range(*c)]
        exact = g["weights_exact"]
        note = {"matrix": exact_part(exact, [j * columns + k for j in range(*r) for k in range(*c)])}
        names = [[[name] for name in rows_of(ns["delta"], r)], [ns["inputs"][c[0]:c[1]]],
                 [row[c[0]:c[1]] for row in rows_of(ns["weights"], r)]]
        out.append(numbers_rows(rf"\left({frac}\right){label}" if label else frac,
                                rf"{delta} \left({inputs}\right)^{{T}}", sign_of(max(each, default=False)),
                                f"{bmatrix(column)} {bmatrix(cut[0])}", cut[1], note, names, side_by_side))
    return out
