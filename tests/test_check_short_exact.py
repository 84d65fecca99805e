"""A number written short because it is exact stands for itself where what follows uses it.

A new user's class run (note 43): a worksheet variant's a_0^2 is exactly 1.01, the key prints
"= 1.01", a student copies "1.01", and `check` read it, where L uses it, as any value that rounds
to it — [1.005, 1.015] — so L = ½(0.4 − 1.015)² = 0.1891 and ½(0.4 − 1.005)² = 0.1830 were both
marked correct with full points (the true L is 0.18605).  Likewise ∂L/∂w_01^1 = 0.3655 or 0.3670
after δ_0^1 = "0.183" (exactly 0.183, so ∂L/∂w_01^1 = 0.183·2 = 0.366).  No careful student holds
1.015 in the calculator for a value that is exactly 1.01: a written number stands for the values
that round to it *and* that its own working reaches (student_spans.StudentValues.number).

The true values are worked out here with Fractions (a plain forward and backward pass), not by symbp;
careful students who keep more digits than they write stay right (and test_check_rounding_habits.py's
simulated students with every rounding habit stay right too).
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

import symbp

# variant 1 of `symbp worksheet --example nn231 -n 3 --seed 7` (the class run's)
SPEC = {
    "layers": [2, 3, 1], "loss": "half_sse", "learning_rate": "0.1", "input": ["1", "2"], "target": ["0.4"],
    "layer": [
        {"activation": "relu", "weights": [["0.7", "0.8"], ["0.7", "-0.9"], ["0.6", "-0.2"]], "biases": ["-0.5", "1", "0.5"]},
        {"activation": "relu", "weights": [["0.3", "0.7", "0.1"]], "biases": ["0.4"]},
    ],
}


def _plain(spec: dict) -> dict:
    """z, a, L, δ and ∂L/∂w of a 2-3-1 ReLU network with ½(y − a)², in Fractions."""
    x = [F(v) for v in spec["input"]]
    y = F(spec["target"][0])
    (w1, b1), (w2, b2) = [([[F(v) for v in row] for row in layer["weights"]], [F(v) for v in layer["biases"]])
                          for layer in spec["layer"]]
    z1 = [sum(w * xi for w, xi in zip(row, x)) + b for row, b in zip(w1, b1)]
    a1 = [max(z, F(0)) for z in z1]
    z2 = sum(w * a for w, a in zip(w2[0], a1)) + b2[0]
    a2 = max(z2, F(0))
    out = {f"z_{j}^1": z for j, z in enumerate(z1)} | {f"a_{j}^1": a for j, a in enumerate(a1)}
    out |= {"z_0^2": z2, "a_0^2": a2, "L": (y - a2) ** 2 / 2}
    d2 = (a2 - y) * (1 if z2 > 0 else 0)
    out |= {"delta_0^2": d2, "dL/db_0^2": d2} | {f"dL/dw_0{k}^2": d2 * a for k, a in enumerate(a1)}
    for j, z in enumerate(z1):
        d = w2[0][j] * d2 * (1 if z > 0 else 0)
        out |= {f"delta_{j}^1": d, f"dL/db_{j}^1": d} | {f"dL/dw_{j}{k}^1": d * xk for k, xk in enumerate(x)}
    return out


def _written(value: F) -> str:
    """As a careful student writes it: exact when it is short, else rounded half away from zero to 4
    significant digits (trailing zeros kept)."""
    from decimal import ROUND_HALF_UP, Decimal, localcontext

    with localcontext() as context:
        context.prec = 60
        exact = (Decimal(value.numerator) / Decimal(value.denominator)).normalize()
        if len(exact.as_tuple().digits) <= 4:
            return str(exact) if exact else "0"
        return str(exact.quantize(Decimal(1).scaleb(exact.adjusted() - 3), rounding=ROUND_HALF_UP))


TRUE = _plain(SPEC)


def _toml(spec: dict) -> str:
    """The spec as TOML text (its values are strings, lists of them, or [[layer]] tables)."""
    import json

    top = [f"{key} = {json.dumps(value)}" for key, value in spec.items() if key != "layer"]
    layers = [f"[[layer]]\n" + "\n".join(f"{key} = {json.dumps(value)}" for key, value in layer.items())
              for layer in spec["layer"]]
    return "\n".join(top + layers) + "\n"


@pytest.fixture(scope="module")
def network():
    return symbp.load(_toml(SPEC))


def _statuses(network, changes: dict) -> dict:
    answers = {name: _written(value) for name, value in TRUE.items()} | changes
    report = symbp.check(network, answers)
    return {name: report.statuses[name] for name in changes}


def test_the_variant_is_the_class_runs():
    assert TRUE["a_0^2"] == F("1.01") and TRUE["L"] == F("0.18605")
    assert TRUE["delta_0^1"] == F("0.183") and TRUE["dL/dw_01^1"] == F("0.366")


@pytest.mark.parametrize("loss", ["0.1891", "0.1830", "0.1890", "0.1832"])
def test_a_loss_from_a_value_the_exact_one_does_not_give_is_wrong(network, loss):
    """½(0.4 − a)² over a in [1.005, 1.015] (what "1.01" rounded from): none is 0.18605's rounding."""
    assert abs(F(loss) - TRUE["L"]) > F(1, 10 ** 4)
    assert _statuses(network, {"L": loss}) == {"L": "wrong"}


