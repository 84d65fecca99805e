"""A saturated sigmoid: a written a stands only for the values that round to it.

At z = 8 a student writes a = 0.9997 (σ(8) ≈ 0.999665).  That number stands for the calculator
values that round to it, [0.99965, 0.99975] (kept closed: a student who keeps a digit more may
hold an end).  Taking the end 0.99975 and rounding it again at the written digits (−a ≈ −0.9998)
made 1 − a ≈ 0.0002 reachable, so a wrong σ'(z) = 0.0002000 (σ'(8) ≈ 0.0003352) and a δ 40 % off
were credited as rounded on the way.

Expected values are worked out here with math from the spec's numbers (a 1-2-1 sigmoid network).
"""
from __future__ import annotations

import math

from test_check_on_the_way import ONE_WIDE, marked as marked_against

NET = ONE_WIDE.format(w=8)  # z_0^1 = 8


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def by_hand() -> dict:
    a1 = [sigmoid(8.0), sigmoid(2.0)]
    a2 = sigmoid(0.9 * a1[0] - 1.4 * a1[1] + 0.3)
    delta2 = (a2 - 0.2) * a2 * (1 - a2)
    return {"a1": a1, "dL/da_0^1": 0.9 * delta2}


def marked(tmp_path, values: dict) -> dict:
    return marked_against(tmp_path, values, NET)


def test_a_wrong_f_prime_at_a_saturated_sigmoid_is_wrong_and_costs_the_delta_from_it(tmp_path):
    h = by_hand()
    a = round(h["a1"][0], 4)
    assert f"{a:.4f}" == "0.9997"
    slip = 0.0002  # 1 − 0.9998: the written a rounded once more
    true = h["a1"][0] * (1 - h["a1"][0])
    assert abs(slip - true) / true > 0.3
    g = round(h["dL/da_0^1"], 5)
    q = marked(tmp_path, {"z_0^1": "8.000", "a_0^1": "0.9997", "local:da_0^1/dz_0^1": "0.0002000",
                          "dL/da_0^1": f"{g:.5f}", "delta_0^1": f"{g * slip:.4g}"})
    assert q["a_0^1"]["status"] == "correct"
    assert q["local:da_0^1/dz_0^1"]["status"] == "wrong"
    assert q["delta_0^1"]["status"] == "wrong"  # (f'(z) earns no points: its slip costs δ's, stop 60)
    assert q["delta_0^1"]["diagnosis_key"] == "wrong_value_on_the_way"


def test_a_delta_40_percent_off_at_a_saturated_sigmoid_is_wrong(tmp_path):
    h = by_hand()
    g = round(h["dL/da_0^1"], 5)
    q = marked(tmp_path, {"z_0^1": "8.000", "a_0^1": "0.9997", "dL/da_0^1": f"{g:.5f}",
                          "delta_0^1": f"{g * 0.0002:.4g}"})
    assert q["delta_0^1"]["status"] == "wrong"


def test_the_right_f_prime_from_the_written_a_stays_right(tmp_path):
    """0.9997 · 0.0003 (the answer's own a, 1 − a worked from it) and σ'(8) itself."""
    for written in ("0.0002999", "0.0003352"):
        q = marked(tmp_path, {"z_0^1": "8.000", "a_0^1": "0.9997", "local:da_0^1/dz_0^1": written})
        assert q["local:da_0^1/dz_0^1"]["status"] == "correct", written
