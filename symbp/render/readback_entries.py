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

from ..errors import VerificationError
from .readback_numbers import number_of
from .readback_read import NUMBER

_MATRIX = re.compile(r"\\begin\{(b?matrix)\}(.*?)\\end\{\1\}")
_CELL = re.compile(r"&|\\\\")
_RELATION = re.compile(r" (=|\\approx\^\{\\dagger\}|\\approx) ")  # (as readback.py cuts a derivation)
_SIGNS = {"=": False, r"\approx": True, r"\approx^{\dagger}": 2}
_MINUS = ("-", "−")


def start(printed: list) -> None:
    """The records of the document about to be read (recheck.PrintedLine, in order of printing)."""
    global _KEPT
    _KEPT = (printed, None, None)


def _document() -> tuple:
    """(name -> the number printed for it, name -> (least, greatest) sign of its lines) of the document
    being read: a line's own result first, else what the lines that use it put in (the spec's givens);
    a quantity printed twice (a δ's line and its vector) may stand after two signs."""
    global _KEPT
    printed, values, signs = _KEPT
    if values is None:
        values, signs = {}, {}
        for record in printed:
            values[record.result] = record.shown
            low, high = signs.get(record.result, (record.approx, record.approx))
            signs[record.result] = (min(low, record.approx), max(high, record.approx))
        for record in printed:
            for name, number in record.numbers.items():
                values.setdefault(name, number)
        _KEPT = (printed, values, signs)
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
    if len(parts) > 1:
        result = names[len(names) - len(_entries(parts[-1])):]
        bounds = [signs[name] for name in result if name in signs]
        sign = _SIGNS.get(parts[-2])
        if sign is None:
            _fail(text, f"puts {parts[-2]} before its result")
        if result and len(bounds) == len(result) and not max(b[0] for b in bounds) <= sign <= max(b[1] for b in bounds):
            _fail(text, f"puts {parts[-2]} before its result, whose lines' sign is {_sign(max(b[0] for b in bounds))}")
    return len(entries)


_KEPT: tuple = ((), None, None)  # (the records, and `_document` of them) of the document being read


def _entries(text: str) -> list:
    """(negative, the number's text) of each matrix cell of `text` in order; without a matrix, of each number."""
    cells = [cell.strip() for m in _MATRIX.finditer(text) for cell in _CELL.split(m.group(2))]
    if cells or "matrix}" in text:
        return [(True, cell[1:].lstrip()) if cell[:1] in _MINUS else (False, cell) for cell in cells]
    out = []
    for m in NUMBER.finditer(text):
        out.append((text[:m.start()].rstrip().endswith(_MINUS), m.group(1)))
    return out


def _sign(approx) -> str:
    return next(sign for sign, value in _SIGNS.items() if value == approx and type(value) is type(approx))


def _fail(text: str, why: str):
    short = text if len(text) <= 160 else text[:157] + "…"
    raise VerificationError(f"verification failed: the printed text {short.strip()} {why}")
