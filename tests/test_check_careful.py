"""`symbp check` never marks a careful student wrong (issue 8, point 5).

The careful student (careful_student.py) works every quantity of the answers template in plain
Decimal arithmetic, independently of symbp's engine, rounds each written value to 4 significant
digits and carries it on, using σ' = a(1 − a), tanh' = 1 − a² and δ = a − y for softmax with
cross-entropy.  `check` must mark all of it correct, on 100 random sigmoid/tanh/softmax networks;
the same student with one planted slip must have exactly that value wrong, and the rest correct or
carried.
"""

from __future__ import annotations

import random
import tomllib
from decimal import Decimal

import pytest

from careful_student import CarefulStudent, as_text, written
from helpers import REPO
from symbp.agreement import Rule
from symbp.check import answers_from_table
from symbp.evaluate import solve
from symbp.marking import mark
from symbp.render.answers_template import render_answers_template
from symbp.spec import spec_from_dict

VARIANTS = 100
# (hidden activation, output activation, loss, outputs)
KINDS = [
    ("sigmoid", "sigmoid", "half_sse", 1),
    ("sigmoid", "sigmoid", "half_sse", 2),
    ("tanh", "tanh", "half_sse", 1),
    ("tanh", "tanh", "mse", 2),
    ("tanh", "softmax", "cross_entropy", 3),
    ("sigmoid", "softmax", "cross_entropy", 2),
    ("tanh", "sigmoid", "bce", 1),
]


def one_decimal(rng: random.Random, low: int, high: int, nonzero: bool = False) -> str:
    while True:
        k = rng.randint(low, high)
        if k or not nonzero:
            return str(Decimal(k) / 10)


def random_table(rng: random.Random) -> dict:
    """A spec table: 2 inputs, 2 or 3 hidden neurons, weights and biases on a 0.1 grid."""
    hidden, output, loss, outputs = rng.choice(KINDS)
    widths = [2, rng.choice([2, 3]), outputs]
    if output == "softmax":
        hot = rng.randrange(outputs)
        target = [int(j == hot) for j in range(outputs)]
    elif output == "tanh":
        target = [one_decimal(rng, -9, 9) for _ in range(outputs)]
    else:
        target = [one_decimal(rng, 0, 10) for _ in range(outputs)]
    layers = []
    for l, act in ((1, hidden), (2, output)):
        layers.append({
            "activation": act,
            "weights": [[one_decimal(rng, -10, 10, True) for _ in range(widths[l - 1])] for _ in range(widths[l])],
            "biases": [one_decimal(rng, -10, 10) for _ in range(widths[l])],
        })
    return {"layers": widths, "loss": loss, "learning_rate": rng.choice(["0.1", "0.5", "1"]),
            "input": [rng.choice([-2, -1, 1, 2]) for _ in range(2)], "target": target, "layer": layers}


def template_names(solution) -> list[str]:
    """Every quantity of the blank answers file `symbp derive --format answers-template` prints."""
    table = tomllib.loads(render_answers_template(solution))
    return [name for name in table if name not in ("student", "variant", "sheet-id")]


def check_marks(table: dict, answers: dict[str, Decimal], rule: Rule | None = None) -> dict:
    """{name: (status, diagnosis key)} of `check` marking these written values."""
    spec = spec_from_dict(table)
    solution = solve(spec)
    raw = {name: as_text(value) for name, value in answers.items()}
    marking = mark(solution, answers_from_table(raw, solution.derivation), rule or Rule(digits=4))
    return {m.name: (m.status, m.diagnosis.key if m.diagnosis else None) for m in marking.marks.values()}


@pytest.fixture(scope="module")
def variants():
    rng = random.Random(20260308)
    return [random_table(rng) for _ in range(VARIANTS)]


def test_the_careful_student_writes_every_quantity_of_the_template(variants):
    for table in variants[:10]:
        answers = CarefulStudent(table).work()
        assert sorted(answers) == sorted(template_names(solve(spec_from_dict(table))))


