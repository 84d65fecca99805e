"""The `[variants]` table of a spec -> validated `VariantSettings` (grids to draw numbers from,
the asked tasks, the constraints), with defaults filled in:

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
    both_branches = true         # a ReLU/leaky pre-activation below 0 and one above, in every variant
                                 # (default: where a draw can meet it, `branches_possible`)
    distinct_neurons = true      # no two neurons of a layer with the same z at step 1 (per sample;
                                 # default: where a draw can meet it)
    max_saturation = 0.95        # sigmoid/tanh units: |2σ(z) − 1| and |tanh z| at most this, at
                                 # every step (1: no limit); σ(6) ≈ 0.9975 or tanh(4.5) is refused;
                                 # softmax outputs: 2a − 1 at most this (a <= 0.975)
    allow_dead_layers = false    # reject a layer whose gradients are all zero
    max_dead_neurons = 1         # at most this many neurons of a layer with all gradients zero
                                 # (a dead ReLU), at every step (default: no limit)
    require_loss_decrease = true # reject when the loss does not fall after each update
    max_abs_value = 20           # every quantity must satisfy |value| <= this
    max_draws = 2000             # per variant, before giving up
    course = "..."               # also title, date, instructions: texts of the sheet (options win)
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from .errors import SpecError
from .number_input import short_repr
from .optimizer_settings import hyperparameter_choices
from .tasks import TASKS

MAX_DECIMALS = 4
GRID_LISTED = 4096  # a grid of up to this many values is listed once (NumberGrid._grid)
DEFAULT_MAX_SATURATION = Fraction(95, 100)

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

SETTING_KEYS = set(DEFAULT_NUMBERS) | {
    "ask", "kink_distance", "both_branches", "distinct_neurons", "max_saturation", "allow_dead_layers", "max_dead_neurons", "require_loss_decrease",
    "max_abs_value", "max_draws",
    "title", "course", "date", "instructions",  # the sheet's texts (read by worksheet.py)
    "locale",  # the sheet's language (i18n.py; the spec's own locale key covers every command)
    "hyperparameters",  # { beta = [0.8, 0.9] }: the optimizer's hyperparameters (and λ) drawn per variant
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
        return self.draw_pair(rng)[0]

    def draw_pair(self, rng: random.Random) -> tuple[Fraction, float]:
        """A value drawn, and the same as a float (k / 10^decimals, as float() of it rounds)."""
        low, high, values = self._grid
        if values is not None and type(rng) is random.Random and _SAME_INTEGERS:
            return values[_grid_index(rng.getrandbits, high - low + 1, -low if self.nonzero else -1)]
        while True:
            k = rng.randint(low, high)
            if k or not self.nonzero:
                if values is not None:
                    return values[k - low]
                scale = 10 ** self.decimals
                return Fraction(k, scale), k / scale

    @cached_property
    def _grid(self) -> tuple:
        """(lowest k, highest k, the pairs (value, float) of k = lowest, …, highest, or None for a
        grid too large to list): worked out once, not on every draw."""
        scale = 10 ** self.decimals
        low, high = _ceil(self.low * scale), _floor(self.high * scale)
        values = [(Fraction(k, scale), k / scale) for k in range(low, high + 1)] if high - low < GRID_LISTED else None
        return low, high, values

    def draw_vector(self, rng: random.Random, length: int) -> tuple[Fraction, ...]:
        return self.draw_vector_pair(rng, length)[0]

    def draw_vector_pair(self, rng: random.Random, length: int) -> tuple[tuple[Fraction, ...], list[float]]:
        """A vector drawn, and the same as floats."""
        if self.one_hot:
            hot = rng.randrange(length)
            return tuple(Fraction(int(j == hot)) for j in range(length)), [float(j == hot) for j in range(length)]
        low, high, table = self._grid
        if table is None:
            pairs = [self.draw_pair(rng) for _ in range(length)]
        elif type(rng) is random.Random and _SAME_INTEGERS:  # (rng.randint's own steps, `_grid_index`)
            width, skipped, bits = high - low + 1, -low if self.nonzero else -1, rng.getrandbits
            pairs = [table[_grid_index(bits, width, skipped)] for _ in range(length)]
        else:  # (draw_pair's loop, inlined: a weight matrix is most of a draw)
            randint, nonzero, pairs = rng.randint, self.nonzero, []
            for _ in range(length):
                k = randint(low, high)
                while nonzero and not k:
                    k = randint(low, high)
                pairs.append(table[k - low])
        return tuple(value for value, _ in pairs), [number for _, number in pairs]


def _grid_index(getrandbits, width: int, skipped: int) -> int:
    """k − low of `rng.randint(low, low + width − 1)` redrawn while k − low is `skipped` (−1: none),
    by randint's own steps (Random._randbelow_with_getrandbits: k bits, drawn again while beyond
    the width), without its three calls a number: the same numbers from the same stream."""
    bits = width.bit_length()
    while True:
        r = getrandbits(bits)
        while r >= width:
            r = getrandbits(bits)
        if r != skipped:
            return r


def _same_integers() -> bool:
    """Whether `_grid_index` draws what this Python's Random.randint draws (checked once, on a few streams)."""
    for seed, low, high, skipped in ((1, -10, 10, 10), (2, 0, 20, -1), (3, -2, 2, 2), (4, 1, 1, -1), (5, -7, 300, 7)):
        ours, theirs = random.Random(seed), random.Random(seed)
        for _ in range(64):
            k = theirs.randint(low, high)
            while k - low == skipped:
                k = theirs.randint(low, high)
            if low + _grid_index(ours.getrandbits, high - low + 1, skipped) != k:
                return False
        if ours.getrandbits(32) != theirs.getrandbits(32):
            return False
    return True


