"""The agreement rule as every report states it says exactly what `check` accepts as written.

A new user's finding (review 35): "0.75140" was marked right for Mazur's a_0^2 = 0.751365 (five
digits written, 3.5 units of the last one off), because it is the calculator chain's 4-digit 0.7514
with a zero appended (marking.in_chain) — lenient on purpose, but the rule shown to students did not
say so.  Here the rule's words are written as a predicate, and every candidate number near the true
and the calculator's value is marked: "right as written" (correct, by no way of working) must be
exactly what the words say.  The true value and the calculator's chain are computed here with
exact fractions and math.exp, not by symbp.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from helpers import REPO

import symbp
from symbp.calculator_chain import Chain
from symbp.check import answers_from_table
from symbp.marking import CORRECT, mark

F = Fraction
# Mazur's network (examples/mazur.toml): inputs 0.05, 0.10; w1 = 0.15, 0.20 / 0.25, 0.30, b1 = 0.35;
# w2 = 0.40, 0.45 / 0.50, 0.55, b2 = 0.60; sigmoid everywhere.
X, W1, B1, W2, B2 = (F("0.05"), F("0.1")), ((F("0.15"), F("0.2")), (F("0.25"), F("0.3"))), F("0.35"), \
    ((F("0.4"), F("0.45")), (F("0.5"), F("0.55"))), F("0.6")


def sigmoid(z) -> float:
    return 1 / (1 + math.exp(-float(z)))


def rounded(value, digits: int) -> Fraction:
    """`value` to `digits` significant digits, half away from zero (as a calculator shows it)."""
    dec = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(repr(value))
    return F(dec.quantize(Decimal(1).scaleb(dec.adjusted() - digits + 1), rounding=ROUND_HALF_UP))


def z_0_2(digits: int | None) -> Fraction:
    """Mazur's z_0^2, every value on the way rounded to `digits` and carried on (None: not rounded)."""
    keep = (lambda v: rounded(v, digits)) if digits else (lambda v: F(v) if isinstance(v, Fraction) else F(repr(v)))
    a1 = [keep(sigmoid(keep(W1[j][0] * X[0] + W1[j][1] * X[1] + B1))) for j in range(2)]
    return keep(W2[0][0] * a1[0] + W2[0][1] * a1[1] + B2)


def a_0_2(digits: int | None) -> Fraction:
    """Mazur's a_0^2, every value on the way rounded to `digits` and carried on (None: not rounded);
    σ(z) worked out as one value, as the calculator chain (a carried key) writes it."""
    return rounded(F(repr(sigmoid(z_0_2(digits)))), digits) if digits else F(repr(sigmoid(z_0_2(None))))


def sigma_inside(z: Fraction, e_digits: int | None, sum_digits: int | None) -> Fraction:
    """σ(z) = 1/(1 + e^−z) with e^−z and 1 + e^−z each rounded to their digits (None: not), the quotient not."""
    e = F(repr(math.exp(-float(z))))
    e = rounded(e, e_digits) if e_digits else e
    total = rounded(1 + e, sum_digits) if sum_digits else 1 + e
    return 1 / total


TRUE = F(repr(1 / (1 + math.exp(-float(W2[0][0] * F(repr(sigmoid(W1[0][0] * X[0] + W1[0][1] * X[1] + B1)))
                                     + W2[0][1] * F(repr(sigmoid(W1[1][0] * X[0] + W1[1][1] * X[1] + B1))) + B2)))))


def significant(text: str) -> int:
    return len(text.lstrip("-").replace(".", "").lstrip("0"))


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def stated(text: str, value: Fraction, minimum: int) -> bool:
    """The rule's words: the value rounded at the precision it is written with (at most half a unit
    of its last digit off), showing at least `minimum` significant digits."""
    return abs(F(text) - value) <= F(1, 2) * F(10) ** -decimals(text) and significant(text) >= minimum


def candidates(*values) -> list[str]:
    """Numbers written with 2 to 7 decimals near each value: its roundings and their neighbours."""
    found = set()
    for value in values:
        for places in range(2, 8):
            middle = round(value * 10**places)
            found.update(format(Decimal(k).scaleb(-places), "f") for k in range(middle - 2, middle + 3))
    return sorted(found)


@pytest.fixture(scope="module")
def mazur():
    spec = symbp.load(REPO / "examples" / "mazur.toml")
    return symbp.derive(spec)._internal


def right_as_written(solution, written: str, digits: int, printed=None) -> bool:
    answers = answers_from_table({"a_0^2": written}, solution.derivation, source="answers", file=False)
    marked = mark(solution, answers, symbp.agreement.Rule(digits), printed=printed).marks["a_0^2"]
    return marked.status == CORRECT and marked.way is None  # the true or the calculator's value, as written


