"""Students who round every operation to the sheet's 4 digits — each product, each running sum, e^{2z},
e^{2z} − 1 and e^{2z} + 1 inside tanh — or each value they write, and leave values out (a student
persona, stop 46).

Where the values left out before a number were more than two deep (student_spans.LEFT_OUT_LEVELS), that
working was not followed: with the cancellation of a batch's mean gradient in an update, right numbers
were marked wrong (w_10^1@2 = 0.004740 written alone: 1 of 960 random files of such students before
this, 24).  And a student who rounds each value the sheet names, and f'(z) and Σ_k w·δ written on
the way, but nothing inside them, was not followed either where f'(z) and Σ_k w·δ were left out (the key's
calculator chain reads them whole).  The marking now carries both chains through every value left out
(marking.WHOLE_CHAINS), besides the exact one and the key's calculator chain.

The expected values are worked here with Python's Decimal at a precision of 4 (ROUND_HALF_UP: half away
from zero, symbp's rule), not with symbp.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

import pytest

import symbp

FOUR = Context(prec=4, rounding=ROUND_HALF_UP)

# a worksheet variant of the built-in batch3 (the student's seed 11, variant 4)
BATCH = {"title": "A batch of three samples", "layers": [2, 2, 1], "loss": "mse", "learning_rate": 0.1,
         "activation": "tanh", "inputs": [[1, -1], [-2, 1], [2, 2]], "targets": [[-1], [-1.4], [0.5]],
         "layer": [{"weights": [[0.6, 0.3], [0.1, 0.3]], "biases": [-0.2, -0.9]},
                   {"weights": [[-0.1, -0.6]], "biases": [0.2], "activation": "identity"}]}


def _tanh(z: Decimal) -> Decimal:
    e = (2 * z).exp()
    return (e - 1) / (e + 1)


def update(table: dict, every_operation: bool) -> dict:
    """The parameters after one SGD step of a 2-layer tanh/identity network with mse, every operation
    rounded to 4 significant digits (inside a Decimal context of precision 4), or only each value the
    sheet names and each written on the way (z, a, Σ_k w·δ, f'(z), δ, each sample's and the mean
    gradient: `named`), the rest worked at 40 digits."""
    named = FOUR.plus  # rounded to 4 significant digits, half away from zero
    with localcontext(FOUR if every_operation else Context(prec=40)):
        (w1, b1), (w2, b2) = (([[Decimal(str(x)) for x in row] for row in layer["weights"]],
                               [Decimal(str(x)) for x in layer["biases"]]) for layer in table["layer"])
        grads = []
        for x, y in zip(table["inputs"], table["targets"]):
            a0 = [Decimal(str(v)) for v in x]
            a1 = []
            for row, b in zip(w1, b1):
                total = Decimal(0)
                for w, a in zip(row, a0):
                    total = total + w * a
                a1.append(named(_tanh(named(total + b))))
            total = Decimal(0)
            for w, a in zip(w2[0], a1):
                total = total + w * a
            a2 = named(total + b2[0])
            delta2 = named(2 * (a2 - Decimal(str(y[0]))))  # (2/n)(a − y)·id'(z), n = 1 output
            delta1 = [named(named(w2[0][k] * delta2) * named(1 - a1[k] * a1[k])) for k in range(2)]
            grads.append((delta1, a0, delta2, a1))
        alpha, n = Decimal(str(table["learning_rate"])), len(grads)

        def mean(values):
            total = Decimal(0)
            for v in values:
                total = total + named(v)
            return named(total / n)

        new = {}
        for j in range(2):
            for k in range(2):
                new[f"w_{j}{k}^1@2"] = named(w1[j][k] - alpha * mean(g[0][j] * g[1][k] for g in grads))
            new[f"b_{j}^1@2"] = named(b1[j] - alpha * mean(g[0][j] for g in grads))
        for k in range(2):
            new[f"w_0{k}^2@2"] = named(w2[0][k] - alpha * mean(g[2] * g[3][k] for g in grads))
        new["b_0^2@2"] = named(b2[0] - alpha * mean(g[2] for g in grads))
    return new


EVERY_OPERATION, NAMED = update(BATCH, True), update(BATCH, False)


@pytest.mark.parametrize("worked", ["every_operation", "named"])
@pytest.mark.parametrize("name", sorted(NAMED))
def test_an_update_worked_with_rounded_values_and_written_alone_is_right(name, worked):
    spec = symbp.spec_from_dict(BATCH)
    written = (EVERY_OPERATION if worked == "every_operation" else NAMED)[name]
    report = symbp.check(spec, {name: str(written)})
    assert report.statuses[name] == "correct", (name, str(written), report.to_text())
    # 2 % off is no rounding of anybody's (a slip): wrong (w_10^1@2 = 0.00473 is a difference of 0.1 and
    # 0.09527: rounded ways spread it over 0.00468–0.00474)
    off = written * Decimal("1.02")
    assert symbp.check(spec, {name: str(off)}).statuses[name] == "wrong", (name, str(off))


# the built-in batch3's variant 1 of the student's seed 5: tanh(−1) left out, worked as (e^{−2} − 1)/(e^{−2} + 1)
ROUNDED_INSIDE = {"title": "A batch of three samples", "layers": [2, 2, 1], "loss": "mse", "learning_rate": 0.1,
                  "activation": "tanh", "inputs": [[1, 2], [1, -1], [2, 1]], "targets": [[-0.7], [1.3], [-1.4]],
                  "layer": [{"weights": [[0.7, -0.5], [-0.2, -0.3]], "biases": [-0.7, 0.3]},
                            {"weights": [[-0.5, -0.5]], "biases": [-0.4], "activation": "identity"}]}


def test_a_loss_after_a_tanh_worked_in_rounded_steps_and_left_out_is_right():
    with localcontext(FOUR):
        z0, z1 = Decimal("0.7") - Decimal("0.5") * 2 - Decimal("0.7"), Decimal("-0.2") - Decimal("0.3") * 2 + Decimal("0.3")
        a0, a1 = _tanh(z0), _tanh(z1)  # a0 = −0.7619 (tanh(−1) = −0.761594…), left out
        loss = (((Decimal("-0.5") * a0 + Decimal("-0.5") * a1) - Decimal("0.4")) - Decimal("-0.7")) ** 2
    assert (z0, z1, str(a1), str(loss)) == (-1, Decimal("-0.5"), "-0.4621", "0.8319")  # the student's numbers
    answers = {"z_0^1[1]": "-1.000", "z_1^1[1]": "-0.5000", "a_1^1[1]": str(a1), "L[1]": str(loss)}
    spec = symbp.spec_from_dict(ROUNDED_INSIDE)
    assert set(symbp.check(spec, answers).statuses.values()) - {"missing"} == {"correct"}
    assert symbp.check(spec, answers | {"L[1]": "0.8419"}).statuses["L[1]"] == "wrong"  # a digit miscopied


def test_what_follows_a_wrong_sum_written_on_the_way_is_carried_through_values_left_out():
    """A reviewer: Σ_k w·δ written wrong (dL/da_1^1 = 0.1000 for 0.9·(−1) = −0.9), everything between left out:
    the update and the new cost the whole chains give from it were "correct" (the exact working reads Σ w·δ
    whole, so nothing before them was off).  They follow from the wrong number: carried from it."""
    from fractions import Fraction as F

    relu = lambda z: max(z, F(0))  # noqa: E731
    # nn231 (examples/nn231.toml): the true δ^2 = −1 and a^1 = (0, 1.1, 1.8); δ_1^1 = 0.1·ReLU'(1.1) = 0.1 from
    # the wrong sum, δ_0^1 = 0 (ReLU'(−0.5) = 0), δ_2^1 = −0.3·(−1)·1 = 0.3; α = 0.1, a^0 = (1, 2)
    w1 = [[F("0.2"), F("-0.4")], [F("-0.3") - F("0.01"), F("0.8") - F("0.02")], [F("0.5") - F("0.03"), F("0.7") - F("0.06")]]
    b1 = [F("0.1"), F("-0.2") - F("0.01"), F("-0.1") - F("0.03")]
    w2, b2 = [F("-0.6"), F("0.9") + F("0.11"), F("-0.3") + F("0.18")], F("0.05") + F("0.1")
    a1 = [relu(row[0] * 1 + row[1] * 2 + b) for row, b in zip(w1, b1)]
    z2 = sum(w * a for w, a in zip(w2, a1)) + b2
    loss = (F("1.5") - relu(z2)) ** 2 / 2
    assert (w1[1][0], round(float(loss), 4)) == (F("-0.31"), 0.122)
    answers = {"dL/da_1^1": "0.1000", "w_10^1@2": "-0.3100", "L@2": f"{float(loss):.4f}"}
    report = symbp.check(symbp.example("nn231"), answers)
    assert {name: report.statuses[name] for name in answers} == \
        {"dL/da_1^1": "wrong", "w_10^1@2": "carried", "L@2": "carried"}, report.to_text()


@pytest.mark.parametrize("written, status", [("-0.02713", "correct"), ("-0.02659", "wrong"), ("-0.02590", "wrong")])
def test_a_value_between_two_chains_that_no_way_gives_stays_wrong(written, status):
    # steps3's δ_0^2@3 written alone (true −0.027135; every operation rounded to 4 digits gives −0.02600): a
    # first version took the whole chains' points into one interval with the others, and −0.02659 was right
    report = symbp.check(symbp.example("steps3"), {"delta_0^2@3": written})
    assert report.statuses["delta_0^2@3"] == status


@pytest.mark.parametrize("answers", [{"dL/dw_20^1@3": "0.003744"},
                                     {"w_02^2@3": "-0.1381", "dL/dw_20^1@3": "0.003744"},
                                     {"w_10^1@3": "-0.2213", "dL/da_0^1@3": "0.01632"}])
def test_writing_a_value_down_does_not_lose_the_digits_a_calculator_keeps(answers):
    # a second reviewer (Decimal, every operation to 5 digits): w_02^2@3 = −0.13814, δ = −0.0271, their product
    # 0.0037436 → 0.003744; from the written −0.1381 it would be 0.0037425 → 0.003743.  Right written alone, the
    # later value was wrong once the earlier one was written down with the sheet's 4 digits: a chain keeping 5
    # digits keeps its own −0.13814 where that rounds to the number written
    report = symbp.check(symbp.example("steps3"), answers)
    assert {name: report.statuses[name] for name in answers} == dict.fromkeys(answers, "correct")
