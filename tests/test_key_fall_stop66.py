"""A carried key's cost fall (⑧) keeps at least its first significant digit (stop 66's instructor tester: a 1-1-1
sheet at --digits 3 printed L⟨3⟩ = ½·(0.9 − 0.840)² = 0.00180 after 0.00186, "fell by 6·10^−5" where the exact
cost fell by 0.000123 — such a draw is now rejected as carried_off).  The falls are worked here from answers.json's
carried and exact costs in Fractions."""

from __future__ import annotations

import json
import math
from fractions import Fraction

from helpers import cli_runner
from symbp.cli import main

TINY = """title = "Tiny 1-1-1"
layers = [1, 1, 1]
activation = "tanh"
loss = "half_sse"
learning_rate = 0.5
input = [0.7]
target = [0.2]
steps = 2
[[layer]]
weights = [[0.3]]
biases = [-0.1]
[[layer]]
weights = [[0.8]]
biases = [0.05]
activation = "sigmoid"
"""


def test_carried_fall_keeps_its_first_digit(tmp_path):
    (tmp_path / "tiny.toml").write_text(TINY, encoding="utf-8")
    done = cli_runner().invoke(main, ["worksheet", str(tmp_path / "tiny.toml"), "-n", "3", "--seed", "5", "--digits", "3",
                                      "--out", str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    key = json.loads((tmp_path / "ws" / "answers.json").read_text(encoding="utf-8"))
    for variant in key["variants"]:
        carried, exact = variant["carried"], variant["exact"]
        fall = Fraction(carried["L"]) - Fraction(carried["L@3"])
        true = Fraction(exact["L"]) - Fraction(exact["L@3"])
        first = Fraction(10) ** math.floor(math.log10(abs(true)))  # a unit of its first significant digit
        assert abs(fall - true) <= first / 2, (variant["id"], float(fall), float(true))
