"""A worksheet draw's numbers as (Fraction, float) pairs first, the spec only for a draw the screens pass.

In:  the sheet's spec and `VariantSettings` (once), then per draw the variant's `random.Random`.
Out: `lean_drawer(spec, settings)`: None when its draws cannot be made this way, else a `LeanDraw`
     whose `draw(rng)` gives (the pairs, in the order drawn; the floats (W, B, inputs) as
     `variants._drawn` gives them; the drawn training or None) and whose `spec(pairs, training)` is
     the spec `variants._drawn` makes of the same draw.

Most draws of a worksheet are rejected by the float screens (variant_constraints.float_screen,
dead_neurons_screen), which read the floats only.  `variants._drawn` builds each draw's spec, its
Fractions and its numbers' key first; here the numbers are drawn by the same steps from the same
stream (`variants_table._grid_index`: k bits, drawn again while beyond the grid or at its skipped 0),
in the same order (each sample's inputs; per layer, per neuron its weights and then its bias; the
targets; the hyperparameters), so that every draw, rejected or not, takes what it took there.
Only for draws without a redraw of saturated neurons (no layer's saturation is limited), from grids
listed as pairs and not one-hot, with `random.Random` itself (`_SAME_INTEGERS`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from .variants_table import _SAME_INTEGERS


@dataclass(frozen=True)
class LeanDraw:
    numbers: tuple  # per number drawn, in order: (grid width, its bits, the skipped index or -1, its pairs)
    inputs: tuple  # per sample: (start, end) of its inputs among the numbers
    weights: tuple  # per layer, per neuron: (start, end) of its weights
    biases: tuple  # per layer: the positions of its biases, or None (no bias)
    targets: tuple  # per sample: (start, end) of its targets
    layer_spec: tuple  # per layer: (LayerSpec, activation, negative slope)
    base: object  # the sheet's spec
    validate_targets: object  # the loss's test of the targets drawn (raises SpecError)
    training: object  # (the spec's training, settings.hyperparameters) to draw them, or None

    def draw(self, rng: random.Random) -> tuple:
        """(pairs, (W, B, inputs) as floats, the training drawn or None), the targets validated: the
        steps written out once per LeanDraw (`_draw_program`)."""
        program = self.__dict__.get("_program")
        if program is None:
            program = self.__dict__["_program"] = _draw_program(self)  # (not a field: made once, kept)
        return program(rng)

    def spec(self, pairs: list, training):
        """The drawn spec, as `variants._drawn` makes it of the same pairs."""
        values = [value for value, _ in pairs]
        layers = [made(tuple(tuple(values[a:b]) for a, b in rows), None if at is None else tuple(values[i] for i in at),
                       activation, slope)
                  for rows, at, (made, activation, slope) in zip(self.weights, self.biases, self.layer_spec)]
        drawn = self.base.with_numbers(layers, [tuple(values[a:b]) for a, b in self.inputs],
                                       tuple(tuple(values[a:b]) for a, b in self.targets), same_architecture=True)
        return drawn if training is None else replace(drawn, training=training)


def _draw_program(lean: LeanDraw):
    """function(rng) -> `LeanDraw.draw`'s result: the same calls of rng.getrandbits in the same order
    (each number's k bits, drawn again while beyond its grid or at its skipped index: where its
    table by all 2^k values holds None), then the same lists, written out as straight-line
    Python (a draw's loops and slices made ~700 operations; most draws are rejected by the float
    screens).  The source holds only names and integers; the grids' tables are bound constants."""
    constants: dict = {"validate": lean.validate_targets}
    tables: dict = {}  # (id(table), width, skipped) -> its constant's name
    body = ["bits = rng.getrandbits"]
    for n, (width, size, skipped, table) in enumerate(lean.numbers):
        key = id(table), width, size, skipped
        name = tables.get(key)
        if name is None:  # the table by every k-bit number: None where it is drawn again (beyond, skipped)
            name = tables[key] = f"T{len(tables)}"
            constants[name] = tuple(table[r] if r < width and r != skipped else None for r in range(2 ** size))
        body += [f"p{n} = {name}[bits({int(size)})]", f"while p{n} is None:", f"    p{n} = {name}[bits({int(size)})]"]
    count = len(lean.numbers)

    def values(a: int, b: int, item: int) -> str:
        return "".join(f"p{n}[{item}], " for n in range(a, b))

    body.append(f"pairs = [{', '.join(f'p{n}' for n in range(count))}]")
    body.append(f"validate(({''.join(f'({values(a, b, 0)}), ' for a, b in lean.targets)}), 'variants.targets')")
    if lean.training is not None:
        from .optimizer_settings import draw_training

        constants.update(draw_training=draw_training, TRAINING=lean.training)
        body.append("training = draw_training(*TRAINING, rng)")
    else:
        body.append("training = None")
    xs = ", ".join(f"[{values(a, b, 1)}]" for a, b in lean.inputs)
    W = ", ".join("[" + ", ".join(f"[{values(a, b, 1)}]" for a, b in rows) + "]" for rows in lean.weights)
    B = ", ".join("None" if at is None else "[" + "".join(f"p{i}[1], " for i in at) + "]" for at in lean.biases)
    body.append(f"return pairs, ([{W}], [{B}], [{xs}]), training")
    names = sorted(constants)
    source = (f"def make({', '.join(names)}):\n    def draw(rng):\n" + "".join(f"        {line}\n" for line in body)
              + "    return draw\n")
    namespace: dict = {}
    exec(compile(source, "<symbp lean draw>", "exec"), namespace)  # noqa: S102 (names and integers only)
    return namespace["make"](**{name: constants[name] for name in names})


def lean_drawer(spec, settings, plan) -> LeanDraw | None:
    """The lean draw of `spec`'s variants under `settings` (`plan`: variants._plan's), or None."""
    grids = (settings.inputs, settings.weights, settings.biases, settings.targets)
    if not _SAME_INTEGERS or any(saturation is not None for _, _, _, saturation, *_ in plan.layers) \
            or any(grid.one_hot or grid._grid[2] is None for grid in grids):
        return None
    numbers: list = []

    def take(grid, count: int) -> tuple:
        low, high, table = grid._grid
        width = high - low + 1
        start = len(numbers)
        numbers.extend([(width, width.bit_length(), -low if grid.nonzero else -1, table)] * count)
        return start, len(numbers)

    widths = spec.widths
    inputs = tuple(take(settings.inputs, widths[0]) for _ in range(spec.samples))
    weights, biases = [], []
    for width, before, has_bias, *_ in plan.layers:
        rows, at = [], []
        for _ in range(width):
            rows.append(take(settings.weights, before))
            if has_bias:
                at.append(take(settings.biases, 1)[0])
        weights.append(tuple(rows))
        biases.append(tuple(at) if has_bias else None)
    targets = tuple(take(settings.targets, widths[-1]) for _ in range(spec.samples))
    layer_spec = tuple((plan.layer_spec, layer.activation, layer.negative_slope) for *_, layer in plan.layers)
    training = (spec.training, settings.hyperparameters) if settings.hyperparameters else None
    return LeanDraw(tuple(numbers), inputs, tuple(weights), tuple(biases), targets, layer_spec, spec,
                    plan.validate_targets, training)
