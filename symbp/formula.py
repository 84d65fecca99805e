"""Formulas as ordered trees: what the worked solution shows, in the order a student writes it.

SymPy reorders sums and products; a worked solution must not (`w_00·a_0 + w_01·a_1 + b_0`, terms
in the formula's order).  A `Node` tree keeps that order.  Leaves are `Ref`s to named quantities
(`z_0^1`, `w_00^1`, `y_0`, `alpha`) or exact constants.  `to_sympy` turns a tree into the SymPy
expression that is evaluated; the printers in `render/printers.py` turn it into LaTeX or text,
either symbolically or with numbers substituted.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable


class Node:
    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Ref(Node):
    """A named quantity, parameter or given value."""

    name: str


@dataclass(frozen=True, slots=True)
class Const(Node):
    value: Fraction


@dataclass(frozen=True, slots=True)
class Add(Node):
    terms: tuple


@dataclass(frozen=True, slots=True)
class Sub(Node):
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Mul(Node):
    factors: tuple


@dataclass(frozen=True, slots=True)
class Div(Node):
    numerator: Node
    denominator: Node


@dataclass(frozen=True, slots=True)
class Neg(Node):
    arg: Node


@dataclass(frozen=True, slots=True)
class Pow(Node):
    base: Node
    exponent: int


@dataclass(frozen=True)
class Function:
    """A named function as displayed (`ReLU`, `σ'`, `log`) and its SymPy rule."""

    key: str
    latex: str
    text: str
    sympy_rule: Callable  # (*sympy args) -> sympy expression
    # For an activation's derivative f'(z): True.  Its value is then shown in substituted lines
    # (as the reference document does), and with a calculator it is a rounded, carried value.
    is_derivative: bool = False
    # f'(z) written through the output a = f(z) (sigmoid: a(1 − a)), a SymPy rule of a, or None:
    # how a student with a calculator works it out from the rounded a.
    via_output: Callable | None = None
    # A function of a whole layer (softmax): its last argument is the index of the output, shown
    # as a subscript: softmax(z_0, z_1, z_2)_1.
    indexed: bool = False
    # what names its rule exactly (an activation's name and slope), under which the rule's
    # compiled form is kept on disk (`sympy_cache`); None: worked out by SymPy every time
    rule_key: str | None = None

    def __repr__(self) -> str:  # keep reprs short in test failures
        return f"Function({self.key})"


@dataclass(frozen=True, slots=True)
class Apply(Node):
    function: Function
    args: tuple


def refs(node: Node) -> list[str]:
    """Names referenced by a tree, in order of first appearance."""
    seen: dict[str, None] = {}
    _walk_refs(node, seen)
    return list(seen)


def _walk_refs(n: Node, seen: dict) -> None:
    """`refs`'s walk, adding to `seen` (not a closure over itself: see core.expr._walk_refs)."""
    if isinstance(n, Ref):
        seen.setdefault(n.name, None)
    elif isinstance(n, (Add, Mul)):
        for child in n.terms if isinstance(n, Add) else n.factors:
            _walk_refs(child, seen)
    elif isinstance(n, Apply):
        for child in n.args:
            _walk_refs(child, seen)
    elif isinstance(n, (Sub, Div)):
        _walk_refs(n.left if isinstance(n, Sub) else n.numerator, seen)
        _walk_refs(n.right if isinstance(n, Sub) else n.denominator, seen)
    elif isinstance(n, (Neg, Pow)):
        _walk_refs(n.arg if isinstance(n, Neg) else n.base, seen)


def to_sympy(node: Node, symbol: Callable[[str], object]):
    """The SymPy expression of a tree; `symbol(name)` gives the Symbol for a Ref."""
    import sympy

    convert = {
        Ref: lambda n: symbol(n.name),
        Const: lambda n: sympy.Rational(n.value.numerator, n.value.denominator),
        Add: lambda n: sympy.Add(*[to_sympy(t, symbol) for t in n.terms]),
        Sub: lambda n: to_sympy(n.left, symbol) - to_sympy(n.right, symbol),
        Mul: lambda n: sympy.Mul(*[to_sympy(f, symbol) for f in n.factors]),
        Div: lambda n: to_sympy(n.numerator, symbol) / to_sympy(n.denominator, symbol),
        Neg: lambda n: -to_sympy(n.arg, symbol),
        Pow: lambda n: to_sympy(n.base, symbol) ** n.exponent,
        Apply: lambda n: n.function.sympy_rule(*[to_sympy(a, symbol) for a in n.args]),
    }
    return convert[type(node)](node)


@dataclass(frozen=True, slots=True)
class Partial(Node):
    """∂of/∂wrt, for chain-rule lines; display only (never evaluated)."""

    of: Node
    wrt: Node


def _log(x):
    import sympy

    return sympy.log(x)


def _exp(x):
    import sympy

    return sympy.exp(x)


LOG = Function("log", r"\log", "log", _log, rule_key="log")
EXP = Function("exp", r"\exp", "exp", _exp, rule_key="exp")


def _sqrt(x):
    import sympy

    return sympy.sqrt(x)


def _abs(x):
    import sympy

    return sympy.Abs(x)


def _sign(x):
    import sympy

    return sympy.sign(x)


# the optimizers' and the regularization's functions (optimizers.py)
SQRT = Function("sqrt", r"\sqrt", "√", _sqrt, rule_key="sqrt")
ABS = Function("abs", "|", "|", _abs, rule_key="abs")
SIGN = Function("sign", r"\operatorname{sign}", "sign", _sign, rule_key="sign")


def from_sympy(expr) -> Node:
    """A SymPy expression (a chain-rule factor SymPy derived) as a tree in SymPy's print order."""
    import sympy

    if expr.is_Symbol:
        return Ref(expr.name)
    if expr.is_Rational:
        return Const(Fraction(int(expr.p), int(expr.q)))
    if expr.is_Add:
        terms = expr.as_ordered_terms()
        # a negative term after the first reads as a subtraction: a − 1, not a + (−1)
        return Add((from_sympy(terms[0]),) + tuple(
            Neg(from_sympy(-t)) if t.could_extract_minus_sign() else from_sympy(t) for t in terms[1:]))
    if expr.is_Mul:
        coeff, rest = expr.as_coeff_Mul()
        if coeff == -1:
            return Neg(from_sympy(rest))
        numer, denom = sympy.fraction(expr)
        if denom != 1:
            return Div(from_sympy(numer), from_sympy(denom))
        return Mul(tuple(from_sympy(f) for f in expr.as_ordered_factors()))
    if expr.is_Pow:
        if expr.exp.is_Integer and expr.exp > 0:
            return Pow(from_sympy(expr.base), int(expr.exp))
        if expr.exp.is_Integer and expr.exp < 0:
            return Div(Const(Fraction(1)), from_sympy(expr.base ** -expr.exp))
    if isinstance(expr, sympy.log):
        return Apply(LOG, (from_sympy(expr.args[0]),))
    if isinstance(expr, sympy.exp):
        return Apply(EXP, (from_sympy(expr.args[0]),))
    raise TypeError(f"cannot display {expr!r}")


@dataclass(frozen=True, slots=True)
class SumOver(Node):
    """Σ_index body, for general formulas; display only."""

    index: str
    body: Node
