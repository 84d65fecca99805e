"""Exit 3 ("cannot print X so that its line follows …") names the spec file and the line that blocks.

A batch of two through one σ neuron, z = 70 and z = −70·(1 − 10^−50), targets 1 and 0: sample 1's loss
and δ need 1 − a = 4·10^−31 from the printed a (refused first; now written from z, stable_sse.py), and
the batch's ∂L/∂b = 1/2·(δ[1] + δ[2]) = 1.1·10^−109 is the difference of two δ of ±1.6·10^−61: it
needs them to 50 digits, and no form of a mean gradient avoids it.  Exit 3 names that line, not the
first refusal a stable form took (L[1]), and the file; --round-intermediate prints it.  (The case
this test had before, a σ output at 1 − 3·10^−29 under half_sse, is now written from z:
tests/test_stable_sigmoid_sse.py.)
"""

from __future__ import annotations

from helpers import symbp_here

SPEC = """title = "Exam Q3"
layers = [1, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
inputs = [[1], [-0.NINES]]
targets = [[1], [0]]

[[layer]]
weights = [[70]]
biases = [0]
""".replace("NINES", "9" * 50)


def test_exit_3_names_the_spec_file_and_the_line_no_stable_form_takes(tmp_path):
    spec, out = tmp_path / "exam.toml", tmp_path / "exam.txt"
    spec.write_text(SPEC, encoding="utf-8")
    refused = symbp_here("derive", spec, "-o", out)
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 3 and len(lines) == 1 and not out.exists(), refused.stderr
    assert lines[0].startswith(f"symbp: {spec}: cannot print ∂L/∂b_0^1 so that"), lines[0]
    assert lines[0].endswith("try --round-intermediate")
    carried = symbp_here("derive", spec, "--round-intermediate", "-o", out)
    assert carried.returncode == 0 and out.exists(), carried.stderr
    assert "∂L/∂b_0^1 = 1/2·(∂L/∂b_0^1[1] + ∂L/∂b_0^1[2])" in out.read_text(encoding="utf-8")
