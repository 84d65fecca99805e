"""Exercise variants: a spec's architecture + a seed -> distinct networks with "nice" numbers.

The spec supplies architecture, activations, loss, learning rate and steps; each variant draws its
own weights, biases, inputs and targets on a decimal grid, from one seeded `random.Random` passed
down (never the global generator).  The worksheet's seed gives each variant its own seed, drawn
from the worksheet's generator, so that variant k is the same whatever N is.

A draw is kept only when it passes every constraint (rejection sampling); the reasons for
rejecting are counted for `--verbose`.  The optional `[variants]` table of a spec configures it
(variants_table.py); the tasks it asks for are in tasks.py.

Constraints (CONSTRAINTS, in the order tried): kink, at_zero, saturated, dead_layer, dead_neurons, loss_increase,
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

from . import evaluate, pipeline, straight  # (their functions read when called: tests replace them)
from .errors import SpecError
from .givens import given_numbers
from .variant_carried import carried_agrees
from .variant_constraints import (CARRIED_OFF, CONSTRAINTS, DEAD_AFTER, DUPLICATE, REJECTION_REASONS, SAME_NEURONS,
                                  SATURATED_SOFTMAX, SATURATION, draw_screens)
from .variants_table import VariantSettings, settings_from_spec

SEED_BITS = 32
UNIT_REDRAWS = 200  # per neuron and draw, before the whole draw is left to the constraints
ONE_BRANCH_TRIES = 200  # a variant's draws with every ReLU z on one side of 0 before a default both_branches is let go
SAME_NEURONS_TRIES = 20  # and with two neurons of a layer alike, before a default distinct_neurons is (a wide layer
# of 64 tanh neurons has such a pair in most draws: its sheet must not run out of draws)
PREFERRED_TRIES = 20  # and with a softmax output saturated, or a hidden layer dead after the update (a 4-64-3 softmax
# sheet saturates in most draws; nn231 with RMSprop, whose first step moves a weight by about α/√(1 − ρ), dies in most)
# The constraints a variant's draws may give up: constraint -> (its settings flag, the draws failing it before it is
# let go for this variant, the settings flag saying the spec asked for it: then it is kept, and the draws may fail)
_GIVEN_UP = {
    "one_branch": ("both_branches", ONE_BRANCH_TRIES, "both_branches_asked"),
    SAME_NEURONS: ("distinct_neurons", SAME_NEURONS_TRIES, "distinct_neurons_asked"),
    SATURATED_SOFTMAX: ("softmax_limited", PREFERRED_TRIES, None),
    DEAD_AFTER: ("alive_after_update", PREFERRED_TRIES, None),
}

# --- drawing -------------------------------------------------------------------------------------

def draw_numbers(spec, settings: VariantSettings, rng: random.Random, redrawn: Counter | None = None):
    """The spec with freshly drawn inputs, weights, biases and targets (same architecture).

    Inputs come first; then, neuron by neuron, its weights and bias, redrawn while a sigmoid or
    tanh neuron would be saturated for some sample (counted in `redrawn`)."""
    return _drawn(spec, settings, rng, redrawn)[0]


def _drawn(spec, settings: VariantSettings, rng: random.Random, redrawn: Counter | None = None):
    """(`draw_numbers`' spec, its numbers as floats: (W, B, inputs) as `float_path.float_net` has them)."""
    plan = _plan(spec, settings)
    widths, samples, weights_grid, biases_grid = spec.widths, spec.samples, settings.weights, settings.biases
    inputs, signals = [], []  # signals: each sample's activations so far, as floats
    for _ in range(samples):
        row, floats = settings.inputs.draw_vector_pair(rng, widths[0])
        inputs.append(row)
        signals.append(floats)
    inputs_as_floats = signals
    limit = plan.limit
    layers, W, B = [], [], []
    for (width, before, has_bias, saturation, forward, passed_on, layer) in plan.layers:
        weights, biases, float_weights, float_biases = [], [], [], []
        for _ in range(width):
            for _attempt in range(UNIT_REDRAWS):
                row, floats = weights_grid.draw_vector_pair(rng, before)
                bias, float_bias = biases_grid.draw_pair(rng) if has_bias else _NO_BIAS
                if saturation is None or all(
                        saturation(forward(_pre_activation(floats, float_bias, a))) <= limit for a in signals):
                    break
                if redrawn is not None:
                    redrawn[REDRAWN_UNITS] += 1
            weights.append(row)
            biases.append(bias)
            float_weights.append(floats)
            float_biases.append(float_bias)
        layers.append(plan.layer_spec(tuple(weights), tuple(biases) if has_bias else None, layer.activation,
                                      layer.negative_slope))
        W.append(float_weights)
        B.append(float_biases if has_bias else None)
        if passed_on:  # (softmax is the output layer: nothing follows it)
            signals = [[forward(_pre_activation(row, b, a)) for row, b in zip(float_weights, float_biases)]
                       for a in signals]
    targets = tuple(settings.targets.draw_vector(rng, widths[-1]) for _ in range(samples))
    plan.validate_targets(targets, "variants.targets")  # a grid the loss cannot take
    drawn = spec.with_numbers(layers, inputs, targets, same_architecture=True)  # (the plan's layers are the spec's)
    if settings.hyperparameters:  # drawn last: a sheet without them draws what it drew before
        from dataclasses import replace

        from .optimizer_settings import draw_training

        drawn = replace(drawn, training=draw_training(spec.training, settings.hyperparameters, rng))
    return drawn, (W, B, inputs_as_floats)


_NO_BIAS = (Fraction(0), 0.0)


@dataclass(frozen=True)
class _Plan:
    """What `_drawn` reads of a spec's architecture and the settings, worked out once for the spec
    and settings a sheet draws with (`_PLAN`): per layer (width, width before, bias?, its
    saturation measure (None: not limited), its float activation, whether later layers need the
    samples' signals through it, the layer's spec)."""

    layers: tuple
    limit: float
    validate_targets: Callable
    layer_spec: type


def _plan(spec, settings: VariantSettings) -> _Plan:
    if _PLAN[0] is spec and _PLAN[1] is settings:
        return _PLAN[2]
    from .float_path import activation_function
    from .losses import LOSSES
    from .spec import LayerSpec

    limited = settings.max_saturation < 1
    saturations = [SATURATION.get(layer.activation) if limited else None for layer in spec.layers]
    layers = []
    for l, layer in enumerate(spec.layers, start=1):
        functions = activation_function(layer.activation, float(layer.negative_slope))
        forward = functions[0] if functions is not None else None
        layers.append((spec.widths[l], spec.widths[l - 1], layer.has_bias, saturations[l - 1], forward,
                       forward is not None and any(saturations[l:]), layer))
    plan = _Plan(tuple(layers), float(settings.max_saturation), LOSSES[spec.loss].validate_targets, LayerSpec)
    _PLAN[:] = spec, settings, plan
    return plan


_PLAN = [None, None, None]  # the spec and settings last drawn for, and their plan


def _pre_activation(row, bias, a) -> float:
    """Σ w·a + b of floats (w and b: the drawn numbers as floats)."""
    return math.fsum(w * x for w, x in zip(row, a)) + bias


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

    @classmethod
    def sent(cls, number: int, seed: int, draws: int, load: Callable, data) -> "Variant":
        """A variant made elsewhere (variant_pool.py) whose spec, solution and report are
        `load(data)`, called when one of them is first read: the same objects, unpacked only
        when used.  `load` is a module's function, so that the variant can still be pickled."""
        variant = cls.__new__(cls)
        variant.__dict__.update(id=number, seed=seed, draws=draws, _unread=(load, data))
        return variant

    def __getattr__(self, name: str):
        unread = self.__dict__.get("_unread")  # (only for the attributes a sent variant lacks)
        if unread is None or name not in _SENT:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        load, data = unread
        self.__dict__.update(zip(_SENT, load(data)))
        del self.__dict__["_unread"]
        return self.__dict__[name]


_SENT = ("spec", "solution", "report")  # what a sent Variant unpacks when first read


@dataclass
class DrawResult:
    variants: list[Variant]
    rejections: Counter = field(default_factory=Counter)
    draws: int = 0


def _numbers_key(spec) -> tuple:
    """What tells two variants' numbers apart (as `evaluate.given_values` does for specs of one
    architecture): learning rate, optimizer settings, inputs, targets, step 1's parameters — each
    Fraction as its numerator and denominator (a Fraction's own hash takes a modular inverse)."""
    key = []
    for value in given_numbers(spec):
        if type(value) is Fraction:
            key += value._numerator, value._denominator  # (the properties' slots)
        else:
            key.append(value)
    return tuple(key)


def draw_variant(spec, settings: VariantSettings, rng: random.Random, seen: set, rejections: Counter,
                 field_name: str = "variants", drift_way: str | None = None):
    """(spec, solution, draws) of the first draw from `rng` that passes every constraint; where
    none does and some failed as carried_off, the refusal names `drift_way` (default EXACT_KEY_WAY:
    `symbp worksheet`'s options)."""
    solve = evaluate.solve
    lean = _lean(spec, settings) if type(rng) is random.Random else None
    before = Counter(rejections)  # (what a refusal counts: this variant's rejections, summing to its draws)
    for draw in range(1, settings.max_draws + 1):
        if lean is not None:  # its spec made only when the screens pass it (see variant_draw.py)
            pairs, floats, training = lean.draw(rng)
        else:
            candidate, floats = _drawn(spec, settings, rng, rejections)
        screened = _screened(spec, settings, floats)
        if screened is not None:  # (never a duplicate: a variant in `seen` passed the same screens on the same floats)
            rejections[screened] += 1
            continue
        if lean is not None:
            candidate = lean.spec(pairs, training)
        key = _numbers_key(candidate)
        if key in seen:
            rejections[DUPLICATE.name] += 1
            continue
        try:
            solution = solve(candidate)
        except SpecError:  # e.g. log(0) for an extreme draw
            rejections["out_of_range"] += 1
            continue
        failed = next((c for c in CONSTRAINTS if not c.accepts(solution, settings)), None)
        if failed is None and settings.carried_key is not None and not carried_agrees(solution, settings):
            failed = CARRIED_OFF
        if failed is not None:
            rejections[failed.name] += 1
            settings = _given_up(settings, failed.name, rejections[failed.name] - before[failed.name])
            continue
        seen.add(key)
        return candidate, solution, draw
    from .shape_errors import count, rejections as rejected

    mine = rejections - before  # (this variant's draws: the counter holds the earlier variants' too)
    summary = rejected(mine, REJECTION_REASONS)
    drift = (drift_way or EXACT_KEY_WAY) if mine[CARRIED_OFF.name] else ""  # (tried last: those draws met every constraint)
    raise SpecError(field_name, f"no acceptable variant in {count('draw', settings.max_draws)} (rejected: {summary}); "
                                f"widen the ranges or relax the constraints in [variants]{drift}")


# where draws failed as carried_off: they met every constraint, and an exact key (or more digits) takes them
def _given_up(settings: VariantSettings, failed: str, count: int) -> VariantSettings:
    """The settings a variant draws on with after its `count`-th draw failing constraint `failed`: without it where
    it may be given up (_GIVEN_UP) and this is its last try — by default only, not where the spec asked for it (drawn
    as before, not refused)."""
    entry = _GIVEN_UP.get(failed)
    if entry is None or count != entry[1] or (entry[2] is not None and getattr(settings, entry[2])):
        return settings
    from dataclasses import replace

    return replace(settings, **{entry[0]: False})


EXACT_KEY_WAY = ("; or make a key of exact values with --exact-key (in Python, exact_key=True), or carry more "
                 "--digits: the carried_off draws met every constraint, but the key carried at the sheet's digits "
                 "drifts from their exact values")


def _screened(spec, settings: VariantSettings, floats: tuple) -> str | None:
    """The float screens' verdict on a draw's floats (None: the exact constraints decide)."""
    return draw_screens(spec, settings, floats)  # (the draw's numbers are its floats: the sheet's spec has its architecture)


def _lean(spec, settings: VariantSettings):
    """variant_draw's lean draw of the spec and settings a sheet draws with (made once: `_LEAN`), or None."""
    if _LEAN[0] is not spec or _LEAN[1] is not settings:
        from .variant_draw import lean_drawer

        _LEAN[:] = spec, settings, lean_drawer(spec, settings, _plan(spec, settings))
    return _LEAN[2]


_LEAN = [None, None, None]  # the spec and settings last drawn for, and their lean draw


def draw_variants(spec, count: int, rng: random.Random, settings: VariantSettings | None = None,
                  progress: Callable | None = None, symbolic: str = "all", first: int = 1) -> DrawResult:
    """`count` distinct, verified variants, numbered from `first` on: those variants of the sheet
    that starts at 1 (`earlier_seen`).  Each is verified by `pipeline.derive_solution`.

    symbolic: "first" checks the first variant also with sympy.diff of the whole loss (the
    derivation is shared by all variants of one architecture); "all" does it for every variant;
    "none" never (float64 path and finite differences only).
    """
    settings = settings or settings_from_spec(spec)
    result = DrawResult([])
    seen = earlier_seen(spec, settings, rng, first)
    for number in range(first, first + count):
        variant = verified_variant(spec, settings, number, rng.getrandbits(SEED_BITS), seen, result.rejections, symbolic)
        result.variants.append(variant)
        result.draws += variant.draws
        if progress is not None:
            progress(number)
    return result


def earlier_seen(spec, settings: VariantSettings, rng: random.Random, first: int) -> set:
    """The numbers of variants 1 … first − 1, drawn (not verified) from the first seeds of `rng`
    (which then gives variant `first`'s seed): a sheet of variants 16-30 excludes what variants
    1-15 have, as the whole sheet does, so that it has their numbers."""
    seen: set = set()
    for _ in range(first - 1):
        draw_variant(spec, settings, random.Random(rng.getrandbits(SEED_BITS)), seen, Counter())
    return seen


def verified_variant(spec, settings: VariantSettings, number: int, seed: int, seen: set, rejections: Counter,
                     symbolic: str = "all") -> Variant:
    """Variant `number`: the first acceptable draw from its `seed` whose numbers are not in
    `seen` (added to it), verified (`pipeline.derive_solution`); see `draw_variants`."""
    straight.prefer(spec.architecture())  # a sheet's many variants of one architecture: solved by straight-line programs
    candidate, drawn, draws = draw_variant(spec, settings, random.Random(seed), seen, rejections)
    check_symbolically = symbolic == "all" or (symbolic == "first" and number == 1)
    solution, report = pipeline.derive_solution(candidate, symbolic=None if check_symbolically else False, solution=drawn)
    return Variant(number, seed, candidate, solution, report, draws)
