"""The verification of adaptive optimizers where their update is ill-conditioned, and numbers that
cannot be verified (issue: a new user's exit 3 on valid specs).

At a gradient that is exactly 0, float64's gradient is round-off (0.1 + 0.2 − 0.3 ≈ 5.6e−17), and
Adam's m̂/(√v̂ + ε), RMSprop's and AdaGrad's g/(√v + ε) turn it into a step of about α·g/(|g| + ε):
a float64 run from the spec's numbers cannot know such a step.  The verification recomputes each
step in float64 from the exact engine's parameters, gradients and states of that step
(verify.py); these tests hold that valid specs pass, that the float64 run alone would indeed have
moved (so the tests exercise the case), and that wrong updates planted in the exact solution are
still refused.  Expected values are by hand: nothing moves where the gradient is 0.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

from helpers import symbp_here
from symbp.errors import VerificationError
from symbp.evaluate import solve
from symbp.float_path import float_solution
from symbp.spec import parse_spec, spec_from_dict
from symbp.verify import verify

OPTIMIZERS = {"adam": 'name = "adam"', "rmsprop": 'name = "rmsprop"', "adagrad": 'name = "adagrad"',
              "momentum": 'name = "momentum"', "nesterov": 'name = "momentum"\nnesterov = true'}
ILL_CONDITIONED = ("adam", "rmsprop", "adagrad")


def tie(optimizer: str, steps: int = 2) -> str:
    """A new user's spec: 0.1·1 + 0.2 = 0.3 = y, so the loss and every gradient are exactly 0."""
    return (f'layers = [1, 1]\nactivation = "relu"\nloss = "half_sse"\nlearning_rate = 0.1\nsteps = {steps}\n'
            f'input = [1]\ntarget = [0.3]\n[[layer]]\nweights = [[0.1]]\nbiases = [0.2]\n[optimizer]\n{OPTIMIZERS[optimizer]}\n')


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_a_zero_gradient_moves_nothing_and_is_verified(optimizer):
    solution = solve(parse_spec(tie(optimizer)))
    verify(solution)
    for t in (2, 3):  # by hand: g = 0 at every step, so every state is 0 and nothing moves
        assert solution.values[f"w_00^1@{t}"] == Fraction(1, 10) and solution.values[f"b_0^1@{t}"] == Fraction(1, 5)
        assert solution.values[f"L@{t}"] == 0
    floats, _ = float_solution(solution.spec)  # float64 alone, from the spec's numbers
    assert floats["dL/dw_00^1"] != 0  # round-off, not 0
    if optimizer in ILL_CONDITIONED:  # ... which the update turns into a step beyond the tolerance
        assert abs(floats["w_00^1@2"] - 0.1) > 1e-9 * 0.1


# 2-2-2 tanh with softmax and cross-entropy whose output layer has a tied column (w_00^2 = w_10^2):
# Σ_j w_j0^2·δ_j^2 = w·(a_0 + a_1 − 1) = 0 exactly, so hidden neuron 0's gradients are 0 at step 1.
TIED = {
    "adagrad": ([1, 2], [[0.6, -0.5], [-0.9, -0.7]], [-0.3, 0.7], [[0.2, 0.5], [0.2, 0.9]], [-0.2, -0.8]),
    "rmsprop": ([-1, 2], [[0.0, 0.1], [-0.7, 0.7]], [0.9, 0.0], [[-0.2, 0.8], [-0.2, 0.7]], [0.4, 0.4]),
    "adam": ([-1, 2], [[0.3, 0.1], [-0.7, 0.7]], [0.9, 0.0], [[-0.2, 0.8], [-0.2, 0.7]], [0.4, 0.4]),
}


def tied(optimizer: str) -> dict:
    x, w1, b1, w2, b2 = TIED[optimizer]
    return {"layers": [2, 2, 2], "activation": "tanh", "loss": "cross_entropy", "learning_rate": 0.1, "steps": 2,
            "input": x, "target": [1, 0], "optimizer": {"name": optimizer},
            "layer": [{"weights": w1, "biases": b1}, {"weights": w2, "biases": b2, "activation": "softmax"}]}


