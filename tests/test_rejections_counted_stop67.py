"""A sheet whose next variant no draw meets counts that variant's draws alone (stop 67's instructor tester:
"no acceptable variant in 2000 draws (rejected: 1710 …, 727 …, 543 …)" — 3122 rejections, the earlier
variants' draws counted too)."""
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
max_draws = {draws}
"""


def _refusal(tmp_path, draws: int, count: int) -> str:
    spec = tmp_path / "s.toml"
    spec.write_text(SPEC.format(draws=draws), encoding="utf-8")
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", str(count), "--seed", "4", "--digits", "2",
                                       "--out", str(tmp_path / "ws")])
    assert result.exit_code == 2, result.output
    return result.output


def test_the_rejections_of_the_variant_not_found_add_up_to_its_draws(tmp_path):
    # (seed 4 at 2 digits: some variants are found within 60 draws, then one is not)
    for count in (1, 3, 6):
        said = _refusal(tmp_path, 60, count)
        found = re.search(r"no acceptable variant in 60 draws \(rejected: (.*)\); widen", said)
        assert found, said
        counts = [int(n) for n, _ in re.findall(r"(\d+) .*?\(([a-z_]+)\)(?=, \d|$)", found[1])]
        assert sum(counts) == 60, (count, counts)


GRAPH = """kind = "graph"
title = "f = x·y"
inputs = { x = 1, y = 2 }
expression = "f = x * y"
[variants]
max_draws = 30
inputs = { range = [1, 2], decimals = 0, nonzero = true }
"""


def test_a_graph_sheet_counts_the_variant_not_found_alone(tmp_path):
    spec = tmp_path / "g.toml"
    spec.write_text(GRAPH, encoding="utf-8")  # four (x, y) pairs: the fifth variant finds none new
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "5", "--seed", "1", "--out", str(tmp_path / "ws")])
    assert result.exit_code == 2, result.output
    found = re.search(r"no acceptable variant in 30 draws \(rejected: (.*)\); widen", result.output)
    assert found, result.output
    counts = [int(n) for n, _ in re.findall(r"(\d+) .*?\(([a-z_]+)\)(?=, \d|$)", found[1])]
    assert sum(counts) == 30, counts
