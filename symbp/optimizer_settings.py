"""A spec's training settings: `[optimizer]`, `weight_decay`, `l1`, `regularize_biases` -> a validated
`Training`, written back as spec keys, and its hyperparameters drawn per worksheet variant.

In:  the spec's `[optimizer]` table and top-level `weight_decay`, `l1`, `regularize_biases`
     (`training_from_dict`); a worksheet's `[variants] hyperparameters` (`hyperparameter_choices`).
Out: a `Training` (optimizer name, hyperparameters as exact Fractions, flags, regularization); its
     `architecture()` is the `optimizers.Shape` the network's graph is built from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .errors import SpecError
from .number_input import short_repr
from .optimizers import OPTIMIZERS, REGULARIZATION, Shape

# ---- the spec: [optimizer], weight_decay, l1, regularize_biases ------------------------------------
TRAINING_KEYS = {"optimizer", "weight_decay", "l1", "regularize_biases"}
MAX_LAMBDA = Fraction(100)


@dataclass(frozen=True)
class Training:
    """How the parameters are updated: the optimizer, its hyperparameters (given name -> value),
    its flags, and the regularization (λ of weight_decay and l1, or None)."""

    optimizer: str = "sgd"
    values: tuple = ()  # ((given name, Fraction), …)
    flags: tuple = ()  # ((flag, bool), …)
    weight_decay: Fraction | None = None
    l1: Fraction | None = None
    regularize_biases: bool = False
    explicit: bool = field(default=False, compare=False)  # an [optimizer] table was given

    @property
    def plain(self) -> bool:
        """Plain SGD without regularization: today's graph, unchanged."""
        return self.optimizer == "sgd" and self.weight_decay is None and self.l1 is None

    @property
    def values_per_update(self) -> int:
        """Values a step adds per parameter beyond plain SGD's: the optimizer's states (Adam: m, v,
        m̂, v̂) and, with regularization, ∂J/∂p (spec_limits.work counts them)."""
        return len(OPTIMIZERS[self.optimizer].states) + (self.weight_decay is not None or self.l1 is not None)

    def architecture(self) -> Shape:
        """What the graph depends on (not the numbers)."""
        return Shape(self.optimizer, self.flags, self.weight_decay is not None, self.l1 is not None,
                     self.regularize_biases)

    def givens(self) -> dict:
        """The hyperparameters and λs by given name."""
        out = dict(self.values)
        out.update({name: getattr(self, key) for key, name in REGULARIZATION if getattr(self, key) is not None})
        return out


def training_from_dict(data: dict, number) -> Training:
    """The training settings of a parsed spec (`number(value, field)`: a validated spec number)."""
    table = data.get("optimizer", {"name": "sgd"})
    if not isinstance(table, dict):
        raise SpecError("optimizer", "expected a table: [optimizer] with name = \"sgd\", \"momentum\", \"adagrad\", "
                                     "\"rmsprop\" or \"adam\"")
    name = table.get("name", "sgd")
    if not isinstance(name, str) or name not in OPTIMIZERS:
        from .errors import did_you_mean

        raise SpecError("optimizer.name", f"unknown optimizer {name!r}{did_you_mean(name, OPTIMIZERS)}; "
                                          f"expected one of: {', '.join(OPTIMIZERS)}")
    optimizer = OPTIMIZERS[name]
    own = {h.key for h in optimizer.hyperparameters} | set(optimizer.flags) | {"name"}
    for key in table:
        if key not in own:
            others = [o.name for o in OPTIMIZERS.values() if key in {h.key for h in o.hyperparameters} | set(o.flags)]
            if others:
                takes = ", ".join(sorted(own - {"name"})) or "no hyperparameters"
                raise SpecError(f"optimizer.{key}", f"a key of {' and '.join(others)}, not of {name} ({name} takes: {takes})")
            raise SpecError(f"optimizer.{key}", f"unknown key; {name} takes: {', '.join(sorted(own))}")
    values = tuple((h.key, h.check(number(table.get(h.key, h.default), f"optimizer.{h.key}"), f"optimizer.{h.key}",
                                   table.get(h.key)))
                   for h in optimizer.hyperparameters)
    flags = []
    for flag in optimizer.flags:
        setting = table.get(flag, False)
        if not isinstance(setting, bool):
            raise SpecError(f"optimizer.{flag}", f"expected true or false, got {short_repr(setting)}")
        flags.append((flag, setting))
    lambdas = {}
    for key, _ in REGULARIZATION:
        if key in data:
            value = number(data[key], key)
            if not 0 <= value <= MAX_LAMBDA:
                raise SpecError(key, f"expected a number with 0 ≤ {key} ≤ {MAX_LAMBDA}, got {short_repr(data[key])}")
            lambdas[key] = value
    biases = data.get("regularize_biases", False)
    if not isinstance(biases, bool):
        raise SpecError("regularize_biases", f"expected true or false, got {short_repr(biases)}")
    return Training(name, values, tuple(flags), lambdas.get("weight_decay"), lambdas.get("l1"), biases,
                    explicit="optimizer" in data)


