"""Local definitions as ordered trees: what a node is computed from, in the order it is written.

In:  trees of `Ref` (another node, by its `Identity`), `Const` (an exact Fraction), `Call` (a
     registered operation applied to argument trees, with an optional fixed parameter: the
     exponent of `pow`, the slope of `leaky_relu`, the output index of `softmax`) and `Cases`
     (a piecewise value, what SymPy's derivatives of ReLU, max, min and |x| are).
Out: the nodes a tree refers to (`refs`), a tree with its references replaced (`rebuild`), and
     its *shape* with its references numbered (`shape`), under which derivatives are cached.
     (Trees <-> SymPy: symbolic.py.)

Trees are frozen and hashable; an operation is named by its key in `operations.OPERATIONS`, so
a tree is plain data and the registry alone knows what an operation means.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Callable

from .identity import Identity, node


class Expr:
    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Ref(Expr):
    identity: Identity


@dataclass(frozen=True, slots=True)
class Const(Expr):
    value: Fraction


@dataclass(frozen=True, slots=True)
class Call(Expr):
    op: str
    args: tuple
    param: object = None


@dataclass(frozen=True, slots=True)
class Compare:
    """A condition `left relation right`; relation one of < <= > >= == !=."""

    relation: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class AllOf:
    conditions: tuple


@dataclass(frozen=True, slots=True)
class AnyOf:
    conditions: tuple


@dataclass(frozen=True, slots=True)
class Cases(Expr):
    """The value of the first branch whose condition holds; a condition None means "otherwise"."""

    branches: tuple  # ((value, condition | None), ...)


def call(op: str, *args, param=None) -> Call:
    return Call(op, tuple(args), param)


def const(value) -> Const:
    return Const(Fraction(value))


# walking -----------------------------------------------------------------------------------------
def children(expr) -> tuple:
    if isinstance(expr, Call):
        return expr.args
    if isinstance(expr, Cases):
        return tuple(part for value, cond in expr.branches for part in (value, cond) if part is not None)
    if isinstance(expr, Compare):
        return expr.left, expr.right
    if isinstance(expr, (AllOf, AnyOf)):
        return expr.conditions
    return ()


def refs(expr) -> list[Identity]:
    """The identities a tree refers to, in order of first appearance."""
    if type(expr) is Call and all(type(a) is Ref for a in expr.args):  # most definitions: w·a, Σ of nodes
        return list(dict.fromkeys(a.identity for a in expr.args))
    if type(expr) is Ref:  # a local derivative that is another node: ∂z/∂w = a
        return [expr.identity]
    seen: dict[Identity, None] = {}
    _walk_refs(expr, seen)
    return list(seen)


def _walk_refs(e, seen: dict) -> None:
    """`refs`'s walk, adding to `seen` (a module function, not a closure over itself: a recursive inner
    function is a reference cycle per call, and the command line's paused collector never frees it)."""
    kind = type(e)
    if kind is Ref:
        seen.setdefault(e.identity, None)
    elif kind is Call:  # (the common case first: a sum of products of nodes)
        for child in e.args:
            if type(child) is Ref:
                seen.setdefault(child.identity, None)
            else:
                _walk_refs(child, seen)
    else:
        for child in children(e):
            _walk_refs(child, seen)


def rebuild(expr, leaf: Callable):
    """The tree with every Ref replaced by leaf(ref)."""
    if isinstance(expr, Ref):
        return leaf(expr)
    if isinstance(expr, Call):
        return Call(expr.op, tuple(rebuild(a, leaf) for a in expr.args), expr.param)
    if isinstance(expr, Cases):
        return Cases(tuple((rebuild(v, leaf), rebuild(c, leaf) if c is not None else None) for v, c in expr.branches))
    if isinstance(expr, Compare):
        return Compare(expr.relation, rebuild(expr.left, leaf), rebuild(expr.right, leaf))
    if isinstance(expr, (AllOf, AnyOf)):
        return type(expr)(tuple(rebuild(c, leaf) for c in expr.conditions))
    return expr


# One reference per identity for the trees `relabel` makes (trees are immutable, so a shared leaf is
# safe): a large network's moved trees hold ~1 M references to far fewer identities (issue 16)
shared_ref = lru_cache(maxsize=1 << 20)(Ref)


def relabel(expr, move: Callable):
    """The tree with every reference's identity replaced by move(identity)."""
    kind = type(expr)
    if kind is Ref:
        return shared_ref(move(expr.identity))
    if kind is Const:
        return expr
    if kind is Call:  # (its arguments are most often nodes)
        return Call(expr.op, tuple([shared_ref(move(a.identity)) if type(a) is Ref else relabel(a, move)
                                    for a in expr.args]), expr.param)
    return rebuild(expr, lambda r: shared_ref(move(r.identity)))


def placeholder(i: int) -> Identity:
    return node(f"_{i}")


def shape(expr) -> tuple[Expr, tuple[Identity, ...]]:
    """(the tree with its references replaced by placeholders _0, _1, …, the references in order):
    `z = w·a + b` of any neuron has one shape, so its derivatives are worked out once."""
    ids = tuple(refs(expr))
    numbering = {identity: i for i, identity in enumerate(ids)}
    return rebuild(expr, lambda r: Ref(placeholder(numbering[r.identity]))), ids


def instantiate(shaped, ids: tuple[Identity, ...]):
    """The inverse of `shape`: placeholders replaced by the references (only those it holds)."""
    return rebuild(shaped, lambda r: Ref(ids[int(r.identity.label[1:])]))


def fill(shaped, trees: tuple):
    """Placeholder _i replaced by trees[i]."""
    return rebuild(shaped, lambda r: trees[int(r.identity.label[1:])])
