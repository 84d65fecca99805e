"""Numbers: a derivation and a spec's givens -> the value of every quantity.

Each quantity's formula tree (the SymPy-derived formula the worked solution shows) is compiled
once (per architecture) into a small Python closure and evaluated in order of computation;
applied functions (σ, ReLU', softmax, log) run their SymPy rule.  Networks whose activations and loss keep rationals
rational are computed exactly in `Fraction`s; the others (exp, log, tanh) in mpmath at
`HIGH_PRECISION_DIGITS` digits.  Nothing is rounded here unless `round_to` asks for it (the
"calculator" mode: every shown value rounded and the rounded value carried on).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce
from typing import Callable

from . import names
from .activations import ACTIVATIONS
from .derivation import Derivation, Quantity
from .errors import SpecError
from .losses import LOSSES
from .numbers import round_significant
from .spec import Spec

HIGH_PRECISION_DIGITS = 50
# When a value is undefined at 50 digits only because of them (σ(120) rounds to 1, so log(1 − a) is
# log 0), the solution is computed again with more digits; what stays undefined at the last is.
MORE_DIGITS = (200, 1000)
SAME_TO = 1e-40  # high-precision values this close (relatively) are the same number


class _Exact:
    """Rational arithmetic."""

    exact = True

    @staticmethod
    def const(p: int, q: int):
        return Fraction(p, q)

    @staticmethod
    def convert(value):
        return Fraction(value)

    def function(self, name: str):
        raise SpecError("spec", f"{name} needs high precision, not exact arithmetic")

    @staticmethod
    def relation(op):
        return op


class _HighPrecision:
    exact = False

    def __init__(self, digits: int = HIGH_PRECISION_DIGITS):
        import mpmath

        self.mpmath = mpmath
        self.context = mpmath.mp.clone()
        self.context.dps = digits

    def const(self, p: int, q: int):
        return self.context.mpf(p) / q

    def convert(self, value):
        if isinstance(value, Fraction):
            return self.context.mpf(value.numerator) / value.denominator
        return self.context.mpf(value)

    def function(self, name: str):
        ctx = self.context

        def log(x):
            if x <= 0:
                raise ArithmeticError(f"log of {self.mpmath.nstr(x, 6)}")
            return ctx.log(x)

        return {"exp": ctx.exp, "log": log, "tanh": ctx.tanh}[name]

    @staticmethod
    def relation(op):
        """A comparison in which values equal to 40 digits count as equal: an exact 0 such as
        0.1 + 0.2 − 0.3 is a few units in the 50th digit here, and must stand at ReLU's kink
        (ReLU'(0) = 0) as it does in exact arithmetic."""
        def compare(x, y):
            if abs(x - y) <= SAME_TO * max(1, abs(x), abs(y)):
                return op(0, 0)
            return op(x, y)

        return compare


def _compile(expr, domain) -> Callable[[dict], object]:
    """A closure env -> value for a SymPy expression (Add, Mul, Pow, Piecewise, exp, log, tanh)."""
    import sympy

    if expr.is_Symbol:
        key = expr.name
        return lambda env: env[key]
    if expr.is_Rational:
        value = domain.const(int(expr.p), int(expr.q))
        return lambda env: value
    if expr.is_Add or expr.is_Mul:
        parts = [_compile(arg, domain) for arg in expr.args]
        op = operator.add if expr.is_Add else operator.mul
        return lambda env: reduce(op, (p(env) for p in parts))
    if expr.is_Pow:
        base = _compile(expr.base, domain)
        if expr.exp.is_Integer:
            exponent = int(expr.exp)
            return lambda env: base(env) ** exponent
        exponent_fn = _compile(expr.exp, domain)
        return lambda env: base(env) ** exponent_fn(env)
    if isinstance(expr, sympy.Piecewise):
        branches = [(_compile_condition(cond, domain), _compile(value, domain)) for value, cond in expr.args]

        def piecewise(env):
            for condition, value in branches:
                if condition(env):
                    return value(env)
            raise ArithmeticError("no branch of a piecewise function applies")

        return piecewise
    if isinstance(expr, (sympy.exp, sympy.log, sympy.tanh)):
        function = domain.function(type(expr).__name__)
        arg = _compile(expr.args[0], domain)
        return lambda env: function(arg(env))
    if expr in (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        # e.g. log(0) in a branch of a whole-network Piecewise: an error only if that branch is taken
        return _undefined(expr)
    if isinstance(expr, (sympy.logic.boolalg.Boolean, sympy.core.relational.Relational)):
        return _compile_condition(expr, domain)  # a condition SymPy's cse took out of a Piecewise
    raise TypeError(f"cannot evaluate {expr!r}")


def _undefined(expr):
    def fail(env):
        raise ArithmeticError(f"the value is undefined ({expr})")

    return fail


_RELATIONS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq, "!=": operator.ne}


def _compile_condition(cond, domain):
    """A closure env -> bool for a Piecewise condition: relations, And, Or, Not, ITE, True/False."""
    import sympy

    if cond.is_Symbol:  # a condition named by cse
        key = cond.name
        return lambda env: env[key]
    if cond is sympy.true or cond is sympy.false:
        constant = bool(cond)
        return lambda env: constant
    if isinstance(cond, (sympy.And, sympy.Or)):
        parts = [_compile_condition(arg, domain) for arg in cond.args]
        combine = all if isinstance(cond, sympy.And) else any
        return lambda env: combine(p(env) for p in parts)
    if isinstance(cond, sympy.Not):
        inner = _compile_condition(cond.args[0], domain)
        return lambda env: not inner(env)
    if isinstance(cond, sympy.ITE):
        test, then, otherwise = (_compile_condition(arg, domain) for arg in cond.args)
        return lambda env: then(env) if test(env) else otherwise(env)
    op = domain.relation(_RELATIONS[cond.rel_op])
    lhs, rhs = _compile(cond.lhs, domain), _compile(cond.rhs, domain)
    return lambda env: op(lhs(env), rhs(env))


_APPLIED: dict = {}  # (Function, constant arguments, domain) -> compiled rule, shared by all quantities


def _compile_formula(node, domain) -> Callable[[dict], object]:
    """A closure env -> value for a quantity's formula tree.

    Arithmetic nodes become Python operations directly; an applied function (σ, ReLU', log,
    softmax) is its SymPy rule, compiled once per function and reused with the arguments bound:
    building a SymPy expression for each of thousands of quantities is what made wide networks slow.
    """
    from . import formula as f

    kind = type(node)
    if kind is f.Ref:
        key = node.name
        return lambda env: env[key]
    if kind is f.Const:
        value = domain.const(node.value.numerator, node.value.denominator)
        return lambda env: value
    if kind in (f.Add, f.Mul):
        parts = [_compile_formula(child, domain) for child in (node.terms if kind is f.Add else node.factors)]
        op = operator.add if kind is f.Add else operator.mul
        return lambda env: reduce(op, (p(env) for p in parts))
    if kind in (f.Sub, f.Div):
        left = _compile_formula(node.left if kind is f.Sub else node.numerator, domain)
        right = _compile_formula(node.right if kind is f.Sub else node.denominator, domain)
        op = operator.sub if kind is f.Sub else operator.truediv
        return lambda env: op(left(env), right(env))
    if kind is f.Neg:
        arg = _compile_formula(node.arg, domain)
        return lambda env: -arg(env)
    if kind is f.Pow:
        base, exponent = _compile_formula(node.base, domain), node.exponent
        return lambda env: base(env) ** exponent
    if kind is f.Apply:
        return _compile_apply(node, domain)
    raise TypeError(f"cannot evaluate {node!r}")


# The key under which `run` tells compiled formulas the calculator mode's digits (not a quantity name).
CALCULATOR_DIGITS = "#calculator-digits"


def _output_name(z_name: str) -> str:
    """a_j^l… for z_j^l… (same indices, sample and step)."""
    return "a" + z_name[1:]


def _compile_derivative(node, domain, exact_rule):
    """f'(z): exactly by default; with a calculator (CALCULATOR_DIGITS in env) as a student works
    it out — through the rounded output a when f' has such a form (σ' = a(1 − a)) — and rounded,
    since the worked solution shows it and the next step carries the shown value."""
    from . import formula as f

    function = node.function
    by_output = None
    if function.via_output is not None and isinstance(node.args[0], f.Ref):
        import sympy

        a = sympy.Symbol("a", real=True)
        rule = _compile(function.via_output(a), domain)
        a_name = _output_name(node.args[0].name)
        by_output = lambda env: rule({"a": env[a_name]})

    def derivative(env):
        digits = env.get(CALCULATOR_DIGITS)
        if digits is None:
            return exact_rule(env)
        value = by_output(env) if by_output is not None else exact_rule(env)
        return domain.convert(round_significant(value, digits))

    return derivative


def _compile_apply(node, domain):
    import sympy

    from . import formula as f

    constants = tuple(arg.value if isinstance(arg, f.Const) else None for arg in node.args)
    key = (node.function, constants, id(domain))
    compiled = _APPLIED.get(key)
    if compiled is None:
        slots = [f"arg{i}" for i in range(len(node.args))]
        symbolic = [sympy.Rational(c.numerator, c.denominator) if c is not None else sympy.Symbol(slot, real=True)
                    for c, slot in zip(constants, slots)]
        compiled = _APPLIED[key] = _compile(node.function.sympy_rule(*symbolic), domain)
    args = [(f"arg{i}", _compile_formula(arg, domain)) for i, arg in enumerate(node.args) if constants[i] is None]
    exact_rule = lambda env: compiled({slot: arg(env) for slot, arg in args})
    return _compile_derivative(node, domain, exact_rule) if node.function.is_derivative else exact_rule


@dataclass
class Program:
    """A derivation compiled for one number domain."""

    derivation: Derivation
    exact: bool
    domain: object
    steps: list[tuple[Quantity, Callable]]


_PROGRAMS: dict = {}


def is_exact(spec: Spec) -> bool:
    return LOSSES[spec.loss].rational and all(ACTIVATIONS[l.activation].rational for l in spec.layers)


def compile_program(derivation: Derivation, exact: bool, digits: int = HIGH_PRECISION_DIGITS) -> Program:
    key = (derivation.architecture, exact, digits)
    program = _PROGRAMS.get(key)
    if program is None:
        domain = _domain(exact, digits)
        steps = [(q, _compile_formula(q.formula, domain)) for q in derivation.quantities]
        program = _PROGRAMS[key] = Program(derivation, exact, domain, steps)
    return program


def given_values(spec: Spec) -> dict[str, Fraction]:
    """Inputs, targets, learning rate and step 1's parameters, by name."""
    values: dict[str, Fraction] = {names.LEARNING_RATE: spec.learning_rate}
    for s, (x, y) in enumerate(zip(spec.inputs, spec.targets), start=1):
        sample = s if spec.batch else None
        values.update({names.name("a", 0, (k,), sample): v for k, v in enumerate(x)})
        values.update({names.name("y", None, (j,), sample): v for j, v in enumerate(y)})
    for l, layer in enumerate(spec.layers, start=1):
        for j, row in enumerate(layer.weights):
            values.update({names.name("w", l, (j, k)): v for k, v in enumerate(row)})
            if layer.has_bias:
                values[names.name("b", l, (j,))] = layer.biases[j]
    return values


def _equal(x, y) -> bool:
    """Equal as exact numbers, or to 40 digits for high-precision ones (binary noise aside)."""
    if isinstance(x, Fraction) and isinstance(y, Fraction):
        return x == y
    return abs(x - y) <= SAME_TO * max(1, abs(y))


def run(program: Program, env: dict, round_to: int | None = None, overrides: dict | None = None,
        rounded: set | None = None, max_bits: int | None = None) -> dict:
    """Evaluate every quantity in order; `env` holds the givens (converted to the domain).

    `round_to`: round each computed value to that many significant digits and carry it on.
    `overrides`: values to carry on in place of the computed ones (a student's own numbers).
    """
    values = {}
    if round_to is not None:
        env[CALCULATOR_DIGITS] = round_to
    for quantity, function in program.steps:
        try:
            value = function(env)
        except (ArithmeticError, ZeroDivisionError) as exc:
            raise SpecError(quantity.name, f"cannot be computed ({exc}); check the spec's numbers") from None
        if round_to is not None:
            shown = program.domain.convert(round_significant(value, round_to))
            if rounded is not None and not _equal(shown, value):
                rounded.add(quantity.name)  # the calculator's value is rounded: shown with ≈
            value = shown
        if max_bits is not None and max(value.numerator.bit_length(), value.denominator.bit_length()) > max_bits:
            raise _TooLong(quantity.name)
        values[quantity.name] = value
        env[quantity.name] = overrides[quantity.name] if overrides and quantity.name in overrides else value
    return values


@dataclass
class Solution:
    """A spec's derivation with the exact (or high-precision) value of every quantity."""

    spec: Spec
    derivation: Derivation
    values: dict  # name -> Fraction or mpf, in order of computation
    givens: dict  # name -> Fraction
    exact: bool
    round_to: int | None = None  # the calculator mode's digits, or None
    rounded: set = field(default_factory=set)  # calculator mode: names whose carried value was rounded
    digits: int = HIGH_PRECISION_DIGITS  # working precision of a high-precision solution

    def __getitem__(self, name: str):
        return self.values[name]

    @property
    def mode(self) -> str:
        """How the values were computed: "exact", "high-precision" or "rounded-intermediate"."""
        return "rounded-intermediate" if self.round_to else ("exact" if self.exact else "high-precision")


# Exact values whose numerator or denominator outgrow this many bits (about 120 digits; each SGD
# step roughly doubles the digits of an exact network) are no longer worth carrying exactly: the
# whole solution is then computed at HIGH_PRECISION_DIGITS instead.
MAX_EXACT_BITS = 400


class _TooLong(Exception):
    pass


def solve(spec: Spec, round_to: int | None = None) -> Solution:
    from .derivation import derive

    derivation = derive(spec.architecture())
    givens = given_values(spec)
    attempts = [(False, digits) for digits in (HIGH_PRECISION_DIGITS, *MORE_DIGITS)]
    for exact, digits in ([(True, HIGH_PRECISION_DIGITS)] if is_exact(spec) else []) + attempts:
        program = compile_program(derivation, exact, digits)
        env = {name: program.domain.convert(value) for name, value in givens.items()}
        rounded: set = set()
        try:
            values = run(program, env, round_to, rounded=rounded, max_bits=MAX_EXACT_BITS if exact else None)
        except _TooLong:
            continue
        except SpecError:
            if exact or digits == attempts[-1][1]:
                raise
            continue  # undefined at these digits: try more
        return Solution(spec, derivation, values, givens, exact, round_to, rounded, digits)
    raise AssertionError("unreachable: the high-precision run has no size limit")


_DOMAINS: dict = {}
_FORMULAS: dict = {}


def _domain(exact: bool, digits: int = HIGH_PRECISION_DIGITS):
    key = (exact, None if exact else digits)
    if key not in _DOMAINS:
        _DOMAINS[key] = _Exact() if exact else _HighPrecision(digits)
    return _DOMAINS[key]


def compiled_formula(node, exact: bool) -> Callable[[dict], object]:
    """A formula tree compiled (once) for the exact or the high-precision domain: env -> value."""
    key = (node, exact)
    compiled = _FORMULAS.get(key)
    if compiled is None:
        compiled = _FORMULAS[key] = _compile_formula(node, _domain(exact))
    return compiled


def evaluate_formula(node, values: dict, exact: bool):
    """The value of a formula (e.g. f'(z) alone) from named values, in the solution's domain."""
    domain = _domain(exact)
    env = {n: domain.convert(v) if isinstance(v, Fraction) else v for n, v in values.items()}
    return compiled_formula(node, exact)(env)
