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

from . import stable_bce, stable_ce, stable_sse

# the output layer's (activation, loss) -> (the templates' name of its stable form, (spec, q, value of a
# name) -> the stable formula of a loss or output-δ quantity q, or None)
STABLE_FORMS = {
    ("sigmoid", "bce"): ("bce", lambda spec, q, value: stable_bce.stable_formula(spec, q, lambda z: value(z) >= 0)),
    ("softmax", "cross_entropy"): ("softmax", stable_ce.softmax_formula),
    ("sigmoid", "cross_entropy"): ("sigmoid_ce", stable_ce.sigmoid_formula),
    ("softmax", "half_sse"): ("softmax_sse", stable_sse.softmax_formula),
    ("softmax", "mse"): ("softmax_mse", stable_sse.softmax_formula),
    ("sigmoid", "half_sse"): ("sigmoid_sse", stable_sse.sigmoid_formula),
    ("sigmoid", "mse"): ("sigmoid_mse", stable_sse.sigmoid_formula),
}


def stable_formula(spec, q, value=lambda name: 0):
    """The stable form of a loss or output-δ quantity `q` (None: none for it or for this output layer)."""
    form = STABLE_FORMS.get((spec.layers[-1].activation, spec.loss))
    return None if form is None else form[1](spec, q, value)


def stable_kind(spec) -> str | None:
    """The name of the spec's stable form ("bce", "softmax": which identity the sentence states)."""
    form = STABLE_FORMS.get((spec.layers[-1].activation, spec.loss))
    return None if form is None else form[0]
