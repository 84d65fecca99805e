"""A slip of the pen (a digit miscopied) is named only for a number more than two units of its last
digit beyond every value rounding on the way reaches — not beyond one particular chain (fix29).

The reviewer's tanh/sigmoid network (rv29 tanhmse, variant 1); the numbers before δ_1^2 are those
their independent Decimal student wrote (5 digits kept, 4 written).  By hand: a_1^2 = 0.5128 may be
0.51285 in the calculator; (0.51285 − 0.9)·0.2498 = −0.0967101, with 0.2498 = 0.51285·0.48715
(= 0.249835…) rounded to 4 digits.  So −0.09670 is 0.9 units of its last digit beyond a value a
careful student reaches: wrong, but no miscopied digit — while it is 3.7 units from
(0.5128 − 0.9)·0.5128·(1 − 0.5128) = −0.0967366, the value from the numbers as written.
"""

from __future__ import annotations

from symbp.agreement import Rule
from symbp.check import answers_from_table
from symbp.evaluate import solve
from symbp.marking import mark
from symbp.spec import spec_from_dict

TANH_SIGMOID = {
    "layers": [2, 3, 2], "loss": "mse", "learning_rate": "0.2", "input": [-1, -1], "target": ["0.7", "0.9"],
    "layer": [{"activation": "tanh", "weights": [["-0.6", "0.2"], ["1", "0.6"], ["0.7", "-0.7"]],
               "biases": ["-0.7", "0.7", "-0.6"]},
              {"activation": "sigmoid", "weights": [["-0.9", "0.8", "0.1"], ["-0.8", "-0.7", "0.9"]],
               "biases": ["0", "-0.2"]}],
}
WRITTEN = {"z_0^1": "-0.3000", "z_1^1": "-0.9000", "z_2^1": "-0.6000", "a_0^1": "-0.2913", "a_1^1": "-0.7163",
           "a_2^1": "-0.5371", "z_0^2": "-0.3646", "z_1^2": "0.05111", "a_0^2": "0.4099", "a_1^2": "0.5128"}


def delta_mark(delta: str):
    solution = solve(spec_from_dict(TANH_SIGMOID))
    answers = answers_from_table({**WRITTEN, "delta_1^2": delta}, solution.derivation)
    return mark(solution, answers, Rule(digits=4)).marks["delta_1^2"]


def test_the_value_of_a_student_who_keeps_more_digits_is_right():
    assert delta_mark("-0.09675").status == "correct"  # the reviewer's student: a = 0.51277 kept


def test_a_number_within_two_units_of_the_reach_is_wrong_but_no_slip_of_the_pen():
    m = delta_mark("-0.09670")
    assert m.status == "wrong"
    assert m.diagnosis is None or m.diagnosis.key not in ("digit_miscopied", "digits_transposed")


def test_a_digit_miscopied_far_beyond_the_reach_is_still_named():
    m = delta_mark("-0.09634")  # −0.09674 with its 7 miscopied as 3: 40 units off
    assert m.status == "wrong"
    assert m.diagnosis is not None and m.diagnosis.key == "digit_miscopied"