@pytest.mark.parametrize("digits", [4, 3])
def test_right_as_written_is_what_the_rule_says(mazur, digits):
    """The true value, or the calculator's (every value rounded to the sheet's digits), at the
    precision written with at least digits − 1 digits: e.g. 0.75140 for 0.751365 (chain 0.7514)."""
    chain, minimum = a_0_2(digits), digits - 1
    assert chain != rounded(TRUE, digits + 1)  # the constructed case: the chain's value is no rounding of the true one
    for written in candidates(TRUE, chain):
        said = stated(written, TRUE, minimum) or stated(written, chain, minimum)
        assert right_as_written(mazur, written, digits) == said, (written, float(TRUE), chain)


def test_the_mazur_example_is_said(mazur):
    chain = a_0_2(4)
    written = format(Decimal(chain.numerator * 10**5 // chain.denominator).scaleb(-5), "f")  # 0.75140: 0.7514, a zero appended
    assert not stated(written, TRUE, 3) and stated(written, chain, 3)
    assert right_as_written(mazur, written, 4)
    text = symbp.check(symbp.load(REPO / "examples" / "mazur.toml"), {"a_0^2": written}).to("text")
    assert "rounding every value on the way to 4 significant digits" in " ".join(text.split())


def test_a_key_printed_at_other_digits_is_said(mazur):
    """Against a key printed at 3 digits, marked with --digits 5: the key's values and the true
    value count with at least min(4, 3) = 3 digits — as the rule's sentence on the key says."""
    key_value = a_0_2(3) + F(1, 1000)  # a constructed printed value, one unit off the chain's own
    printed = Chain(3, "auto", {"a_0^2": key_value}, frozenset({"a_0^2"}))
    chain5 = a_0_2(5)
    for written in candidates(TRUE, chain5, key_value):
        said = stated(written, TRUE, 4) or stated(written, chain5, 4) or stated(written, TRUE, 3) \
            or stated(written, key_value, 3)
        assert right_as_written(mazur, written, 5, printed) == said, (written, key_value)
    answers = answers_from_table({"a_0^2": "0.75"}, mazur.derivation, source="answers", file=False)
    from symbp.check_json import rule_text

    text = " ".join(rule_text(mark(mazur, answers, symbp.agreement.Rule(5), printed=printed)).split())
    assert "This answer key was printed with 3 significant digits: a number showing at least 3" in text
    assert "the value as a calculator gives it at 3 digits" in text


@pytest.mark.parametrize("digits", [2, 4, 6])
def test_the_rules_own_example_is_true(digits):
    """The chain example the rule prints: the padded number is more than half a unit off the value,
    and right only as the calculator's value with a zero appended."""
    from symbp.agreement import rule_examples

    e = rule_examples(digits - 1, digits)
    value, chain, padded = F(e["chain_value"]), F(e["chain"]), e["padded"]
    assert chain == rounded(value, digits) and F(padded) == chain and significant(padded) == digits + 1
    assert not stated(padded, value, digits - 1) and stated(padded, chain, digits - 1)


def test_a_value_rounded_inside_its_activation_is_said(mazur):
    """`0.7513` for Mazur's a_0^2 = 0.751365 with z_0^2 left out (review 36): neither the value nor the
    calculator chain's 0.7514 at the precision written, nor σ of any z the answer may stand on taken
    whole; but the chain's z = 1.106 with 1 + e^−z rounded to 4 digits (1.331) gives 0.75131.  The
    rule's second paragraph says exactly that ("one the answer leaves out for its value, exact or as
    the calculator gives it; … every value on the way, inside an activation too (e^(−z) and
    1 + e^(−z) in σ(z) …), may be rounded to 4 significant digits, one or two more, or not at all,
    in any mixture"), and every number those words give this way is accepted."""
    zs = (z_0_2(4), z_0_2(None))  # z_0^2 left out: as the calculator gives it, or exact
    mixtures = (4, 5, 6, None)
    inside = {sigma_inside(z, e, t) for z in zs for e in mixtures for t in mixtures}
    whole = {F(repr(sigmoid(z))) for z in zs}
    written = "0.7513"
    assert not stated(written, TRUE, 3) and not stated(written, a_0_2(4), 3)
    assert not any(stated(written, v, 3) for v in whole) and any(stated(written, v, 3) for v in inside)
    answers = answers_from_table({"a_0^2": written}, mazur.derivation, source="answers", file=False)
    assert mark(mazur, answers, symbp.agreement.Rule(4)).marks["a_0^2"].status == CORRECT
    for candidate in candidates(TRUE, *inside):
        if any(stated(candidate, v, 3) for v in inside):
            answers = answers_from_table({"a_0^2": candidate}, mazur.derivation, source="answers", file=False)
            assert mark(mazur, answers, symbp.agreement.Rule(4)).marks["a_0^2"].status == CORRECT, candidate
    text = " ".join(symbp.check(symbp.load(REPO / "examples" / "mazur.toml"), {"a_0^2": written}).to("text").split())
    assert "one the answer leaves out for its value, exact or as the calculator gives it" in text
    assert "inside an activation too (e^(−z) and 1 + e^(−z) in σ(z)" in text
    assert "(an activation as one value, not the values inside it)" in text  # the chain's 0.7514: σ(1.106) whole
