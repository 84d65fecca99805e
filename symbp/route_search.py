"""A careful student's route to a written value, through values left out all the way back: for marking.

In:  a program of a careful student's working (route_program.Routes: every value on the way a step, each
     rounding a step that may round to one of its digits or keep the value), a written quantity's
     formulas, and the written number's interval (the values that round to it).
Out: `closest(routes, formulas, low, high, skip, accepts)`: the exact value of one route — one choice, for
     every rounding, number written and way of working a kind of value, carried through — that lies in
     [low, high] and that `accepts`, or else the closest the search came; None where no route is
     searched (route_program.NotSearched) or defined.

A value found is one a student reaches: its route is worked out again exactly (Fractions; function
values to 40 digits) — no interval that forgets which rounding gave it (where student_spans.py's levels
of intervals stop, two values left out down a chain, and read the rest as points).  The search does not
promise to find every route (class _Search): it steers each rounding, in order of computation, toward
the written number by the result's derivative (float64, only to steer), from the route with nothing
rounded, then from a few other starts, then changing one rounding at a time; it gives up after MAX_WORK
steps worked out for one answer.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from itertools import product

from .intervals import MORE_DIGITS
from .numbers import round_significant
from .route_program import NotSearched, Routes, step_inputs, step_value

PASSES = 8  # passes steered from one start, each from the nearest route so far
REACH = 2  # a target this many times the first-order reach off the plain route: not searched
FAR = 20  # ... this many times the first way's: no other way tried either
RESTARTS = 24  # routes rounded at random to steer from, where the passes from the plain routes miss
RESTART_PASSES = 2
FLIPS = 16  # roundings changed one at a time, in each of FLIP_ROUNDS rounds, where nothing else lands
FLIP_ROUNDS = 3
MAX_WORK = 1_500_000  # steps worked out (or derivatives) by one answer's searches; beyond, no more searching


def closest(routes: Routes, formulas: tuple, low: Fraction, high: Fraction, skip: frozenset, accepts):
    """A route's value of the formulas (the top not rounded: it is written; `skip`: Routes.top's) in
    [low, high] that `accepts`, or the closest found; None where no route is searched or defined."""
    try:
        return _Search(routes, routes.top(formulas, skip)).closest(low, high, accepts)
    except (NotSearched, ArithmeticError, ValueError, KeyError):  # (a number beyond float64 — 1e999 — is no route's)
        return None


class _Search:
    """Routes through one program: a choice for each rounding, number written and way (`select`).

    The search is first-order: near a route, another route's result is to first order the route's, plus
    Σ_k s_k·(e_k − e'_k) — e_k what step k's choice moves its own value by (a rounding's error, a number
    written taken off its value on the route), e'_k what the route's choice moved it by, s_k the result's
    derivative by step k's value on the route.  A pass makes the choices in order of computation, each
    e_k — worked out from the values the new route has reached there — the one that brings that sum so
    far nearest the target (the last choices make up for the first ones' rounding); the next pass starts
    from the nearest route so far.  The passes work in float64 (quick: they only steer; a float64 a hair
    below a decimal tie is taken as the tie, as the exact value has it); a route they land in the target
    with is worked out again exactly (`_exact`), and only that value counts."""

    def __init__(self, routes: Routes, top: int):
        self.routes, self.top = routes, top
        steps = routes.steps
        needed = [False] * (top + 1)  # the steps the top reads
        needed[top] = True
        for i in range(top, -1, -1):
            if needed[i]:
                for k in step_inputs(steps[i]):
                    needed[k] = True
        self.order = [i for i in range(top + 1) if needed[i]]

    def closest(self, low: Fraction, high: Fraction, accepts):
        """A route's result in [low, high] that `accepts`, or the closest found (exact): for each choice of
        the ways (`_ways`), PASSES passes, each steered from the last route (its result, its derivatives,
        what its choices moved each value by) — where the target lies within what the choices can move the
        result by, to first order (`_reach`; beyond REACH times that, no pass)."""
        target, half = float((low + high) / 2), float(high - low) / 2
        near = half + 1e-9 * (abs(target) + half)  # (float64 near the ends: the exact value decides)
        groups = list(dict.fromkeys(self.routes.steps[i][2] for i in self.order if self.routes.steps[i][0] == "select"))
        best, within = None, []  # (how far off, ways, choices); the ways whose reach holds the target
        for k, ways in enumerate(_ways(groups)):
            values = self._plain(ways)
            if values.get(self.top) is None:
                continue
            off, reach = abs(values[self.top] - target), self._reach(values, self._slopes(values, ways))
            if k == 0 and off > FAR * reach + near:
                break  # (the other ways reach a few times as far at the most: a number far off is no route's)
            reachable = off <= REACH * reach + near
            within += [ways] if reachable else []
            found, best = self._from(ways, ({}, values, {}), target, near, low, high, accepts, best, reachable)
            if found is not None:
                return found
        # where no pass from the plain routes lands, from other starts (a rounding that moves a value across a
        # boundary, so that one further on rounds the other way, is no first-order step): the sheet's digits
        # everywhere, or at the values the sheet names only, one more digit so, then roundings drawn at random
        for k, start in enumerate(self._starts(random.Random(f"{self.top} {low} {high}")) if within else ()):
            ways = within[k % len(within)]
            route = self._fixed(ways, start)
            if route[1].get(self.top) is None:
                continue
            found, best = self._from(ways, route, target, near, low, high, accepts, best, True, RESTART_PASSES)
            if found is not None:
                return found
        if within and best is not None:  # last: one rounding changed at a time, each route worked out
            found, best = self._flips(best, target, near, low, high, accepts)
            if found is not None:
                return found
        return self._exact(best[1], best[2]) if best is not None else None

    def _flips(self, best: tuple, target: float, near: float, low, high, accepts) -> tuple:
        """From the nearest route: each of the FLIPS roundings that move the result most (to first order)
        rounded the other ways, each such route worked out (float64) — what a rounding further on makes of
        it included — the nearest taken, FLIP_ROUNDS times."""
        steps = self.routes.steps
        gap, ways, choices = best
        for _ in range(FLIP_ROUNDS):
            _, values, _ = self._fixed(ways, choices)
            slopes = self._slopes(values, ways)
            rounding = [i for i in self.order if steps[i][0] == "round" and values.get(steps[i][1])]
            rounding.sort(key=lambda i: -abs(slopes.get(i, 0.0)) * _half(values[steps[i][1]], steps[i][2][0]))
            nearest = None
            for i in rounding[:FLIPS]:
                for digits in (None,) + steps[i][2]:
                    if digits == choices.get(i):
                        continue
                    tried = {**choices, i: digits}
                    found = self._fixed(ways, tried)[1].get(self.top)
                    if found is not None and (nearest is None or abs(found - target) < nearest[0]):
                        nearest = (abs(found - target), tried)
            if nearest is None or nearest[0] >= gap:
                break
            gap, choices = nearest
            if gap <= near:
                exact = self._exact(ways, choices)
                if exact is not None and low <= exact <= high and accepts(exact):
                    return exact, (gap, ways, choices)
        return None, (gap, ways, choices)

    def _starts(self, draw):
        """Routes to steer from besides the plain one: every value rounded to the sheet's digits, or only the
        values the sheet names, each also to one digit more; then RESTARTS with roundings drawn at random."""
        steps = self.routes.steps
        rounding = [i for i in self.order if steps[i][0] == "round"]
        named = set(self.routes.named.values())
        for more in (0, 1):
            yield {i: steps[i][2][more] for i in rounding}
            yield {i: steps[i][2][more] if i in named else None for i in rounding}
        for _ in range(RESTARTS):
            yield {i: None if draw.random() < 0.3 else draw.choice(steps[i][2][:MORE_DIGITS + 1]) for i in rounding}

    def _from(self, ways: dict, route: tuple, target: float, near: float, low, high, accepts, best, steer: bool,
              passes: int = 0) -> tuple:
        """Passes (PASSES, or `passes`) steered from a route (choices, values, what each moved its value by):
        (the exact result of one that lands in [low, high] and `accepts`, or None; the nearest so far)."""
        value = route[1][self.top]
        candidates, seen = [(route[0], value)], {value}
        for _ in range(passes or PASSES if steer else 0):
            if abs(value - target) <= near:
                break
            found, choices, values, moved = self._steered(ways, route[1], route[2], value - target,
                                                          self._slopes(route[1], ways))
            if found is None or found in seen:  # (undefined, or a route's result again)
                break
            seen.add(found)
            candidates.append((choices, found))
            if abs(found - target) < abs(value - target):
                value, route = found, (choices, values, moved)
        for choices, found in candidates:
            if abs(found - target) <= near:
                exact = self._exact(ways, choices)
                if exact is not None and low <= exact <= high and accepts(exact):
                    return exact, best
            if best is None or abs(found - target) < best[0]:
                best = (abs(found - target), ways, choices)
        return None, best

    def _reach(self, values: dict, slopes: dict) -> float:
        """How far the choices move the result at most, to first order: each rounding by half a unit of
        the sheet's digits (what it moves a value by where what came before moved it across a rounding
        boundary), a number written across what it stands for."""
        steps, total = self.routes.steps, 0.0
        for i in self.order:
            step, slope = steps[i], abs(slopes.get(i, 0.0))
            if slope and step[0] == "round" and values.get(step[1]):
                total += slope * _half(values[step[1]], step[2][0])
            elif slope and step[0] == "written":
                total += slope * float(step[1][-1].high - step[1][0].low)
        return total

    def _fixed(self, ways: dict, choices: dict) -> tuple:
        """The route the choices make (a rounding or a number written without one: kept, at its middle), in
        float64: (the choices, its values, what each rounding moved its value by)."""
        values = self._walk(ways, lambda i, v: _round(v, choices[i]) if choices.get(i) else v,
                            lambda i, spans: float(choices[i] if i in choices else _within(spans, None)))
        return choices, values, self._moved(values)

    def _plain(self, ways: dict) -> dict:
        """The route with nothing rounded and each number written at its middle, in float64: its values."""
        return self._fixed(ways, {})[1]

    def _steered(self, ways: dict, last: dict, before: dict, miss: float, slopes: dict) -> tuple:
        """A route in float64, each choice steered (class docstring) from the route `last` (its values;
        `before`: what its choices moved each value by; `miss`: how far its result lies from the target;
        `slopes`: the result's derivatives on it; a step without one is not rounded, and a number written
        without one is at its middle) -> (the result, the choices, the values, what they moved each by)."""
        choices: dict = {}
        off = [miss]  # where the first-order sum puts the result so far

        def rounding(i, v):
            slope = slopes.get(i, 0.0)
            if not slope:
                return v
            was = before.get(i, 0.0)
            digits = choices[i] = _choice(v, self.routes.steps[i][2], slope, off[0] - slope * was)
            value = _round(v, digits) if digits else v
            off[0] += slope * (value - v - was)
            return value

        def written(i, spans):
            slope = slopes.get(i, 0.0)
            if not slope or last.get(i) is None:
                return float(_within(spans, None))
            choices[i] = _within(spans, Fraction(last[i] - off[0] / slope))
            off[0] += slope * (float(choices[i]) - last[i])
            return float(choices[i])

        values = self._walk(ways, rounding, written)
        return values.get(self.top), choices, values, self._moved(values)

    def _exact(self, ways: dict, choices: dict):
        """The result of the route the choices make, worked out exactly (None where undefined)."""
        values = self._walk(ways, lambda i, v: round_significant(v, choices[i]) if choices.get(i) else v,
                            lambda i, spans: choices[i] if i in choices else _within(spans, None), exact=True)
        return values.get(self.top)

    def _walk(self, ways: dict, rounding, written, exact: bool = False) -> dict:
        """A route's values, step by step, in float64 or exactly: `rounding(step, value)` what a rounding step
        makes of its value, `written(step, spans)` a number written's value (None: undefined there on)."""
        steps, floats = self.routes.steps, self.routes.floats
        self._spend()
        values: dict = {}
        for i in self.order:
            step = steps[i]
            kind = step[0]
            try:
                if kind == "round":
                    v = values[step[1]]
                    values[i] = rounding(i, v) if v is not None else None
                elif kind == "written":
                    values[i] = written(i, step[1])
                elif kind == "select":
                    values[i] = values.get(step[1][_way(step, ways, values)])
                elif kind == "const" and not exact:
                    values[i] = floats[i] if i in floats else floats.setdefault(i, float(step[1]))
                else:
                    values[i] = step_value(step, values, exact)
            except (ArithmeticError, ValueError, OverflowError, TypeError):
                values[i] = None
        return values

    def _moved(self, values: dict) -> dict:
        """What each rounding moved its value by on a route (float64)."""
        steps = self.routes.steps
        return {i: values[i] - values[steps[i][1]] for i in self.order
                if steps[i][0] == "round" and values.get(i) is not None}

    def _spend(self) -> None:
        self.routes.work += len(self.order)
        if self.routes.work > MAX_WORK:
            raise NotSearched

    def _slopes(self, values: dict, ways: dict) -> dict:
        """The result's derivative with respect to each step's value on a route (float64; a rounding
        passes it on as if the value were kept, a `select` to the way taken)."""
        steps = self.routes.steps
        self._spend()
        slopes = {self.top: 1.0}
        for i in reversed(self.order):
            g = slopes.get(i)
            if not g:
                continue
            for k, d in _partials(steps[i], values, ways):
                slopes[k] = slopes.get(k, 0.0) + g * d
        return slopes


def _ways(groups: list):
    """Choices of the ways: for each kind of value worked more than one way (tanh through e^{2z} or
    e^{−2z}, f'(z) through a or from z, softmax with or without max z subtracted, a value's formula or its
    cancelled form), the first or the second everywhere — a student who works tanh one way works every
    tanh so; all first ways first, then all second ways, then the mixtures."""
    kinds = list(dict.fromkeys(group[0] for group in groups))
    choices = sorted(product((0, 1), repeat=len(kinds)), key=lambda c: (0 < sum(c) < len(c), c))
    for choice in choices:
        yield {group: choice[kinds.index(group[0])] for group in groups}


def _way(step, ways: dict, values: dict) -> int:
    """The option a `select` takes: its group's way; a softmax's second way subtracts the largest z (of
    this route's values)."""
    way = ways.get(step[2], 0)
    if len(step) > 3 and way:  # softmax: 1 + the place of the largest z
        zs = [values.get(k) for k in step[3]]
        if any(z is None for z in zs):
            return 0
        return 1 + max(range(len(zs)), key=lambda i: zs[i])
    return min(way, len(step[1]) - 1)

def _half(v: float, digits: int) -> float:
    """Half a unit of the digits-th significant digit of v (float64)."""
    v = abs(float(v))
    if not v:
        return 0.0
    exponent = math.floor(math.log10(v))
    exponent += (10.0 ** (exponent + 1) <= v) - (10.0 ** exponent > v)  # (log10 one off near a power of ten)
    return 0.5 * 10.0 ** (exponent - digits + 1)


def _round(v: float, digits: int) -> float:
    """v rounded to some significant digits, half away from zero (float64: to steer).  A float64 a hair
    below a tie (0.0925 is 0.09249999…) is taken as the tie its decimal is: the exact value rounds it up."""
    if not v:
        return 0.0
    unit = 2 * _half(v, digits)
    return math.copysign(math.floor(abs(v) / unit + 0.5 + 1e-9) * unit, v)


def _choice(v: float, digits: tuple, slope: float, miss: float):
    """The digits to round v to (None: kept whole) that bring the first-order result nearest the target:
    `miss` from it, moved by `slope` times what the rounding moves v by."""
    best, least = None, abs(miss)
    for d in digits:
        gap = abs(miss + slope * (_round(v, d) - v))
        if gap < least:
            best, least = d, gap
    return best


def _within(spans, wanted):
    """The value of a number written nearest `wanted` among the values it stands for (without a wish,
    the middle of what it stands for)."""
    if wanted is None:
        s = spans[len(spans) // 2]
        return (s.low + s.high) / 2
    nearest = min(spans, key=lambda s: 0 if s.low <= wanted <= s.high else min(abs(s.low - wanted), abs(s.high - wanted)))
    return min(max(wanted, nearest.low), nearest.high)


def _partials(step, values: dict, ways: dict):
    """A step's derivatives by the steps it reads (float64), on the plain route."""
    kind = step[0]
    if kind == "add":
        return ((step[1], 1.0), (step[2], 1.0))
    if kind == "sub":
        return ((step[1], 1.0), (step[2], -1.0))
    if kind in ("mul", "div"):
        x, y = values.get(step[1]), values.get(step[2])
        if x is None or y is None:
            return ()
        if kind == "mul":
            return ((step[1], y), (step[2], x))
        return ((step[1], 1 / y), (step[2], -x / (y * y))) if y else ()
    if kind == "neg":
        return ((step[1], -1.0),)
    if kind == "pow":
        x = values.get(step[1])
        return ((step[1], step[2] * x ** (step[2] - 1)),) if x is not None else ()
    if kind == "round":
        return ((step[1], 1.0),)
    if kind == "select":
        return ((step[1][_way(step, ways, values)], 1.0),)
    if kind == "function":
        x = values.get(step[2])
        return ((step[2], _derivative(step[1], x)),) if x is not None else ()
    return ()


def _derivative(function, x: float) -> float:
    h = 1e-6 * max(1.0, abs(x))
    try:
        return (step_value(("function", function, 1), {1: x + h}, False) -
                step_value(("function", function, 1), {1: x - h}, False)) / (2 * h)
    except (ArithmeticError, ValueError, OverflowError, TypeError):
        return 0.0

