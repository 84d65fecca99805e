"""A rounded value written as a whole number stands, for what follows, for the values that round to it
(a careful-student hunter's HIGH, stop 54): the key itself prints "≈ 1619" for δ = 1618.5, and a student
who wrote 1619 and kept 1618.5 in the calculator was marked wrong for ∂L/∂w = 1618.5·0.5 = 809.25,
written 809.3 — check took the 1619 as exact (809.5), as it takes 0 or 12.  Worked out here with
Decimal, as the student does, never by symbp."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, getcontext

import symbp

getcontext().prec = 40

SPEC = {"title": "big numbers", "layers": [2, 2, 1], "loss": "half_sse", "learning_rate": 0.001,
        "activation": "relu", "input": [0.5, 5.3], "target": [38],
        "layer": [{"weights": [[-3.5, -17.6], [4.5, 46.3]], "biases": [24.78, 16.81]},
                  {"weights": [[94.6, 2.6]], "biases": [-27.21]}]}


def r(x: Decimal) -> Decimal:
    return x.quantize(Decimal(1).scaleb(x.adjusted() - 3), rounding=ROUND_HALF_UP) if x else x


def text(x: Decimal) -> str:
    return format(r(x), "f")  # as the student writes it out: 1619, 193800, 809.3


def careful() -> dict:
    d = Decimal
    x, y = [d("0.5"), d("5.3")], d(38)
    w1, b1 = [[d("-3.5"), d("-17.6")], [d("4.5"), d("46.3")]], [d("24.78"), d("16.81")]
    w2, b2 = [d("94.6"), d("2.6")], d("-27.21")
    z1 = [r(w1[j][0] * x[0] + w1[j][1] * x[1] + b1[j]) for j in range(2)]
    a1 = [max(z, d(0)) for z in z1]
    z2 = r(w2[0] * a1[0] + w2[1] * a1[1] + b2)
    a2 = max(z2, d(0))
    loss = r((y - a2) ** 2 / 2)
    delta2 = r(a2 - y)
    kept = [w2[j] * delta2 * (1 if z1[j] > 0 else 0) for j in range(2)]  # δ^1 in the calculator: 1618.5
    answers = {"z_0^1": z1[0], "z_1^1": z1[1], "a_0^1": a1[0], "a_1^1": a1[1], "z_0^2": z2, "a_0^2": a2, "L": loss,
               "delta_0^2": delta2, "dL/dw_00^2": r(delta2 * a1[0]), "dL/dw_01^2": r(delta2 * a1[1]), "dL/db_0^2": delta2,
               "delta_0^1": r(kept[0]), "delta_1^1": r(kept[1]), "dL/db_0^1": r(kept[0]), "dL/db_1^1": r(kept[1])}
    for j in range(2):
        for k in range(2):
            answers[f"dL/dw_{j}{k}^1"] = r(kept[j] * x[k])  # from the δ kept, not the one written
    return answers


def test_a_whole_number_written_rounded_stands_for_the_values_that_round_to_it():
    answers = careful()
    assert text(answers["delta_1^1"]) == "1619" and answers["dL/dw_10^1"] == Decimal("809.3")  # the hunter's case
    assert text(answers["L"]) == "193800"  # a rounded whole number with a placeholder zero too
    report = symbp.check(symbp.spec_from_dict(SPEC), {name: text(value) for name, value in answers.items()})
    assert {name: report.statuses[name] for name in answers} == dict.fromkeys(answers, "correct")


def test_a_small_whole_number_still_claims_its_value():
    """0, 1, 12 (fewer digits than the sheet's minimum) stand for themselves: a value from 12 read as
    12.4 is no value from 12."""
    from symbp.student_formulas import read_as
    from symbp.written import parse_written

    assert read_as(parse_written("12", "v"), 3).spans[0].low == read_as(parse_written("12", "v"), 3).spans[0].high
    span = read_as(parse_written("1619", "v"), 3).spans[0]
    assert (span.low, span.high) == (Decimal("1618.5"), Decimal("1619.5"))
    span = read_as(parse_written("378100", "v"), 3).spans[0]  # 3.781·10^5
    assert (span.low, span.high) == (Decimal("378050"), Decimal("378150"))
