"""A number copied from a calculator with its digits cut and dots after them ("0.8698…" for 0.869891;
the last new user's MEDIUM of stop 56): read as the span it names (0.8698 up to 0.8699) or, as many write
the dots for "about", as a rounded number — never WRONG for a true value cut or rounded; echoed with its
dots in every report.  The students are independent of symbp's engine (careful_student.py)."""
from __future__ import annotations

import json
import random
from decimal import ROUND_DOWN, Decimal, localcontext

import pytest

from careful_student import CarefulStudent, as_text, written
from helpers import cli_runner
from symbp.cli import main
from test_check_careful import mazur_table, random_table

RIGHT = ("correct", "carried")


def cut(value: Decimal, digits: int) -> Decimal:
    """`value` with its digits after the `digits`-th significant one dropped (0.869891 → 0.8698)."""
    if not value:
        return value
    with localcontext() as context:
        context.prec = 60
        return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_DOWN)


def dotted(values: dict, digits: int, dots: str, rounded: bool = False) -> dict:
    """Each value cut (or rounded) to `digits` significant digits, with `dots` where that dropped digits."""
    out = {}
    for name, value in values.items():
        shown = written(value, digits) if rounded else cut(value, digits)
        out[name] = as_text(shown) + (dots if shown != value else "")
    return out


class CuttingStudent(CarefulStudent):
    """Copies every value with its digits cut at `digits` and goes on with the cut number."""

    def write(self, name, value, **context):
        self.answers[name] = kept = cut(value, self.digits)
        self.dotted = {**getattr(self, "dotted", {}), name: as_text(kept) + ("…" if kept != value else "")}
        return kept


def marks_of(table, texts):
    from symbp.agreement import Rule
    from symbp.check import answers_from_table
    from symbp.evaluate import solve
    from symbp.marking import mark
    from symbp.spec import spec_from_dict

    solution = solve(spec_from_dict(table))
    marking = mark(solution, answers_from_table(texts, solution.derivation), Rule(digits=4))
    return {m.name: m.status for m in marking.marks.values()}


@pytest.fixture(scope="module")
def tables():
    rng = random.Random(57)
    return [mazur_table()] + [random_table(rng) for _ in range(12)]


@pytest.mark.parametrize("digits, dots, rounded", [(3, "…", False), (4, "…", False), (5, "...", False),
                                                   (4, "…", True), (4, "...", True)])
def test_true_values_cut_or_rounded_with_dots_are_right(tables, digits, dots, rounded):
    for table in tables:
        exact = CarefulStudent(table, digits=40).work()
        texts = dotted(exact, digits, dots, rounded)
        assert any(text.endswith(dots) for text in texts.values())
        marks = marks_of(table, texts)
        wrong = {name: (texts[name], status) for name, status in marks.items() if status not in RIGHT}
        assert not wrong, (table, wrong)


def test_values_cut_and_carried_on_are_right(tables):
    for table in tables:
        student = CuttingStudent(table, digits=4)
        student.work()
        marks = marks_of(table, student.dotted)
        wrong = {name: (student.dotted[name], status) for name, status in marks.items() if status not in RIGHT}
        assert not wrong, (table, wrong)


def test_a_wrong_number_with_dots_is_wrong_and_echoed_with_them(tmp_path):
    exact = CarefulStudent(mazur_table(), digits=40).work()
    a = exact["a_0^1"]  # σ(0.3775) = 0.59326999…
    assert cut(a, 4) == Decimal("0.5932") and written(a, 4) == Decimal("0.5933")
    table = mazur_table()
    # (0.5931 is right too: σ(0.3775) as 1/1.686, 1 + e^−z rounded to 4 digits, as the agreement rule allows)
    for text, right in (("0.5932…", True), ("0.5933…", True), ("0.5930…", False), ("0.5934…", False),
                        ("0.593…", True), ("0.594…", False)):
        assert (marks_of(table, {"z_0^1": "0.3775", "a_0^1": text})["a_0^1"] in RIGHT) is right, text
    answers = tmp_path / "a.toml"
    answers.write_text('"a_0^1" = "0.5941…"\n"z_0^1" = "0.3775…"\n', encoding="utf-8")
    run = cli_runner().invoke(main, ["check", "--example", "mazur", str(answers)])
    assert "a_0^1 = 0.5941…" in run.output and "expected ≈ 0.5933" in run.output, run.output
    run = cli_runner().invoke(main, ["check", "--example", "mazur", str(answers), "-f", "json"])
    given = json.loads(run.output)["quantities"]["a_0^1"]
    assert (given["given_text"], given["given"], given["status"]) == ("0.5941…", 0.5941, "wrong")
    tex = tmp_path / "r.tex"
    assert cli_runner().invoke(main, ["check", "--example", "mazur", str(answers), "-o", str(tex)]).exit_code == 1  # (not all right)
    assert "a^{1}_{0} = 0.5941\\ldots$" in tex.read_text(encoding="utf-8")


