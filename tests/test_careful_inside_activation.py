"""A careful student who works an activation out in steps, rounding each step, is right (stop 52's
careful-student hunt: σ(z) as e^z/(1 + e^z) with e^z to 4 digits, softplus'(z) = σ(z) as
1/(1 + e^{−z}) with 1 + e^{−z} to 4 digits, σ'(z) from z as e^{−z}/(1 + e^{−z})² were marked wrong,
or "a digit miscopied").  Each careful value is worked out here with Decimal, step by step."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal, getcontext

from click.testing import CliRunner

from symbp.cli import main

getcontext().prec = 40


def r4(x: Decimal) -> Decimal:
    """x to 4 significant digits, as a calculator student writes it."""
    return x.quantize(Decimal(1).scaleb(x.adjusted() - 3), rounding=ROUND_HALF_UP)


def _marks(tmp_path, spec: str, answers: dict) -> dict:
    (tmp_path / "spec.toml").write_text(spec, encoding="utf-8")
    (tmp_path / "a.toml").write_text("".join(f'"{k}" = "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    done = CliRunner().invoke(main, ["check", str(tmp_path / "spec.toml"), str(tmp_path / "a.toml"), "-f", "json"])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)["quantities"]


def _net(activation: str, w1: str, b1: str, w2: str, b2: str, x: str, y: str, output="identity", rate="0.1") -> str:
    return (f'layers = [1, 1, 1]\nactivation = "{activation}"\nloss = "half_sse"\nlearning_rate = {rate}\n'
            f'input = [{x}]\ntarget = [{y}]\n[[layer]]\nweights = [[{w1}]]\nbiases = [{b1}]\n'
            f'[[layer]]\nweights = [[{w2}]]\nbiases = [{b2}]\nactivation = "{output}"\n')


def test_sigmoid_as_e_to_the_z_over_one_plus_it(tmp_path):
    z = Decimal("0.275")
    e = r4(z.exp())                       # 1.317
    a = r4(e / r4(1 + e))                 # 1.317/2.317 = 0.56841 -> 0.5684
    exact = r4(1 / (1 + (-z).exp()))      # 0.5683: the careful value is a unit off the true one
    assert a != exact
    marks = _marks(tmp_path, _net("sigmoid", "0.275", "0", "1", "0", "1", "0.5"), {"z_0^1": "0.2750", "a_0^1": str(a)})
    assert marks["a_0^1"]["status"] == "correct", marks["a_0^1"]
    far = a + Decimal("0.0004")  # four units off: no way of rounding reaches it
    marks = _marks(tmp_path, _net("sigmoid", "0.275", "0", "1", "0", "1", "0.5"), {"z_0^1": "0.2750", "a_0^1": str(far)})
    assert marks["a_0^1"]["status"] == "wrong"


def test_softplus_derivative_as_a_sigmoid_in_steps(tmp_path):
    spec = _net("softplus", "1.577", "0", "0.68", "0.1", "1", "1.9")
    z = Decimal("1.577")
    a = r4((1 + z.exp()).ln())                     # softplus(z)
    out = r4(Decimal("0.68") * a + Decimal("0.1"))
    delta2 = r4(out - Decimal("1.9"))
    fprime = 1 / r4(1 + r4((-z).exp()))            # 1/(1 + e^{−z}), e^{−z} and the sum to 4 digits
    delta1 = r4(Decimal("0.68") * delta2 * fprime)
    true1 = r4(Decimal("0.68") * delta2 / (1 + (-z).exp()))
    assert delta1 != true1
    marks = _marks(tmp_path, spec, {"z_0^1": "1.577", "a_0^1": str(a), "z_0^2": str(out), "a_0^2": str(out),
                                    "delta_0^2": str(delta2), "delta_0^1": str(delta1)})
    assert marks["delta_0^1"]["status"] == "correct", (delta1, marks["delta_0^1"])


def test_sigmoid_derivative_from_z_in_steps(tmp_path):
    spec = _net("sigmoid", "0.8917", "-0.2055", "-0.1745", "-0.381", "1.1", "0.9", output="sigmoid")
    z1 = r4(Decimal("0.8917") * Decimal("1.1") - Decimal("0.2055"))
    a1 = r4(1 / (1 + (-z1).exp()))
    z2 = r4(Decimal("-0.1745") * a1 - Decimal("0.381"))
    a2 = r4(1 / (1 + (-z2).exp()))
    delta2 = r4((a2 - Decimal("0.9")) * a2 * (1 - a2))
    e = r4((-z1).exp())
    fprime = r4(e / r4(r4(1 + e) ** 2))             # e^{−z}/(1 + e^{−z})², each step to 4 digits
    delta1 = r4(r4(Decimal("-0.1745") * delta2) * fprime)
    assert delta1 != r4(Decimal("-0.1745") * delta2 * a1 * (1 - a1))
    marks = _marks(tmp_path, spec, {"z_0^1": str(z1), "a_0^1": str(a1), "z_0^2": str(z2), "a_0^2": str(a2),
                                    "delta_0^2": str(delta2), "delta_0^1": str(delta1)})
    assert marks["delta_0^1"]["status"] == "correct", (delta1, marks["delta_0^1"])
