"""The constraints a drawn variant must pass (variants.py), and the cheap float64 screen before them.

In:  a drawn spec (`float_screen`) or its exact solution (the constraints, `carried_agrees`) and
     the sheet's `VariantSettings`.
Out: whether it is acceptable; the name of the first constraint it fails is what a rejection is
     counted under (`REJECTION_REASONS`, for --verbose).

Each constraint reads the names of the quantities it checks from a list made once per
architecture (`_checked`), and compares exact Fractions by their integers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import repeat
from operator import mul
from typing import Callable

from . import names
from .variants_table import VariantSettings

# How saturated an activation's output a is, from 0 (the steepest point) to 1 (flat); activations
# without an entry never saturate (ReLU, identity, softplus).  Drawn neuron by neuron (variants.py).
SATURATION: dict[str, Callable[[float], float]] = {
    "sigmoid": lambda a: abs(2 * a - 1),
    "tanh": lambda a: abs(a),
}
# Smooth activations whose value and slope at z = 0 are constants known by heart (σ(0) = 1/2, σ'(0) = 1/4,
# tanh(0) = 0, tanh'(0) = 1, softplus'(0) = 1/2): a neuron drawn at exactly z = 0 has lines that test
# nothing, and tanh's a = 0 gives every weight it feeds a zero gradient (0·δ), that weight no update.
AT_ZERO = ("sigmoid", "tanh", "softplus")


# --- constraints: each returns True when the solved draw is acceptable --------------------------

def _within(value, bound: Fraction) -> bool:
    """|value| <= bound, for an exact Fraction or a high-precision mpf value (an exact 0 is a
    Fraction in every number domain, see evaluate.py); a float comparison is ample for an mpf.
    (Of two Fractions by their integers: what `abs(value) <= bound` decides, without making |value|.)"""
    if type(value) is Fraction:
        return abs(value._numerator) * bound._denominator <= bound._numerator * value._denominator  # (the properties' slots)
    if bound._numerator > _FLOAT_MAX * bound._denominator:  # max_abs_value = "1e999": beyond float64, compared as mpf
        import mpmath

        return mpmath.fabs(value) <= mpmath.mpf(bound._numerator) / bound._denominator
    return abs(float(value)) <= float(bound)


_FLOAT_MAX = 10**308  # float() of a Fraction above it overflows (float64 ends near 1.8·10^308)


@dataclass(frozen=True)
class _Checked:
    """The names of the quantities each constraint reads, of one architecture (once)."""

    kinks: tuple  # the pre-activations of ReLU/leaky ReLU layers
    first_kinks: tuple  # those of the first step (the backward pass the sheet works out first)
    smooth: tuple  # the pre-activations of AT_ZERO layers (sigmoid, tanh, softplus)
    saturable: tuple  # (name, saturation) of the sigmoid/tanh activations
    softmax: tuple  # the names of the softmax outputs, at every step
    layers: tuple  # per (step, layer): the names of its mean gradients
    neurons: tuple  # per (step, layer): per neuron j, the names of its mean gradients (row j of W, b_j)
    losses: tuple  # L of steps 1, 2, …, steps + 1
    asked: tuple  # every value a sheet asks for (not the intermediate f'(z) and (W^T δ)_k)
    twins: tuple  # per (sample, layer) of two or more neurons: the names of its pre-activations at step 1
    final: tuple  # per hidden layer, per neuron j: the names of its a_j of every sample in the last forward pass


_CHECKED: dict = {}


def _checked(solution) -> _Checked:
    spec = solution.spec
    if _LAST[0] is spec:  # (the constraints of one draw ask one after the other)
        return _LAST[1]
    architecture = spec.architecture()
    found = _CHECKED.get(architecture)
    if found is None:
        from .core.operations import OPERATIONS
        from .marking import OPTIONAL

        quantities, layers = solution.derivation.quantities, solution.spec.layers
        gradients: dict = {}
        neurons: dict = {}
        for q in quantities:
            if q.kind in ("weight_gradient", "bias_gradient") and q.sample is None:
                gradients.setdefault((q.step, q.layer), []).append(q.name)
                neurons.setdefault((q.step, q.layer), {}).setdefault(q.index[0], []).append(q.name)
        if len(_CHECKED) >= 32:
            _CHECKED.clear()
        kinks = [q for q in quantities
                 if q.kind == "pre_activation" and OPERATIONS[layers[q.layer - 1].activation].branch is not None]
        found = _CHECKED[architecture] = _Checked(
            tuple(q.name for q in kinks),
            tuple(q.name for q in kinks if q.step == 1),
            tuple(q.name for q in quantities if q.kind == "pre_activation" and layers[q.layer - 1].activation in AT_ZERO),
            tuple((q.name, SATURATION[layers[q.layer - 1].activation]) for q in quantities
                  if q.kind == "activation" and layers[q.layer - 1].activation in SATURATION),
            tuple(q.name for q in quantities if q.kind == "activation" and layers[q.layer - 1].activation == "softmax"),
            tuple(tuple(names_) for names_ in gradients.values()),
            tuple(tuple(tuple(row) for row in layer.values()) for layer in neurons.values()),
            tuple(names.name("L", None, (), None, t) for t in range(1, solution.spec.steps + 2)),
            tuple(q.name for q in quantities if q.kind not in OPTIONAL),
            _layers_of_zs(quantities),
            _final_hidden(quantities, len(layers), solution.spec.steps + 1))
    _LAST[:] = spec, found
    return found


_LAST = [None, None]  # the spec last asked about, and its _Checked


def _final_hidden(quantities, depth: int, last: int) -> tuple:
    """Per hidden layer, per neuron: the names of its activations (one a sample) in the forward pass with the
    final parameters (step `last`), which no gradient is worked from."""
    layers: dict = {}
    for q in quantities:
        if q.kind == "activation" and q.step == last and q.layer < depth:
            layers.setdefault(q.layer, {}).setdefault(q.index[0], []).append(q.name)
    return tuple(tuple(tuple(names_) for names_ in neurons.values()) for neurons in layers.values())


def _dead_after(values, final: tuple) -> int:
    """The most neurons of a hidden layer whose a is exactly 0 for every sample in the last forward pass: a dead
    ReLU there has zero gradients in a step that follows, and the task works out z = b for the layer after a layer
    all of them (stop 69's instructor: 5 of 30 softmax3 variants had every hidden ReLU dead after the update)."""
    return max((sum(not any(_nonzero(values[name]) for name in neuron) for neuron in layer) for layer in final),
               default=0)


def _layers_of_zs(quantities) -> tuple:
    """The names of the pre-activations of each layer of two or more neurons at step 1, per sample."""
    layers: dict = {}
    for q in quantities:
        if q.kind == "pre_activation" and q.step == 1:
            layers.setdefault((q.sample, q.layer), []).append(q.name)
    return tuple(tuple(zs) for zs in layers.values() if len(zs) > 1)


def _nonzero(value) -> bool:
    return value._numerator != 0 if type(value) is Fraction else value != 0  # (the property's slot)


def _no_kink(solution, settings: VariantSettings) -> bool:
    values, distance = solution.values, settings.kink_distance
    return not any(_within(values[name], distance) for name in _checked(solution).kinks)


def _both_branches(solution, settings: VariantSettings) -> bool:
    """Some ReLU/leaky ReLU pre-activation below 0 and some above at the first step (of any sample): both
    branches of f'(z) worked in the backward pass (a leaky ReLU's slope used, a ReLU's 0 met), where
    `both_branches` asks."""
    if not settings.both_branches:
        return True
    values = [solution.values[name] for name in _checked(solution).first_kinks]
    return any(v < 0 for v in values) and any(v > 0 for v in values)


def _not_at_zero(solution, settings: VariantSettings) -> bool:
    values = solution.values
    return all(_nonzero(values[name]) for name in _checked(solution).smooth)


def _unsaturated(solution, settings: VariantSettings) -> bool:
    saturable = _checked(solution).saturable
    if not saturable or settings.max_saturation >= 1:  # (no sigmoid/tanh: the Fraction not compared)
        return True
    values, bound = solution.values, float(settings.max_saturation) + _CLEAR
    return all(saturation(float(values[name])) <= bound for name, saturation in saturable)


def _softmax_unsaturated(solution, settings: VariantSettings) -> bool:
    """Every softmax output a <= (1 + max_saturation)/2, as a sigmoid's (softmax of two classes is σ of their
    difference): near 1 its 1 − a keeps few digits, and a carried key's −ln a (the cost) and a − y (δ) lose theirs
    (a = 0.9998 carried at 4 digits gave the new cost 0.0002000 for 0.0002355).  A small output is not flat in that
    way.  Kept where draws meet it: a variant whose PREFERRED_TRIES draws fail it is drawn without it (variants.py)."""
    names_ = _checked(solution).softmax
    if not names_ or not settings.softmax_limited or settings.max_saturation >= 1:
        return True
    values, bound = solution.values, (float(settings.max_saturation) + 1) / 2 + _CLEAR
    return all(float(values[name]) <= bound for name in names_)


def _alive_after_update(solution, settings: VariantSettings) -> bool:
    """The forward pass with the updated parameters: no hidden layer whose a are all 0 for a sample (the next
    layer's z = b: stop 69's instructor, 5 of 30 softmax3 variants) unless allow_dead_layers, and at most
    max_dead_neurons hidden neurons of a layer with a = 0 for every sample.  Kept where draws meet it, as the
    softmax's bound (variants.PREFERRED_TRIES)."""
    if not settings.alive_after_update:
        return True
    values, final = solution.values, _checked(solution).final
    if not settings.allow_dead_layers and \
            not all(any(_nonzero(values[name]) for name in sample) for layer in final for sample in zip(*layer)):
        return False
    most = settings.max_dead_neurons
    return most is None or _dead_after(values, final) <= most


def _no_dead_layer(solution, settings: VariantSettings) -> bool:
    if settings.allow_dead_layers:
        return True
    values = solution.values
    return all(any(_nonzero(values[name]) for name in layer) for layer in _checked(solution).layers)


def _few_dead_neurons(solution, settings: VariantSettings) -> bool:
    """At most max_dead_neurons neurons of each layer with all their gradients zero, at every step
    (a dead ReLU: z < 0, so δ = 0; a sheet of many such is a different, easier exercise)."""
    most = settings.max_dead_neurons
    if most is None:
        return True
    values = solution.values
    return all(sum(not any(_nonzero(values[name]) for name in neuron) for neuron in layer) <= most
               for layer in _checked(solution).neurons)


def dead_neurons(solution) -> int:
    """The most neurons of a layer with all their gradients zero, at any step (what max_dead_neurons limits)."""
    values = solution.values
    return max((sum(not any(_nonzero(values[name]) for name in neuron) for neuron in layer)
                for layer in _checked(solution).neurons), default=0)


def dead_neurons_screen(spec, settings: VariantSettings, floats: tuple) -> str | None:
    """"dead_neurons" when a float64 forward pass of the draw (W, B, inputs as floats) shows more
    than max_dead_neurons ReLU neurons of a layer clearly below 0 for every sample: their δ, so
    their gradients, are exactly 0 at step 1 and `_few_dead_neurons` rejects the draw; None when
    the exact check must decide.  (Cheap: a constraint too strict for the draws to meet is refused
    after max_draws draws in milliseconds each, not after as many exact solutions.)"""
    most = settings.max_dead_neurons
    if most is None:
        return None
    W, B, xs = floats
    signals, below = xs, (-_CLEAR).__gt__  # (below(v): v < -_CLEAR)
    fsum = math.fsum
    for layer, weights, biases in zip(spec.layers, W, B):
        if biases is None:
            biases = [0.0] * len(weights)
        zs = [[fsum(map(mul, row, signal)) + bias for row, bias in zip(weights, biases)] for signal in signals]
        if layer.activation == "relu":  # (per neuron: its z of every sample)
            if sum(all(map(below, z)) for z in zip(*zs)) > most:
                return DEAD_NEURONS
            signals = [list(map(max, z, repeat(0.0))) for z in zs]
        else:
            return None  # (beyond a layer of another activation: the exact check decides)
    return None


DEAD_NEURONS = "dead_neurons"


def _loss_falls(solution, settings: VariantSettings) -> bool:
    if not settings.require_loss_decrease:
        return True
    losses = [solution.values[name] for name in _checked(solution).losses]
    for before, after in zip(losses, losses[1:]):
        if type(before) is Fraction and type(after) is Fraction:  # (by their integers: what `after < before` decides)
            if after._numerator * before._denominator >= before._numerator * after._denominator:  # (the slots)
                return False
        elif not after < before:
            return False
    return True


def _distinct_neurons(solution, settings: VariantSettings) -> bool:
    """No two neurons of a layer with the same z at step 1 (of a sample): they have the same a, f'(z) and
    often δ, and the sheet asks the same work twice (the stop-65 instructor: a 3-4-2 variant with z = 2.3
    in three of four neurons), and a slip of j for k goes unseen."""
    if not settings.distinct_neurons:
        return True
    values = solution.values
    return all(len({values[name] for name in zs}) == len(zs) for zs in _checked(solution).twins)


def _distinct_samples(solution, settings: VariantSettings) -> bool:
    inputs = solution.spec.inputs
    return len(inputs) < 2 or len(set(inputs)) == len(inputs)


def _in_range(solution, settings: VariantSettings) -> bool:
    """Every value a sheet asks for (not the intermediate f'(z) and (W^T δ)_k) within max_abs_value
    (`_within`, the Fractions' test written in the loop)."""
    values, bound = solution.values, settings.max_abs_value
    top, bottom = bound._numerator, bound._denominator  # (the properties' slots)
    for value in map(values.__getitem__, _checked(solution).asked):
        if type(value) is Fraction:
            if abs(value._numerator) * bottom > top * value._denominator:
                return False
        elif not _within(value, bound):
            return False
    return True


_CLEAR = 1e-9  # a float margin far beyond float64 rounding of these small sums
def float_screen(spec, settings: VariantSettings, floats: tuple | None = None, compiled: bool = True) -> str | None:
    """A cheap float64 forward pass that rejects draws the exact constraints would certainly
    reject (a ReLU pre-activation clearly within kink_distance of 0, or a ReLU layer whose
    pre-activations are all clearly negative, so that its gradients are all zero); None when the
    exact check must decide.  It never rejects a draw the exact check would accept, so the
    variants drawn are the same with or without it, only faster.  `floats`: the spec's (W, B,
    inputs) as floats, as `float_path.float_net` makes them (the draw has them); with them, by the
    shape's generated function (`screen_program.py`) unless not `compiled`."""
    if floats is not None and compiled:  # (the same operations and tests, written out per shape)
        return _screen(spec, settings)(*floats)
    kinked, kink_distance, dead = _screened(spec, settings)
    if not (dead or (kink_distance > 0 and any(kinked))):
        return None
    from .float_path import FloatNet, float_net

    if floats is None:
        net, xs = float_net(spec), [[float(v) for v in row] for row in spec.inputs]
    else:
        W, B, xs = floats
        net = FloatNet(W, B, [(layer.activation, float(layer.negative_slope)) for layer in spec.layers], spec.loss)
    first = None
    for x in xs:
        zs, _ = net.forward(x)
        first = first or zs
        if kink_distance > 0 and any(abs(v) < kink_distance for kink, z in zip(kinked, zs) if kink for v in z):
            return "kink"
    if dead:
        for (activation, _), z in zip(net.activations, first):
            if activation == "relu" and all(v < -_CLEAR for v in z):
                return "dead_layer"
    return None


def _screened(spec, settings: VariantSettings) -> tuple:
    """(per layer whether the screen keeps its pre-activations off 0, the distance it keeps them
    (less the margin), whether it looks for a dead ReLU layer)."""
    kinked = [layer.activation in ("relu", "leaky_relu") for layer in spec.layers]
    kink_distance = float(settings.kink_distance) - _CLEAR  # (kink_distance 0: nothing is within it)
    dead = not settings.allow_dead_layers and not spec.batch and "relu" in (layer.activation for layer in spec.layers)
    return kinked, kink_distance, dead


def draw_screens(spec, settings: VariantSettings, floats: tuple) -> str | None:
    """`float_screen`'s verdict on a draw's floats, then `dead_neurons_screen`'s (None: the exact
    constraints decide): both by one generated function of the shape (screen_program.py)."""
    return _screen(spec, settings, True)(*floats)


def _screen(spec, settings: VariantSettings, dead_neurons: bool = False):
    """`float_screen` (and with `dead_neurons`, `dead_neurons_screen` after it) of draws like `spec`
    (its architecture) as a function of the draw's floats (W, B, inputs): the shape's generated
    function (screen_program.py) with the settings' tests; made once for the spec and settings a
    sheet draws with (`_SCREEN`)."""
    last = _SCREEN[dead_neurons]
    if last[0] is spec and last[1] is settings:
        return last[2]
    kinked, kink_distance, dead = _screened(spec, settings)
    forward = dead or (kink_distance > 0 and any(kinked))
    most = settings.max_dead_neurons if dead_neurons else None
    if not forward and most is None:
        function = _nothing_screened
    else:
        from .screen_program import screen_function

        shape = (tuple((width, before, layer.has_bias) for width, before, layer in zip(spec.widths[1:], spec.widths, spec.layers)),
                 tuple((layer.activation, float(layer.negative_slope)) for layer in spec.layers), tuple(kinked),
                 forward, most is not None)
        compiled, dead_below = screen_function(shape), -_CLEAR if dead else None

        def function(W, B, xs):
            return compiled(W, B, xs, kink_distance, dead_below, most, -_CLEAR)
    last[:] = spec, settings, function
    return function


def _nothing_screened(W, B, xs) -> None:
    return None


_SCREEN = ([None, None, None], [None, None, None])  # (the float screen alone, with the dead neurons' test):
# the spec and settings last screened for, and their screen


SAME_NEURONS = "same_neurons"
SATURATED_SOFTMAX, DEAD_AFTER = "saturated_softmax", "dead_after_update"


@dataclass(frozen=True)
class Constraint:
    name: str
    accepts: Callable  # (solution, settings) -> bool
    meaning: str  # for --verbose


CONSTRAINTS = (
    Constraint("kink", _no_kink, "a ReLU/leaky ReLU pre-activation at (or within kink_distance of) 0"),
    Constraint("one_branch", _both_branches, "every ReLU/leaky ReLU pre-activation on one side of 0 (both_branches)"),
    Constraint("at_zero", _not_at_zero, "a sigmoid/tanh/softplus pre-activation exactly 0 (constants, not worked out)"),
    Constraint("saturated", _unsaturated, "a sigmoid/tanh unit beyond max_saturation (at a later step)"),
    Constraint(SATURATED_SOFTMAX, _softmax_unsaturated, "a softmax output above (1 + max_saturation)/2"),
    Constraint("dead_layer", _no_dead_layer, "a layer whose gradients are all zero"),
    Constraint(DEAD_NEURONS, _few_dead_neurons, "more neurons of a layer with all gradients zero than max_dead_neurons"),
    Constraint(DEAD_AFTER, _alive_after_update, "a hidden layer dead, or more dead neurons than max_dead_neurons, "
                                                "in the forward pass after the update"),
    Constraint("loss_increase", _loss_falls, "the loss did not fall after the update"),
    Constraint("out_of_range", _in_range, "a value beyond max_abs_value"),
    Constraint("same_inputs", _distinct_samples, "two samples of a batch with the same input"),
    Constraint(SAME_NEURONS, _distinct_neurons, "two neurons of a layer with the same z at step 1 (distinct_neurons)"),
)
DUPLICATE = Constraint("duplicate", None, "the same numbers as an earlier variant")
CARRIED_OFF = Constraint("carried_off", None, "a carried key's value (or its cost's fall) not even at 1 significant digit "
                                              "its exact one (cancellation: 0.0000005 for 2.807·10^−7)")
REJECTION_REASONS = {c.name: c.meaning for c in (*CONSTRAINTS, CARRIED_OFF, DUPLICATE)}
