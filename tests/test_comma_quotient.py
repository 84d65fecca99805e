"""A quotient of two numbers written with a decimal comma is printed as English prints it, 1,349859/3,413345,
not (1,349859)/(3,413345) (stop 48's new user: a German worked solution read as if the numbers were
lists).  Each such printed line is recomputed here from the numbers printed on it: the quotient of
the two, rounded as the value after ≈ is written, is that value."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

import symbp

QUOTIENT = re.compile(r"= (\d+,\d+)/(\d+,\d+) ([=≈]) (−?\d+,\d+)$")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace("−", "-").replace(",", "."))


@pytest.mark.parametrize("code", ["de", "fr"])
def test_a_quotient_with_decimal_commas_needs_no_parentheses(code):
    """(Markdown and LaTeX print \\frac: no parentheses there in any language.)"""
    text = symbp.derive(symbp.example("softmax3"), locale=code).to_text()
    english = symbp.derive(symbp.example("softmax3")).to_text()
    english_quotients = re.findall(r"= (\d+\.\d+)/(\d+\.\d+) ", english)
    assert english_quotients, "the English solution prints no quotient of two numbers: the case is gone"
    assert not re.search(r"\(\d+,\d+\)/\(\d+,\d+\)", text), "a positive number put in parentheses beside /"
    found = [QUOTIENT.search(line.strip()) for line in text.splitlines()]
    found = [m for m in found if m]
    assert len(found) == len(english_quotients), (len(found), len(english_quotients))
    for m in found:
        num, den, relation, value = _decimal(m.group(1)), _decimal(m.group(2)), m.group(3), _decimal(m.group(4))
        exact = num / den
        if relation == "=":
            assert exact == value, m.group(0)
        else:
            assert exact.quantize(value, ROUND_HALF_EVEN) == value or \
                   abs(exact - value) <= Decimal(1).scaleb(value.as_tuple().exponent) / 2, m.group(0)
