"""The guard-digit search of a `DisplayPlan` (exact mode): which rounded inputs of a failing line
get more digits, up to the line's cap; a line out of reach held to one unit (a fallback), or the
line that asked it for the digits (plan_reach.py); a second, narrower try (`_grow_narrow`); once
solved, the keys plan_twins.py groups printed alike (`_print_alike`).

In:  the plan's printed relations, values and precision (plan.py: `DisplayPlan` is a `GuardDigits`).
Out: the plan's `precision` (digits per key) and `fallbacks` (the lines printed "≈†").
"""

from __future__ import annotations

from collections import deque
from fractions import Fraction

from ..errors import VerificationError
from ..numbers import as_fraction
from ..option_words import option
from .plan_links import all_copies
from .plan_moves import input_change, sized_culprits
from .plan_reach import hold_demanding_lines, pin_out_of_reach
from .plan_ties import more_result_digits, settle_ties
from .plan_twins import printed_alike
from .plan_sums import nearest_moves
from .relations import Relation, evaluate_line

GUARD_DIGITS = 12  # at most this many significant digits beyond --digits
HALF_GUARD_DIGITS = GUARD_DIGITS  # for half a unit a line's inputs may take as many (tests plant fewer: "≈†" lines)
WIDE_GUARD_DIGITS = 20  # solve's last try (a line out of reach at GUARD_DIGITS): its inputs' cap, half or one unit
NARROW_GUARD_DIGITS = 2  # solve's second try (_grow_narrow): a line's inputs get at most this many for half a unit


