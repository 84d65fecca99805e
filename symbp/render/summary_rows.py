"""A summary's entries and lines (sheet.summary): which values of a variant's worked solution a summary
lists, task by task, and which of its entries begin a line.

    summary_entries(...)    [(task, number, entries without their values)], the same for every
                            variant of a sheet (kept per architecture, tasks and locale)
    summary_row(quantity)   the values that share a row of the summary
    break_rows(entries, n)  each entry's "newline" in a grid of n columns
    broken_rows(...)        the same, worked out once per kept entries and columns
"""

from __future__ import annotations

from ..i18n import current
from .answers_template import display_order
from .writing_space import task_of

_ENTRIES: dict = {}


def summary_entries(solution, ask, numbers: dict, p) -> list:
    """[(task, number, entries without their values)] in the order the tasks first appear: the
    same for every variant of a sheet (worked out once per architecture, tasks and locale)."""
    spec = solution.spec
    key = (solution.derivation.architecture, spec.depth, spec.steps, tuple(ask), tuple(numbers.items()), current().code)
    cached = _ENTRIES.get(key)
    if cached is not None:
        return cached
    by_task: dict = {}
    row = None
    per_parameter = not spec.training.plain  # states or ∂J/∂p beside each updated parameter
    for q in display_order(solution):
        task = task_of(q, spec, ask)
        if task is None or numbers[task] is None:
            continue
        entries = by_task.setdefault(task, [])
        own = summary_row(q, per_parameter)
        newline, hard, row = own != row, row is None or own[:3] != row[:3], own
        headline = q.kind in ("loss", "sample_loss") or (q.layer == spec.depth and q.kind in ("activation", "output_delta"))
        entry = {"name": q.name, "symbol": p.symbol(q.name), "headline": headline, "newline": newline, "layer_starts": hard}
        if task == "new_forward" and spec.steps >= 2:  # the later steps in one section: each part headed
            entry["part"] = summary_part(q, spec)
            if entry["part"] != (entries[-1]["part"] if entries else None):  # its first value: the part's heading
                entry.update(heads=True, newline=True, layer_starts=True)
        entries.append(entry)
    if len(_ENTRIES) > 64:
        _ENTRIES.clear()
    _ENTRIES[key] = cached = [(task, numbers[task], entries) for task, entries in by_task.items()]
    return cached


def break_rows(entries: list[dict], columns: int) -> None:
    """Each layer (of a step and sample) begins a new line; within it a row (see `summary_row`) begins a
    new line when it does not fit in what is left of the current one: rows are never split
    needlessly, short ones share a line.  The first entry begins the grid, not a new line (False)."""
    position = 0
    for i, entry in enumerate(entries):
        if entry["newline"] and i:
            length = next((j for j in range(i + 1, len(entries)) if entries[j]["newline"]), len(entries)) - i
            entry["newline"] = position > 0 and (entry["layer_starts"] or position + length > columns)
            if entry["newline"]:
                position = 0
        position = (position + 1) % columns
    if entries:
        entries[0]["newline"] = False


_BROKEN: dict = {}  # (id of a task's kept entries, count, columns) -> (the kept entries, `break_rows`' newlines)


def broken_rows(entries: list[dict], columns: int, source: list | None) -> None:
    """`break_rows` of a section whose entries are `source`'s (kept by `summary_entries`: the same
    list for every variant of a sheet) and after them at most the fall of the loss (never a new line):
    which entries begin a line depends on their rows, layers and the columns only, so it is worked
    out once per (source, count, columns) and then set entry by entry."""
    if source is None:
        break_rows(entries, columns)
        return
    key = (id(source), len(entries), columns)
    known = _BROKEN.get(key)
    if known is None or known[0] is not source:
        break_rows(entries, columns)
        if len(_BROKEN) >= 1 << 10:
            _BROKEN.clear()
        _BROKEN[key] = (source, [entry["newline"] for entry in entries])
        return
    for entry, newline in zip(entries, known[1]):
        entry["newline"] = newline


def summary_part(quantity, spec) -> tuple:
    """(part, step) of a later training step a value belongs to — the forward pass, the cost, the output
    layer, the hidden layers (of a batch: (part, step, sample or "mean")), the update — or ("final_forward",
    None): the key's section of the steps after the first heads each (a 2-step key ran them together in one
    grid: a new user's LOW of stop 63)."""
    kind, step = quantity.kind, quantity.step
    if kind in _UPDATED or kind in _TRAINING:
        return "update", step - (kind in _UPDATED)
    if step > spec.steps:
        return "final_forward", None
    if kind in ("pre_activation", "activation"):
        return "forward", step
    if quantity.layer is None:  # the cost
        return "loss", step
    layer = "output_layer" if quantity.layer == spec.depth else "hidden_layers"
    if spec.samples > 1:  # a batch: each sample's δ and gradients, then the batch's mean gradients
        return layer, step, quantity.sample or "mean"
    return layer, step


_UPDATED = ("weight_update", "bias_update")  # p@t+1
_TRAINING = ("optimizer_state", "regularized_gradient")  # at step t, what p@t+1 is computed from


def summary_row(quantity, per_parameter: bool = False) -> tuple:
    """Values that share a row of the summary: one kind of one layer (a neuron's ∂L/∂w and its
    updated weights and bias: a row per neuron).  With an optimizer's states or ∂J/∂p
    (`per_parameter`) a parameter's values share a row (Adam: m, v, m̂, v̂, p@t+1 — flowed a neuron
    at a time into 4 columns, each parameter's drifted from line to line)."""
    kind, step = quantity.kind, quantity.step
    if kind in _UPDATED or kind in _TRAINING:  # v_w_00^2 (step 1) shares w_00^2@2's row
        kind, step = "update", step + (kind in _TRAINING)
    per_neuron = kind in ("weight_gradient", "update")
    sample = quantity.sample if quantity.layer is not None else None  # the losses of a batch share a row
    index = quantity.index if per_parameter and kind == "update" else quantity.index[0] if per_neuron else None
    return (step, sample, quantity.layer, kind, index)