def test_the_careful_student_is_correct_everywhere(variants):
    kinds = set()
    for number, table in enumerate(variants):
        kinds.add((table["layer"][0]["activation"], table["layer"][1]["activation"], table["loss"], table["layers"][-1]))
        answers = CarefulStudent(table).work()
        marks = check_marks(table, answers)
        not_correct = {name: mark for name, mark in marks.items() if mark[0] != "correct"}
        assert not not_correct, (number, table, {n: as_text(answers[n]) for n in not_correct}, not_correct)
    assert len(kinds) == len(KINDS)  # every kind of network was drawn


def test_the_careful_student_rounding_f_prime_as_the_worked_solution_shows_it_is_correct(variants):
    for number, table in enumerate(variants[:50]):
        answers = CarefulStudent(table, round_derivatives=True).work()
        marks = check_marks(table, answers)
        not_correct = {name: mark for name, mark in marks.items() if mark[0] != "correct"}
        assert not not_correct, (number, table, {n: as_text(answers[n]) for n in not_correct}, not_correct)


# ---- one planted slip -----------------------------------------------------------------------------
def bias_left_out(context):
    return written(sum(context["terms"], Decimal(0)), context["digits"])


def update_with_plus(context):
    return written(context["parameter"] + context["alpha"] * context["gradient"], context["digits"])


def learning_rate_forgotten(context):
    return written(context["parameter"] - context["gradient"], context["digits"])


def sign_flipped(context):
    return -context["value"]


def digits_transposed(context):
    """The first two different neighbouring significant digits swapped (0.5933 -> 0.9533)."""
    text = as_text(context["value"])
    positions = [i for i, ch in enumerate(text) if ch.isdigit() and (text[:i].strip("-0.") or ch != "0")]
    for a, b in zip(positions, positions[1:]):
        if text[a] != text[b]:
            chars = list(text)
            chars[a], chars[b] = chars[b], chars[a]
            return Decimal("".join(chars))
    return context["value"]


# (slip, which quantity it hits, the diagnosis check gives it)
SLIPS = [
    (bias_left_out, "z_1^1", "bias_left_out"),
    (update_with_plus, "w_10^2@2", "update_with_plus"),
    (learning_rate_forgotten, "b_0^1@2", "learning_rate_forgotten"),
    (sign_flipped, "dL/dw_01^1", "sign_flipped"),
    (sign_flipped, "delta_0^2", "sign_flipped"),
    (digits_transposed, "a_0^1", "digits_transposed"),
]
SLIP_VARIANTS = 12


def planted(slip, target):
    def plant(name, value, context):
        return slip(dict(context, value=value)) if name == target else value

    return plant


@pytest.mark.parametrize("slip, target, diagnosis", SLIPS, ids=[f"{s[0].__name__}-{s[1]}" for s in SLIPS])
def test_one_planted_slip_is_the_only_wrong_value(variants, slip, target, diagnosis):
    tried = 0
    for table in variants:
        if tried == SLIP_VARIANTS:
            break
        careful = CarefulStudent(table).work()
        answers = CarefulStudent(table, slip=planted(slip, target)).work()
        if target not in answers or abs(answers[target] - careful[target]) < 10 * _unit(careful[target]):
            continue  # the slip changes nothing here (a zero bias, gradient or value): not a slip
        tried += 1
        marks = check_marks(table, answers)
        assert marks[target] == ("wrong", diagnosis), (table, as_text(careful[target]), as_text(answers[target]))
        others = {name: m[0] for name, m in marks.items() if name != target and m[0] not in ("correct", "carried")}
        assert not others, (table, others)
        changed = [name for name in answers if answers[name] != careful[name] and name != target]
        assert all(marks[name][0] == "carried" for name in changed if marks[name][0] != "correct")
    assert tried == SLIP_VARIANTS


def _unit(value: Decimal) -> Decimal:
    return Decimal(1).scaleb(value.as_tuple().exponent) if value else Decimal("1e-4")


