"""The vector and matrix derivations of a typeset solution read back: printed text -> exit 3 or nothing.

In:  a derivation's pieces as printed, [(sign, text), …] (readback.py joins its rows: LaTeX/Markdown),
     e.g. `δ^{1} = ((W^{2})^{T} δ^{2}) ⊙ f'(z^{1}) = ([−0.6; 0.9; −0.3] [−1]) ⊙ [0; 1; 1] = [0.6; −0.9; 0.3]
     ⊙ [0; 1; 1] = [0; −0.9; 0.3]` (bmatrix in the text).
Out: the number of relations checked, or a VerificationError (exit 3) at the first relation between two
     numeric pieces whose left side, worked out exactly (matrix products written side by side, + −, ⊙,
     a number times a matrix, the rational activations entry by entry), does not give the right side:
     "=" exactly, "≈" each entry rounded half away from zero to its own last digit, "≈†" within one unit.

Where a derivation continues a wide result matrix's columns on the next row (a row without a relation),
or holds a symbol in every numeric piece (a = ReLU(z) = [...]), there is nothing to work out here.
Pieces with σ, tanh, e^x, ln are left to recheck (their entries' lines are read one by one where printed).
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import VerificationError
from .readback_numbers import RATIONAL, RATIONAL_RULES, pair, unit
from .readback_read import tree


class _Skip(Exception):
    """Nothing exact to work out (a transcendental function, a slope not known)."""


def read_block(pieces: list, slope) -> int:
    """Check each relation between two numeric pieces of a vector or matrix derivation (docstring)."""
    read = [(sign, text, tree(text)) for sign, text in pieces]
    count = 0
    for (_, left_text, left), (sign, right_text, right) in zip(read, read[1:]):
        if left is None or right is None or not left[1] or not right[1]:
            continue
        for left_node, right_node in _matched(left[0], right[0]):
            try:
                value = _value(left_node, left[1], slope)
                printed = _value(right_node, right[1], slope)
            except _Skip:
                continue
            except (ArithmeticError, ValueError, IndexError) as exc:
                _fail(left_text, sign, right_text, f"cannot be worked out ({type(exc).__name__})")
            if not _agrees(value, printed, _literal(right_node, right[1]), sign):
                _fail(left_text, sign, right_text, "does not follow from the numbers printed before it")
            count += 1
    return count


def _matched(left, right) -> list:
    """The parts of a relation's two sides to compare: the right side where it is printed numbers (a
    number, a matrix of numbers), else the parts of both sides under the same operation, pairwise
    ((W^T δ) ⊙ f' ≈ [0.43551; …] ⊙ f': the product against its rounded printed value); [] where the
    two sides are not so alike."""
    if right[0] in ("h", "mat") or right[0] == "neg" and right[1][0] == "h":
        return [(left, right)]
    if left[0] != right[0] or left[0] not in ("add", "sub", "mul", "odot"):
        return []
    return _matched(left[1], right[1]) + _matched(left[2], right[2])


def _fail(left: str, sign: str, right: str, why: str):
    raise VerificationError(f"verification failed: the printed text {_short(left)} {sign} {_short(right)} {why}")


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "…"


def _literal(node, numbers):
    """The printed matrix's entries' texts (row by row) where the piece is one matrix of numbers (or one
    number: a 1×1 matrix), else None."""
    if node[0] in ("h", "neg"):
        node = ("mat", [[node]])
    if node[0] != "mat":
        return None
    out = []
    for row in node[1]:
        texts = []
        for cell in row:
            negative = cell[0] == "neg"
            if negative:
                cell = cell[1]
            if cell[0] != "h":
                return None
            texts.append((negative, numbers[cell[1]]))
        out.append(texts)
    return out


def _agrees(value, printed, literal, sign: str) -> bool:
    if type(value) is not tuple and type(printed) is not tuple:  # two numbers: as 1×1 matrices
        value, printed = ((value,),), ((printed,),)
    if type(value) is not tuple or type(printed) is not tuple or len(value) != len(printed) or \
            any(len(a) != len(b) for a, b in zip(value, printed)):
        return False
    if sign == "=" or literal is None:
        return value == printed if sign == "=" else False
    for row_value, row_printed, row_texts in zip(value, printed, literal):
        for v, p, (_, text) in zip(row_value, row_printed, row_texts):
            un, ud = unit(text)
            u = Fraction(un, ud)
            off = abs(v - p)
            if sign in (r"\approx^{\dagger}", "≈†"):  # held to one unit (LaTeX; plain text)
                if off > u:
                    return False
            elif 2 * off > u or 2 * off == u and abs(p) < abs(v):
                return False
    return True


def _value(node, numbers, slope):
    """The value of a parsed piece: a Fraction or a matrix (a tuple of row tuples of Fractions)."""
    kind = node[0]
    if kind == "h":
        return Fraction(*pair(numbers[node[1]]))
    if kind == "mat":
        return tuple(tuple(_scalar(_value(cell, numbers, slope)) for cell in row) for row in node[1])
    if kind == "neg":
        return _map(lambda x: -x, _value(node[1], numbers, slope))
    if kind in ("add", "sub"):
        a, b = _value(node[1], numbers, slope), _value(node[2], numbers, slope)
        return _zip(a, b, (lambda x, y: x + y) if kind == "add" else (lambda x, y: x - y))
    if kind in ("mul", "odot", "div"):
        a, b = _value(node[1], numbers, slope), _value(node[2], numbers, slope)
        if kind == "div":
            return _map(lambda x: x / b, a) if type(b) is not tuple else _refuse()
        if type(a) is tuple and type(b) is tuple:
            return _product(a, b) if kind == "mul" else _zip(a, b, lambda x, y: x * y)
        if type(a) is tuple:
            return _map(lambda x: x * b, a)
        return _map(lambda y: a * y, b)
    if kind == "pow":
        return _map(lambda x: x ** node[2], _value(node[1], numbers, slope))
    if kind == "fn" and node[1] in RATIONAL and len(node[2]) == 1:
        if node[1].startswith("leaky_relu") and slope is None:
            raise _Skip
        rule = RATIONAL_RULES[node[1]]
        return _map(lambda x: Fraction(*rule(x.numerator, x.denominator, slope)), _value(node[2][0], numbers, slope))
    raise _Skip


def _refuse():
    raise ValueError("a matrix divided")


def _scalar(x):
    if type(x) is tuple:
        raise ValueError("a matrix inside a matrix")
    return x


def _map(f, a):
    return tuple(tuple(f(x) for x in row) for row in a) if type(a) is tuple else f(a)


def _zip(a, b, f):
    if type(a) is not tuple and type(b) is not tuple:
        return f(a, b)
    if type(a) is not tuple or type(b) is not tuple or len(a) != len(b) or any(len(r) != len(s) for r, s in zip(a, b)):
        raise ValueError("matrices of different shapes")
    return tuple(tuple(f(x, y) for x, y in zip(r, s)) for r, s in zip(a, b))


def _product(a, b):
    if len(a[0]) != len(b):
        raise ValueError("matrices that do not multiply")
    columns = list(zip(*b))
    return tuple(tuple(sum((x * y for x, y in zip(row, column)), Fraction(0)) for column in columns) for row in a)
