"""Marking a hand-worked solution, with error carried forward.

In:  a verified `Solution`, the student's `Answers` (check.py) and the sheet's agreement `Rule`.
Out: a `Marking`: for every quantity its status, the true value, the value that follows from the
answer's own numbers (the carried-forward expectation), a diagnosis of a wrong value, and points.

    correct         agrees with the true value (agreement.py), or with what follows from the
                    answer's own correctly rounded earlier numbers, or with what the true numbers
                    before it give the taught way (whatever the answer wrote for them), or with a
                    value the key's calculator chain prints (calculator_chain.py), or with one that
                    some mixture of rounding on the way to the sheet's digits gives from the
                    answer's own numbers, or from the true ones (student_spans.py)
    carried         differs from the true value only because an earlier number was wrong: it
                    agrees with what follows from the answer's own numbers
    too_few_digits  right at the precision written, but with fewer significant digits than the
                    sheet asks for (0.3 for 0.2984): no points; what follows from it is carried
    wrong           none of these
    missing         not given (only a value that is asked for: a worksheet's key says which)

A value a worksheet does not ask for (its key's "asked": not a value the spec gives, not one of
another task or training step) is never missing; written anyway, it is marked like the others but
earns no points, is not counted with the statuses and does not make `check` fail: the report lists
it once, apart (`Marking.not_asked`).  A wrong one still moves what follows, which is carried from
it.  Values worked out on the way to an asked one (OPTIONAL) are marked with the asked ones.

Each quantity is recomputed from the answer's own value of every quantity it depends on (carry.py:
f'(z) through the answer's a, or from its z; with or without the rounding of shown intermediate
values); where a dependency was not written down, from the value that follows from the answer's
own numbers before it (which is the true value when nothing before it was given).  Values the
spec gives (weights of step 1, inputs, targets, alpha) may be written too: a miscopied one is
wrong, and what follows from it is carried.

Points: 1 per quantity to work out and 0 per value the spec gives or worked out on the way (f'(z),
(W^T δ)_k: marked where written, never missing), unless the answers' [points] table (or the class
key's asked quantities) says otherwise; correct earns them, carried too unless
`carry` is off; too_few_digits, wrong and missing earn none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property

from .agreement import (HALF_UNIT, Rule, agrees, agrees_carried, as_fraction, could_be_rounding, decimal_reading, explains, known_exactly,
                        precise_enough, too_coarse, within)
from .calculator_chain import Chain, calculator_chain
from .carry import EVERY_OPERATION, NOTHING, TAUGHT, Way
from . import derivation_quantities as D
from . import names
from .formula import refs
from .marks import (CARRIED, CORRECT, GIVEN, MISSING, OPTIONAL, ROUNDED_ON_THE_WAY, SOURCES_OF_CARRIED, STATUSES,
                    TOO_FEW_DIGITS, WRONG, Mark, Marking, OnTheWay, default_points, earned_points)
from .numbers import round_significant, same_rounded
from .diagnose import BEFORE_EXACT_CLAIMED, REGISTERED_LATER, Diagnosis
from .pen_slips import UNDONE, PenSlips
from .student_spans import StudentValues
from .tasks import ON_THE_WAY

WRONG_ON_THE_WAY = "wrong_value_on_the_way"  # the slip of a value carried from a wrong f'(z) or Σ_k w·δ written
COARSE_ON_THE_WAY = "coarse_value_on_the_way"  # the same from one written with too few digits (none wrong)

__all__ = ["CARRIED", "CORRECT", "GIVEN", "MISSING", "OPTIONAL", "ROUNDED_ON_THE_WAY", "SOURCES_OF_CARRIED",
           "STATUSES", "TOO_FEW_DIGITS", "WRONG", "Mark", "Marking", "default_points", "earned_points", "mark"]


@dataclass(frozen=True)
class WholeChain:
    """A way a careful student works a whole chain of values, those left out too: each value by `way`,
    from the values before it and those worked out on the way (f'(z), Σ_k w·δ: chain_formula), and
    rounded to the sheet's digits, or `more` digits than those (a 4-digit sheet's student keeping 5)."""

    way: Way
    more: int = 0


# (besides the exact one and the key's calculator chain, `rounded_env`, which reads f'(z) and Σ_k w·δ whole)
WHOLE_CHAINS = (WholeChain(EVERY_OPERATION), WholeChain(EVERY_OPERATION, 1),  # every product, partial sum, e^z…
                WholeChain(TAUGHT), WholeChain(TAUGHT, 1))  # each value the sheet names, f'(z) and Σ_k w·δ


_CHAIN_FORMULAS: dict = {}  # id of a derivation -> (the derivation, its chain formulas); bounded
MAX_CHAIN_FORMULAS = 64
COPIED_SLIPS = frozenset({"not_updated"})  # slips that copy a given number: they win over "too few digits"


def chain_formulas(derivation) -> dict:
    """name -> (the quantity's formula as WHOLE_CHAINS work it, the names that formula reads): the values
    worked out on the way before it (f'(z), Σ_k w·δ) read as those values, as a chain has them — made once
    per derivation (a class's files, a worksheet's variants of one architecture share it)."""
    from .carry import stepped, taught

    found = _CHAIN_FORMULAS.get(id(derivation))
    if found is not None and found[0] is derivation:
        return found[1]
    on_the_way = [q for q in derivation.quantities if q.kind in ON_THE_WAY]
    nodes = {node: q.name for q in on_the_way for node in (q.formula, taught(q.formula))}
    names_on_the_way = frozenset(q.name for q in on_the_way)
    formulas = {}
    for q in derivation.quantities:  # (a value worked out on the way is worked as marked: None, as_marked's formula)
        formula = None if q.name in names_on_the_way else stepped(q.formula, nodes, names_on_the_way) \
            if on_the_way else q.formula
        formulas[q.name] = (formula, tuple(refs(formula)) if formula is not None else None)
    if len(_CHAIN_FORMULAS) >= MAX_CHAIN_FORMULAS:
        _CHAIN_FORMULAS.clear()
    _CHAIN_FORMULAS[id(derivation)] = (derivation, formulas)
    return formulas


class _ChainValues(dict):
    """One whole chain's numbers: a given or a value written set as the marker meets it, a value left out
    worked out from its chain formula when first read (most are never read: a chain is followed only to
    a value written after values left out), rounded to the chain's digits; where undefined, the key's
    calculator chain's value."""

    def __init__(self, marker: "_Marker", chain: WholeChain):
        super().__init__()
        self.marker, self.chain = marker, chain

    def __contains__(self, name) -> bool:  # (carry.py asks whether a is there before it reads f'(z) through it)
        return dict.__contains__(self, name) or name in self.marker.chain_from

    def __missing__(self, name: str):
        from .carry import recompute

        m = self.marker
        if name not in m.chain_from:  # not a value left out (yet): no number of this chain
            raise KeyError(name)
        digits = m.rule.digits + self.chain.more
        quantity = m.solution.derivation.by_name[name]
        value = recompute(m.chain_formula(quantity), self, m.domain, self.chain.way, digits)
        self[name] = found = m.rounded_env[name] if value is None else m.domain.number(round_significant(value, digits))
        return found


class _Marker:
    """The marking of one answer, quantity by quantity in order of computation."""

    def __init__(self, solution, answers, rule: Rule, carry: bool, asked, printed: Chain | None = None):
        from .core.numeric import domain

        self.solution, self.answers, self.rule, self.carry, self.asked = solution, answers, rule, carry, asked
        self.key_values = printed.values if printed is not None else {}  # what a carried key prints (a report shows it)
        self.domain = domain(rational_only=solution.exact)
        self.truth = {name: self.domain.number(v) for name, v in solution.givens.items()}
        self.truth.update(solution.values)
        self.env: dict = {}  # the answer's own numbers, or what follows from them where none was written
        # the same, where none was written, rounded to the rule's digits as the key's calculator
        # chain writes each value (a = 0.7090 from the z it rounds, not 0.70906 from the exact z)
        self.rounded_env: dict = {}
        # the same worked as other careful students work a whole chain (WHOLE_CHAINS), so that a value after
        # a long chain left out is followed as they work it
        self.chain_envs: dict = {chain: _ChainValues(self, chain) for chain in WHOLE_CHAINS}
        # a value left out -> the wrong numbers written that its chains' values follow from (through a wrong f'(z)
        # or Σ_k w·δ written on the way, which `env` works again from its own numbers: chain_sources)
        self.chain_from: dict = {}
        self._chain_formulas = chain_formulas(solution.derivation)  # name -> (chain formula, the names it reads)
        self.unmarked: dict[str, tuple] = {}  # a value not written and not marked -> the wrong values it follows from
        self.off: dict[str, bool] = {}  # name -> its number in env is not the true value
        # name -> its number is, or follows from, a number written with too few digits (too_few_digits):
        # a rounded number, however short what follows from it comes out (0.14 copied into dL/db = δ)
        self.coarse: dict[str, bool] = {}
        # name -> the value a calculator keeps where the answer wrote one with too few digits (the sheet
        # lets a student go on with more digits than written): what its own numbers before it give, where
        # that rounds to what it wrote; and a value not written, worked out from such numbers (`keep`)
        self.kept: dict = {}
        self.way_charges = OnTheWay(OPTIONAL)  # a wrong f'(z) or Σ_k w·δ written costs the value after it
        self.marks: dict[str, Mark] = {}
        names = list(solution.derivation.givens) + [q.name for q in solution.derivation.quantities]
        self.order = {name: i for i, name in enumerate(names)}
        # the calculator chains whose values are right as written: the one a key printed (its own
        # digits and detail), and the one at the rule's digits (`derive --round-intermediate`)
        printed = printed or calculator_chain(solution, rule.digits)
        self.chains = [printed] + ([calculator_chain(solution, rule.digits, printed.detail)]
                                   if printed.digits != rule.digits or not printed.values else [])
        # every mixture of rounding on the way, to the sheet's digits or the rule's
        self.pen_slips = PenSlips()
        self._written = None  # `_written_numbers`
        self.diagnosing = True  # slips looked for (not in a second marking with the numbers meant: `_meant_for_what_follows`)
        self.spans = StudentValues(solution, answers, self.env, self.rounded_env, (rule.digits, printed.digits),
                                   rule.minimum)

    def chain_formula(self, quantity):
        """A quantity's formula as WHOLE_CHAINS work it (`chain_formulas`; a value worked out on the way:
        its formula as marked)."""
        return self._chain_formulas[quantity.name][0] or quantity.formula

    def chain_reads(self, quantity) -> tuple:
        """The names a quantity's chain formula reads."""
        found = self._chain_formulas[quantity.name][1]
        return found if found is not None else tuple(refs(quantity.formula))

    def reads_left_out(self, quantity) -> bool:
        """Whether a quantity's chain formula reads a value left out: only then can a whole chain give it
        what the ways of one step from the numbers written do not (or keep more digits than they do)."""
        return any(name in self.chain_from for name in self.chain_reads(quantity))

    def chain_sources(self, quantity, dependencies) -> tuple:
        """The wrong numbers written that a value worked by WHOLE_CHAINS follows from: those of the taught
        way's numbers (`upstream_errors`), of an f'(z) or Σ_k w·δ written on the way that the chain reads,
        and of the values left out that it reads, as their chains had them (chain_from)."""
        read = list(self.chain_reads(quantity))
        found = dict.fromkeys(self.upstream_errors(list(dict.fromkeys(list(dependencies) + read))))
        for name in read:
            found.update(dict.fromkeys(self.chain_from.get(name, ())))
        return tuple(sorted(found, key=self.order.__getitem__))

    def carry_on(self, name: str, value) -> None:
        """The number that what follows is computed from, and whether it is not the true value."""
        self.env[name] = value
        self.off[name] = as_fraction(value) != as_fraction(self.truth[name])

    def upstream_errors(self, dependencies) -> tuple:
        found: dict[str, None] = {}
        for dep in dependencies:
            if dep in self.unmarked and self.off[dep]:  # not written down: what it follows from
                found.update(dict.fromkeys(self.unmarked[dep]))
            if dep not in self.marks or not self.off[dep]:
                continue
            m = self.marks[dep]
            if m.status in SOURCES_OF_CARRIED:
                found.setdefault(dep, None)
            elif m.status in (CARRIED, MISSING):
                found.update(dict.fromkeys(m.carried_from))
        return tuple(sorted(found, key=self.order.__getitem__))

    def add(self, mark: Mark, is_given: bool, coarse: bool = False, slip: Diagnosis | None = None) -> None:
        """Record a mark; one that is not right is too_few_digits when `coarse` (right at the
        precision written), else wrong, with the slip that explains it (`slip`: found already)."""
        if slip is not None:
            mark.carried_from, mark.diagnosis = (), slip
        elif mark.status == WRONG and coarse:
            # right at the precision written — unless it is a given number copied (an update written as the
            # old value 0.6, for 0.5987: not updated, not a number with too few digits).  Another slip that
            # gives the number written is no evidence against it: from numbers written with few digits many
            # slips give a number that short (0.6 − 0.1 = 0.5 for 0.5308, "learning rate forgotten": the
            # hostile-input hunter's MEDIUM of stop 56).  A copy only where the answer writes its other numbers
            # with more digits (a sheet written to two digits rounds 0.14978 to its old value 0.15), and not
            # where it is the true value to those digits with its last zeros dropped (0.15 for 0.150)
            habit = self.digit_habit
            found = self.copied(mark) if mark.written.significant < habit and \
                not same_rounded(as_fraction(mark.expected), mark.written.value, habit) else None
            if found is not None and as_fraction(found.value) == mark.written.value:
                mark.carried_from, mark.diagnosis = (), found
            else:
                mark.status = TOO_FEW_DIGITS
        elif mark.status == WRONG:
            mark.carried_from = ()
            mark.diagnosis = self.diagnose(mark)
        mark.asked = self.is_asked(mark.name) or mark.kind in OPTIONAL
        mark.points = default_points(self.answers, mark.name, is_given, self.asked)
        mark.earned = earned_points(mark.status, mark.points, self.carry)
        mark.key = self.key_values.get(mark.name)
        self.marks[mark.name] = mark
        if mark.written is not None:
            self.coarse[mark.name] = mark.status == TOO_FEW_DIGITS

    def through_the_way(self, quantity, written) -> Diagnosis:
        """The slip of a value carried from a wrong number written on the way: its line worked through the
        numbers written on the way (δ = ∂L/∂a · f'(z) with the answer's f'(z)), where that line gives the
        number written (with values left out between, the line of one step does not: no line)."""
        from .carry import recompute

        formula = self.chain_formula(quantity)
        reads = self.chain_reads(quantity)
        wrong = any(n in self.marks and self.marks[n].status == WRONG for n in reads)
        key = COARSE_ON_THE_WAY if not wrong and any(self.coarse.get(n) for n in reads) else WRONG_ON_THE_WAY
        value = recompute(formula, self.env, self.domain, TAUGHT, self.rule.digits)
        if value is None or not explains(written, value, self.rule):
            return Diagnosis(key, None, None)
        return Diagnosis(key, value, formula, {n: self.env[n] for n in reads}, own_inputs=True)

    def is_asked(self, name: str) -> bool:
        return self.asked is None or name in self.asked

    @cached_property
    def digit_habit(self) -> int:
        """The significant digits the answer writes its numbers with, updates left out (their median, a
        fraction counted as many; an update may be a copy of its old value, and a file of copies has no
        habit of its own: the second reviewer's MEDIUM of stop 56): a number with fewer stands out; with
        no such number, as many as the rule asks (one number alone copied from the sheet is a copy)."""
        by_name = self.solution.derivation.by_name
        digits = sorted(w.significant for name, w in self.answers.values.items() if w is not None and
                        getattr(by_name.get(name), "kind", None) not in (D.WEIGHT_UPDATE, D.BIAS_UPDATE))
        return digits[len(digits) // 2] if digits else self.rule.minimum

    def copied(self, mark: Mark):
        """The slip of COPIED_SLIPS (the old value copied for an update) that gives the number written, or
        None — tried whatever other slip would be named first (the reviewer's MEDIUM of stop 56: 0.15 for
        0.14978 was too few digits where "update done with +" came first, 0.6 for 0.6190 not updated)."""
        from .diagnose import diagnose

        if not self.diagnosing:
            return None
        return diagnose(self._case(mark, False), only=COPIED_SLIPS)

    def _case(self, mark: Mark, beyond):
        """The diagnosis case of a mark with the answer's own numbers (`beyond`: a slip of the pen reaches it)."""
        from .diagnose import Case

        written, rule = mark.written, self.rule
        return Case(mark.name, self.solution.derivation.by_name.get(mark.name), written, mark.expected, mark.carried,
                    self.env, self.domain, self.solution.spec, lambda v: explains(written, v, rule), beyond,
                    frozenset(self.answers.values),
                    agrees_rounded=lambda formula: self.spans.explains_formula(formula, written, rule),
                    later=self._written_numbers())

    def _written_numbers(self) -> dict:
        """Every number the answer writes, by name, in the marking's domain: made once (a diagnosis case reads those
        written later than its own value: diagnose.Case.later — built per case, it cost O(answers) per wrong value)."""
        if self._written is None:
            self._written = {name: self.domain.number(w.value) for name, w in self.answers.values.items()
                             if w is not None}
        return self._written

    def diagnose(self, mark: Mark):
        from .diagnose import diagnose

        if not self.diagnosing:
            return None
        written = mark.written
        quantity = self.solution.derivation.by_name.get(mark.name)
        printed = self.chains[0].values
        # a slip of the pen only beyond two units of every value accepted as right (student_spans.py)
        beyond = self.spans.beyond_rounding(quantity, written, (mark.expected, mark.carried, printed.get(mark.name)),
                                            self.truth)
        case = self._case(mark, beyond)
        found = diagnose(case)
        if found is None and mark.name in printed:  # a slip of the value a carried key prints: its sign, a digit
            found = diagnose(replace(case, quantity=None, expected=printed[mark.name], carried=None))
        kept = self.kept_values() if found is None and quantity is not None else None
        if kept is not None:  # the slip made with the digits the calculator kept of numbers written rounded
            found = diagnose(replace(case, env=kept, kept=True))
        if beyond and mark.status == WRONG and (found is None or found.key in UNDONE + REGISTERED_LATER):
            # a pen slip of a careful number: undone, is it right?  (and the number meant, for what follows: `mark`)
            references = (mark.expected, mark.carried, printed.get(mark.name))
            # (the number meant shows the digits a number marked right must: 0.12 undone from 12 is within two units of
            # 0.1385 but too coarse to be a careful number, and 1 judged from 0.99999999999 no −1 meant — stop 64's tester)
            undone = self.pen_slips.diagnosis(mark.name, written, lambda before: (
                precise_enough(before, self.rule) or any(known_exactly(r) and before.value == r for r in references))
                and self.spans.beyond_rounding(quantity, before, references, self.truth) is False)
            if found is None or found.key in REGISTERED_LATER and undone is not None:  # (the likelier slip)
                found = undone
            elif undone is None or undone.key != found.key:
                undone = None
            # the number meant only where it is right from numbers none of which is wrong (the answer's own
            # careful ones), or from the true ones: after a slipped δ, −0.03814 for ∂L/∂b = δ is no slip of +0.03814
            if undone is not None and (quantity is None or not self.upstream_errors(list(refs(quantity.formula)))
                                       or self.right_from_truth(quantity, undone.meant,
                                                                (mark.expected, printed.get(mark.name)))):
                found = replace(found, meant=undone.meant)
            elif found is not None and found.meant is not None:
                found = replace(found, meant=None)
        if mark.status == WRONG and (found is None or found.key in BEFORE_EXACT_CLAIMED):
            # 1/8 for 0.1245: right as the rounded decimal 0.125, wrong as the exact value it claims
            reading = decimal_reading(written, (mark.expected, mark.carried, printed.get(mark.name)), self.rule)
            if reading is not None:
                return Diagnosis("exact_claimed", None, None, as_decimal=reading)
        return found

    def kept_values(self) -> dict | None:
        """The answer's own numbers with each one marked correct but written rounded standing for its true
        value, as a calculator that kept its digits holds it (a slip made with those: a(1 − a) from the
        a the calculator shows, 0.379734, not the 0.3797 written); None where none is rounded."""
        truth, env = self.truth, self.env
        kept = {name: truth[name] for name, m in self.marks.items()
                if m.status == CORRECT and m.written is not None and name in env and env[name] != truth[name]}
        return {**env, **kept} if kept else None

    def right_from_truth(self, quantity, written, references) -> bool:
        """Whether a number is within rounding reach of the true value, the key's, or a careful route from
        the true numbers (not from the answer's own)."""
        from .diagnose import ROUNDING_UNITS

        if any(v is not None and within(written, v, ROUNDING_UNITS) for v in references):
            return True
        return quantity is not None and self.spans.near(quantity, written, ROUNDING_UNITS, self.truth)

    def given(self, name: str, value) -> None:
        written = self.answers.values.get(name)
        self.carry_on(name, self.domain.number(written.value) if written else self.truth[name])
        self.rounded_env[name] = self.env[name]
        for values in self.chain_envs.values():
            values[name] = self.env[name]
        self.coarse[name] = False
        if written is None:
            return
        truth = self.truth[name]
        status = CORRECT if agrees(written, value, self.rule) else WRONG
        self.add(Mark(name, GIVEN, written, truth, truth, status), True, too_coarse(written, value, (), self.rule))
        if self.marks[name].status == TOO_FEW_DIGITS and within(written, truth, HALF_UNIT):
            self.kept[name] = truth  # (a given copied with too few digits: the spec's value kept)

    def quantity(self, quantity) -> None:
        from .carry import recompute, rounded_at_the_end, taught, ways_for
        from .marked_form import DERIVATIVE_STEPS_UNITS, as_marked, worked_in_steps

        quantity = as_marked(quantity, self.solution.spec)  # f'(z) through a or from z
        name, digits = quantity.name, self.rule.digits
        uses = {True: refs(taught(quantity.formula)), False: refs(quantity.formula)}  # through a, or as derived
        dependencies = list(dict.fromkeys(uses[True] + uses[False]))
        carried = recompute(quantity.formula, self.env, self.domain, TAUGHT, digits)
        expected, written = self.truth[name], self.answers.values.get(name)

        def by_calculator():  # from the numbers the key's calculator chain writes (needed rarely: made then)
            return recompute(quantity.formula, self.rounded_env, self.domain, TAUGHT, digits)

        def by_chain(chain, shown: bool = False):  # from the numbers of one of WHOLE_CHAINS (values left out
            # before it worked so); `shown`: its last function value as the calculator shows it, before the
            # student rounds it to the digits written (rounded to D + 1 first, 0.858149 would give 0.85815 and so 0.8582)
            return recompute(self.chain_formula(quantity), self.chain_envs[chain], self.domain, chain.way,
                             digits + chain.more, keep_result=shown)

        if written is not None:
            self.rounded_env[name] = self.domain.number(written.value)
            for chain, values in self.chain_envs.items():  # a chain that keeps more digits than written keeps its
                values[name] = self.rounded_env[name]      # own value where it rounds to the number written (also
                # from numbers written before it that it keeps so: 0.85 · 4.8462 for δ written 4.846)
                chained = by_chain(chain) if chain.more else None
                if chained is not None:
                    kept = self.domain.number(round_significant(chained, digits + chain.more))
                    if within(written, kept, HALF_UNIT):
                        values[name] = kept
        else:
            worked = by_calculator()
            worked = worked if worked is not None else expected
            self.rounded_env[name] = self.domain.number(round_significant(worked, digits))
            self.chain_from[name] = self.chain_sources(quantity, uses[True])  # (its chains' values: when read)
        if written is None:
            self.coarse[name] = self.follows_coarse(dependencies)
        if written is None and (quantity.kind in OPTIONAL or not self.is_asked(name)):
            # worked out on the way, or not asked for, and not written down: never missing
            self.carry_on(name, carried if carried is not None else expected)
            self.unmarked[name] = self.upstream_errors(uses[True])
            self.keep(quantity, None, uses[True])
            return
        sources, way, coarse, on_the_way = self.upstream_errors(uses[True]), None, False, False
        if written is None:
            status = MISSING
        elif agrees(written, expected, self.rule) or self.in_chain(name, written):
            status, sources = CORRECT, ()  # the true value, or the one the calculator chain (a carried key) writes
        else:
            values = {TAUGHT.key: carried}
            for w in ways_for(quantity.formula):
                if w.key not in values:
                    values[w.key] = recompute(quantity.formula, self.env, self.domain, w, digits)
                inputs = uses[w.through_output]
                value = values[w.key]
                rounded = self.follows_coarse(inputs) or isinstance(value, Fraction) and value == written.value \
                    and (rounded_at_the_end(quantity.formula, self.env, self.domain, w, digits, value)
                         or self.from_right_roundings(written, inputs)
                         or could_be_rounding(written) and value != carried)  # (a way that rounded the numbers)
                if agrees_carried(written, value, self.rule, any(self.off[dep] for dep in inputs), rounded):
                    way, sources = w.key, self.upstream_errors(inputs)
                    break
            if way is None:
                way, sources = self.through_written_steps(quantity, written, digits)
            chains = WHOLE_CHAINS if self.reads_left_out(quantity) else ()
            for chain in ((None, *chains) if way is None else ()):
                worked = by_calculator() if chain is None else by_chain(chain, shown=True)
                rounded = self.follows_coarse(dependencies) or (chain is not None and chain.way.rounds != NOTHING) \
                    or self.from_right_roundings(written, dependencies, left_out=True)
                if worked is not None and agrees_carried(written, worked, self.rule, False, rounded):
                    # the values it comes from left out, and worked out rounded as the key's chain does, or
                    # as another whole chain does (a rounded number, however short it comes out); carried
                    # from a wrong f'(z) or Σ_k w·δ written on the way that the chain read
                    way = TAUGHT.key
                    sources = self.upstream_errors(uses[True]) if chain is None else \
                        self.chain_sources(quantity, uses[True])
                    break
            off = any(self.off[dep] for dep in uses[True])
            if way is None and any(agrees_carried(written, kept, self.rule, off, True)
                                   for kept in self.kept_whole(quantity, uses[True])):
                # after a number written with too few digits, kept whole in the calculator (as the sheet
                # allows): right when it shows the sheet's digits (rounded: never by being short and exact);
                # carried from the wrong numbers before it, not from one kept whole at its true value
                way = TAUGHT.key
                sources = tuple(s for s in self.upstream_errors(uses[True])
                                if not (s in self.kept and self.kept[s] == self.truth[s]))
            if way is None:
                way, sources = self.stable_way(quantity, written)
            if way is None and self.spans.explains(quantity, written, self.rule):  # rounded on the way
                used = self.spans.written_steps_used(quantity, written, self.rule)  # f'(z) as written
                way, sources = ROUNDED_ON_THE_WAY, self.upstream_errors(dependencies + list(used))
            if way is None and worked_in_steps(quantity, written, self.rule.minimum) and \
                    self.spans.near(quantity, written, DERIVATIVE_STEPS_UNITS):
                # f'(z) worked from z through rounded steps (e^−z, 1 + e^−z, its square: each rounded as
                # the sheet allows) lands up to several units off what one rounding gives (review 32:
                # 7 at z = 2.3); it earns nothing and what follows uses it as written: only a number no
                # way comes near is wrong (σ'(a) for σ'(z): ~100 units off)
                way, sources = ROUNDED_ON_THE_WAY, self.upstream_errors(dependencies)
            if way is None and any(self.off[dep] for dep in dependencies):
                way, sources = self.true_way(quantity, written) or (
                    ROUNDED_ON_THE_WAY if self.spans.explains(quantity, written, self.rule, self.truth) else None), ()
            if way is not None:
                # differing only through correctly rounded earlier values is no error at all
                status = CARRIED if sources else CORRECT
                slips = self.way_charges.to_charge(self.marks, sources) \
                    if quantity.kind not in OPTIONAL and self.is_asked(name) else ()
                if slips:  # carried from an f'(z) or Σ_k w·δ written wrong on the way (marks.OnTheWay)
                    self.way_charges.charge(slips)
                    status, sources, on_the_way = WRONG, (), True
            else:
                status, coarse = WRONG, too_coarse(written, expected, (*values.values(), *self.printed_values(name)),
                                                   self.rule)  # (4.5e-6 for a key's 4.500e-6: too few digits)
        self.carry_on(name, self.domain.number(written.value) if written is not None
                      else (carried if carried is not None else expected))
        inputs = {dep: self.env[dep] for dep in dependencies}
        self.add(Mark(name, quantity.kind, written, expected, carried, status, sources, inputs=inputs, way=way),
                 quantity.kind in OPTIONAL, coarse, self.through_the_way(quantity, written) if on_the_way else None)
        self.keep(quantity, written, uses[True])

    def through_written_steps(self, quantity, written, digits) -> tuple:
        """(way, sources) where the written number follows from the answer's numbers with a Σ_k w·δ (dL/da) or
        f'(z) written on the way read as written — one number each, as the student carried it on (the sheet:
        "go on with the rounded values"): dL/da_0^1 = 0.452 for 0.45174, then δ_0^1 = 0.452·1 = 0.4520 (the
        stop-65 student tester's HIGH); else (None, ()).  Its own way, not a wider interval of the student's
        values: a δ between 0.1000 (from dL/da = 0.100) and the true 0.1005 is no such number (the reviewer)."""
        from .carry import recompute, ways_for

        formula = self.chain_formula(quantity)
        reads = self.chain_reads(quantity)
        by_name = self.solution.derivation.by_name
        if formula is quantity.formula or not any(n in self.answers.values and n in by_name and by_name[n].kind
                                                  in ON_THE_WAY for n in reads):
            return None, ()
        off, rounded = any(self.off.get(n, False) for n in reads), self.follows_coarse(list(reads))
        for w in ways_for(formula):
            value = recompute(formula, self.env, self.domain, w, digits)
            if value is not None and agrees_carried(written, value, self.rule, off, rounded):
                return w.key, self.upstream_errors(list(reads))
        return None, ()

    def keep(self, quantity, written, dependencies) -> None:
        """What a calculator keeps of this value where it differs from the number the marking carries
        on: a number written with too few digits (1.9 for 1.925) kept whole — as the answer's own
        numbers give it, themselves kept whole, where that rounds to what it wrote (not where the
        written number only matched the true value) — and a value not written, worked out from such."""
        from .carry import recompute

        name = quantity.name
        coarse = written is not None and self.marks[name].status == TOO_FEW_DIGITS
        if not coarse and (written is not None or not any(dep in self.kept for dep in dependencies)):
            return
        value = recompute(quantity.formula, {**self.env, **self.kept}, self.domain, TAUGHT, self.rule.digits)
        if value is not None and (written is None or within(written, value, HALF_UNIT)):
            self.kept[name] = value

    def kept_whole(self, quantity, dependencies) -> list:
        """The values worked out with numbers kept whole (`keep`): all of them, and (up to 3 of them)
        each mixture of some kept whole and the others as written; [] where there is none such."""
        from itertools import combinations

        from .carry import recompute

        kept = [dep for dep in dict.fromkeys(dependencies) if dep in self.kept]
        sizes = range(len(kept), 0, -1) if len(kept) <= 3 else (len(kept),)
        found = (recompute(quantity.formula, {**self.env, **{dep: self.kept[dep] for dep in chosen}}, self.domain,
                           TAUGHT, self.rule.digits) for n in sizes for chosen in combinations(kept, n))
        return [value for value in found if value is not None]

    def follows_coarse(self, dependencies) -> bool:
        """Whether a value worked out from these numbers is a rounded one however short it comes
        out, because one of them is (or follows from) a number rounded too coarsely."""
        return any(self.coarse[dep] for dep in dependencies)

    def in_chain(self, name: str, written) -> bool:
        """Whether a written value is one a calculator chain writes (rounded there: with the chain's
        digits, or more, showing), or the true value at the digits of the chain a key printed: a
        key's printed value (exact, or the exact one beside it) copied is right under any rule."""
        for chain in self.chains:
            rule = self.rule if chain.digits == self.rule.digits else \
                replace(self.rule, digits=chain.digits, min_digits=min(self.rule.minimum, chain.digits))
            if name in chain.values and agrees_carried(written, chain.values[name], rule, False,
                                                       rounded=name in chain.rounded or self.short_of(written, chain, name)):
                return True
            if rule is not self.rule and agrees(written, self.truth[name], rule):
                return True
        return False

    def from_right_roundings(self, written, inputs, left_out: bool = False) -> bool:
        """Whether a short number with a decimal point, exactly what the answer's numbers give, comes from a right
        value the answer rounded (README: "0.11 for 0.2278 − 0.1178 has too few digits": some mixture of rounding
        reaches almost any short number exactly; stop 66's student tester) — not from a wrong number taken as
        written or one that claims its value (0.00044 from a wrong δ = 0.008800 times x = 0.05 stays right)."""
        if not could_be_rounding(written):
            return False
        inputs, seen = list(inputs), set()
        while inputs:  # (a value left out on the way: the numbers it is worked from, written or left out in turn —
            dep = inputs.pop()  # δ = 0.11 written after a¹ = 0.2278 with z², a² left out; the reviewer)
            if dep in seen:
                continue
            seen.add(dep)
            mark = self.marks.get(dep)
            if mark is not None and mark.written is None and dep in self.solution.derivation.by_name:
                inputs.extend(refs(self.solution.derivation.by_name[dep].formula))
            if left_out and mark is not None and mark.written is None and dep in self.rounded_env and \
                    self.rounded_env[dep] != self.env[dep]:  # (left out, and rounded as the key's calculator does)
                return True
            if mark is None or mark.written is None or mark.status not in (CORRECT, CARRIED):
                continue
            exact = mark.expected if mark.status == CORRECT else mark.carried
            if not _exactly(exact, mark.written.value):
                return True
        return False

    def short_of(self, written, chain, name: str) -> bool:
        """A number with a decimal point for a value the key prints padded to its digits (0.1100, 0.6000, 4.500·10^−6:
        exact arithmetic on its rounded numbers, not the true value): to be right it shows them as the key does,
        or the rule's M digits — 0.11, 0.6 and 4.5e-6 are too few (stop 66's student tester)."""
        value, truth = chain.values[name], self.truth[name]
        return could_be_rounding(written) and not _exactly(truth, value)

    def printed_values(self, name: str) -> tuple:
        """The values the calculator chains (a carried key's) write for `name`."""
        return tuple(chain.values[name] for chain in self.chains if name in chain.values)

    def true_way(self, quantity, written) -> str | None:
        """The way that gives the written value from the true values before it, where the answer's
        own earlier numbers give it no way: a right value is right whatever came before (L = 30,
        −(−30.00) from log(1 − σ(30)) rounded, after a = 1 written for σ(30), as without it)."""
        from .carry import recompute, rounded_at_the_end, ways_for

        digits = self.rule.digits
        for w in ways_for(quantity.formula):
            value = recompute(quantity.formula, self.truth, self.domain, w, digits)
            rounded = isinstance(value, Fraction) and value == written.value and \
                (rounded_at_the_end(quantity.formula, self.truth, self.domain, w, digits, value)
                 or could_be_rounding(written) and value != self.truth[quantity.name])  # (from true values rounded:
            # a short 0.11 for 0.2278 − 0.1178 has too few digits, README)
            if value is not None and agrees_carried(written, value, self.rule, False, rounded):
                return w.key
        return None

    def stable_way(self, quantity, written) -> tuple:
        """An output layer's loss or δ worked out from the answer's own numbers in the stable form
        the worked solution writes where an output is at 0 or 1 (stable_forms.py: bce's
        ln(1 + e^−z) + (1 − y)·z, a squared error's a − y = (1 − y) − 1/(1 + e^z), softmax's
        (1 − y_j) − Σ_{i≠j} a_i, …), whichever way f'(z) is taken: ("stable_form", its wrong
        inputs), or (None, ())."""
        from .carry import recompute, ways_for
        from .stable_forms import stable_form, stable_formula

        env, spec = self.env, self.solution.spec
        formula = stable_formula(spec, quantity, lambda name: env[name] if name in env else 0)
        if formula is None or not (stable_form(spec).anywhere or self.at_a_bound(quantity)):
            return None, ()  # (StableForm.anywhere: bce's; the others where the answer's a is 1 or 0 at the sheet's digits)
        inputs = refs(formula)
        off, coarse = any(self.off[dep] for dep in inputs), self.follows_coarse(inputs)
        for way in ways_for(formula):
            value = recompute(formula, env, self.domain, way, self.rule.digits)
            if value is not None and agrees_carried(written, value, self.rule, off, coarse):
                return "stable_form", self.upstream_errors(inputs)
        return None, ()

    def at_a_bound(self, quantity) -> bool:
        """Whether an output a of the quantity's sample and step is, in the answer's numbers, 1 or 0
        at the sheet's digits (a written 1.000): where the a-form gives nothing and the worked
        solution writes the stable form instead."""
        spec, env, digits = self.solution.spec, self.env, self.rule.digits
        for j in range(spec.widths[-1]):
            a = names.name("a", spec.depth, (j,), quantity.sample, quantity.step)
            if a in env and round_significant(env[a], digits) in (0, 1):
                return True
        return False


def _exactly(value, exact: Fraction) -> bool:
    """Whether a value (a Fraction, an int or a 50-digit number) is exactly `exact`."""
    return isinstance(value, (int, Fraction)) and Fraction(value) == exact


def mark(solution, answers, rule: Rule | None = None, carry: bool = True, asked=None,
         variant: str | None = None, printed: Chain | None = None) -> Marking:
    """Mark an answer against a verified solution (see the module docstring).

    `asked`: the names a worksheet asked for (then only they earn points, 1 each by default);
    `printed`: the calculator chain its key printed (default: the rule's digits, detail auto)."""
    rule = rule or Rule()
    marker = _marked(_Marker(solution, answers, rule, carry, set(asked) if asked is not None else None, printed))
    _meant_for_what_follows(marker, solution, answers, rule, carry, asked, printed)
    key = marker.chains[0] if printed is not None and printed.digits != rule.digits else None
    return Marking(solution, answers, marker.marks, rule, carry, variant,
                   printed_key=(key.digits, bool(key.values)) if key is not None else None)


def _marked(marker: "_Marker") -> "_Marker":
    """The marker with every given and quantity of its solution marked, in order."""
    for name, value in marker.solution.givens.items():
        marker.given(name, value)
    for quantity in marker.solution.derivation.quantities:
        marker.quantity(quantity)
    return marker


SECOND_PASS_VALUES = 2000  # answers files of at most this many numbers are marked again with a slip of the pen undone
# (400 before stop 66: a 4-6-6-3 Adam net's 1,833 values with one sign flipped had 16 right values copied after it
# marked wrong; its second marking took ~1.5× the first)


def _meant_for_what_follows(marker, solution, answers, rule, carry, asked, printed) -> None:
    """A number miscopied by a slip of the pen (its sign, point or two digits: `Diagnosis.meant`) stays
    wrong; a value after it that is wrong (or carried) from the number written but right (or carried, from
    another wrong number) from the number meant — the student went on with the calculator's number —
    takes its mark from a second marking of the file with the numbers meant (0.3811 written for δ = −0.03811,
    then ∂L/∂w = −0.03811·0.5933 = −0.02261: right)."""
    meant = {name: m.diagnosis.meant for name, m in marker.marks.items()
             if m.status == WRONG and m.diagnosis is not None and m.diagnosis.meant is not None}
    if not meant or len(answers.values) > SECOND_PASS_VALUES:
        return
    first = min(marker.order[name] for name in meant)
    later = [name for name, m in marker.marks.items()
             if m.status in (WRONG, CARRIED) and name not in meant and marker.order[name] > first]
    if not later:
        return
    again = _Marker(solution, replace(answers, values={**answers.values, **meant}), rule, carry,
                    set(asked) if asked is not None else None, printed)
    again.diagnosing = False  # (its statuses are read, not its slips: none looked for)
    _marked(again)
    better = {WRONG: (CORRECT, CARRIED), CARRIED: (CORRECT,)}  # (carried from a value now right: right itself)
    for name in later:
        if again.marks[name].status in better[marker.marks[name].status]:
            marker.marks[name] = again.marks[name]
