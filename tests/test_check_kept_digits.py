"""`symbp check` and the student who writes the sheet's 4 digits but keeps 5 or 6 in the calculator
(fix29): a written number used further on stands for any value that rounds to it, so δ worked from
a = 0.51277 while 0.5128 is written is right.  One planted error is still the only wrong value.

The students are habit_student.py's (exact Fractions, written independently of symbp's engine).
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from habit_student import HabitStudent
from test_check_rounding_habits import KINDS, NETWORKS, not_right, random_table, statuses

MORE = [random_table(random.Random(seed), hidden, output)
        for seed, (hidden, output) in zip((2901, 2902, 2903), [("tanh", "tanh"), ("sigmoid", "sigmoid"), ("tanh", "softmax")])]
TABLES = NETWORKS + MORE
IDS = [f"{h}-{o}" for h, o in KINDS] + ["tanh-tanh", "sigmoid-sigmoid", "tanh-softmax"]
HABIT_SETS = [(), ("exp", "sum", "product", "fprime", "running"), ("fprime",), ("shift", "exp", "tanh_exp")]


@pytest.mark.parametrize("table", TABLES, ids=IDS)
def test_writing_4_digits_and_keeping_5_or_6_is_right(table):
    rng = random.Random("kept29" + str(table))
    for kept in (5, 6):
        for habits in HABIT_SETS:
            fprime_from, on_the_way = rng.choice("az"), rng.random() < 0.3
            student = HabitStudent(table, habits=habits, fprime_from=fprime_from, on_the_way=on_the_way, kept=kept)
            assert not_right(statuses(table, student.work())) == {}, (kept, habits, fprime_from, on_the_way)


@pytest.mark.parametrize("table", TABLES, ids=IDS)
def test_keeping_more_digits_one_planted_error_is_the_only_wrong_value(table):
    rng = random.Random("kept29plant" + str(table))
    exact = HabitStudent(table).work()
    names = [n for n in exact if n.split("_")[0] in ("z", "a", "delta") and n[-1] in "12"
             and abs(Fraction(exact[n])) > Fraction(1, 20)]
    for kept in (5, 6):
        name, factor = rng.choice(names), rng.choice([Fraction(102, 100), Fraction(98, 100), Fraction(-1)])
        student = HabitStudent(table, habits=rng.choice(HABIT_SETS), kept=kept, plant=(name, factor))
        assert not_right(statuses(table, student.work())) == {name: "wrong"}, (kept, name, factor)
