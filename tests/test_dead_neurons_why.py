"""The notice of variants with more dead neurons than others names what makes a neuron's gradients all zero in this
network: a sigmoid/softmax network was told of "a ReLU with z < 0" (the stop-65 README-only new user)."""

from __future__ import annotations

import pytest

from helpers import cli_runner
from symbp.cli import main

SOFTMAX_2 = """layers = [2, 2, 2]
activation = "sigmoid"
loss = "cross_entropy"
learning_rate = 0.5
input = [1, 2]
target = [1, 0]
[[layer]]
weights = [[0.1, 0.2], [0.3, -0.4]]
biases = [0, 0.1]
[[layer]]
weights = [[0.5, -0.5], [0.2, 0.1]]
biases = [0.1, 0]
activation = "softmax"
"""


@pytest.mark.parametrize("locale,says,not_said", [("en", "(0: equal weights out of a neuron into a softmax of two classes)",
                                                   "ReLU"), ("de", "(0: gleiche Gewichte von einem Neuron", "ReLU")])
def test_the_reason_is_this_networks(tmp_path, locale, says, not_said):
    (tmp_path / "s.toml").write_text(SOFTMAX_2, encoding="utf-8")
    done = cli_runner().invoke(main, ["worksheet", str(tmp_path / "s.toml"), "-n", "40", "--seed", "5", "--out",
                                      str(tmp_path / "ws"), "--locale", locale])
    assert done.exit_code == 0, done.output
    line = next(l for l in done.stderr.splitlines() if "max_dead_neurons = 0" in l)
    assert says in line and not_said not in line, line