_SAME_INTEGERS = _same_integers()


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
    max_saturation: Fraction = DEFAULT_MAX_SATURATION
    allow_dead_layers: bool = False
    require_loss_decrease: bool = True
    max_abs_value: Fraction = Fraction(20)
    max_draws: int = 2000
    hyperparameters: tuple = ()  # ((key, (value, …)), …): drawn per variant (optimizer_settings.py)
    max_dead_neurons: int | None = None  # None: no limit
    both_branches: bool = False  # some ReLU/leaky ReLU z below 0 and some above (variant_constraints "one_branch")
    both_branches_asked: bool = False  # written in the spec (else a default, given up where no draw meets it)
    distinct_neurons: bool = True  # no two neurons of a layer with one z at step 1 (variant_constraints "same_neurons")
    distinct_neurons_asked: bool = False  # written in the spec (else a default, given up where no draw meets it)
    carried_key: tuple | None = None  # (digits, detail) of a carried key (variants.py "carried_off"); not from the spec
    softmax_limited: bool = True  # softmax outputs within max_saturation ("saturated_softmax"), given up where draws fail it
    alive_after_update: bool = True  # the last forward pass's hidden layers alive ("dead_after_update"), given up so too


def _grid(table, field_name: str, defaults: dict) -> NumberGrid:

    if not isinstance(table, dict):
        raise SpecError(field_name, "expected a table such as { range = [-1, 1], decimals = 1 }")
    for key in table:
        if key not in NUMBER_KEYS:
            raise SpecError(f"{field_name}.{key}", f"unknown key; expected one of: {', '.join(sorted(NUMBER_KEYS))}")
    merged = {**defaults, **table}
    one_hot = merged.get("one_hot", False)
    if not isinstance(one_hot, bool):
        raise SpecError(f"{field_name}.one_hot", f"expected true or false, got {short_repr(one_hot)}")
    if one_hot:
        return NumberGrid(Fraction(0), Fraction(1), 0, one_hot=True)
    merged.setdefault("range", DEFAULT_NUMBERS["weights"]["range"])
    merged.setdefault("decimals", 1)
    bounds = merged["range"]
    if not isinstance(bounds, list) or len(bounds) != 2:
        raise SpecError(f"{field_name}.range", f"expected [low, high], got {short_repr(bounds)}")
    low, high = (_bounded(v, f"{field_name}.range[{i}]") for i, v in enumerate(bounds))
    if low > high:
        raise SpecError(f"{field_name}.range", f"expected [low, high] with low <= high, got {short_repr(bounds)}")
    decimals = merged["decimals"]
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS:
        raise SpecError(f"{field_name}.decimals", f"expected a whole number from 0 to {MAX_DECIMALS}, got {short_repr(decimals)}")
    nonzero = merged.get("nonzero", False)
    if not isinstance(nonzero, bool):
        raise SpecError(f"{field_name}.nonzero", f"expected true or false, got {short_repr(nonzero)}")
    scale = 10 ** decimals
    count = _floor(high * scale) - _ceil(low * scale) + 1
    has_zero = _ceil(low * scale) <= 0 <= _floor(high * scale)
    if count - (1 if nonzero and has_zero else 0) < 1:
        raise SpecError(f"{field_name}.range", f"no value with {decimals} decimal{'' if decimals == 1 else 's'} lies in "
                                               f"{short_repr(bounds)}" + (" other than 0" if nonzero else ""))
    return NumberGrid(low, high, decimals, nonzero)


def _bounded(value, field_name: str) -> Fraction:
    """A [variants] number compared with drawn values (a range's bound, kink_distance): exact, and at most
    10^SPEC_EXPONENT in size as the spec numbers it bounds (a draw beyond it overflows float64)."""
    from .number_input import OutOfRange
    from .numbers import parse_exact
    from .spec_fields import SPEC_EXPONENT, outside_range

    if type(value) is float and value - value != 0 and value == value:  # inf (1e500 in TOML is its Decimal)
        raise outside_range(value, field_name, bound=True)
    try:
        number = parse_exact(value, field_name)
    except OutOfRange as error:  # beyond symbp's number limits: 1e5000 in size (too close to 0 is just 0 here)
        if error.large:
            raise outside_range(value, field_name, bound=True) from None
        raise
    if abs(number) > 10**SPEC_EXPONENT:
        raise outside_range(value, field_name, bound=True)
    return number


