"""Numbers: a derivation and a spec's givens -> the value of every quantity.

Each quantity's formula tree (the SymPy-derived formula the worked solution shows) is compiled
once (per architecture) into a small Python closure and evaluated in order of computation;
applied functions (σ, ReLU', softmax, log) run their SymPy rule.

Number domains.  Networks whose activations and loss keep rationals rational are computed exactly
in `Fraction`s.  All others are computed in a *hybrid* domain: a value stays an exact `Fraction`
while it comes from rationals by rational operations (+ − · ÷, integer powers, ReLU's branches;
a product with an exact 0 is an exact 0; exp(0) = 1, log(1) = 0, tanh(0) = 0, so σ(0) = 1/2) and
becomes a 50-digit mpmath number only through a transcendental function of any other argument
(or when an exact value outgrows MAX_EXACT_BITS).  A `Fraction` is therefore exact by
construction: an exact 0 stands at ReLU's kink, and is shown and stored as 0, without any
threshold.  The one value decided numerically is a sum of 50-digit numbers that cancel in every
digit carried (Σδ of a softmax output): it is 0 (see _Hybrid._cancelled).

Nothing is rounded here unless `round_to` asks for it (the calculator mode: every value the
worked solution shows rounded to `round_to` significant digits and the rounded value carried on).
Besides the named quantities, a run records the values the worked solution shows between them:
each f'(z) (`derivative_key`) and each back-propagated sum ((W^T δ)_k, `backprop_key`).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce
from typing import Callable

from . import derivation as D
from . import names
from .activations import ACTIVATIONS
from .derivation import Derivation, Quantity
from .errors import SpecError
from .losses import LOSSES
from .numbers import format_decimal, round_significant
from .spec import Spec

HIGH_PRECISION_DIGITS = 50


def derivative_key(z_name: str) -> str:
    """The key under which a run records f'(z) for the pre-activation `z_name`."""
    return f"f'({z_name})"


def backprop_key(delta_name: str) -> str:
    """The key of the back-propagated sum ((W^{l+1})^T δ^{l+1})_k of a hidden δ_k^l."""
    return f"(W^T delta)({delta_name})"


class _Exact:
    """Rational arithmetic."""

    exact = True
    add, sub, mul, truediv = operator.add, operator.sub, operator.mul, operator.truediv

    @staticmethod
    def const(p: int, q: int):
        return Fraction(p, q)

    @staticmethod
    def convert(value):
        return Fraction(value)

    def function(self, name: str):
        raise SpecError("spec", f"{name} needs high precision, not exact arithmetic")

    @staticmethod
    def power(base, exponent):
        return base ** exponent

    @staticmethod
    def relation(op):
        return op


def _is_exact_zero(x) -> bool:
    return type(x) is Fraction and x.numerator == 0


_MIXED_OPERATIONS = ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__", "__add__", "__radd__",
                     "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__")


def _mixes_with_fractions(mpf_type, high) -> None:
    """Let this context's numbers meet Fractions in comparisons and arithmetic (mpmath alone
    refuses `mpf < Fraction` and `Fraction − mpf`): a solution holds both, and code that compares
    its values (has the loss fallen?) must not care which is which.  The type is this context's
    own subclass of mpf, so nothing outside symbp's number domain changes."""
    for name in _MIXED_OPERATIONS:
        plain = getattr(mpf_type, name)

        def mixed(x, y, plain=plain):
            return plain(x, high(y) if isinstance(y, Fraction) else y)

        setattr(mpf_type, name, mixed)
    mpf_type.__hash__ = mpf_type.__mro__[1].__hash__


