"""The running head's left part (tex/running-head.jinja): the title and the course as they fit on
one line beside the right part (the variant, the seed), estimated before LaTeX runs from Latin
Modern's text widths at 10 pt (\\small in an 11 pt document): the course is left out first (the
first page of each variant prints it), then the title is cut after a word, with "…" (a single word
too long for the room: after a letter).  What the estimate misses the template's \\resizebox takes
in — a few per cent, not a 3 pt head (a long title and course were scaled to fit whole)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .tex_text import tex_escape

HEAD_CM = 17.0  # the text width: A4 with 2 cm margins (tex/preamble.tex.jinja)
EM_CM = 10.0 * 2.54 / 72.27  # 1 em of \small in an 11 pt document (10 pt), in cm
GAP_CM = 0.6  # between the two parts
CUT, CUT_EM = "\\ldots{}", 1.0
# Latin Modern Roman 10's advance widths in em (cmr10's metrics), by letter; an accented letter as its
# base letter; other characters as listed, else 0.78 em (a capital: Ω) or 0.55 em
_LOWER = dict(zip("abcdefghijklmnopqrstuvwxyz", (0.5, 0.556, 0.444, 0.556, 0.444, 0.306, 0.5, 0.556, 0.278, 0.306,
                                                0.528, 0.278, 0.833, 0.556, 0.5, 0.556, 0.528, 0.392, 0.394, 0.389,
                                                0.556, 0.528, 0.722, 0.528, 0.528, 0.444)))
_UPPER = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (0.75, 0.708, 0.722, 0.764, 0.681, 0.653, 0.785, 0.75, 0.361, 0.514,
                                                0.778, 0.625, 0.917, 0.75, 0.778, 0.681, 0.778, 0.736, 0.556, 0.722,
                                                0.75, 0.75, 1.028, 0.75, 0.75, 0.611)))
_OTHER = {" ": 0.333, ".": 0.278, ",": 0.278, ":": 0.278, ";": 0.278, "!": 0.278, "'": 0.278, "-": 0.333,
          "–": 0.5, "—": 1.0, "(": 0.389, ")": 0.389, "[": 0.278, "]": 0.278, "/": 0.5, "&": 0.778, "%": 0.833,
          "·": 0.278, "ß": 0.5, "æ": 0.722, "œ": 0.778, "Æ": 0.903, "Œ": 1.014, "ø": 0.5, "Ø": 0.778,
          "@": 0.778, "#": 0.833, "+": 0.778, "=": 0.778, "<": 0.778, ">": 0.778, "*": 0.5, "|": 0.278}
_WIDTHS = {**_LOWER, **_UPPER, **_OTHER}


@lru_cache(maxsize=4096)
def text_width_cm(text: str) -> float:
    """A plain text's width in the running head, a little on the generous side."""
    em = sum(_WIDTHS.get(ch) or _WIDTHS.get(unicodedata.normalize("NFD", ch)[:1]) or (0.78 if ch.isupper() else 0.55)
             for ch in text)  # (another capital, Ω: as wide as the widest Latin ones; other characters a little wider than a digit)
    return em * EM_CM * 1.03


def running_title(title: str, course: str | None, right: str) -> str:
    """The left part as LaTeX: `title` · `course`, the title alone, or the title cut with … (`right`:
    the right part as plain text, as wide as on any of the document's pages)."""
    kept, whole, cut = left_part(title, course, right)
    if whole:
        return f"{tex_escape(title)} \\textperiodcentered{{}} {tex_escape(course)}"
    return tex_escape(kept) + (CUT if cut else "")


def left_part(title: str, course: str | None, right: str) -> tuple[str, bool, bool]:
    """(the title's text kept, whether the course follows it, whether it is cut: … after it)."""
    room = HEAD_CM - GAP_CM - text_width_cm(right)
    if course and text_width_cm(f"{title} · {course}") <= room:
        return title, True, False
    if text_width_cm(title) <= room:
        return title, False, False
    room -= CUT_EM * EM_CM
    words = title.split()
    while len(words) > 1 and text_width_cm(" ".join(words)) > room:
        words.pop()
    kept = " ".join(words)
    while len(kept) > 1 and text_width_cm(kept) > room:  # one word too long for the room: after a letter
        kept = kept[:-1]
    return kept.rstrip(" ,;:-–—"), False, True
