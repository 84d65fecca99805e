"""The leaves of a line's formula in the order they are written, for the reader of the printed text.

In:  a formula (formula.py's nodes).
Out: `_order(formula)` -> [(True, name) or (False, |integer|), …]: what readback._check compares the
     numbers of a line's text with, in order; kept per formula object (`_ORDERS`).
"""

from __future__ import annotations

from .. import formula as F
from ..errors import VerificationError


def _order(formula) -> list:
    """The leaves of a formula in the order they are written: (True, name) or (False, |integer|)
    (a fraction p/q is written as its two integers); exponents and a softmax's index are not numbers."""
    entry = _ORDERS.get(id(formula))
    if entry is not None and entry[0] is formula:
        return entry[1]
    out: list = []
    _walk(formula, out)
    if len(_ORDERS) >= 1 << 14:
        _ORDERS.clear()
    _ORDERS[id(formula)] = (formula, out)
    return out


def _walk(node, out: list) -> None:
    """`_order`'s walk, appending to `out` (not a closure over itself: see core.expr._walk_refs)."""
    kind = type(node)
    if kind is F.Ref:
        out.append((True, node.name))
    elif kind is F.Const:
        value = node.value
        out.append((False, abs(value.numerator)))
        if value.denominator != 1:
            out.append((False, value.denominator))
    elif kind is F.Add:
        for term in node.terms:
            _walk(term, out)
    elif kind is F.Mul:
        for factor in node.factors:
            _walk(factor, out)
    elif kind is F.Sub:
        _walk(node.left, out)
        _walk(node.right, out)
    elif kind is F.Div:
        _walk(node.numerator, out)
        _walk(node.denominator, out)
    elif kind is F.Neg:
        _walk(node.arg, out)
    elif kind is F.Pow:
        _walk(node.base, out)
    elif kind is F.Apply:
        for arg in (node.args[:-1] if node.function.indexed else node.args):
            _walk(arg, out)
    else:
        raise VerificationError(f"verification failed: cannot read a line of {kind.__name__}")


_ORDERS: dict = {}  # id(formula) -> (formula, `_order` of it): the formula kept, its id its own
