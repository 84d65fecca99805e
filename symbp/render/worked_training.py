"""The optimizer and the regularization in a worked solution: a solution and its printed lines ->
the data of the settings sentence (optimizer, hyperparameters, λ) and of the cost lines R@t and
J@t = L@t + R@t.  The update lines themselves (∂J/∂p, the state, p@t+1) are in worked_updates.py.
"""

from __future__ import annotations

from ..core import identity as ids
from .blocks import block, line_rows


def training_given(solution, lines) -> dict | None:
    """None for plain SGD without regularization (today's sentence), else the settings."""
    training = solution.spec.training
    if training.plain:
        return None
    return {
        "optimizer": training.optimizer,
        "flags": dict(training.flags),
        "hyperparameters": [{"symbol": lines.symbol(key), "value": lines.number(value)} for key, value in training.values],
        "weight_decay": lines.number(training.weight_decay) if training.weight_decay is not None else None,
        "l1": lines.number(training.l1) if training.l1 is not None else None,
        "regularize_biases": training.regularize_biases,
        "symbols": {key: lines.symbol(key) for key in ("lambda", "lambda1", "alpha")},
    }


def penalty(solution, lines, t: int) -> dict | None:
    """The lines of R@t and J@t (both parts of the regularized cost), or None without regularization."""
    by_name = solution.derivation.by_name
    names = [ids.name(ids.Identity(kind, step=t)) for kind in (ids.PENALTY, ids.REGULARIZED)]
    if names[0] not in by_name:
        return None
    shown = [lines.line(by_name[name]) for name in names]
    out = {"lines": shown}
    if lines.fmt != "text":
        out["block"] = block(*(line_rows(x) for x in shown))
    return out
