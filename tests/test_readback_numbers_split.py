"""The read-back's split of a printed text at its numbers (readback_read.NUMBER) and the minus signs
counted before each number of a shape (readback_read.Reading.counts), against their plain definitions."""

from __future__ import annotations

import random
import re

import pytest

from symbp.render.readback_read import NUMBER, minuses_before, reading

# the definition of a printed number as first written: a digit that no `_`, `^`, word character or `.`,
# no `_{`, `^{`, `^-`, `^{-` (but after an e: e^{−0.5} holds a number) stands right before
_DEFINITION = re.compile(
    r"(?=\d)(?<![_^\w.])(?<!_\{)(?<![^e]\^\{)(?<![^e]\^[-−])(?<![^e]\^\{[-−])"
    r"(\d+(?:(?:\.|\{,\}|,)\d+)?(?: \\cdot 10\^\{-?\d+\}|·10\^[−-]?\d+)?)")

_TEXTS = [r"w^{1}_{00} \cdot a^{0}_{0} + b^{1}_{0} = 0.2 \cdot 1 + (-0.4) \cdot 2 + 0.1 = -0.5",
          r"e^{-0.5} + e^{−2} + x^{-3} + x^-1 + x^−1 + e^-2 + e^−2", r"1.2 \cdot 10^{-5} + 3·10^−4 + 1{,}5 + 2,25",
          r"\frac{1}{2} \cdot (2 - 0.5646)^{2} \approx 1.030", "a_12 + b_{3} + .5 + 5. + x2 + 2x + ²3",
          r"\sigma(-0.5) = \frac{1}{1 + e^{0.5}}", "١٢ + 3٫5"]


def test_the_split_at_numbers_is_the_definitions():
    """Hand-picked texts, and random texts of the characters around which a number starts or ends."""
    rng = random.Random(7)
    alphabet = ["0", "1", "7", ".", ",", "{", "}", "^", "_", "e", "-", "−", " ", "\\cdot 10", "·10", "x", "(", "{,}"]
    texts = _TEXTS + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for text in texts:
        assert NUMBER.split(text) == _DEFINITION.split(text), text


@pytest.mark.parametrize("text", [r"0.3 - (-0.1) \cdot 2", r"1 - \frac{0.1}{2} - 0.4", r"(−0.5) + \left(-0.2\right)"])
def test_a_readings_minus_counts_are_each_numbers(text):
    """Reading.counts (readback._counted's minus signs before each number, counted once per shape) is
    minuses_before of the text before that number, a fraction's opening passed over."""
    found = reading(text)
    assert found is not None
    pieces = _DEFINITION.split(text)[0::2]
    assert found[0].counts == tuple(minuses_before(piece, fractions=True) for piece in pieces[:-1])


def test_a_minus_before_a_row_that_goes_on_inside_parentheses_is_counted():
    """Found by soak41: softmax + bce, Adam, 3 steps, --detail matrix --digits 6 as Markdown or LaTeX
    (text was fine): δ's long line broke inside its parentheses, `\\left(\\frac{1 - 1}{…}\\right. \\\\
    &\\qquad - \\left.\\frac{1}{2 \\cdot 0.99…}\\right) …`, and the minus before y_0's fraction went
    uncounted past `\\left.` — "puts in 1 after 0 minus signs", exit 3 for a sound spec."""
    broken = r"\left(\frac{1 - 1}{2 - 2 \cdot 0.99}\right. \\" + "\n" + r" &\qquad - \left.\frac{"
    assert minuses_before(broken, fractions=True) == minuses_before(r"\left(\frac{1 - 1}{2 - 2 \cdot 0.99} - \frac{", fractions=True) == 1
    assert minuses_before(r"a - \left.(", fractions=False) == 1
