"""A slip's row in the LaTeX report that has no relation and begins with a negative number sets its minus as a sign,
{-}0.6 (after align's &, a bare - was set as a binary minus, "− 0,6 + 0,5·…"; the stop-65 README-only new user)."""

from __future__ import annotations

import json
from decimal import Decimal

from helpers import cli_runner
from symbp.cli import main

SPEC = """title = "one weight below zero"
layers = [1, 1, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
input = [1]
target = [0.2]
[[layer]]
weights = [[-0.6]]
biases = [0.1]
[[layer]]
weights = [[0.5]]
biases = [0]
activation = "identity"
"""


def test_a_leading_minus_is_a_sign(tmp_path):
    (tmp_path / "s.toml").write_text(SPEC, encoding="utf-8")
    key = json.loads(cli_runner().invoke(main, ["derive", str(tmp_path / "s.toml"), "-f", "json"]).stdout)["exact"]
    slipped = Decimal("-0.6") + Decimal("0.5") * Decimal(key["dL/dw_00^1"])  # the update with + for −
    (tmp_path / "a.toml").write_text(f'"w_00^1@2" = "{slipped:.4f}"\n', encoding="utf-8")
    done = cli_runner().invoke(main, ["check", str(tmp_path / "s.toml"), str(tmp_path / "a.toml"), "-f", "tex"])
    assert done.exit_code == 1, done.output
    assert "& {-}0.6 + 0.5" in done.stdout, [l for l in done.stdout.splitlines() if "0.6 +" in l]
    assert "& -0.6" not in done.stdout
