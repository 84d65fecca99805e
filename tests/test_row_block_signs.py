"""A vector or matrix of more than ROWS_MAX rows is written in blocks of rows, each a derivation read
back on its own (readback_entries.py: its result's sign against its own lines'); each block's result
stands after its own lines' sign (blocks.block_sign), not the whole vector's.  A 3-40-3 network
(tanh, softmax with cross-entropy) whose z^1 at step 2 has a line held to one unit ("≈†") in rows
0…19 and none in rows 20…39 printed "≈†" before both blocks, and its own reader refused it: exit 3
for `symbp derive` in LaTeX and Markdown, --detail auto (review 32; the base of that session wrote it).
Such lines are planted here (plan_grow.HALF_GUARD_DIGITS = 2, the rule before stop 33): the rule now gives
a line's inputs the guard digits it needs, and this network has none left."""

from __future__ import annotations

import random
import re

import pytest
from helpers import cli_runner

from symbp.cli import main


def _spec() -> str:
    draw = random.Random(5)
    number = lambda: round(draw.uniform(-1, 1), 2)  # noqa: E731
    first = [[number() for _ in range(3)] for _ in range(40)], [number() for _ in range(40)]
    second = [[number() for _ in range(40)] for _ in range(3)], [number() for _ in range(3)]
    return ('layers = [3, 40, 3]\nactivation = "tanh"\nloss = "cross_entropy"\nlearning_rate = 0.1\n'
            'input = [0.5, -0.2, 0.1]\ntarget = [0, 1, 0]\n'
            f'[[layer]]\nweights = {first[0]}\nbiases = {first[1]}\n'
            f'[[layer]]\nweights = {second[0]}\nbiases = {second[1]}\nactivation = "softmax"\n')


@pytest.mark.parametrize("fmt", ["tex", "md"])
def test_each_block_of_rows_stands_after_its_own_lines_sign(tmp_path, fmt, monkeypatch):
    from symbp.render import plan_grow

    monkeypatch.setattr(plan_grow, "HALF_GUARD_DIGITS", 2)
    spec = tmp_path / "wide.toml"
    spec.write_text(_spec(), encoding="utf-8")
    result = cli_runner().invoke(main, ["derive", str(spec), "--format", fmt])
    assert result.exit_code == 0, result.output
    # z^1 at step 2 in two blocks of rows: "≈†" before the first block's result only
    blocks = [line for line in result.stdout.splitlines() if re.search(r"z\^\{1\\,\\langle 2\\rangle\}_\{(0|20)\\ldots", line)
              or "b^{1\\,\\langle 2\\rangle}_{" in line]
    text = "\n".join(blocks)
    assert text.count(r"\approx^{\dagger}") == 1, text