class GuardDigits:
    """DisplayPlan's exact-mode solve (its state: values, digits, precision, relations, fallbacks)."""

    _ties = True  # solve's first pass: a result near a rounding tie may take a digit (plan_ties.py)

    def solve(self) -> None:
        """Exact mode: while a line fails, give the rounded input that puts it furthest off one
        more digit (up to `_cap`); a copy (∂L/∂b = δ) is printed as its original; a line that its
        inputs at the cap do not bring to half a unit becomes a fallback, held to one unit.  Where
        even that fails, the line that asked its result for the digits is held to one unit instead
        (plan_reach.py), else every line gets fewer guard digits (`_grow_narrow`).  Fallbacks that
        round after all are dropped: the rest are the lines printed "≈†".  Carried mode: nothing to choose."""
        self.frozen = True
        self._at_cap.clear(), self._changes.clear()  # (kept for the values of this solve)
        copies, source, using = self.links()
        if self.carried:  # a copy of a rounded value is written as that value (−0.03810), itself not rounded: "=" in a summary
            for source, results in copies.items():
                if source in self.rounded or source in self.copied:
                    self.copied.update([result for result in results if result not in self.rounded])
                    for result in results:
                        self._shown.pop(result, None)
            return
        before, fallbacks = dict(self.precision), dict(self.fallbacks)
        self.limits, self.spread_from = {}, None
        grow = lambda: self._grow(copies, source, using)  # noqa: E731
        try:
            self._ties, raised_by = True, dict(self.raised_by)
            try:
                grow()  # results near a rounding tie may take a digit (plan_ties.py) ...
            except VerificationError:  # ... unless a line is then out of reach: solved without that
                self._ties, self.raised_by = False, raised_by
                self.precision, self.fallbacks, self.refused = dict(before), dict(fallbacks), None
                self._shown.clear()
                hold_demanding_lines(self, grow, before, fallbacks, source)
        except VerificationError:
            try:
                self._grow_narrow(copies, source, using, before, fallbacks)
            except VerificationError:  # a result asked for more digits than its own line reaches at the cap
                if not self.last_try:
                    raise
                self._wide = set()
                try:
                    widened = lambda: self._grow_wide(grow)  # noqa: E731
                    pin_out_of_reach(self, lambda: hold_demanding_lines(self, widened, before, fallbacks, source),
                                     before, fallbacks, source, copies)
                finally:
                    self._wide = None
        # a fallback that guard digits given for other lines bring to half a unit after all: not marked
        self.fallbacks = {r: None for r in self.fallbacks if not self.holds(r, half=True)}
        if not self.limits:
            self._print_alike(printed_alike(self.relations, self.values, copies, self.digits), grow, source)

    def _print_alike(self, alike: dict, grow, source: dict) -> None:
        """The solved plan with each group of keys `alike` (plan_twins.py) printed with the most digits one of
        them has, and guard digits given to a group at once where a line needs more; kept as solved where a
        line cannot follow so, or where a line not held to one unit before would be."""
        solved = dict(self.precision), dict(self.fallbacks), dict(self.raised_by)
        raised = False
        for group in {id(group): group for group in alike.values()}.values():
            most = max([self.precision.get(key, self.digits) for key in group])
            for key in group:
                if self.precision.get(key, self.digits) < most:
                    self.precision[key], raised = most, True
        if not raised:
            return
        self.alike = alike
        self._shown.clear()
        try:
            hold_demanding_lines(self, grow, dict(self.precision), solved[1], source)
            held = {r: None for r in self.fallbacks if not self.holds(r, half=True)}
        except VerificationError:
            held = None
        finally:
            self.alike = {}
        if held is not None and all([r in solved[1] for r in held]):
            self.fallbacks = held
            return
        self.precision, self.fallbacks, self.raised_by = solved
        self.refused = None
        self._shown.clear()

    def _grow_narrow(self, copies: dict, source: dict, using: dict, before: dict, fallbacks: dict) -> None:
        """`solve` where a line cannot follow even to one unit once other lines' inputs took up to
        HALF_GUARD_DIGITS (a result with many guard digits that its own inputs cannot reach): again
        with at most NARROW_GUARD_DIGITS for half a unit, the lines these do not bring there held to
        one unit ("≈†"); where that fails too, every line to one unit — the line out of reach then and
        the demands on it kept in `spread_from` (worked.py first tries that line's stable form)."""
        self.precision, self.fallbacks, self.refused = dict(before), dict(fallbacks), None
        self._shown.clear()
        self._narrow = True
        try:
            self._grow(copies, source, using)
        except VerificationError:
            self.spread_from = (self.refused, dict(self.raised_by))
            self.precision, self._half = before, False
            self._shown.clear()
            try:
                self._grow(copies, source, using)
            finally:
                self._half = True
            self.refused = None
            self.fallbacks = {}
            self.fallbacks = {r: None for r in self.relations if r in fallbacks or not self.holds(r)}
        finally:
            self._narrow = False

    def _grow_wide(self, grow) -> None:
        """`grow` in solve's last try: a line out of reach at GUARD_DIGITS joins `_wide` (its inputs may take
        WIDE_GUARD_DIGITS, as may those of every line whose result then has more than GUARD_DIGITS:
        the chain its digits come from) and `grow` runs again from where it started; so does a line held
        to one unit before its result had that many (wide from the start, it may follow to half a unit).
        Every other line keeps its cap.  VerificationError where a line is out of reach with WIDE_GUARD_DIGITS too."""
        start = dict(self.precision), dict(self.fallbacks), dict(self.raised_by)
        while True:
            try:
                grow()
                wide = self.digits + GUARD_DIGITS
                more = {r for r in self.fallbacks if r not in start[1] and r not in self._wide
                        and any(self.precision.get(key, 0) > wide for key in (r.result, *r.inputs))}
                if not more:
                    return
            except VerificationError:
                line = next((r for r in self.relations if r.result == self.refused), None)
                if line is None or line in self._wide:
                    raise
                more = {line}
            self._wide |= more
            self.precision, self.fallbacks, self.raised_by = dict(start[0]), dict(start[1]), dict(start[2])
            self.refused = None
            self._shown.clear()

    def _grow(self, copies: dict, source: dict, using: dict) -> None:
        """`solve`'s guard digits: every line made to hold (VerificationError where one cannot)."""
        pending = deque(self.relations)
        queued = set(self.relations)
        tie_digits = {}  # a result that took a digit near its tie (plan_ties.py) -> (its keys, their digits)
        while pending:
            relation = pending.popleft()
            queued.discard(relation)
            if self.holds(relation):
                continue
            cap = self._cap(relation)
            half = self._half and relation not in self.fallbacks
            near_tie = half and self._ties and not self._narrow and self._wide is None and more_result_digits(self, relation, cap, source)
            if near_tie:
                culprit = relation.result  # near a rounding tie: its result takes the digit (plan_ties.py)
            else:
                culprit = self._half_culprit(relation, cap) if half else self._culprit(relation, cap)
            if culprit is None and half:
                # GUARD_DIGITS do not make it round (its true value (nearly) on a tie): held to one unit
                self.fallbacks[relation] = None
                if self.holds(relation):
                    continue
                culprit = self._culprit(relation, self._cap(relation))
            if culprit is None:
                self.fallbacks[relation] = None  # its true value (nearly) on a tie: one unit will do
                if self.holds(relation):
                    continue
                del self.fallbacks[relation]
                self.refused = relation.result
                from .printers import printer

                raise VerificationError(
                    f"cannot print {printer('text').symbol(relation.result)} so that its line follows from the printed numbers "
                    f"with up to {self.digits + self._guard(relation)} significant digits; try {option('round_intermediate')}")
            original = culprit
            while original in source:  # a copy of a copy (v = ∂L/∂b = δ): printed as the first
                original = source[original]
            digits = self.precision.get(original, self.digits) + 1
            group = self.alike.get(original) or [original, *all_copies(original, copies)]
            if near_tie:
                tie_digits[original] = (group, digits)
            for key in group:
                if not near_tie:  # (a result's own digit: the line that asked it for its others stays its demand)
                    self.raised_by[key] = relation
                self.precision[key] = digits
                self._shown.pop(key, None)
                for affected in using.get(key, []):
                    if affected not in queued:
                        pending.append(affected)
                        queued.add(affected)
        if tie_digits:
            settle_ties(self, tie_digits, using)

    def _half_culprit(self, relation: Relation, cap: int) -> str | None:
        """`_culprit` for half a unit; None where the inputs at `cap` digits do not bring the line
        there (it becomes a fallback)."""
        return self._culprit(relation, cap) if self._within_reach(relation, cap) else None

    def _within_reach(self, relation: Relation, cap: int) -> bool:
        """Whether the line holds to half a unit with each rounded input printed to `cap` digits
        (undefined there, ln(1 − 1.00000): left to _culprit)."""
        key = _cap_key(relation, cap, self.precision, self.digits)
        kept = self._at_cap.get(relation)
        if kept is not None and kept[0] == key:  # (asked again at each of the line's guard digits)
            value = kept[1]
        else:
            value = self._value_at_cap(relation, cap)
            self._at_cap[relation] = (key, value)
        return True if value is None else self._rounds_to(value, self.shown(relation.result), True)

    def _value_at_cap(self, relation: Relation, cap: int) -> Fraction | None:
        """The line's value with each rounded input printed to `cap` digits (None: undefined there)."""
        try:
            return as_fraction(evaluate_line(relation.formula, self._printed_to(relation, cap)))
        except (ArithmeticError, ZeroDivisionError):
            return None

    def _cap(self, relation: Relation) -> int:
        """The digits a failing line's inputs may grow to: `_zero_digits` for an exact 0 its
        numbers give nearly; otherwise HALF_GUARD_DIGITS (= GUARD_DIGITS) more than --digits for
        half a unit — as many as the line needs, its result's guard digits (a later line's)
        included: none is left one unit off for want of them — and GUARD_DIGITS for a fallback
        held to one unit (and in the one-unit re-solve)."""
        result = self.shown(relation.result)
        if result.value == 0 and not result.rounded and self._zero_within_reach(relation):
            return self._zero_digits(relation)
        if self._wide is not None and self._guard(relation) == WIDE_GUARD_DIGITS:  # (solve's last try)
            return self.digits + WIDE_GUARD_DIGITS
        if not (self._half and relation not in self.fallbacks):
            return self.digits + GUARD_DIGITS
        return self.digits + (NARROW_GUARD_DIGITS if self._narrow else HALF_GUARD_DIGITS)

    def _guard(self, relation: Relation) -> int:
        """The digits beyond --digits the line's inputs may take at most: GUARD_DIGITS; in solve's last try
        WIDE_GUARD_DIGITS for a line in `_wide` or whose result has more than GUARD_DIGITS (a wide line
        asked it for them)."""
        if self._wide is None:
            return GUARD_DIGITS
        wide = relation in self._wide or self.precision.get(relation.result, self.digits) > self.digits + GUARD_DIGITS
        return WIDE_GUARD_DIGITS if wide else GUARD_DIGITS

    def _culprit(self, relation: Relation, cap: int) -> str | None:
        """The rounded input whose rounding moves the line's value most (None: none can grow to `cap`)."""
        env = {name: self.shown(name).value for name in relation.inputs}
        candidates = [name for name in relation.inputs
                      if self.shown(name).rounded and self.precision.get(name, self.digits) < cap]
        if self.limits:  # (solve's last try: results out of reach held below their digits, plan_reach.py)
            candidates = [name for name in candidates if self.precision.get(name, self.digits) < self.limits.get(name, cap)]
        changes = {name: self._change(name) for name in candidates} if len(candidates) > 2 else None
        found = sized_culprits(relation.formula, env, self.values, candidates, changes)  # (one pass: the certain ones left out)
        likely = None if found is None else found[0]
        if likely is not None and len(likely) > 1 and self._kept_sum(relation) is not None:  # told apart exactly
            likely = nearest_moves(self._kept_sum(relation), likely, self.values, found[1])
        if likely is not None and len(likely) == 1:
            return likely[0]
        try:  # (line_value: evaluate_formula's value at `env`, kept)
            base = as_fraction(self.line_value(relation))
        except (ArithmeticError, ZeroDivisionError):
            return candidates[0] if candidates else None  # undefined: more digits, in order
        kept_sum = self._line_values[relation][2]
        best, worst = None, Fraction(-1)
        for name in candidates if likely is None else likely:
            true = self.values[name]
            # a rational true value in a sum of products: its exact value, which evaluating the line gives too
            moved = kept_sum.value_with(name, true) if kept_sum is not None and type(true) is Fraction else None
            try:
                if moved is None:
                    moved = as_fraction(evaluate_line(relation.formula, {**env, name: true}))
            except (ArithmeticError, ZeroDivisionError):
                continue
            if abs(moved - base) > worst:
                best, worst = name, abs(moved - base)
        return best if best is not None else (candidates[0] if candidates else None)

    def _change(self, key: str) -> float | None:
        """plan_moves.input_change of a rounded key at its printed value (kept while that is printed)."""
        shown = self.shown(key)
        kept = self._changes.get(key)
        if kept is None or kept[0] is not shown:
            kept = self._changes[key] = (shown, input_change(self.values[key], shown.value))
        return kept[1]


def _cap_key(relation: Relation, cap: int, precision: dict, digits: int) -> tuple:
    """What `_printed_to(relation, cap)` depends on besides the (fixed) values: `cap`, and the inputs
    printed to more digits than that, with theirs (each other input is its value printed to `cap`)."""
    return cap, [(name, precision[name]) for name in relation.inputs if precision.get(name, digits) > cap]
