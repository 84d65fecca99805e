"""The plain-text vector and matrix derivations read back, as the Markdown and LaTeX ones are.

In:  a vector or matrix derivation's data as the text template prints it (a dict of printed fields:
     rows of a matrix, the items of a vector, a number, a relation's `approx`) and its `read`, set by
     the printer: per derivation, its pieces after the left-hand side — (the relation before it: "="
     or the field of its `approx`, [literal text, or (kind, field, names): "matrix", "vector" (a
     column), "number", "sum" (a vector's items added)]) — naming what each printed field holds.
Out: the number of entries and relations read, or a VerificationError (exit 3): the fields are put
     into one line of matrices (readback_entries reads its entries against their names' values,
     their places and the result's sign; readback_blocks works its arithmetic out), read from the
     same printed strings the template writes.
"""

from __future__ import annotations

from .readback_blocks import read_block
from .readback_entries import read_entries

_SIGNS = {False: "=", True: r"\approx", 2: r"\approx^{\dagger}"}


def read_text_derivations(item: dict, slope) -> int:
    """Read each derivation of a text vector/matrix block (the module docstring); the count read."""
    count = 0
    for derivation in item["read"]:
        pieces, names = [("", "X")], []  # (the left-hand side: not read)
        for sign, operands in derivation:
            texts = []
            for operand in operands:
                if type(operand) is str:
                    texts.append(operand)
                    continue
                kind, field, their_names = operand
                texts.append(_FORMS[kind](item[field]))
                if kind == "matrix":
                    names += [name for row in their_names for name in row]
                elif kind in ("vector", "sum"):
                    names += list(their_names)
                elif their_names is not None:
                    names.append(their_names)
            pieces.append((sign if sign == "=" else _SIGNS[item[sign]], " ".join(texts)))
        text = " ".join(f"{sign} {piece}" if sign else piece for sign, piece in pieces)
        count += read_entries(text, names) + read_block(pieces, slope)
    return count


def _matrix(rows) -> str:
    return r"\begin{bmatrix}" + r" \\ ".join(" & ".join(row) for row in rows) + r"\end{bmatrix}"


_FORMS = {"matrix": _matrix, "vector": lambda items: _matrix([[x] for x in items]),
          "number": str, "sum": lambda items: " + ".join(items)}
