"""Formula trees (formula.py) -> closures env -> value in a number domain (`core.numeric.Domain`).

The worked solution's lines and `check`'s recomputations evaluate these trees on printed or
written numbers (env: name -> value).  Arithmetic nodes are the domain's operations; an applied
function (σ, ReLU', log, softmax) is its SymPy rule, compiled once per function and constant
arguments and reused with the arguments bound (its frozen form kept on disk, `sympy_cache`).
"""

from __future__ import annotations

from fractions import Fraction
from functools import reduce
from typing import Callable

from . import formula as F
from .core.closures import compile_frozen
from .core.frozen import checked, freeze
from .core.numeric import Domain, domain
from .sympy_cache import recall

_APPLIED: dict = {}  # (Function, constant arguments, domain) -> compiled rule, shared by all formulas


def compile_formula(node, domain: Domain) -> Callable[[dict], object]:
    kind = type(node)
    if kind is F.Ref:
        key = node.name
        return lambda env: env[key]
    if kind is F.Const:
        value = domain.number(node.value)
        return lambda env: value
    if kind in (F.Add, F.Mul):
        parts = [compile_formula(child, domain) for child in (node.terms if kind is F.Add else node.factors)]
        op = domain.add if kind is F.Add else domain.mul
        return lambda env: reduce(op, (p(env) for p in parts))
    if kind in (F.Sub, F.Div):
        left = compile_formula(node.left if kind is F.Sub else node.numerator, domain)
        right = compile_formula(node.right if kind is F.Sub else node.denominator, domain)
        op = domain.sub if kind is F.Sub else domain.div
        return lambda env: op(left(env), right(env))
    if kind is F.Neg:
        arg = compile_formula(node.arg, domain)
        return lambda env: -arg(env)
    if kind is F.Pow:
        base, exponent = compile_formula(node.base, domain), node.exponent
        return lambda env: domain.power(base(env), exponent)
    if kind is F.Apply:
        if node.function is F.LOG and type(node.args[0]) is F.Add and F.Const(Fraction(1)) in node.args[0].terms:
            return _compile_log1p(node.args[0].terms, domain)
        return _compile_apply(node, domain)
    raise TypeError(f"cannot evaluate {node!r}")


def _compile_log1p(terms, domain: Domain):
    """log(1 + u) as log1p(u): its digits kept where u is tiny (the stable bce line's
    log(1 + e^−200) is 1.4·10⁻⁸⁷, not the log(1) = 0 of 1 + e^−200 at 50 digits)."""
    rest = list(terms)
    rest.remove(F.Const(Fraction(1)))
    u = compile_formula(rest[0] if len(rest) == 1 else F.Add(tuple(rest)), domain)
    return lambda env: domain.log1p(u(env))


def _compile_apply(node, domain: Domain):
    constants = tuple(arg.value if isinstance(arg, F.Const) else None for arg in node.args)
    key = (node.function, constants, id(domain))
    compiled = _APPLIED.get(key)
    if compiled is None:
        def rule():
            import sympy

            slots = [f"arg{i}" for i in range(len(node.args))]
            symbolic = [sympy.Rational(c.numerator, c.denominator) if c is not None else sympy.Symbol(slot, real=True)
                        for c, slot in zip(constants, slots)]
            return freeze(node.function.sympy_rule(*symbolic))

        rule_key = node.function.rule_key
        frozen = rule() if rule_key is None else recall("applied_rule", f"{rule_key}/{constants!r}", rule, checked)
        compiled = _APPLIED[key] = compile_frozen(frozen, domain)
    args = [(f"arg{i}", compile_formula(arg, domain)) for i, arg in enumerate(node.args) if constants[i] is None]
    return lambda env: compiled({slot: arg(env) for slot, arg in args})


# ---- formula trees of the worked solution, evaluated ---------------------------------------------
# (node, exact) -> compiled: a sheet's variants share a few hundred formulas; a large network's plan
# evaluates ~35 k once each (64x12: 70 MB of closures kept to the end at 1 << 16 entries, issue 16)
_FORMULAS: dict = {}
_FORMULAS_MAX = 1 << 12


def compiled_formula(node, exact: bool) -> Callable[[dict], object]:
    """A formula tree (formula.py) compiled (once) for the exact or the hybrid domain: env -> value."""
    key = (node, exact)
    compiled = _FORMULAS.get(key)
    if compiled is None:
        if len(_FORMULAS) >= _FORMULAS_MAX:
            _FORMULAS.clear()
        compiled = _FORMULAS[key] = compile_formula(node, domain(rational_only=exact))
    return compiled


def evaluate_formula(node, values: dict, exact: bool):
    """The value of a formula (e.g. f'(z) alone) from named values, in the solution's domain."""
    number = domain(rational_only=exact).number
    return compiled_formula(node, exact)({n: number(v) for n, v in values.items()})
