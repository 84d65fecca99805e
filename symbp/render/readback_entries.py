"""The entries of a vector or matrix derivation read back against the values printed for them.

In:  a typeset derivation's joined text (readback.py joins its rows), the record names of its entries in
     the order of the text (its last row's "entries", set by the printer: names only, no text), and the
     printed lines' records by name (`printed_values`: what each name is printed as).
Out: the number of entries read, or a VerificationError (exit 3) where
     - the text holds other than one entry per name (a cell of a matrix; in a derivation without a
       matrix, e.g. the sum of e^{z_j}, each number);
     - an entry is not the value printed for its name — its size and its sign: its own line's result,
       else the number its records put in for it (a given) — an entry lost, moved, changed or its minus
       dropped or added, whatever the arithmetic around it (multiplied by 0, a function of it);
     - the result (the entries after the last relation) stands after a sign other than its records'
       ("≈" where any of them is rounded, "≈†" where any is held to one unit, else "=").
Independent of the printer: the text is cut into cells and numbers here (readback_numbers reads them).
"""

from __future__ import annotations

import re
import threading

from ..errors import VerificationError
from .readback_numbers import number_of
from .readback_read import NUMBER

_MATRIX = re.compile(r"\\begin\{(b?matrix)\}(.*?)\\end\{\1\}")
_CELL = re.compile(r"&|\\\\")
_ROW = re.compile(r"\\\\")
_RELATION = re.compile(r" (=|\\approx\^\{\\dagger\}|\\approx) ")  # (as readback.py cuts a derivation)
_SIGNS = {"=": False, r"\approx": True, r"\approx^{\dagger}": 2}
_MINUS = ("-", "−")


def start(printed: list) -> None:
    """The records of the document about to be read (recheck.PrintedLine, in order of printing)."""
    _KEPT.now = (printed, None, None)


def _document() -> tuple:
    """(name -> the number printed for it, name -> (least, greatest) sign of its lines) of the document
    being read: a line's own result first, else what the lines that use it put in (the spec's givens);
    a quantity printed twice (a δ's line and its vector) may stand after two signs."""
    printed, values, signs = getattr(_KEPT, "now", ((), None, None))
    if values is None:
        values, signs = {}, {}
        for record in printed:
            values[record.result] = record.shown
            low, high = signs.get(record.result, (record.approx, record.approx))
            signs[record.result] = (min(low, record.approx), max(high, record.approx))
        for record in printed:
            for name, number in record.numbers.items():
                values.setdefault(name, number)
        _KEPT.now = (printed, values, signs)
    return values, signs


def read_entries(text: str, names: list) -> int:
    """Check each printed entry of a derivation against the value printed for its name (docstring)."""
    values, signs = _document()
    parts = _RELATION.split(text)
    entries = _entries(text)
    if len(entries) != len(names):
        _fail(text, f"prints {len(entries)} entries where it has {len(names)} quantities")
    for (negative, number), name in zip(entries, names):
        found = number_of(number)
        value = values.get(name)
        if found is None or value is None:
            _fail(text, f"prints {number} for {name}, which cannot be read" if found is None else
                  f"prints an entry for {name}, which has no printed value")
        (p, q), _ = found
        rn, rd = value.ratio
        if (-p if negative else p) * rd != rn * q:
            _fail(text, f"prints {'-' if negative else ''}{number} for {name}, printed as {value.text}")
    _placed(text, names)
    if len(parts) > 1:
        result = names[len(names) - len(_entries(parts[-1])):]
        bounds = [signs[name] for name in result if name in signs]
        sign = _SIGNS.get(parts[-2])
        if sign is None:
            _fail(text, f"puts {parts[-2]} before its result")
        if result and len(bounds) == len(result) and not max(b[0] for b in bounds) <= sign <= max(b[1] for b in bounds):
            _fail(text, f"puts {parts[-2]} before its result, whose lines' sign is {_sign(max(b[0] for b in bounds))}")
    return len(entries)


