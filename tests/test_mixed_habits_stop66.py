"""Marks of stop 66's student testers, values worked here with Python's math and Fractions.

- Two habits the sheet allows, mixed: a value written with the rule's 3 digits and carried on as written
  (a_0^1 = 1.45 for softplus(1.18) = 1.447948) beside one written with 4 and kept whole in the calculator
  (a_1^1 = 1.107, softplus(0.705) = 1.1065298 kept): z_0^2 = 1.3·1.45 − 0.9·1.1065298 + 0.1 = 0.9891 was wrong.
- A number with a decimal point and fewer than the rule's digits is too few digits, also where arithmetic on the
  answer's own (or the key's printed) rounded numbers gives it exactly (README: "0.11 for 0.2278 − 0.1178 has too
  few digits"): 0.11, 0.3 and a key's 4.5e-6 were right, and 4.6e-6, the truer one, too few digits.
"""

from __future__ import annotations

import json
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from helpers import REPO, cli_runner
from symbp.cli import main

BCE = """layers = [2, 2, 2]
activation = "sigmoid"
loss = "bce"
learning_rate = 1.5
input = [1.2, -0.7]
target = [1, 0]

[[layer]]
weights = [[0.35, -0.8], [1.1, 0.45]]
biases = [0.2, -0.3]
activation = "softplus"

[[layer]]
weights = [[1.3, -0.9], [-0.4, 2.2]]
biases = [0.1, 0.05]
"""

ID2L = """layers = [1, 2, 1]
activation = "identity"
loss = "half_sse"
learning_rate = 0.1
input = [1]
target = [2]
[[layer]]
weights = [[0.22781], [-0.11779]]
biases = [0.0, 0.0]
[[layer]]
weights = [[1, 1]]
biases = [0.0]
"""


def _round(value: float, digits: int) -> str:
    exponent = math.floor(math.log10(abs(value)))
    return str(Decimal(repr(value)).quantize(Decimal(1).scaleb(exponent - digits + 1), ROUND_HALF_UP))


def _marks(tmp_path, spec: str, answers: dict, *key) -> dict:
    (tmp_path / "spec.toml").write_text(spec, encoding="utf-8")
    (tmp_path / "a.toml").write_text("".join(f'"{k}" = "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    args = ["check", *key] if key else ["check", str(tmp_path / "spec.toml")]
    done = cli_runner().invoke(main, [*args, str(tmp_path / "a.toml"), "-f", "json"])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)["quantities"]


def _softplus(z: float) -> float:
    return math.log1p(math.exp(z))


def test_three_digits_as_written_beside_four_kept_whole(tmp_path):
    z0 = 0.35 * 1.2 + (-0.8) * (-0.7) + 0.2  # 1.18
    z1 = 1.1 * 1.2 + 0.45 * (-0.7) - 0.3  # 0.705
    a0, a1 = _round(_softplus(z0), 3), _round(_softplus(z1), 4)  # 1.45, 1.107
    worked = 1.3 * float(a0) - 0.9 * _softplus(z1) + 0.1  # a_0^1 as written, a_1^1 kept whole
    answers = {"z_0^1": _round(z0, 3), "a_0^1": a0, "z_1^1": _round(z1, 3), "a_1^1": a1, "z_0^2": _round(worked, 4)}
    assert (a0, a1, answers["z_0^2"]) == ("1.45", "1.107", "0.9891")
    assert float(answers["z_0^2"]) != float(_round(1.3 * float(a0) - 0.9 * float(a1) + 0.1, 4))  # (either way alone)
    assert float(answers["z_0^2"]) != float(_round(1.3 * _softplus(z0) - 0.9 * _softplus(z1) + 0.1, 4))
    marks = _marks(tmp_path, BCE, answers)
    assert {name: m["status"] for name, m in marks.items() if m["given"] is not None} == \
        dict.fromkeys(answers, "correct"), marks["z_0^2"]
    wrong = _marks(tmp_path, BCE, {**answers, "z_0^2": _round(worked + 0.0010, 4)})  # ten units off: no habit
    assert wrong["z_0^2"]["status"] == "wrong"


def test_short_decimal_from_own_numbers_is_too_few_digits(tmp_path):
    a0, a1 = Fraction("0.2278"), Fraction("-0.1178")  # 0.22781 and −0.11779 to 4 digits
    assert a0 + a1 == Fraction("0.11")
    base = {"z_0^1": "0.2278", "z_1^1": "-0.1178", "a_0^1": "0.2278", "a_1^1": "-0.1178"}
    assert _marks(tmp_path, ID2L, {**base, "z_0^2": "0.11"})["z_0^2"]["status"] == "too_few_digits"
    assert _marks(tmp_path, ID2L, {**base, "z_0^2": "0.1100"})["z_0^2"]["status"] == "correct"
    assert _marks(tmp_path, ID2L, {**base, "z_0^2": "11/100"})["z_0^2"]["status"] == "correct"  # (claims it exactly)


def test_short_decimal_of_a_keys_printed_value_is_too_few_digits(tmp_path):
    """A key's calculator chain printing 4.500·10^−6 (its own rounded numbers give it exactly): 4.5e-6 is right at
    two digits and too few, as the true value's 4.6e-6 is."""
    sheet = tmp_path / "ws"
    done = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "5", "--seed", "7", "--out", str(sheet)])
    assert done.exit_code == 0, done.output
    key = json.loads((sheet / "answers.json").read_text(encoding="utf-8"))
    short = [(v["id"], Decimal(v["carried"]["L@2"]).normalize()) for v in key["variants"]
             if len(Decimal(v["carried"]["L@2"]).normalize().as_tuple().digits) < 3]
    assert short, "seed 7 of nn231 has a variant whose printed L@2 ends in zeros (4.500·10^−6)"
    for variant, printed in short:
        assert Fraction(printed) != Fraction(key["variants"][int(variant) - 1]["exact"]["L@2"])  # (not exact itself)
        marks = _marks(tmp_path, "", {"variant": variant, "L@2": f"{printed:e}"}, "--key", str(sheet / "answers.json"))
        assert marks["L@2"]["status"] == "too_few_digits", (variant, printed, marks["L@2"])


