"""Sets of values as unions of intervals, for rounding_span.py: exact interval arithmetic and rounding.

In:  numbers (Fractions, or function values at 40 digits), intervals of them, a rule (a function
     of numbers) and significant digits.
Out: `Values`, a union of at most CAP sorted, disjoint closed intervals (`Span`s): what the rule
     gives over every combination of its arguments' intervals (`combine`), and every value rounded
     to some digits or not (`rounded_or_not`).
"""

from __future__ import annotations

import operator
from contextvars import ContextVar
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

CAP = 48  # intervals kept; beyond, the closest are joined
CAP_IN_USE = ContextVar("cap", default=CAP)  # 1 while a first, coarse pass works out only the outer ends
COMBINATIONS = 768  # combinations of the arguments' intervals worked out one by one; beyond, arguments joined
MORE_DIGITS = 2  # rounding to the sheet's digits and up to this many more, each as its own value


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
    cap = cap if cap is not None else CAP_IN_USE.get()
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


def rounded_to(values: Values, digits: int) -> Values:
    """Every value rounded to `digits` significant digits, as the points rounding gives (not the interval between
    the rounded ends: at a sheet's fewest digits that is a unit of the 3rd digit, and every number inside it would
    pass — the stop-68 reviewer); an interval over more than ROUNDED_POINTS of them stays one."""
    from .numbers import round_significant

    out = []
    for s in values.spans:
        low, high = round_significant(s.low, digits), round_significant(s.high, digits)
        points, point = [low], low
        while point < high and len(points) <= ROUNDED_POINTS:
            point = round_significant(point + 2 * half_unit(point, digits) if point else
                                      2 * half_unit(high, digits), digits)
            points.append(point)
        out.extend([Span(low, high)] if len(points) > ROUNDED_POINTS else [Span(p, p) for p in points if p <= high])
    return Values(_normal(out))


ROUNDED_POINTS = 8


def _beyond(value: Fraction, digits: int) -> Fraction:
    """The most rounding `value` to more than `digits` significant digits moves it: 0 for a value
    those digits write exactly (0.3 stays 0.3), else half a unit of the next digit."""
    from .numbers import round_significant

    return Fraction(0) if round_significant(value, digits + 1) == value else half_unit(value, digits + 1)


def intersection(a: Values, b: Values) -> Values | None:
    """The values in both (None: none)."""
    spans = [Span(max(x.low, y.low), min(x.high, y.high)) for x in a.spans for y in b.spans
             if max(x.low, y.low) <= min(x.high, y.high)]
    return Values(_normal(spans)) if spans else None


def widened(values: Values, relative: Fraction) -> Values:
    """Each interval widened at both ends by `relative` of its largest end (at least of 10^−30): what
    a value the engine's functions work out (to 40 digits) may be off."""
    margin = [relative * max(abs(s.low), abs(s.high), Fraction(1, 10 ** 30)) for s in values.spans]
    return Values(_normal([Span(s.low - m, s.high + m) for s, m in zip(values.spans, margin)]))


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
