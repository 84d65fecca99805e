"""The drawing's test of whether a given terminates, kept per denominator, is numbers.terminating_digits'."""

from fractions import Fraction

from symbp.numbers import terminating_digits
from symbp.render.network import _terminates


def test_kept_per_denominator_it_answers_as_terminating_digits_for_every_value():
    for denominator in (1, 2, 3, 4, 5, 6, 7, 10, 12, 20, 25, 30, 40, 64, 80, 96, 125, 1000, 3 * 1024, 5**9, 2**40 * 7):
        for numerator in (1, -1, 7, 12345):
            value = Fraction(numerator, denominator)
            assert _terminates(value) == (terminating_digits(value) is not None), value
