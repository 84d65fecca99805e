"""An exact 0 that a student's own rounded numbers give (review 34): at z = 8, 1 + e^−8 ≈ 1.000335
kept to the sheet's 4 digits is 1.000, so a = 1/1.000 = 1 and σ'(z) = a(1 − a) = 1·(1 − 1) = 0,
and δ = (dL/da)·0 = 0: written "0" (no decimal point: an exact value).  With a = 1.0000 written
down, both were credited (through the written a); with a left out, the same working was WRONG —
also after a wrong z, where it is carried (error carried forward).  A 0 no working gives stays
wrong: at z = 6 (1 + e^−6 ≈ 1.00248: a ≈ 0.998, σ' ≈ 0.002), or through a written a = 0.9997.

Expected values: the network of test_check_on_the_way (ONE_WIDE: x = 1, w_00^1 = w); the step
arithmetic is redone here with Decimal at 4 significant digits.
"""
from __future__ import annotations

import math
from decimal import Context, Decimal

import pytest

from test_check_on_the_way import ONE_WIDE, marked

FOUR = Context(prec=4)


def own_sigmoid(z: float) -> Decimal:
    """σ(z) as 1/(1 + e^−z), e^−z and 1 + e^−z each kept to 4 significant digits."""
    e = FOUR.plus(Decimal(math.exp(-z)))
    return 1 / FOUR.plus(1 + e)


def test_the_working_saturates_at_8_not_at_6():
    assert own_sigmoid(8.0) == 1 and own_sigmoid(6.0) != 1


@pytest.mark.parametrize("w, status", [(8, "correct"), (3, "carried")])  # w = 3: z = 8.000 is wrong, z = 3
@pytest.mark.parametrize("written", [{"local:da_0^1/dz_0^1": "0"}, {"delta_0^1": "0"}])
def test_an_exact_0_from_the_answers_own_rounded_a_is_right(tmp_path, w, status, written):
    q = marked(tmp_path, {"z_0^1": "8.000", **written}, ONE_WIDE.format(w=w))
    assert q["z_0^1"]["status"] == ("correct" if w == 8 else "wrong")
    (name,) = written
    assert q[name]["status"] == status, q[name]
    assert q[name]["carried_from"] == ([] if w == 8 else ["z_0^1"])


@pytest.mark.parametrize("answers", [{"z_0^1": "6.000", "local:da_0^1/dz_0^1": "0"},
                                     {"z_0^1": "6.000", "delta_0^1": "0"},
                                     {"z_0^1": "8.000", "a_0^1": "0.9997", "local:da_0^1/dz_0^1": "0"},
                                     {"z_0^1": "20.00", "a_0^1": "1"}])  # σ(20) is no exact 1
def test_a_0_no_working_gives_stays_wrong(tmp_path, answers):
    q = marked(tmp_path, answers, ONE_WIDE.format(w=float(answers["z_0^1"])))
    name = list(answers)[-1]
    assert q[name]["status"] == "wrong", q[name]