# (the records, and `_document` of them) of the document this thread is reading (threads of an API
# user read documents side by side)
_KEPT = threading.local()


def _entries(text: str) -> list:
    """(negative, the number's text) of each matrix cell of `text` in order; without a matrix, of each number."""
    cells = [cell.strip() for m in _MATRIX.finditer(text) for cell in _CELL.split(m.group(2))]
    if cells or "matrix}" in text:
        return [(True, cell[1:].lstrip()) if cell[:1] in _MINUS else (False, cell) for cell in cells]
    out = []
    for m in NUMBER.finditer(text):
        out.append((text[:m.start()].rstrip().endswith(_MINUS), m.group(1)))
    return out


# W written transposed: (W^{2})^{T} (LaTeX: \left(W^{2}\right)^{T}), (W^2)^T or (W)^T (plain text)
_TRANSPOSED = re.compile(r"W\^\{[^{}]*\}\\right\)\^\{T\}|\(W[^()\s]*\)\^T")
_INDEX = re.compile(r"_(\{[\d,]+\}|\d+)")  # a name's indices: w_10^1 (j = 1, k = 0), w_{10,2}^1


def _placed(text: str, names: list) -> None:
    """Each matrix's cells named as its place says, whatever list the names came from: one quantity
    (its name without indices) in the whole matrix, and its indices counting on with the rows and
    columns — j down the rows and k along them; the other way round for the weights of a derivation
    that writes W transposed ((W^{2})^{T} δ^{2}, plain text (W)^T δ), and only then — a vector's one
    index down its column or along its row.  A misplaced cell, its name following it, is out of place
    here (the names alone cannot tell it: the printer made them)."""
    transposed = _TRANSPOSED.search(text) is not None
    at = 0
    for m in _MATRIX.finditer(text):
        rows = [row.split("&") for row in _ROW.split(m.group(2))]
        grid = []
        for row in rows:
            grid.append(names[at:at + len(row)])
            at += len(row)
        indices = [[_indices(name) for name in row] for row in grid]
        if any(i is None for row in indices for i in row):
            continue
        if len({_INDEX.sub("_#", name) for row in grid for name in row}) > 1:
            _fail(text, f"prints {', '.join(n for row in grid for n in row)} in one matrix")
        if not _in_order(indices, transposed and grid[0][0].startswith("w_")):
            _fail(text, f"prints {', '.join(n for row in grid for n in row)} out of their places")


def _indices(name: str) -> tuple | None:
    m = _INDEX.search(name)
    if m is None:
        return None
    group = m.group(1)
    return tuple(int(i) for i in group[1:-1].split(",")) if group.startswith("{") else tuple(int(d) for d in group)


def _in_order(indices: list, transposed: bool) -> bool:
    """Whether a grid of index tuples counts on with its rows and columns (see _placed): (j, k) j down
    and k along, or k down and j along where `transposed`."""
    first = indices[0][0]
    if any(len(i) != len(first) or len(row) != len(indices[0]) for row in indices for i in row):
        return False
    places = [(r, c) for r in range(len(indices)) for c in range(len(indices[0]))]
    if len(first) == 1:
        along = len(indices) == 1  # a row vector: the index along it
        return all(indices[r][c][0] == first[0] + (c if along else r) and (along or c == 0) for r, c in places)
    if len(first) != 2:
        return True
    def counts(j: int, k: int) -> bool:
        return all(indices[r][c][j] == first[j] + r and indices[r][c][k] == first[k] + c for r, c in places)
    return counts(1, 0) if transposed else counts(0, 1)


def _sign(approx) -> str:
    return next(sign for sign, value in _SIGNS.items() if value == approx and type(value) is type(approx))


def _fail(text: str, why: str):
    short = text if len(text) <= 160 else text[:157] + "…"
    raise VerificationError(f"verification failed: the printed text {short.strip()} {why}")
