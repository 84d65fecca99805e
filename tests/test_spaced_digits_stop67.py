"""Digits parted by a space are read only in groups of three (stop 67's hostile tester: "0 5" was read as 5,
"12 34.5" as 1234.5, echoed so and marked, in check and PrairieLearn alike)."""
from __future__ import annotations

from fractions import Fraction

import pytest
from click.testing import CliRunner

from symbp.cli import main
from symbp.errors import SpecError
from symbp.written import parse_written


@pytest.mark.parametrize("text", ["0 5", "1 1", "1 1.5", "12 34.5", "-1 1", "0.12 34", "1000 000", "0,5 1"])
def test_two_numbers_or_a_slip_are_not_read(text):
    with pytest.raises(SpecError, match="groups of three"):
        parse_written(text, "z_0^1")


@pytest.mark.parametrize("text, value", [("1 000", 1000), ("1 000.5", Fraction(2001, 2)), ("0.123 45", Fraction(12345, 100000)),
                                         ("- 0.5", Fraction(-1, 2)), ("4.386 · 10^-4", Fraction(4386, 10**7)),
                                         ("1 234 567,891 2", Fraction(12345678912, 10**4)), ("2 1/2", Fraction(5, 2))])
def test_grouped_digits_and_spaced_signs_are_read(text, value):
    assert parse_written(text, "z_0^1").value == value


def test_check_lists_it_as_not_read_and_marks_the_rest(tmp_path):
    answers = tmp_path / "mine.toml"
    answers.write_text('"z_0^1" = "0 5"\n"z_1^1" = "1.3"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers)])
    assert result.exit_code == 1, result.output
    assert "groups of three" in result.output and "NOT READ" in result.output.upper(), result.output
