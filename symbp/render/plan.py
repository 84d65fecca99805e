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
                   asked it for the digits is held to one unit (plan_reach.py; `solve`,
                   plan_grow.py); where that fails too, solve's last try allows WIDE_GUARD_DIGITS
                   to the line out of reach and the chain of lines its digits come from, and
                   limits the digits of a result its own line cannot reach (pin_out_of_reach).
    carried mode   each value is what a calculator gives from the printed inputs, rounded to
                   --digits and carried (evaluate.run with round_to): the lines hold by
                   construction and get no guard digits.  A copy of a rounded value (∂L/∂b = δ),
                   and a value that is not the exact one though its line gives it exactly
                   (−0.6 − 1000·0.07410 = −74.70: answer_key.padded_names), is printed with its
                   digits (−0.03810) but is not itself rounded (`copied`): a summary states it
                   with "=", as its line does.

Either way `recheck.py` re-evaluates every printed line independently before anything is written.
"""

from __future__ import annotations

from fractions import Fraction

from .. import formula as F
from ..core.numeric import PrecisionLost
from ..core.numeric import domain
from ..formula_values import evaluate_formula
from ..numbers import Shown, as_fraction, format_decimal, same_rounded, with_digits
from .plan_grow import GUARD_DIGITS, GuardDigits  # noqa: F401 (GUARD_DIGITS imported from here)
from .plan_links import links, same_values
from .plan_sums import line_sum
from .relations import Relation, formula_refs, line_function, more_digits, shown_formula, tolerance  # noqa: F401 (imported from here)

ONE_UNIT = 2  # `sign` of a line held to one unit (a fallback): "≈", marked on the page ("≈†")
ZERO_GUARD_DIGITS = 2  # a line whose exact result is 0: this many to make its printed numbers give 0
UNASKED = object()  # (DisplayPlan.note: a key not looked up yet; `_notes.get(key, UNASKED)`)


class DisplayPlan(GuardDigits):
    """The printed number of every key and the relation sign of every line (see the module docstring)."""

    def __init__(self, values: dict, digits: int, rounded: set | None = None, exact_values: dict | None = None):
        self.values = values  # key -> the value shown: exact, or carried
        self.digits = digits
        self.carried = rounded is not None
        self.rounded = rounded or set()  # carried mode: keys whose carried value was rounded (at their own step)
        self.copied: set = set()  # carried mode: copies of a rounded value (∂L/∂b = δ), and values not the exact ones (answer_key.padded_names): printed with their digits, not rounded themselves
        self.exact_values = exact_values or {}  # carried mode: key -> exact value (for the notes)
        self.precision: dict[str, int] = {}
        self.fixed: dict[str, int] = {}  # carried mode: digits of an intermediate the renderer adds (e^z)
        self.relations: dict[Relation, Relation] = {}  # each line's relation -> itself, as first recorded
        self._linked: tuple | None = None  # (relations, their number, links(...)): see `links`
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
        self._wide: set | None = None  # solve's last try: the lines out of reach whose inputs may take WIDE_GUARD_DIGITS (plan_grow.py)
        self.raised_by: dict = {}  # exact mode: key -> the line that last gave it a guard digit (plan_reach.py)
        self.givens: frozenset = frozenset()  # exact mode: the spec's given keys (a rounded one makes its lines "≈")
        self.refused: str | None = None  # the result of the line `solve` could not make follow
        self.spread_from: tuple | None = None  # (refused, raised_by) where solve held every line to one unit (_grow_narrow)
        self.last_try = False  # solve's last try (WIDE_GUARD_DIGITS): worked.py's, once stable forms and the fall in words do not help
        self.alike: dict = {}  # exact mode, while solving: key -> the keys given its guard digits with it (plan_twins.py)
        self.limits: dict[str, int] = {}  # exact mode: key -> the digits no line may raise it to (plan_reach.pin_out_of_reach)
        self.fall_below = False  # the cost's fall is below what 16 digits show (worked_updates.py)

    # ---- what is printed -------------------------------------------------------------------------
    def shown(self, key: str) -> Shown:
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = format_decimal(self.values[key], *self.format_args(key))
        return shown

    def format_args(self, key: str) -> tuple[int, bool]:
        """format_decimal's (digits, was_rounded) for `key`'s printed number."""
        if not self.carried:
            return self.precision.get(key, self.digits), False
        if key in self.fixed:  # (the calculator mode's e^z: its own digits)
            return self.fixed[key], False
        return self.digits, key in self.rounded or key in self.copied

    def pad_exact(self, key: str, digits: int) -> list[str]:
        """`key` and its copies (∂L/∂b = δ) whose exact values are printed with `digits` digits from
        now on (0.7500 for an exact 0.75: the result of an "≈" line, wherever it appears); returns them."""
        padded = []
        copies, _, using = self.links()
        for copy in same_values(key, copies, using, self.values):
            shown = self.shown(copy)
            if not shown.rounded:
                self._shown[copy] = with_digits(shown, digits)
                padded.append(copy)
        return padded

    def links(self) -> tuple[dict, dict, dict]:
        """`plan_links.links` of the printed lines, kept while none is added (lines only ever join
        `relations`): a padded line (`pad_exact`, ~thousands in a 64x12 network) does not build and
        hash a tuple of every relation (~105 k) again."""
        relations, linked = self.relations, self._linked
        if linked is None or linked[0] is not relations or linked[1] != len(relations):
            linked = self._linked = (relations, len(relations), links(tuple(relations)))
        return linked[2]

    def _inputs(self, relation: Relation) -> tuple:
        """The Shown of a line's inputs (`shown` of each; those already decided read at once)."""
        kept = self._shown.get
        return tuple([kept(name) or self.shown(name) for name in relation.inputs])

    def printed_numbers(self) -> list[Shown]:
        return list(self._shown.values())

    def relate(self, result: str, formula: F.Node) -> Relation:
        return self.record(Relation(result, formula))

    def record(self, relation: Relation) -> Relation:
        """A printed line noted: collected before solving, and in a replayed pass (worked.py).  Returns
        the relation as first recorded: a printing pass's lines hold the formula trees the plan holds,
        not a second copy of each (a 64x12 network's ~105 k lines, issue 16)."""
        if not self.frozen:
            return self.relations.setdefault(relation, relation)
        relation = self.relations.get(relation, relation)
        if self.replayed is not None:
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
        if kept_sum is not None:
            value = kept_sum.value
        else:
            try:
                value = line_function(relation.formula)(env)
            except PrecisionLost:  # (1 − tanh(−90.5)² of a printed z cancels in all 50 digits)
                value = more_digits(relation.formula, env)
        self._line_values[relation] = (inputs, value, kept_sum)
        return value

    def solved(self) -> None:
        """Solving is over: each line's value stays kept with the printed numbers it came from (the
        printing pass reads its sign from them), its sum of products node by node (plan_sums.LineSum)
        and solve's kept moves go — a 64×12 network's ~100 MB, read by no printing pass (a line whose
        numbers changed since is worked out whole, to the same value)."""
        self._line_values = {relation: (inputs, value, None) for relation, (inputs, value, _) in self._line_values.items()}
        self._at_cap.clear(), self._changes.clear()

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
            approx = result.rounded and relation.result not in self.copied
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

    def reopen(self, result: str, formula: F.Node) -> None:
        """Add a line after solving (the fall of the cost, when needed) and solve again."""
        self.frozen = False
        self.relate(result, formula)
        self.solve()
