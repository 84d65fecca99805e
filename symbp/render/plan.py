"""Which number is printed for each quantity, and which relation sign each printed line gets.

In:  the values to show (exact, or the calculator mode's carried values) by key — quantity names
     and givens — and the printed lines as `Relation`s: a result key = a formula over the keys of
     numbers printed before it.
Out: one `Shown` per key (the same wherever that quantity is printed), the relation sign of every
     line, and in the calculator mode the exact value where it differs from the carried one.

The invariant: what a line's printed numbers give rounds (half away from zero) to its printed
result — a reader who works the line out and rounds gets the printed digits — except on the
lines `sign` gives ONE_UNIT (printed "≈†", the legend says so): those come out within one unit of
the last digit.  "=" only where the printed numbers give the result exactly, "≈" otherwise (and
"≈" where a given number is printed rounded in it and its result is rounded: the printed numbers
are not the true ones).

    exact mode     each value rounded to --digits significant digits; where a line's rounded
                   inputs do not give its result so (cancellation: 1 − 0.9998²; a value near a
                   rounding tie: 0.6 + 0.5·0.03810 = 0.61905 for 0.6190491), those inputs get guard
                   digits, one at a time, to the input that moves the line most, as many as
                   the line needs (up to GUARD_DIGITS beyond --digits): also where its result has
                   guard digits a later line asked for, so its inputs get more than it has.  Only
                   a line whose true value lies (nearly) on a rounding tie, which GUARD_DIGITS do
                   not bring to half a unit, is held to one unit of its last digit instead and
                   recorded in `fallbacks`; where even one unit is out of reach, the line that
                   asked it for the digits is held to one unit (plan_reach.py; `solve`).
    carried mode   each value is what a calculator gives from the printed inputs, rounded to
                   --digits and carried (evaluate.run with round_to): the lines hold by
                   construction and get no guard digits.

Either way `recheck.py` re-evaluates every printed line independently before anything is written.
"""

from __future__ import annotations

from collections import deque
from fractions import Fraction

from .. import formula as F
from ..errors import VerificationError
from ..evaluate import domain, evaluate_formula
from ..numbers import Shown, as_fraction, format_decimal, same_rounded, with_digits
from .plan_links import all_copies, links, same_values
from .plan_moves import input_change, sized_culprits
from .plan_reach import hold_demanding_lines
from .plan_sums import line_sum, nearest_moves
from .relations import Relation, formula_refs, line_function, shown_formula, tolerance  # noqa: F401 (imported from here)

GUARD_DIGITS = 12  # at most this many significant digits beyond --digits
HALF_GUARD_DIGITS = GUARD_DIGITS  # for half a unit a line's inputs may take as many (tests plant fewer: "≈†" lines)
NARROW_GUARD_DIGITS = 2  # solve's second try (_grow_narrow): a line's inputs get at most this many for half a unit
ONE_UNIT = 2  # `sign` of a line held to one unit (a fallback): "≈", marked on the page ("≈†")
ZERO_GUARD_DIGITS = 2  # a line whose exact result is 0: this many to make its printed numbers give 0
UNASKED = object()  # (DisplayPlan.note: a key not looked up yet; `_notes.get(key, UNASKED)`)


