"""A very long number in an answers file is refused by its length before any pattern reads it, and digits parted by
spaces are still read only in groups of three (stop 68's hostile tester: a 60,000-digit value took 105 s in the
spaced-digits pattern, whose time grew with the square of a run's length; measured, not timed here)."""

from __future__ import annotations

import pytest

import symbp
from symbp.errors import SpecError
from symbp.written import MAX_NUMBER_TEXT, _grouped, _parse_written


@pytest.mark.parametrize("text", ["7" * 60_000, "1 " * 20_000, "0." + "3" * 5_000])
def test_long_texts_refused_by_length(text):
    with pytest.raises(SpecError) as refused:
        _parse_written(text, "z_0^1")
    assert "characters" in str(refused.value) and str(len(text.strip())) in str(refused.value)


def test_a_long_value_in_a_file_is_not_read_and_the_rest_marked():
    answers = {"z_0^1": "9" * 60_000, "z_1^1": "0.1"}
    report = symbp.check(symbp.example("nn231"), answers)
    text = report.to("text")
    assert "a number of 60000 characters" in text
    assert report.statuses["z_1^1"] in ("correct", "wrong")


@pytest.mark.parametrize("text, grouped", [("1 000 000", True), ("0.123 45", True), ("12 34.5", False), ("0 5", False),
                                           ("7" * (MAX_NUMBER_TEXT - 1), True), ("-1 1", False), ("1 000.5", True)])
def test_spaced_digits_still_in_threes(text, grouped):
    assert _grouped(text) is grouped
