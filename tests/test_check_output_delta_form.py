"""`symbp check` writes the output layer's δ in the form the key prints it (render/output_delta.py):
mse's 2/n·(a − y)·f'(z) keeps its 2/n, as the key does (2/2 too), so that a student who
compares the two sees one formula; f'(z) is written through a, the way check recomputes it."""

from __future__ import annotations

import re

import pytest

from helpers import cli_runner

from symbp.cli import main

NETWORK = """layers = [2, {n}]
activation = "{activation}"
loss = "{loss}"
learning_rate = 0.5
input = [1, 2]
target = {targets}
[[layer]]
weights = {weights}
biases = {biases}
"""
OUTPUTS = {2: ([0, 1], [[0.1, 0.2], [0.3, -0.4]], [0.1, 0.2]),
           3: ([0, 1, 0.5], [[0.1, 0.2], [0.3, -0.4], [0.2, 0.1]], [0.1, 0.2, 0])}


def lines_of(result) -> list[str]:
    assert result.exit_code in (0, 1), result.output
    return [line.strip() for line in result.stdout.splitlines()]


@pytest.mark.parametrize("loss, activation, n", [("mse", "sigmoid", 2), ("mse", "tanh", 3), ("half_sse", "sigmoid", 2)])
def test_check_writes_the_output_delta_as_the_key_does(tmp_path, loss, activation, n):
    targets, weights, biases = OUTPUTS[n]
    spec = tmp_path / "net.toml"
    spec.write_text(NETWORK.format(n=n, activation=activation, loss=loss, targets=targets, weights=weights,
                                   biases=biases), encoding="utf-8")
    answers = tmp_path / "answers.toml"
    answers.write_text('student = "A"\n"delta_0^1" = "9.999"\n', encoding="utf-8")
    key_line = next(line for line in lines_of(cli_runner().invoke(main, ["derive", str(spec)]))
                    if line.startswith("δ_0^1 = ") and "'(z_0^1) = " in line)
    key_form = key_line.split(" = ")[1]  # 2/3·(a_0^1 − y_0)·tanh'(z_0^1)
    before_derivative = key_form[:re.search(r"·\w+'\(", key_form).start()]  # 2/3·(a_0^1 − y_0)
    check_line = next(line for line in lines_of(cli_runner().invoke(main, ["check", str(spec), str(answers)]))
                      if line.startswith("δ_0^1 = "))
    assert check_line.startswith(f"δ_0^1 = {before_derivative}·"), (check_line, key_line)
