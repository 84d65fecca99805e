"""The running head's left part (tex/running-head.jinja): the title and the course as they fit on
one line beside the right part (the variant, the seed), estimated before LaTeX runs from
measure_text's widths at 10 pt (\\small in an 11 pt document): the course is left out first (the
first page of each variant prints it), then the title is cut after a word, with "…".  What the
estimate misses the template's \\resizebox takes in — a few per cent, not a 3 pt head (a long title
and course were scaled to fit whole)."""

from __future__ import annotations

from .measure_text import text_width_cm
from .tex_text import tex_escape

HEAD_CM = 17.0  # the text width: A4 with 2 cm margins (tex/preamble.tex.jinja)
SIZE_PT = 10.0  # \small of an 11 pt document
GAP_CM = 0.6  # between the two parts
CUT = "\\ldots{}"


def running_title(title: str, course: str | None, right: str) -> str:
    """The left part as LaTeX: `title` · `course`, the title alone, or the title cut with … (`right`:
    the right part's LaTeX, as wide as on any of the document's pages)."""
    room = HEAD_CM - GAP_CM - text_width_cm(right, SIZE_PT)
    head = tex_escape(title)
    whole = f"{head} \\textperiodcentered{{}} {tex_escape(course)}" if course else head
    if _fits(whole, room):
        return whole
    if _fits(head, room):
        return head
    words, cut = title.split(), head  # (one long word: scaled to fit by the template)
    while len(words) > 1:
        words.pop()
        cut = tex_escape(" ".join(words).rstrip(",;:-–—")) + CUT
        if _fits(cut, room):
            break
    return cut  # (the first word and … too wide: that, scaled)


def _fits(tex: str, room: float) -> bool:
    return text_width_cm(tex, SIZE_PT) <= room
