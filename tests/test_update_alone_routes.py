"""An updated parameter written alone, everything before it left blank: right when a careful route gives it.

A careful student (README "Rounding on the way") rounds every value the sheet names — z, a, δ, Σ_k w·δ,
f'(z) through a, ∂L/∂w, α·∂L/∂w — and every step inside the activations (σ: e^−z, 1 + e^−z; tanh: 2z,
e^{±2z}, e^{2z} ∓ 1, e^{2z} + 1; softmax: each e^{z_i} or z_i − max z and its e^, the running Σ) to the
sheet's 4 significant digits, keeps the products and the running sums of z and Σ_k w·δ whole, and writes
only the updates.  Such a route rounds e^z three and more levels below the update, deeper than the
marking's two levels of intervals followed values left out (student_spans.LEFT_OUT_LEVELS): each of these
updates was marked wrong before route_search.py (a careful student simulation, /tmp/s50 of stop 50).
The student's working is done here with Fractions (exp and ln with Decimal at 50 digits), independently
of symbp.  The slips are numbers at least two units of the last digit beyond every route two searches
found — the marking's own and an independent simulator's coordinate search over each value's rounding
(4, 5, 6 digits or whole) and each way of working σ, tanh, softmax and f'(z) — and must stay wrong.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction as F

import pytest

import symbp


def four(x: F) -> F:
    """x rounded to 4 significant digits, half away from zero."""
    if x == 0:
        return x
    with localcontext() as c:
        c.prec = 80
        d = Decimal(x.numerator) / Decimal(x.denominator)
        return F(d.quantize(Decimal(1).scaleb(d.adjusted() - 3), rounding=ROUND_HALF_UP))


def exp(x: F) -> F:
    with localcontext() as c:
        c.prec = 50
        return F((Decimal(x.numerator) / Decimal(x.denominator)).exp())


def ln(x: F) -> F:
    with localcontext() as c:
        c.prec = 50
        return F((Decimal(x.numerator) / Decimal(x.denominator)).ln())


def activation(kind: str, zs: list, way: str) -> list:
    """Each neuron's a, worked in rounded steps."""
    if kind == "sigmoid":
        return [four(1 / four(1 + four(exp(-z)))) for z in zs]
    if kind == "tanh" and way == "e^2z":
        return [four(four(e - 1) / four(e + 1)) for e in (four(exp(four(2 * z))) for z in zs)]
    if kind == "tanh":
        return [four(four(1 - e) / four(1 + e)) for e in (four(exp(four(-2 * z))) for z in zs)]
    if kind == "identity":
        return list(zs)
    if way == "max z":  # softmax, the stable way
        top = max(range(len(zs)), key=lambda i: zs[i])
        exps = [F(1) if i == top else four(exp(four(z - zs[top]))) for i, z in enumerate(zs)]
    else:
        exps = [four(exp(z)) for z in zs]
    total = exps[0]
    for e in exps[1:]:
        total = four(total + e)
    return [four(e / total) for e in exps]


def slope(kind: str, a: F) -> F:
    """f'(z) through a, its inner step rounded too."""
    if kind == "sigmoid":
        return four(a * four(1 - a))
    if kind == "tanh":
        return four(1 - four(a * a))
    return F(1)


def careful(spec: dict, tanh_way: str, softmax_way: str) -> dict:
    """The route's updates (exact, before they are written) and its L."""
    layers = spec["layer"]
    kinds = [layer.get("activation", spec["activation"]) for layer in layers]
    W = [[[F(str(w)) for w in row] for row in layer["weights"]] for layer in layers]
    B = [[F(str(b)) for b in layer["biases"]] for layer in layers]
    x, y, alpha = [F(str(v)) for v in spec["input"]], [F(str(v)) for v in spec["target"]], F(str(spec["learning_rate"]))
    a = [x]
    for w, b, kind in zip(W, B, kinds):
        zs = [four(sum((wk * ak for wk, ak in zip(row, a[-1])), F(0)) + bj) for row, bj in zip(w, b)]
        a.append(activation(kind, zs, softmax_way if kind == "softmax" else tanh_way))
    if kinds[-1] == "softmax":  # with cross-entropy: δ = a − y
        delta = [four(aj - yj) for aj, yj in zip(a[-1], y)]
        loss = four(-sum((yj * ln(aj) for aj, yj in zip(a[-1], y) if yj), F(0)))
    else:  # half the squared error
        delta = [four((aj - yj) * slope(kinds[-1], aj)) if kinds[-1] != "identity" else aj - yj
                 for aj, yj in zip(a[-1], y)]
        loss = None
    deltas = [delta]
    for layer in range(len(layers) - 1, 0, -1):
        back = [four(sum((W[layer][j][k] * d for j, d in enumerate(deltas[0])), F(0))) for k in range(len(a[layer]))]
        deltas.insert(0, [four(s * slope(kinds[layer - 1], ak)) for s, ak in zip(back, a[layer])])
    out = {"L": loss}
    for l, ds in enumerate(deltas, start=1):
        for j, d in enumerate(ds):
            for k, ak in enumerate(a[l - 1]):
                g = four(d * ak)
                out[f"w_{j}{k}^{l}@2"] = W[l - 1][j][k] - (g if alpha == 1 else four(alpha * g))
            out[f"b_{j}^{l}@2"] = B[l - 1][j] - (d if alpha == 1 else four(alpha * d))
    return out


