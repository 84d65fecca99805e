"""No variant asks for an update that all but cancels its parameter (the course-platform hunter's
HIGH, stop 55): with Adam, the first step moves every parameter by about ±α (m̂/√v̂ = ±1), so a
weight of 0.1 at α = 0.1 became 0.1·ε/(|g| + ε) ≈ 7.7·10^−8 — ε's effect alone.  A student who
rounds √v̂ + ε to the sheet's digits writes 0 (`check` accepts it); Moodle's gap, a band about
7.692·10^−8, marked it wrong.  Such a draw is rejected (`cancelled`); an exact 0 is fine.

Expected values: read from each variant's exact values in answers.json, compared here as Fractions.
"""
from __future__ import annotations

import json
from fractions import Fraction

from helpers import cli_runner
from symbp.cli import main
from symbp.evaluate import solve
from symbp.spec import parse_spec
from symbp.variant_constraints import _updates_not_cancelled

ADAM = """\
title = "Sigmoid net, Adam"
layers = [2, 2, 1]
activation = "sigmoid"
loss = "bce"
learning_rate = 0.1
weight_decay = 0.01
input = [1, 2]
target = [1]

[optimizer]
name = "adam"

[[layer]]
weights = [[0.5, -0.25], [0.25, 0.5]]
biases = [0.1, {b}]

[[layer]]
weights = [[1, -0.5]]
biases = [0.2]
"""


def test_a_bias_the_first_adam_step_cancels_is_refused():
    cancelled = solve(parse_spec(ADAM.format(b="0.1")))  # b = α, ∂J/∂b > 0: b − α·m̂/(√v̂ + ε) ≈ 10^−8
    after = cancelled.values["b_1^1@2"]
    assert 0 < abs(float(after)) < 0.1 / 1000
    assert not _updates_not_cancelled(cancelled, None)
    kept = solve(parse_spec(ADAM.format(b="-0.3")))
    assert _updates_not_cancelled(kept, None)


def test_no_variant_of_an_adam_sheet_cancels_an_update(tmp_path):
    spec = tmp_path / "adam.toml"
    spec.write_text(ADAM.format(b="0.1"), encoding="utf-8")
    out = tmp_path / "ws"
    result = cli_runner().invoke(main, ["worksheet", str(spec), "-n", "12", "--seed", "12", "--out", str(out)])
    assert result.exit_code == 0, result.output
    checked = 0
    for variant in json.loads((out / "answers.json").read_text(encoding="utf-8"))["variants"]:
        exact, spec_table = variant["exact"], variant["spec"]
        for name, value in exact.items():
            if name.startswith(("w_", "b_")) and name.endswith("@2"):
                new = Fraction(value)
                layer = int(name.split("^")[1].split("@")[0])
                j = int(name[2]) if name.startswith("w_") else int(name[2])
                table = spec_table["layer"][layer - 1]
                old = Fraction(str(table["weights"][j][int(name[3])])) if name.startswith("w_") else \
                    Fraction(str(table["biases"][j]))
                assert new == 0 or abs(new) * 1000 >= abs(old), (variant["id"], name, new, old)
                checked += 1
    assert checked == 12 * 9  # 6 weights and 3 biases per variant