def test_dots_after_a_whole_number_claim_no_exact_value():
    """"1…" says "1 and more": a true value cut to its whole part has too few digits, never the WRONG
    of a bare "1", which claims to be exactly 1 (the rule's exact numbers)."""
    table = mazur_table()
    exact = CarefulStudent(table, digits=40).work()
    assert Decimal("0.5") < exact["a_0^1"] < Decimal("0.6")  # 0.59327
    # (1… is 0.59327 rounded to a whole number: too few digits too, as 1.0 is not — it claims a tenth)
    for text, status in (("0.5…", "too_few_digits"), ("1", "wrong"), ("1…", "too_few_digits"), ("2…", "wrong")):
        assert marks_of(table, {"z_0^1": "0.3775", "a_0^1": text})["a_0^1"] == status, text
    # a value above 1: the output's sigmoid input z_0^2 = 1.10590…
    z2 = exact["z_0^2"]
    whole = int(z2)
    assert whole == 1 and z2 - whole > Decimal("0.1")
    texts = {name: as_text(written(value, 5)) for name, value in exact.items()
             if name in ("z_0^1", "z_1^1", "a_0^1", "a_1^1")}
    for text, status in ((f"{whole}…", "too_few_digits"), (f"{whole}", "wrong"), (f"{whole + 1}…", "wrong"),
                         (f"{-whole}…", "wrong")):
        assert marks_of(table, {**texts, "z_0^2": text})["z_0^2"] == status, text


def relu_values(table: dict) -> dict:
    """A ReLU network's forward pass, cost, δ and gradients by hand in exact fractions (half_sse)."""
    from fractions import Fraction as F

    a, values, zs = [F(str(x)) for x in table["input"]], {}, []
    layers = table["layer"]
    for l, layer in enumerate(layers, start=1):
        z = [sum(F(str(w)) * x for w, x in zip(row, a)) + F(str(b))
             for row, b in zip(layer["weights"], layer["biases"])]
        zs.append((z, a))
        a = [max(v, F(0)) for v in z]
        values.update({f"z_{j}^{l}": v for j, v in enumerate(z)})
        values.update({f"a_{j}^{l}": v for j, v in enumerate(a)})
    y = [F(str(t)) for t in table["target"]]
    values["L"] = sum((t - o) ** 2 for t, o in zip(y, a)) / 2
    delta = [(o - t) * (1 if z > 0 else 0) for o, t, z in zip(a, y, zs[-1][0])]
    for l in range(len(layers), 0, -1):
        z, inputs = zs[l - 1]
        for j, d in enumerate(delta):
            values[f"delta_{j}^{l}"], values[f"dL/db_{j}^{l}"] = d, d
            values.update({f"dL/dw_{j}{k}^{l}": d * x for k, x in enumerate(inputs)})
        if l > 1:
            w = layers[l - 1]["weights"]
            delta = [sum(F(str(w[j][k])) * delta[j] for j in range(len(delta))) * (1 if zk > 0 else 0)
                     for k, zk in enumerate(zs[l - 2][0])]
    return {name: Decimal(v.numerator) / Decimal(v.denominator) for name, v in values.items()}


def relu_table() -> dict:
    """A 2-3-1 ReLU network whose values are exact, some the middle of a shorter number's span (0.55 of
    "0.5…", 2.5 of "2…", 10.5 of "10…")."""
    return {"title": "exact", "layers": [2, 3, 1], "activation": "relu", "loss": "half_sse", "learning_rate": 0.1,
            "input": [1, 1], "target": [3.75],
            "layer": [{"weights": [[0.3, 0.1], [1.5, 0.5], [5, 5]], "biases": [0.15, 0.5, 0.5], "activation": "relu"},
                      {"weights": [[0.5, -0.25, 0.125]], "biases": [0.45], "activation": "relu"}]}


