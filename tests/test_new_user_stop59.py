"""The README-only new user of stop 59 (a 2-3-2 momentum exam).  A gradient copied with its decimal point
one place over is the one wrong value, its slip named, and the values after it (worked from the right
number) stay correct — also when the slipped number is written with trailing zeros to 12 digits
("0.0538800000000") or pasted as a float printed in full ("0.053880000000000004").  Pen slips were not
tried on numbers of more than 8 significant digits, trailing zeros counted: the slip went unnamed and
the next value, right, was WRONG as "the decimal point in the wrong place"."""
from __future__ import annotations

import json
import random
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest

from careful_student import CarefulStudent, as_text, written
from helpers import cli_runner
from symbp.agreement import Rule
from symbp.check import answers_from_table
from symbp.cli import main
from symbp.evaluate import solve
from symbp.marking import mark
from symbp.spec import spec_from_dict
from test_check_careful import mazur_table, random_table


def _forms(value: Decimal) -> dict:
    """The value with its decimal point one place over, as typed in three ways."""
    moved = value * 10
    text = as_text(moved)
    digits = len(text.lstrip("-0.").replace(".", ""))
    return {"short": text, "zeros": text + "0" * (12 - digits), "float": repr(float(moved) + abs(float(moved)) * 1e-16)}


def _marks(table, texts):
    solution = solve(spec_from_dict(table))
    marking = mark(solution, answers_from_table(texts, solution.derivation), Rule(digits=4))
    return {m.name: (m.status, m.diagnosis.key if m.diagnosis else None) for m in marking.marks.values()}


TABLES = [("mazur", mazur_table())] + [(f"random{i}", random_table(random.Random(5900 + i))) for i in range(3)]


@pytest.mark.parametrize("label,table", TABLES, ids=[label for label, _ in TABLES])
@pytest.mark.parametrize("form", ["short", "zeros", "float"])
def test_a_moved_point_in_a_long_number_is_the_one_slip(label, table, form):
    answers = CarefulStudent(table, digits=4).work()
    texts = {name: as_text(value) for name, value in answers.items()}
    right = {name for name, (status, _) in _marks(table, texts).items() if status == "correct"}
    assert right == set(texts), sorted(set(texts) - right)
    tried = 0
    for name in [n for n in texts if n.startswith("dL/dw_")][:3]:
        if answers[name] == 0:
            continue
        typed = _forms(answers[name])[form]
        if form == "float" and len(typed.lstrip("-0.").replace(".", "")) <= 10:
            continue  # (this float prints short: nothing long to test)
        tried += 1
        marks = _marks(table, {**texts, name: typed})
        wrong = {n: m for n, m in marks.items() if m[0] != "correct"}
        assert wrong == {name: ("wrong", "decimal_point_moved")}, (name, typed, wrong)
    assert tried or form == "float"


@pytest.mark.parametrize("label,table", TABLES, ids=[label for label, _ in TABLES])
def test_sigma_prime_of_a_with_rounding_on_the_way_is_named(label, table):
    """(the new user's MEDIUM) δ_k^1 worked with σ'(a) for σ'(z), σ(a) and σ'(a) rounded to 4 digits as the
    sheet says to round f'(z): WRONG with no slip named, where the same slip unrounded was named."""
    if any(layer.get("activation", table.get("activation")) != "sigmoid" for layer in table["layer"][:1]):
        pytest.skip("a sigmoid hidden layer only")
    answers = CarefulStudent(table, digits=4).work()
    texts = {name: as_text(value) for name, value in answers.items()}
    outer = table["layer"][1]["weights"]
    named = 0
    with localcontext() as context:
        context.prec = 50
        for k in range(len(table["layer"][0]["weights"])):
            total = sum(Decimal(str(outer[j][k])) * answers[f"delta_{j}^2"] for j in range(len(outer)))
            s = written(1 / (1 + (-answers[f"a_{k}^1"]).exp()))
            slipped = written(total * written(s * (1 - s)))
            if slipped == answers[f"delta_{k}^1"] or abs(slipped) < Decimal("1e-6"):
                continue
            marks = _marks(table, {**texts, f"delta_{k}^1": as_text(slipped)})
            assert marks[f"delta_{k}^1"] == ("wrong", "wrong_activation_derivative"), (k, as_text(slipped), marks)
            named += 1
    assert named


# the built-in nn231 without its [variants] table (which sets max_dead_neurons = 1)
RELU_231 = (Path(__file__).resolve().parents[1] / "examples" / "nn231.toml").read_text(encoding="utf-8") \
    .split("[variants]")[0]


def test_variants_with_more_dead_neurons_than_others_are_said(tmp_path):
    """(the new user's LOW) variants of unlike difficulty — more neurons of a layer with every gradient 0 —
    were unsaid where no max_dead_neurons limits them; the counts are recounted from answers.json."""
    spec = tmp_path / "relu.toml"
    spec.write_text(RELU_231, encoding="utf-8")
    run = cli_runner().invoke(main, ["worksheet", str(spec), "-n", "30", "--seed", "1", "--out", str(tmp_path / "w")])
    assert run.exit_code == 0, run.output
    counts = []
    for variant in json.loads((tmp_path / "w" / "answers.json").read_text(encoding="utf-8"))["variants"]:
        exact = variant["exact"]
        layers = [[[f"dL/dw_{j}{k}^1" for k in range(2)] + [f"dL/db_{j}^1"] for j in range(3)],
                  [[f"dL/dw_0{k}^2" for k in range(3)] + ["dL/db_0^2"]]]
        counts.append(max(sum(all(Fraction(exact[name]) == 0 for name in neuron) for neuron in layer) for layer in layers))
    fewest = min(counts)
    more = [c for c in counts if c > fewest]
    assert more, counts
    said = " ".join(run.stderr.split())
    assert (f"{len(more)} of 30 variants have more neurons of a layer whose gradients are all zero (up to {max(more)}) "
            f"than others have ({fewest}:") in said, said
    assert f"max_dead_neurons = {fewest} in the spec's [variants] table" in said
    again = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "30", "--seed", "1", "--out",
                                       str(tmp_path / "n")])  # (it sets max_dead_neurons = 1)
    assert again.exit_code == 0 and "gradients are all zero" not in again.stderr
