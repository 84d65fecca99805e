"""Students of every rounding habit on saturated and ordinary networks — sigmoid, tanh, softplus,
softmax, bce, batches, two steps (sweep_student.py, written independently of symbp's engine):
none is marked wrong.  At a saturated sigmoid, σ'(z) taken from a written a rounded once more
(a = 0.9997 worked on as 0.9998: 1 − a = 0.0002) is wrong, and what follows from it carried.
"""
from __future__ import annotations

import random
from fractions import Fraction

import pytest

from habit_student import round_half_away
from sweep_student import SweepStudent
from test_check_rounding_habits import every_habit, not_right, statuses


def tenth(rng: random.Random, low: int = 1) -> str:
    return str(Fraction(rng.choice([k for k in range(-40, 41) if low <= abs(k) <= (40 if low > 10 else 10)]), 10))


def network(rng: random.Random, hidden: str, output: str, loss: str, saturated: bool, samples: int, steps: int) -> dict:
    widths = [2, 2, 1 if loss == "bce" else 3 if output == "softmax" else 2]

    def target():
        if output == "softmax":
            hot = rng.randrange(widths[-1])
            return [int(i == hot) for i in range(widths[-1])]
        return [rng.choice([0, 1])] if loss == "bce" else [str(Fraction(rng.randint(1, 9), 10)) for _ in range(widths[-1])]

    layers = [{"activation": act, "weights": [[tenth(rng, 16 if saturated and l == 1 else 1) for _ in range(widths[l - 1])]
                                              for _ in range(widths[l])],
               "biases": [tenth(rng) for _ in range(widths[l])]} for l, act in ((1, hidden), (2, output))]
    table = {"layers": widths, "loss": loss, "learning_rate": "0.5", "layer": layers, "steps": steps}
    xs = [[rng.choice([-1, 1, 2]), rng.choice([-2, 1])] for _ in range(samples)]
    if samples > 1:
        table.update(inputs=xs, targets=[target() for _ in xs])
    else:
        table.update(input=xs[0], target=target())
    return table


KINDS = [("sigmoid", "sigmoid", "half_sse"), ("tanh", "softmax", "cross_entropy"), ("softplus", "sigmoid", "bce"),
         ("tanh", "tanh", "half_sse"), ("softplus", "softmax", "cross_entropy"), ("sigmoid", "sigmoid", "bce")]
CASES = [(kind, saturated, samples, steps) for kind in KINDS for saturated, samples, steps in ((True, 2, 1), (False, 1, 2))]


def lost(table: dict, answers: dict) -> bool:
    """A value whose habit loses it whole, written as the exact 0 it then claims to be (ln(1 + e^z)
    with 1 + e^−10.5 rounded to 1.000: a = 0; −ln a with a = σ(13.35) rounded to 1.000: L = 0):
    such a student is not modelled (README: `0` claims an exact value)."""
    return "0" in answers.values() and any(v == "0" != SweepStudent(table, on_the_way=True).work().get(k) for k, v in answers.items())


@pytest.mark.parametrize("kind, saturated, samples, steps", CASES,
                         ids=[f"{'-'.join(k)}-{'saturated' if s else 'ordinary'}-{n}x{t}" for k, s, n, t in CASES])
def test_students_of_every_habit_are_right(kind, saturated, samples, steps):
    rng = random.Random(f"sweep33 {kind} {saturated} {samples} {steps}")
    table = network(rng, *kind, saturated, samples, steps)
    habits = list(every_habit())
    for _ in range(2):
        student = SweepStudent(table, habits=rng.choice(habits), fprime_from=rng.choice("az"),
                               on_the_way=rng.random() < 0.5, kept=rng.choice([None, 5, 6]))
        answers = student.work()
        if not lost(table, answers):
            assert not_right(statuses(table, answers)) == {}, (student.habits, student.fprime_from, student.kept)


