"""A value on the way that the answer leaves out — σ'(z), tanh'(z) — may be rounded to as few digits as a number
written must show (3 of 4), not only to the sheet's 4, 5 or 6 (stop 68's student and instructor testers: δ = −0.2171 ·
0.176 = −0.03821 for Mazur's δ_1^2 was WRONG, "a digit miscopied", while the same number with "0.176" written in
the optional box was right; a 3-digit student's worksheet lost points so in check and PrairieLearn).  The student's
arithmetic is worked here with Decimal, independently of symbp."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

import symbp


def r(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def _student(written_delta=None) -> dict:
    """Every value of Mazur's key rounded to 4 digits (f'(z) and ∂L/∂a left out), δ_1^2 as a student keeping σ'(z)
    to 3 digits works it — or `written_delta`."""
    values = symbp.derive(symbp.example("mazur")).values  # the numbers a student writes, rounded below
    answers = {n: str(r(Decimal(str(float(v))), 4)) for n, v in values.items()
               if not n.startswith(("local:", "dL/da")) and float(v) != 0}
    a, y = Decimal(answers["a_1^2"]), Decimal("0.99")  # Mazur's a_1^2 as written (4 digits) and its target
    assert a == Decimal("0.7729")
    sigma_prime = r(a * (1 - a), 3)  # 0.176, kept in the calculator to 3 digits, not written
    delta = r((a - y) * sigma_prime, 4)
    answers["delta_1^2"] = written_delta or str(delta)
    return answers, delta, a, y


def test_sigma_prime_rounded_to_three_digits_is_right():
    answers, delta, a, y = _student()
    assert delta == Decimal("-0.03821")
    assert r((a - y) * a * (1 - a), 4) != delta  # from the written numbers exactly: −0.03811, not −0.03821
    report = symbp.check(symbp.example("mazur"), answers)
    assert report.statuses["delta_1^2"] == "correct", report.to("text")[:600]
    assert "as few as 3" in report.to("text")


@pytest.mark.parametrize("written", ["-0.03850", "-0.03790", "0.03821", "-0.03805", "-0.03815", "-0.03817"])
def test_beyond_any_such_rounding_stays_wrong(written):
    # a 3-digit σ' is 0.175 or 0.176 (points, not the interval between them: the stop-68 reviewer's −0.03815 and
    # −0.03817 were right): δ = −0.0380 or −0.0382 (one unit either side: worked from rounded numbers), or near
    # the true −0.03810
    answers, *_ = _student(written)
    assert symbp.check(symbp.example("mazur"), answers).statuses["delta_1^2"] == "wrong"


def test_a_written_sigma_prime_is_held_to_itself():
    answers, *_ = _student("-0.03817")
    answers["local:da_1^2/dz_1^2"] = "0.1755"  # written: δ follows from it, not from a 3-digit rounding of it
    assert symbp.check(symbp.example("mazur"), answers).statuses["delta_1^2"] == "wrong"


def test_no_coarser_than_three_digits_at_a_three_digit_sheet():
    # --digits 3 (a number written must show 2): σ' kept to 2 digits, 0.18 or 0.17, is no careful working
    answers = {n: str(r(Decimal(v), 3)) for n, v in _student()[0].items()}
    answers["delta_1^2"] = "-0.0391"  # −0.217·0.18
    report = symbp.check(symbp.example("mazur"), answers, digits=3)
    assert report.statuses["delta_1^2"] == "wrong"
    assert "as few as" not in report.to("text")
