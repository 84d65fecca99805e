"""Widths known from a text's parts are the widths its own scan gives (issue 16: worksheet variants per second).

A substituted line whose joins are all clean has, as its additions, its parts' additions one after the
other (measure.know_joined, which the compiled line programs call): checked against the scan of the
whole text over every laid-out formula of two networks with numbers negative, tiny (m·10^e) and long.
Running text's widths (measure_text._em, which adds a run of plain characters at once) against sums
worked out here by hand, in the order TeX's characters come.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from symbp.derivation import derive
from symbp.numbers import format_decimal
from symbp.render import measure
from symbp.render.lines import _layout_measure
from symbp.render.measure import _scanned, know_joined, piece_measure
from symbp.render.measure_text import _em
from symbp.render.plan import formula_refs, shown_formula
from symbp.render.printers import LatexPrinter
from symbp.render.substitution import layout
from symbp.resources import example_path
from symbp.spec import load_spec

VALUES = [Fraction(3, 10), Fraction(-7, 20), Fraction(1, 3), Fraction(-2, 3), Fraction(0), Fraction(12, 10**9),
          Fraction(-5, 10**8), Fraction(123456789, 1000), Fraction(5), Fraction(-1)]


@pytest.mark.parametrize("example", ["nn231", "softmax3"])
def test_a_clean_substituted_lines_additions_are_its_scans(example):
    rng = random.Random(11)
    number = LatexPrinter().number
    checked = 0
    for q in derive(load_spec(example_path(example)).architecture()).quantities:
        formula = shown_formula(q.formula)
        found = layout(formula, formula_refs(formula), True)
        if found is None or not _layout_measure(found[0])[1]:
            continue
        pieces, holes = found
        for _ in range(3):
            texts = [number(format_decimal(rng.choice(VALUES), rng.choice((2, 4))), parenthesized) for _, parenthesized in holes]
            if not all(piece_measure(text)[1] for text in texts):
                continue  # (a join not clean: the line programs measure the whole text)
            parts = [pieces[0]] + [p for text, piece in zip(texts, pieces[1:]) for p in (text, piece)]
            parts = tuple(p for p in parts if p)
            text = "".join(parts)
            measure._KEPT_ADDITIONS.pop(text, None)
            know_joined(text, 0.0, True, parts)
            assert measure._KEPT_ADDITIONS[text] == _scanned(text, False)
            checked += 1
    assert checked > 10


def test_running_texts_width_adds_each_character_in_order():
    digit, point, minus, space, command, script = 0.5, 0.278, 0.778, 0.333, 0.8, 0.7
    assert _em("-0.25") == 0.0 + minus + digit + point + digit + digit
    assert _em(r"\approx -0.25") == 0.0 + command + space + minus + digit + point + digit + digit
    assert _em(r"exact \approx 0.5") == 0.0 + 5 * 0.5 + space + command + space + digit + point + digit
    assert _em("a^{2}_{0}") == 0.0 + 0.5 + script * (0.0 + digit) + script * (0.0 + digit)
    assert _em(r"\frac{1}{2}x") == 0.0 + (script * max(0.0 + digit, 0.0 + digit) + 0.2) + 0.5
