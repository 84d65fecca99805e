"""Which variant a student's numbers fit: a file that names the wrong variant is said so, never
re-marked.

In:  the key (key_file.Key), the variant a file names, its written numbers (check.Answers), the
     agreement rule.
Out: a `Fit` (the variant they fit far better, and how many values fit each) or None.

A perfect variant-2 answer labelled `variant = 3` scores 23 of 48 under variant 3 (the zeros of
ReLU and the given inputs agree by chance): its report and the class listing say that its numbers
fit variant 2 and ask whether the variant number is right; it stays marked as variant 3, as the file
says.  A value fits a variant when it agrees, within one unit of its last digit, with that
variant's exact value or the value its key prints (sealed in answers.json, key_seal.py).  Only a
file whose numbers mostly do not fit its own variant is compared with the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

FITS = Fraction(3, 4)  # a variant the numbers fit: at least this share of the values written
FAR_BETTER = 2  # ... and at least this many times as many as the variant named
FEWEST = 4  # values written before a fit means anything


@dataclass(frozen=True)
class Fit:
    variant: str  # the variant the numbers fit
    fit: int  # values written that fit it
    own: int  # values written that fit the variant named
    written: int  # values written (of those the sheet asks)


def better_variant(key, named: str, answers, rule) -> Fit | None:
    """The variant of `key` whose values `answers` fit far better than those of `named`, or None."""
    asked = set(key.asked(named))
    written = {name: w for name, w in answers.values.items() if name in asked}
    if len(written) < FEWEST:
        return None
    own = _fit(key.variants[named], written, rule)
    if own >= FITS * len(written):
        return None
    fits = {vid: _fit(entry, written, rule) for vid, entry in key.variants.items() if vid != named}
    best = max(fits, key=fits.get, default=None)
    if best is None or fits[best] < FITS * len(written) or fits[best] < FAR_BETTER * own:
        return None
    return Fit(best, fits[best], own, len(written))


def _fit(entry: dict, written: dict, rule) -> int:
    """How many written values agree with a variant's exact or printed (carried) value."""
    from .agreement import agrees_carried

    references = [entry.get("exact") or {}, entry.get("carried") or {}]
    count = 0
    for name, w in written.items():
        values = (_value(table.get(name)) for table in references)
        count += any(value is not None and agrees_carried(w, value, rule) for value in values)
    return count


def _value(text) -> Fraction | None:
    try:
        return Fraction(text) if isinstance(text, str) else None
    except (ValueError, ZeroDivisionError):
        return None
