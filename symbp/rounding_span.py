"""The values a careful student can reach from their own numbers, rounding as they go or not.

In:  a formula tree, the student's numbers as `Values` (name -> the values a number may be: a
     written number is one, a value not written down the ones it follows as), the sheet's
     significant digits (one or two: the sheet's and the marking rule's) and how f'(z) is worked
     out (through a, or from z).
Out: the `Values` of the formula: every value it gives when each value computed on the way — each
     product, sum, difference, quotient, power, function value, f'(z) (as a(1 − a), 1 − a², or
     from z), each partial sum of a running sum (((w0·a0 + w1·a1) + w2·a2) + b), each e^{z_i} and
     Σ_i e^{z_i} of a softmax (also with the largest z subtracted first: e^{z_i − max z}), e^{−z}
     of a sigmoid, e^{±2z} of a tanh worked out as (e^{2z} − 1)/(e^{2z} + 1) — is rounded to those
     digits, to one or two digits more (a student who keeps 5 or 6 digits for a 4-digit sheet),
     or to any more or none (within half a unit of the digit after those), in any mixture; None
     where the formula is undefined.

`Values` are a union of at most CAP disjoint closed intervals (a written number is a one-point
interval).  Every operation is exact interval arithmetic over each combination of its arguments'
intervals (evaluated at the intervals' ends, and at 0 where an interval holds it — σ'(z) and
tanh'(z) are largest there; the functions symbp knows are monotone elsewhere on an interval this
short), and rounding maps an interval [l, h] to [round(l), round(h)] (rounding is monotone), so
the result holds every value of every mixture, and its ends are the most any mixture gives: no
interval is widened beyond what rounding does.  Past CAP intervals the closest neighbours are
joined, which fills only the smallest gaps between reachable values, never the outer ends.
`written` maps formula nodes to values worked out on the way that the student wrote (Σ_k w·δ,
f'(z); f'(z) also by the name of its local derivative): evaluated with it, such a node is the
number written.
"""

from __future__ import annotations

import operator
from contextvars import ContextVar
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from .formula import Add, Apply, Const, Div, Mul, Neg, Node, Pow, Ref, Sub

CAP = 48  # intervals kept; beyond, the closest are joined
_CAP = ContextVar("cap", default=CAP)  # 1 while a first, coarse pass works out only the outer ends
COMBINATIONS = 768  # combinations of the arguments' intervals worked out one by one; beyond, arguments joined
MORE_DIGITS = 2  # rounding to the sheet's digits and up to this many more, each as its own value
# what a value computed with the engine's functions (to 40 digits here) may differ from the true one
SLACK = Fraction(1, 10 ** 30)


@dataclass(frozen=True)
class Span:
    low: Fraction
    high: Fraction


@dataclass(frozen=True)
class Values:
    """The values a number may be: a union of sorted, disjoint intervals (`spans`)."""

    spans: tuple

    @staticmethod
    def of(*values) -> "Values":
        return Values(_normal([Span(v, v) for v in map(_fraction, values)], max(len(values), 1)))  # never joined

    @property
    def points(self) -> frozenset | None:
        """The values one by one, when each interval is a single value (else None)."""
        if all(s.low == s.high for s in self.spans):
            return frozenset(s.low for s in self.spans)
        return None

    def hull(self) -> Span:
        return Span(self.spans[0].low, self.spans[-1].high)

    def union(self, other: "Values | None") -> "Values":
        if other is None:
            return self
        return Values(_normal(list(self.spans) + list(other.spans)))


_LOW = operator.attrgetter("low")


def _float_low(span: Span) -> float:
    try:
        return float(span.low)
    except OverflowError:  # 10^999 from a typo: beyond float64, sorted exactly after
        return float("inf") if span.low > 0 else float("-inf")


def _normal(spans: list, cap: int | None = None) -> tuple:
    """Sorted, overlapping intervals joined; beyond `cap`, the ones with the smallest gaps between
    them joined too (the outer ends stay)."""
    cap = cap if cap is not None else _CAP.get()
    if len(spans) < 2:
        return tuple(spans)
    spans = sorted(sorted(spans, key=_float_low), key=_LOW)  # floats first: the exact sort then finds it in order
    merged: list = []
    for s in spans:
        if merged and s.low <= merged[-1].high:
            if s.high > merged[-1].high:
                merged[-1] = Span(merged[-1].low, s.high)
        else:
            merged.append(s)
    if len(merged) <= cap:
        return tuple(merged)
    gaps = sorted(range(1, len(merged)), key=lambda i: merged[i].low - merged[i - 1].high)
    closed = set(gaps[:len(merged) - cap])
    joined = [merged[0]]
    for i in range(1, len(merged)):
        joined[-1:] = [Span(joined[-1].low, merged[i].high)] if i in closed else [joined[-1], merged[i]]
    return tuple(joined)


def _fraction(value) -> Fraction:
    """A value as a Fraction; beyond the number limits (e^(10^8) from a typo) undefined."""
    from .numbers import as_fraction, round_significant, within_limits

    if not within_limits(value):
        raise ArithmeticError("beyond the number limits")
    if type(value) is Fraction:
        return value
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
    """Every value, rounded to each of `digits` significant digits and up to MORE_DIGITS more, or
    to more still or not at all (within half a unit of the next digit)."""
    from .numbers import round_significant

    top = max(digits) + MORE_DIGITS
    out = []
    for s in values.spans:
        point = s.low == s.high
        below = _beyond(s.low, top)
        out.append(Span(s.low - below, s.high + (below if point else _beyond(s.high, top))))
        for d in range(min(digits), top + 1):
            low = round_significant(s.low, d)
            out.append(Span(low, low if point else round_significant(s.high, d)))
    return Values(_normal(out))