@pytest.mark.parametrize("optimizer", TIED)
def test_an_irrational_network_with_a_zero_gradient_is_verified(optimizer):
    solution = solve(spec_from_dict(tied(optimizer)))
    verify(solution)
    x, w1, b1, _, _ = TIED[optimizer]
    for k in range(2):
        assert solution.values[f"dL/dw_0{k}^1"] == 0  # the tie, by hand
        assert solution.values[f"w_0{k}^1@2"] == Fraction(str(w1[0][k]))  # g = 0: no step, the states stay 0
    assert solution.values["b_0^1@2"] == Fraction(str(b1[0]))
    floats, _ = float_solution(solution.spec)
    worst = max(abs(floats[n] - float(v)) / max(abs(float(v)), 1e-3) for n, v in solution.values.items())
    assert worst > 1e-9  # float64 alone would have refused this valid spec


# ---- wrong updates planted in the exact solution are still refused -----------------------------------
ADAM2 = """layers = [2, 2, 1]
activation = "tanh"
loss = "half_sse"
learning_rate = 0.1
steps = 2
input = [1, -2]
target = [0.5]
[[layer]]
weights = [[0.3, -0.2], [0.4, 0.1]]
biases = [0.1, -0.3]
[[layer]]
activation = "identity"
weights = [[0.6, -0.5]]
biases = [0.2]
[optimizer]
name = "adam"
"""


def _mp(value):
    return mpmath.mpf(value.numerator) / value.denominator if isinstance(value, Fraction) else mpmath.mpf(value)


def _plants(v: dict, given: dict) -> list:
    """[(name, a wrong value of the kind a wrong engine would compute)] (at 60 digits)."""
    alpha, b1, b2, eps = (_mp(given[k]) for k in ("alpha", "beta1", "beta2", "eps"))
    w, w2, m, vh = _mp(given["w_00^1"]), _mp(v["w_00^1@2"]), _mp(v["m_w_00^1@2"]), _mp(v["vhat_w_00^1"])
    mh1 = _mp(v["mhat_w_00^1"])
    return [
        ("mhat_w_00^1@2", m / (1 - b1)),  # bias correction with β1^1 at step 2
        ("w_00^1@2", 2 * w - w2),  # the step's sign
        ("w_00^1@2", w - alpha * mh1 / mpmath.sqrt(vh + eps)),  # ε inside the root
        ("w_00^1@2", w - (_mp(given["w_01^1"]) - _mp(v["w_01^1@2"]))),  # w_01^1's step
        ("v_w_00^1@2", b2 * _mp(v["v_w_00^1"]) + (1 - b2) * _mp(v["dL/dw_00^1@2"])),  # g, not g²
        ("z_0^1@3", _mp(v["z_0^1@3"]) * (1 + mpmath.mpf(10) ** -7)),  # a later step's forward pass
    ]


@pytest.fixture(scope="module")
def adam2():
    solution = solve(parse_spec(ADAM2))
    verify(solution)
    return solution


@pytest.mark.parametrize("plant", range(6))
def test_a_wrong_update_is_refused(adam2, plant):
    with mpmath.workdps(60):
        name, wrong = _plants(adam2.values, adam2.givens)[plant]
    original = adam2.values[name]
    assert abs(float(wrong) - float(original)) > 1e-8 * abs(float(original))  # a real error, not noise
    adam2.values[name] = wrong
    try:
        with pytest.raises(VerificationError, match="plain float64 arithmetic gives"):
            verify(adam2)
    finally:
        adam2.values[name] = original


@pytest.mark.parametrize("name, wrong", [("w_00^1@3", Fraction(1, 10) - Fraction(1, 10**7)),  # a step at g = 0
                                         ("m_w_00^1", Fraction(1, 10**9)), ("vhat_w_00^1@2", Fraction(1, 10**6))])
