"""A pre-activation made huge by the updates (step 2 on) is refused naming the learning rate, not a spec weight.

The refusal used to blame the spec's step-1 weight w (the 2nd layer's weights[1][0] = -0.8) "times a@2 = 5.9·10^2"
as giving z@2 = −9.5·10^4: a product the reader cannot reproduce (−0.8 · 590 ≈ −472), since z@2 is made by the
updated weights.  Every z of step 1 is of sensible size (the same spec with one step derives), so the cause is how
far the updates moved the parameters (at learning rate 0.5 the same spec derives): the message names
learning_rate and says so; "fewer steps" only where the huge z is of step 3 or later (z@2 is the pass after the
first update, which even one step makes).
"""

from __future__ import annotations

from helpers import symbp_here

SPEC = """layers = [3, 4, 2]
loss = "half_sse"
steps = {steps}
learning_rate = {rate}
inputs = [[0.5, 0.2, 1.3], [-1.6, 0.9, -0.2]]
targets = [[1.4, 0.4], [-0.6, -0.3]]
[optimizer]
name = "rmsprop"
[[layer]]
weights = [[0.4, 0.6, -1.0], [-0.7, 0.8, -0.8], [0.3, -0.3, 0.3], [0.7, 0.2, -0.2]]
activation = "relu"
biases = [0.2, 0.3, -0.2, -0.1]
[[layer]]
weights = [[0.1, -0.5, -0.6, 0.1], [-0.8, 0.2, 0.6, 0.7]]
activation = "softmax"
biases = [-0.2, 0.8]
"""


def test_a_z_made_huge_by_the_updates_names_the_learning_rate(tmp_path):
    one, two = tmp_path / "one.toml", tmp_path / "net.toml"
    one.write_text(SPEC.format(steps=2, rate="0.5"), encoding="utf-8")
    two.write_text(SPEC.format(steps=2, rate="0x10"), encoding="utf-8")  # (16, quoted as written)
    fine = symbp_here("derive", one, "--format", "json")
    assert fine.returncode == 0, fine.stderr
    out = tmp_path / "net.txt"
    refused = symbp_here("derive", two, "-o", out)
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 2 and len(lines) == 1 and not out.exists(), refused.stderr
    assert lines[0].startswith(f"symbp: {two}: learning_rate: 0x10: after one update the parameters give z_"), lines[0]
    assert "@2 = " in lines[0] and lines[0].endswith("; use a smaller learning rate"), lines[0]
    assert "weights[" not in lines[0]
