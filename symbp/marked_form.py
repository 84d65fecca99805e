"""The formula a written f'(z) is marked by: f'(z) itself, worked through a or from z.

The derivation keeps an f'(z) (local:da/dz, written on the way) in its taught form only, a(1 − a)
for the sigmoid; a student may as well work it from z (σ(z)(1 − σ(z)), e^−z/(1 + e^−z)², with
the digits they keep).  Marked as the δ that holds it marks it — Apply(f', z), whose ways
(carry.ways_for) are through a and from z — a right f'(z) is right either way; one that no way
gives is wrong (it was once taken as its own explanation: any number passed)."""

from __future__ import annotations

from .derivation_quantities import ACTIVATION_DERIVATIVE

# how far (units of its last digit) a written f'(z) may land from what the ways give when it was
# worked from z through rounded steps the ways do not spell out (marking.py)
DERIVATIVE_STEPS_UNITS = 10


class _AsDerived:
    """A quantity with the formula it is marked by (and its layer's activation); everything else is
    the quantity's own."""

    def __init__(self, quantity, formula, activation):
        self._quantity, self.formula, self.activation = quantity, formula, activation

    def __getattr__(self, name):
        return getattr(self._quantity, name)


def as_marked(quantity, spec):
    """`quantity`, or an f'(z) of an elementwise activation as Apply(f', z) (module docstring)."""
    if quantity.kind != ACTIVATION_DERIVATIVE or not quantity.layer:
        return quantity
    from . import names
    from .activations import ACTIVATIONS, derivative_function
    from .core import identity as ids
    from .formula import Apply, Ref

    layer = spec.layers[quantity.layer - 1]
    z = names.parse(quantity.name).wrt
    if z is None or layer.activation not in ACTIVATIONS or not ACTIVATIONS[layer.activation].elementwise:
        return quantity
    formula = Apply(derivative_function(layer.activation, layer.negative_slope), (Ref(ids.name(z)),))
    return _AsDerived(quantity, formula, ACTIVATIONS[layer.activation])


def worked_in_steps(quantity, written, minimum: int) -> bool:
    """Whether a written f'(z) (`as_marked`'s) may be one worked from z through rounded steps: a
    transcendental derivative (σ', tanh', softplus': an identity's or ReLU's is exact) written with a
    decimal point and at least `minimum` significant digits (2 for f' = 1 is not a rounded 1)."""
    from .agreement import could_be_rounding

    return isinstance(quantity, _AsDerived) and not quantity.activation.rational and could_be_rounding(written) \
        and written.significant >= minimum
