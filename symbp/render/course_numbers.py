"""Every number a course's templates print is one symbp gave them or one their own text holds.

symbp reads back each line it hands to the templates (readback.py); a course's template folder
(--templates) decides what becomes of those lines, and Jinja lets it work: `x|replace("0.006272",
"0.006273")`, `<%= value %>3`, `<%= "%.2f"|format(…) %>`.  Such a number is printed unchecked, so
a course's rendered text is refused (SpecError, exit 2, naming the template and the number) when a
number its reader reads (course_reading.py: what TeX, MathJax or a browser shows) is neither
- in the data symbp gave the templates (the context, walked: dicts, lists, an object's public
  attributes; a lazy part only if read), nor
- in the own text of the templates that made it: a course template's literal text (not its
  expressions: a string written inside `<%= … %>` is a program's constant), a built-in template's
  whole source, the locale's catalogue (the course's own wording included), nor
- one of symbp's example numbers (`examples`, example_numbers.py; `padded(4)` is 0.3100: `made`);
a name symbp's `digest` filter made is taken out of the text first (`named`).
It is a guard against templates that work numbers out or edit them, not a proof: a number that
happens to equal another one given (a swapped pair, a value from another line) passes, and so do
signs (a dropped minus) and TeX's own programming in a template's text (\\def, \\mathcode); read a
shared folder's templates before printing its keys (README).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

from ..errors import SpecError
from .course_reading import candidates, numbers, seen
from .example_numbers import EXAMPLES
from .lazy import LazyList, LazyMapping, read_part

_MARKUP = (".svg.jinja", ".html.jinja", ".md.jinja", "moodle/texts.jinja")


def readable(texts, comma: bool) -> set:
    """Every number a reader could read in `texts`, glued to letters or not (what a given text may hold)."""
    return set(candidates(seen("\n".join(texts)), comma))


def given_texts(context) -> set:
    """Every text of the data, walked through mappings, sequences and an object's public attributes
    (what a sandboxed template can read: a dataclass's property too); numbers as their text."""
    texts: set = set()
    visited: set = set()
    stack = [context]
    pop, push, add = stack.pop, stack.extend, texts.add
    while stack:
        value = pop()
        kind = type(value)
        if kind is str:
            add(value)
        elif kind is int or kind is float:
            add(str(value))
        elif value is None or kind is bool or id(value) in visited:
            continue
        elif kind is dict:
            visited.add(id(value))
            texts.update(key for key in value if type(key) is str)
            push(value.values())
        elif kind is list or kind is tuple:
            visited.add(id(value))
            push(value)
        elif isinstance(value, (LazyMapping, LazyList)):  # a part made when read: given only if read
            made_part = read_part(value)
            if made_part is not None:
                push((made_part,))
        elif isinstance(value, Mapping):
            visited.add(id(value))
            push(value.keys())
            push(value.values())
        elif isinstance(value, (Sequence, set, frozenset)):
            visited.add(id(value))
            push(value)
        else:  # another object: its text, and what a template reads of it
            visited.add(id(value))
            add(str(value))
            push(_attributes(value))
    return texts


def _attributes(value) -> list:
    """The values of an object's public attributes that are not methods (the sandbox's view)."""
    found = []
    for name in dir(value):
        if not name.startswith("_"):
            try:
                attribute = getattr(value, name)
            except Exception:  # noqa: BLE001 (a property that cannot be read is not printed either)
                continue
            if not callable(attribute):
                found.append(attribute)
    return found


def source_texts(environment, source: str, own: bool) -> tuple:
    """A template's own text: the whole source of symbp's own (`own`), the literal text only of a
    course's (its `<%= … %>` and `<% … %>` are programs)."""
    return (source,) if own else tuple(value for _, kind, value in environment.lex(source) if kind == "data")


_PIECE = 1 << 20  # characters read for numbers at a time: memory bounded whatever a template prints
_MAX_UNKNOWN = 100_000  # numbers not given kept at most (beyond: every number is looked at, one at a time)
_NO_NUMBER = re.compile(r"[^0-9.,eE+\-−]")  # a character no number read runs over (a piece ends before one)


def _unknown(text: str, allowed: set, comma: bool) -> set | None:
    """The candidates (course_reading.candidates) of `text` not in `allowed`, found at C speed a piece
    at a time; None where they cannot be kept in bounded memory (too many, or a run of number
    characters longer than a piece: every number is then looked at)."""
    unknown: set = set()
    start = 0
    while start < len(text):
        end = start + _PIECE
        if end < len(text):
            cut = _NO_NUMBER.search(text, end, end + _PIECE)
            if cut is None:
                return None
            end = cut.start()
        unknown |= set(candidates(text[start:end], comma)) - allowed
        if len(unknown) > _MAX_UNKNOWN:
            return None
        start = end
    return unknown


def check(text: str, template: str, context, sources: dict, words: frozenset, record: dict, comma: bool,
          course: str = "") -> None:
    """SpecError for the first number a reader reads in `text` that the templates were not given (see
    above); `record`: what course_record.recording kept while it rendered; `sources`: file -> its own
    text (source_texts), `words`: the catalogue's numbers (read
    with `comma`), `comma`: whether the locale's decimal mark is a comma, `course`: the course's folder
    (the message names its files that made the text)."""
    allowed = set(words)
    allowed |= readable(given_texts([context, EXAMPLES]), comma)
    allowed |= readable([piece for name in record["used"] for piece in sources.get(name, ())], comma)
    allowed.update(number for made_text in record["made"] for number in numbers(seen(made_text), None, comma))
    for name in record["names"]:  # taken out whole: a hash's digits allow nothing else
        if any(numbers(name)):
            text = text.replace(name, " name ")
    markup = template.endswith(_MARKUP) or template.startswith(("md/", "html/", "svg/"))
    text = seen(text, markup)
    unknown = _unknown(text, allowed, comma)
    for number in numbers(text, unknown, comma) if unknown is None or unknown else ():  # (most documents: none)
        if number in allowed:  # (every number looked at: too many unknown to keep)
            continue
        own = sorted(os.path.relpath(name, course) for name in record["used"] if course and name.startswith(course + os.sep))
        raise SpecError(f"template {template}",
                        f"prints the number {number}, which symbp did not give it and the text of its templates does "
                        "not hold" + (f" (the course's {', '.join(own)})" if own else "") + ": a course's template "
                        "may place symbp's numbers, not work them out or change them; write a number of its own as "
                        "text, outside <%= … %> (README: \"A course's templates place symbp's numbers\")")
