"""A whole number written without a point whose last digits are zeros: a careful student who rounds
59874 to 4 significant digits writes 59870 (symbp prints 5.987·10^4), and `check` called it wrong —
it read the 0 as a digit, exact to the unit.  Its trailing zeros may be placeholders: 59870 is right
for 59874, 59900 for 59874 at 3 digits; 59880 stays wrong; 60000 has too few digits (2), not 5.
The student's numbers are worked out here with Decimal, step by step, never by symbp."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, getcontext
from fractions import Fraction

import pytest

import symbp
from symbp.agreement import Rule, agrees, agrees_carried, explains, too_coarse
from symbp.written import parse_written

getcontext().prec = 50


def r(x: Decimal, digits: int = 4) -> Decimal:
    """x rounded to `digits` significant digits, half away from zero (a calculator's display)."""
    return x.quantize(Decimal(1).scaleb(x.adjusted() - digits + 1), rounding=ROUND_HALF_UP) if x else x


def whole(x: Decimal, digits: int = 4) -> str:
    """x rounded as the student writes it out: 59870, 3585000000 (no point, no power of ten)."""
    return format(r(x, digits), "f")


GRAPH = {"kind": "graph", "inputs": {"x": 300, "w": 199.58, "b": 0.4},
         "stages": ["s = w*x + b", "f = s*s"], "gates": "primitive"}


def careful_graph_answers(digits: int = 4) -> dict:
    """The graph worked by hand, every value rounded and carried on rounded."""
    x, w, b = Decimal(300), Decimal("199.58"), Decimal("0.4")
    s1 = r(w * x, digits)
    s = r(s1 + b, digits)
    f = r(s * s, digits)
    dfds = r(2 * s, digits)
    return {"s.1": s1, "s": s, "f": f, "df/ds": dfds, "df/ds.1": dfds, "df/db": dfds,
            "df/dw": r(dfds * x, digits), "df/dx": r(dfds * w, digits)}


def test_the_careful_students_whole_numbers_are_right():
    answers = careful_graph_answers()
    assert answers["s.1"] == 59870 and answers["df/ds"] == 119700  # a zero at the end, as the student writes it
    report = symbp.check(symbp.spec_from_dict(GRAPH), {name: whole(v) for name, v in answers.items()})
    assert {name: report.statuses[name] for name in answers} == dict.fromkeys(answers, "correct")


def test_a_whole_number_off_is_still_wrong():
    answers = {name: whole(v) for name, v in careful_graph_answers().items()}
    report = symbp.check(symbp.spec_from_dict(GRAPH), dict(answers, **{"s.1": "59880", "s": "59880"}))
    assert report.statuses["s.1"] == "wrong"  # 6 units of its 4th digit off 59874
    assert report.statuses["s"] == "carried"  # 59880 + 0.4 written 59880 follows from it


def test_rounded_far_has_too_few_digits_and_says_how_many():
    report = symbp.check(symbp.spec_from_dict(GRAPH), {"s.1": "60000"})
    assert report.statuses["s.1"] == "too_few_digits"
    text = report.to_text()
    line = next(line for line in text.splitlines() if "60000" in line and "significant" in line)
    assert "2 significant digits" in line  # 6.0·10^4: the finest reading right at its precision


@pytest.mark.parametrize("written, value, digits, expected", [
    ("59870", "59874", 4, True),     # 5.987·10^4
    ("59870", "59870", 5, True),     # exactly that
    ("59900", "59874", 4, True),     # 5.99·10^4: 3 digits, the sheet's minimum at 4
    ("59900", "59874", 5, False),    # at 5 digits asked, 4 are needed
    ("59900", "59903", 5, True),     # 5.990·10^4
    ("59880", "59874", 4, False),
    ("12", "12.4", 4, False),        # no zero at the end: it claims 12 exactly
    ("100", "100.4", 4, True),       # 100 at the unit
    ("1200", "1249", 4, False),      # 1.2·10^3 shows 2 digits, 3 needed (too few, below)
    ("-59870", "-59874", 4, True),
    ("0", "0.3", 4, False),
    ("100", "0.75", 2, False),       # zeros as placeholders only where the value rounds to the number: never
    ("1000", "0.75", 2, False),      # "within a unit" of 1·10^3 (a reviewer's HIGH: 1000 stood for a σ output)
    ("10", "0.75", 2, False),
])
def test_agreement_of_whole_numbers(written, value, digits, expected):
    assert agrees(parse_written(written, "v"), Fraction(value), Rule(digits)) is expected


@pytest.mark.parametrize("written, value, coarse", [
    ("60000", "59874", True), ("1200", "1249", True),
    ("20", "17", False),    # a placeholder reading keeps 2 digits at least: 2·10^1 would stand for 15 to 25
    ("12", "12.4", False),  # not at its precision either: wrong
    ("0", "0.3", False),    # a bare 0 claims exactly 0
    ("10", "5.1", False),   # 5.1 to one digit is 5, not 10: wrong, not too coarse
    ("100", "51", False),
    ("10", "10.4", False),  # as 12 for 12.4: wrong
])
def test_too_coarse_whole_numbers(written, value, coarse):
    assert too_coarse(parse_written(written, "v"), Fraction(value), (), Rule(4)) is coarse


def test_a_carried_value_is_no_unit_of_a_placeholder_off():
    """A value worked from rounded numbers may be a unit of its last written digit off — never a unit of a
    placeholder reading (1·10^2 for 100: anything from 0 to 200)."""
    assert not agrees_carried(parse_written("100", "v"), Fraction("0.75"), Rule(2))
    assert not explains(parse_written("100", "v"), Fraction("0.75"), Rule(2))
    assert agrees_carried(parse_written("59870", "v"), Fraction("59874"), Rule(4))


def test_pen_slips_of_whole_numbers_are_still_named():
    """(a reviewer's HIGH) "20" read as 2·10^1 was "within rounding" and lost its slip name.  A whole number's
    point moved is named where the number meant is right: 18 for z_2^1 = 1.8 = 0.5·1 + 0.7·2 − 0.1, −10 for δ = −1;
    20 for 1.8 is no point moved (2.0, the number it would mean, is too coarse to be right: stop 64)."""
    report = symbp.check(symbp.example("nn231"), {"z_2^1": "18", "a_2^1": "18", "delta_0^2": "-10"})
    assert report.statuses["z_2^1"] == "wrong" and report.marks["z_2^1"]["diagnosis_key"] == "decimal_point_moved"
    assert report.statuses["delta_0^2"] == "wrong" and report.marks["delta_0^2"]["diagnosis_key"] == "decimal_point_moved"
    assert report.statuses["a_2^1"] == "carried"
    report = symbp.check(symbp.example("nn231"), {"z_2^1": "20", "a_2^1": "20"})
    assert report.statuses["z_2^1"] == "wrong" and report.marks["z_2^1"]["diagnosis_key"] is None


def test_a_one_digit_placeholder_reading_is_never_taken():
    """"10" for 10.4 was "too few digits" (as 1·10^1) while "12" for 12.4 was wrong, and the report
    counted 2 digits for it (a reviewer's MEDIUM): a placeholder reading keeps 2 digits at least."""
    ten = symbp.check(symbp.spec_from_dict({"kind": "graph", "inputs": {"x": 10.4, "y": 1}, "stages": ["f = x*y"]}),
                      {"f": "10"})
    assert ten.statuses["f"] == "wrong"


def test_a_long_whole_number_is_no_machine_s_noise():
    """(a new user's HIGH, stop 54) "1000000000000" — 13 digits — was right for z = −0.5: the widening
    for a computer's 17-digit float (more than 10 digits: judged at 10) reached its placeholder
    readings, a unit of 1·10^10 times 500.  Wrong, with 12 digits and with 13 and more alike."""
    for text in ("1000000000000", "100000000000", "-1000000000000", "1100000000000", "2" + "0" * 20):
        report = symbp.check(symbp.example("nn231"), {"z_0^1": text})
        assert report.statuses["z_0^1"] == "wrong", text
    report = symbp.check(symbp.spec_from_dict(GRAPH), {"s.1": "59874.00000000000", "s": "59874.40000000001"})
    assert report.statuses["s.1"] == "correct" and report.statuses["s"] == "correct"  # a float printed in full
