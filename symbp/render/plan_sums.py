"""A line's value kept from one guard digit to the next, for plan.py's `line_value`: only what a
changed input touches is worked out again.

In:  a line's formula (formula.py) of Ref, Const (a Fraction), Add, Sub, Mul and Neg — z, δ, ∂L/∂w, an
     update — and the printed value (a Fraction) of each of its inputs.
Out: `line_sum`: a `LineSum` holding the value of every node of the line, or None for any other
     formula (σ, log, a division: plan.py evaluates those whole, as before).

When an input gets a guard digit, `solve` asks again every line that prints it: evaluated whole,
O(the line's length) each, about width³ operations a layer of a wide network.  `LineSum.update`
changes one leaf and the nodes above it (a sum: old total − old term + new term; a product: its
few factors multiplied again), O(depth).  In Fractions every step is exact, so the value is the one
evaluating the whole line gives, whatever the order (tests/test_plan_sums.py compares them).
"""

from __future__ import annotations

from fractions import Fraction

from .. import formula as F
from .plan_moves import exact_value

# `_culprit` evaluates a move in 50-digit arithmetic read back to 40 digits: within 10⁻³⁹ of the line's
# size (plan_moves' bound) of the exact move; float64's 10⁻¹² (plan_moves.SLACK) cannot tell apart the
# moves of inputs with a dozen guard digits (10⁻¹⁶ of the line), this can
EXACT_SLACK = 1e-30

REF, CONST, ADD, SUB, MUL, NEG = range(6)
_KINDS = {F.Ref: REF, F.Const: CONST, F.Add: ADD, F.Sub: SUB, F.Mul: MUL, F.Neg: NEG}
_PARTS = {REF: lambda node: (), CONST: lambda node: (), ADD: lambda node: node.terms, MUL: lambda node: node.factors,
          SUB: lambda node: (node.left, node.right), NEG: lambda node: (node.arg,)}
_SHAPES: dict = {}  # id(formula) -> (formula, its _Shape or None), as relations.py keeps compiled formulas


class _Shape:
    """A formula's nodes in post-order (the root last): kind, parent, children, leaf name or constant."""

    def __init__(self, formula: F.Node):
        self.kinds: list[int] = []
        self.parents: list[int] = []
        self.children: list[tuple] = []
        self.constants: list = []  # a Const's value, a Ref's name (None elsewhere)
        self.leaves: dict[str, list[int]] = {}  # input name -> its Ref nodes
        self._add(formula, -1)

    def _add(self, node, parent: int) -> int:
        kind = _KINDS.get(type(node))
        if kind is None or (kind is CONST and type(node.value) is not Fraction):
            raise TypeError
        index_of_children = [self._add(part, -2) for part in _PARTS[kind](node)]  # (parents filled in below)
        index = len(self.kinds)
        self.kinds.append(kind)
        self.parents.append(parent)
        self.children.append(tuple(index_of_children))
        self.constants.append(node.value if kind is CONST else node.name if kind is REF else None)
        for child in index_of_children:
            self.parents[child] = index
        if kind is REF:
            self.leaves.setdefault(node.name, []).append(index)
        return index


def _shape(formula: F.Node) -> _Shape | None:
    entry = _SHAPES.get(id(formula))
    if entry is None or entry[0] is not formula:
        try:
            shape = _Shape(formula)
        except TypeError:
            shape = None
        if len(_SHAPES) >= 1 << 14:
            _SHAPES.clear()
        entry = _SHAPES[id(formula)] = (formula, shape)
    return entry[1]


def line_sum(formula: F.Node, env: dict) -> LineSum | None:
    """The line's nodes evaluated at `env` (name -> Fraction), or None for a formula this does not keep."""
    shape = _shape(formula)
    if shape is None:
        return None
    return LineSum(shape, env)


class LineSum:
    """Every node's value of one line (see the module docstring); `value` is the line's."""

    __slots__ = ("shape", "values")

    def __init__(self, shape: _Shape, env: dict):
        self.shape = shape
        values = self.values = []
        children, constants = shape.children, shape.constants
        for index, kind in enumerate(shape.kinds):  # (post-order: children first)
            if kind is REF:
                values.append(env[constants[index]])
            elif kind is CONST:
                values.append(constants[index])
            else:
                values.append(_combined(kind, [values[child] for child in children[index]]))

    @property
    def value(self) -> Fraction:
        return self.values[-1]

    def update(self, name: str, value: Fraction) -> None:
        """Input `name` is now `value`: its leaves and every node above them worked out again."""
        shape, values = self.shape, self.values
        kinds, parents, children = shape.kinds, shape.parents, shape.children
        for leaf in shape.leaves[name]:
            old, new, index = values[leaf], value, leaf
            values[leaf] = value
            while old != new:
                index = parents[index]
                if index < 0:
                    break
                kind, before = kinds[index], values[index]
                if kind is ADD:
                    values[index] = before - old + new
                else:
                    values[index] = _combined(kind, [values[child] for child in children[index]])
                old, new = before, values[index]

    def value_with(self, name: str, value: Fraction) -> Fraction | None:
        """The line's value were input `name` `value` (nothing kept changes); None where it appears twice."""
        shape, values = self.shape, self.values
        leaves = shape.leaves[name]
        if len(leaves) != 1:
            return None
        kinds, parents, children = shape.kinds, shape.parents, shape.children
        index, new = leaves[0], value
        while new != values[index]:
            child, index = index, parents[index]
            if index < 0:
                return new
            kind = kinds[index]
            if kind is ADD:
                new = values[index] - values[child] + new
            else:
                new = _combined(kind, [new if part == child else values[part] for part in children[index]])
        return values[-1]


def nearest_moves(kept: LineSum, likely: list, true: dict, size: float) -> list:
    """Those of plan_moves' `likely` culprits `_culprit` must still evaluate: whose exact move of the
    line (its value with that input's true value, less its value) is within 2·EXACT_SLACK·`size` of
    the largest, in their order (`likely` itself where a true value is not a number of known binary
    value, or an input appears twice in the line)."""
    base, moves = kept.value, []
    for name in likely:
        exact = exact_value(true[name])
        moved = None if exact is None else kept.value_with(name, exact)
        if moved is None:
            return likely
        moves.append(abs(moved - base))
    floor = max(moves) - Fraction(2 * EXACT_SLACK * size)
    return [name for name, move in zip(likely, moves) if move >= floor]


def _combined(kind: int, parts: list) -> Fraction:
    if kind is ADD:
        return sum(parts[1:], parts[0])
    if kind is MUL:
        product = parts[0]
        for part in parts[1:]:
            product = product * part
        return product
    if kind is SUB:
        return parts[0] - parts[1]
    return -parts[0]  # NEG