class _Hybrid:
    """Exact Fractions while exact, 50-digit mpmath numbers from the first transcendental step."""

    exact = False

    def __init__(self):
        import mpmath

        self.mpmath = mpmath
        self.context = mpmath.mp.clone()
        self.context.dps = HIGH_PRECISION_DIGITS
        _mixes_with_fractions(self.context.mpf, self.high)
        # the relative size below which a sum has cancelled up to the last 16 bits computed
        self.cancellation = self.context.ldexp(1, 16 - self.context.prec)

    def const(self, p: int, q: int):
        return Fraction(p, q)

    def convert(self, value):
        if isinstance(value, Fraction):
            return value
        if isinstance(value, int):
            return Fraction(value)
        return self.context.mpf(value)

    def high(self, x):
        """x as an mpmath number of this context."""
        if isinstance(x, Fraction):
            return self.context.mpf(x.numerator) / x.denominator
        return self.context.mpf(x)

    def _alike(self, x, y):
        """Both Fractions, or both mpmath numbers (mpmath does not mix with Fraction everywhere)."""
        if type(x) is type(y):
            return x, y
        return self.high(x), self.high(y)

    def add(self, x, y):
        if type(x) is type(y) is Fraction:
            return x + y
        return self._cancelled(self.high(x), self.high(y), self.high(x) + self.high(y))

    def sub(self, x, y):
        if type(x) is type(y) is Fraction:
            return x - y
        return self._cancelled(self.high(x), self.high(y), self.high(x) - self.high(y))

    def _cancelled(self, x, y, result):
        """A sum whose terms cancel in every digit the 50-digit arithmetic carries is 0: the two
        softmax δ of a 2-class output sum to 0, and so does w·δ_0 + w·δ_1, but in 50 digits only
        up to the rounding of their last bits.  (A true difference that small — 10^-46 of the
        terms — does not arise from numbers written with a few digits.)"""
        if abs(result) <= self.cancellation * max(abs(x), abs(y)):
            return Fraction(0)
        return result

    def mul(self, x, y):
        if _is_exact_zero(x) or _is_exact_zero(y):
            return Fraction(0)
        x, y = self._alike(x, y)
        return x * y

    def truediv(self, x, y):
        if _is_exact_zero(x) and y != 0:
            return Fraction(0)
        x, y = self._alike(x, y)
        return x / y

    def power(self, base, exponent):
        if isinstance(exponent, Fraction) and exponent.denominator == 1:
            return base ** int(exponent)
        return self.high(base) ** self.high(exponent)

    def relation(self, op):
        return lambda x, y: op(*self._alike(x, y))

    def function(self, name: str):
        ctx = self.context

        def exp(x):
            return Fraction(1) if _is_exact_zero(x) else ctx.exp(self.high(x))

        def log(x):
            if x <= 0:
                raise ArithmeticError(f"log of {self.mpmath.nstr(self.high(x), 6)}")
            return Fraction(0) if type(x) is Fraction and x == 1 else ctx.log(self.high(x))

        def log1p(x):
            if x <= -1:
                raise ArithmeticError(f"log of {self.mpmath.nstr(self.high(x) + 1, 6)}")
            return Fraction(0) if _is_exact_zero(x) else ctx.log1p(self.high(x))

        def tanh(x):
            return Fraction(0) if _is_exact_zero(x) else ctx.tanh(self.high(x))

        return {"exp": exp, "log": log, "log1p": log1p, "tanh": tanh}[name]


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
        op = domain.add if expr.is_Add else domain.mul
        return lambda env: reduce(op, (p(env) for p in parts))
    if expr.is_Pow:
        base = _compile(expr.base, domain)
        if expr.exp.is_Integer:
            exponent = int(expr.exp)
            return lambda env: base(env) ** exponent
        exponent_fn = _compile(expr.exp, domain)
        return lambda env: domain.power(base(env), exponent_fn(env))
    if isinstance(expr, sympy.Piecewise):
        branches = [(_compile_condition(cond, domain), _compile(value, domain)) for value, cond in expr.args]

        def piecewise(env):
            for condition, value in branches:
                if condition(env):
                    return value(env)
            raise ArithmeticError("no branch of a piecewise function applies")

        return piecewise
    if isinstance(expr, sympy.log) and expr.args[0].is_Add and sympy.S.One in expr.args[0].args:
        # log(1 + u) as log1p(u): softplus' log(1 + e^z) keeps its digits for z ≪ 0
        function = domain.function("log1p")
        arg = _compile(expr.args[0] - 1, domain)
        return lambda env: function(arg(env))
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
        op = domain.add if kind is f.Add else domain.mul
        return lambda env: reduce(op, (p(env) for p in parts))
    if kind in (f.Sub, f.Div):
        left = _compile_formula(node.left if kind is f.Sub else node.numerator, domain)
        right = _compile_formula(node.right if kind is f.Sub else node.denominator, domain)
        op = domain.sub if kind is f.Sub else domain.truediv
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


