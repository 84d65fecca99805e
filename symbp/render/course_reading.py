"""What a reader of a course's document reads as its numbers (course_numbers.py checks each one).

`seen(text, markup, comma)`: the text as its reader sees it —
- in every format: every decimal digit made ASCII (fullwidth, Arabic-Indic, mathematical 𝟢; not a
  circled ⑤ or a superscript ², which number steps and powers), invisible format characters
  removed (U+200B, U+2060, a soft hyphen, bidi marks),
  and TeX's empty group `{}`, `\\relax` and the thin spaces `\\,` `\\!` removed (MathJax and TeX
  typeset 0{}.{}5 and 0.\\,5 as 0.5);
- in Markdown, HTML and SVG (`markup`; Moodle's questions are HTML until symbp writes the XML):
  comments and inline tags (b, span, tspan, …) removed, other tags replaced by a space (a tag's
  attributes are layout: an SVG's coordinates), then entities decoded;
- LaTeX's decimal comma {,} is the mark; with a decimal comma (`comma`: the locale's mark, given to
  `numbers`), a single comma between digits is too (0,5), other commas part numbers (0.00,0.93).
`numbers(text)`: the numbers of a seen text — digits with decimal marks between them and an
exponent written e±n (6.273e-3); not one glued to a letter (12pt, group3, a hash's digits) unless
the letters are a TeX control word (\\relax0.5 reads 0.5), nor a length's factor (3\\baselineskip).
`candidates(text)`: every such run, glued or not (what a given text may hold: more than it shows).
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)*(?:[eE][-+−]?[0-9]+)?")
_NUMBER_COMMA = re.compile(r"[0-9]+(?:[.,][0-9]+)*(?:[eE][-+−]?[0-9]+)?")  # (a decimal comma's locale)
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LENGTH = re.compile(r"\\(?:baselineskip|normalbaselineskip|textwidth|linewidth|columnwidth|textheight|paperwidth|"
                     r"paperheight|parindent|parskip|unitlength|fill)(?![A-Za-z])")
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U0001d173-\U0001d17a"
                        "\U000e0000-\U000e0fff]")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script: fullwidth, Arabic-Indic, 𝟢
_TEX_NOTHING = re.compile(r"\{\}|\\relax(?![A-Za-z])|\\[,!]")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_INLINE = re.compile(r"</?(?:a|abbr|b|bdi|bdo|big|cite|code|data|dfn|em|font|i|kbd|mark|q|s|samp|small|span|strike|"
                     r"strong|sub|sup|time|tspan|tt|u|var|wbr)\b[^<>]*>", re.I)
_TAG = re.compile(r"<[^<>]*>")
_DECIMAL_BRACED = re.compile(r"(?<=[0-9])\{,\}(?=[0-9])")


def seen(text: str, markup: bool = False) -> str:
    """The text as its reader sees it (see the module docstring)."""
    if not text.isascii():
        text = _OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), _INVISIBLE.sub("", text))
    if markup:  # (entities decoded last: an escaped tag is text the reader sees)
        text = unescape(_TAG.sub(" ", _INLINE.sub("", _COMMENT.sub("", text))))
    return _DECIMAL_BRACED.sub(".", _TEX_NOTHING.sub("", text))


def numbers(text: str, only=None, comma: bool = False):
    """The numbers a reader reads in a seen text; with `only`, those read as one of `only`."""
    for match in (_NUMBER_COMMA if comma else _NUMBER).finditer(text):
        start, end = match.span()
        if (end < len(text) and text[end] in _LETTERS) or _glued_before(text, start) or _LENGTH.match(text, end):
            continue
        for number in _marked(match.group()) if comma else (match.group(),):
            if only is None or number in only:
                yield number


def _marked(run: str) -> list[str]:
    """A run of a decimal comma's text: one comma and no point is the mark (0,5); else commas part
    numbers (TikZ's 0.00,0.93; a list 1,2,3)."""
    if "," not in run:
        return [run]
    if run.count(",") == 1 and "." not in run.split("e")[0].split("E")[0]:
        return [run.replace(",", ".")]
    return run.split(",")


def _glued_before(text: str, start: int) -> bool:
    """A letter just before the number, not the end of a TeX control word (\\relax0.5)."""
    at = start
    while at and text[at - 1] in _LETTERS:
        at -= 1
    return at != start and not (at and text[at - 1] == "\\")


def candidates(text: str, comma: bool = False) -> list[str]:
    """Every number a reader could read in a seen text, glued or not."""
    if not comma:
        return _NUMBER.findall(text)
    return [number for run in _NUMBER_COMMA.findall(text) for number in _marked(run)]
