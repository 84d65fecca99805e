"""What depends only on a Fraction's value, kept per value by its integers: a list of values -> a
list of what `make` gives for each (answers.json's texts of a number, a printed number's width).

    kept_by_value(values, known, make)   [make(v) for v in values], each kept in `known` by
                                         (numerator, denominator) when every value is a Fraction

Most values of a worksheet's variants recur (0, 1, the grid's givens, a dead neuron's), so most
are looked up; the lookups run in C (`map`), only the new values through Python.  A Fraction's own
hash takes a modular inverse in Python: the key is its two integers instead.
"""

from __future__ import annotations

from fractions import Fraction
from operator import attrgetter

_INTEGERS = attrgetter("_numerator", "_denominator")  # (the properties' slots)
_FRACTION_ONLY = frozenset({Fraction})
KEPT_MOST = 1 << 15  # values kept per dict: cleared when full


def kept_by_value(values: list, known: dict, make) -> list:
    """`[make(value) for value in values]`; with Fractions only, each result kept in `known` by the
    value's integers (`make` must depend on the value alone, as `known` is keyed); any other value
    (an int, a float) makes the whole list made anew."""
    if not _FRACTION_ONLY.issuperset(map(type, values)):
        return [make(value) for value in values]
    keys = list(map(_INTEGERS, values))
    found = list(map(known.get, keys))
    if None in found:
        if len(known) >= KEPT_MOST:
            known.clear()
        for i, made in enumerate(found):
            if made is None:
                made = known.get(keys[i])  # (the same new value twice in one list: made once)
                if made is None:
                    made = known[keys[i]] = make(values[i])
                found[i] = made
    return found
