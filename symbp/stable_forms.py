"""The registry of an output layer's numerically stable forms: (activation, loss) -> the formula of
its loss or output δ over the printed z (or a), where the a-form cannot follow from printed digits.

In:  the spec, a loss or output-δ quantity q, and the value of a name (the worked solution's, or
     in marking the answer's own numbers).
Out: the stable formula of q (stable_bce, stable_ce, stable_sse), or None (none for q, for this
     output layer, or its outputs are not that close to 0 or 1).  The worked solution writes its
     lines with it (render/stable_loss.py); marking accepts a value worked out with it from the
     answer's own numbers (marking.stable_way).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from . import stable_bce, stable_ce, stable_sse

class StableForm(NamedTuple):
    kind: str  # the templates' name of the form ("bce", "softmax": which identity the sentence states)
    formula: Callable  # (spec, q, value of a name) -> the stable formula of a loss or output-δ quantity q, or None
    anywhere: bool  # marking accepts it wherever the output is (bce's is the loss's textbook form); else only
    #                 where the answer's own a is 1 or 0 at the sheet's digits, where the a-form gives nothing


STABLE_FORMS = {  # the output layer's (activation, loss) -> its stable form
    ("sigmoid", "bce"): StableForm(
        "bce", lambda spec, q, value: stable_bce.stable_formula(spec, q, lambda z: value(z) >= 0), True),
    ("softmax", "cross_entropy"): StableForm("softmax", stable_ce.softmax_formula, False),
    ("sigmoid", "cross_entropy"): StableForm("sigmoid_ce", stable_ce.sigmoid_formula, False),
    ("softmax", "half_sse"): StableForm("softmax_sse", stable_sse.softmax_formula, False),
    ("softmax", "mse"): StableForm("softmax_mse", stable_sse.softmax_formula, False),
    ("sigmoid", "half_sse"): StableForm("sigmoid_sse", stable_sse.sigmoid_formula, False),
    ("sigmoid", "mse"): StableForm("sigmoid_mse", stable_sse.sigmoid_formula, False),
}


def stable_form(spec) -> StableForm | None:
    """The stable form of the spec's output layer and loss (None: none)."""
    return STABLE_FORMS.get((spec.layers[-1].activation, spec.loss))


def stable_formula(spec, q, value=lambda name: 0):
    """The stable form of a loss or output-δ quantity `q` (None: none for it or for this output layer)."""
    form = stable_form(spec)
    return None if form is None else form.formula(spec, q, value)


def stable_kind(spec) -> str | None:
    """The name of the spec's stable form ("bce", "softmax": which identity the sentence states)."""
    form = stable_form(spec)
    return None if form is None else form.kind