def written(value: F, units: int = 0) -> str:
    """The number at 4 significant digits, moved by `units` units of its last digit, as written."""
    r = four(value)
    d = Decimal(r.numerator) / Decimal(r.denominator)
    step = Decimal(1).scaleb(d.adjusted() - 3)
    return str((d + units * step).quantize(step))


SIGMOID_SOFTMAX = {"layers": [2, 2, 3], "activation": "sigmoid", "loss": "cross_entropy", "learning_rate": 1,
                   "input": [0.3, 1.1], "target": [0, 0, 1],
                   "layer": [{"weights": [[-0.9, -0.1], [0.6, -0.8]], "biases": [-0.4, 0.35]},
                             {"weights": [[-0.5, 0.3], [0.6, 0.85], [-0.45, -0.8]], "biases": [0.7, 0.1, -0.85],
                              "activation": "softmax"}]}
TANH_SOFTMAX = {"layers": [2, 2, 3], "activation": "tanh", "loss": "cross_entropy", "learning_rate": 0.1,
                "input": [1.9, 1.5], "target": [0, 1, 0],
                "layer": [{"weights": [[-0.5, -0.7], [0.9, -0.75]], "biases": [-0.5, 0.3]},
                          {"weights": [[0.7, 0.5], [0.75, -0.85], [0.4, -0.85]], "biases": [-0.7, -0.65, -0.6],
                           "activation": "softmax"}]}
TANH_TANH = {"layers": [2, 2, 2], "activation": "tanh", "loss": "half_sse", "learning_rate": 0.1,
             "input": [-1.8, -1.4], "target": [0.1, 0.5],
             "layer": [{"weights": [[0.2, -0.5], [-0.6, -0.3]], "biases": [0.55, -0.1]},
                       {"weights": [[-0.5, -0.45], [0.2, 0.95]], "biases": [-0.4, 0.35], "activation": "tanh"}]}
TANH_IDENTITY = {"layers": [2, 2, 2], "activation": "tanh", "loss": "half_sse", "learning_rate": 0.1,
                 "input": [1.1, -1.6], "target": [0.9, 0.9],
                 "layer": [{"weights": [[0.1, 0.5], [0.9, 0.9]], "biases": [0.2, -0.05]},
                           {"weights": [[-0.6, -0.7], [-0.5, 0.5]], "biases": [-0.2, 0.8], "activation": "identity"}]}

# (spec, tanh's way, softmax's way, the update, what the route writes, slips: units off the route's number,
# each two or more units beyond the routes found; the routes' reach in units from the true value is in the comment)
CASES = [
    (SIGMOID_SOFTMAX, "e^2z", "max z", "w_01^2@2", "0.1042", (3, -5)),  # reach −1.12…+0.88; this route +0.88
    (SIGMOID_SOFTMAX, "e^2z", "max z", "w_01^1@2", "-0.2093", (-3, 4)),  # −0.88…+0.62; this route −0.88
    (TANH_SOFTMAX, "e^-2z", "plain", "w_10^1@2", "0.8348", (3, -5)),  # −0.41…+0.51; this route +0.19
    (TANH_TANH, "e^2z", "max z", "b_0^1@2", "0.5417", (2, -3)),  # −0.12…+0.16; this route +0.10
    (TANH_IDENTITY, "e^-2z", "plain", "w_00^1@2", "0.06905", (6, -4)),  # −2.17…+2.23; this route −1.17
]


@pytest.mark.parametrize("spec, tanh_way, softmax_way, name, number, slips", CASES,
                         ids=[f"{c[0]['activation']}-{c[0]['layer'][-1]['activation']}-{c[3]}" for c in CASES])