def test_softplus_worked_as_ln_of_a_rounded_sum_is_right():
    """a = ln(1 + e^z) with e^z and 1 + e^z rounded to 4 digits: z = −2.4, e^z = 0.09072, 1.091,
    a = 0.08709 (softplus(−2.4) ≈ 0.08684) — marked WRONG before softplus was worked in steps."""
    table = {"layers": [2, 2, 1], "loss": "bce", "learning_rate": "0.5", "steps": 1, "input": [2, -2], "target": [0],
             "layer": [{"activation": "softplus", "weights": [["-3.6", "-2.1"], ["-1.8", "-2.1"]], "biases": ["0.6", "0.1"]},
                       {"activation": "sigmoid", "weights": [["-0.5", "0.6"]], "biases": ["0.6"]}]}
    answers = SweepStudent(table, habits=("exp", "sum")).work()
    assert (answers["z_0^1"], answers["a_0^1"]) == ("-2.400", "0.08709")
    assert not_right(statuses(table, answers)) == {}


class TwiceRounded(SweepStudent):
    """σ'(z) of one neuron from its written a rounded once more, up to the next number (0.9997 →
    0.9998), written down on the way."""

    def __init__(self, table, name: str):
        super().__init__(table, on_the_way=True)
        self.slipped = name

    def local(self, l, j, kind, z, a, suffix=""):
        name = f"local:da_{j}^{l}/dz_{j}^{l}{suffix}"
        if name != self.slipped:
            return super().local(l, j, kind, z, a, suffix)
        up = round_half_away(a, 4) + Fraction(1, 10 ** 4)  # a = 0.99…: its 4th digit is the 10^−4
        return self.write(name, up * (1 - up))


@pytest.mark.parametrize("z", ["8", "8.3", "8.5"])
def test_sigma_prime_from_a_rounded_twice_is_wrong_and_costs_the_delta_after_it(z):
    table = {"layers": [1, 2, 1], "loss": "half_sse", "learning_rate": "0.5", "steps": 1, "input": [1], "target": ["0.2"],
             "layer": [{"activation": "sigmoid", "weights": [[z], ["2.5"]], "biases": ["0", "-0.5"]},
                       {"activation": "sigmoid", "weights": [["0.9", "-1.4"]], "biases": ["0.3"]}]}
    name = "local:da_0^1/dz_0^1"
    right, slipped = SweepStudent(table, on_the_way=True).work(), TwiceRounded(table, name).work()
    assert abs(Fraction(slipped[name]) / Fraction(right[name]) - 1) > Fraction(1, 5)
    marks = statuses(table, slipped)
    assert not_right(marks) == {name: "wrong", "delta_0^1": "wrong"}  # (f'(z) earns no points: δ pays, stop 60)
    assert {marks[n] for n in ("dL/dw_00^1", "dL/db_0^1")} == {"carried"}


@pytest.mark.parametrize("kept", [5, 6])
def test_a_saturated_bce_loss_from_a_written_one_kept_to_more_digits_is_right(kept):
    """Found by soaking this sweep: at y = 1 and σ(11.35) = 0.9999882, a student writes a = 1.000 and
    works L = −ln a on with a kept to 5 or 6 digits (0.99999: 1.000·10^−5; 0.999988: 1.200·10^−5).
    Both were wrong: a written 1.000 stood for [0.9995, 1.0005], where the taught formula's
    (1 − y)·ln(1 − a) = 0·ln(1 − a) is undefined and made every value of L undefined."""
    import math

    table = {"layers": [1, 1], "activation": "sigmoid", "loss": "bce", "learning_rate": "0.5", "input": [1],
             "target": [1], "layer": [{"weights": [["11.35"]], "biases": [0]}]}
    a = 1 / (1 + math.exp(-11.35))
    assert f"{a:.4f}" == "1.0000" and f"{a:.{kept}f}" != f"{1:.{kept}f}"
    loss = -math.log(round(a, kept))
    written = f"{loss:.3e}"  # 1.000e-05 or 1.200e-05: four significant digits
    marks = statuses(table, {"a_0^1": "1.000", "L": written})
    assert (marks["a_0^1"], marks["L"]) == ("correct", "correct"), written