@pytest.mark.parametrize("loss", ["0.1861", "0.1860", "0.18605", "0.186"])
def test_the_true_loss_rounded_stays_right(network, loss):
    """0.18605 rounded half away from zero is 0.1861, half to even 0.1860: both a calculator's."""
    assert _statuses(network, {"L": loss}) == {"L": "correct"}


@pytest.mark.parametrize("gradient", ["0.3655", "0.3670", "0.3665"])
def test_a_gradient_after_a_short_exact_delta_is_read_from_the_delta_itself(network, gradient):
    assert TRUE["dL/dw_01^1"] == TRUE["delta_0^1"] * 2 != F(gradient)
    assert _statuses(network, {"dL/dw_01^1": gradient}) == {"dL/dw_01^1": "wrong"}


def test_a_wrong_short_value_is_still_carried_as_written(network):
    """a_0^2 = 1.02 (wrong): L from it, ½(0.4 − 1.02)² = 0.1922, carried — and from the values that
    round to it (1.015..1.025: 0.1891..0.1953) too, as a student who kept 1.0204 writes."""
    assert _statuses(network, {"a_0^2": "1.02", "L": "0.1922"}) == {"a_0^2": "wrong", "L": "carried"}
    assert _statuses(network, {"a_0^2": "1.02", "L": _written((F("0.4") - F("1.0204")) ** 2 / 2)})["L"] == "carried"


# a variant whose values are not short: the careful student keeps more digits than written
LONG = SPEC | {"input": ["1.13", "2.07"]}
LONG_TRUE = _plain(LONG)


@pytest.fixture(scope="module")
def long_network():
    return symbp.load(_toml(LONG))


def test_a_student_who_keeps_the_calculators_value_stays_right(long_network):
    """a_0^2 written to 4 digits, L worked from the value the calculator kept: right, as is L worked
    from the 4 digits written."""
    a = LONG_TRUE["a_0^2"]
    assert F(_written(a)) != a  # not short
    written_a = F(_written(a))
    for kept in (a, written_a):
        loss = _written((F("0.4") - kept) ** 2 / 2)
        answers = {name: _written(value) for name, value in LONG_TRUE.items()} | {"L": loss}
        assert symbp.check(long_network, answers).statuses["L"] == "correct", (kept, loss)


# ---- a value left out is a careful student's calculator value too (the reviewer's case) ----------------
SOFTMAX_233 = {
    "layers": [2, 3, 3], "loss": "cross_entropy", "learning_rate": "0.5", "input": ["1", "0.5"],
    "target": ["0", "1", "0"],
    "layer": [
        {"activation": "sigmoid", "weights": [["0.4", "0.7"], ["-0.8", "-0.1"], ["0.1", "-0.9"]],
         "biases": ["-0.1", "-0.9", "-0.3"]},
        {"activation": "softmax", "weights": [["-0.4", "-0.8", "0.7"], ["0.2", "0.7", "-0.6"], ["-0.5", "0.2", "-0.7"]],
         "biases": ["-0.1", "-0.7", "0.3"]},
    ],
}


