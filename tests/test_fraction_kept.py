"""What is kept per Fraction value and looked up in C (fraction_kept.kept_by_value: answers.json's
texts, the writing space's widths, the carried texts, the written givens) is each value's own, made
once per value, in any order and mix."""

from __future__ import annotations

from fractions import Fraction

from symbp.fraction_kept import kept_by_value


def test_each_value_gets_its_own_result_made_once():
    made = []

    def make(value):
        made.append(value)
        return str(value)

    known: dict = {}
    values = [Fraction(1, 3), Fraction(2, 6), Fraction(-5), Fraction(1, 3), Fraction(0)]
    assert kept_by_value(values, known, make) == [str(v) for v in values]
    assert made == [Fraction(1, 3), Fraction(-5), Fraction(0)]  # (1/3 and 2/6: one value, made once)
    assert kept_by_value(values[::-1] + [Fraction(7, 2)], known, make) == [str(v) for v in values[::-1] + [Fraction(7, 2)]]
    assert made[3:] == [Fraction(7, 2)]  # the others looked up
    mixed = [Fraction(1, 3), 2, 0.5]  # not all Fractions: every one made anew, nothing kept
    assert kept_by_value(mixed, {}, make) == ["1/3", "2", "0.5"]