def training_to_dict(training: Training, num) -> dict:
    """The spec keys of the training settings (`num`: a number as the spec writes it)."""
    out: dict = {}
    if training.explicit or training.optimizer != "sgd":
        out["optimizer"] = {"name": training.optimizer, **{k: num(v) for k, v in training.values},
                            **{k: v for k, v in training.flags if v}}
    for key, _ in REGULARIZATION:
        if getattr(training, key) is not None:
            out[key] = num(getattr(training, key))
    if training.regularize_biases:
        out["regularize_biases"] = True
    return out


# ---- worksheets: hyperparameters drawn per variant ([variants] hyperparameters = { beta = [0.8, 0.9] }) --
MAX_CHOICES = 20


def hyperparameter_choices(table, training: Training, number) -> tuple:
    """((key, (value, …)), …): the values a worksheet draws each hyperparameter (or λ) from;
    every key is one the spec's optimizer takes (or weight_decay, l1 where the spec has them)."""
    if table is None:
        return ()
    where = "variants.hyperparameters"
    if not isinstance(table, dict):
        raise SpecError(where, "expected a table such as { beta = [0.8, 0.9, 0.99] }")
    own = {h.key: h for h in OPTIMIZERS[training.optimizer].hyperparameters}
    out = []
    for key, values in table.items():
        if key not in own and not (key in dict(REGULARIZATION) and getattr(training, key) is not None):
            allowed = sorted(own) + [k for k, _ in REGULARIZATION if getattr(training, k) is not None]
            raise SpecError(f"{where}.{key}", f"not a hyperparameter of this spec's {training.optimizer}; "
                                              f"expected some of: {', '.join(allowed) or 'none'}")
        if not isinstance(values, list) or not 1 <= len(values) <= MAX_CHOICES:
            raise SpecError(f"{where}.{key}", f"expected a list of 1 to {MAX_CHOICES} values to draw from")
        checked = []
        for i, written in enumerate(values):
            field_name = f"{where}.{key}[{i}]"
            value = number(written, field_name)
            if key in own:
                own[key].check(value, field_name, written)
            elif not 0 <= value <= MAX_LAMBDA:
                raise SpecError(field_name, f"expected a number with 0 ≤ {key} ≤ {MAX_LAMBDA}, got {short_repr(written)}")
            checked.append(value)
        out.append((key, tuple(checked)))
    return tuple(out)


def draw_training(training: Training, choices: tuple, rng) -> Training:
    """The training with each hyperparameter in `choices` drawn (no draw, and no change, without)."""
    from dataclasses import replace

    if not choices:
        return training
    drawn = {key: rng.choice(values) for key, values in choices}
    values = tuple((key, drawn.get(key, value)) for key, value in training.values)
    return replace(training, values=values, **{k: drawn[k] for k, _ in REGULARIZATION if k in drawn})
