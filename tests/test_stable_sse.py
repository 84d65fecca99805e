"""A softmax output saturated to 1 with a squared error (half_sse, mse) is printed without exit 3.

Its a-form, δ_i = Σ_j ∂L/∂a_j·a_j·(δ_ij − a_i) and L = c/2·Σ_j (y_j − a_j)², takes 1 − a_k from the
printed a_k: at a_k = 1 − 10^−122 no guard digits give it, and symbp ended in exit 3 ("cannot print
δ_0^1 …", or L where y_k = 1).  Now both are written with a_k − y_k = (1 − y_k) − Σ_(j≠k) a_j and
δ_i = c·a_i·Σ_(j≠i) a_j·((a_i − y_i) − (a_j − y_j)) (symbp/stable_sse.py; c = 1 for half_sse, 2/n for
mse).  The identities are checked here in Fractions against the chain rule; the printed text is read
back by tests/linecheck.py (its own parser and arithmetic), and its δ and L against mpmath's a-form
at 400 digits, from the spec's own numbers.
"""

from __future__ import annotations

import re
from fractions import Fraction

import mpmath
import pytest

from linecheck import check_text

# 1 − a_0 = 2.5·10^−122 (half_sse, soft targets: δ out of reach); 1 − a_1 = 2·10^−113 (mse, one-hot: L too)
HALF_SSE = {"layers": [1, 2], "loss": "half_sse", "learning_rate": "0.5", "input": ["2"], "target": ["0.8", "0.1"],
            "layer": [{"weights": [["70"], ["-70"]], "activation": "softmax", "biases": ["0", "0"]}]}
MSE = {"layers": [1, 3], "loss": "mse", "learning_rate": "0.5", "input": ["2"], "target": [0, 1, 0],
       "layer": [{"weights": [["-60"], ["70"], ["-65"]], "activation": "softmax", "biases": ["0.5", "0", "-0.5"]}]}


# ---- the identities, in Fractions -------------------------------------------------------------------
def _value(node, env: dict) -> Fraction:
    """A formula tree of symbp.formula worked out in Fractions (this test's own reading of it)."""
    kind = type(node).__name__
    if kind == "Ref":
        return env[node.name]
    if kind == "Const":
        return Fraction(node.value)
    if kind == "Add":
        return sum((_value(term, env) for term in node.terms), Fraction(0))
    if kind == "Sub":
        return _value(node.left, env) - _value(node.right, env)
    if kind == "Mul":
        product = Fraction(1)
        for factor in node.factors:
            product *= _value(factor, env)
        return product
    if kind == "Pow":
        return _value(node.base, env) ** node.exponent
    raise AssertionError(f"unexpected node {kind}")


@pytest.mark.parametrize("loss, outputs", [("half_sse", 2), ("mse", 2), ("mse", 3), ("half_sse", 4)])
def test_the_stable_forms_equal_the_chain_rule(loss, outputs):
    """At outputs summing to 1 (a_1 = 1 − 10^−9 the largest), the stable L and each δ_i equal
    c/2·Σ (y_j − a_j)² and Σ_j c·(a_j − y_j)·a_j·([i = j] − a_i), exactly; c = 1 (half_sse) or 2/n (mse)."""
    from symbp import derivation_quantities as D
    from symbp.spec import spec_from_dict
    from symbp.stable_sse import softmax_formula

    small = [Fraction(j + 2, 10**9 * (outputs + 3)) for j in range(outputs - 1)]
    a = small[:1] + [1 - sum(small)] + small[1:]
    y = [Fraction(3, 10), Fraction(1), Fraction(-1, 5), Fraction(0)][:outputs]
    table = {"layers": [1, outputs], "loss": loss, "learning_rate": "1", "input": ["1"], "target": [str(t) for t in y],
             "layer": [{"weights": [["1"]] * outputs, "activation": "softmax", "bias": False}]}
    spec = spec_from_dict(table)
    env = {**{f"a_{j}^1": a[j] for j in range(outputs)}, **{f"y_{j}": y[j] for j in range(outputs)},
           **{f"z_{j}^1": a[j] for j in range(outputs)}}  # (z orders as a: only the largest is asked)
    c = Fraction(1) if loss == "half_sse" else Fraction(2, outputs)
    loss_q = D.Quantity(name="L", kind=D.LOSS, layer=None, index=(), step=1, sample=None, formula=None)
    assert _value(softmax_formula(spec, loss_q, env.__getitem__), env) == c / 2 * sum((y[j] - a[j]) ** 2 for j in range(outputs))
    for i in range(outputs):
        q = D.Quantity(name=f"delta_{i}^1", kind=D.OUTPUT_DELTA, layer=1, index=(i,), step=1, sample=None, formula=None)
        chain = sum(c * (a[j] - y[j]) * a[j] * ((1 if i == j else 0) - a[i]) for j in range(outputs))
        assert _value(softmax_formula(spec, q, env.__getitem__), env) == chain, i


def test_an_output_not_near_1_keeps_its_a_form():
    """An output 0.9 has no stable form (the sentence on it would be false): None."""
    from symbp import derivation_quantities as D
    from symbp.spec import spec_from_dict
    from symbp.stable_sse import softmax_formula

    spec = spec_from_dict({**HALF_SSE, "layer": [{**HALF_SSE["layer"][0], "weights": [["1"], ["-0.1"]]}]})
    env = {"a_0^1": Fraction(9, 10), "a_1^1": Fraction(1, 10), "z_0^1": 1, "z_1^1": 0}
    q = D.Quantity(name="delta_0^1", kind=D.OUTPUT_DELTA, layer=1, index=(0,), step=1, sample=None, formula=None)
    assert softmax_formula(spec, q, env.__getitem__) is None


