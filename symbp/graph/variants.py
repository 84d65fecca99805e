"""Worksheet variants of a graph: a spec + a seed -> distinct, verified input values with nice numbers.

The spec gives the expression(s); each variant draws its own input values on a decimal grid from
one seeded `random.Random` passed down (never the global generator).  The worksheet's seed gives
each variant its own seed, drawn from the worksheet's generator, so that variant k is the same
whatever the number of variants.  A draw is kept only when it passes every constraint
(rejection sampling; the reasons for rejecting are counted).  The optional `[variants]` table:

    [variants]
    inputs = { range = [-5, 5], decimals = 0, nonzero = true }   # the grid of every input
    input.x = { range = [0, 3], decimals = 1 }                   # ... or of one input
    kink_distance = 0      # ReLU/|x| arguments must satisfy |a| > this; max/min arguments must
                           # differ by more than this (0: no argument at a kink, no tie)
    max_saturation = 0.95  # as for networks: sigmoid arguments a within |2σ(a) − 1| <= this, tanh
                           # arguments within |tanh a| <= this, exp arguments within the sigmoid's
                           # bound (|a| <= 2·atanh(0.95) ≈ 3.66; so exp(−s) of a split sigmoid too);
                           # 1: no limit
    max_abs_value = 100    # every value, local derivative and gradient within ±this
    max_draws = 2000       # per variant, before giving up
    alternatives = [{ stages = ["q = x + y", "f = q * z"] }, { expression = "f = x * y + z" }]
                           # variants pick among these expressions (over the spec's inputs)

Constraints, in the order tried: undefined (division by zero, ln or √ of a non-positive number),
kink, at_zero (a sigmoid/tanh/exp argument of exactly 0 or a ln argument of exactly 1, as a network's
neuron is refused at 0: its lines are constants known by heart, not worked out), trivial (a factor or a
denominator of exactly ±1: c = 1 in a/c made ÷1 a copy; avoided for a tenth of max_draws, then taken, as a small
grid may have few other numbers), saturated, out_of_range, duplicate
(no two variants with the same expression and numbers).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ..core.chain import backward
from ..core.expr import Call
from ..core.graph import compile_graph, evaluate
from ..core.closures import compile_tree
from ..core.numeric import MAX_EXACT_BITS, Domain, TooLong
from ..core.operations import OPERATIONS
from ..errors import SpecError
from ..shape_errors import count as counted, rejections
from ..spec import check_keys
from ..variant_constraints import AT_ZERO
from .build import build, comparable
from .spec import GraphSpec, read_stages

SEED_BITS = 32
# a graph's own gates whose value and slope are constants at one argument, as σ and tanh at 0 (σ written
# as −x, e^x, 1 + x, 1/x drew s = 0: e^0 = 1, every line after it a constant; the print hunter's MEDIUM
# of stop 56): e^0 = 1 (slope 1), ln 1 = 0 (slope 1)
CONSTANT_AT = {"exp": 0, "ln": 1}
# a gate's arguments that make it a copy at ±1: a factor of a product, a denominator
TRIVIAL_AT = {"mul": lambda args: args, "div": lambda args: args[1:]}
TRIVIAL_PATIENCE = 10  # ±1 is avoided for a tenth of max_draws, then taken (a grid of −2…2 has few other numbers)
REJECTION_REASONS = {  # for --verbose
    "undefined": "a division by zero, or ln or √ of a non-positive number",
    "kink": "a ReLU/|x| argument at (or within kink_distance of) 0, or a tie of max/min",
    "at_zero": "a sigmoid/tanh/exp argument exactly 0 or a ln argument exactly 1 (its value and slope there are constants, not worked out)",
    "trivial": "a factor or a denominator exactly 1 or −1 (×1, ÷1: its lines are copies, not worked out)",
    "saturated": "a sigmoid/tanh/exp argument beyond max_saturation",
    "out_of_range": "a value beyond max_abs_value",
    "duplicate": "the same expression and numbers as an earlier variant",
}
KEYS = {"inputs", "input", "kink_distance", "max_saturation", "max_abs_value", "max_draws", "alternatives"}
NUMBER_KEYS = {"range", "decimals", "nonzero"}
DEFAULT_NUMBERS = {"range": [-5, 5], "decimals": 0, "nonzero": True}
_NUMBER = (int, float, Decimal)  # a TOML number: a float, or the Decimal of one with more than 15 digits (inputs.toml_float)
MAX_DECIMALS = 3
MAX_ALTERNATIVES = 12
DEFAULT_MAX_SATURATION = Fraction(95, 100)  # the networks' default (variants_table.py)
# The largest |argument| of a flattening operation at a saturation bound m < 1: |2σ(a) − 1| =
# tanh(|a|/2) <= m, |tanh a| <= m; exp is held to the sigmoid's bound (it is σ's gate when split).
SATURATING = {
    "sigmoid": lambda m: 2 * math.atanh(m),
    "exp": lambda m: 2 * math.atanh(m),
    "tanh": lambda m: math.atanh(m),
}


@dataclass(frozen=True)
class Grid:
    low: Fraction
    high: Fraction
    decimals: int
    nonzero: bool

    def draw(self, rng: random.Random) -> Fraction:
        scale = 10 ** self.decimals
        low, high = int(self.low * scale), int(self.high * scale)
        while True:
            value = Fraction(rng.randint(low, high), scale)
            if value or not self.nonzero:
                return value


@dataclass
class Variant:
    index: int  # 1-based
    seed: int
    spec: GraphSpec
    solution: object  # GraphSolution, verified


@dataclass
class Draws:
    variants: list
    rejected: Counter = field(default_factory=Counter)


def _grid(table, where: str) -> Grid:
    if not isinstance(table, dict):
        raise SpecError(where, "expected a table such as { range = [-5, 5], decimals = 0 }")
    check_keys(table, NUMBER_KEYS, where + ".")
    merged = {**DEFAULT_NUMBERS, **table}
    bounds = merged["range"]
    if not (isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, _NUMBER) and not isinstance(b, bool) for b in bounds)
            and bounds[0] < bounds[1] and all(abs(b) <= 1000 for b in bounds)):
        raise SpecError(where + ".range", "expected [low, high] with low < high, within ±1000")
    decimals = merged["decimals"]
    if not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS:
        raise SpecError(where + ".decimals", f"expected a whole number from 0 to {MAX_DECIMALS}")
    return Grid(Fraction(str(bounds[0])), Fraction(str(bounds[1])), decimals, bool(merged["nonzero"]))


def _number(table: dict, key: str, default, low, high):
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, _NUMBER) or not low <= value <= high:
        raise SpecError(f"variants.{key}", f"expected a number from {low} to {high}")
    return Fraction(str(value)) if isinstance(value, (float, Decimal)) else value


def _saturation(table: dict) -> Fraction:
    value = table.get("max_saturation", DEFAULT_MAX_SATURATION)
    if isinstance(value, bool) or not isinstance(value, (*_NUMBER, Fraction)) or not 0 < value <= 1:
        raise SpecError("variants.max_saturation", "expected a number above 0 and at most 1 (1: no limit)")
    return Fraction(str(value)) if isinstance(value, (float, Decimal)) else Fraction(value)


class _Shape:
    """One expression's graph, built and differentiated once, evaluated for every draw."""

    def __init__(self, spec: GraphSpec, max_saturation=1):
        self.spec = spec
        self.built = build(spec)
        backward(self.built.graph, self.built.output, self.built.inputs)
        self.domain = Domain()
        self.program = compile_graph(self.built.graph, self.domain)
        self.kinked = [(t, [compile_tree(a, self.domain) for a in t.args])
                       for identity in self.built.gates for t in _calls(self.built.graph[identity].definition)
                       if OPERATIONS[t.op].branch is not None]
        # (argument, the value it must not take, the rejection's reason)
        self.smooth = [(compile_tree(t.args[0], self.domain), CONSTANT_AT.get(t.op, 0), "at_zero")
                       for identity in self.built.gates for t in _calls(self.built.graph[identity].definition)
                       if t.op in AT_ZERO or t.op in CONSTANT_AT]
        self.smooth += [(compile_tree(a, self.domain), one, "trivial") for identity in self.built.gates
                        for t in _calls(self.built.graph[identity].definition) if t.op in TRIVIAL_AT
                        for a in TRIVIAL_AT[t.op](t.args) for one in (1, -1)]
        self._constants: dict = {}  # an index of `smooth` -> whether its argument is a constant (`_constant`)
        self.saturating = [] if max_saturation >= 1 else [
            (SATURATING[t.op](float(max_saturation)), compile_tree(t.args[0], self.domain))
            for identity in self.built.gates for t in _calls(self.built.graph[identity].definition)
            if t.op in SATURATING]

    def _constant(self, index: int, values: dict) -> bool:
        """Whether the `index`th of `smooth`'s arguments is the same whatever the inputs (exp(x − x): the
        expression's own constant, which no draw avoids, the reviewer's LOW of stop 56), tried at two
        other points near `values`; kept."""
        known = self._constants.get(index)
        if known is None:
            argument, at, _ = self.smooth[index]
            same = 0
            for shift in (Fraction(1, 7), Fraction(-2, 11), Fraction(3, 13)):
                moved = {name: value + shift * (i + 1) for i, (name, value) in enumerate(values.items())}
                try:
                    env = evaluate(self.built.graph, moved, self.domain, MAX_EXACT_BITS, program=self.program)
                    same += argument(env) == at
                except (TooLong, ArithmeticError):
                    continue
                if same < 1:
                    break
            known = self._constants[index] = same >= 2
        return known

    def rejection(self, values: dict, kink_distance, max_abs) -> str | None:
        try:
            env = evaluate(self.built.graph, values, self.domain, MAX_EXACT_BITS, program=self.program)
        except TooLong:
            return "out_of_range"
        except ArithmeticError:
            return "undefined"
        for call, args in self.kinked:
            arguments = comparable(self.domain, [a(env) for a in args])
            if call.op in ("max", "min"):
                ordered = sorted(arguments, reverse=call.op == "max")
                if abs(ordered[0] - ordered[1]) <= kink_distance:
                    return "kink"
            elif abs(arguments[0]) <= kink_distance:
                return "kink"
        for index, (argument, at, reason) in enumerate(self.smooth):
            if argument(env) == at and not self._constant(index, values):
                return reason
        if any(abs(float(argument(env))) > bound for bound, argument in self.saturating):
            return "saturated"
        if any(abs(v) > max_abs for v in env.values()):
            return "out_of_range"
        return None


