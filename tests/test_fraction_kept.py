"""What is kept per Fraction value and looked up in C (fraction_kept.kept_by_value: answers.json's
texts, the writing space's widths, the carried texts, the written givens) is each value's own, made
once per value, in any order and mix; and the widths measured in C (measure.widths_cm) are
text_width_cm's, float for float."""

from __future__ import annotations

from fractions import Fraction

from symbp.fraction_kept import kept_by_value
from symbp.render.measure import text_width_cm, widths_cm


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


def test_widths_measured_in_c_are_text_width_cms():
    texts = ["0.25", "-1.5", "\\approx 0.1234", "1.5 \\cdot 10^{-7}", "w^{2}_{01}", "", "\\frac{1}{3}"]
    for size in (8.0, 9.0, 11.0):
        assert widths_cm(texts, size) == [text_width_cm(text, size) for text in texts]