def test_a_saturated_bce_delta_from_a_written_one_kept_to_more_digits_is_right():
    """Found by soaking this sweep (seed 401685): y = 1, σ(13.6) = 0.99999876, a written 1.000 and
    δ = a − y, as the worked solution writes it for σ with bce, from a kept to 6 digits (0.999999):
    −1.000·10^−6 was wrong — the derivation's form −(a − y)/(a(a − 1))·a(1 − a) divides by 0 where
    a written 1.000 may be 1 (README: it stands for [0.9995, 1]); the cancelled form does not."""
    import math

    table = {"layers": [1, 1], "activation": "sigmoid", "loss": "bce", "learning_rate": "0.5", "input": [1],
             "target": [1], "layer": [{"weights": [["13.6"]], "biases": [0]}]}
    a = 1 / (1 + math.exp(-13.6))
    kept = float(f"{a:.6g}")  # 0.999999
    assert f"{a:.4f}" == "1.0000" and kept < 1
    written = f"{kept - 1:.3e}"  # δ = a − y from the kept a: −1.000e-06
    marks = statuses(table, {"a_0^1": "1.000", "delta_0^1": written})
    assert (marks["a_0^1"], marks["delta_0^1"]) == ("correct", "correct"), written


@pytest.mark.parametrize("name, written", [("L", "-3.998e-4"), ("delta_0^1", "4.000e-4"), ("delta_0^1", "1.000e-6")])
def test_a_wrong_sign_beside_a_saturated_sigmoid_is_wrong(name, written):
    """Found by review: a written σ = 1.000 stood for [0.9995, 1.0005], and the part above 1 — no σ's
    value — made a negative loss −ln(1.0004) and a positive δ = a − y reachable: marked right.  An
    output of σ stands for values in [0, 1] only.  The true loss and δ (computed here in floats)
    stay right."""
    import math

    table = {"layers": [1, 1], "activation": "sigmoid", "loss": "bce", "learning_rate": "0.5", "input": [1],
             "target": [1], "layer": [{"weights": [["11.35"]], "biases": [0]}]}
    a = 1 / (1 + math.exp(-11.35))
    assert statuses(table, {"a_0^1": "1.000", name: written})[name] == "wrong"
    true = {"L": -math.log(a), "delta_0^1": a - 1}[name]
    assert statuses(table, {"a_0^1": "1.000", name: f"{true:.3e}"})[name] == "correct"


def test_a_saturated_softmax_bce_delta_from_a_written_one_kept_to_more_digits_is_right():
    """Found by review: softmax with bce, y = (1, 0), a_0 = 0.99999386 written 1.000 and kept to 6 digits:
    δ_0 = −(1 − a_0)/2 − a_1·a_0/(2(1 − a_1)) (worked here in floats) was wrong — the derivation's
    (1 − y_0)/(2(1 − a_0)) is 0/0 where a written 1.000 may be 1; 0 over values not all 0 is 0."""
    import math

    table = {"layers": [1, 2], "activation": "softmax", "loss": "bce", "learning_rate": "0.5", "input": [1],
             "target": [1, 0], "layer": [{"weights": [[6], [-6]], "biases": [0, 0]}]}
    a0 = 1 / (1 + math.exp(-12))
    kept, a1 = round(a0, 6), float(f"{1 - a0:.3e}")
    assert f"{a0:.4f}" == "1.0000" and kept < 1
    delta = -(1 - kept) / 2 - a1 * kept / (2 * (1 - a1))
    marks = statuses(table, {"a_0^1": "1.000", "a_1^1": f"{a1:.3e}", "delta_0^1": f"{delta:.3e}"})
    assert (marks["a_0^1"], marks["a_1^1"], marks["delta_0^1"]) == ("correct", "correct", "correct"), delta
