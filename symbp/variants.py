"""Exercise variants: a spec's architecture + a seed -> distinct networks with "nice" numbers.

The spec supplies architecture, activations, loss, learning rate and steps; each variant draws its
own weights, biases, inputs and targets on a decimal grid, from one seeded `random.Random` passed
down (never the global generator).  The worksheet's seed gives each variant its own seed, drawn
from the worksheet's generator, so that variant k is the same whatever N is.

A draw is kept only when it passes every constraint (rejection sampling); the reasons for
rejecting are counted for `--verbose`.  The optional `[variants]` table of a spec configures it:

    [variants]
    weights = { range = [-1, 1], decimals = 1, nonzero = true }  # grid of allowed values
    biases  = { range = [-1, 1], decimals = 1 }
    inputs  = { range = [-2, 2], decimals = 0, nonzero = true }
    targets = { range = [-2, 2], decimals = 1 }                  # or { one_hot = true }
                 # (default by loss: bce [0, 1], cross_entropy one-hot; else by output
                 #  activation: sigmoid [0, 1], tanh [-1, 1], relu and softplus [0, 2], softmax one-hot)
    ask = ["forward", "loss", "formulas", "output_layer", "hidden_layers", "update",
           "new_forward", "new_loss"]                            # the tasks on the sheet
    kink_distance = 0            # ReLU/leaky pre-activations must satisfy |z| > this (0: z != 0)
    allow_dead_layers = false    # reject a layer whose gradients are all zero
    require_loss_decrease = true # reject when the loss does not fall after each update
    max_abs_value = 20           # every quantity must satisfy |value| <= this
    max_draws = 2000             # per variant, before giving up
    course = "..."               # also title, date, instructions: texts of the sheet (options win)

Constraints (CONSTRAINTS, in the order tried): kink, dead_layer, loss_increase, out_of_range,
same_inputs (no two samples of a batch with the same input), duplicate (no two variants with the
same numbers).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

from . import names
from .errors import SpecError

SEED_BITS = 32
MAX_DECIMALS = 4

NUMBER_KEYS = {"range", "decimals", "nonzero", "one_hot"}
DEFAULT_NUMBERS = {
    "weights": {"range": [-1, 1], "decimals": 1, "nonzero": True},
    "biases": {"range": [-1, 1], "decimals": 1, "nonzero": False},
    "inputs": {"range": [-2, 2], "decimals": 0, "nonzero": True},
    "targets": {"range": [-2, 2], "decimals": 1, "nonzero": False},
}
# Losses whose targets must lie elsewhere get other default target draws; otherwise targets are
# drawn where the output activation can reach them.
DEFAULT_TARGETS_BY_LOSS = {
    "bce": {"range": [0, 1], "decimals": 1, "nonzero": False},
    "cross_entropy": {"one_hot": True},
}
DEFAULT_TARGETS_BY_OUTPUT_ACTIVATION = {
    "sigmoid": {"range": [0, 1], "decimals": 1, "nonzero": False},
    "tanh": {"range": [-1, 1], "decimals": 1, "nonzero": False},
    "softmax": {"one_hot": True},
    "relu": {"range": [0, 2], "decimals": 1, "nonzero": True},  # reachable: ReLU is never negative
    "softplus": {"range": [0, 2], "decimals": 1, "nonzero": True},
}

# The tasks ①–⑧ of a worksheet, in order, and which quantities each asks for.  The prose of each
# task lives in the worksheet template, keyed by these names.
TASKS: dict[str, Callable] = {
    "forward": lambda q, depth: q.step == 1 and q.kind in ("pre_activation", "activation"),
    "loss": lambda q, depth: q.step == 1 and q.kind in ("sample_loss", "loss"),
    "formulas": lambda q, depth: False,
    "output_layer": lambda q, depth: q.step == 1 and (
        q.kind == "output_delta" or (q.kind in ("weight_gradient", "bias_gradient") and q.layer == depth)),
    "hidden_layers": lambda q, depth: q.step == 1 and (
        q.kind == "hidden_delta" or (q.kind in ("weight_gradient", "bias_gradient") and q.layer < depth)),
    "update": lambda q, depth: q.kind in ("weight_update", "bias_update"),
    "new_forward": lambda q, depth: q.step >= 2 and q.kind not in (
        "sample_loss", "loss", "weight_update", "bias_update"),
    "new_loss": lambda q, depth: q.step >= 2 and q.kind in ("sample_loss", "loss"),
}

SETTING_KEYS = set(DEFAULT_NUMBERS) | {
    "ask", "kink_distance", "allow_dead_layers", "require_loss_decrease", "max_abs_value", "max_draws",
    "title", "course", "date", "instructions",  # the sheet's texts (read by worksheet.py)
}


@dataclass(frozen=True)
class NumberGrid:
    """Values k / 10^decimals in [low, high] (optionally without 0), or one-hot vectors."""

    low: Fraction
    high: Fraction
    decimals: int
    nonzero: bool = False
    one_hot: bool = False

    def draw(self, rng: random.Random) -> Fraction:
        scale = 10 ** self.decimals
        low, high = _ceil(self.low * scale), _floor(self.high * scale)
        while True:
            k = rng.randint(low, high)
            if k or not self.nonzero:
                return Fraction(k, scale)

    def draw_vector(self, rng: random.Random, length: int) -> tuple[Fraction, ...]:
        if self.one_hot:
            hot = rng.randrange(length)
            return tuple(Fraction(int(j == hot)) for j in range(length))
        return tuple(self.draw(rng) for _ in range(length))


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


@dataclass(frozen=True)
class VariantSettings:
    weights: NumberGrid
    biases: NumberGrid
    inputs: NumberGrid
    targets: NumberGrid
    ask: tuple[str, ...] = tuple(TASKS)
    kink_distance: Fraction = Fraction(0)
    allow_dead_layers: bool = False
    require_loss_decrease: bool = True
    max_abs_value: Fraction = Fraction(20)
    max_draws: int = 2000


def _grid(table, field_name: str, defaults: dict) -> NumberGrid:
    from .numbers import parse_exact

    if not isinstance(table, dict):
        raise SpecError(field_name, "expected a table such as { range = [-1, 1], decimals = 1 }")
    for key in table:
        if key not in NUMBER_KEYS:
            raise SpecError(f"{field_name}.{key}", f"unknown key; expected one of: {', '.join(sorted(NUMBER_KEYS))}")
    merged = {**defaults, **table}
    one_hot = merged.get("one_hot", False)
    if not isinstance(one_hot, bool):
        raise SpecError(f"{field_name}.one_hot", f"expected true or false, got {one_hot!r}")
    if one_hot:
        return NumberGrid(Fraction(0), Fraction(1), 0, one_hot=True)
    merged.setdefault("range", DEFAULT_NUMBERS["weights"]["range"])
    merged.setdefault("decimals", 1)
    bounds = merged["range"]
    if not isinstance(bounds, list) or len(bounds) != 2:
        raise SpecError(f"{field_name}.range", f"expected [low, high], got {bounds!r}")
    low, high = (parse_exact(v, f"{field_name}.range[{i}]") for i, v in enumerate(bounds))
    if low > high:
        raise SpecError(f"{field_name}.range", f"expected [low, high] with low <= high, got [{float(low):g}, {float(high):g}]")
    decimals = merged["decimals"]
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS:
        raise SpecError(f"{field_name}.decimals", f"expected a whole number from 0 to {MAX_DECIMALS}, got {decimals!r}")
    nonzero = merged.get("nonzero", False)
    if not isinstance(nonzero, bool):
        raise SpecError(f"{field_name}.nonzero", f"expected true or false, got {nonzero!r}")
    scale = 10 ** decimals
    count = _floor(high * scale) - _ceil(low * scale) + 1
    has_zero = _ceil(low * scale) <= 0 <= _floor(high * scale)
    if count - (1 if nonzero and has_zero else 0) < 1:
        raise SpecError(f"{field_name}.range", f"no value with {decimals} decimal{'' if decimals == 1 else 's'} lies in [{float(low):g}, {float(high):g}]"
                        + (" other than 0" if nonzero else ""))
    return NumberGrid(low, high, decimals, nonzero)


def settings_from_spec(spec) -> VariantSettings:
    """The `[variants]` table of a spec, validated, with defaults filled in."""
    from .numbers import parse_exact

    table = spec.variants or {}
    from .spec import check_keys

    check_keys(table, set(SETTING_KEYS), "variants.")
    grids = {}
    for kind, defaults in DEFAULT_NUMBERS.items():
        if kind == "targets":
            defaults = DEFAULT_TARGETS_BY_LOSS.get(
                spec.loss, DEFAULT_TARGETS_BY_OUTPUT_ACTIVATION.get(spec.layers[-1].activation, defaults))
        grids[kind] = _grid(table.get(kind, {}), f"variants.{kind}", defaults)

    ask = table.get("ask", list(TASKS))
    if not isinstance(ask, list) or not ask or not all(isinstance(a, str) for a in ask):
        raise SpecError("variants.ask", f"expected a list of task names from: {', '.join(TASKS)}")
    for task in ask:
        if task not in TASKS:
            raise SpecError("variants.ask", f"unknown task {task!r}; expected some of: {', '.join(TASKS)}")
    ask = tuple(t for t in TASKS if t in ask)  # always in the order of the worked solution

    def flag(key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise SpecError(f"variants.{key}", f"expected true or false, got {value!r}")
        return value

    kink_distance = parse_exact(table.get("kink_distance", 0), "variants.kink_distance")
    if kink_distance < 0:
        raise SpecError("variants.kink_distance", "expected a number >= 0")
    max_abs = parse_exact(table.get("max_abs_value", 20), "variants.max_abs_value")
    if max_abs <= 0:
        raise SpecError("variants.max_abs_value", "expected a positive number")
    max_draws = table.get("max_draws", 2000)
    if isinstance(max_draws, bool) or not isinstance(max_draws, int) or not 1 <= max_draws <= 10**6:
        raise SpecError("variants.max_draws", f"expected a whole number from 1 to 1000000, got {max_draws!r}")
    return VariantSettings(
        grids["weights"], grids["biases"], grids["inputs"], grids["targets"], ask, kink_distance,
        flag("allow_dead_layers", False), flag("require_loss_decrease", True), max_abs, max_draws)


# --- drawing -------------------------------------------------------------------------------------

def draw_numbers(spec, settings: VariantSettings, rng: random.Random):
    """The spec with freshly drawn weights, biases, inputs and targets (same architecture)."""
    from .losses import LOSSES
    from .spec import LayerSpec

    widths = spec.widths
    layers = []
    for l, layer in enumerate(spec.layers, start=1):
        weights = tuple(settings.weights.draw_vector(rng, widths[l - 1]) for _ in range(widths[l]))
        biases = settings.biases.draw_vector(rng, widths[l]) if layer.has_bias else None
        layers.append(LayerSpec(weights, biases, layer.activation, layer.negative_slope))
    inputs = tuple(settings.inputs.draw_vector(rng, widths[0]) for _ in range(spec.samples))
    targets = tuple(settings.targets.draw_vector(rng, widths[-1]) for _ in range(spec.samples))
    LOSSES[spec.loss].validate_targets(targets, "variants.targets")  # a grid the loss cannot take
    return spec.with_numbers(layers, inputs, targets)


# --- constraints: each returns True when the solved draw is acceptable --------------------------

def _within(value, bound: Fraction) -> bool:
    """|value| <= bound, for an exact Fraction or a high-precision mpf value (an exact 0 is a
    Fraction in every number domain, see evaluate.py); a float comparison is ample for an mpf."""
    if isinstance(value, Fraction):
        return abs(value) <= bound
    return abs(float(value)) <= float(bound)


def _no_kink(solution, settings: VariantSettings) -> bool:
    from .activations import ACTIVATIONS

    layers = solution.spec.layers
    for q in solution.derivation.quantities:
        if q.kind == "pre_activation" and ACTIVATIONS[layers[q.layer - 1].activation].kink:
            if _within(solution.values[q.name], settings.kink_distance):
                return False
    return True


def _no_dead_layer(solution, settings: VariantSettings) -> bool:
    if settings.allow_dead_layers:
        return True
    alive: dict = {}
    for q in solution.derivation.quantities:
        if q.kind in ("weight_gradient", "bias_gradient") and q.sample is None:
            key = (q.step, q.layer)
            alive[key] = alive.get(key, False) or solution.values[q.name] != 0
    return all(alive.values())


def _loss_falls(solution, settings: VariantSettings) -> bool:
    if not settings.require_loss_decrease:
        return True
    losses = [solution.values[names.name("L", None, (), None, t)] for t in range(1, solution.spec.steps + 2)]
    return all(after < before for before, after in zip(losses, losses[1:]))


def _distinct_samples(solution, settings: VariantSettings) -> bool:
    inputs = solution.spec.inputs
    return len(set(inputs)) == len(inputs)


def _in_range(solution, settings: VariantSettings) -> bool:
    return all(_within(v, settings.max_abs_value) for v in solution.values.values())


_CLEAR = 1e-9  # a float margin far beyond float64 rounding of these small sums


def _float_screen(spec, settings: VariantSettings) -> str | None:
    """A cheap float64 forward pass that rejects draws the exact constraints would certainly
    reject (a ReLU pre-activation clearly within kink_distance of 0, or a ReLU layer whose
    pre-activations are all clearly negative, so that its gradients are all zero); None when the
    exact check must decide.  It never rejects a draw the exact check would accept, so the
    variants drawn are the same with or without it, only faster."""
    from .verify import float_net

    net = float_net(spec)
    kink_distance = float(settings.kink_distance)
    for x in (tuple(float(v) for v in row) for row in spec.inputs):
        zs, _ = net.forward(x)
        for (activation, _), z in zip(net.activations, zs):
            if activation in ("relu", "leaky_relu") and any(abs(v) < kink_distance - _CLEAR for v in z):
                return "kink"
    if not settings.allow_dead_layers and not spec.batch:
        zs, _ = net.forward(tuple(float(v) for v in spec.inputs[0]))
        for (activation, _), z in zip(net.activations, zs):
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
    Constraint("dead_layer", _no_dead_layer, "a layer whose gradients are all zero"),
    Constraint("loss_increase", _loss_falls, "the loss did not fall after the update"),
    Constraint("out_of_range", _in_range, "a value beyond max_abs_value"),
    Constraint("same_inputs", _distinct_samples, "two samples of a batch with the same input"),
)
DUPLICATE = Constraint("duplicate", None, "the same numbers as an earlier variant")
REJECTION_REASONS = {c.name: c.meaning for c in (*CONSTRAINTS, DUPLICATE)}


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
    from .evaluate import given_values

    return tuple(given_values(spec).items())


def draw_variant(spec, settings: VariantSettings, rng: random.Random, seen: set, rejections: Counter,
                 field_name: str = "variants"):
    """(spec, solution, draws) of the first draw from `rng` that passes every constraint."""
    from .evaluate import solve

    for draw in range(1, settings.max_draws + 1):
        candidate = draw_numbers(spec, settings, rng)
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
        if failed is not None:
            rejections[failed.name] += 1
            continue
        seen.add(key)
        return candidate, solution, draw
    summary = ", ".join(f"{n} {REJECTION_REASONS[r]} ({r})" for r, n in rejections.most_common()) or "none"
    raise SpecError(field_name, f"no acceptable variant in {settings.max_draws} draws (rejected: {summary}); "
                                "widen the ranges or relax the constraints in [variants]")


def draw_variants(spec, count: int, rng: random.Random, settings: VariantSettings | None = None,
                  progress: Callable | None = None, symbolic: str = "all") -> DrawResult:
    """`count` distinct, verified variants.  Each is verified by `pipeline.derive_solution`.

    symbolic: "first" checks the first variant also with sympy.diff of the whole loss (the
    derivation is shared by all variants of one architecture); "all" does it for every variant;
    "none" never (float64 path and finite differences only).
    """
    from .pipeline import derive_solution

    settings = settings or settings_from_spec(spec)
    result = DrawResult([])
    seen: set = set()
    for number in range(1, count + 1):
        seed = rng.getrandbits(SEED_BITS)
        candidate, drawn, draws = draw_variant(spec, settings, random.Random(seed), seen, result.rejections)
        check_symbolically = symbolic == "all" or (symbolic == "first" and number == 1)
        solution, report = derive_solution(candidate, symbolic=None if check_symbolically else False, solution=drawn)
        result.variants.append(Variant(number, seed, candidate, solution, report, draws))
        result.draws += draws
        if progress is not None:
            progress(number)
    return result


def asked_names(solution, ask: tuple[str, ...]) -> list[str]:
    """The names of the quantities the sheet's tasks ask for, in order of computation."""
    depth = solution.spec.depth
    selectors = [TASKS[t] for t in ask]
    return [q.name for q in solution.derivation.quantities if any(s(q, depth) for s in selectors)]
