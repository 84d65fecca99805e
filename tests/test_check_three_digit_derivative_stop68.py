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
    a, y = Decimal("0.7729"), Decimal("0.99")  # Mazur's a_1^2 as written (4 digits) and its target
    sigma_prime = r(a * (1 - a), 3)  # 0.176, kept in the calculator to 3 digits, not written
    delta = r((a - y) * sigma_prime, 4)
    return {"z_1^2": "1.225", "a_1^2": str(a), "delta_1^2": written_delta or str(delta)}, delta, a, y


def test_sigma_prime_rounded_to_three_digits_is_right():
    answers, delta, a, y = _student()
    assert delta == Decimal("-0.03821")
    assert r((a - y) * a * (1 - a), 4) != delta  # from the written numbers exactly: −0.03811, not −0.03821
    report = symbp.check(symbp.example("mazur"), answers)
    assert report.statuses["delta_1^2"] == "correct", report.to("text")[:600]
    assert "as few as 3" in report.to("text")


@pytest.mark.parametrize("written", ["-0.03850", "-0.03790", "0.03821"])
def test_beyond_any_such_rounding_stays_wrong(written):
    # σ' in [0.1755, 0.1765] (every 3-digit rounding of 0.17553…) gives δ in [−0.03832, −0.03810]
    answers, *_ = _student(written)
    assert symbp.check(symbp.example("mazur"), answers).statuses["delta_1^2"] == "wrong"
