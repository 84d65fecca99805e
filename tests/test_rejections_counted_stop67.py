"""A sheet no draw meets says that a draw counts once for each constraint it fails, where the counts add up to
more than the draws (stop 67's instructor tester: 1710 + 727 + 543 + … = 3122 rejections of 2000 draws)."""
from __future__ import annotations

import re

from click.testing import CliRunner

from symbp.cli import main

SPEC = """title = "Softmax batch with momentum, two steps"
layers = [2, 3, 3]
activation = "tanh"
loss = "cross_entropy"
learning_rate = 0.5
steps = 2
inputs = [[1, 0], [0, 1]]
targets = [[1, 0, 0], [0, 0, 1]]
[optimizer]
name = "momentum"
beta = 0.9
[[layer]]
[[layer]]
activation = "softmax"
[variants]
max_draws = 40
"""


def test_the_counts_of_the_rejections_are_explained(tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text(SPEC, encoding="utf-8")
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "2", "--seed", "4", "--digits", "2", "--out",
                                       str(tmp_path / "ws")])
    assert result.exit_code == 2, result.output
    found = re.search(r"no acceptable variant in 40 draws \(rejected(, a draw counted once for each constraint it fails)?: "
                      r"(.*)\); widen", result.output)
    assert found, result.output
    counts = [int(n) for n in re.findall(r"(?:^|, )(\d+) ", found[2])]
    assert sum(counts) > 40 and found[1], (counts, found[0])
