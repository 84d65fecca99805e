"""What a course's document used while it rendered, for its check (course_numbers.py): the template
files read, the texts symbp's own functions made (`made`: padded(4)), the names `digest` made
(`named`).  Kept apart from the check, so that symbp's own templates (no course folder) record
nothing and import nothing more.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

_RECORD: ContextVar[dict | None] = ContextVar("symbp_course_record", default=None)  # {"made", "names", "used": set}


def made(text: str) -> str:
    """A number's text made by symbp's own function (padded(4): 0.3100), allowed in the document
    being rendered."""
    return _kept("made", text)


def named(text: str) -> str:
    """A name made by symbp's digest filter: in the document being rendered it is taken out whole
    before the numbers are read (a hash's digits allow nothing)."""
    return _kept("names", text)


def _kept(kind: str, text: str) -> str:
    record = _RECORD.get()
    if record is not None:
        record[kind].add(text)
    return text


def used(filename: str) -> None:
    """A template file read for the document being rendered (its own text counts for that document)."""
    record = _RECORD.get()
    if record is not None:
        record["used"].add(filename)


@contextmanager
def recording():
    """The texts `made` and `named` and the template files `used` while a course's document renders, for `check`."""
    record: dict = {"made": set(), "names": set(), "used": set()}
    token = _RECORD.set(record)
    try:
        yield record
    finally:
        _RECORD.reset(token)
