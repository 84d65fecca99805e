"""A replayed printing pass's numbers worked out at once: a worksheet's later variants print the same
keys as its first (worked._replayed), so the plan's Shown and (calculator mode) notes of those keys
are put into it in one loop before the lines read them, each exactly what `DisplayPlan.shown` and
`DisplayPlan.note` would give at its first read (nothing a printing pass does before then changes
them: the plan is solved, its digits fixed).  A key read that was not put here is worked out as before.
"""

from __future__ import annotations

from fractions import Fraction

from ..numbers import kept_fraction_shown
from .plan import UNASKED


def prefill(plan, shown_keys: tuple, noted_keys: tuple) -> None:
    """`plan.shown(key)` of each of `shown_keys` and `plan.note(key)` of each of `noted_keys` (the keys
    the sheet's first variant printed and noted), kept in the plan; a Fraction's Shown read from
    numbers.format_decimal's table at once where it is there (else `plan.shown` makes it)."""
    values, kept, digits, shown = plan.values, plan._shown, plan.digits, plan.shown
    carried, fixed, precision = plan.carried, plan.fixed, plan.precision
    rounded = (plan.rounded | plan.copied if plan.copied else plan.rounded) if carried else None
    for key in shown_keys:
        if key in kept:
            continue
        value = values.get(key)
        if type(value) is Fraction:
            if not carried:
                found = kept_fraction_shown((value._numerator, value._denominator, precision.get(key, digits), False))
            elif key not in fixed:  # (the calculator mode's e^z: its own digits, DisplayPlan.shown)
                found = kept_fraction_shown((value._numerator, value._denominator, digits, key in rounded))
            else:
                found = None
            if found is not None:
                kept[key] = found
                continue
        if value is not None:
            shown(key)
    if not carried:
        return
    notes, exact_values = plan._notes, plan.exact_values
    for key in noted_keys:
        if key in notes:
            continue
        exact = exact_values.get(key, UNASKED)
        carried = values.get(key)
        if type(exact) is Fraction and type(carried) is Fraction and (
                exact._numerator == carried._numerator and exact._denominator == carried._denominator):
            notes[key] = None  # (DisplayPlan.note's first test)
        elif exact is not UNASKED and carried is not None:
            plan.note(key)
