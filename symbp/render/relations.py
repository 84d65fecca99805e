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

from .. import formula as F
from ..core.numeric import PrecisionLost
from ..evaluate import MORE_DIGITS, compiled_formula, domain
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
_FUNCTIONS: dict = {}  # id(formula) -> (formula, evaluate.compiled_formula(formula, False))


def line_function(node: F.Node):
    """`evaluate.compiled_formula(node, exact=False)`, found by the formula object."""
    entry = _FUNCTIONS.get(id(node))
    if entry is None or entry[0] is not node:
        if len(_FUNCTIONS) >= 1 << 14:
            _FUNCTIONS.clear()
        entry = _FUNCTIONS[id(node)] = (node, compiled_formula(node, False))
    return entry[1]


def evaluate_line(node: F.Node, values: dict):
    """`evaluate.evaluate_formula(node, values, exact=False)` by `line_function`, with `more_digits` where 50 cancel."""
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
    (the quantity ∂a/∂z), not worked out again."""
    kind = type(node)
    if kind is F.Apply:
        if node.function.is_derivative and isinstance(node.args[0], F.Ref):
            return F.Ref(activation_derivative(node.args[0].name))
        return F.Apply(node.function, tuple(shown_formula(a) for a in node.args))
    if kind is F.Add:
        return F.Add(tuple(shown_formula(t) for t in node.terms))
    if kind is F.Mul:
        return F.Mul(tuple(shown_formula(t) for t in node.factors))
    if kind is F.Sub:
        return F.Sub(shown_formula(node.left), shown_formula(node.right))
    if kind is F.Div:
        return F.Div(shown_formula(node.numerator), shown_formula(node.denominator))
    if kind is F.Neg:
        return F.Neg(shown_formula(node.arg))
    if kind is F.Pow:
        return F.Pow(shown_formula(node.base), node.exponent)
    return node


def tolerance(shown: Shown, digits: int) -> Fraction:
    """How far a line may be from a result: one unit in its last digit; for a result shown
    exactly, one unit in its `digits`-th significant digit (if that is finer)."""
    if shown.rounded:
        return shown.unit
    if shown.value == 0:
        return Fraction(1, 10**digits)
    exponent = Decimal(shown.text).adjusted() - digits + 1
    return min(Fraction(10) ** exponent, shown.unit)