def _beyond(value: Fraction, digits: int) -> Fraction:
    """The most rounding `value` to more than `digits` significant digits moves it: 0 for a value
    those digits write exactly (0.3 stays 0.3), else half a unit of the next digit."""
    from .numbers import round_significant

    return Fraction(0) if round_significant(value, digits + 1) == value else half_unit(value, digits + 1)


def _corners(span: Span) -> tuple:
    if span.low == span.high:
        return (span.low,)
    return (span.low, span.high) + ((Fraction(0),) if span.low < 0 < span.high else ())


def combine(rule, *args: Values) -> Values:
    """`rule` (a function of numbers) over every combination of its arguments' intervals, each
    evaluated at the intervals' ends (and 0); arguments with many intervals are joined first
    so that at most COMBINATIONS are worked out."""
    args = list(args)
    while True:
        count = 1
        for a in args:
            count *= len(a.spans)
        if count <= COMBINATIONS:
            break
        widest = max(range(len(args)), key=lambda i: len(args[i].spans))
        args[widest] = Values(_normal(list(args[widest].spans), max(1, len(args[widest].spans) // 2)))
    out = []
    for spans in product(*(a.spans for a in args)):
        results = [_fraction(rule(*c)) for c in product(*(_corners(s) for s in spans))]
        out.append(Span(min(results), max(results)))
    return Values(_normal(out))


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

    def _Add(self, node):
        return running(operator.add, [self.value(n) for n in node.terms], self.digits)

    def _Mul(self, node):
        return running(operator.mul, [self.value(n) for n in node.factors], self.digits)

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
        from .student_steps import STEPS  # imported here: those steps are built on this module

        steps = None if function.is_derivative else STEPS.get(function.key)
        if steps is not None:
            return steps(self, node)
        return function_values(function, [self.value(a) for a in node.args])


def running(rule, terms: list, digits: tuple) -> Values:
    """A running sum (or product) in the formula's order, each partial result rounded or not."""
    total = terms[0]
    for i, term in enumerate(terms[1:], start=2):
        total = combine(rule, total, term)
        if i < len(terms):
            total = rounded_or_not(total, digits)
    return total


def function_values(function, args: list) -> Values:
    """A function of the formula language over the values of its arguments."""
    from .evaluate import compiled_formula

    slots = tuple(Ref(f"#{i}") for i in range(len(args)))
    compute = compiled_formula(Apply(function, slots), False)
    return combine(lambda *xs: compute({slot.name: x for slot, x in zip(slots, xs)}), *args)


CHOICES = 16  # at most this many ways of taking the numbers a formula reads, each taken alike everywhere


def values_of(node: Node, env: dict, digits: tuple, through_output: bool, written: dict | None = None,
              names: tuple = (), coarse: bool = False) -> Values | None:
    """The values of a formula over the student's values (module docstring); None where undefined.
    `names`: the numbers it reads; one that may be several values (not written down: exact, or as
    the key's chain rounds it) is the same value wherever the formula reads it, while there are at
    most CHOICES ways of taking them all (beyond, each reading on its own).  `coarse`: one interval
    holding them all, every interval on the way joined (quick to work out: a value outside it is
    no mixture's)."""
    if coarse:
        token = _CAP.set(1)
        try:
            return values_of(node, env, digits, through_output, written)
        finally:
            _CAP.reset(token)
    from .numbers import within_limits

    several = [name for name in names if name in env and len(env[name].spans) > 1]
    ways = 1
    for name in several:
        ways *= len(env[name].spans)
    settings = [dict(zip(several, (Values((span,)) for span in chosen)))
                for chosen in product(*(env[n].spans for n in several))] if 1 < ways <= CHOICES else [{}]
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
    (of an interval: any number in it), and shows the digits the rule asks for.  A value exactly
    half a unit from the written number is that number rounded only as numbers.py rounds, half
    away from zero: 0.42205 (ln 0.6557 kept to 5 digits) is 0.4221, not 0.4220."""
    from .agreement import HALF_UNIT, JUDGED_DIGITS, machine_written, precise_enough, unit

    if values is None or not precise_enough(written, rule):
        return False
    step = unit(written)
    machine = machine_written(written)
    units = HALF_UNIT * 10 ** (written.significant - JUDGED_DIGITS) if machine else HALF_UNIT
    margin = max(units, HALF_UNIT) * step if step is not None else Fraction(0)
    w = written.value
    for span in values.spans:
        slack = SLACK * max(abs(span.low), abs(span.high), Fraction(1, 10 ** 30))
        if not span.low - margin - slack <= w <= span.high + margin + slack:
            continue
        if machine or not margin or span.low - margin + slack < w < span.high + margin - slack:
            return True
        if (w >= span.high + margin - slack and span.high > 0) or (w <= span.low - margin + slack and span.low < 0):
            return True  # at half a unit: the value rounded half away from zero
    return False
