"""tanh worked as the textbook writes it, (e^z − e^{−z})/(e^z + e^{−z}), every step rounded to 4 digits, is right
(stop 67's student tester: a_0^1 = 1.273/2.371 = 0.5369 for tanh(0.6) = 0.53705 was WRONG)."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from click.testing import CliRunner

from symbp.cli import main

SPEC = """title = "tanh"
layers = [2, 2, 1]
activation = "tanh"
loss = "half_sse"
learning_rate = 0.1
input = [1, 0.5]
target = [0.5]

[[layer]]
weights = [[0.4, 0.4], [-0.5, -0.4]]
biases = [0, 0]

[[layer]]
weights = [[0.7, -0.3]]
biases = [0.1]
activation = "identity"
"""


def _r4(x) -> Decimal:
    return Decimal(repr(x) if isinstance(x, float) else x).quantize(
        Decimal(1).scaleb(Decimal(repr(float(x))).adjusted() - 3), rounding=ROUND_HALF_UP)


def _textbook(z: float) -> Decimal:
    up, down = _r4(math.exp(z)), _r4(math.exp(-z))
    return _r4((_r4(up - down) / _r4(up + down)))


def test_the_textbook_route_rounded_at_every_step_is_right(tmp_path):
    z = [0.4 * 1 + 0.4 * 0.5, -0.5 * 1 - 0.4 * 0.5]  # 0.6, -0.7
    a = [_textbook(zi) for zi in z]
    assert a[0] == Decimal("0.5369") and a[1] == Decimal("-0.6041")  # the tester's numbers
    assert all(abs(float(ai) - math.tanh(zi)) > 0.5e-4 for ai, zi in zip(a, z))  # not tanh(z) rounded
    spec = tmp_path / "s.toml"
    spec.write_text(SPEC, encoding="utf-8")
    answers = tmp_path / "a.toml"
    answers.write_text(f'"z_0^1" = "0.6000"\n"z_1^1" = "-0.7000"\n"a_0^1" = "{a[0]}"\n"a_1^1" = "{a[1]}"\n',
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec), str(answers)])
    assert result.exit_code == 0, result.output
    wrong = tmp_path / "w.toml"  # a tanh two units off the textbook's is still wrong
    wrong.write_text(f'"z_0^1" = "0.6000"\n"a_0^1" = "{a[0] - Decimal("0.0002")}"\n', encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(spec), str(wrong)]).exit_code == 1