def _calls(tree):
    if isinstance(tree, Call):
        yield tree
        for a in tree.args:
            yield from _calls(a)


def _alternatives(spec: GraphSpec, table: dict) -> list[GraphSpec]:
    listed = table.get("alternatives")
    if listed is None:
        return [spec]
    if not isinstance(listed, list) or not listed or len(listed) > MAX_ALTERNATIVES:
        raise SpecError("variants.alternatives", f"expected a list of 1 to {MAX_ALTERNATIVES} tables")
    result = []
    for i, alternative in enumerate(listed, start=1):
        where = f"variants.alternatives[{i}]"
        if not isinstance(alternative, dict):
            raise SpecError(where, "expected a table with stages = [...] or expression = \"...\"")
        check_keys(alternative, {"stages", "expression", "output"}, where + ".")
        try:
            stages, output = read_stages(alternative, spec.inputs, alternative.get("output"))
        except SpecError as exc:
            raise SpecError(f"{where}.{exc.field}", str(exc).split(": ", 1)[-1]) from None
        result.append(spec.with_stages(stages, output))
    return result


def draw_variants(spec: GraphSpec, count: int, seed: int, progress=None, first: int = 1) -> Draws:
    """`count` verified variants, numbered from `first` on (those variants of the sheet from 1: the
    earlier ones are drawn too, for the numbers they exclude); SpecError when the constraints
    leave too few draws.  `progress`: called with the number of each variant once it is drawn and verified."""
    from .solution import solve

    table = spec.variants or {}
    check_keys(table, KEYS, "variants.")
    default = _grid(table.get("inputs", {}), "variants.inputs")
    per_input = table.get("input", {})
    if not isinstance(per_input, dict):
        raise SpecError("variants.input", "expected a table of input names")
    names = [label for label, _ in spec.inputs]
    for label in per_input:
        if label not in names:
            raise SpecError(f"variants.input.{label}", f"is not an input ({', '.join(names)})")
    grids = {label: _grid(per_input[label], f"variants.input.{label}") if label in per_input else default
             for label in names}
    kink_distance = _number(table, "kink_distance", 0, 0, 100)
    max_saturation = _saturation(table)
    max_abs = _number(table, "max_abs_value", 100, 1, 10**9)
    max_draws = int(_number(table, "max_draws", 2000, 1, 100_000))
    shapes = [_Shape(alternative, max_saturation) for alternative in _alternatives(spec, table)]
    master = random.Random(seed)
    seeds = [master.getrandbits(SEED_BITS) for _ in range(first - 1 + count)]
    draws = Draws([])
    seen: set = set()
    for index, variant_seed in enumerate(seeds, start=1):
        rng = random.Random(variant_seed)
        before = Counter(draws.rejected)  # (a refusal counts this variant's draws alone)
        for attempt in range(max_draws):
            shape = shapes[rng.randrange(len(shapes))]
            numbers = {label: grids[label].draw(rng) for label in names}
            key = (id(shape), tuple(numbers.values()))
            reason = "duplicate" if key in seen else shape.rejection(
                {shape.built.inputs[i]: numbers[label] for i, label in enumerate(names)}, kink_distance, max_abs)
            if reason == "trivial" and attempt >= max_draws // TRIVIAL_PATIENCE:  # a small grid: ±1 rather than none
                reason = None
            if reason is None:
                seen.add(key)
                if index < first:  # an earlier variant's numbers, excluded as the whole sheet excludes them
                    break
                variant_spec = shape.spec.with_inputs(numbers)
                try:
                    solved = solve(variant_spec)
                except SpecError:  # beyond what symbp verifies (e^702 of a drawn x·y): drawn again, not the spec's
                    solved, reason = None, "out_of_range"  # fault (stop 68's hostile tester: exit 2 naming its stage)
                if solved is not None:
                    draws.variants.append(Variant(index, variant_seed, variant_spec, solved))
                    if progress is not None:
                        progress(index)
                    break
            if index >= first:
                draws.rejected[reason] += 1
        else:
            raise SpecError("variants", f"no acceptable variant in {counted('draw', max_draws)} (rejected: "
                                        f"{rejections(draws.rejected - before, REJECTION_REASONS)}); widen the ranges or relax "
                                        "the limits in [variants]")
    return draws