# Keys under which `run` passes settings to compiled formulas (not quantity names).
CALCULATOR_DIGITS = "#calculator-digits"  # the calculator mode's digits
ROUNDED_SUMS = "#rounded-sums"  # hidden δ names whose back-propagated sum is rounded and carried
RECORD = "#record"  # a Record: the values shown between the quantities


@dataclass
class Record:
    """Values a run computes between named quantities: f'(z) and (W^T δ)_k, by key."""

    values: dict = field(default_factory=dict)
    rounded: set = field(default_factory=set)  # calculator mode: keys whose carried value was rounded

    def keep(self, key: str, value, unrounded=None) -> None:
        self.values[key] = value
        if unrounded is not None and not _same(value, unrounded):
            self.rounded.add(key)


def _same(x, y) -> bool:
    """Whether a rounded value is the value itself (an mpf is never a terminating decimal)."""
    return type(x) is Fraction and type(y) is Fraction and x == y


def _calculator(env, domain, value, rounding: bool = True):
    """(carried value, value before rounding) as the calculator mode writes `value` down."""
    digits = env.get(CALCULATOR_DIGITS)
    if digits is None or not rounding:
        return value, None
    return domain.convert(round_significant(value, digits)), value


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
    key = derivative_key(node.args[0].name) if isinstance(node.args[0], f.Ref) else None
    if function.via_output is not None and key is not None:
        import sympy

        a = sympy.Symbol("a", real=True)
        rule = _compile(function.via_output(a), domain)
        a_name = _output_name(node.args[0].name)
        by_output = lambda env: rule({"a": env[a_name]})

    def derivative(env):
        calculator = env.get(CALCULATOR_DIGITS) is not None
        value = by_output(env) if calculator and by_output is not None else exact_rule(env)
        value, unrounded = _calculator(env, domain, value)
        record = env.get(RECORD)
        if record is not None and key is not None:
            record.keep(key, value, unrounded)
        return value

    return derivative


def _compile_hidden_delta(quantity: Quantity, domain):
    """δ_k^l = (Σ_j w_jk^{l+1}·δ_j^{l+1})·f'(z_k^l), keeping the sum: it is recorded, and with a
    calculator rounded and carried where the worked solution shows it (ROUNDED_SUMS)."""
    from . import formula as f

    formula = quantity.formula
    if not (isinstance(formula, f.Mul) and len(formula.factors) == 2 and isinstance(formula.factors[0], f.Add)):
        return _compile_formula(formula, domain)
    backprop, derivative = (_compile_formula(factor, domain) for factor in formula.factors)
    name, key = quantity.name, backprop_key(quantity.name)

    def hidden_delta(env):
        total, unrounded = _calculator(env, domain, backprop(env), name in env.get(ROUNDED_SUMS, ()))
        record = env.get(RECORD)
        if record is not None:
            record.keep(key, total, unrounded)
        return domain.mul(total, derivative(env))

    return hidden_delta


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


def compile_program(derivation: Derivation, exact: bool) -> Program:
    key = (derivation.architecture, exact)
    program = _PROGRAMS.get(key)
    if program is None:
        domain = _domain(exact)
        steps = [(q, _compile_hidden_delta(q, domain) if q.kind == D.HIDDEN_DELTA else _compile_formula(q.formula, domain))
                 for q in derivation.quantities]
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


def _too_long(value, max_bits: int) -> bool:
    return type(value) is Fraction and max(value.numerator.bit_length(), value.denominator.bit_length()) > max_bits


