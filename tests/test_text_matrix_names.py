"""The text format's vector and matrix blocks name what they hold: a later step's and a sample's
vectors carry the same suffixes as the quantities inside them (z^1@2 holds z_0^1@2, z_1^1@2, …;
a^0[2] holds a_0^0[2], …), as the Markdown and LaTeX pages write z^{1\\,\\langle 2\\rangle} and a^{0\\,(2)}.

The expected names are written here from the notation's rule (suffix [s] for sample s of a batch,
@t for training step t ≥ 2; the weights have no sample; a^0 has no step), not taken from symbp.
"""

from __future__ import annotations

from linecheck import check_text
from test_invariant import example, worked


def _text(name: str, **options) -> list[str]:
    return [line.strip() for line in worked(example(name), detail="matrix", **options)["text"].splitlines()]


def test_later_steps_name_their_vectors_and_matrices():
    lines = _text("steps3")  # 3 steps of gradient descent
    # step 2's forward pass, δ, gradients and the update to step 3
    assert any(line.startswith("z^1@2 = W^1@2·a^0 + b^1@2, ") for line in lines)
    assert "W^1@2 =" in lines
    assert any(line.startswith("a^1@2 = ") and "(z^1@2)" in line for line in lines)
    assert any(line.startswith("δ^1@2 = ((W^2@2)^T δ^2@2) ⊙ f'(z^1@2)") for line in lines)
    assert any(line.startswith("∂L/∂W^1@2 = δ^1@2·(a^0)^T ") for line in lines)
    assert any(line.startswith("W^1@3 = W^1@2 − α·∂L/∂W^1@2 ") for line in lines)
    assert any(line.startswith("b^1@3 = b^1@2 − α·∂L/∂b^1@2 ") for line in lines)
    # the first step's names have no suffix
    assert any(line.startswith("z^1 = W^1·a^0 + b^1, ") for line in lines)
    assert any(line.startswith("W^1@2 = W^1 − α·∂L/∂W^1 ") for line in lines)
    # no unsuffixed name inside a later step's section
    later = lines[lines.index("W^1@2 =") - 2:]
    assert not any(line.startswith(("z^1 =", "a^1 =", "∂L/∂W^1 =")) for line in later[:40])


def test_samples_name_their_vectors():
    lines = _text("batch3")  # three samples
    assert any(line.startswith("z^1[2] = W^1·a^0[2] + b^1, ") for line in lines)
    assert "a^0[2] = (0, 1)" in lines or any(line.startswith("a^0[2] = (") for line in lines)
    assert any(line.startswith("δ^1[2] = ((W^2)^T δ^2[2]) ⊙ f'(z^1[2])") for line in lines)
    assert any(line.startswith("∂L/∂W^2[3] = δ^2[3]·(a^1[3])^T ") for line in lines)


def test_the_reader_refuses_a_block_named_for_another_step():
    """The student's reader (linecheck) checks each block's name against its entries' quantities:
    step 2's forward block named z^1 = W^1·a^0 + b^1 (the names of step 1) is reported."""
    text = worked(example("steps3"), detail="matrix")["text"]
    assert check_text(text)[0] == []
    wrong = text.replace("z^1@2 = W^1@2·a^0 + b^1@2, ", "z^1 = W^1·a^0 + b^1, ", 1)
    assert wrong != text
    violations = check_text(wrong)[0]
    assert any("named z^1 = W^1·a^0 + b^1" in v for v in violations), violations
