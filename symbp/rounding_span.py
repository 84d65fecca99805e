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

`Values` are a union of at most CAP disjoint closed intervals (intervals.py; a number not written
down is one or two points).  Every operation is exact interval arithmetic over each combination of its arguments'
intervals (evaluated at the intervals' ends, and at 0 where an interval holds it — σ'(z) and
tanh'(z) are largest there; the functions symbp knows are monotone elsewhere on an interval this
short), and rounding maps an interval [l, h] to [round(l), round(h)] (rounding is monotone), so
the result holds every value of every mixture, and its ends are the most any mixture gives: no
interval is widened beyond what rounding does.  Past CAP intervals the closest neighbours are
joined, which fills only the smallest gaps between reachable values, never the outer ends.
A number the answer writes stands, where a formula reads it, for the closed interval of the values
that round to it, ends included (student_formulas.read_as): a value kept to more digits may be its
end (0.512749… written 0.5127, kept to 5 digits as 0.51275 — so the end away from zero is not left
out, though 0.51275 itself rounds to 0.5128: a half-open interval marked such students wrong).
A number read is not rounded where it
is read, and neither is its negative: −x has x's digits, and rounding it would round the number a
second time — an end kept for a written a = 0.9997 at z = 8, 0.99975, taken to −0.9998, made
1 − a = 0.0002 and σ'(z) = 0.0002000 reachable (σ'(8) ≈ 0.0003352, a(1 − a) over the interval at
least 0.0002499), and a wrong σ'(z) and the δ 40 % off from it were credited as rounded on the way.
What follows from the end value (a product w·a, 1 − a) is rounded as any step is.
`written` maps formula nodes to values worked out on the way that the student wrote (Σ_k w·δ,
f'(z); f'(z) also by the name of its local derivative): evaluated with it, such a node is the
number written.
"""

from __future__ import annotations

import operator
from fractions import Fraction
from itertools import product

from .formula import Apply, Const, Neg, Node, Ref
from .intervals import CAP_IN_USE, Span, Values, combine, rounded_or_not, rounded_to
from .numbers import terminates

__all__ = ["Span", "Values", "combine", "function_values", "holds", "reaches", "rounded_or_not", "running", "values_of"]

# what a value computed with the engine's functions (to 40 digits here) may differ from the true one
SLACK = Fraction(1, 10 ** 30)


CONSTANT_DIGITS = 4  # the fewest significant digits a constant such as 1/3 is typed with (`_Const`)

# nodes whose value is no step a student rounds: a number read, a constant, and a sign change (−x
# has x's digits: rounding it would round x a second time, 0.99975 kept for a = 0.9997 to 0.9998)
UNROUNDED = (Ref, Const, Neg)


class SheetDigits(tuple):
    """The digits values on the way are rounded to (a tuple, as `digits` is everywhere here), with `fewest` and
    `on_the_way`: a value the sheet names on the way (f'(z) and Σ_k w·δ: their formula nodes, and the z of an f'(z) in
    δ's formula, in `on_the_way`) that the answer
    leaves out may also be rounded to as few digits as a number written must show — as it may be written in its
    box (stop 68's student and instructor testers: σ'(z) kept to 3 digits, 0.176, made δ "a digit miscopied")."""

    def __new__(cls, digits, fewest: int, on_the_way):
        made = super().__new__(cls, digits)
        made.fewest, made.on_the_way = fewest, frozenset(on_the_way)
        return made


FEWEST_ON_THE_WAY = 3  # f'(z) and Σ_k w·δ left out: rounded to no fewer digits than this (2 digits of σ' ≈ 0.1755
# are 0.18 — 3 % off — and with 1 + e^−z at 3 digits, 0.17: a slip 6 % off was right; the stop-68 reviewer)


def fewest_on_the_way(minimum: int) -> int:
    """The fewest digits a value on the way the answer leaves out may be rounded to: the fewest a number written
    must show, not under FEWEST_ON_THE_WAY."""
    return max(minimum, FEWEST_ON_THE_WAY)


class _Evaluation:
    """One way of evaluating a formula on the student's values (dispatch by node class)."""

    def __init__(self, env: dict, digits: tuple, through_output: bool, written: dict, top: Node):
        self.env, self.digits, self.through_output, self.written, self.top = env, digits, through_output, written, top

    def value(self, node: Node) -> Values:
        if node in self.written:
            return self.written[node]
        values = getattr(self, f"_{type(node).__name__}")(node)
        if node is self.top or isinstance(node, UNROUNDED):
            return values
        rounded = rounded_or_not(values, self.digits)
        on_the_way = getattr(self.digits, "on_the_way", None)
        if on_the_way is not None and (node in on_the_way or type(node) is Apply and node.function.is_derivative
                                       and type(node.args[0]) is Ref and node.args[0].name in on_the_way):
            return rounded.union(rounded_to(values, self.digits.fewest))
        return rounded

    def _Ref(self, node):
        return self.env[node.name]

    def _Const(self, node):
        """A constant no decimal writes (−1/3 of a 3-output cost, 1/7 of a batch's mean) may be typed
        rounded (0.3333 · 2.614), to CONSTANT_DIGITS significant digits or more however few the sheet
        asks for (1/7 typed 0.14 on a 2-digit sheet made a mean of seven 0.81s 0.78); 0.5 is 0.5."""
        value = node.value
        if terminates(value):
            return Values.of(value)
        return rounded_or_not(Values.of(value), tuple(max(d, CONSTANT_DIGITS) for d in self.digits))

    def _Add(self, node):
        return running(operator.add, [self.value(n) for n in node.terms], self.digits)

    def _Mul(self, node):
        """A factor exactly 0 makes the product 0, whatever follows it: bce's (1 − y)·ln(1 − a) at y = 1
        is 0 also from the a = 1.000 a student writes for σ(11.35) (where ln(1 − a) is undefined)."""
        factors = []
        for factor in node.factors:
            values = self.value(factor)
            if values.points == {0}:
                return Values.of(Fraction(0))
            factors.append(values)
        return running(operator.mul, factors, self.digits)

    def _Sub(self, node):
        return combine(operator.sub, self.value(node.left), self.value(node.right))

    def _Div(self, node):
        """0 over values not all 0 is 0: softmax with bce's (1 − y)/(n(1 − a)) at y = 1 from a written a = 1.000
        (which may be 1 there, not everywhere).  (`_Mul` likewise ends at a factor exactly 0 — one before
        an undefined factor: the formulas' order.)"""
        numerator, denominator = self.value(node.numerator), self.value(node.denominator)
        if numerator.points == {0} and denominator.points != {0}:
            return Values.of(Fraction(0))
        return combine(operator.truediv, numerator, denominator)

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

        steps = STEPS.get(function.key)  # (a derivative only where its key f' is there)
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
    from .formula_values import compiled_formula

    slots = tuple(Ref(f"#{i}") for i in range(len(args)))
    compute = compiled_formula(Apply(function, slots), False)
    return combine(lambda *xs: compute({slot.name: x for slot, x in zip(slots, xs)}), *args)


CHOICES = 16  # at most this many ways of taking the numbers a formula reads, each taken alike everywhere


PIECES = 4  # a number read more than once, an interval, is split into this many pieces, each taken alike


def _pieces(values: Values) -> tuple:
    """A single interval [l, h] as PIECES adjacent intervals (anything else as it is)."""
    if len(values.spans) != 1 or values.spans[0].low == values.spans[0].high:
        return values.spans
    low, width = values.spans[0].low, (values.spans[0].high - values.spans[0].low) / PIECES
    return tuple(Span(low + i * width, low + (i + 1) * width) for i in range(PIECES))


def values_of(node: Node, env: dict, digits: tuple, through_output: bool, written: dict | None = None,
              names: tuple = (), coarse: bool = False, split: tuple = ()) -> Values | None:
    """The values of a formula over the student's values (module docstring); None where undefined.
    `names`: the numbers it reads; one that may be several values (not written down: exact, or as
    the key's chain rounds it) is the same value wherever the formula reads it, while there are at
    most CHOICES ways of taking them all (beyond, each reading on its own).  `coarse`: one interval
    holding them all, every interval on the way joined (quick to work out: a value outside it is
    no mixture's)."""
    if coarse:
        token = CAP_IN_USE.set(1)
        try:
            return values_of(node, env, digits, through_output, written)
        finally:
            CAP_IN_USE.reset(token)
    from .numbers import within_limits

    spans = {name: _pieces(env[name]) if name in split else env[name].spans for name in names if name in env}
    several = [name for name in spans if len(spans[name]) > 1]
    ways = 1
    for name in several:
        ways *= len(spans[name])
    settings = [dict(zip(several, (Values((span,)) for span in chosen)))
                for chosen in product(*(spans[n] for n in several))] if 1 < ways <= CHOICES else [{}]
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


def reaches(written, values: Values | None) -> bool:
    """Whether a number that claims an exact value (0, 12) is one of the values itself, not only
    within rounding of one (student_spans.reaches_exactly)."""
    if values is None:
        return False
    w = written.value
    return any(span.low - _slack(span) <= w <= span.high + _slack(span) for span in values.spans)


def _slack(span: Span) -> Fraction:
    """What a value computed with the engine's functions (40 digits) may be off (SLACK, relative)."""
    return SLACK * max(abs(span.low), abs(span.high), Fraction(1, 10 ** 30))
