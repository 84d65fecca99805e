"""A right gradient of a network with a large input is no verification failure (the lecture-notes
author's MEDIUM, stop 55): `derive` of a 1-2-1 tanh network with input 12345.678 stopped with
"verification failed: dL/dw_00^1 = 1670.4475164912917, but finite differences of L give
1670.5083…" (exit 3, no output) — the engine was right: the central difference at h = 10^−6 moves
z by 0.012, and its h² error (4·10^−5 relative) exceeds the 10^−5 tolerance.  Where it disagrees,
Richardson's extrapolation (fd_second_look.py) takes a second look before refusing; a wrong
gradient is still refused (it disagrees with both), per gradient and through ∂J/∂p of a penalty.

Expected values: the network's backpropagation by hand in Decimal at 60 digits (tanh from exp).
"""
from __future__ import annotations

import json
from decimal import Decimal, getcontext

import pytest

from helpers import cli_runner
from symbp import verify as V
from symbp.cli import main
from symbp.evaluate import solve
from symbp.errors import VerificationError
from symbp.spec import parse_spec

SPEC = """\
layers = [1, 2, 1]
activation = "tanh"
loss = "half_sse"
learning_rate = 0.00001
input = [{x}]
target = [-0.25]
{extra}
[[layer]]
weights = [[0.0001], [-0.00002]]
biases = [0.1, 0.3]

[[layer]]
weights = [[0.7, -1.3]]
biases = [0.05]
activation = "identity"
"""


def by_hand(x: str) -> dict:
    """∂L/∂w^1_j0 of the network, L = ½(a² − y)², tanh(z) = (e^{2z} − 1)/(e^{2z} + 1)."""
    getcontext().prec = 60
    x, y = Decimal(x), Decimal("-0.25")
    w1, b1 = [Decimal("0.0001"), Decimal("-0.00002")], [Decimal("0.1"), Decimal("0.3")]
    w2, b2 = [Decimal("0.7"), Decimal("-1.3")], Decimal("0.05")
    z = [w * x + b for w, b in zip(w1, b1)]
    a = [((2 * v).exp() - 1) / ((2 * v).exp() + 1) for v in z]
    out = sum(w * v for w, v in zip(w2, a)) + b2
    delta2 = out - y
    return {f"dL/dw_{j}0^1": delta2 * w2[j] * (1 - a[j] ** 2) * x for j in range(2)}


@pytest.mark.parametrize("x", ["12345.678", "45678.9", "98765.4"])
@pytest.mark.parametrize("extra", ["", "l1 = 0.01", "weight_decay = 0.01"])
def test_a_large_input_derives_and_its_gradients_are_right(tmp_path, x, extra):
    spec = tmp_path / "net.toml"
    spec.write_text(SPEC.format(x=x, extra=extra), encoding="utf-8")
    result = cli_runner().invoke(main, ["derive", str(spec), "--format", "json"])
    assert result.exit_code == 0, result.output
    exact = json.loads(result.stdout)["exact"]  # (30 significant digits where not exact)
    for name, expected in by_hand(x).items():
        got = Decimal(exact[name])
        assert abs(got - expected) <= abs(expected) * Decimal("1e-28"), (name, got, expected)


@pytest.mark.parametrize("error", [1e-3, -1e-3])
def test_a_wrong_gradient_beside_a_large_input_is_still_refused(error):
    spec = parse_spec(SPEC.format(x="12345.678", extra=""))
    solution = solve(spec)
    _, (nets, X, Y) = V.float_solution(spec)
    V._finite_differences(spec, dict(solution.values), nets, X, Y, V.Report())  # right: passes
    for name in ("dL/dw_00^1", "dL/dw_10^1", "dL/db_0^1"):
        wrong = dict(solution.values)
        wrong[name] = float(wrong[name]) * (1 + error)
        with pytest.raises(VerificationError, match="finite differences"):
            V._finite_differences(spec, wrong, nets, X, Y, V.Report())
