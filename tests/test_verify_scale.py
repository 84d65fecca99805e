"""Finite differences of large networks: along random ±1 directions per layer, still strong enough
to catch any single wrong gradient (verify.FD_PER_GRADIENT_LIMIT, README "Verification").

Along a direction v ∈ {−1, 1}^n of a layer's parameters the central difference of L estimates
Σ v_i·g_i, so one gradient off by e moves the engine's side by exactly ±e: every injected error
below is caught, whichever gradient it is in and whatever the other gradients are."""

from __future__ import annotations

import random

import pytest

from symbp import verify as V
from symbp.errors import VerificationError
from symbp.evaluate import solve
from symbp.spec import parse_spec
from symbp.spec_limits import parameters

WIDTHS = [40, 30, 4]  # 1,354 parameters: beyond the per-gradient limit


def spec_text(widths, seed: int = 5) -> str:
    rng = random.Random(seed)

    def vec(n, low=-9, high=9):
        return "[" + ", ".join(f"{rng.randint(low, high) / 10:g}" for _ in range(n)) + "]"

    lines = [f"layers = {widths}", 'activation = "sigmoid"', 'loss = "bce"', "learning_rate = 0.5",
             f"input = {vec(widths[0])}", "target = [" + ", ".join(str(rng.randint(0, 1)) for _ in range(widths[-1])) + "]"]
    for l in range(1, len(widths)):
        lines += ["[[layer]]", f"weights = [{', '.join(vec(widths[l - 1], -5, 5) for _ in range(widths[l]))}]",
                  f"biases = {vec(widths[l], -5, 5)}"]
    lines.append('activation = "sigmoid"')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def large():
    assert parameters(WIDTHS) > V.FD_PER_GRADIENT_LIMIT
    spec = parse_spec(spec_text(WIDTHS))
    solution = solve(spec)
    _, (nets, X, Y) = V.float_solution(spec)
    return spec, solution, nets, X, Y


def test_a_large_network_is_verified_along_random_directions(large):
    spec, solution, nets, X, Y = large
    report = V.verify(solution)
    assert report.finite_differences == 0
    assert report.finite_difference_directions == V.FD_DIRECTIONS * (len(WIDTHS) - 1)
    assert report.quantities == len(solution.values)


def _gradient_names(solution):
    names = [n for n in solution.values if n.startswith(("dL/dw", "dL/db"))]
    rng = random.Random(7)
    return [names[0], names[-1], *rng.sample(names, 6)]  # the first and last of the network, and others


@pytest.mark.parametrize("which", range(8))
def test_any_single_wrong_gradient_is_caught(large, which):
    """An error just beyond the directions' tolerance, FD_TOL·(1 + the largest gradient of its
    layer), in one gradient: the finite differences alone refuse it."""
    spec, solution, nets, X, Y = large
    name = _gradient_names(solution)[which]
    layer = name.split("^")[1]
    largest = max(abs(float(v)) for n, v in solution.values.items()
                  if n.startswith(("dL/dw", "dL/db")) and n.split("^")[1] == layer)
    error = 2 * V.FD_TOL * (1 + largest)
    V._finite_differences(spec, dict(solution.values), nets, X, Y, V.Report())  # the true gradients pass
    for sign in (1, -1):
        wrong = dict(solution.values)
        wrong[name] = float(wrong[name]) + sign * error
        with pytest.raises(VerificationError, match=f"layer {layer} at step 1 along a random direction"):
            V._finite_differences(spec, wrong, nets, X, Y, V.Report())


def test_small_networks_keep_a_difference_per_gradient():
    spec = parse_spec(spec_text([3, 4, 2]))
    report = V.verify(solve(spec))
    assert report.finite_differences == parameters([3, 4, 2]) and report.finite_difference_directions == 0


@pytest.mark.parametrize("per_gradient", [True, False])
def test_the_finite_differences_of_j_catch_a_single_wrong_regularized_gradient(per_gradient):
    """With weight decay: per ∂J/∂p (small networks), or along random directions per layer with each
    ∂J/∂p − ∂L/∂p against the difference of R in p alone (large ones, verify_training.py; here
    asked of a small network).  One ∂J/∂p off is refused either way; so, along the directions, is a
    ∂J/∂p off together with its ∂L/∂p (R's check alone would pass it)."""
    from symbp.verify_training import _finite_differences

    spec = parse_spec(spec_text([3, 4, 2]).replace("learning_rate = 0.5", "learning_rate = 0.5\nweight_decay = 0.05"))
    solution = solve(spec)
    _, (nets, X, Y) = V.float_solution(spec)
    report = V.Report()
    _finite_differences(solution, nets, X, Y, report, per_gradient)  # the true gradients pass
    weights = 3 * 4 + 4 * 2  # (biases are not regularized)
    # what the closing line counts: ∂J/∂p against J itself only per gradient; else R's and J's directions
    if per_gradient:
        assert (report.finite_differences_of_j, report.penalty_differences, report.directions_of_j) == (weights, 0, 0)
    else:
        assert (report.finite_differences_of_j, report.penalty_differences) == (0, weights)
        assert report.directions_of_j > 0
    largest = max(abs(float(v)) for n, v in solution.values.items() if n.startswith("dJ/"))
    error = 2 * V.FD_TOL * (1 + largest)
    for name in ("dJ/dw_00^1", "dJ/dw_32^1", "dJ/dw_13^2"):
        cases = [(name,)] + ([] if per_gradient else [(name, name.replace("dJ/", "dL/"))])
        for names in cases:
            for sign in (1, -1):
                originals = {n: solution.values[n] for n in names}
                for n in names:
                    solution.values[n] = float(originals[n]) + sign * error
                try:
                    with pytest.raises(VerificationError, match="finite differences"):
                        _finite_differences(solution, nets, X, Y, V.Report(), per_gradient)
                finally:
                    solution.values.update(originals)
