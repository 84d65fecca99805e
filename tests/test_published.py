"""Published worked examples reproduce their printed numbers.

Each expected number below is copied from the publication cited beside it (or, for nn231, worked
by hand in the comments), never from symbp's output.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbp.pipeline import derive_solution
from symbp.resources import example_path
from symbp.spec import load_spec, spec_from_dict

# Matt Mazur, "A Step by Step Backpropagation Example" (2015),
# https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/
# His numbering -> w^l_jk (j = receiving neuron, k = sending neuron, 0-based):
#   net_h1 = w1·i1 + w2·i2 + b1  ->  w^1_00 = w1, w^1_01 = w2;   net_h2 = w3·i1 + w4·i2 + b1 -> w^1_10, w^1_11
#   net_o1 = w5·h1 + w6·h2 + b2  ->  w^2_00 = w5, w^2_01 = w6;   net_o2 = w7·h1 + w8·h2 + b2 -> w^2_10, w^2_11
# His biases b1, b2 are shared by a layer's neurons and never updated: here they are per-neuron
# biases (0.35, 0.35), (0.60, 0.60), which changes none of the numbers below.
MAZUR = {
    "layers": [2, 2, 2], "activation": "sigmoid", "loss": "half_sse", "learning_rate": 0.5,
    "input": [0.05, 0.10], "target": [0.01, 0.99],
    "layer": [{"weights": [[0.15, 0.20], [0.25, 0.30]], "biases": [0.35, 0.35]},
              {"weights": [[0.40, 0.45], [0.50, 0.55]], "biases": [0.60, 0.60]}],
}

MAZUR_PRINTED = {
    "z_0^1": 0.3775,             # net_h1
    "a_0^1": 0.593269992,        # out_h1
    "a_1^1": 0.596884378,        # out_h2
    "z_0^2": 1.105905967,        # net_o1
    "a_0^2": 0.75136507,         # out_o1
    "a_1^2": 0.772928465,        # out_o2
    "L": 0.298371109,            # E_total
    "dL/dw_00^2": 0.082167041,   # ∂E_total/∂w5
    "w_00^2@2": 0.35891648,      # w5+
    "w_01^2@2": 0.408666186,     # w6+
    "w_10^2@2": 0.511301270,     # w7+
    "w_11^2@2": 0.561370121,     # w8+
    "dL/dw_00^1": 0.000438568,   # ∂E_total/∂w1
    "w_00^1@2": 0.149780716,     # w1+
    "w_01^1@2": 0.19956143,      # w2+
    "w_10^1@2": 0.24975114,      # w3+
    "w_11^1@2": 0.29950229,      # w4+
}


def printed_digits(value: float) -> float:
    """Half a unit in the last printed decimal place."""
    text = repr(value)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -decimals


@pytest.fixture(scope="module")
def mazur():
    solution, report = derive_solution(spec_from_dict(MAZUR, name="mazur"))
    return solution


@pytest.mark.parametrize("name,printed", sorted(MAZUR_PRINTED.items()))
def test_mazur_printed_numbers(mazur, name, printed):
    assert float(mazur[name]) == pytest.approx(printed, abs=printed_digits(printed) * 1.0001)


def test_mazur_example_is_built_in():
    """examples/mazur.toml is the same network."""
    spec = load_spec(example_path("mazur"))
    solution, _ = derive_solution(spec)
    assert float(solution["L"]) == pytest.approx(0.298371109, abs=5e-10)
    assert float(solution["w_00^2@2"]) == pytest.approx(0.35891648, abs=5e-9)


# "Backpropagation: a manual calculation, digit by digit" (fiqlab),
# https://fiqlab.vercel.app/blog/backpropagation-manual-calculation — Mazur's hidden layer with one
# sigmoid output neuron: w5 = 0.40, w6 = 0.45, b_o = 0.60, target 0.01, η = 0.5, printed to 5 decimals.
FIQLAB = {
    "layers": [2, 2, 1], "activation": "sigmoid", "loss": "half_sse", "learning_rate": 0.5,
    "input": [0.05, 0.10], "target": [0.01],
    "layer": [{"weights": [[0.15, 0.20], [0.25, 0.30]], "biases": [0.35, 0.35]},
              {"weights": [[0.40, 0.45]], "biases": [0.60]}],
}
FIQLAB_PRINTED = {"z_0^1": 0.3775, "a_0^1": 0.59327, "z_1^1": 0.3925, "a_1^1": 0.59688, "z_0^2": 1.10591, "a_0^2": 0.75137}


@pytest.mark.parametrize("name,printed", sorted(FIQLAB_PRINTED.items()))
def test_fiqlab_printed_numbers(name, printed):
    solution, _ = derive_solution(spec_from_dict(FIQLAB))
    assert float(solution[name]) == pytest.approx(printed, abs=printed_digits(printed) * 1.0001)


# nn231 (issue 2's acceptance values), worked by hand:
#   z^1 = W^1 x + b^1 = (0.2−0.8+0.1, −0.3+1.6−0.2, 0.5+1.4−0.1) = (−0.5, 1.1, 1.8); a^1 = (0, 1.1, 1.8)
#   z^2 = −0.6·0 + 0.9·1.1 − 0.3·1.8 + 0.05 = 0.99 − 0.54 + 0.05 = 0.5;  L = ½(1.5 − 0.5)² = 0.5
#   δ^2 = a − y = −1;  ∂L/∂w^2 = δ^2 a^1 = (0, −1.1, −1.8);  δ^1 = W^2ᵀ δ^2 ⊙ ReLU'(z^1) = (0, −0.9, 0.3)
#   w^1@2 = w^1 − 0.1·δ^1 xᵀ, b^1@2 = b^1 − 0.1·δ^1, w^2@2 = w^2 − 0.1·(0, −1.1, −1.8), b^2@2 = 0.05 + 0.1
#   z^1@2 = (0.2−0.8+0.1, −0.21+1.96−0.11, 0.47+1.28−0.13) = (−0.5, 1.64, 1.62)
#   z^2@2 = 1.01·1.64 − 0.12·1.62 + 0.15 = 1.6564 − 0.1944 + 0.15 = 1.612;  L@2 = ½(1.5 − 1.612)² = 0.006272
NN231 = {
    "z_0^1": "-0.5", "z_1^1": "1.1", "z_2^1": "1.8", "a_0^1": "0", "a_1^1": "1.1", "a_2^1": "1.8",
    "z_0^2": "0.5", "a_0^2": "0.5", "L": "0.5", "delta_0^2": "-1",
    "dL/dw_00^2": "0", "dL/dw_01^2": "-1.1", "dL/dw_02^2": "-1.8", "dL/db_0^2": "-1",
    "delta_0^1": "0", "delta_1^1": "-0.9", "delta_2^1": "0.3",
    "dL/dw_00^1": "0", "dL/dw_01^1": "0", "dL/dw_10^1": "-0.9", "dL/dw_11^1": "-1.8", "dL/dw_20^1": "0.3",
    "dL/dw_21^1": "0.6", "dL/db_0^1": "0", "dL/db_1^1": "-0.9", "dL/db_2^1": "0.3",
    "w_00^1@2": "0.2", "w_01^1@2": "-0.4", "w_10^1@2": "-0.21", "w_11^1@2": "0.98", "w_20^1@2": "0.47",
    "w_21^1@2": "0.64", "b_0^1@2": "0.1", "b_1^1@2": "-0.11", "b_2^1@2": "-0.13",
    "w_00^2@2": "-0.6", "w_01^2@2": "1.01", "w_02^2@2": "-0.12", "b_0^2@2": "0.15",
    "z_0^1@2": "-0.5", "z_1^1@2": "1.64", "z_2^1@2": "1.62", "z_0^2@2": "1.612", "a_0^2@2": "1.612",
    "L@2": "0.006272",
}


@pytest.fixture(scope="module")
def nn231():
    solution, _ = derive_solution(load_spec(example_path("nn231")))
    return solution


@pytest.mark.parametrize("name,value", sorted(NN231.items()))
def test_nn231_acceptance_values_exactly(nn231, name, value):
    assert nn231.exact
    assert nn231[name] == Fraction(value)
