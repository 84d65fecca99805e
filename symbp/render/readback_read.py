"""The text of a substituted expression, read as a student reads it: printed text -> its value.

In:  a piece of a printed line's text (LaTeX, Markdown or plain text: `0.2 \\cdot 1 + (-0.4) \\cdot 2`,
     `1/2·(1.5 − 0.612)²`, `\\sigma(-0.5)`), in any locale's decimal mark.
Out: `reading(text)` -> (Reading, the numbers' texts in order) or None where the piece is not a
     numeric expression (it holds a symbol); `Reading.value(pairs, slope)` -> its value:
     (numerator, denominator > 0) where the expression is rational on its printed numbers, else a
     Decimal worked out at DIGITS digits.

The text is split at its numbers (`NUMBER`); what is left — the shape — is parsed once (a small
recursive-descent parser over a closed set of tokens, readback_parse.py) and compiled into a Python function of the
numbers (integer pair arithmetic, or Decimal operations for σ, tanh, e^x, ln, √): generated source
holding only identifiers and operators made here, never printed text.  Readings are kept per shape.
Nothing here uses the printers or the formula that made the text.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from decimal import Decimal, localcontext

from .readback_numbers import DIGITS, DECIMAL_RULES, RATIONAL_RULES, inverse, softmax
from .readback_parse import parse, tokens
from .readback_source import Source, Unreadable, depth, rule_name, transcendental


# A printed number: digits, a decimal mark (. , or LaTeX's {,}) and a power of ten written beside it
# (1.2 \cdot 10^{-5}, 1.2·10^−5) — not an exponent (x^{2}, x²), not a subscript (_{0}); e^{…} holds one.
NUMBER = re.compile(  # (a digit first, so that the search skips to the next digit; the five look-behinds then
    # test what stands before that first digit: each ends with the digit it has just read)
    r"(\d(?<![_^\w.]\d)(?<!_\{\d)(?<![^e]\^\{\d)(?<![^e]\^[-−]\d)(?<![^e]\^\{[-−]\d)\d*"
    r"(?:(?:\.|\{,\}|,)\d+)?(?: \\cdot 10\^\{-?\d+\}|·10\^[−-]?\d+)?)")

class Reading:
    """A parsed, compiled shape: `value(numbers, slope)`; `exact`: rational (pairs), else Decimal."""

    __slots__ = ("exact", "slope", "function", "holes", "minus", "counts")

    def __init__(self, shape: tuple):
        tree = parse(shape)
        self.exact = not transcendental(tree)
        source = Source(self.exact)
        with _deep_enough(depth(tree)):  # (Source.emit recurses, in Python calls alone: a penalty's long sum)
            last = source.emit(tree)
        self.slope = source.slope
        self.holes = len(shape) - 1
        self.minus = tuple(map(_minus_before, shape[:-1]))  # each number: a minus sign written before it?
        self.counts = tuple([minuses_before(piece, True) for piece in shape[:-1]])  # ... how many (readback._counted)
        result = f"n{last}, d{last}" if self.exact else f"v{last}"
        lines = source.unpacked(self.holes) + source.lines
        text = "def reading(h, s):\n" + "".join(f"    {line}\n" for line in lines) + f"    return {result}\n"
        namespace = {"inverse": inverse, "softmax": softmax, **_RULES}
        exec(compile(text, "<reading>", "exec"), namespace)  # (identifiers and operators only, see above)
        self.function = namespace["reading"]

    def value(self, pairs: list, slope):
        """The value of the shape with these printed numbers (`pair` of each: (numerator, denominator))."""
        if self.exact:
            return self.function(pairs, slope)
        with localcontext() as ctx:
            ctx.prec = DIGITS
            s = None if slope is None else Decimal(slope.numerator) / slope.denominator
            return self.function([Decimal(n) / d for n, d in pairs], s)


@contextmanager
def _deep_enough(levels: int):
    """Python's recursion limit raised for a tree `levels` deep (emit: two frames a level), then restored."""
    import sys

    before, frame, here = sys.getrecursionlimit(), sys._getframe(), 0
    while frame is not None:  # the frames already on the stack
        frame, here = frame.f_back, here + 1
    needed = here + 2 * levels + 200
    if needed > before:
        sys.setrecursionlimit(needed)
    try:
        yield
    finally:
        if needed > before:
            sys.setrecursionlimit(before)


