"""The values a careful student can reach from their own numbers, rounding as they go or not.

In:  a formula tree, the student's numbers as `Values` (name -> the values a number may be: a
     written number is one, a value not written down the ones it follows as), the sheet's
     significant digits (one or two: the sheet's and the marking rule's) and how f'(z) is worked
     out (through a, or from z).
Out: the `Values` of the formula: every value it gives when each value computed on the way — each
     product, sum, difference, quotient, power, function value, f'(z) (as a(1 − a), 1 − a², or
     from z), each e^{z_i} and Σ_i e^{z_i} of a softmax, e^{−z} of a sigmoid — is rounded to those
     digits, or not rounded at all, in any mixture; None where the formula is undefined.

The values are kept as a set while there are at most CAP of them (each computed exactly); beyond,
as a `Span` (low, high) holding them all, widened at every rounded node by h(x) = ½·10^(⌊log₁₀|x|⌋
− D + 1), the most rounding to D or more digits moves x (interval arithmetic: every function is
evaluated at the ends of its arguments' spans and at 0 where a span holds it — σ'(z) and tanh'(z)
are largest there; the functions symbp knows are monotone elsewhere on a span this short).
`written` maps formula nodes to values worked out on the way that the student wrote (Σ_k w·δ,
f'(z); f'(z) also by the name of its local derivative): evaluated with it, such a node is the
number written.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from .formula import EXP, Add, Apply, Const, Div, Mul, Neg, Node, Pow, Ref, Sub

CAP = 128  # values kept one by one; beyond, a span
# what a value computed with the engine's functions (to 40 digits here) may differ from the true one
SLACK = Fraction(1, 10 ** 30)


@dataclass(frozen=True)
class Span:
    low: Fraction
    high: Fraction


@dataclass(frozen=True)
class Values:
    """The values a number may be: `points` (a set), or a `span` holding them all."""

    points: frozenset | None = None
    span: Span | None = None

    @staticmethod
    def of(*values) -> "Values":
        return Values(points=frozenset(_fraction(v) for v in values))

    def candidates(self) -> list:
        """The values a function of it is evaluated at: all of them, or a span's ends (and 0)."""
        if self.points is not None:
            return list(self.points)
        low, high = self.span.low, self.span.high
        return [low, high] + ([Fraction(0)] if low < 0 < high else [])

    def hull(self) -> Span:
        if self.span is not None:
            return self.span
        return Span(min(self.points), max(self.points))

    def union(self, other: "Values | None") -> "Values":
        if other is None:
            return self
        if self.points is not None and other.points is not None and len(self.points | other.points) <= CAP:
            return Values(points=self.points | other.points)
        a, b = self.hull(), other.hull()
        return Values(span=Span(min(a.low, b.low), max(a.high, b.high)))


def _fraction(value) -> Fraction:
    """A value as a Fraction; beyond the number limits (e^(10^8) from a typo) undefined."""
    from .numbers import as_fraction, round_significant, within_limits

    if not within_limits(value):
        raise ArithmeticError("beyond the number limits")
    if isinstance(value, (Fraction, int)):
        return Fraction(value)
    return round_significant(as_fraction(value), 40)  # a function value: 40 digits are plenty


def half_unit(value: Fraction, digits: int) -> Fraction:
    """h(x): half a unit of the `digits`-th significant digit of x (0 for 0)."""
    if value == 0:
        return Fraction(0)
    from .numbers import to_decimal

    return Fraction(1, 2) * Fraction(10) ** (to_decimal(abs(value)).adjusted() - digits + 1)


def rounded_or_not(values: Values, digits: tuple) -> Values:
    """Every value, and each rounded to each of `digits` significant digits (a span: to as many
    or more)."""
    from .numbers import round_significant

    if values.points is not None:
        return values.union(Values(points=frozenset(round_significant(v, d) for v in values.points for d in digits)))
    low, high = values.span.low, values.span.high
    h = half_unit(max(abs(low), abs(high)), min(digits))
    return Values(span=Span(low - h, high + h))


def combine(rule, *args: Values) -> Values:
    """`rule` (a function of numbers) over the values of its arguments: at every combination while
    there are at most CAP, else over the arguments' spans."""
    count = 1
    for a in args:
        count *= len(a.points) if a.points is not None else CAP + 1
    if count <= CAP:
        return Values(points=frozenset(_fraction(rule(*c)) for c in product(*(a.candidates() for a in args))))
    hulls = [Values(span=a.hull()) if a.points is not None else a for a in args]
    results = [_fraction(rule(*c)) for c in product(*(a.candidates() for a in hulls))]
    return Values(span=Span(min(results), max(results)))