def test_dots_never_make_too_few_digits_right_against_exact_values():
    """Against exact values (a ReLU network's: 2.5, 10.5, −0.25) a number with dots and fewer digits than
    the sheet asks is too few digits, never CORRECT (the review of 5ce0e45: "2…" was read as the middle of
    its span, 2.5, and taken as 2.5 written exactly)."""
    table = relu_table()
    exact = relu_values(table)
    assert [exact[f"z_{j}^1"] for j in range(3)] == [Decimal("0.55"), Decimal("2.5"), Decimal("10.5")]
    tried = 0
    for name, value in exact.items():
        for digits in (1, 2):
            kept = cut(value, digits)
            if not value or kept == value or value.adjusted() < -3:
                continue
            status = marks_of(table, {name: as_text(kept) + "…"})[name]
            tried += 1
            assert status != "correct", (name, value, as_text(kept) + "…", status)
    assert tried > 10
    # a whole number with dots is no exact number ("10" claims 10 exactly, "10…" 10 and more): too few digits
    for text, status in (("10…", "too_few_digits"), ("10", "wrong"), ("11…", "too_few_digits"), ("12…", "wrong"),
                         ("1.0…", "wrong"),
                         ("10.5…", "correct"), ("10.4…", "wrong")):
        assert marks_of(table, {"z_2^1": text})["z_2^1"] == status, text


@pytest.mark.parametrize("digits", [4, 6, 8])
def test_the_rule_sentences_cut_example_is_true_at_the_sheets_minimum(tmp_path, digits):
    """The rule's example of a number with dots has as many digits as the minimum asks (the review of
    5ce0e45: "0.8698… and 0.8699…" beside "at least 5 significant digits"), and is true: cut and rounded."""
    import re

    answers = tmp_path / "a.toml"
    answers.write_text('"z_0^1" = "0.3775…"\n', encoding="utf-8")
    run = cli_runner().invoke(main, ["check", "--example", "mazur", str(answers), "--digits", str(digits)])
    text = " ".join(run.output.split())
    minimum = int(re.search(r"showing at least (\d+) significant digits", text).group(1))
    found = re.search(r"([\d.]+)… and ([\d.]+)… are right for ([\d.]+)\.", text)
    cut_text, rounded_text, value_text = found.groups()
    value = Decimal(value_text)
    n = len(cut_text.replace(".", "").lstrip("0"))
    assert n >= minimum and len(rounded_text.replace(".", "").lstrip("0")) == n
    assert Decimal(cut_text) == cut(value, n) and Decimal(rounded_text) == written(value, n) != Decimal(cut_text)


def test_a_long_text_with_dots_is_refused_by_its_length(tmp_path):
    """A 60,000-character text ending in dots is refused as too long before any pattern reads it (the
    review of 5ce0e45: the dots' pattern backtracked, 27 s for this file; measured by hand, not here)."""
    answers = tmp_path / "a.toml"
    answers.write_text(f'"a_0^1" = "{"1" * 60000}x…"\n"z_0^1" = "0.3775…"\n', encoding="utf-8")
    run = cli_runner().invoke(main, ["check", "--example", "mazur", str(answers)])
    assert run.exit_code == 1 and "a_0^1: a number of 60002 characters" in run.output, run.output


def test_a_mixed_number_is_read_as_one():
    """"2 1/2" is 2.5 (the hostile-input hunter's HIGH: its space dropped, it read as 21/2 and a right value
    was WRONG); "10 1/2" 10.5; digits spaced around a fraction otherwise are read by no rule: NOT READ."""
    from fractions import Fraction

    from symbp.errors import SpecError
    from symbp.written import parse_written

    table = relu_table()
    assert relu_values(table)["z_1^1"] == Decimal("2.5") and relu_values(table)["z_2^1"] == Decimal("10.5")
    marks = marks_of(table, {"z_1^1": "2 1/2", "z_2^1": "10 1/2", "z_0^1": "11/20"})
    assert marks == {**marks, "z_1^1": "correct", "z_2^1": "correct", "z_0^1": "correct"}
    assert marks_of(table, {"z_1^1": "-2 1/2"})["z_1^1"] == "wrong"
    assert parse_written("-1 3/4", "x").value == Fraction(-7, 4)
    with pytest.raises(SpecError):
        parse_written("1/2 3", "x")


@pytest.mark.parametrize("text", ["0{,}5933", "\\approx 0.5933", "$\\approx 0{,}5933$", "$0.5933$", "0{,}5932\\ldots"])
def test_a_number_copied_from_the_latex_key_is_read(text):
    """What symbp's LaTeX prints around a number (the German decimal comma's braces, \\approx, \\ldots, the
    dollars), copied with it, is read as the number (the second hostile-input hunter's MEDIUM: NOT READ)."""
    assert marks_of(mazur_table(), {"z_0^1": "0.3775", "a_0^1": text})["a_0^1"] == "correct"
