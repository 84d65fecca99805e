"""Numbers: a derivation and a spec's givens -> the value of every quantity.

Each quantity's formula tree (the SymPy-derived formula the worked solution shows) is compiled
once (per architecture) into a small Python closure and evaluated in order of computation;
applied functions (σ, ReLU', softmax, log) run their SymPy rule.

Networks whose activations and loss keep rationals rational are computed exactly in
`Fraction`s; all others in the hybrid domain of domains.py, where a value stays an exact
`Fraction` as long as it is exact.

Nothing is rounded here unless `round_to` asks for it (the calculator mode: every value the
worked solution shows rounded to `round_to` significant digits and the rounded value carried on).
Besides the named quantities, a run records the values the worked solution shows between them:
each f'(z) (`derivative_key`) and each back-propagated sum ((W^T δ)_k, `backprop_key`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce
from typing import Callable

from . import derivation as D
from . import names
from .activations import ACTIVATIONS
from .derivation import Derivation, Quantity
from .domains import HIGH_PRECISION_DIGITS, _compile, _domain, _Exact, _Hybrid  # noqa: F401 (the domains' home)

# When a value is undefined at 50 digits only because of them (σ(120) rounds to 1, so log(1 − a)
# is log 0), the solution is computed again with more digits; what stays undefined at the last is.
MORE_DIGITS = (200, 1000)
from .errors import SpecError
from .losses import LOSSES
from .numbers import format_decimal, round_significant
from .spec import Spec

def derivative_key(z_name: str) -> str:
    """The key under which a run records f'(z) for the pre-activation `z_name`."""
    return f"f'({z_name})"


def backprop_key(delta_name: str) -> str:
    """The key of the back-propagated sum ((W^{l+1})^T δ^{l+1})_k of a hidden δ_k^l."""
    return f"(W^T delta)({delta_name})"


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


def compile_program(derivation: Derivation, exact: bool, digits: int = HIGH_PRECISION_DIGITS) -> Program:
    key = (derivation.architecture, exact, digits)
    program = _PROGRAMS.get(key)
    if program is None:
        domain = _domain(exact, digits)
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
    digits: int = HIGH_PRECISION_DIGITS  # working precision of its mpmath numbers (MORE_DIGITS when 50 were too few)

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
    attempts = [(False, digits) for digits in (HIGH_PRECISION_DIGITS, *MORE_DIGITS)]
    for exact, digits in ([(True, HIGH_PRECISION_DIGITS)] if is_exact(spec) else []) + attempts:
        program = compile_program(derivation, exact, digits)
        rounded: set = set()
        start = _written_givens(givens, round_to, rounded) if round_to is not None else givens
        env = {name: program.domain.convert(value) for name, value in start.items()}
        record = Record()
        try:
            values = run(program, env, round_to, rounded=rounded, max_bits=MAX_EXACT_BITS, round_sums=round_sums,
                         record=record)
        except _TooLong:
            continue
        except SpecError:
            if exact or round_to is not None or digits == attempts[-1][1]:
                raise
            continue  # undefined at these digits only (σ(120) is 1 at 50): again with more
        return Solution(spec, derivation, values, start, exact, round_to, rounded | record.rounded, record.values,
                        digits=digits)
    raise AssertionError("unreachable: the hybrid run has no size limit")


_FORMULAS: dict = {}


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