class _Evaluation:
    """One way of evaluating a formula on the student's values (dispatch by node class)."""

    def __init__(self, env: dict, digits: tuple, through_output: bool, written: dict, top: Node):
        self.env, self.digits, self.through_output, self.written, self.top = env, digits, through_output, written, top

    def value(self, node: Node) -> Values:
        if node in self.written:
            return self.written[node]
        values = getattr(self, f"_{type(node).__name__}")(node)
        if node is self.top or isinstance(node, (Ref, Const)):
            return values
        return rounded_or_not(values, self.digits)

    def _Ref(self, node):
        return self.env[node.name]

    def _Const(self, node):
        return Values.of(node.value)

    def _fold(self, rule, nodes) -> Values:
        total = self.value(nodes[0])
        for n in nodes[1:]:
            total = combine(rule, total, self.value(n))
        return total

    def _Add(self, node):
        return self._fold(operator.add, node.terms)

    def _Mul(self, node):
        return self._fold(operator.mul, node.factors)

    def _Sub(self, node):
        return combine(operator.sub, self.value(node.left), self.value(node.right))

    def _Div(self, node):
        return combine(operator.truediv, self.value(node.numerator), self.value(node.denominator))

    def _Neg(self, node):
        return combine(operator.neg, self.value(node.arg))

    def _Pow(self, node):
        return combine(lambda x: x ** node.exponent, self.value(node.base))

    def _Apply(self, node):
        function = node.function
        if function.is_derivative and isinstance(node.args[0], Ref):
            from .names import activation_derivative

            local = self.written.get(activation_derivative(node.args[0].name))  # f'(z) written down
            if local is not None:
                return local
        if function.is_derivative and self.through_output and function.via_output is not None:
            from .carry import output_form, output_name

            a_name = output_name(node.args[0].name) if isinstance(node.args[0], Ref) else None
            if a_name in self.env:
                form = output_form(function, a_name)
                return _Evaluation(self.env, self.digits, True, self.written, form).value(form)
        steps = None if function.is_derivative else STEPS.get(function.key)
        if steps is not None:
            return steps(self, node)
        return _function(function, [self.value(a) for a in node.args])


def _function(function, args: list) -> Values:
    from .evaluate import compiled_formula

    slots = tuple(Ref(f"#{i}") for i in range(len(args)))
    compute = compiled_formula(Apply(function, slots), False)
    return combine(lambda *xs: compute({slot.name: x for slot, x in zip(slots, xs)}), *args)


def _softmax(ev: _Evaluation, node: Apply) -> Values:
    """softmax(z…)_j as a student works it out: each e^{z_i}, their sum, e^{z_j} / Σ."""
    from .numbers import round_significant

    *zs, index = node.args
    exps = [rounded_or_not(_function(EXP, [ev.value(z)]), ev.digits) for z in zs]
    j = int(index.value)
    count = 1
    for e in exps:
        count *= len(e.points) if e.points is not None else CAP + 1
    if count * (1 + len(ev.digits)) > CAP:  # the e^{z_j} above and in the sum taken apart: a wider set
        total = exps[0]
        for e in exps[1:]:
            total = combine(operator.add, total, e)
        return combine(operator.truediv, exps[j], rounded_or_not(total, ev.digits))
    found = set()
    for chosen in product(*(e.points for e in exps)):  # the same e^{z_j} above and in the sum
        total = sum(chosen, Fraction(0))
        if total == 0:
            raise ZeroDivisionError
        for shown in {total, *(round_significant(total, d) for d in ev.digits)}:
            found.add(chosen[j] / shown)
    return Values(points=frozenset(found))


def _sigmoid(ev: _Evaluation, node: Apply) -> Values:
    """σ(z) read off a calculator, or as 1 / (1 + e^{−z}) with e^{−z} and the sum rounded or not."""
    z = ev.value(node.args[0])
    e = rounded_or_not(_function(EXP, [combine(operator.neg, z)]), ev.digits)
    bottom = rounded_or_not(combine(lambda x: 1 + x, e), ev.digits)
    return _function(node.function, [z]).union(combine(lambda x: 1 / x, bottom))


STEPS = {"softmax": _softmax, "sigmoid": _sigmoid}  # functions a student works out in steps


CHOICES = 16  # at most this many ways of taking the numbers a formula reads, each taken alike everywhere


def values_of(node: Node, env: dict, digits: tuple, through_output: bool, written: dict | None = None,
              names: tuple = ()) -> Values | None:
    """The values of a formula over the student's values (module docstring); None where undefined.
    `names`: the numbers it reads; one that may be several values (not written down: exact, or as
    the key's chain rounds it) is the same value wherever the formula reads it, while there are at
    most CHOICES ways of taking them all (beyond, each reading on its own)."""
    from .numbers import within_limits

    several = [name for name in names if name in env and (env[name].points is None or len(env[name].points) > 1)]
    ways = 1
    for name in several:
        ways *= len(env[name].points) if env[name].points is not None else CHOICES + 1
    settings = [dict(zip(several, (Values.of(v) for v in chosen)))
                for chosen in product(*(sorted(env[n].points) for n in several))] if 1 < ways <= CHOICES else [{}]
    found = None
    for setting in settings:
        try:
            values = _Evaluation(_Setting(env, setting), digits, through_output, written or {}, node).value(node)
        except (ArithmeticError, ZeroDivisionError, ValueError, KeyError, OverflowError):
            return None
        found = values.union(found)
    hull = found.hull()
    return found if within_limits(hull.low) and within_limits(hull.high) else None


class _Setting(dict):
    """The student's values with some numbers taken as one value each."""

    def __init__(self, env: dict, setting: dict):
        super().__init__(setting)
        self.env = env

    def __missing__(self, name: str):
        return self.env[name]

    def __contains__(self, name) -> bool:
        return dict.__contains__(self, name) or name in self.env


def holds(written, values: Values | None, rule) -> bool:
    """Whether a written number is one of the values rounded at the precision it is written with
    (of a span: any number in it), and shows the digits the rule asks for."""
    from .agreement import HALF_UNIT, JUDGED_DIGITS, machine_written, precise_enough, unit

    if values is None or not precise_enough(written, rule):
        return False
    step = unit(written)
    units = HALF_UNIT * 10 ** (written.significant - JUDGED_DIGITS) if machine_written(written) else HALF_UNIT
    margin = max(units, HALF_UNIT) * step if step is not None else Fraction(0)
    spans = [values.span] if values.span is not None else [Span(p, p) for p in values.points]
    for span in spans:
        slack = SLACK * max(abs(span.low), abs(span.high), Fraction(1, 10 ** 30)) + margin
        if span.low - slack <= written.value <= span.high + slack:
            return True
    return False
