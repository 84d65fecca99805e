"""check names the mse slip of δ^L without its 2 (stop 69's instructor, MEDIUM: −0.01819 for −0.03639, exactly half,
had no "likely slip" line, where half_sse's ½ dropped was named).  δ^L worked out here in plain floats."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from symbp.cli import main

SPEC = """layers = [2, 1]
activation = "sigmoid"
loss = "mse"
learning_rate = 0.5
input = [1, -0.5]
target = [0.8]

[[layer]]
weights = [[0.4, -0.3]]
biases = [0.1]
"""


def _sig(z):
    return 1 / (1 + math.exp(-z))


@pytest.mark.parametrize("locale, words", [("en", "the 2 of the squared error"), ("de", "die 2 der Ableitung"),
                                           ("fr", "le 2 de la dérivée")])
def test_the_two_of_mse_dropped_is_named(tmp_path, locale, words):
    z = 0.4 * 1 - 0.3 * -0.5 + 0.1
    a = _sig(z)
    delta = 2 * (a - 0.8) * a * (1 - a)  # mse of one output: 2/1·(a − y)·σ'(z)
    spec = tmp_path / "net.toml"
    spec.write_text(SPEC)
    answers = tmp_path / "a.toml"
    answers.write_text(f'"z_0^1" = "{z:.4g}"\n"a_0^1" = "{a:.4f}"\n"delta_0^1" = "{delta / 2:.4g}"\n')
    result = CliRunner().invoke(main, ["check", str(spec), str(answers), "--format", "json"])
    mark = json.loads(result.output)["quantities"]["delta_0^1"]
    assert mark["status"] == "wrong" and mark["diagnosis_key"] == "two_dropped", mark
    text = CliRunner().invoke(main, ["check", str(spec), str(answers), "--locale", locale]).output
    assert words in text, text