def test_textbook_velocity_is_named(tmp_path):
    """momentum2 (α = 0.1, β = 0.9): a student who writes the textbook velocity u = β·u − α·g (u_1 = −α·g) in the
    sheet's v (PyTorch's v = β·v + g) has every state wrong; the slip is named, at step 1 and step 2."""
    done = cli_runner().invoke(main, ["derive", "--example", "momentum2", "--format", "json"])
    exact = {k: Fraction(v) for k, v in json.loads(done.stdout)["exact"].items()}
    alpha, beta = Fraction("0.1"), Fraction("0.9")
    states = [name for name in exact if name.startswith("v_") and "@" not in name]
    assert states
    answers = {name: _round(float(value), 4) if value else "0" for name, value in exact.items()
               if not name.startswith("v_")}  # (the rest as the key has it: the parameters are the same)
    for state in states:
        gradient = "dL/d" + state[2:]
        u1 = -alpha * exact[gradient]
        u2 = beta * u1 - alpha * exact[gradient + "@2"]
        answers[state], answers[state + "@2"] = _round(float(u1), 4), _round(float(u2), 4)
        assert float(answers[state]) != float(_round(float(exact[state]), 4))  # (it is wrong)
    marks = (tmp_path / "m").mkdir() or _marks(tmp_path / "m", (REPO / "examples" / "momentum2.toml").read_text(), answers)
    for name in answers:
        expected = ("wrong", "textbook_velocity") if name.startswith("v_") else ("correct", None)
        assert (marks[name]["status"], marks[name]["diagnosis_key"]) == expected, (name, marks[name])


S9 = """layers = [1, 1, 1]
activation = "identity"
loss = "half_sse"
learning_rate = 0.1
input = [1]
target = [0.1178]
[[layer]]
weights = [[0.22781]]
biases = [0]
[[layer]]
weights = [[1]]
biases = [0]
"""


def test_short_decimal_through_values_left_out(tmp_path):
    """The reviewer's: δ² = a² − y = 0.2278 − 0.1178 = 0.11 exactly from a¹ written 0.2278 (true 0.22781), with z² and
    a² left out or written: too few digits either way (it was right with them left out, too few with them written)."""
    assert Fraction("0.2278") - Fraction("0.1178") == Fraction("0.11")
    base = {"z_0^1": "0.2278", "a_0^1": "0.2278"}
    for more in ({}, {"z_0^2": "0.2278", "a_0^2": "0.2278"}):
        assert _marks(tmp_path, S9, {**base, **more, "delta_0^2": "0.11"})["delta_0^2"]["status"] == "too_few_digits"
    assert _marks(tmp_path, S9, {**base, "delta_0^2": "0.1100"})["delta_0^2"]["status"] == "correct"
