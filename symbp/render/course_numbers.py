"""Every number a course's templates print is one symbp gave them or one their own text holds.

symbp reads back each line it hands to the templates (readback.py); a course's template folder
(--templates) decides what becomes of those lines, and Jinja lets it work: `x|replace("0.006272",
"0.006273")`, `<%= value %>3`, `<%= "%.2f"|format(…) %>`.  Such a number is printed unchecked, so
a course's rendered document is refused (SpecError, exit 2, naming the template and the number)
when it prints a number that is neither
- in the data symbp gave the templates (the context, every text and number in it, walked), nor
- in the templates' own text: a course template's literal text (not its expressions: a string
  written inside `<%= … %>` is a program's constant), the built-in templates' whole source, the
  locale's catalogue (the course's own wording included), nor
- made by symbp's own functions while it renders (`made`: a `digest` name, the zeros of the
  rounding rule's example), or one of symbp's example numbers (`examples`, example_numbers.py).
A number here is a run of ASCII digits with decimal marks between digits (".", and LaTeX's "{,}"
of a decimal comma; a plain comma separates), compared as written (0.50 is not 0.5); one glued to a
letter (12pt, group3, a hash's digits) names something and is not read, nor is a length's factor
(3\\baselineskip, 0.5\\linewidth), nor one inside an HTML or SVG tag (an attribute: a coordinate, a
colour).  Each number of the data also counts by its pieces on either side of a mark, for a decimal
comma printed plainly (0,5 in a German Markdown text).
Not covered (the README says so): signs (a template that drops a minus), and TeX's own programming
in a template's text (\\mathcode, \\def), which can change what the page shows; read a shared
folder's templates before printing its keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from ..errors import SpecError
from .example_numbers import EXAMPLES
from .lazy import LazyList, LazyMapping, read_part

_NUMBER = re.compile(r"[0-9]+(?:(?:\.|\{,\})[0-9]+)*")
_GLUE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DIGITS = re.compile(r"[0-9]+")
_LENGTH = re.compile(r"\\(?:baselineskip|normalbaselineskip|textwidth|linewidth|columnwidth|textheight|paperwidth|"
                     r"paperheight|parindent|parskip|unitlength|fill)(?![A-Za-z])")  # 3\baselineskip: a length
_TAG = re.compile(r"<[^<>]*>")
_MARKUP = (".svg.jinja", ".html.jinja", ".xml.jinja")

_MADE: ContextVar[set | None] = ContextVar("symbp_course_made", default=None)


def numbers(text: str, only=None):
    """The numbers a reader reads in `text` (see the module docstring), as written; with `only`, those
    of them written as one of `only` (a set of texts as `_NUMBER` finds them)."""
    for match in _NUMBER.finditer(text):
        if only is not None and match.group() not in only:
            continue
        start, end = match.span()
        if (start and text[start - 1] in _GLUE) or (end < len(text) and text[end] in _GLUE) or _LENGTH.match(text, end):
            continue
        yield match.group().replace("{,}", ".")  # (LaTeX's decimal comma read as the mark it is)


def _every(texts, into: set) -> None:
    """Every digit run of `texts`, alone and with its marks (more than `numbers` reads: a number
    glued to a letter counts as given too)."""
    joined = "\n".join(texts).replace("{,}", ".")
    into.update(_NUMBER.findall(joined))
    into.update(_DIGITS.findall(joined))


def given_numbers(context) -> set:
    """Every number of the data (and their pieces), walked through mappings and sequences."""
    texts: list = []
    seen: set = set()
    stack = [context]
    pop, push, add = stack.pop, stack.extend, texts.append
    while stack:
        value = pop()
        kind = type(value)
        if kind is str:
            add(value)
        elif kind is dict or kind is list or kind is tuple:
            if id(value) not in seen:
                seen.add(id(value))
                if kind is dict:
                    texts.extend(key for key in value if type(key) is str)
                    push(value.values())
                else:
                    push(value)
        elif kind is int or kind is float:
            add(str(value))
        elif value is None or kind is bool:
            continue
        elif isinstance(value, (LazyMapping, LazyList)):  # a part made when read: given only if the templates read it
            made = read_part(value)
            if made is not None:
                push((made,))
        elif isinstance(value, Mapping):
            push(value.keys())
            push(value.values())
        elif isinstance(value, (Sequence, set, frozenset)):
            push(value)
        else:  # any other object symbp hands over prints as its text (a str subclass, a Fraction)
            add(str(value))
    found: set = set()
    _every(set(texts), found)
    return found


def source_numbers(environment, source: str, own: bool) -> frozenset:
    """The numbers of a template's text: the whole source of symbp's own (`own`), the literal text
    only of a course's (its `<%= … %>` and `<% … %>` are programs)."""
    found: set = set()
    _every([source] if own else [value for _, kind, value in environment.lex(source) if kind == "data"], found)
    return frozenset(found)


def made(text: str) -> str:
    """A text made by symbp's own function (a digest's name, an example), remembered for the check of
    the document it is in."""
    names = _MADE.get()
    if names is not None:
        names.add(text)
    return text


@contextmanager
def recording():
    """The texts `made` while a course's document renders, for `check`."""
    names: set = set()
    token = _MADE.set(names)
    try:
        yield names
    finally:
        _MADE.reset(token)


def check(text: str, template: str, context: dict, environment, words, names) -> None:
    """SpecError for the first number of `text` that the templates were not given (see above)."""
    allowed = given_numbers([context, EXAMPLES])
    for kept in getattr(environment, "source_numbers", {}).values():
        allowed |= kept
    _every([*words, *names], allowed)
    if template.endswith(_MARKUP):  # what a browser shows: a tag's attributes (an SVG's coordinates) are layout
        text = _TAG.sub(" ", text)
    unknown = {found for found in set(_NUMBER.findall(text)) - allowed if found.replace("{,}", ".") not in allowed}
    for number in numbers(text, unknown) if unknown else ():  # (most documents: none, found at C speed)
        if number not in allowed:
            raise SpecError(f"template {template}",
                            f"prints the number {number}, which symbp did not give it and its own text does not "
                            f"hold: a course's template may place symbp's numbers, not work them out or change them")
