"""Exercise variants: a spec's architecture + a seed -> distinct networks with "nice" numbers.

The spec supplies architecture, activations, loss, learning rate and steps; each variant draws its
own weights, biases, inputs and targets on a decimal grid, from one seeded `random.Random` passed
down (never the global generator).  The worksheet's seed gives each variant its own seed, drawn
from the worksheet's generator, so that variant k is the same whatever N is.

A draw is kept only when it passes every constraint (rejection sampling); the reasons for
rejecting are counted for `--verbose`.  The optional `[variants]` table of a spec configures it
(variants_table.py); the tasks it asks for are in tasks.py.

Constraints (CONSTRAINTS, in the order tried): kink, saturated, dead_layer, loss_increase,
out_of_range, same_inputs (no two samples of a batch with the same input), duplicate (no two
variants with the same numbers).  A draw takes the inputs first, then each neuron's weights and
bias; a sigmoid/tanh neuron saturated by them is redrawn at once (up to UNIT_REDRAWS times), so
that wide layers need not wait for every neuron to be unsaturated in one whole draw.

Without a seed, `default_seed` derives one from the spec's content and the sheet's title: two
different specs get different numbers, the same spec the same numbers on every run.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

from . import names
from .errors import SpecError
from .variants_table import VariantSettings, settings_from_spec

SEED_BITS = 32
UNIT_REDRAWS = 200  # per neuron and draw, before the whole draw is left to the constraints

# How saturated an activation's output a is, from 0 (the steepest point) to 1 (flat); activations
# without an entry never saturate (ReLU, identity, softplus; softmax is not limited).
SATURATION: dict[str, Callable[[float], float]] = {
    "sigmoid": lambda a: abs(2 * a - 1),
    "tanh": lambda a: abs(a),
}

# --- drawing -------------------------------------------------------------------------------------

def draw_numbers(spec, settings: VariantSettings, rng: random.Random, redrawn: Counter | None = None):
    """The spec with freshly drawn inputs, weights, biases and targets (same architecture).

    Inputs come first; then, neuron by neuron, its weights and bias, redrawn while a sigmoid or
    tanh neuron would be saturated for some sample (counted in `redrawn`)."""
    from .float_path import activation_function
    from .losses import LOSSES
    from .spec import LayerSpec

    widths = spec.widths
    inputs = tuple(settings.inputs.draw_vector(rng, widths[0]) for _ in range(spec.samples))
    signals = [[float(x) for x in row] for row in inputs]  # each sample's activations so far
    layers = []
    for l, layer in enumerate(spec.layers, start=1):
        saturation = SATURATION.get(layer.activation) if settings.max_saturation < 1 else None
        functions = activation_function(layer.activation, float(layer.negative_slope))
        forward = functions[0] if functions is not None else None
        weights, biases = [], []
        for _ in range(widths[l]):
            for _attempt in range(UNIT_REDRAWS):
                row = settings.weights.draw_vector(rng, widths[l - 1])
                bias = settings.biases.draw(rng) if layer.has_bias else Fraction(0)
                if saturation is None or all(
                        saturation(forward(_pre_activation(row, bias, a))) <= float(settings.max_saturation)
                        for a in signals):
                    break
                if redrawn is not None:
                    redrawn[REDRAWN_UNITS] += 1
            weights.append(row)
            biases.append(bias)
        layers.append(LayerSpec(tuple(weights), tuple(biases) if layer.has_bias else None, layer.activation,
                                layer.negative_slope))
        if forward is not None:  # softmax is the output layer: nothing follows it
            signals = [[forward(_pre_activation(row, b, a)) for row, b in zip(weights, biases)] for a in signals]
    targets = tuple(settings.targets.draw_vector(rng, widths[-1]) for _ in range(spec.samples))
    LOSSES[spec.loss].validate_targets(targets, "variants.targets")  # a grid the loss cannot take
    drawn = spec.with_numbers(layers, inputs, targets)
    if settings.hyperparameters:  # drawn last: a sheet without them draws what it drew before
        from dataclasses import replace

        from .optimizers import draw_training

        drawn = replace(drawn, training=draw_training(spec.training, settings.hyperparameters, rng))
    return drawn


def _pre_activation(row, bias, a) -> float:
    return math.fsum(float(w) * x for w, x in zip(row, a)) + float(bias)


def default_seed(spec, title: str, table: dict | None = None) -> int:
    """A seed from the spec's content (architecture, numbers, [variants] table) and the sheet's
    title: the same spec gives the same seed on every run, two different specs different seeds.
    `table`: the spec as a table (default: a network's, `spec_to_dict`)."""
    import hashlib
    import json

    from .spec import spec_to_dict

    content = {"spec": table if table is not None else spec_to_dict(spec), "variants": spec.variants, "title": title}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")


# --- constraints: each returns True when the solved draw is acceptable --------------------------

def _within(value, bound: Fraction) -> bool:
    """|value| <= bound, for an exact Fraction or a high-precision mpf value (an exact 0 is a
    Fraction in every number domain, see evaluate.py); a float comparison is ample for an mpf.
    (Of two Fractions by their integers: what `abs(value) <= bound` decides, without making |value|.)"""
    if type(value) is Fraction:
        return abs(value.numerator) * bound.denominator <= bound.numerator * value.denominator
    return abs(float(value)) <= float(bound)


@dataclass(frozen=True)
class _Checked:
    """The names of the quantities each constraint reads, of one architecture (once)."""

    kinks: tuple  # the pre-activations of ReLU/leaky ReLU layers
    saturable: tuple  # (name, saturation) of the sigmoid/tanh activations
    layers: tuple  # per (step, layer): the names of its mean gradients
    losses: tuple  # L of steps 1, 2, …, steps + 1
    asked: tuple  # every value a sheet asks for (not the intermediate f'(z) and (W^T δ)_k)


_CHECKED: dict = {}


def _checked(solution) -> _Checked:
    architecture = solution.spec.architecture()
    found = _CHECKED.get(architecture)
    if found is None:
        from .core.operations import OPERATIONS
        from .marking import OPTIONAL

        quantities, layers = solution.derivation.quantities, solution.spec.layers
        gradients: dict = {}
        for q in quantities:
            if q.kind in ("weight_gradient", "bias_gradient") and q.sample is None:
                gradients.setdefault((q.step, q.layer), []).append(q.name)
        if len(_CHECKED) >= 32:
            _CHECKED.clear()
        found = _CHECKED[architecture] = _Checked(
            tuple(q.name for q in quantities
                  if q.kind == "pre_activation" and OPERATIONS[layers[q.layer - 1].activation].branch is not None),
            tuple((q.name, SATURATION[layers[q.layer - 1].activation]) for q in quantities
                  if q.kind == "activation" and layers[q.layer - 1].activation in SATURATION),
            tuple(tuple(names_) for names_ in gradients.values()),
            tuple(names.name("L", None, (), None, t) for t in range(1, solution.spec.steps + 2)),
            tuple(q.name for q in quantities if q.kind not in OPTIONAL))
    return found


def _nonzero(value) -> bool:
    return value.numerator != 0 if type(value) is Fraction else value != 0


def _no_kink(solution, settings: VariantSettings) -> bool:
    values, distance = solution.values, settings.kink_distance
    return not any(_within(values[name], distance) for name in _checked(solution).kinks)


def _unsaturated(solution, settings: VariantSettings) -> bool:
    if settings.max_saturation >= 1:
        return True
    values, bound = solution.values, float(settings.max_saturation) + _CLEAR
    return all(saturation(float(values[name])) <= bound for name, saturation in _checked(solution).saturable)


def _no_dead_layer(solution, settings: VariantSettings) -> bool:
    if settings.allow_dead_layers:
        return True
    values = solution.values
    return all(any(_nonzero(values[name]) for name in layer) for layer in _checked(solution).layers)


def _loss_falls(solution, settings: VariantSettings) -> bool:
    if not settings.require_loss_decrease:
        return True
    losses = [solution.values[name] for name in _checked(solution).losses]
    return all(after < before for before, after in zip(losses, losses[1:]))


def _distinct_samples(solution, settings: VariantSettings) -> bool:
    inputs = solution.spec.inputs
    return len(set(inputs)) == len(inputs)


def _in_range(solution, settings: VariantSettings) -> bool:
    """Every value a sheet asks for (not the intermediate f'(z) and (W^T δ)_k) within max_abs_value."""
    values, bound = solution.values, settings.max_abs_value
    return all(_within(values[name], bound) for name in _checked(solution).asked)


_CLEAR = 1e-9  # a float margin far beyond float64 rounding of these small sums
# A carried value within this fraction of its exact value's size is within half a unit of the
# exact value's first significant digit (10^e/2 > |exact|/20), float64 rounding and all.
_SURELY_CLOSE = 0.04


def _carried_agrees(solution, settings: VariantSettings) -> bool:
    """A carried key (settings.carried_key): every value a sheet asks for, rounded to the key's
    digits and carried on as the sheet tells students, within half a unit of the first significant
    digit of its exact value (an exact 0 carried as 0): a key whose carried value has lost even
    that to cancellation is no key to grade from.  The calculator run is kept on the solution
    (`pipeline.carry` is not run again for it).  Where float64 shows a value well within that
    (by _SURELY_CLOSE of the exact value's size), it is not worked out exactly."""
    from .pipeline import carry

    try:
        carried = carry(solution, *settings.carried_key).carried
    except SpecError:  # e.g. log 0 from a carried value
        solution.carried = None
        return False
    exact_values, carried_values = solution.values, carried.values
    for name in _checked(solution).asked:
        exact, value = exact_values[name], carried_values[name]
        if type(exact) is Fraction and exact.numerator == 0:
            agrees = not _nonzero(value)
        else:
            x, v = float(exact), float(value)
            agrees = ((1e-300 < abs(x) < 1e300 and abs(v - x) <= _SURELY_CLOSE * abs(x))
                      or _carried_close(exact, value))
        if not agrees:
            solution.carried = None
            return False
    return True


def _carried_close(exact, value) -> bool:
    """Exactly: an exact 0 carried as 0, another value within half a unit of its first significant digit."""
    from .numbers import as_fraction

    exact, value = as_fraction(exact), as_fraction(value)
    if exact == 0:
        return value == 0
    return abs(value - exact) <= Fraction(10) ** _leading_exponent(exact) / 2


def _leading_exponent(value: Fraction) -> int:
    """The decimal exponent of value's first significant digit (0.0372: −2)."""
    exponent = len(str(abs(value.numerator))) - len(str(value.denominator))
    return exponent if abs(value) >= Fraction(10) ** exponent else exponent - 1


def _float_screen(spec, settings: VariantSettings) -> str | None:
    """A cheap float64 forward pass that rejects draws the exact constraints would certainly
    reject (a ReLU pre-activation clearly within kink_distance of 0, or a ReLU layer whose
    pre-activations are all clearly negative, so that its gradients are all zero); None when the
    exact check must decide.  It never rejects a draw the exact check would accept, so the
    variants drawn are the same with or without it, only faster."""
    kinked = [layer.activation in ("relu", "leaky_relu") for layer in spec.layers]
    kink_distance = float(settings.kink_distance) - _CLEAR  # (kink_distance 0: nothing is within it)
    dead = not settings.allow_dead_layers and not spec.batch and "relu" in (layer.activation for layer in spec.layers)
    if not (dead or (kink_distance > 0 and any(kinked))):
        return None
    from .verify import float_net

    net = float_net(spec)
    first = None
    for x in (tuple(float(v) for v in row) for row in spec.inputs):
        zs, _ = net.forward(x)
        first = first or zs
        if kink_distance > 0 and any(abs(v) < kink_distance for kink, z in zip(kinked, zs) if kink for v in z):
            return "kink"
    if dead:
        for (activation, _), z in zip(net.activations, first):
            if activation == "relu" and all(v < -_CLEAR for v in z):
                return "dead_layer"
    return None


@dataclass(frozen=True)
class Constraint:
    name: str
    accepts: Callable  # (solution, settings) -> bool
    meaning: str  # for --verbose


CONSTRAINTS = (
    Constraint("kink", _no_kink, "a ReLU/leaky ReLU pre-activation at (or within kink_distance of) 0"),
    Constraint("saturated", _unsaturated, "a sigmoid/tanh unit beyond max_saturation (at a later step)"),
    Constraint("dead_layer", _no_dead_layer, "a layer whose gradients are all zero"),
    Constraint("loss_increase", _loss_falls, "the loss did not fall after the update"),
    Constraint("out_of_range", _in_range, "a value beyond max_abs_value"),
    Constraint("same_inputs", _distinct_samples, "two samples of a batch with the same input"),
)
DUPLICATE = Constraint("duplicate", None, "the same numbers as an earlier variant")
CARRIED_OFF = Constraint("carried_off", None, "a carried key's value not even at 1 significant digit its exact one "
                                              "(cancellation: 0.0000005 for 2.807·10^−7)")
REJECTION_REASONS = {c.name: c.meaning for c in (*CONSTRAINTS, CARRIED_OFF, DUPLICATE)}
REDRAWN_UNITS = "saturated_units"  # not a rejected draw: a neuron's weights and bias drawn again


@dataclass
class Variant:
    """One accepted variant: its number (1-based), seed, spec, verified solution and report."""

    id: int
    seed: int
    spec: object
    solution: object
    report: object
    draws: int  # how many draws it took


@dataclass
class DrawResult:
    variants: list[Variant]
    rejections: Counter = field(default_factory=Counter)
    draws: int = 0


def _numbers_key(spec) -> tuple:
    """What tells two variants' numbers apart (as `evaluate.given_values`, which holds the same
    numbers, does for specs of one architecture): learning rate, optimizer settings, inputs,
    targets, step 1's parameters."""
    return (spec.learning_rate, tuple(spec.training.givens().items()), spec.inputs, spec.targets,
            tuple((layer.weights, layer.biases) for layer in spec.layers))


def draw_variant(spec, settings: VariantSettings, rng: random.Random, seen: set, rejections: Counter,
                 field_name: str = "variants"):
    """(spec, solution, draws) of the first draw from `rng` that passes every constraint."""
    from .evaluate import solve

    for draw in range(1, settings.max_draws + 1):
        candidate = draw_numbers(spec, settings, rng, rejections)
        key = _numbers_key(candidate)
        if key in seen:
            rejections[DUPLICATE.name] += 1
            continue
        screened = _float_screen(candidate, settings)
        if screened is not None:
            rejections[screened] += 1
            continue
        try:
            solution = solve(candidate)
        except SpecError:  # e.g. log(0) for an extreme draw
            rejections["out_of_range"] += 1
            continue
        failed = next((c for c in CONSTRAINTS if not c.accepts(solution, settings)), None)
        if failed is None and settings.carried_key is not None and not _carried_agrees(solution, settings):
            failed = CARRIED_OFF
        if failed is not None:
            rejections[failed.name] += 1
            continue
        seen.add(key)
        return candidate, solution, draw
    summary = ", ".join(f"{n} {REJECTION_REASONS[r]} ({r})" for r, n in rejections.most_common()
                        if r in REJECTION_REASONS) or "none"
    from .shape_errors import count

    raise SpecError(field_name, f"no acceptable variant in {count('draw', settings.max_draws)} (rejected: {summary}); "
                                "widen the ranges or relax the constraints in [variants]")


def draw_variants(spec, count: int, rng: random.Random, settings: VariantSettings | None = None,
                  progress: Callable | None = None, symbolic: str = "all") -> DrawResult:
    """`count` distinct, verified variants.  Each is verified by `pipeline.derive_solution`.

    symbolic: "first" checks the first variant also with sympy.diff of the whole loss (the
    derivation is shared by all variants of one architecture); "all" does it for every variant;
    "none" never (float64 path and finite differences only).
    """
    settings = settings or settings_from_spec(spec)
    result = DrawResult([])
    seen: set = set()
    for number in range(1, count + 1):
        variant = verified_variant(spec, settings, number, rng.getrandbits(SEED_BITS), seen, result.rejections, symbolic)
        result.variants.append(variant)
        result.draws += variant.draws
        if progress is not None:
            progress(number)
    return result


def verified_variant(spec, settings: VariantSettings, number: int, seed: int, seen: set, rejections: Counter,
                     symbolic: str = "all") -> Variant:
    """Variant `number`: the first acceptable draw from its `seed` whose numbers are not in
    `seen` (added to it), verified (`pipeline.derive_solution`); see `draw_variants`."""
    from .pipeline import derive_solution

    candidate, drawn, draws = draw_variant(spec, settings, random.Random(seed), seen, rejections)
    check_symbolically = symbolic == "all" or (symbolic == "first" and number == 1)
    solution, report = derive_solution(candidate, symbolic=None if check_symbolically else False, solution=drawn)
    return Variant(number, seed, candidate, solution, report, draws)