def test_an_update_written_alone_is_right_when_a_careful_route_gives_it(spec, tanh_way, softmax_way, name, number,
                                                                       slips):
    route = careful(spec, tanh_way, softmax_way)
    assert written(route[name]) == number  # (the student's own working, here)
    marked = symbp.check(symbp.spec_from_dict(spec), {name: number}, digits=4).statuses[name]
    assert marked == "correct"


@pytest.mark.parametrize("spec, tanh_way, softmax_way, name, number, slips", CASES,
                         ids=[f"{c[0]['activation']}-{c[0]['layer'][-1]['activation']}-{c[3]}" for c in CASES])
def test_a_slip_beyond_every_route_stays_wrong(spec, tanh_way, softmax_way, name, number, slips):
    route = careful(spec, tanh_way, softmax_way)
    for units in slips:
        slip = written(route[name], units)
        marked = symbp.check(symbp.spec_from_dict(spec), {name: slip}, digits=4).statuses[name]
        assert marked == "wrong", slip


def test_every_update_of_a_route_at_once_and_its_loss():
    """The whole sheet's updates written, and L, the rest blank: each right (the route reads e^{z_i}
    alike for every output, and the same rounded a in z, in f'(z) and in ∂L/∂w)."""
    route = careful(SIGMOID_SOFTMAX, "e^2z", "max z")
    answers = {name: written(value) for name, value in route.items() if value is not None}
    statuses = symbp.check(symbp.spec_from_dict(SIGMOID_SOFTMAX), answers, digits=4).statuses
    assert {name: statuses[name] for name in answers} == dict.fromkeys(answers, "correct")


def test_a_wrong_update_is_marked_quickly():
    """A number far beyond every route is wrong without a long search (route_search's first-order reach)."""
    import time

    spec = symbp.spec_from_dict(TANH_SOFTMAX)
    start = time.monotonic()
    assert symbp.check(spec, {"w_10^1@2": "0.8448"}, digits=4).statuses["w_10^1@2"] == "wrong"
    assert time.monotonic() - start < 5


def rounded(x: F, digits: int | None) -> F:
    """x rounded to some significant digits, half away from zero (None: kept whole)."""
    if digits is None or x == 0:
        return x
    with localcontext() as c:
        c.prec = 80
        d = Decimal(x.numerator) / Decimal(x.denominator)
        return F(d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP))


def steps3_delta(plan: dict) -> F:
    """steps3 (three SGD steps of nn231's ReLU network, half_sse, α = 0.1): δ_0^2@3 as a student works it,
    each value `plan` names (step:value) rounded to those digits, the rest kept whole."""
    W1 = [[F("0.2"), F("-0.4")], [F("-0.3"), F("0.8")], [F("0.5"), F("0.7")]]
    b1, W2, b2 = [F("0.1"), F("-0.2"), F("-0.1")], [F("-0.6"), F("0.9"), F("-0.3")], F("0.05")
    x, y, alpha = (F(1), F(2)), F("1.5"), F("0.1")

    def r(label: str, value: F) -> F:
        return rounded(value, plan.get(label))

    for t in (1, 2, 3):
        z1 = [r(f"{t}:z1{j}", r(f"{t}:w1{j}0*x0+w1{j}1*x1", r(f"{t}:w1{j}0*x0", W1[j][0] * x[0]) +
                                 r(f"{t}:w1{j}1*x1", W1[j][1] * x[1])) + b1[j]) for j in range(3)]
        a1 = [max(z, F(0)) for z in z1]
        p = [r(f"{t}:w2{k}*a{k}", W2[k] * a1[k]) for k in range(3)]
        z2 = r(f"{t}:z2", r(f"{t}:p012", r(f"{t}:p01", p[0] + p[1]) + p[2]) + b2)
        delta = r(f"{t}:a-y", max(z2, F(0)) - y)
        if t == 3:
            return delta
        g2 = [r(f"{t}:g2{k}", delta * a1[k]) for k in range(3)]
        d1 = [r(f"{t}:w2{k}*d", W2[k] * delta) if z1[k] > 0 else F(0) for k in range(3)]
        W1 = [[r(f"{t + 1}:w1{j}{k}", W1[j][k] - alpha * r(f"{t}:g1{j}{k}", d1[j] * x[k])) for k in range(2)]
              for j in range(3)]
        b1 = [r(f"{t + 1}:b1{j}", b1[j] - alpha * d1[j]) for j in range(3)]
        W2 = [r(f"{t + 1}:w2{k}", W2[k] - alpha * g2[k]) for k in range(3)]
        b2 = b2 - alpha * delta