def test_a_wrong_step_at_a_zero_gradient_is_refused(name, wrong):
    solution = solve(parse_spec(tie("adam")))
    solution.values[name] = wrong
    with pytest.raises(VerificationError, match="plain float64 arithmetic gives"):
        verify(solution)


# ---- the new user's files, and numbers that cannot be verified: exit 2 ------------------------------------
def test_the_new_users_adam_tie_is_written(tmp_path):
    (tmp_path / "adamtie.toml").write_text(tie("adam", steps=1))
    result = symbp_here("derive", tmp_path / "adamtie.toml", "-o", tmp_path / "out.txt")
    assert result.returncode == 0, result.stderr
    assert "w_00^1@2 = w_00^1 − (α·m̂_w_00^1)/(√(v̂_w_00^1) + ε) = 0.1 − (0.1·0)/(√0 + 1·10^−8) = 0.1" in (
        tmp_path / "out.txt").read_text()


def test_values_beyond_float64_are_bad_input(tmp_path):
    spec = tmp_path / "big.toml"
    spec.write_text('layers = [1, 1]\nactivation = "relu"\nloss = "half_sse"\nlearning_rate = 0.1\ninput = [1e99]\n'
                    'target = [0.3]\n[[layer]]\nweights = [[1e99]]\nbiases = [0.2]\n')
    result = symbp_here("derive", spec, "-o", tmp_path / "out.txt")
    assert result.returncode == 2 and not (tmp_path / "out.txt").exists()
    # z = 1e99·1e99 + 0.2 ≈ 1e198 (by hand)
    assert result.stderr.split(": ", 2)[2].startswith("z_0^1: its value ≈ 1.0e+198 is beyond 1e150 in size")
    assert "Traceback" not in result.stderr and "#" not in result.stderr


@pytest.mark.parametrize("rate, code", [("1e-50", 2), ("1e-12", 0)])
def test_the_smallest_learning_rate(tmp_path, rate, code):
    spec = tmp_path / "lr.toml"
    spec.write_text(f'layers = [1, 1]\nactivation = "relu"\nloss = "half_sse"\nlearning_rate = {rate}\ninput = [1]\n'
                    'target = [0.3]\n[[layer]]\nweights = [[0.5]]\nbiases = [0.2]\n')
    result = symbp_here("derive", spec)
    assert result.returncode == code, result.stderr
    if code == 2:
        assert result.stderr.split(": ", 2)[2].startswith("learning_rate: expected at least 1e-12") and "#" not in result.stderr
    else:  # L = 0.4²/2 = 0.08; w, b −= α·0.4; L@2 = (0.4 − 0.8α)²/2 = 0.08 − 0.32α + 0.32α²
        assert "The cost fell from 0.08 to ≈ 0.07999999999968 (by 3.2·10^−13)." in result.stdout


def test_a_fall_below_sixteen_digits_is_said_in_words(tmp_path):
    """w_00^2 = a_0^1 = 1e-10: every gradient is about 1e-10 and the cost 1/2 falls by ~1e-21 (was exit 3,
    'cannot print #fall of the cost')."""
    spec = tmp_path / "tiny.toml"
    spec.write_text('layers = [1, 1, 1]\nactivation = "relu"\nloss = "half_sse"\nlearning_rate = 0.1\ninput = [1]\n'
                    'target = [1]\n[[layer]]\nweights = [[1e-10]]\nbiases = [0]\n[[layer]]\nactivation = "identity"\n'
                    'bias = false\nweights = [[1e-10]]\n')
    result = symbp_here("derive", spec)
    assert result.returncode == 0, result.stderr
    # by hand: a = 1e-20, L = (1 − 1e-20)²/2; step 1 moves every parameter up (all gradients < 0), so a and L fall
    assert "The cost fell from ≈ 0.5000 to ≈ 0.5000, by less than their printed digits show." in result.stdout


