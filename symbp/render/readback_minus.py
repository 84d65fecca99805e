"""Where a line's formula itself writes a minus right before one of its numbers.

In:  a line's formula (formula.py's nodes), its leaves in the order readback_order._order lists them.
Out: `written_minus(formula)` -> a tuple of bools, one per leaf: whether the formula puts a minus
     right before that leaf's number (the first number of the right side of a − b, of −x); None where
     a negative constant stands in it (its minus may be written before a neighbour: no position is
     told).  A positive input printed with a minus where the formula writes none has gained a sign,
     whatever its value works out to (multiplied by 0: `0 · (−1)` for `0 · 1`); readback._counted
     compares it with the minus signs printed before each number (readback_read.minuses_before).
"""

from __future__ import annotations

from .. import formula as F


class _Negative(Exception):
    """A negative constant in the formula."""


def written_minus(formula):
    """See the module docstring; kept per formula (the same object per architecture)."""
    entry = _WRITTEN.get(id(formula))
    if entry is not None and entry[0] is formula:
        return entry[1]
    out: list = []
    try:
        _walk(formula, False, out)
        found = tuple(out)
    except _Negative:
        found = None
    if len(_WRITTEN) >= 1 << 14:
        _WRITTEN.clear()
    _WRITTEN[id(formula)] = (formula, found)
    return found


def _walk(node, minus: bool, out: list) -> None:
    """`written_minus`'s walk, appending to `out` (not a closure over itself: see core.expr._walk_refs)."""
    kind = type(node)
    if kind is F.Ref:
        out.append(minus)
    elif kind is F.Const:
        if node.value < 0:
            raise _Negative
        out.append(minus)
        if node.value.denominator != 1:
            out.append(False)
    elif kind is F.Add or kind is F.Mul:
        for n, child in enumerate(node.terms if kind is F.Add else node.factors):
            _walk(child, minus and n == 0, out)
    elif kind is F.Sub:
        _walk(node.left, minus, out)
        _walk(node.right, True, out)
    elif kind is F.Div:
        _walk(node.numerator, minus, out)
        _walk(node.denominator, False, out)
    elif kind is F.Neg:
        _walk(node.arg, True, out)
    elif kind is F.Pow:
        _walk(node.base, minus, out)
    elif kind is F.Apply:
        for arg in (node.args[:-1] if node.function.indexed else node.args):
            _walk(arg, False, out)
    else:
        raise _Negative  # (a node not read here: nothing told)


_WRITTEN: dict = {}  # id(formula) -> (formula, `written_minus` of it)

