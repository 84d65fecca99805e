"""Trees <-> SymPy: the SymPy expression of a tree, and a SymPy expression (a derivative SymPy
worked out) as a tree again.

In:  a tree of `expr.py` (its operations' forward rules from the registry), or a SymPy expression.
Out: the other.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

from .expr import AllOf, AnyOf, Call, Cases, Compare, Const, Ref
from .identity import Identity
from .operations import OPERATIONS

_RELATIONS = {"<": "Lt", "<=": "Le", ">": "Gt", ">=": "Ge", "==": "Eq", "!=": "Ne"}


def to_sympy(expr, symbol: Callable[[Identity], object]):
    """The SymPy expression of a tree; `symbol(identity)` gives the Symbol of a Ref."""
    import sympy

    if isinstance(expr, Ref):
        return symbol(expr.identity)
    if isinstance(expr, Const):
        return sympy.Rational(expr.value.numerator, expr.value.denominator)
    if isinstance(expr, Call):
        return OPERATIONS[expr.op].rule(tuple(to_sympy(a, symbol) for a in expr.args), expr.param)
    if isinstance(expr, Cases):
        return sympy.Piecewise(*[(to_sympy(v, symbol), sympy.true if c is None else to_sympy(c, symbol))
                                 for v, c in expr.branches])
    if isinstance(expr, Compare):
        return getattr(sympy, _RELATIONS[expr.relation])(to_sympy(expr.left, symbol), to_sympy(expr.right, symbol))
    if isinstance(expr, (AllOf, AnyOf)):
        combine = sympy.And if isinstance(expr, AllOf) else sympy.Or
        return combine(*[to_sympy(c, symbol) for c in expr.conditions])
    raise TypeError(f"not a tree: {expr!r}")


def from_sympy(expr, ref: Callable[[object], Expr]):
    """A SymPy expression (a derivative SymPy worked out) as a tree, in SymPy's print order;
    `ref(symbol)` gives the tree of a Symbol.  Negative terms read as subtractions (a − 1)."""
    import sympy

    again = lambda e: from_sympy(e, ref)  # noqa: E731
    if expr.is_Symbol:
        return ref(expr)
    if expr.is_Rational:
        return Const(Fraction(int(expr.p), int(expr.q)))
    if expr == sympy.E:
        return Call("exp", (Const(Fraction(1)),))
    if expr in (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):  # a branch with no value (|x| at 0 in a denominator)
        return Call("div", (Const(Fraction(1)), Const(Fraction(0))))
    if expr.is_Add:
        terms = expr.as_ordered_terms()
        parts = [again(terms[0])] + [Call("neg", (again(-t),)) if t.could_extract_minus_sign() else again(t)
                                     for t in terms[1:]]
        return Call("add", tuple(parts))
    if expr.is_Mul:
        coeff, rest = expr.as_coeff_Mul()
        if coeff == -1:
            return Call("neg", (again(rest),))
        numer, denom = sympy.fraction(expr)
        if denom != 1:
            return Call("div", (again(numer), again(denom)))
        return Call("mul", tuple(again(f) for f in expr.as_ordered_factors()))
    if expr.is_Pow:
        base, exponent = expr.base, expr.exp
        if exponent.is_Integer:
            n = int(exponent)
            if n < 0:
                return Call("div", (Const(Fraction(1)), again(base ** -n)))
            return Call("pow", (again(base),), n)
        if exponent.is_Rational and exponent.q & (exponent.q - 1) == 0:  # √…√base to a power
            root, q = again(base), int(exponent.q)
            while q > 1:
                root, q = Call("sqrt", (root,)), q // 2
            n = int(exponent.p)
            power = root if abs(n) == 1 else Call("pow", (root,), abs(n))
            return power if n > 0 else Call("div", (Const(Fraction(1)), power))
        if base == sympy.E:
            return Call("exp", (again(exponent),))
    for sympy_class, op in ((sympy.exp, "exp"), (sympy.log, "ln"), (sympy.tanh, "tanh")):
        if isinstance(expr, sympy_class):
            return Call(op, (again(expr.args[0]),))
    if isinstance(expr, sympy.Piecewise):
        branches = []
        for value, cond in expr.args:
            condition = _condition(cond, ref)
            if condition is not False:  # a branch that never applies is left out
                branches.append((again(value), condition))
            if condition is None:  # always applies: later branches never do
                break
        return Cases(tuple(branches))
    # SymPy's own forms of the kinked rules, which it may produce when it simplifies a derivative
    if isinstance(expr, (sympy.Abs, sympy.Max, sympy.Min)):
        op = {sympy.Abs: "abs", sympy.Max: "max", sympy.Min: "min"}[type(expr)]
        return Call(op, tuple(again(a) for a in expr.args))
    if isinstance(expr, sympy.sign):
        x, zero = again(expr.args[0]), Const(Fraction(0))
        return Cases(((Const(Fraction(1)), Compare(">", x, zero)), (Const(Fraction(-1)), Compare("<", x, zero)),
                      (zero, None)))
    raise TypeError(f"no tree for {expr!r}")


def _condition(cond, ref):
    """A condition tree; None for one that always holds, False for one that never does."""
    import sympy

    if isinstance(cond, (sympy.ITE, sympy.Not, sympy.Xor, sympy.Implies, sympy.Equivalent)):
        cond = sympy.to_nnf(cond)  # And/Or of relations (a negated relation is the flipped one)
    if cond is sympy.true or cond is True:
        return None
    if cond is sympy.false or cond is False:
        return False
    if isinstance(cond, (sympy.And, sympy.Or)):
        parts = [_condition(c, ref) for c in cond.args]
        decided, neutral = (False, None) if isinstance(cond, sympy.And) else (None, False)
        if any(part is decided for part in parts):
            return decided
        parts = [part for part in parts if part is not neutral]
        if not parts:
            return neutral
        combine = AllOf if isinstance(cond, sympy.And) else AnyOf
        return parts[0] if len(parts) == 1 else combine(tuple(parts))
    if isinstance(cond, sympy.core.relational.Relational):
        return Compare(cond.rel_op, from_sympy(cond.lhs, ref), from_sympy(cond.rhs, ref))
    raise TypeError(f"no condition for {cond!r}")
