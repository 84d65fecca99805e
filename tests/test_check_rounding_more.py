"""`symbp check` and the rounding habits added in trust29: digits kept beyond the sheet's, a running
sum rounded after each addition, softmax with the largest z subtracted first, tanh from e^{2z}; and
a planted error a few units of the last digit beyond every habit's reach in a wide first layer.

The students are habit_student.py's (exact Fractions, written independently of symbp's engine);
the reach of the habits in a sum is bounded here, by interval arithmetic written in this test.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from habit_student import HabitStudent, round_half_away, text
from symbp.agreement import Rule
from test_check_rounding_habits import KINDS, NETWORKS, not_right, statuses

IDS = [f"{h}-{o}" for h, o in KINDS]


@pytest.mark.parametrize("table", NETWORKS, ids=IDS)
@pytest.mark.parametrize("kept", [5, 6])
def test_a_student_who_keeps_more_digits_than_the_sheet_asks_is_right(table, kept):
    """Every value worked out and written with 5 or 6 digits, on a 4-digit sheet."""
    rng = random.Random(f"kept{kept}{table}")
    for habits in [("exp", "sum", "product", "fprime", "running"), ("product", "running"), ("exp", "fprime")]:
        fprime_from = rng.choice("az")
        answers = HabitStudent(table, habits=habits, fprime_from=fprime_from, digits=kept).work()
        assert not_right(statuses(table, answers, Rule(digits=4))) == {}, (habits, fprime_from)


NEW_HABITS = [("running",), ("running", "product"), ("shift", "exp"), ("shift", "exp", "sum", "running"),
              ("tanh_exp", "exp"), ("tanh_exp", "exp", "fprime", "running", "product")]


@pytest.mark.parametrize("table", NETWORKS, ids=IDS)
def test_running_sums_a_shifted_softmax_and_tanh_from_e_2z_are_right(table):
    for habits in NEW_HABITS:
        for fprime_from in ("a", "z"):
            student = HabitStudent(table, habits=habits, fprime_from=fprime_from)
            assert not_right(statuses(table, student.work())) == {}, (habits, fprime_from)


@pytest.mark.parametrize("table", NETWORKS, ids=IDS)
def test_with_the_new_habits_one_planted_error_is_the_only_wrong_value(table):
    rng = random.Random("plant29" + str(table))
    exact = HabitStudent(table).work()
    names = [n for n in exact if n.split("_")[0] in ("z", "a", "delta") and n[-1] in "12" and abs(Fraction(exact[n])) > 0.05]
    for habits in rng.sample(NEW_HABITS, 2):
        name = rng.choice(names)
        answers = HabitStudent(table, habits=habits, plant=(name, Fraction(103, 100))).work()
        assert not_right(statuses(table, answers)) == {name: "wrong"}, (name, habits)


# ---- a wide first layer: 10 inputs of 4 digits ---------------------------------------------------------
def wide_table(rng: random.Random) -> dict:
    """10-3-2; each z of the first layer small beside its products (their rounding matters)."""
    hundredth = lambda: str(Fraction(rng.choice([k for k in range(-99, 100) if abs(k) > 29]), 100))  # noqa: E731
    inputs = [Fraction(rng.randint(5000, 9999), 10000) * rng.choice([-1, 1]) for _ in range(10)]
    rows = []
    while len(rows) < 3:
        row = [hundredth() for _ in range(10)]
        if abs(sum(Fraction(w) * x for w, x in zip(row, inputs))) < Fraction(1, 10):
            rows.append(row)
    return {"layers": [10, 3, 2], "loss": "half_sse", "learning_rate": "0.5", "input": [str(x) for x in inputs],
            "target": ["0.2", "0.7"],
            "layer": [{"activation": "sigmoid", "weights": rows, "biases": ["0", "0", "0"]},
                      {"activation": "tanh", "weights": [[hundredth() for _ in range(3)] for _ in range(2)],
                       "biases": [hundredth() for _ in range(2)]}]}


WIDE = [wide_table(random.Random(seed)) for seed in (291, 292)]
KEPT = (4, 5, 6)  # the sheet's digits and the two more a careful student may keep


def reach(terms: list) -> tuple:
    """(lowest, highest) a running sum of these exact terms can come out as, each term and each
    partial sum rounded to 4, 5 or 6 digits or not, or to more (half a unit of the 7th digit)."""
    def widened(low, high):
        ends = [low, high] + [round_half_away(v, d) for v in (low, high) for d in KEPT]
        slack = Fraction(1, 2) * max(abs(low), abs(high)) / 10 ** 6  # beyond 6 digits: under half a unit of the 7th
        return min(ends) - slack, max(ends) + slack

    low, high = widened(terms[0], terms[0])
    for i, term in enumerate(terms[1:], start=2):
        t_low, t_high = widened(term, term) if i < len(terms) else (term, term)  # the bias is added as it is
        low, high = low + t_low, high + t_high
        if i < len(terms):
            low, high = widened(low, high)
    return low, high


@pytest.mark.parametrize("table", WIDE, ids=["wide-a", "wide-b"])
def test_a_wide_first_layer_every_habit_right_an_error_of_a_few_units_beyond_them_wrong(table):
    for habits in [(), ("product",), ("product", "running"), ("running", "exp", "sum", "fprime"), ("product", "fprime")]:
        for digits in (4, 5):
            answers = HabitStudent(table, habits=habits, digits=digits).work()
            assert not_right(statuses(table, answers, Rule(digits=4))) == {}, (habits, digits)
    weights, biases = table["layer"][0]["weights"], table["layer"][0]["biases"]
    xs = [Fraction(x) for x in table["input"]]
    for j in range(3):
        terms = [Fraction(w) * x for w, x in zip(weights[j], xs)] + [Fraction(biases[j])]
        low, high = reach(terms)
        unit = Fraction(1, 10 ** 4) * 10 ** len(str(int(abs(high))))  # of the 4th significant digit of z (|z| < 10)
        unit = unit / 10 if abs(high) < unit * 1000 else unit
        planted = round_half_away(high + Fraction(5, 2) * unit, 4)  # 2 to 3 units beyond the most any habit gives
        assert 2 * unit <= planted - high <= 3 * unit
        answers = HabitStudent(table, habits=("product", "running")).work()
        answers[f"z_{j}^1"] = text(planted, 4)
        marks = statuses(table, answers, Rule(digits=4))
        assert marks[f"z_{j}^1"] == "wrong", (j, text(planted, 4), float(low), float(high))
