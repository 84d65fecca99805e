"""A document's printed lines rechecked by one program per list of formulas (recheck.recheck).

In:  the printed lines (recheck.PrintedLine) of a document whose list of formulas — the same objects,
     in the same order — was rechecked before (a worksheet's variants print the same formulas), and
     each formula's check (recheck_exact._CHECK, or None).
Out: `kept_program(lines)` -> program(lines, functions, general), or None the first time a list is
     seen; the program calls each line's check on that line, in order, and `general(line)` (recheck's
     general rules, which raise where the line fails) for every line its check does not pass or that
     has none: the same calls on the same lines as recheck's loop, without the loop's look-ups.
Generated source holds only identifiers made here; the checks are the maker's arguments.
"""

from __future__ import annotations

from operator import attrgetter

_FORMULA = attrgetter("formula")
_SEEN = object()  # a list of formulas seen once: its program is made when it is seen again
_PROGRAMS: dict = {}  # the formulas' ids, in order -> (the formulas, kept: their ids their own; program) or _SEEN
_MAX_LINES = 4096  # a longer list is rechecked line by line
_MAX_PROGRAMS = 64  # (a worksheet rechecks one list per architecture, format and options)


def kept_program(lines: list):
    """The program made for this list of formulas, or None."""
    entry = _PROGRAMS.get(tuple(map(id, map(_FORMULA, lines))))
    return None if entry is None or entry is _SEEN else entry[1]


def learn_program(lines: list, checks: list) -> None:
    """Note a list of formulas rechecked line by line (`checks`: each line's check or None); the second
    time, make its program."""
    if len(lines) > _MAX_LINES:
        return
    key = tuple(map(id, map(_FORMULA, lines)))
    entry = _PROGRAMS.get(key)
    if len(_PROGRAMS) >= _MAX_PROGRAMS and entry is None:
        _PROGRAMS.clear()
    if entry is None:
        _PROGRAMS[key] = _SEEN
    elif entry is _SEEN:
        _PROGRAMS[key] = (tuple(map(_FORMULA, lines)), _program(checks))


def _program(checks: list):
    lines = [f"def make(C):\n    ({''.join(f'C{k}, ' for k in range(len(checks)))}) = C\n",
             "    def program(lines, functions, general):\n",
             f"        ({''.join(f'l{k}, ' for k in range(len(checks)))}) = lines\n"]
    for k, check in enumerate(checks):
        lines.append(f"        if not C{k}(l{k}, functions):\n            general(l{k})\n" if check is not None
                     else f"        general(l{k})\n")
    lines.append("    return program\n")
    namespace: dict = {}
    exec(compile("".join(lines), "<symbp recheck lines>", "exec"), namespace)  # noqa: S102 (names only)
    return namespace["make"](tuple(checks))
