"""The width of text on a terminal, for the columns of a listing (the class summary).

`display_width`: a wide or full-width character (CJK, most emoji: Unicode's East Asian Width W or
F) takes two columns, a combining mark or an invisible formatting character none, any other one.
`fit(text, width)`: the text padded with spaces to `width` columns, or cut to `width` with "…"
when it is wider, so that the next column starts at the same place on every line.
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"


def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(map(char_width, text))


def fit(text, width: int) -> str:
    """`text` in exactly `width` columns: padded, or cut with "…"."""
    text = str(text)
    shown = display_width(text)
    if shown <= width:
        return text + " " * (width - shown)
    kept, used = [], 0
    for ch in text:
        if used + char_width(ch) > width - 1:
            break
        kept.append(ch)
        used += char_width(ch)
    return "".join(kept) + ELLIPSIS + " " * (width - 1 - used)


def column_width(texts, least: int, most: int) -> int:
    """A column's width: its widest text's, at least `least` and at most `most` columns."""
    return max(least, min(most, max(map(display_width, texts), default=0)))
