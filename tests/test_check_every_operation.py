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
    whole, so nothing before them was off).  They follow from the wrong number: the first of them that earns
    points is charged with the slip (Σ w·δ earns none: stop 60), the new cost is carried from it."""
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
        {"dL/da_1^1": "wrong", "w_10^1@2": "wrong", "L@2": "carried"}, report.to_text()
    assert report.marks["w_10^1@2"]["diagnosis_key"] == "wrong_value_on_the_way"
    assert report.marks["L@2"]["carried_from"] == ["dL/da_1^1", "w_10^1@2"]  # (the other updates left out: from the sum)


def _rounded(value: Decimal, digits: int | None) -> Decimal:
    """value to `digits` significant digits, half away from zero (None: kept whole)."""
    if digits is None or not value:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def steps3_delta(plan: dict) -> Decimal:
    """steps3 (nn231's ReLU network, half_sse, α = 0.1, three SGD steps): δ_0^2@3 = a_0^2@3 − y as a student
    works it who rounds each value `plan` names ("step:value") to those significant digits and keeps the rest:
    W1ji·x_i, their sum s1j, z1j, a1j, W2k·a_k, the running sums q01, q012, z2, a2, δ2, ∂L/∂w_k^2 (gW2k), W2k·δ
    (W2kd), δ_k^1 (d1k), ∂L/∂w^1 (gW1ji), α·∂L/∂w (aW1ji, aW2k), α·δ (ab1j, ab2), and the new values (…@)."""
    D = Decimal
    W1, b1 = [[D("0.2"), D("-0.4")], [D("-0.3"), D("0.8")], [D("0.5"), D("0.7")]], [D("0.1"), D("-0.2"), D("-0.1")]
    W2, b2, x, y, alpha = [D("-0.6"), D("0.9"), D("-0.3")], D("0.05"), (D(1), D(2)), D("1.5"), D("0.1")
    with localcontext() as context:
        context.prec = 60  # (every product and sum of these short decimals exact)

        def r(label: str, value: Decimal) -> Decimal:
            return _rounded(value, plan.get(label))

        for t in (1, 2, 3):
            z1 = [r(f"{t}:z1{j}", r(f"{t}:s1{j}", r(f"{t}:W1{j}0x", W1[j][0] * x[0]) + r(f"{t}:W1{j}1x", W1[j][1] * x[1]))
                    + b1[j]) for j in range(3)]
            a1 = [r(f"{t}:a1{j}", max(z, D(0))) for j, z in enumerate(z1)]
            q = [r(f"{t}:W2{k}a", W2[k] * a1[k]) for k in range(3)]
            z2 = r(f"{t}:z2", r(f"{t}:q012", r(f"{t}:q01", q[0] + q[1]) + q[2]) + b2)
            delta = max(r(f"{t}:a2", z2), D(0)) - y  # (ReLU'(z2) = 1)
            if t == 3:
                return delta
            delta = r(f"{t}:d2", delta)
            g2 = [r(f"{t}:gW2{k}", delta * a1[k]) for k in range(3)]
            d1 = [r(f"{t}:d1{k}", r(f"{t}:W2{k}d", W2[k] * delta) * (1 if z1[k] > 0 else 0)) for k in range(3)]
            W1 = [[r(f"{t}:W1{j}{i}@", W1[j][i] - r(f"{t}:aW1{j}{i}", alpha * r(f"{t}:gW1{j}{i}", d1[j] * x[i])))
                   for i in range(2)] for j in range(3)]
            b1 = [r(f"{t}:b1{j}@", b1[j] - r(f"{t}:ab1{j}", alpha * d1[j])) for j in range(3)]
            W2 = [r(f"{t}:W2{k}@", W2[k] - r(f"{t}:aW2{k}", alpha * g2[k])) for k in range(3)]
            b2 = r(f"{t}:b2@", b2 - r(f"{t}:ab2", alpha * delta))


# the routes route_search.py finds for −0.02659 and −0.02590: each value rounded once, to 4 to 9 digits (a route
# that rounds a value to 9 digits here changes its 10th: 1.559408582 -> 1.55940858)
STEPS3_ROUTES = {
    "-0.02659": {"1:W22d": 5, "2:W120x": 4, "2:W121x": 4, "2:s12": 6, "2:W21a": 4, "2:q01": 7, "2:gW21": 4,
                 "2:gW22": 5, "2:W21d": 4, "2:d11": 6, "2:W22d": 4, "2:d12": 5, "2:aW110": 5, "2:W110@": 6,
                 "2:aW111": 5, "2:W111@": 4, "2:aW120": 6, "2:b12@": 4, "2:aW22": 5, "2:W22@": 6, "2:b2@": 5,
                 "3:W111x": 6, "3:W120x": 4, "3:W121x": 5, "3:s12": 4, "3:a11": 7, "3:W21a": 9, "3:W22a": 8,
                 "3:q01": 5, "3:q012": 6},
    "-0.02590": {"1:W22d": 5, "2:W120x": 4, "2:W121x": 4, "2:s12": 6, "2:W21a": 4, "2:q01": 7, "2:gW21": 4,
                 "2:gW22": 5, "2:W21d": 4, "2:d11": 6, "2:W22d": 4, "2:d12": 5, "2:aW110": 5, "2:W110@": 6,
                 "2:aW111": 5, "2:W111@": 4, "2:ab11": 5, "2:b11@": 6, "2:W120@": 4, "2:b12@": 4, "2:aW22": 5,
                 "2:W22@": 6, "2:b2@": 5, "3:W111x": 6, "3:s11": 4, "3:z11": 4, "3:W121x": 4, "3:s12": 4,
                 "3:a11": 5, "3:q012": 6, "3:z2": 5, "3:a2": 6},
}


@pytest.mark.parametrize("written, status", [("-0.02713", "correct"), ("-0.02659", "correct"), ("-0.02590", "correct"),
                                             ("-0.04200", "wrong"), ("-0.01200", "wrong")])
def test_a_value_a_careful_route_gives_is_right_and_one_beyond_every_route_wrong(written, status):
    """steps3's δ_0^2@3 written alone (true −0.027135; every operation rounded to 4 digits gives −0.02600).  A
    first version took the whole chains' points into one interval with the others, and −0.02659 was right
    though no way it followed gave it; it was then taken for a value no way gives, as −0.02590 was — yet each
    is what a careful route gives (STEPS3_ROUTES: z of the last step is ≈ 1.47, so one rounding to 4 digits
    moves δ = z − 1.5 by up to 50 units of its last digit).  Every careful route — each value on the way
    rounded to 4 or more digits or kept — lies in [−0.04195, −0.01232] (an outer bound worked out apart from
    symbp, with affine arithmetic: a unit of rounding error per value, 0.56 of a unit of its 4th digit wide);
    −0.04200 and −0.01200 lie beyond it."""
    if written in STEPS3_ROUTES:
        assert str(_rounded(steps3_delta(STEPS3_ROUTES[written]), 4)) == written
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
