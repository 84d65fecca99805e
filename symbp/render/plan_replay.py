"""A replayed printing pass's numbers worked out at once: a worksheet's later variants print the same
keys as its first (worked._replayed), so the plan's Shown and (calculator mode) notes of those keys
are put into it in one loop before the lines read them, each exactly what `DisplayPlan.shown` and
`DisplayPlan.note` would give at its first read (nothing a printing pass does before then changes
them: the plan is solved, its digits fixed).  A key read that was not put here is worked out as before.
"""

from __future__ import annotations

from fractions import Fraction

from ..numbers import kept_fraction_shown


def prefill(plan, shown_keys: tuple, noted_keys: tuple) -> None:
    """`plan.shown(key)` of each of `shown_keys` and `plan.note(key)` of each of `noted_keys` (the keys
    the sheet's first variant printed and noted), kept in the plan; a Fraction's Shown read from
    numbers.format_decimal's table at once where it is there (else `plan.shown` makes it)."""
    values, kept, shown, format_args = plan.values, plan._shown, plan.shown, plan.format_args
    for key in shown_keys:
        if key in kept:
            continue
        value = values.get(key)
        if type(value) is Fraction:
            found = kept_fraction_shown((value._numerator, value._denominator, *format_args(key)))
            if found is not None:
                kept[key] = found
                continue
        if value is not None:
            shown(key)
    if plan.carried:
        notes, note = plan._notes, plan.note
        for key in noted_keys:
            if key not in notes and key in values:
                note(key)
