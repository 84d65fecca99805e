"""A line program (readback_lines.py) never accepts a text the general reading (readback._check) refuses.

A program is learned from one line and reads every later line of its shape — now whatever its result's
sign and its relation ("=", "≈", "≈†"): those it prints from the record.  Its True must be the general
reading's verdict; its False only sends the line to the general reading.  So over the lines of a
worksheet, their texts and records changed at random — a digit, a result's or an input's sign, the
relation — each program's verdict is held to the general reading's on the same text and record.
"""

from __future__ import annotations

import random

import symbp.render.readback as readback
import symbp.render.readback_lines as readback_lines
import symbp.render.worked as worked
from symbp.errors import VerificationError
from symbp.numbers import Shown
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.worksheet import build_worksheet

_RELATIONS = {False: " = ", True: r" \approx ", 2: r" \approx^{\dagger} "}


def _general(name, text, record, slope) -> bool:
    """The general reading's verdict on a typeset line's text (readback._learned reads it so)."""
    try:
        readback._check(name, readback._split(text), record, slope)
    except VerificationError:
        return False
    return True


def _lines(monkeypatch) -> list:
    """(program, text, record, slope, follows) of each line a worksheet's later reading sent to a program."""
    monkeypatch.setenv("SYMBP_WORKERS", "1")
    programs: dict = {}
    for module in (readback_lines, readback):
        monkeypatch.setattr(module, "PROGRAMS", programs)
    monkeypatch.setattr(readback_lines, "_COPIES", {})
    captured, real = [], worked.read_back
    monkeypatch.setattr(worked, "read_back", lambda *args: captured.append(args) or real(*args))
    build_worksheet(load_spec(example_path("nn231")), 2, 7)  # (its lines teach their shapes' programs)
    calls: list = []
    for key, (formula, program) in list(programs.items()):
        programs[key] = (formula, lambda *args, program=program: calls.append((program, *args)) or program(*args))
    for args in captured:
        real(*args)
    return calls


def _mutants(text: str, record, rng) -> list:
    """(text, record) changed: the relation (and the record's sign), the result's sign, an input's sign
    (`(-0.4)` for 0.4, and the record's number with it or not), a digit (in the record's number too or not)."""
    out = []
    cut = max(text.rfind(r) for r in _RELATIONS.values())
    relation = next(r for r in _RELATIONS.values() if text.startswith(r, cut))
    head, result = text[:cut], text[cut + len(relation):]
    for approx, written in _RELATIONS.items():
        out.append((head + written + result, record._replace(approx=approx)))
        out.append((head + written + result, record))
    flipped = result[1:] if result[:1] == "-" else "-" + result
    shown = Shown(flipped, record.shown.rounded)
    out += [(head + relation + flipped, record._replace(shown=shown)), (head + relation + flipped, record)]
    for approx, written in _RELATIONS.items():
        out.append((head + written + flipped, record._replace(shown=shown, approx=approx)))
    for key, number in record.numbers.items():
        size = number.text.lstrip("-")
        for old, new in ((f"(-{size})", size), (f" {size}", f" (-{size})")):
            if old in head:
                other = Shown(number.text[1:] if number.text[:1] == "-" else "-" + number.text, number.rounded)
                changed = head.replace(old, new, 1) + relation + result
                out += [(changed, record._replace(numbers={**record.numbers, key: other})), (changed, record)]
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    for i in rng.sample(digits, min(4, len(digits))):
        wrong = text[:i] + str((int(text[i]) + rng.randrange(1, 10)) % 10) + text[i + 1:]
        out.append((wrong, record))
        if i > cut:  # (the result's digit: the record's result with it)
            printed = wrong[cut:].split(" ")[-1]
            out.append((wrong, record._replace(shown=Shown(printed, record.shown.rounded))))
    return out


def test_a_line_programs_verdict_is_never_kinder_than_the_general_readings(monkeypatch):
    rng = random.Random(16)
    accepted = refused = 0
    for program, text, record, slope, follows in _lines(monkeypatch):
        name = record.result
        assert program(text, record, slope, follows) is True and _general(name, text, record, slope)
        for changed, planted in _mutants(text, record, rng):
            if program(changed, planted, slope, follows):
                assert _general(name, changed, planted, slope), (text, changed, planted)
                accepted += changed != text
            else:
                refused += 1
    assert accepted >= 50 and refused >= 200, (accepted, refused)
