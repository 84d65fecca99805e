"""What a worked solution shows, and in which form: a spec, --detail and the display mode -> Layout.

The renderer follows it line by line; the calculator mode follows it too, because a student
carries exactly the rounded values that are written down: the back-propagated vector
((W^{l+1})^T δ^{l+1}) of a hidden layer is carried rounded where it is shown.

    detail   neuron: a line per neuron;  matrix: vectors and matrices;  table: later steps only in
             the table;  auto: matrix form for layers wider than NEURON_DETAIL_MAX_WIDTH, later
             steps in full up to FULL_LATER_STEPS_MAX_PARAMETERS parameters and 3 steps, and step 2
             of an optimizer with state (momentum, AdaGrad, RMSprop, Adam) in full as step 1 is:
             its update is the first to use the state step 1 left (β·v_1, ρ·v_1 + (1 − ρ)·g²).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import derivation_quantities as D
from .optimizers import OPTIMIZERS

NEURON_DETAIL_MAX_WIDTH = 6  # wider layers are shown in matrix form under --detail auto
FULL_LATER_STEPS_MAX_PARAMETERS = 20  # later steps in full under --detail auto up to this size


@dataclass(frozen=True)
class Layout:
    spec: object
    detail: str = "auto"
    carried: bool = False  # the calculator mode (--round-intermediate, worksheet keys)

    def wide(self, *layers: int) -> bool:
        """Whether layers are shown in matrix/vector form rather than a line per neuron."""
        if self.detail != "auto":
            return self.detail == "matrix"
        widths = self.spec.widths  # (read once: ~15 times a worked solution)
        return max([widths[l] for l in layers if 0 <= l < len(widths)]) > NEURON_DETAIL_MAX_WIDTH

    @property
    def full_later(self) -> bool:
        """Whether steps after the first are shown line by line (else only in the table)."""
        n_params = sum(len(row) + layer.has_bias for layer in self.spec.layers for row in layer.weights)
        return self.detail in ("neuron", "matrix") or (
            self.detail == "auto" and n_params <= FULL_LATER_STEPS_MAX_PARAMETERS and self.spec.steps <= 3)

    @property
    def full_second(self) -> bool:
        """Whether step 2 is shown line by line whatever the size (auto, an optimizer with state)."""
        return self.detail == "auto" and bool(OPTIMIZERS[self.spec.training.optimizer].states)

    def full(self, step: int) -> bool:
        return step == 1 or self.full_later or (step == 2 and self.full_second)

    @property
    def show_table(self) -> bool:
        """The table of the parameters at every step: where a later step is not shown in full, or asked for."""
        in_full = self.spec.steps if self.full_later else 2 if self.full_second else 1
        return in_full < self.spec.steps or self.detail == "table"

    def matrix_forward(self, l: int) -> bool:
        return self.wide(l, l - 1)

    def matrix_updates(self, l: int) -> bool:
        return self.wide(l, l - 1)

    def neuron_deltas(self, l: int) -> bool:
        """δ^l a line per neuron (always for the output layer: its δ is used by what follows)."""
        return l == self.spec.depth or not self.wide(l - 1, l, l + 1)

    def neuron_gradients(self, l: int) -> bool:
        return not self.wide(l - 1, l, l + 1)

    def backprop_vector(self, l: int) -> bool:
        """Whether δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ f'(z^l) is written out with its vectors.  In the
        calculator mode only where it is the one form of δ^l shown: beside the per-neuron lines,
        which use the unrounded sum, a rounded vector would not give the same δ."""
        return l < self.spec.depth and not (self.carried and self.neuron_deltas(l))

    def rounded_sums(self, derivation) -> frozenset:
        """The back-propagated sums (W^T δ)_k shown as a vector, hence carried rounded."""
        return frozenset(q.name for q in derivation.quantities
                         if q.kind == D.BACKPROPAGATED and self.full(q.step) and self.backprop_vector(q.layer))