def _kept(x, digits: int):
    from decimal import ROUND_HALF_UP, Decimal

    return x if x == 0 else x.quantize(Decimal(1).scaleb(x.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("kept", [5, 6])
def test_a_value_worked_from_one_left_out_and_rounded_on_the_way_stays_right(kept):
    """The forward pass not written: σ as 1/(1 + e^−z) with e^−z rounded to 4 digits (as the sheet
    allows), every value kept to 5 or 6 digits; δ_2^2 and ∂L/∂w_21^2 = δ_2^2·a_1^1 written.  With δ read
    only as what the marker's own a gave (exact, or as the key's chain rounds it), ∂L/∂w_21^2 from the
    student's own a_1^1 was marked wrong (the first version of the narrowing; a reviewer's class run)."""
    from decimal import Decimal, localcontext

    with localcontext() as context:
        context.prec = 50
        x = [Decimal(v) for v in SOFTMAX_233["input"]]
        (w1, b1), (w2, b2) = [([[Decimal(v) for v in row] for row in layer["weights"]], [Decimal(v) for v in layer["biases"]])
                              for layer in SOFTMAX_233["layer"]]
        z1 = [_kept(sum(w * xi for w, xi in zip(row, x)) + b, kept) for row, b in zip(w1, b1)]
        a1 = [_kept(1 / (1 + _kept((-z).exp(), 4)), kept) for z in z1]
        z2 = [_kept(sum(w * a for w, a in zip(row, a1)) + b, kept) for row, b in zip(w2, b2)]
        e = [_kept(z.exp(), 4) for z in z2]
        delta = _kept(e[2] / sum(e) - 0, kept)
        gradient = delta * a1[1]
        exact_a = 1 / (1 + Decimal("1.75").exp())  # z_1^1 = −0.8 − 0.05 − 0.9 = −1.75
    answers = {"delta_2^2": str(_kept(delta, 4)), "dL/dw_21^2": str(_kept(gradient, 4))}
    assert abs(a1[1] - exact_a) > Decimal("5e-6")  # the student's a is not the exact one to 5 digits
    report = symbp.check(symbp.load(_toml(SOFTMAX_233)), answers)
    assert {name: report.statuses[name] for name in answers} == {"delta_2^2": "correct", "dL/dw_21^2": "correct"}


@pytest.mark.parametrize("delta", ["0.1835", "0.1825"])
def test_a_short_exact_value_written_on_the_way_stands_for_itself_too(network, delta):
    """The reviewer's case: Σ_k w·δ written on the way as dL/da_0^1 = 0.183 (exactly 0.3·0.61) was read
    as [0.1825, 0.1835], so δ_0^1 = 0.1835 (ReLU: δ = Σ_k w·δ·1) and the gradients from it earned full
    points; now δ_0^1 is wrong and what follows from it carried."""
    true_sum = F(SPEC["layer"][1]["weights"][0][0]) * TRUE["delta_0^2"]
    assert true_sum == F("0.183") == TRUE["delta_0^1"] != F(delta)
    changes = {"dL/da_0^1": "0.183", "delta_0^1": delta, "dL/dw_00^1": delta, "dL/db_0^1": delta,
               "dL/dw_01^1": str(F(delta) * 2)}
    answers = {name: _written(value) for name, value in TRUE.items()} | changes
    statuses = symbp.check(network, answers).statuses
    assert statuses["dL/da_0^1"] == "correct" and statuses["delta_0^1"] == "wrong", statuses
    assert {statuses[n] for n in ("dL/dw_00^1", "dL/db_0^1", "dL/dw_01^1")} == {"carried"}


@pytest.mark.parametrize("name, off", [("dL/da_0^1", "0.0006"), ("dL/db_0^2", "-0.001")])
def test_a_value_after_one_left_out_is_held_where_every_number_is_exact(name, off):
    """A second reviewer's case (the built-in nn231, every value exact, written to 4 digits with
    δ_0^2 left out): f'(z_0^2) written 1.000 was read as [0.9995, 1.0005] inside the δ left out, and
    dL/da_0^1 = 0.6006 and dL/db_0^2 = −1.001 (exactly 0.6 and −1) were right."""
    nn231 = symbp.example("nn231")
    # nn231's output: z_0^2 = 0.5 > 0 (ReLU), a = 0.5, y = 1.5: δ_0^2 = (0.5 − 1.5)·1 = −1, dL/da_0^1 = w·δ = −0.6·−1
    exact = {"dL/da_0^1": F("0.6"), "dL/db_0^2": F(-1)}
    values = symbp.derive(nn231).values
    assert {n: F(str(values[n])) for n in exact} == exact
    answers = {n: f"{F(str(v)).numerator / F(str(v)).denominator:.4g}" for n, v in values.items()
               if n != "delta_0^2" and not n.startswith("local:da_0^1")}
    answers["local:da_0^2/dz_0^2"] = "1.000"
    assert symbp.check(nn231, answers).statuses[name] == "correct"
    answers[name] = str(exact[name] + F(off))
    assert symbp.check(nn231, answers).statuses[name] == "wrong"


def _sigmoid_231() -> str:
    """The built-in nn231 with sigmoid neurons and target 0.4 (the second reviewer's sig.toml)."""
    from symbp.resources import example_path

    text = example_path("nn231").read_text(encoding="utf-8")
    assert 'activation = "relu"' in text and "target = [1.5]" in text
    return text.replace('activation = "relu"', 'activation = "sigmoid"').replace("target = [1.5]", "target = [0.4]")


SIGMOID_231 = _sigmoid_231()


def test_a_value_from_steps_written_on_the_way_is_held_to_them():
    """The second reviewer's fwd_blank: the forward pass left out, dL/da_2^1 = −0.01183 and
    f'(z_2^1) = 0.1218 written; δ_2^1 = −0.001436 passed through the way that works both out again
    from the values left out, though the student's own product lies in [−0.0014421, −0.0014397]."""
    import math

    network = symbp.load(SIGMOID_231)
    z = 0.5 * 1 + 0.7 * 2 - 0.1  # z_2^1
    a = 1 / (1 + math.exp(-z))
    a4 = round(a, 4)  # 0.8581, as written: a(1 − a) through it is the f' the student writes
    assert f"{a4 * (1 - a4):.4g}" == "0.1218"
    # the reviewer's student (/tmp/rev45/a1/fwd_blank.toml): every value after the forward pass, to 4 digits
    answers = {"local:da_0^2/dz_0^2": "0.2464", "delta_0^2": "0.03942", "local:da_0^1/dz_0^1": "0.2350", "dL/da_0^1":
              "-0.02365", "delta_0^1": "-0.005558", "local:da_1^1/dz_1^1": "0.1873", "dL/da_1^1":
              "0.03548", "delta_1^1": "0.006645", "local:da_2^1/dz_2^1": "0.1218", "dL/da_2^1":
              "-0.01183", "dL/dw_00^2": "0.01488", "w_00^2@2": "-0.6015", "dL/dw_01^2": "0.02958",
              "w_01^2@2": "0.8970", "dL/dw_02^2": "0.03383", "w_02^2@2": "-0.3034", "dL/db_0^2":
              "0.03942", "b_0^2@2": "0.04606", "dL/dw_00^1": "-0.005558", "w_00^1@2": "0.2006",
              "dL/dw_01^1": "-0.01112", "w_01^1@2": "-0.3989", "dL/db_0^1": "-0.005558", "b_0^1@2":
              "0.1006", "dL/dw_10^1": "0.006645", "w_10^1@2": "-0.3007", "dL/dw_11^1": "0.01329",
              "w_11^1@2": "0.7987", "dL/db_1^1": "0.006645", "b_1^1@2": "-0.2007", "dL/dw_20^1":
              "-0.001441", "w_20^1@2": "0.5001", "dL/dw_21^1": "-0.002882", "w_21^1@2": "0.7003",
              "dL/db_2^1": "-0.001441", "b_2^1@2": "-0.09986", "z_0^1@2": "-0.4966", "z_1^1@2": "1.096",
              "z_2^1@2": "1.801", "a_0^1@2": "0.3783", "a_1^1@2": "0.7495", "a_2^1@2": "0.8583",
              "z_0^2@2": "0.2304", "a_0^2@2": "0.5573", "L@2": "0.01237"}
    low, high = -0.011835 * 0.12185, -0.011825 * 0.12175  # the student's own product
    for written, status in (("-0.001441", "correct"), ("-0.001436", "wrong")):
        inside = low - 5e-7 <= float(written) <= high + 5e-7
        assert inside == (status == "correct")
        statuses = symbp.check(network, answers | {"delta_2^1": written}).statuses
        assert statuses["delta_2^1"] == status, (written, statuses)


def test_a_careful_student_who_leaves_delta_out_keeps_the_gradients_from_it():
    """The third reviewer's s1_504: every δ left out, f'(z_2^1) worked from z (e^−1.8 = 0.1653, 1 + 0.1653
    kept as 1.165: a = 0.858369, a(1 − a) = 0.1216, written) and dL/da_2^1 = −0.01182 written; the
    gradients δ·x = −0.01182·0.1216 = −0.001437 were wrong when a δ left out was worked out without
    the values written on the way (the first fix of the nn231 case; a ReLU's f'(z) now reads exact)."""
    import math

    e = round(math.exp(-1.8), 4)
    a = 1 / round(1 + e, 3)
    assert (e, f"{a * (1 - a):.4g}", f"{-0.01182 * 0.1216:.4g}") == (0.1653, "0.1216", "-0.001437")
    answers = {"z_0^1": "-0.5000", "z_1^1": "1.100", "z_2^1": "1.800", "a_0^1": "0.3775", "a_1^1": "0.7502",
              "a_2^1": "0.8581", "z_0^2": "0.2413", "a_0^2": "0.5599", "L": "0.01279",
              "local:da_0^2/dz_0^2": "0.2464", "local:da_0^1/dz_0^1": "0.2350", "dL/da_0^1":
              "-0.02364", "local:da_1^1/dz_1^1": "0.1874", "dL/da_1^1": "0.03546",
              "local:da_2^1/dz_2^1": "0.1216", "dL/da_2^1": "-0.01182", "dL/dw_00^2": "0.01487",
              "w_00^2@2": "-0.6015", "dL/dw_01^2": "0.02956", "w_01^2@2": "0.8970", "dL/dw_02^2":
              "0.03381", "w_02^2@2": "-0.3034", "dL/db_0^2": "0.03940", "b_0^2@2": "0.04606",
              "dL/dw_00^1": "-0.005555", "w_00^1@2": "0.2006", "dL/dw_01^1": "-0.01111", "w_01^1@2":
              "-0.3989", "dL/db_0^1": "-0.005555", "b_0^1@2": "0.1006", "dL/dw_10^1": "0.006645",
              "w_10^1@2": "-0.3007", "dL/dw_11^1": "0.01329", "w_11^1@2": "0.7987", "dL/db_1^1":
              "0.006645", "b_1^1@2": "-0.2007", "dL/dw_20^1": "-0.001437", "w_20^1@2": "0.5001",
              "dL/dw_21^1": "-0.002874", "w_21^1@2": "0.7003", "dL/db_2^1": "-0.001437", "b_2^1@2":
              "-0.09986", "z_0^1@2": "-0.4966", "z_1^1@2": "1.096", "z_2^1@2": "1.801", "a_0^1@2":
              "0.3784", "a_1^1@2": "0.7495", "a_2^1@2": "0.8583", "z_0^2@2": "0.2304", "a_0^2@2":
              "0.5574", "L@2": "0.01239"}
    statuses = symbp.check(symbp.load(SIGMOID_231), answers).statuses
    assert {n: statuses[n] for n in ("dL/dw_20^1", "dL/dw_21^1", "dL/db_2^1")} == dict.fromkeys(
        ("dL/dw_20^1", "dL/dw_21^1", "dL/db_2^1"), "correct")
