"""A δ worked from an f'(z) written with too few digits is named so, not as worked "from a wrong value" (stop
67's student tester: 0.71 was listed under TOO FEW DIGITS and called a wrong value beside it)."""
from __future__ import annotations

import math

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


def test_a_coarse_local_derivative_is_named_as_coarse(tmp_path):
    z = [0.6, -0.7]
    a = [round(math.tanh(v), 4) for v in z]
    out = round(0.7 * a[0] - 0.3 * a[1] + 0.1, 4)
    delta2 = round(out - 0.5, 4)
    upstream = round(0.7 * delta2, 4)
    coarse = round(1 - math.tanh(z[0]) ** 2, 2)  # f'(z) to 2 digits: too few
    delta = round(upstream * coarse, 4)
    assert abs(delta - upstream * (1 - a[0] ** 2)) > 1e-3 * abs(delta)  # the coarse value shows at 4 digits
    spec = tmp_path / "s.toml"
    spec.write_text(SPEC, encoding="utf-8")
    answers = tmp_path / "a.toml"
    answers.write_text("\n".join([
        '"z_0^1" = "0.6000"', '"z_1^1" = "-0.7000"', f'"a_0^1" = "{a[0]}"', f'"a_1^1" = "{a[1]}"',
        f'"z_0^2" = "{out}"', f'"a_0^2" = "{out}"', f'"delta_0^2" = "{delta2}"', f'"dL/da_0^1" = "{upstream}"',
        f'"local:da_0^1/dz_0^1" = "{coarse}"', f'"delta_0^1" = "{delta}"']) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec), str(answers)])
    assert "TOO FEW" in result.output, result.output
    line = next(line for line in result.output.splitlines() if "likely slip" in line)
    assert "with too few significant digits" in line and "wrong value" not in line, line
