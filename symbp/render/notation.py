"""How typeset math (LaTeX and Markdown) marks a quantity's batch sample and training step.

In:  a sample i (of a batch) and a training step t, either of them absent.
Out: the superscript tags written after the layer: sample i in parentheses, (i), as Ng's and
     Goodfellow's x^{(i)}; step t in angle brackets, ⟨t⟩ (\\langle t\\rangle), as the field writes a
     time step (deeplearning.ai's x^{⟨t⟩}) — never parentheses, so that z^{1\\,(2)} (sample 2) and
     w^{1\\,⟨2⟩} (step 2) cannot be taken for each other; both: z^{1\\,(2)⟨3⟩}.  Subscripts are the
     neurons' (w^{l}_{jk}, Nielsen's) and a sample's loss's (L_i), so a step is no subscript here.
Plain text and the quantity names keep their suffixes, [i] and @t (core/identity.py).
"""

from __future__ import annotations


def step_tag(step) -> str:
    """The tag of training step t: ⟨t⟩, \\langle 2\\rangle ("" for none)."""
    return rf"\langle {step}\rangle" if step else ""


def tags(sample, step) -> str:
    """The tags of a sample and a step: (i), ⟨t⟩, (i)⟨t⟩ ("" for neither)."""
    return (f"({sample})" if sample else "") + step_tag(step)


def superscript(layer, sample, step) -> str:
    """A layer's superscript with its tags: 1\\,(2), 1\\,⟨2⟩, 1\\,(2)⟨3⟩, (2) without a layer, or 1."""
    marks = tags(sample, step)
    layer = "" if layer is None else str(layer)
    return layer + (r"\," if layer and marks else "") + marks