# ---- each step against the twin's α·d, where p@t+1 = p − α·d cannot show it ---------------------------
def small_rate(optimizer: str) -> str:
    return tie(optimizer, steps=1).replace("learning_rate = 0.1", "learning_rate = 1e-12").replace("[0.3]", "[0.7]")


@pytest.mark.parametrize("optimizer, wrong", [
    ("adam", lambda w, new, g, alpha, eps: 2 * w - new),  # the step's sign
    ("adam", lambda w, new, g, alpha, eps: w - alpha * g / mpmath.sqrt(g * g + eps)),  # ε inside the root
    ("momentum", lambda w, new, g, alpha, eps: w - alpha * (g + eps * 10**5)),  # g off by 1e-3
])
def test_a_wrong_step_too_small_to_show_in_the_parameter_is_refused(optimizer, wrong):
    """α = 1e-12: w@2 = 0.1 − 1e-12·d differs from 0.1 by far less than REL_TOL; the step 0.1 − w@2 itself
    is compared (g = 0.1 + 0.2 − 0.7 = −0.4 by hand)."""
    solution = solve(parse_spec(small_rate(optimizer)))
    verify(solution)
    g = solution.values["dL/dw_00^1"]
    assert g == Fraction(-2, 5)
    w, new = Fraction(1, 10), solution.values["w_00^1@2"]
    with mpmath.workdps(60):
        planted = wrong(_mp(w), _mp(new), _mp(g), _mp(Fraction(1, 10**12)), _mp(Fraction(1, 10**8)))
    assert abs(float(planted) - float(new)) < 1e-9 * 0.1  # invisible in w@2 at REL_TOL
    solution.values["w_00^1@2"] = planted
    with pytest.raises(VerificationError, match=r"w_00\^1 − w_00\^1@2 = .* exactly, but float64 from the step"):
        verify(solution)


def test_a_saturated_tanh_unit_keeps_its_digits():
    """1 − tanh(z)² cancels where tanh(z) ≈ 1 (z = 19: all digits lost); the float twins' derivatives
    against mpmath at 50 digits.  A momentum spec whose α = 10 saturates a unit by step 3 was exit 3."""
    from symbp.core.floats import FLOAT_TWINS

    with mpmath.workdps(50):
        for z in (0.3, -2.0, 12.0, 19.0, -30.0):
            tanh = FLOAT_TWINS["tanh"].partials([z], None)[0]
            sigmoid = FLOAT_TWINS["sigmoid"].partials([z], None)[0]
            assert tanh == pytest.approx(float(1 / mpmath.cosh(z) ** 2), rel=1e-14)
            assert sigmoid == pytest.approx(float(mpmath.exp(-z) / (1 + mpmath.exp(-z)) ** 2), rel=1e-14)
    table = {"layers": [1, 2, 1], "activation": "tanh", "loss": "mse", "learning_rate": 10, "steps": 3, "input": [0],
             "target": [0], "optimizer": {"name": "momentum", "nesterov": True},
             "layer": [{"weights": [[1.0], [-0.9]], "biases": [0.5, 0.9]},
                       {"weights": [[0.8, 0.7]], "biases": [-0.8], "activation": "identity"}]}
    verify(solve(spec_from_dict(table)))


# the new user's worksheet specs (architecture only: symbp worksheet draws the numbers); exit 3 before
EXAM2 = """title = "Examen : réseau 2-2-2, Adam"
layers = [2, 2, 2]
activation = "tanh"
loss = "cross_entropy"
learning_rate = 0.1
steps = 2
[[layer]]
[[layer]]
activation = "softmax"
[optimizer]
name = "adam"
[variants]
ask = ["forward", "loss", "output_layer", "hidden_layers", "update", "new_loss"]
"""


def test_the_new_users_exam_worksheet_is_made():
    import symbp

    sheet = symbp.worksheet(symbp.load(EXAM2), variants=10, seed=1)
    assert len(sheet.answers()["variants"]) == 10
