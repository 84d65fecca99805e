"""`symbp check` never calls a right answer wrong, however a careful student rounds on the way.

The students (habit_student.py: exact Fractions, rounding half away from zero) round every written
value to the sheet's 4 digits and, by habit, each e^z, Σ, product or f'(z) too, or not; f'(z) from
a or from z.  Every one of them must be marked right; one planted error (a value 4% off) must be
the only wrong value, with what follows from it carried.  The reviewer's three cases (rev28) are
worked by the student here, not copied from symbp's output.
"""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import combinations

import pytest

from habit_student import HABITS, HabitStudent
from symbp.agreement import Rule
from symbp.calculator_chain import calculator_chain
from symbp.check import answers_from_table
from symbp.evaluate import solve
from symbp.marking import mark
from symbp.spec import spec_from_dict

# softmax CE 3-4-3 (the reviewer's ws4v3.toml)
SOFTMAX_343 = {
    "layers": [3, 4, 3], "loss": "cross_entropy", "learning_rate": "0.5", "input": [2, -1, 2], "target": [0, 1, 0],
    "layer": [
        {"activation": "tanh", "weights": [["0.5", "0.1", "-0.9"], ["-0.5", "-0.8", "0.6"], ["0.1", "0.3", "-0.7"],
                                           ["-0.5", "-1", "-0.8"]], "biases": ["-0.4", "0.3", "0.4", "0.8"]},
        {"activation": "softmax", "weights": [["-0.7", "-1", "0.9", "1"], ["0.2", "0.4", "-0.9", "0.3"],
                                              ["-0.5", "-1", "0.5", "0.2"]], "biases": ["-0.2", "0.2", "-0.8"]},
    ],
}


def statuses(table: dict, answers: dict[str, str], rule: Rule | None = None, sheet_digits: int | None = None) -> dict:
    """{name: status} of `check` marking these written values (`sheet_digits`: the key's digits)."""
    solution = solve(spec_from_dict(table))
    rule = rule or Rule(digits=4)
    printed = calculator_chain(solution, sheet_digits) if sheet_digits else None
    marking = mark(solution, answers_from_table(answers, solution.derivation), rule, printed=printed)
    return {m.name: m.status for m in marking.marks.values()}


def not_right(marks: dict) -> dict:
    return {name: status for name, status in marks.items() if status not in ("correct", "carried", "missing")}


# ---- the reviewer's cases ------------------------------------------------------------------------
def test_softmax_with_e_z_and_its_sum_rounded_as_the_sheet_says_is_right():
    """Defect 1: e^z rounded to 4 digits, Σ of them, a_0^2 = 0.1583 / 2.7737."""
    student = HabitStudent(SOFTMAX_343, habits=("exp",))
    answers = student.work()
    assert (answers["z_0^2"], answers["z_1^2"], answers["z_2^2"]) == ("-1.843", "0.8936", "-1.764")
    assert answers["a_0^2"] == "0.05707"  # 0.1583 / 2.7737 = 0.057072…, while softmax(z) ≈ 0.057089
    assert not_right(statuses(SOFTMAX_343, answers)) == {}


def test_softmax_with_e_z_and_sigma_rounded_is_right():
    answers = HabitStudent(SOFTMAX_343, habits=("exp", "sum")).work()
    assert not_right(statuses(SOFTMAX_343, answers)) == {}


def test_a_rounded_sum_w_delta_written_down_is_used_and_a_planted_error_is_wrong_once():
    """Defect 2: a planted z, Σ_j w·δ and f'(z) rounded and written: only the planted value is wrong."""
    student = HabitStudent(SOFTMAX_343, habits=("exp", "sum", "fprime"), on_the_way=True, plant=("z_1^2", Fraction(1, 2)))
    answers = student.work()
    marks = statuses(SOFTMAX_343, answers)
    assert not_right(marks) == {"z_1^2": "wrong"}
    assert marks["delta_0^1"] == "carried"


def test_each_product_rounded_inside_the_sum_but_not_the_sum_is_right():
    student = HabitStudent(SOFTMAX_343, habits=("product",), plant=("z_1^2", Fraction(1, 2)))
    assert not_right(statuses(SOFTMAX_343, student.work())) == {"z_1^2": "wrong"}