def run(program: Program, env: dict, round_to: int | None = None, overrides: dict | None = None,
        rounded: set | None = None, max_bits: int | None = None, round_sums=frozenset(),
        record: Record | None = None) -> dict:
    """Evaluate every quantity in order; `env` holds the givens (converted to the domain).

    `round_to`: round each computed value to that many significant digits and carry it on
    (`rounded` collects the names whose value the rounding changed; `round_sums`, the hidden δ
    whose back-propagated sum is rounded too).  `overrides`: values to carry on in place of the
    computed ones (a student's own numbers).  `record`: collects f'(z) and the back-propagated
    sums.  `max_bits`: exact values larger than this raise _TooLong (exact domain) or become
    high-precision numbers (hybrid domain).
    """
    values = {}
    if round_to is not None:
        env[CALCULATOR_DIGITS] = round_to
        env[ROUNDED_SUMS] = round_sums
    if record is not None:
        env[RECORD] = record
    for quantity, function in program.steps:
        try:
            value = function(env)
        except (ArithmeticError, ZeroDivisionError) as exc:
            raise SpecError(quantity.name, f"cannot be computed ({exc}); check the spec's numbers") from None
        if round_to is not None:
            shown = program.domain.convert(round_significant(value, round_to))
            if rounded is not None and not _same(shown, value):
                rounded.add(quantity.name)  # the calculator's value is rounded: shown with ≈
            value = shown
        if max_bits is not None and _too_long(value, max_bits):
            if program.exact:
                raise _TooLong(quantity.name)
            value = program.domain.high(value)
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
    between: dict = field(default_factory=dict)  # f'(z) and (W^T δ)_k by derivative_key/backprop_key
    # The calculator run (round_to set) this exact solution is shown with, if any (pipeline.carry).
    carried: "Solution | None" = None

    def __getitem__(self, name: str):
        return self.values[name]

    @property
    def mode(self) -> str:
        """How the values are shown: "exact", "high-precision" or "rounded-intermediate"."""
        if self.round_to or self.carried is not None:
            return "rounded-intermediate"
        return "exact" if self.exact else "high-precision"


# Exact values whose numerator or denominator outgrow this many bits (about 120 digits; each SGD
# step roughly doubles the digits of an exact network) are no longer worth carrying exactly: the
# solution is then computed in the hybrid domain, where such a value becomes a 50-digit number.
MAX_EXACT_BITS = 400


class _TooLong(Exception):
    pass


def _written_givens(givens: dict, digits: int, rounded: set) -> dict:
    """The givens as the calculator mode writes them: a value shown rounded (1/3) is carried rounded."""
    out = {}
    for name, value in givens.items():
        if format_decimal(value, digits).rounded:
            out[name] = round_significant(value, digits)
            rounded.add(name)
        else:
            out[name] = value
    return out


def solve(spec: Spec, round_to: int | None = None, round_sums=frozenset()) -> Solution:
    """The value of every quantity: exact, or with `round_to` as the calculator mode carries them
    (`round_sums`: the hidden δ whose back-propagated sum the worked solution shows)."""
    from .derivation import derive

    derivation = derive(spec.architecture())
    givens = given_values(spec)
    for exact in ((True, False) if is_exact(spec) else (False,)):
        program = compile_program(derivation, exact)
        rounded: set = set()
        start = _written_givens(givens, round_to, rounded) if round_to is not None else givens
        env = {name: program.domain.convert(value) for name, value in start.items()}
        record = Record()
        try:
            values = run(program, env, round_to, rounded=rounded, max_bits=MAX_EXACT_BITS, round_sums=round_sums,
                         record=record)
        except _TooLong:
            continue
        return Solution(spec, derivation, values, start, exact, round_to, rounded | record.rounded, record.values)
    raise AssertionError("unreachable: the hybrid run has no size limit")


_DOMAINS: dict = {}
_FORMULAS: dict = {}


def _domain(exact: bool):
    if exact not in _DOMAINS:
        _DOMAINS[exact] = _Exact() if exact else _Hybrid()
    return _DOMAINS[exact]


def compiled_formula(node, exact: bool) -> Callable[[dict], object]:
    """A formula tree compiled (once) for the exact or the hybrid domain: env -> value."""
    key = (node, exact)
    compiled = _FORMULAS.get(key)
    if compiled is None:
        if len(_FORMULAS) > 1 << 16:
            _FORMULAS.clear()
        compiled = _FORMULAS[key] = _compile_formula(node, _domain(exact))
    return compiled


def evaluate_formula(node, values: dict, exact: bool):
    """The value of a formula (e.g. f'(z) alone) from named values, in the solution's domain."""
    domain = _domain(exact)
    env = {n: domain.convert(v) if isinstance(v, Fraction) else v for n, v in values.items()}
    return compiled_formula(node, exact)(env)
