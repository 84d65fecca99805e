"""A line whose true value lies within 10⁻⁴ of a unit of a rounding tie: its result is printed with one
more digit (render/plan_ties.py) rather than its inputs with five more, and every line still follows.

The spec is derived here so that the tie is real: a 1-1-1 ReLU/identity net whose input is a fraction,
x = 629571421/3·10⁹, gives z_0^2 = 0.5·(0.7·x + 0.1) = 0.123449999116…, 8.8·10⁻⁵ of a unit below the
tie 0.12345 at 4 digits.  Printed to 4 digits (0.1234), its line 0.5·a_0^1 needs a_0^1 printed to 9
digits before it stops rounding up (the plan before stop 37 printed a_0^1 ≈ 0.246899998 and x, δ
likewise); printed to 5 digits (0.12345), a_0^1 ≈ 0.2469 gives it.  Values computed here with Fractions;
the printed lines re-read by tests/linecheck.py (its own parser and arithmetic).
"""

from __future__ import annotations

import re
from fractions import Fraction

from linecheck import check_text

X = Fraction(629571421, 3 * 10**9)
SPEC = {"layers": [1, 1, 1], "loss": "half_sse", "learning_rate": "0.1", "input": [str(X)], "target": [-1],
        "layer": [{"weights": [["0.7"]], "biases": ["0.1"], "activation": "relu"},
                  {"weights": [["0.5"]], "biases": [0], "activation": "identity"}]}
NUMBER = r"−?\d+(?:\.\d+)?"


def rounded(value: Fraction, digits: int) -> Fraction:
    """`value` (> 0) rounded half away from zero to `digits` significant digits."""
    exponent = 0
    while value * Fraction(10) ** -exponent >= 10**digits:
        exponent += 1
    while value * Fraction(10) ** -exponent < 10 ** (digits - 1):
        exponent -= 1
    scaled = value * Fraction(10) ** -exponent
    return Fraction(int(scaled + Fraction(1, 2))) * Fraction(10) ** exponent


def digits_asked(z1: Fraction, z2: Fraction, result_digits: int) -> int:
    """The fewest significant digits of a_0^1 = z_0^1 for which 0.5·a_0^1 rounds as z_0^2 does."""
    digits = 4
    while rounded(Fraction(1, 2) * rounded(z1, digits), result_digits) != rounded(z2, result_digits):
        digits += 1
    return digits


def significant(text: str) -> int:
    return len(text.lstrip("−").replace(".", "").lstrip("0"))


def test_the_tie_is_real_and_asked_eight_digits_of_the_inputs():
    z1 = Fraction(7, 10) * X + Fraction(1, 10)
    z2 = Fraction(1, 2) * z1
    off = (Fraction(12345, 10**5) - z2) / Fraction(1, 10**5)  # in units of 4 digits' last digit
    assert 0 < off < Fraction(1, 10**4)
    assert digits_asked(z1, z2, 4) >= 9  # the result at 4 digits: a_0^1 ≈ 0.246899998
    assert digits_asked(z1, z2, 5) == 4  # at 5 digits: a_0^1 ≈ 0.2469


def test_the_result_takes_the_digit_and_every_line_follows():
    from symbp import api

    text = api.derive(api.spec_from_dict(SPEC), 4).to("text")
    z1_line = re.search(rf"z_0\^1 = w_00\^1·a_0\^0 \+ b_0\^1 = 0\.7·({NUMBER}) \+ 0\.1 ≈ ({NUMBER})\n", text)
    z2_line = re.search(rf"z_0\^2 = w_00\^2·a_0\^1 \+ b_0\^2 = 0\.5·({NUMBER}) \+ 0 = ({NUMBER})\n", text)
    x, z1 = [Fraction(number) for number in z1_line.groups()]
    a1, z2 = [Fraction(number) for number in z2_line.groups()]
    true_z1 = Fraction(7, 10) * X + Fraction(1, 10)
    # each line worked out from its printed numbers rounds to its printed result, which is the true value rounded
    assert z1 == rounded(true_z1, significant(z1_line[2])) == rounded(Fraction(7, 10) * x + Fraction(1, 10), significant(z1_line[2]))
    assert a1 == z1 and Fraction(1, 2) * a1 == z2  # "=": the printed numbers give it exactly
    assert z2 == rounded(true_z1 / 2, significant(z2_line[2]))
    # the result took one digit, its inputs none: no number of the page has 8 significant digits
    assert significant(z2_line[2]) == 5 and significant(z2_line[1]) == 4
    longest = max(significant(number) for number in re.findall(r"\d+\.\d+", text))
    assert longest < 8
    violations, reader = check_text(text)
    assert violations == [] and reader.lines_checked > 20