def test_fewer_digits_in_the_rule_never_turns_a_right_answer_wrong():
    """Defect 3: f'(z) rounded to the sheet's 4 digits; marked with --digits 3 against a 4-digit key."""
    answers = HabitStudent(SOFTMAX_343, habits=("fprime", "sum")).work()
    assert not_right(statuses(SOFTMAX_343, answers, sheet_digits=4)) == {}
    assert not_right(statuses(SOFTMAX_343, answers, Rule(digits=3), sheet_digits=4)) == {}


def test_a_value_far_off_is_still_wrong():
    answers = HabitStudent(SOFTMAX_343, habits=("exp", "sum"), plant=("a_0^2", Fraction(102, 100))).work()
    assert answers["a_0^2"] == "0.05821"  # 114 units of its last digit off; δ_0^2 and what follows carried
    assert not_right(statuses(SOFTMAX_343, answers)) == {"a_0^2": "wrong"}


# ---- random networks, students of every habit ------------------------------------------------------
KINDS = [("sigmoid", "sigmoid"), ("tanh", "softmax"), ("relu", "tanh"), ("sigmoid", "softmax")]


def tenth(rng: random.Random) -> str:
    return str(Fraction(rng.choice([k for k in range(-10, 11) if k]), 10))


def random_table(rng: random.Random, hidden: str, output: str) -> dict:
    widths = [2, 3, 3, 2 if output != "softmax" else 3]
    layers = []
    for l in range(1, 4):
        act = hidden if l < 3 else output
        layers.append({"activation": act,
                       "weights": [[tenth(rng) for _ in range(widths[l - 1])] for _ in range(widths[l])],
                       "biases": [tenth(rng) for _ in range(widths[l])]})
    if output == "softmax":
        target = [0, 1, 0]
        loss = "cross_entropy"
    else:
        target = [str(Fraction(rng.randint(1, 9), 10)) for _ in range(widths[-1])]
        loss = "half_sse"
    return {"layers": widths, "loss": loss, "learning_rate": "0.5", "input": [rng.choice([-1, 1, 2]), rng.choice([-2, 1])],
            "target": target, "layer": layers}


def every_habit():
    for n in range(len(HABITS) + 1):
        for habits in combinations(HABITS, n):
            yield habits


def networks():
    rng = random.Random(2811)
    found = []
    for hidden, output in KINDS:
        while True:
            table = random_table(rng, hidden, output)
            exact = HabitStudent(table).work()
            # a relu at 0 has no f'; a network whose values are all tiny tests nothing
            if all(Fraction(exact[f"z_{j}^{l}"]) != 0 for l in (1, 2) for j in range(3)):
                found.append(table)
                break
    return found


NETWORKS = networks()


@pytest.mark.parametrize("table", NETWORKS, ids=[f"{h}-{o}" for h, o in KINDS])
def test_students_of_every_rounding_habit_are_right(table):
    rng = random.Random(str(table))
    habits = list(every_habit())
    for habit in [(), HABITS] + rng.sample(habits[1:-1], 4):
        for fprime_from in ("a", "z"):
            student = HabitStudent(table, habits=habit, fprime_from=fprime_from, on_the_way=rng.random() < 0.3)
            answers = student.work()
            assert not_right(statuses(table, answers)) == {}, (habit, fprime_from, student.on_the_way)


@pytest.mark.parametrize("table", NETWORKS, ids=[f"{h}-{o}" for h, o in KINDS])
def test_one_planted_error_is_the_only_wrong_value_and_what_follows_is_carried(table):
    rng = random.Random("plant" + str(table))
    exact = HabitStudent(table).work()
    names = [n for n in exact if n.split("_")[0] in ("z", "a", "delta") and n[-1] in "12" and abs(Fraction(exact[n])) > 0.05]
    name = rng.choice(names)
    habit = rng.choice(list(every_habit()))
    student = HabitStudent(table, habits=habit, plant=(name, Fraction(104, 100)))
    answers = student.work()
    marks = statuses(table, answers)
    assert not_right(marks) == {name: "wrong"}, (name, habit)
    moved = [n for n in answers if n != name and answers[n] != HabitStudent(table, habits=habit).work()[n]]
    assert all(marks[n] == "carried" for n in moved if marks[n] != "correct")
    assert not moved or any(marks[n] == "carried" for n in moved), (name, habit)  # a relu at z < 0 moves nothing
