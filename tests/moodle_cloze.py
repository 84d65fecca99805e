"""Moodle's reading of a Cloze question, written here from Moodle's documented multianswer syntax
(independently of symbp/export/cloze.py), and Moodle's numerical comparison.

A gap is {POINTS:NUMERICAL:ALTERNATIVES}; alternatives are separated by ~; each is an optional
fraction (= for full credit, %50% for half), the answer up to the first #, ~ or } that is not
escaped, then optionally # and the feedback up to the first unescaped ~ or }.  The feedback is
then HTML-entity-decoded and \\} and \\# are unescaped.  A numerical answer is NUMBER:TOLERANCE (or
* for any response); a response x matches when |x − answer| <= tolerance, to which Moodle adds
10⁻¹⁴·max(tolerance, |answer|, 10⁻¹⁴) (PHP's default precision) so that float rounding cannot
reject a value on the boundary.  The first matching alternative counts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

FRACTION = r"=|%(?:-?[0-9]+(?:[.,][0-9]*)?)%"
ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
ALTERNATIVE = rf"({FRACTION})?({ANSWER})(?:#({FEEDBACK}))?"
_ALT_UNGROUPED = rf"(?:{FRACTION})?(?:{ANSWER})(?:#(?:{FEEDBACK}))?"
GAP = re.compile(r"\{([0-9]*):(NUMERICAL|NM):(" + _ALT_UNGROUPED + r"(?:~" + _ALT_UNGROUPED + r")*)\}", re.S)
GAP_START = re.compile(r"\{[0-9]*:(?:NUMERICAL|NM|MULTICHOICE|MC|SHORTANSWER|SA|MW)[A-Z_]*:")
NUMBER = r"-?(?:(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?)"
NUMERICAL = re.compile(rf"^({NUMBER})(?::({NUMBER}))?$")
EPSILON = 1e-14


@dataclass
class Alternative:
    fraction: float
    answer: str  # a number, or "*"
    tolerance: str
    feedback: str  # as Moodle stores it (HTML)


def gaps(text: str) -> list[tuple[int, list[Alternative]]]:
    """Every gap of a question text, in order, as Moodle extracts them (points, alternatives)."""
    found = []
    while True:
        match = GAP.search(text)
        if not match:
            return found
        found.append((int(match.group(1) or 1), alternatives(match.group(3))))
        text = text[:match.start()] + "[gap]" + text[match.end():]


def alternatives(body: str) -> list[Alternative]:
    out = []
    rest = body
    while rest:
        m = re.match("~?" + ALTERNATIVE, rest, re.S)
        assert m, f"cannot read the alternatives {rest!r}"
        fraction = 1.0 if m.group(1) == "=" else (float(m.group(1)[1:-1].replace(",", ".")) / 100 if m.group(1) else 0.0)
        answer = m.group(2)
        feedback = html.unescape(m.group(3) or "").replace("\\}", "}").replace("\\#", "#")
        number = NUMERICAL.match(answer)
        if number:
            out.append(Alternative(fraction, number.group(1), number.group(2) or "0", feedback))
        else:
            out.append(Alternative(fraction, answer, "0", feedback))
        rest = rest[m.end():]
    return out


def matching(alts: list[Alternative], response: str) -> Alternative | None:
    """The alternative Moodle credits a response with (the first that matches), or None."""
    x = float(response)
    for alt in alts:
        if alt.answer == "*":
            return alt
        a, t = float(alt.answer.replace(",", ".")), abs(float(alt.tolerance.replace(",", ".")))
        margin = t + EPSILON * max(t, abs(a), EPSILON)
        if a - margin <= x <= a + margin:
            return alt
    return None


def credit(alts: list[Alternative], response: str) -> float:
    alt = matching(alts, response)
    return 0.0 if alt is None else alt.fraction


def gaps_by_name(question, asked: list[str], symbol) -> dict:
    """A symbp Cloze question's gaps by quantity name: each table row "\\(symbol\\) =" and its gap, the
    symbol as `symbol(name)` writes it (symbp's TeX printer); every asked name exactly once."""
    by_symbol = {symbol(name): name for name in asked}
    text = question.find("questiontext/text").text
    rows = re.findall(r"<tr><td>\\\((.*?)\\\) =</td><td>(\{.*?\})</td></tr>", text, re.S)
    found = {}
    for shown, gap in rows:
        (_, alternatives), = gaps(gap)
        found[by_symbol[html.unescape(shown)]] = alternatives
    assert sorted(found) == sorted(asked)
    return found
