"""The tasks of a worksheet and which quantities each asks for.

TASKS maps each task, in the order of the worked solution's steps ①–⑧, to a selector
(quantity, depth L, number of training steps T) -> bool; `asked_names` lists what a set of tasks
asks for.  The prose of each task lives in the templates (tex/worksheet-tasks.tex.jinja).
"""

from __future__ import annotations

from typing import Callable

# With T > 1 training steps, "update" is the first update, "new_forward" everything of steps
# 2 … T (forward pass, loss, gradients, update) and the forward pass with the final parameters,
# "new_loss" the final loss: each quantity belongs to one task.
_LOSSES = ("sample_loss", "loss")
_UPDATES = ("weight_update", "bias_update")
_GRADIENTS = ("weight_gradient", "bias_gradient")
ON_THE_WAY = ("activation_derivative", "backpropagated")  # never asked: f'(z) and (W^T δ)_k
_COSTS = _LOSSES + ("penalty", "regularized_cost")  # with regularization: R and J = L + R too
_TRAINING = ("regularized_gradient", "optimizer_state")  # ∂J/∂p and the optimizer's state, asked with the update
TASKS: dict[str, Callable] = {
    "forward": lambda q, depth, steps: q.step == 1 and q.kind in ("pre_activation", "activation"),
    "loss": lambda q, depth, steps: q.step == 1 and q.kind in _COSTS,
    "formulas": lambda q, depth, steps: False,
    "output_layer": lambda q, depth, steps: q.step == 1 and (
        q.kind == "output_delta" or (q.kind in _GRADIENTS and q.layer == depth)),
    "hidden_layers": lambda q, depth, steps: q.step == 1 and (
        q.kind == "hidden_delta" or (q.kind in _GRADIENTS and q.layer < depth)),
    "update": lambda q, depth, steps: (q.step == 2 and q.kind in _UPDATES) or (q.step == 1 and q.kind in _TRAINING),
    "new_forward": lambda q, depth, steps: q.step >= 2 and not (q.step == 2 and q.kind in _UPDATES) and not (
        q.step == steps + 1 and q.kind in _COSTS) and q.kind not in ON_THE_WAY,
    "new_loss": lambda q, depth, steps: q.step == steps + 1 and q.kind in _COSTS,
}


def task_numbers(ask, depth: int) -> dict:
    """Task -> its number (asked tasks 1 … n; a network without a hidden layer has no hidden-layers task,
    so its update is ⑤, not ⑥: a derived solution of a 1-1 network skipped ⑤, the print hunter's LOW of
    stop 56), None where it has none."""
    shown = [t for t in ask if not (t == "hidden_layers" and depth == 1)]
    return {task: shown.index(task) + 1 if task in shown else None for task in TASKS}


def asked_names(solution, ask: tuple[str, ...]) -> list[str]:
    """The names of the quantities the sheet's tasks ask for, in order of computation (the same for
    every variant of one architecture, depth, number of steps and tasks: worked out once)."""
    depth, steps = solution.spec.depth, solution.spec.steps
    key = (solution.derivation.architecture, depth, steps, tuple(ask))
    names = _ASKED.get(key)
    if names is None:
        selectors = [TASKS[t] for t in ask]
        if len(_ASKED) >= _ASKED_KEPT:
            _ASKED.clear()
        names = _ASKED[key] = tuple(q.name for q in solution.derivation.quantities
                                    if any(s(q, depth, steps) for s in selectors))
    return list(names)


_ASKED: dict = {}  # (architecture, depth, steps, tasks) -> the names asked
_ASKED_KEPT = 64
