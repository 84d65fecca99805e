"""Trees of `expr.py` as plain data (JSON-able nested lists) and back, for keeping derivatives on
disk.  Reading back treats the data as untrusted: anything but exactly this form, too deep, or an
unknown operation or name raises ValueError.

In:  a tree (`Ref`, `Const`, `Call`, `Cases`, `Compare`, `AllOf`, `AnyOf`).
Out: ["node", label] | ["name", name] | ["const", p, q] | ["call", op, param, [args]]
     | ["cases", [[value, condition | null], …]] | ["cmp", relation, left, right]
     | ["all" | "any", [conditions]]; a param is null, an int or ["frac", p, q].
"""

from __future__ import annotations

import json
from fractions import Fraction

from . import identity as ids
from .identity_parse import MAX_NAME, parse
from .expr import AllOf, AnyOf, Call, Cases, Compare, Const, Ref
from .operations import OPERATIONS

from ..sympy_cache import Unrepresentable

MAX_DEPTH = 200
_RELATIONS = ("<", "<=", ">", ">=", "==", "!=")


def to_data(tree):
    """The plain data of a tree (Unrepresentable for a name that does not read back as itself)."""
    if isinstance(tree, Ref):
        identity = tree.identity
        if identity == ids.node(identity.label or ""):
            return ["node", identity.label]
        try:
            name = ids.name(identity)
        except ValueError:
            raise Unrepresentable(f"no name for {identity!r}") from None
        if parse(name) != identity:
            raise Unrepresentable(f"no name for {identity!r}")
        return ["name", name]
    if isinstance(tree, Const):
        return ["const", tree.value.numerator, tree.value.denominator]
    if isinstance(tree, Call):
        return ["call", tree.op, _param_data(tree.param), [to_data(a) for a in tree.args]]
    if isinstance(tree, Cases):
        return ["cases", [[to_data(v), None if c is None else to_data(c)] for v, c in tree.branches]]
    if isinstance(tree, Compare):
        return ["cmp", tree.relation, to_data(tree.left), to_data(tree.right)]
    if isinstance(tree, (AllOf, AnyOf)):
        return ["all" if isinstance(tree, AllOf) else "any", [to_data(c) for c in tree.conditions]]
    raise Unrepresentable(f"not a tree: {tree!r}")


def key_of(tree) -> str:
    """A tree as a compact string that names it exactly (a cache key)."""
    return json.dumps(to_data(tree), separators=(",", ":"))


def _param_data(param):
    if param is None or type(param) is int:
        return param
    if type(param) is Fraction:
        return ["frac", param.numerator, param.denominator]
    raise Unrepresentable(f"no data for the parameter {param!r}")


def from_data(data, depth: int = 0):
    """The tree of plain data (ValueError for anything else)."""
    if depth > MAX_DEPTH or not isinstance(data, list) or not data:
        raise ValueError("not a tree")
    again = lambda d: from_data(d, depth + 1)  # noqa: E731
    tag, rest = data[0], data[1:]
    if tag == "node" and len(rest) == 1 and isinstance(rest[0], str) and len(rest[0]) <= MAX_NAME:
        return Ref(ids.node(rest[0]))
    if tag == "name" and len(rest) == 1 and isinstance(rest[0], str):
        identity = parse(rest[0])
        if identity is not None:
            return Ref(identity)
    if tag == "const" and len(rest) == 2 and all(type(n) is int for n in rest) and rest[1] > 0:
        return Const(Fraction(rest[0], rest[1]))
    if tag == "call" and len(rest) == 3 and rest[0] in OPERATIONS and isinstance(rest[2], list):
        return Call(rest[0], tuple(again(a) for a in rest[2]), _param(rest[1]))
    if tag == "cases" and len(rest) == 1 and isinstance(rest[0], list) and rest[0]:
        return Cases(tuple(_branch(b, again) for b in rest[0]))
    if tag == "cmp" and len(rest) == 3 and rest[0] in _RELATIONS:
        return Compare(rest[0], again(rest[1]), again(rest[2]))
    if tag in ("all", "any") and len(rest) == 1 and isinstance(rest[0], list) and rest[0]:
        return (AllOf if tag == "all" else AnyOf)(tuple(again(c) for c in rest[0]))
    raise ValueError("not a tree")


def _branch(data, again):
    if not isinstance(data, list) or len(data) != 2:
        raise ValueError("not a branch")
    return again(data[0]), None if data[1] is None else again(data[1])


def _param(data):
    if data is None or type(data) is int:
        return data
    if isinstance(data, list) and len(data) == 3 and data[0] == "frac" and all(type(n) is int for n in data[1:]) \
            and data[2] > 0:
        return Fraction(data[1], data[2])
    raise ValueError("not a parameter")