class DisplayPlan:
    """The printed number of every key and the relation sign of every line (see the module docstring)."""

    def __init__(self, values: dict, digits: int, rounded: set | None = None, exact_values: dict | None = None):
        self.values = values  # key -> the value shown: exact, or carried
        self.digits = digits
        self.carried = rounded is not None
        self.rounded = rounded or set()  # carried mode: keys whose carried value was rounded
        self.exact_values = exact_values or {}  # carried mode: key -> exact value (for the notes)
        self.precision: dict[str, int] = {}
        self.fixed: dict[str, int] = {}  # carried mode: digits of an intermediate the renderer adds (e^z)
        self.relations: dict[Relation, None] = {}
        self._shown: dict[str, Shown] = {}
        self._notes: dict[str, Shown | None] = {}  # carried mode: note() of each key asked
        self._line_values: dict = {}  # relation -> (its inputs' Shown, line_value, its plan_sums.LineSum or None)
        self._at_cap: dict = {}  # relation -> (_cap_key, _value_at_cap): _within_reach's value, kept
        self._changes: dict = {}  # key -> (its Shown, plan_moves.input_change): kept while it is printed so
        self.frozen = False
        self.replayed: dict | None = None  # the lines a pass after solving printed (worked.py records them)
        self.stable_losses: frozenset = frozenset()  # loss, δ and f'(z) keys printed in the stable form (stable_loss.py)
        self.fallbacks: dict[Relation, None] = {}  # exact mode: lines held to one unit, not half (see solve)
        self._narrow = False  # solve's second try: at most NARROW_GUARD_DIGITS for half a unit (_grow_narrow)
        self._half = True  # solve's first pass: every line but the fallbacks to half a unit
        self.raised_by: dict = {}  # exact mode: key -> the line that last gave it a guard digit (plan_reach.py)
        self.givens: frozenset = frozenset()  # exact mode: the spec's given keys (a rounded one makes its lines "≈")
        self.refused: str | None = None  # the result of the line `solve` could not make follow
        self.fall_below = False  # the cost's fall is below what 16 digits show (worked_updates.py)

    # ---- what is printed -------------------------------------------------------------------------
    def shown(self, key: str) -> Shown:
        shown = self._shown.get(key)
        if shown is None:
            value = self.values[key]
            if self.carried and key in self.fixed:
                shown = format_decimal(value, self.fixed[key])
            elif self.carried:
                shown = format_decimal(value, self.digits, was_rounded=key in self.rounded)
            else:
                shown = format_decimal(value, self.precision.get(key, self.digits))
            self._shown[key] = shown
        return shown

    def pad_exact(self, key: str, digits: int) -> list[str]:
        """`key` and its copies (∂L/∂b = δ) whose exact values are printed with `digits` digits from
        now on (0.7500 for an exact 0.75: the result of an "≈" line, wherever it appears); returns them."""
        padded = []
        copies, _, using = links(tuple(self.relations))
        for copy in same_values(key, copies, using, self.values):
            shown = self.shown(copy)
            if not shown.rounded:
                self._shown[copy] = with_digits(shown, digits)
                padded.append(copy)
        return padded

    def _inputs(self, relation: Relation) -> tuple:
        """The Shown of a line's inputs (`shown` of each; those already decided read at once)."""
        kept = self._shown.get
        return tuple([kept(name) or self.shown(name) for name in relation.inputs])

    def printed_numbers(self) -> list[Shown]:
        return list(self._shown.values())

    def relate(self, result: str, formula: F.Node) -> Relation:
        return self.record(Relation(result, formula))

    def record(self, relation: Relation) -> Relation:
        """A printed line noted: collected before solving, and in a replayed pass (worked.py)."""
        if not self.frozen:
            self.relations.setdefault(relation, None)
        elif self.replayed is not None:
            self.replayed.setdefault(relation, None)
        return relation

    def line_value(self, relation: Relation, inputs: tuple | None = None):
        """What the printed numbers of a line give (exact where the arithmetic is), `evaluate_formula`'s
        value; `inputs`: the Shown of its inputs, if known.  Kept with the printed numbers it came
        from (solve works out each line, and its sign is then read from the same numbers)."""
        names = relation.inputs
        if inputs is None:
            inputs = tuple([self.shown(name) for name in names])
        kept = self._line_values.get(relation)
        if kept is not None:
            before, value, kept_sum = kept
            if before == inputs:  # equal Shown: the same printed numbers
                return value
            if kept_sum is not None:  # a sum of products: only the inputs printed anew worked out again
                changed = [(name, shown.value) for name, old, shown in zip(names, before, inputs) if old is not shown and old != shown]
                if all([type(value) is Fraction for _, value in changed]):
                    for name, value in changed:
                        kept_sum.update(name, value)
                    self._line_values[relation] = (inputs, kept_sum.value, kept_sum)
                    return kept_sum.value
        number = domain(rational_only=False).number  # (a Fraction is its own number there)
        env = {name: shown.value if type(shown.value) is Fraction else number(shown.value) for name, shown in zip(names, inputs)}
        exact = all([type(value) is Fraction for value in env.values()])
        kept_sum = line_sum(relation.formula, env) if exact else None
        value = line_function(relation.formula)(env) if kept_sum is None else kept_sum.value
        self._line_values[relation] = (inputs, value, kept_sum)
        return value

    def _kept_sum(self, relation: Relation):
        """The line's plan_sums.LineSum at its printed numbers (None: not a sum of products)."""
        try:
            self.line_value(relation)
        except (ArithmeticError, ZeroDivisionError):
            return None
        return self._line_values[relation][2]

    def approx(self, relation: Relation) -> bool:
        """The relation sign: True for "≈" (the printed numbers do not give the result exactly)."""
        return self.sign(relation, self.shown(relation.result), self._inputs(relation))

    def sign(self, relation: Relation, result: Shown, inputs: tuple) -> bool | int:
        """`approx` of a line whose result's and inputs' Shown are known (`shown`, `_inputs`):
        False ("="), True ("≈") or ONE_UNIT ("≈", a line held to one unit: one of `fallbacks`)."""
        for shown in inputs:
            if shown.rounded:
                approx = self._approx(relation, result, inputs)
                break
        else:  # from exact inputs a line gives its result's own value (the carried one before rounding)
            approx = result.rounded
        if approx and self.fallbacks and relation in self.fallbacks:
            return ONE_UNIT
        return approx

    def _approx(self, relation: Relation, result: Shown, inputs: tuple) -> bool:
        """`sign`'s "≈" of a line some of whose inputs are printed rounded."""
        value = self.line_value(relation, inputs)
        if not (type(value) is Fraction and value == result.value):
            return True
        # a given printed rounded (w ≈ 0.12): "0.12·1 + 0.8 + 0.1 ≈ 1.02", the true z is not 1.02
        return result.rounded and any([shown.rounded and name in self.givens for name, shown in zip(relation.inputs, inputs)])

    def note(self, key: str) -> Shown | None:
        """Carried mode: the exact value of `key` when it differs from the carried one at the
        printed precision (the solution states it)."""
        notes = self._notes
        note = notes.get(key, UNASKED)  # (filled in the calculator mode only, for keys with an exact value)
        if note is not UNASKED:
            return note
        if not self.carried:
            return None
        exact = self.exact_values.get(key, UNASKED)
        if exact is UNASKED:
            return None
        carried = self.values[key]
        if type(exact) is Fraction and type(carried) is Fraction and (  # (lowest terms: equal integers; the slots
                exact._numerator == carried._numerator and exact._denominator == carried._denominator):  # not the properties)
            note = None  # the same number rounds alike (most keys of a worksheet: no rounding upstream)
        elif same_rounded(exact, carried, self.digits):
            note = None
        else:
            note = format_decimal(exact, self.digits)
        notes[key] = note
        return note

    # ---- guard digits ----------------------------------------------------------------------------
    def holds(self, relation: Relation, half: bool | None = None) -> bool:
        """Whether what the line's printed numbers give rounds (half away from zero) to its printed
        result (`half`), or is within one unit of it (not `half`; default: one unit for a fallback
        and in solve's one-unit pass)."""
        inputs = self._inputs(relation)
        if not any([shown.rounded for shown in inputs]):
            return True
        result = self.shown(relation.result)
        try:
            value = self.line_value(relation, inputs)
        except (ArithmeticError, ZeroDivisionError):  # log(1 − 1.000): the rounded inputs give nothing
            return False
        value = as_fraction(value)
        if result.value == 0 and value != 0 and not result.rounded and self._zero_within_reach(relation):
            # an exact 0 (δ = (0.7·(−0.7110) + 0.7·0.71103)·0.9901, the numbers give 2.1·10⁻⁵): its
            # inputs get a guard digit or two, printed alike (0.7·(−0.71103) + 0.7·0.71103 = 0)
            return False
        if half is None:
            half = self._half and relation not in self.fallbacks
        return self._rounds_to(value, result, half)

    def _rounds_to(self, value: Fraction, result: Shown, half: bool) -> bool:
        """Whether `value` rounds (half away from zero, as numbers.py does) to the printed `result`
        (`half`), or is within one unit of its last digit (not `half`)."""
        off, unit = abs(value - result.value), tolerance(result, self.digits)
        if not half:
            return off <= unit
        return off < unit / 2 or (off == unit / 2 and abs(result.value) > abs(value))

    def _printed_to(self, relation: Relation, digits: int) -> dict:
        """The values of a line's inputs with each rounded one printed to at least `digits` digits."""
        env = {}
        for name in relation.inputs:
            shown = self.shown(name)
            if shown.rounded and self.precision.get(name, self.digits) < digits:
                shown = format_decimal(self.values[name], digits)
            env[name] = shown.value
        return env

    def _zero_within_reach(self, relation: Relation) -> bool:
        """Whether the line's inputs, each printed with ZERO_GUARD_DIGITS more digits, give exactly 0
        (not so where one never terminates: 0.3 − 0.45·0.666667)."""
        env = self._printed_to(relation, self._zero_digits(relation))
        try:
            return as_fraction(evaluate_formula(relation.formula, env, exact=False)) == 0
        except (ArithmeticError, ZeroDivisionError):
            return False

    def _zero_digits(self, relation: Relation) -> int:
        """The digits the rounded inputs of a line with an exact 0 are printed alike with: ZERO_GUARD_DIGITS
        more than --digits, or as many as the longest of them has (guard digits for another line)."""
        return max([self.digits + ZERO_GUARD_DIGITS] + [self.precision.get(name, self.digits) for name in relation.inputs
                                                         if self.shown(name).rounded])

    def solve(self) -> None:
        """Exact mode: while a line fails, give the rounded input that puts it furthest off one
        more digit (up to `_cap`); a copy (∂L/∂b = δ) is printed as its original; a line that its
        inputs at the cap do not bring to half a unit becomes a fallback, held to one unit.  Where
        even that fails, the line that asked its result for the digits is held to one unit instead
        (plan_reach.py), else every line gets fewer guard digits (`_grow_narrow`).  Fallbacks that
        round after all are dropped: the rest are the lines printed "≈†".  Carried mode: nothing to choose."""
        self.frozen = True
        self._at_cap.clear(), self._changes.clear()  # (kept for the values of this solve)
        copies, source, using = links(tuple(self.relations))
        if self.carried:  # a copy of a rounded value is written as that value: −0.03810
            for source, results in copies.items():
                if source in self.rounded:
                    self.rounded.update(results)
                    for result in results:
                        self._shown.pop(result, None)
            return
        before, fallbacks = dict(self.precision), dict(self.fallbacks)
        try:
            hold_demanding_lines(self, lambda: self._grow(copies, source, using), before, fallbacks, source)
        except VerificationError:
            self._grow_narrow(copies, source, using, before, fallbacks)
        # a fallback that guard digits given for other lines bring to half a unit after all: not marked
        self.fallbacks = {r: None for r in self.fallbacks if not self.holds(r, half=True)}

    def _grow_narrow(self, copies: dict, source: dict, using: dict, before: dict, fallbacks: dict) -> None:
        """`solve` where a line cannot follow even to one unit once other lines' inputs took up to
        HALF_GUARD_DIGITS (a result with many guard digits that its own inputs cannot reach): again
        with at most NARROW_GUARD_DIGITS for half a unit, the lines these do not bring there held to
        one unit ("≈†"); where that fails too, every line to one unit."""
        self.precision, self.fallbacks, self.refused = dict(before), dict(fallbacks), None
        self._shown.clear()
        self._narrow = True
        try:
            self._grow(copies, source, using)
        except VerificationError:
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

    def _grow(self, copies: dict, source: dict, using: dict) -> None:
        """`solve`'s guard digits: every line made to hold (VerificationError where one cannot)."""
        pending = deque(self.relations)
        queued = set(self.relations)
        while pending:
            relation = pending.popleft()
            queued.discard(relation)
            if self.holds(relation):
                continue
            cap = self._cap(relation)
            half = self._half and relation not in self.fallbacks
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
                    f"with up to {self.digits + GUARD_DIGITS} significant digits; try --round-intermediate")
            original = culprit
            while original in source:  # a copy of a copy (v = ∂L/∂b = δ): printed as the first
                original = source[original]
            digits = self.precision.get(original, self.digits) + 1
            self.raised_by[original] = relation
            for key in [original, *all_copies(original, copies)]:
                self.precision[key] = digits
                self._shown.pop(key, None)
                for affected in using.get(key, []):
                    if affected not in queued:
                        pending.append(affected)
                        queued.add(affected)

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
            return as_fraction(evaluate_formula(relation.formula, self._printed_to(relation, cap), exact=False))
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
        if not (self._half and relation not in self.fallbacks):
            return self.digits + GUARD_DIGITS
        return self.digits + (NARROW_GUARD_DIGITS if self._narrow else HALF_GUARD_DIGITS)

    def _culprit(self, relation: Relation, cap: int) -> str | None:
        """The rounded input whose rounding moves the line's value most (None: none can grow to `cap`)."""
        env = {name: self.shown(name).value for name in relation.inputs}
        candidates = [name for name in relation.inputs
                      if self.shown(name).rounded and self.precision.get(name, self.digits) < cap]
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
                    moved = as_fraction(evaluate_formula(relation.formula, {**env, name: true}, exact=False))
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

    def reopen(self, result: str, formula: F.Node) -> None:
        """Add a line after solving (the fall of the cost, when needed) and solve again."""
        self.frozen = False
        self.relate(result, formula)
        self.solve()


def _cap_key(relation: Relation, cap: int, precision: dict, digits: int) -> tuple:
    """What `_printed_to(relation, cap)` depends on besides the (fixed) values: `cap`, and the inputs
    printed to more digits than that, with theirs (each other input is its value printed to `cap`)."""
    return cap, [(name, precision[name]) for name in relation.inputs if precision.get(name, digits) > cap]
