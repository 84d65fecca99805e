"""The steps of a derived solution are numbered without a gap (the print hunter's LOW of stop 56): a network
without a hidden layer has no hidden-layers step, and its solution ran ① ② ③ ④ ⑥ ⑦ ⑧ — its worksheet's
tasks (and the key's headings) were already 1 … 7."""
from __future__ import annotations

import re

import pytest

from helpers import cli_runner
from symbp.cli import main

SINGLE = """layers = [1, 1]
activation = "sigmoid"
loss = "bce"
learning_rate = 0.5
input = [2]
target = [1]
[[layer]]
weights = [[0.3]]
biases = [-0.1]
"""
CIRCLED = "①②③④⑤⑥⑦⑧⑨"


def _numbers(fmt: str, text: str) -> list[int]:
    if fmt == "tex":
        return [int(n) for n in re.findall(r"\\subsection\*\{\\stepmark\{(\d)\}", text)]
    return [CIRCLED.index(c) + 1 for c in re.findall(r"^(?:#+ )?([①-⑨]) ", text, flags=re.M)]


@pytest.mark.parametrize("fmt", ["text", "md", "tex"])
@pytest.mark.parametrize("spec, steps", [(SINGLE, 7), (None, 8)], ids=["1-1", "nn231"])
def test_steps_are_numbered_one_to_n(tmp_path, fmt, spec, steps):
    if spec is None:
        args = ["--example", "nn231"]
    else:
        (tmp_path / "one.toml").write_text(spec, encoding="utf-8")
        args = [str(tmp_path / "one.toml")]
    result = cli_runner().invoke(main, ["derive", *args, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert _numbers(fmt, result.stdout) == list(range(1, steps + 1))