# each rule by the identifier a reading calls it by (readback_source.rule_name)
_RULES = {**{rule_name(name): rule for name, rule in RATIONAL_RULES.items()},
          **{"DECIMAL_" + rule_name(name): rule for name, rule in DECIMAL_RULES.items()}}
_OPENINGS = ("\\left(", "\\left[", "\\left.", "(", "{", "[")  # \left.: a row that goes on inside parentheses (rows.py)


def _minus_before(piece: str) -> bool:
    """Whether a minus sign (unary or binary) stands right before the number that follows `piece`,
    past spaces and opening brackets: `(−`, `\\left(-`, `e^{−`, `a − `.  A negative number printed
    without one has lost its sign, whatever its value works out to."""
    return minuses_before(piece) > 0


def minuses_before(piece: str, fractions: bool = False) -> int:
    """The minus signs (- or −) right before the number after `piece`, past spaces and opening
    brackets: `a − (−`: 2, `(−`: 1, `a + `: 0 (readback._counted: the formula's and the number's own);
    `fractions`: also past the opening of a fraction's numerator (`a - \\frac{0.1`: 1, the minus the
    formula writes before the fraction)."""
    count = 0
    while True:
        piece = piece.rstrip()
        if piece.endswith(("-", "−")):
            count += 1
            piece = piece[:-1]
            continue
        if fractions and piece.endswith("\\frac{"):
            piece = piece[:-6]
            continue
        if not piece.endswith(_OPENINGS):  # (one call where none is: the common last pass)
            return count
        piece = piece[: -len(next(opening for opening in _OPENINGS if piece.endswith(opening)))]


class Shapes(dict):
    """shape -> what `_kept` made of it, emptied when full: 16 k shapes or 256 k pieces in all (a
    64x12 network's sums are long shapes, most read once: ~40 MB held past the read-back, issue 16)."""

    pieces = 0

    def clear(self) -> None:
        super().clear()
        self.pieces = 0

    def keep(self, shape: tuple, found) -> None:
        if len(self) >= 1 << 14 or self.pieces + len(shape) > 1 << 18:
            self.clear()
        self.pieces += len(shape)
        self[shape] = found


_READINGS = Shapes()  # shape (the text's pieces between its numbers) -> Reading, or None: not numeric
_TREES = Shapes()  # shape -> its parsed tree, or None: not numeric


def tree(text: str):
    """(the parsed tree of a piece, the numbers' texts), or None (it holds a symbol); trees kept per shape."""
    return _kept(_TREES, text, lambda shape: parse(shape))


def reading(text: str):
    """(Reading, the numbers' texts) of a numeric piece, or None (it holds a symbol); kept per shape
    (`_kept`, written out here: it runs for every line of every variant)."""
    parts = NUMBER.split(text)
    found = _READINGS.get(tuple(parts[0::2]), False)
    if found is False:
        return _kept(_READINGS, text, Reading)
    return None if found is None else (found, parts[1::2])


def malformed(text: str) -> bool:
    """Whether a piece that `reading` could not read holds numbers and only this reader's own signs
    (no symbol, no unknown sign), yet is no expression of them: `ReLU 0.5`, `id−0.2` or `σ(0.5` — a
    printed text garbled, not a symbolic piece (`w^{1}_{00} \\cdot a^{0}_{0}`, `δ^{1}_{0}`)."""
    parts = NUMBER.split(text)
    if len(parts) < 2:
        return False
    shape = tuple(parts[0::2])
    found = _MALFORMED.get(shape)
    if found is None:
        try:
            tokens(shape)
            found = True
        except (Unreadable, KeyError):
            found = False
        if len(_MALFORMED) >= 1 << 14:
            _MALFORMED.clear()
        _MALFORMED[shape] = found
    return found


_MALFORMED: dict = {}  # shape -> `malformed` of it (asked of every symbolic piece, kept per shape)


def _kept(kept: Shapes, text: str, make):
    """(make(shape of the text), its numbers' texts), or None where the shape cannot be read; kept by shape."""
    parts = NUMBER.split(text)
    shape = tuple(parts[0::2])
    found = kept.get(shape, False)
    if found is False:
        try:
            found = make(shape)
        except (Unreadable, KeyError):
            found = None
        kept.keep(shape, found)
    return None if found is None else (found, parts[1::2])
