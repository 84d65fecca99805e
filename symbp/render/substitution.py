"""A formula's substituted line laid out once: LaTeX text with holes for the printed numbers.

`substituted(formula, bare, shown, number)` is what `LatexPrinter(values=…).bare(formula)` (or
`.print`) gives, built from a layout worked out once per formula object and locale: the printer
runs once with a marker in place of every number and records, for each marker, the quantity and
whether a negative number gets parentheses there; a variant's text is then the pieces between
the markers with its printed numbers (`number(shown, parenthesize_negative)`) in the holes.

The printer decides its layout from the formula's structure only, except in one place: a power's
base is parenthesised when its text holds a script (a number written m·10^e).  A formula with a
number inside a power's base that is not already parenthesised is therefore not laid out
(None): it is printed by the printer itself, as before.
"""

from __future__ import annotations

import re

from ..i18n import current
from .printers import LatexPrinter

_MARK, _END = "\x00", "\x01"  # around a hole's index: no printed text holds these characters
_MARKER = re.compile("\x00([0-9]+)\x01")


class _NotLaidOut(Exception):
    """The formula's text depends on its numbers other than through the holes."""


class _Marking(LatexPrinter):
    """The LaTeX printer with a marker for every number; `holes`: (quantity, parenthesized)."""

    def __init__(self, names):
        super().__init__(values={name: name for name in names})
        self.holes: list[tuple[str, bool]] = []

    def number(self, value, parenthesize_negative: bool = True) -> str:
        self.holes.append((value, parenthesize_negative))
        return f"{_MARK}{len(self.holes) - 1}{_END}"

    def power(self, base: str, exponent: int) -> str:
        if _MARK in base and not base.endswith(")"):
            raise _NotLaidOut  # whether it gets parentheses depends on the number's form
        return super().power(base, exponent)


_LAYOUTS: dict = {}  # (id(formula), bare, locale) -> (formula, layout or None): the formula kept, its id its own
_LAYOUTS_MAX = 1 << 14


def layout(formula, names, bare: bool):
    """(pieces, holes) of a formula's substituted text, or None (see the module docstring):
    pieces[0] hole[0] pieces[1] … hole[n-1] pieces[n]."""
    key = (id(formula), bare, current().code)
    entry = _LAYOUTS.get(key)
    if entry is not None and entry[0] is formula:
        return entry[1]
    marking = _Marking(names)
    try:
        text = marking.bare(formula) if bare else marking.print(formula)
    except _NotLaidOut:
        found = None
    else:
        parts = _MARKER.split(text)  # pieces and hole numbers, alternating, in the order of the text
        pieces, holes = parts[0::2], tuple(marking.holes[int(n)] for n in parts[1::2])
        found = None if any(_MARK in p or _END in p for p in pieces) else (tuple(pieces), holes)
    if len(_LAYOUTS) >= _LAYOUTS_MAX:
        _LAYOUTS.clear()
    _LAYOUTS[key] = (formula, found)
    return found


def filled(found, shown, number) -> str:
    """The text of a layout with the printed numbers: `shown(name)` the Shown of a quantity,
    `number(shown, parenthesize_negative)` its text."""
    return filled_with(found, lambda name, parenthesized: number(shown(name), parenthesized))


def filled_with(found, text) -> str:
    """The text of a layout with `text(name, parenthesize_negative)` in each hole."""
    return "".join(filled_parts(found, text))


def filled_parts(found, text) -> list[str]:
    """The non-empty pieces and numbers of `filled_with`, in order."""
    pieces, holes = found
    parts = [pieces[0]] if pieces[0] else []
    for (name, parenthesized), piece in zip(holes, pieces[1:]):
        parts.append(text(name, parenthesized))
        if piece:
            parts.append(piece)
    return parts
