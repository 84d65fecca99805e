"""The optimizer and the regularization in a worked solution: a solution and its printed lines ->
the data of the settings sentence (optimizer, hyperparameters, λ) and of the cost lines R@t and
J@t = L@t + R@t.  The update lines themselves (∂J/∂p, the state, p@t+1) are in worked_updates.py.
"""

from __future__ import annotations

from ..core import identity as ids
from ..numbers import format_decimal, terminating_digits
from ..optimizers import OPTIMIZERS
from .blocks import line_block
from .stated import relation


def training_given(solution, lines) -> dict | None:
    """None for plain SGD without regularization (today's sentence), else the settings."""
    return training_settings(solution.spec, lines.number, lines.symbol, digits=lines.digits, fmt=lines.fmt)


_STATE_SYMBOLS = {"v": ("v", "v"), "m": ("m", "m"), "mhat": ("m̂", r"\hat{m}"), "vhat": ("v̂", r"\hat{v}"), "s": ("s", "s")}


def training_settings(spec, number, symbol, latex: bool = True, digits: int = 4, fmt: str = "tex") -> dict | None:
    """The settings of a spec's training (`number`, `symbol`: how a value and a name are printed,
    `number` rounding to `digits`); each number's relation sign ("β ≈ 0.1235", render/stated.py)."""
    def sign(value) -> str:
        return relation(value is not None and terminating_digits(value) is not None
                        and format_decimal(value, digits).rounded, fmt)

    training = spec.training
    if training.plain:
        return None
    return {
        "optimizer": training.optimizer,
        "flags": dict(training.flags),
        "hyperparameters": [{"symbol": symbol(key), "value": number(value), "relation": sign(value)}
                            for key, value in training.values],
        "weight_decay": number(training.weight_decay) if training.weight_decay is not None else None,
        "weight_decay_relation": sign(training.weight_decay),
        "l1": number(training.l1) if training.l1 is not None else None,
        "l1_relation": sign(training.l1),
        "regularize_biases": training.regularize_biases,
        "states": [_STATE_SYMBOLS[kind][latex] for kind in OPTIMIZERS[training.optimizer].states],
    }


def penalty(solution, lines, t: int) -> dict | None:
    """The lines of R@t and J@t (both parts of the regularized cost), or None without regularization."""
    by_name = solution.derivation.by_name
    names = _PENALTY_NAMES.get(t)
    if names is None:  # (the names of R@t and J@t depend on t alone)
        if len(_PENALTY_NAMES) >= 1 << 10:
            _PENALTY_NAMES.clear()
        names = _PENALTY_NAMES[t] = tuple(ids.name(ids.Identity(kind, step=t)) for kind in (ids.PENALTY, ids.REGULARIZED))
    if names[0] not in by_name:
        return None
    shown = [lines.line(by_name[name]) for name in names]
    out = {"lines": shown}
    if lines.fmt != "text":
        out["block"] = line_block(shown)
    return out


_PENALTY_NAMES: dict = {}  # step t -> (the name of R@t, the name of J@t)


def regularized_change(solution, lines, final_t: int) -> dict | None:
    """What became of the regularized cost J = L + R (the quantity the updates descend) from step 1
    to `final_t`, for the sentence after the cost's: its two printed values (those of their lines)
    and its direction, from the exact values ("fell_below"/"rose_below" where the printed values
    do not show it); None without regularization."""
    before_key, after_key = (ids.name(ids.Identity(ids.REGULARIZED, step=t)) for t in (1, final_t))
    by_name = solution.derivation.by_name
    if before_key not in by_name or after_key not in by_name:
        return None
    values = solution.values
    true_fall = values[before_key] - values[after_key]
    before, after = lines.printed_value(before_key), lines.printed_value(after_key)
    printed_fall = lines.plan.shown(before_key).value - lines.plan.shown(after_key).value
    direction = "fell" if true_fall > 0 else "rose" if true_fall < 0 else "stayed"
    if direction != "stayed" and (printed_fall > 0) != (true_fall > 0):
        direction += "_below"
    return {"direction": direction, "before": before, "after": after, "keys": (before_key, after_key)}