def settings_from_spec(spec) -> VariantSettings:
    """The `[variants]` table of a spec, validated, with defaults filled in."""
    from .numbers import parse_exact

    table = spec.variants or {}
    from .spec import check_keys

    check_keys(table, set(SETTING_KEYS), "variants.")
    from .spec_fields import spec_number
    from .i18n import code_of

    code_of(table.get("locale"), "variants.locale")
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
            raise SpecError("variants.ask", f"unknown task {short_repr(task)}; expected some of: {', '.join(TASKS)}")
    ask = tuple(t for t in TASKS if t in ask)  # always in the order of the worked solution

    def flag(key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise SpecError(f"variants.{key}", f"expected true or false, got {short_repr(value)}")
        return value

    kink_distance = _bounded(table.get("kink_distance", 0), "variants.kink_distance")
    if kink_distance < 0:
        raise SpecError("variants.kink_distance", "expected a number >= 0")
    max_saturation = parse_exact(table.get("max_saturation", DEFAULT_MAX_SATURATION), "variants.max_saturation")
    if not 0 < max_saturation <= 1:
        raise SpecError("variants.max_saturation", "expected a number above 0 and at most 1 (1: no limit)")
    max_abs = parse_exact(table.get("max_abs_value", 20), "variants.max_abs_value")
    if max_abs <= 0:
        raise SpecError("variants.max_abs_value", "expected a positive number")
    max_draws = table.get("max_draws", 2000)
    if isinstance(max_draws, bool) or not isinstance(max_draws, int) or not 1 <= max_draws <= 10**6:
        raise SpecError("variants.max_draws", f"expected a whole number from 1 to 1000000, got {short_repr(max_draws)}")
    return VariantSettings(
        grids["weights"], grids["biases"], grids["inputs"], grids["targets"], ask, kink_distance, max_saturation,
        flag("allow_dead_layers", False), flag("require_loss_decrease", True), max_abs, max_draws,
        hyperparameter_choices(table.get("hyperparameters"), spec.training, spec_number),  # (drawn into the spec)
        dead := _max_dead_neurons(table, spec, grids["weights"]),
        flag("both_branches", branches_possible(spec, dead, grids)), "both_branches" in table,
        distinct_neurons=flag("distinct_neurons", True), distinct_neurons_asked="distinct_neurons" in table)


def branches_possible(spec, max_dead_neurons: int | None, grids: dict) -> bool:
    """Whether a draw can put a ReLU/leaky ReLU pre-activation on each side of 0 (both_branches' default):
    at least two such pre-activations at step 1 (neurons × samples), numbers that can make one negative
    (a weight, bias or input below 0), and a leaky ReLU layer (below 0 it still passes a gradient on) or a
    ReLU layer of two or more neurons or of a batch where a neuron below 0 for a sample may be
    (max_dead_neurons) — not a lone ReLU neuron of one sample, whose z < 0 stops every gradient before it."""
    kinds = [(layer.activation, width) for layer, width in zip(spec.layers, spec.widths[1:])]
    samples = len(spec.inputs) if spec.batch else 1
    if sum(width for activation, width in kinds if activation in ("relu", "leaky_relu")) * samples < 2:
        return False
    if all(grids[kind].one_hot or grids[kind].low >= 0 for kind in ("weights", "biases", "inputs")):
        return False  # (every z ≥ 0: a sum of products of numbers ≥ 0)
    if any(activation == "leaky_relu" for activation, _ in kinds):
        return True
    relu = [width for activation, width in kinds if activation == "relu"]
    return bool(relu) and (spec.batch or (max(relu) >= 2 and max_dead_neurons != 0))


def _max_dead_neurons(table: dict, spec, weights: NumberGrid) -> int | None:
    """max_dead_neurons: a whole number from 0 to the widest layer's neurons (that many: no limit),
    refused at once when no draw can meet it (every weight 0: every hidden neuron's δ is 0)."""
    if "max_dead_neurons" not in table:
        return None
    value, widest = table["max_dead_neurons"], max(spec.widths[1:])
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= widest:
        raise SpecError("variants.max_dead_neurons",
                        f"expected a whole number from 0 to {widest} (the widest layer's neurons), got {short_repr(value)}")
    hidden = min(spec.widths[1:-1], default=None)
    if hidden is not None and value < hidden and weights.high <= 0 <= weights.low:
        raise SpecError("variants.max_dead_neurons",
                        f"{value} cannot be met: every weight drawn is 0 (variants.weights), so every neuron of a "
                        "hidden layer has zero gradients; allow more dead neurons or draw other weights")
    return value
