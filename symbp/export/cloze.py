"""Moodle's Cloze (embedded answers, "multianswer") syntax: gaps and the text around them.

In:  a gap's points and its answers (fraction of the points, number, absolute tolerance,
     feedback text); text to show inside or around gaps.
Out: `{1:NUMERICAL:=0.29837:0.0005#Correct~%0%*#Not within …}` and text that Moodle's parser
     reads back exactly.

How Moodle reads a gap (question/type/multianswer/questiontype.php): `{points:NUMERICAL:`, then
alternatives separated by `~`, each `=` or `%fraction%`, the answer up to the first `#`, `~` or `}`,
and after `#` the feedback up to the first `~` or `}`; the feedback is then HTML-entity-decoded
(only `\\}` and `\\#` are unescaped besides).  So symbp writes every character that could end or
confuse a gap — `{ } # ~ / " \\` and `&` — as an HTML entity: the gap parser never sees it, and
the decoded feedback is exactly the HTML-escaped text.  Text around the gaps is written the same
way, so that a title such as `{1:NUMERICAL:=1}` can never become a gap.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from fractions import Fraction

# One pass, character by character (so that no entity is escaped twice).
_ENTITIES = {"&": "&amp;", "{": "&#123;", "}": "&#125;", "#": "&#35;", "~": "&#126;", "/": "&#47;",
             '"': "&quot;", "\\": "&#92;", "<": "&lt;", ">": "&gt;", "'": "&#39;"}


def _entities(text: str) -> str:
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def text(plain: str) -> str:
    """Plain text for the HTML around the gaps: shown exactly as written, never part of a gap."""
    return _entities(str(plain))


def feedback(plain: str) -> str:
    """Plain text for a gap's feedback: Moodle decodes the entities once, which leaves the
    HTML-escaped text, so the student reads exactly `plain`."""
    return _entities(html.escape(str(plain), quote=True))


@dataclass(frozen=True)
class Answer:
    fraction: Fraction  # of the gap's points: 1 for full credit
    number: str | None  # decimal text; None: any other response (`*`)
    tolerance: str = "0"
    feedback: str = ""  # plain text


def _fraction(value: Fraction) -> str:
    if value == 1:
        return "="
    percent = value * 100
    return f"%{int(percent) if percent.denominator == 1 else float(percent):g}%"


def gap(points: int, answers: list[Answer]) -> str:
    """A NUMERICAL gap worth `points` (a whole number, as Moodle requires)."""
    parts = []
    for a in answers:
        body = "*" if a.number is None else f"{a.number}:{a.tolerance}"
        parts.append(_fraction(a.fraction) + body + (f"#{feedback(a.feedback)}" if a.feedback else ""))
    return "{" + f"{int(points)}:NUMERICAL:" + "~".join(parts) + "}"
