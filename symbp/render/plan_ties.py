"""A line whose true value lies near a rounding tie of its printed result: that result printed with
one more digit instead of its inputs with many more (`DisplayPlan.solve`'s half-unit pass, plan_grow.py).

In:  a failing line of the plan (what its printed numbers give does not round to its printed result)
     and the digits its inputs may grow to.
Out: `more_result_digits`: whether the line's result should take the next guard digit instead of one of
     its inputs.

A line whose true value lies t units of its result's last digit from a rounding tie follows from its
printed numbers only where their rounding moves it by less than t units: for a product within 10⁻⁶
units of a tie (…4999999 or …5000001) its inputs need about six digits more than elsewhere, and they
are asked in turn for them by their own lines (a^1 ≈ 0.481549798 at --digits 4, for a ∂L/∂w two
layers on).  One digit more on the result puts the tie's 5 into the printed digits: the value then
lies half a unit of the new last digit less 10·t from the nearest tie, and its inputs may move it by
0.05 − t units of the old digit.  That is more than t only where t < 1/40 (`TIE`), and a second digit
never leaves more room than the first (the value lies then within half of the finer unit of every
rounding boundary of its own).  So where t < TIE the result takes a digit when that line, worked out as
solve works it (each guard digit to the input that moves it most), then asks fewer digits in all —
the result's one included — than its inputs alone would take at the result's digits: at least two
fewer of its inputs (each of which its own line must then reach, and theirs, back up the network).
A result one guard digit of its inputs brings there keeps its digits (mazur's b_1^2@2 = 0.6 −
0.5·(−0.038098) ≈ 0.6190, not 0.6 − 0.5·(−0.03810) = 0.61905).  Every line still follows from the
printed numbers to half a unit: only which number gets the guard digits changes.  Once every line
holds, a result whose inputs got the digits all the same (asked by other lines) gives its digit back
where every line it is printed in still holds without it (`settle_ties`).
"""

from __future__ import annotations

from fractions import Fraction

from ..numbers import as_fraction
from .plan_moves import exact_value

TIE = Fraction(1, 40)  # a result this near a tie (in units of its last digit) may take a digit instead
PLACED_ELSEWHERE = "#"  # keys the plan solves whose lines print their result by their own rule (worked_updates.FALL)


def more_result_digits(plan, relation, cap: int, source: dict) -> bool:
    """Whether the failing line's result should take one more digit rather than an input (see the module
    docstring); `cap`: the digits the line's inputs may grow to (the result's too).  Asked again each time
    the line fails (its inputs grew since: the digits they still lack, with and without the result's)."""
    result = relation.result
    digits = plan.precision.get(result, plan.digits)
    if result in source or result.startswith(PLACED_ELSEWHERE) or plan.limits or digits >= cap:
        return False
    shown = plan.shown(result)
    if not shown.rounded:
        return False
    value = plan.values[result]
    true = exact_value(value)
    off = abs((as_fraction(value) if true is None else true) - shown.value) / shown.unit  # (at most 1/2: the tie)
    if Fraction(1, 2) - off >= TIE:
        return False
    with_more = _digits_asked(plan, relation, cap, cap - plan.digits, {result: digits + 1})
    if with_more is None:
        return False
    return _digits_asked(plan, relation, cap, with_more + 1, {}) is None


def _digits_asked(plan, relation, cap: int, budget: int, start: dict) -> int | None:
    """The digits the line's inputs take, one at a time to the input that moves it most (as solve gives
    them), until it follows to half a unit, from the plan's digits with `start` (key -> digits) over
    them; None where that takes more than `budget` or cannot be done within `cap`.  The plan is left
    as it was."""
    precision, shown = plan.precision, plan._shown
    before = {name: precision.get(name) for name in [relation.result, *relation.inputs]}
    changed = set(start)
    precision.update(start)
    for name in start:
        shown.pop(name, None)
    asked = 0
    try:
        while not plan.holds(relation, half=True):
            culprit = plan._culprit(relation, cap) if asked < budget else None
            if culprit is None:
                return None
            precision[culprit] = precision.get(culprit, plan.digits) + 1
            shown.pop(culprit, None)
            changed.add(culprit)
            asked += 1
        return asked
    finally:
        for name in changed:
            if before[name] is None:
                precision.pop(name, None)
            else:
                precision[name] = before[name]
            shown.pop(name, None)


def settle_ties(plan, tie_digits: dict, using: dict) -> None:
    """Each result that took a digit near its tie (key -> (the keys printed with it, their digits then)),
    last first, printed with one digit fewer where no later line raised it further and every line its
    keys are printed in still holds so (its inputs took the digits anyway, for other lines)."""
    precision, shown = plan.precision, plan._shown
    for original, (group, digits) in reversed(tie_digits.items()):
        if precision.get(original, plan.digits) != digits:
            continue
        for key in group:
            precision[key] = digits - 1
            shown.pop(key, None)
        if all([plan.holds(line) for key in group for line in using.get(key, ())]):
            continue
        for key in group:
            precision[key] = digits
            shown.pop(key, None)
