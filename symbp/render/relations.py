"""A printed line as data, and what is worked out once per formula: its inputs, its compiled
function, the form its substituted line shows; how far a line may be from its result.

In:  formula trees (formula.py) over the keys of printed numbers.
Out: `Relation` (result key = formula), `formula_refs`, `line_function`, `shown_formula`, `tolerance`
     — used by the plan (plan.py) and the renderers that record lines (lines.py, worked_*.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from operator import is_

from .. import formula as F
from ..core.numeric import PrecisionLost
from ..core.numeric import domain
from ..evaluate import MORE_DIGITS
from ..formula_values import compiled_formula
from ..names import activation_derivative
from ..numbers import Shown


@dataclass(frozen=True)
class Relation:
    """One printed line: the number printed for `result` = `formula` of the printed numbers."""

    result: str
    formula: F.Node
    # hashed once (a formula tree's hash walks the whole tree): a relation is a key of several dicts;
    # its inputs (formula_refs: do not change the list) found once
    _hash: int = field(init=False, repr=False, compare=False)
    inputs: list = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_hash", hash((self.result, self.formula)))
        object.__setattr__(self, "inputs", formula_refs(self.formula))

    def __hash__(self) -> int:
        return self._hash


_REFS: dict = {}  # id(formula) -> (formula, its refs): the formula kept, so that its id stays its own
_FUNCTIONS: dict = {}  # id(formula) -> (formula, formula_values.compiled_formula(formula, False))


def line_function(node: F.Node):
    """`formula_values.compiled_formula(node, exact=False)`, found by the formula object."""
    entry = _FUNCTIONS.get(id(node))
    if entry is None or entry[0] is not node:
        if len(_FUNCTIONS) >= 1 << 14:
            _FUNCTIONS.clear()
        entry = _FUNCTIONS[id(node)] = (node, compiled_formula(node, False))
    return entry[1]


def evaluate_line(node: F.Node, values: dict):
    """`formula_values.evaluate_formula(node, values, exact=False)` by `line_function`, with `more_digits` where 50 cancel."""
    number = domain(rational_only=False).number
    env = {name: number(value) for name, value in values.items()}
    try:
        return line_function(node)(env)
    except PrecisionLost:
        return more_digits(node, env)


def more_digits(node: F.Node, env: dict):
    """The line's value at `env` worked out with evaluate.MORE_DIGITS, where the 50 digits of `line_function`
    cancel (tanh'(−90.54) = 1 − tanh(−90.54)² = 9.2·10⁻⁷⁹, as evaluate.py's solves do); PrecisionLost at the last."""
    from ..formula_values import compile_formula

    for digits in MORE_DIGITS[:-1]:
        try:
            return compile_formula(node, domain(digits))(env)
        except PrecisionLost:
            pass
    return compile_formula(node, domain(MORE_DIGITS[-1]))(env)


def formula_refs(node: F.Node) -> list[str]:
    """F.refs of a formula, worked out once per formula object (do not change the list)."""
    entry = _REFS.get(id(node))
    if entry is None or entry[0] is not node:
        if len(_REFS) >= 1 << 14:
            _REFS.clear()
        entry = _REFS[id(node)] = (node, F.refs(node))
    return entry[1]


@lru_cache(maxsize=1 << 14)
def shown_formula(node: F.Node) -> F.Node:
    """A quantity's formula as its substituted line shows it: f'(z) is the number printed for it
    (the quantity ∂a/∂z), not worked out again.  A part without f'(z) is the same object, not an
    equal copy (the derivation keeps it: a 64x12 network's ~100 k ∂L/∂w and updates, issue 16)."""
    kind = type(node)
    if kind is F.Apply:
        if node.function.is_derivative and isinstance(node.args[0], F.Ref):
            return F.Ref(activation_derivative(node.args[0].name))
        args = _shown_all(node.args)
        return node if args is node.args else F.Apply(node.function, args)
    if kind is F.Add:
        terms = _shown_all(node.terms)
        return node if terms is node.terms else F.Add(terms)
    if kind is F.Mul:
        factors = _shown_all(node.factors)
        return node if factors is node.factors else F.Mul(factors)
    if kind is F.Sub:
        left, right = _shown_all((node.left, node.right))
        return node if left is node.left and right is node.right else F.Sub(left, right)
    if kind is F.Div:
        numerator, denominator = _shown_all((node.numerator, node.denominator))
        return node if numerator is node.numerator and denominator is node.denominator else F.Div(numerator, denominator)
    if kind is F.Neg:
        arg = shown_formula(node.arg)
        return node if arg is node.arg else F.Neg(arg)
    if kind is F.Pow:
        base = shown_formula(node.base)
        return node if base is node.base else F.Pow(base, node.exponent)
    return node


def _shown_all(nodes: tuple) -> tuple:
    """`shown_formula` of each node; `nodes` itself where each is its own."""
    shown = tuple([shown_formula(child) for child in nodes])
    return nodes if all(map(is_, shown, nodes)) else shown


def tolerance(shown: Shown, digits: int) -> Fraction:
    """How far a line may be from a result: one unit in its last digit; for a result shown
    exactly, one unit in its `digits`-th significant digit (if that is finer)."""
    if shown.rounded:
        return shown.unit
    if shown.value == 0:
        return Fraction(1, 10**digits)
    exponent = Decimal(shown.text).adjusted() - digits + 1
    return min(Fraction(10) ** exponent, shown.unit)
