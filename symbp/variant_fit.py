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
file whose numbers mostly do not fit its own variant is compared with the others; where none fits (a
slip early on moves every later value), the likeliest two are marked in full and compared by the
values their markings credit.
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
    by: str = "agreement"  # how fit and own were counted: values agreeing with each key ("agreement"),
    # or values right or carried forward when the file is marked as each variant ("marking")

    @property
    def message_key(self) -> str:
        """The report's note, as the counts were made."""
        return "check.fits_variant_marked" if self.by == "marking" else "check.fits_variant"


def better_variant(key, named: str, answers, rule, marking=None, mark_as=None) -> Fit | None:
    """The variant of `key` whose values `answers` fit far better than those of `named`, or None.
    With the answers' `marking` as `named` and `mark_as` (a variant -> its marking): also the variant
    whose marking credits far more of them (`_better_marked`)."""
    asked = set(key.asked(named))
    written = {name: w for name, w in answers.values.items() if name in asked}
    if len(written) < FEWEST:
        return None
    own = _fit(key.variants[named], written, rule)
    if own >= FITS * len(written):
        return None
    fits = {vid: _fit(entry, written, rule) for vid, entry in key.variants.items() if vid != named}
    best = max(fits, key=fits.get, default=None)
    if best is not None and fits[best] >= FITS * len(written) and fits[best] >= FAR_BETTER * own:
        return Fit(best, fits[best], own, len(written))
    if marking is None or mark_as is None:
        return None
    candidates = sorted((vid for vid in fits if fits[vid] > own), key=fits.get, reverse=True)[:CANDIDATES]
    return _better_marked(written, marking, candidates, mark_as)


CANDIDATES = 2  # variants marked in full where no variant's values fit (the likeliest by the values that do)


def _better_marked(written: dict, marking, candidates, mark_as) -> Fit | None:
    """A slip early on moves every later value off every key (a variant-2 answer with a sign slipped in
    z_1^1, labelled variant 3: 4 of 50 values fit variant 2's key, none variant 3's): the candidate whose
    marking credits (correct or carried) most values written and finds far fewer wrong — a wrong variant's
    marking credits many too, carried from its first wrong values (48 of 50 against 21; 45 of 46 against 25)."""
    from .marks import CARRIED, CORRECT

    def right(marked) -> int:
        return sum(1 for name in written if name in marked.marks and marked.marks[name].status in (CORRECT, CARRIED))

    own = right(marking)
    for vid in candidates:
        credited = right(mark_as(vid))
        if credited >= FITS * len(written) and FAR_BETTER * (len(written) - credited) <= len(written) - own:
            return Fit(vid, credited, own, len(written), by="marking")
    return None


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
