"""The recheck's formulas written out (recheck_exact.generated_pairs) are its closures' arithmetic.

Every printed line of worked solutions of every kind gives, written out, the value the closures
give (or the same refusal); and a line that does not follow is refused on the formula's first use
(closures) and on later ones (written out)."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from symbp.errors import VerificationError
from symbp.numbers import Shown
from symbp.pipeline import derive_solution
from symbp.render import recheck as R
from symbp.render import worked
from symbp.render.recheck_exact import Inexact, compile_pairs, generated_pairs
from symbp.resources import example_path
from symbp.spec import load_spec, parse_spec
from symbp.variants import draw_numbers, settings_from_spec


WIDE = """layers = [3, 12, 1]
activation = "relu"
loss = "half_sse"
learning_rate = 0.1
[[layer]]
[[layer]]
activation = "identity"
"""


def _spec(example: str):
    if example != "wide":
        return load_spec(example_path(example))
    spec = parse_spec(WIDE, numbers_optional=True)  # two-digit indices: w_{10,0}^1
    return draw_numbers(spec, settings_from_spec(spec), random.Random(3))


def _printed_lines(example: str, monkeypatch, **options) -> list:
    spec = _spec(example)
    solution, report = derive_solution(spec, round_to=options.pop("round_to", None))
    captured = []
    real = worked.recheck
    monkeypatch.setattr(worked, "recheck", lambda lines, spec: captured.append(list(lines)) or real(lines, spec))
    worked.solution_context(solution, report, **options)
    return spec, captured[-1]


def _outcome(pairs, line, functions):
    try:
        p, q = pairs(line.numbers, functions)
    except (Inexact, ZeroDivisionError) as exc:
        return type(exc)
    assert q > 0
    return Fraction(p, q)


@pytest.mark.parametrize("example,options", [("nn231", {}), ("mazur", {}), ("softmax3", {}), ("batch3", {}),
                                             ("nobias", {"digits": 3}), ("steps3", {}), ("adam1", {}),
                                             ("momentum2", {}), ("nn231", {"round_to": 3, "digits": 3}),
                                             ("wide", {}), ("wide", {"detail": "neuron"})])
def test_every_printed_line_written_out_gives_what_the_closures_give(example, options, monkeypatch):
    spec, lines = _printed_lines(example, monkeypatch, **options)
    functions = R.Evaluator(spec).functions
    covered = 0
    for line in lines:
        closures, written = compile_pairs(line.formula, R._NEVER), generated_pairs(line.formula, R._NEVER)
        assert (closures is None) == (written is None)
        if closures is not None:
            assert _outcome(written, line, functions) == _outcome(closures, line, functions)
            covered += 1
    assert covered >= len(lines) // 3


def test_a_line_that_does_not_follow_is_refused_at_every_use_of_its_formula(monkeypatch):
    spec, lines = _printed_lines("nn231", monkeypatch)
    assert R.recheck(lines, spec) == len(lines)
    for k in range(0, len(lines), 7):
        line = lines[k]
        wrong = Shown(str(Decimal(line.shown.text) + 1), False)  # one more: beyond any half a unit
        tampered = lines[:k] + [line._replace(shown=wrong)] + lines[k + 1:]
        for _ in range(3):  # the closures, then the formula written out
            with pytest.raises(VerificationError, match="does not follow"):
                R.recheck(tampered, spec)


def _planted(lines: list, k: int) -> list:
    """Line k's numbers planted wrong, each alone: its result one more (beyond any half a unit), its
    first input one more, its sign the other ("=" for "≈", "≈" for "=")."""
    line = lines[k]
    name, first = next(iter(line.numbers.items()))
    return [line._replace(shown=Shown(str(Decimal(line.shown.text) + 1), False)),
            line._replace(numbers={**line.numbers, name: Shown(str(Decimal(first.text) + 1), False)}),
            line._replace(approx=not line.approx)]


def _verdict(lines, spec, *forget):
    for kept in forget:  # (nothing kept: every formula seen for the first time)
        kept.clear()
    try:
        return R.recheck(lines, spec)
    except VerificationError as error:
        return str(error)


def test_a_wrong_number_is_caught_by_the_lines_kept_program_as_without_it(monkeypatch):
    """A list of formulas rechecked before goes through its kept program (recheck_lines.py), each line
    through its formula's check (recheck_exact._CHECK); each planted wrong number or sign gets the verdict
    the general rules give it with nothing kept (the formulas seen for the first time: their closures)."""
    from symbp.render import recheck_lines

    spec, lines = _printed_lines("nn231", monkeypatch)
    assert R.recheck(lines, spec) == R.recheck(lines, spec) == len(lines)
    assert recheck_lines.kept_program(lines) is not None
    planted = [(k, wrong) for k in range(0, len(lines), 4) for wrong in _planted(lines, k)]
    kept = [_verdict(lines[:k] + [wrong] + lines[k + 1:], spec) for k, wrong in planted]
    monkeypatch.setattr(R, "_COMPILED", {})
    monkeypatch.setattr(recheck_lines, "_PROGRAMS", {})
    forget = (R._COMPILED, recheck_lines._PROGRAMS)
    assert kept == [_verdict(lines[:k] + [wrong] + lines[k + 1:], spec, *forget) for k, wrong in planted]
    assert all("does not follow" in verdict for verdict in kept[0::3])  # (every wrong result)
    assert sum(type(verdict) is str for verdict in kept) > len(kept) // 2
