"""numbers.terminating_digits (kept per denominator) and numbers.terminates (the drawing's and the givens'
test) answer as the factors of the denominator say, for every numerator, first read or kept."""

from fractions import Fraction

from symbp.numbers import terminates, terminating_digits


def _decimals(denominator: int):
    """Written here: the decimals of p/denominator in lowest terms — its factors 2 and 5 divided out one
    by one, the larger count; None when another factor remains."""
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    return max(twos, fives) if denominator == 1 else None


def test_kept_per_denominator_it_answers_as_the_denominators_factors_for_every_value():
    for _ in range(2):  # the second time from what was kept
        for denominator in (1, 2, 3, 4, 5, 6, 7, 10, 12, 20, 25, 30, 40, 64, 80, 96, 125, 1000, 3 * 1024, 5**9, 2**40 * 7,
                            2**3 * 5**7, 10**30, 5**40 * 3):
            for numerator in (1, -1, 7, 12345):
                value = Fraction(numerator, denominator)
                expected = _decimals(value.denominator)
                assert terminating_digits(value) == expected, value
                assert terminates(value) == (expected is not None), value


def test_a_shown_numbers_kept_parts_are_its_own():
    """Shown's value, ratio, unit and scientific form are worked out at the first read and kept on that
    Shown only: two Shown of one text but different digits keep their own units."""
    from symbp.numbers import Shown

    a, b = Shown("0.2500", True, 4), Shown("0.2500", True, 2)
    assert (a.unit, b.unit) == (Fraction(1, 10000), Fraction(1, 100))  # one unit in the last significant digit
    assert a.value == b.value == Fraction(1, 4) and a.ratio == (1, 4)
    assert Shown("0.00001234", True, 4).scientific() == ("1.234", -5) and a.scientific() is None