# ---- the printed text --------------------------------------------------------------------------------
def _printed(token: str) -> tuple[mpmath.mpf, mpmath.mpf]:
    """A printed number and half a unit of its last digit."""
    mantissa, _, exponent = token.replace("−", "-").partition("·10^")
    power = int(exponent) if exponent else 0
    decimals = len(mantissa.partition(".")[2])
    return mpmath.mpf(mantissa) * mpmath.mpf(10) ** power, mpmath.mpf(10) ** (power - decimals) / 2


def _expected(table: dict) -> dict:
    """L and each δ_i of step 1 by the a-form at 400 digits (softmax of z = w·x + b; the chain rule)."""
    with mpmath.workdps(400):
        layer, x = table["layer"][0], mpmath.mpf(table["input"][0])
        z = [mpmath.mpf(w[0]) * x + mpmath.mpf(b) for w, b in zip(layer["weights"], layer["biases"])]
        top = max(z)
        e = [mpmath.exp(zj - top) for zj in z]
        a = [ej / sum(e) for ej in e]
        y = [mpmath.mpf(str(t)) for t in table["target"]]
        n = len(a)
        c = mpmath.mpf(1) if table["loss"] == "half_sse" else mpmath.mpf(2) / n
        values = {"L": c / 2 * sum((yj - aj) ** 2 for aj, yj in zip(a, y))}
        for i in range(n):
            values[f"δ_{i}^1"] = sum(c * (a[j] - y[j]) * a[j] * ((1 if i == j else 0) - a[i]) for j in range(n))
        return values


@pytest.mark.parametrize("table, digits", [(HALF_SSE, 3), (MSE, 4)])
def test_a_deeply_saturated_softmax_with_a_squared_error_is_printed_right(table, digits):
    from symbp import api

    text = api.derive(api.spec_from_dict(table), digits, detail="neuron").to("text")
    violations, reader = check_text(text)
    assert violations == [] and reader.lines_checked > 20
    assert "≈†" not in text and "a_k − y_k = (1 − y_k) − Σ_(j≠k) a_j" in text
    step_1 = text.split("⑥")[0]
    lines = [line.strip() for line in step_1.splitlines()]
    for name, expected in _expected(table).items():
        line = [line for line in lines if line.startswith(f"{name} = ") and re.search(r"[=≈] \S*\d$", line)][-1]
        printed, half_unit = _printed(line.rsplit(" ", 1)[1])
        assert abs(printed - expected) <= half_unit, (name, line)


def test_the_sentence_is_written_in_every_format_and_locale():
    """The mse form's sentence, with 2/n, in Markdown and LaTeX (French)."""
    from symbp import api

    solution = api.derive(api.spec_from_dict(MSE), 4, locale="fr")
    tex = solution.to("tex")
    assert r"\frac{2}{n}" in solution.to("md") and "somme des sorties" in tex
    assert r"a_k - y_k = (1 - y_k) - \sum_{j \ne k} a_j" in tex


# a batch of two, RMSprop, 2 steps (benchmarks/survey_long_digits.py's seed 104): a line of step 2 out of
# reach made the planner ask for the batch's mean loss L@2 in the stable form, and softmax_formula looked
# up z_0^2@2, a name no batch has (its samples' are z_0^2[1]@2, ...): exit 70, "internal error (KeyError)"
BATCH_RMSPROP = {
    "layers": [3, 4, 2], "loss": "half_sse", "steps": 2, "learning_rate": "0.5", "optimizer": {"name": "rmsprop"},
    "inputs": [["0.5", "0.2", "1.3"], ["-1.6", "0.9", "-0.2"]], "targets": [["1.4", "0.4"], ["-0.6", "-0.3"]],
    "layer": [{"weights": [["0.4", "0.6", "-1.0"], ["-0.7", "0.8", "-0.8"], ["0.3", "-0.3", "0.3"], ["0.7", "0.2", "-0.2"]],
               "activation": "relu", "biases": ["0.2", "0.3", "-0.2", "-0.1"]},
              {"weights": [["0.1", "-0.5", "-0.6", "0.1"], ["-0.8", "0.2", "0.6", "0.7"]],
               "activation": "softmax", "biases": ["-0.2", "0.8"]}]}


def test_a_batch_mean_loss_has_no_stable_form_and_its_solution_is_printed():
    """softmax_formula gives None for every quantity that is neither one sample's loss nor an output δ
    (without reading any value), and the batch above is printed, every line following from its numbers."""
    from symbp import api
    from symbp import derivation_quantities as D
    from symbp.pipeline import derive_solution
    from symbp.spec import spec_from_dict
    from symbp.stable_sse import softmax_formula

    spec = spec_from_dict(BATCH_RMSPROP)
    solution, _ = derive_solution(spec)

    def unread(name):
        raise AssertionError(f"read {name}")

    others = [q for q in solution.derivation.quantities if q.kind not in (D.SAMPLE_LOSS, D.OUTPUT_DELTA)]
    assert any(q.kind == D.LOSS and q.step == 2 for q in others)
    assert all(softmax_formula(spec, q, unread) is None for q in others)
    violations, reader = check_text(api.derive(api.spec_from_dict(BATCH_RMSPROP), 4).to("text"))
    assert violations == [] and reader.lines_checked > 100