# ---- Mazur's network, rounded and carried --------------------------------------------------------
def mazur_table() -> dict:
    spec = tomllib.loads((REPO / "examples" / "mazur.toml").read_text(encoding="utf-8"))
    for layer in spec["layer"]:
        layer.setdefault("activation", spec["activation"])
    return spec


def test_mazur_rounded_to_4_digits_and_carried_is_correct():
    answers = CarefulStudent(mazur_table()).work()
    # by hand: (0.7729 − 0.99)·0.7729·(1 − 0.7729) = −0.0381066… ≈ −0.03811
    assert answers["a_1^2"] == Decimal("0.7729")
    assert as_text(answers["delta_1^2"]) == "-0.03811"
    marks = check_marks(mazur_table(), answers)
    assert marks["delta_1^2"] == ("correct", None)
    assert all(status == "correct" for status, _ in marks.values()), {n: m for n, m in marks.items() if m[0] != "correct"}


# ---- what the worked solution's calculator mode writes ---------------------------------------------
@pytest.mark.parametrize("example", ["nn231", "batch3", "steps3", "softmax3", "mazur", "nobias"])
@pytest.mark.parametrize("digits", [3, 4])
def test_the_calculator_modes_numbers_are_correct(example, digits):
    """`derive --round-intermediate` rounds every shown value (and f'(z) through a) and carries
    it, as the sheet tells students to: an answer with exactly its numbers is all correct."""
    from symbp.resources import example_path
    from symbp.spec import load_spec

    spec = load_spec(example_path(example))
    calculator = solve(spec, round_to=digits).values
    raw = {name: as_text(written(_decimal(value), digits)) for name, value in calculator.items()}
    marking = mark(solve(spec), answers_from_table(raw, solve(spec).derivation), Rule(digits=digits))
    assert {m.status for m in marking.marks.values()} == {"correct"}


def _decimal(value) -> Decimal:
    """A Fraction or an mpmath number as a 40-digit Decimal."""
    import mpmath

    if hasattr(value, "numerator"):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(mpmath.nstr(value, 40, min_fixed=-1000, max_fixed=1000))


def test_no_slip_is_invented_for_a_rounding_difference():
    table = mazur_table()
    careful = CarefulStudent(table).work()
    for text, expected in (("-0.03810", ("correct", None)),  # the true −0.0380982 rounded
                           # a = 0.7729 may be 0.77285 in the calculator (fix29): a − y = −0.2172 and
                           # 1 − a = 0.2272 rounded, a(1 − a) = 0.77285·0.2272 = 0.17559 → 0.1756, and
                           # −0.2172·0.1756 = −0.038140: right, though 1.3 units from −0.0381066
                           ("-0.03812", ("correct", None)),
                           ("-0.03814", ("correct", None)),
                           ("-0.03815", ("wrong", None)),  # 1 unit beyond that reach: no digit slip
                           ("-0.03841", ("wrong", "digit_miscopied"))):  # 30 units: the 1 became a 4
        marks = check_marks(table, dict(careful, **{"delta_1^2": Decimal(text)}))
        assert marks["delta_1^2"] == expected, text


def test_an_exact_zero_of_a_high_precision_network_is_written_0():
    # z_0^1 = 0.4·0.5 + 0.3·(−1) + 0.1 = 0 exactly, in a tanh network computed at 50 digits
    table = {"layers": [2, 1, 2], "loss": "cross_entropy", "learning_rate": "0.5", "input": ["0.5", "-1"],
             "target": [0, 1],
             "layer": [{"activation": "tanh", "weights": [["0.4", "0.3"]], "biases": ["0.1"]},
                       {"activation": "softmax", "weights": [["0.5"], ["-0.5"]], "biases": ["0.1", "0.2"]}]}
    answers = CarefulStudent(table).work()
    assert answers["z_0^1"] == 0 and answers["a_0^1"] == 0 and as_text(answers["z_0^1"]) == "0"
    marks = check_marks(table, answers)
    assert {status for status, _ in marks.values()} == {"correct"}, marks
