"""Exit 3 ("cannot print X so that its line follows …") names the spec file and the line that blocks.

A σ output at 1 − 3·10^−29 with target 1 under half_sse (a tanh/σ batch of two, learning rate 1000, step 2):
its loss and δ need 1 − a from the printed a, and no stable form gives it.  The σ' lines the a-form refused
first are taken by their z-form (σ'(z) at the printed z); the refusal used to name the first of them
(∂a_0^2[1]@2/∂z_0^2[1]@2, which the page then prints fine) and no file.  --round-intermediate prints it.
"""

from __future__ import annotations

from helpers import symbp_here

SPEC = """title = "Exam Q3"
layers = [3, 2, 2]
activation = "tanh"
loss = "half_sse"
learning_rate = 1000
steps = 2
inputs = [[0.5, -1, 2], [1, 0.3, -0.7]]
targets = [[1, 0], [0, 1]]

[[layer]]
weights = [[0.1, -0.2, 0.3], [0.4, 0.25, -0.15]]
biases = [0.05, -0.1]

[[layer]]
activation = "sigmoid"
weights = [[0.6, -0.35], [-0.45, 0.2]]
biases = [0.0, 0.1]
"""


def test_exit_3_names_the_spec_file_and_a_line_no_stable_form_takes(tmp_path):
    spec, out = tmp_path / "exam.toml", tmp_path / "exam.txt"
    spec.write_text(SPEC, encoding="utf-8")
    refused = symbp_here("derive", spec, "-o", out)
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 3 and len(lines) == 1 and not out.exists(), refused.stderr
    assert lines[0].startswith(f"symbp: {spec}: cannot print "), lines[0]
    blocking = lines[0].split("cannot print ", 1)[1].split(" so that", 1)[0]
    assert blocking.endswith("@2") and not blocking.startswith("∂a_"), lines[0]  # (the σ' lines print at z)
    assert lines[0].endswith("try --round-intermediate")
    carried = symbp_here("derive", spec, "--round-intermediate", "-o", out)
    assert carried.returncode == 0 and out.exists(), carried.stderr
    assert f"σ'(z_0^2[1]@2)" in out.read_text(encoding="utf-8")