# two careful routes through steps3, each value they round rounded to 4, 5, 6, 8 or 9 significant digits
STEPS3_ROUTES = {
    "-0.02590": {"2:w21*a1": 4, "2:g21": 4, "2:g22": 5, "2:w21*d": 4, "2:w22*d": 4, "3:w111": 4, "3:w120": 4,
                 "3:b12": 4, "3:w110*x0+w111*x1": 4, "3:z11": 4, "3:w121*x1": 4, "3:w120*x0+w121*x1": 4,
                 "3:p012": 6, "3:z2": 5},
    "-0.02659": {"2:w21*a1": 4, "2:g21": 4, "2:g22": 5, "2:w21*d": 4, "2:w22*d": 4, "3:w111": 4, "3:b12": 4,
                 "3:w120*x0": 4, "3:w121*x1": 5, "3:w120*x0+w121*x1": 4, "3:w21*a1": 9, "3:w22*a2": 8,
                 "3:p01": 5, "3:p012": 6},
}


@pytest.mark.parametrize("number", sorted(STEPS3_ROUTES))
def test_a_delta_written_alone_that_a_careful_route_gives_is_right(number):
    """steps3's δ_0^2@3 (true −0.027135) written alone: −0.02659 and −0.02590 were taken for numbers no way
    gives (tests/test_check_every_operation.py, before route_search.py); each is what a careful route gives
    — a few products, partial sums and updated weights rounded to the sheet's 4 digits, some to 5 or 6, the
    rest kept (z of the last step is ≈ 1.47: one rounding to 4 digits moves δ by up to 50 units of its last
    digit)."""
    assert written(steps3_delta(STEPS3_ROUTES[number])) == number
    assert written(steps3_delta({})) == "-0.02713"
    marked = symbp.check(symbp.example("steps3"), {"delta_0^2@3": number}).statuses["delta_0^2@3"]
    assert marked == "correct"


def test_a_new_z_after_a_written_sum_that_a_careful_route_gives_is_right():
    """tests/test_check_kept_written.py took z_1^1@2 = −0.09785 for "a number no calculator gives" after
    δ_0^2 = 4.846 and dL/da_1^1 = 4.119 written: a student whose z^2 is 3.7463 (0.85·a_1^1 rounded to 4
    digits, z^2 to 5) keeps δ = 4.8463 (written 4.846) and 0.85·δ = 4.1194 (to 5 digits; written 4.119),
    rounds ∂L/∂w_10^1 to 4 digits, ∂L/∂w_11^1 to 6, w_11^1@2 and the products of z_1^1@2 to 5: −0.09785."""
    x, W2 = (F("-1.89"), F("1.58")), (F("0.69"), F("0.85"), F("0.63"))
    z1 = [F("-0.3") * x[0] + F("0.2") * x[1] + F("0.5"), F("-0.6") * x[0] + F("1.0") * x[1] + F("0.1"),
          F("0.9") * x[0] + F("0.9") * x[1] + F("0.2")]
    a1 = [max(z, F(0)) for z in z1]
    z2 = rounded(W2[0] * a1[0] + rounded(W2[1] * a1[1], 4) + W2[2] * a1[2] + F("0.4"), 5)
    delta = z2 - F("-1.1")
    back = rounded(W2[1] * delta, 5)  # dL/da_1^1 (z_1^1 = 2.814 > 0: δ_1^1 the same)
    w10 = F("-0.6") - F("0.1") * rounded(back * x[0], 4)
    w11 = rounded(F("1.0") - F("0.1") * rounded(back * x[1], 6), 5)
    z = rounded(w10 * x[0], 5) + rounded(w11 * x[1], 5) + (F("0.1") - F("0.1") * back)
    assert (written(delta), written(back), written(z)) == ("4.846", "4.119", "-0.09785")
    spec = symbp.spec_from_dict({"layers": [2, 3, 1], "activation": "relu", "loss": "half_sse", "learning_rate": 0.1,
                                 "input": [-1.89, 1.58], "target": [-1.1],
                                 "layer": [{"weights": [[-0.3, 0.2], [-0.6, 1.0], [0.9, 0.9]], "biases": [0.5, 0.1, 0.2]},
                                           {"weights": [[0.69, 0.85, 0.63]], "biases": [0.4], "activation": "identity"}]})
    answers = {"delta_0^2": "4.846", "dL/da_1^1": "4.119", "z_1^1@2": "-0.09785"}
    assert symbp.check(spec, answers).statuses["z_1^1@2"] == "correct"
