"""The room to write each task of a worksheet variant: a verified variant -> its asked tasks with
their writing space (render/sheet.py re-exports `sheet_tasks`; tex/worksheet-tasks.tex.jinja prints it).

    task_of(quantity, spec, ask)  the asked task that asks for a quantity, or None
    sheet_tasks(...)              the asked tasks of one variant: name, number, count, space

The writing space of a task is measured from its part of the key: every quantity it asks for is
written by hand as its name, the numbers its formula takes and its result, in handwriting about
HAND_SCALE times as wide as 11 pt type, on lines LINE_CM apart (at least half a line each).
"""

from __future__ import annotations

import math
from ..formula import refs
from ..fraction_kept import kept_by_value
from ..i18n import current, current_code
from ..tasks import TASKS
from .measure import TEXT_HEIGHT_CM, TEXT_WIDTH_CM, text_width_cm
from .printers import printer

HAND_SCALE = 1.8
LINE_CM = 0.85
TASK_MARGIN_CM = 1.0
MIN_SPACE_CM = 2.5
MAX_SPACE_CM = 3 * TEXT_HEIGHT_CM  # a task longer than three pages is not a task for one sheet
OPERATOR_CM = 0.45  # "·", "+" and the spaces around them, in 11 pt type
FORMULA_LINE = 1.5  # a general formula (fractions, sums) takes this many lines
BODY_PT = 11.0
REPEATED_TASKS = ("forward", "loss", "output_layer", "hidden_layers", "update")  # what each later step repeats


def task_of(quantity, spec, ask) -> str | None:
    """The asked task that asks for a quantity, or None."""
    return next((t for t in ask if TASKS[t](quantity, spec.depth, spec.steps)), None)


_TASKS_OF: dict = {}


def _tasks_of(derivation, spec, ask: tuple) -> list:
    """task_of of every quantity of the derivation (the same for every variant of a sheet)."""
    key = (derivation.architecture, spec.depth, spec.steps, ask)
    tasks = _TASKS_OF.get(key)
    if tasks is None:
        if len(_TASKS_OF) > 64:
            _TASKS_OF.clear()
        tasks = _TASKS_OF[key] = [task_of(q, spec, ask) for q in derivation.quantities]
    return tasks


def _hand_lines(width_cm: float) -> float:
    """The lines a quantity written by hand takes: its symbol, its numbers and operators `width_cm` wide."""
    return max(0.5, math.ceil(2 * HAND_SCALE * width_cm / TEXT_WIDTH_CM) / 2)


_WRITTEN: dict = {}


def _written(solution, ask: tuple, p) -> tuple:
    """What a sheet's variants write by hand: per asked quantity (task, name, the width of its
    symbol, the names its formula takes), every name whose number is written (each once), the
    lines of each task from those numbers' widths (`_lines_function`) and the quantities of each
    task: the same for every variant of one architecture, tasks and locale."""
    derivation, spec = solution.derivation, solution.spec
    key = (derivation.architecture, spec.depth, spec.steps, ask, current().code)
    written = _WRITTEN.get(key)
    if written is None:
        quantities = [(task, q.name, text_width_cm(p.symbol(q.name), BODY_PT), tuple(refs(q.formula)))
                      for q, task in zip(derivation.quantities, _tasks_of(derivation, spec, ask)) if task is not None]
        numbers = tuple(dict.fromkeys(name for _, own, _, names in quantities for name in (own, *names)))
        if len(_WRITTEN) > 64:
            _WRITTEN.clear()
        counts = {}
        for task, *_ in quantities:
            counts[task] = counts.get(task, 0) + 1
        written = _WRITTEN[key] = (quantities, numbers, _lines_function(quantities, numbers), counts)
    return written


_COMPILED_MOST = 4000  # quantities, and names of one formula: more are summed by the loop (a long source compiles slowly)


def _lines_function(quantities: list, numbers: tuple):
    """A function of the numbers' widths (in `numbers`' order) -> {task: its lines}: the sums of
    `sheet_tasks`' loop written out, with the same additions in the same order (so the same floats),
    compiled once per architecture; None for a sheet too big to be worth it (the loop sums it)."""
    if len(quantities) > _COMPILED_MOST or any(len(names) > 100 for *_, names in quantities):
        return None
    index = {name: i for i, name in enumerate(numbers)}
    tasks = {task: i for i, task in enumerate(dict.fromkeys(task for task, *_ in quantities))}
    source = ["def lines_of(n):"] + [f" t{i} = 0.0" for i in tasks.values()]
    for task, name, symbol_cm, names in quantities:
        width = f"({symbol_cm!r} + n[{index[name]}] + _TWO_OPERATORS)"
        for other in names:
            width = f"({width} + (n[{index[other]}] + _OPERATOR))"
        source.append(f" t{tasks[task]} += _max(0.5, _ceil(_HAND * {width} / _WIDTH) / 2)")
    source.append(" return {" + ", ".join(f"{task!r}: t{i}" for task, i in tasks.items()) + "}")
    namespace = {"_max": max, "_ceil": math.ceil, "_HAND": 2 * HAND_SCALE, "_WIDTH": TEXT_WIDTH_CM,
                 "_TWO_OPERATORS": 2 * OPERATOR_CM, "_OPERATOR": OPERATOR_CM}
    exec(compile("\n".join(source), "<sheet_tasks lines>", "exec"), namespace)  # noqa: S102 (our own numbers only)
    return namespace["lines_of"]


def _formula_lines(spec) -> float:
    """δ^L, δ^l (with two or more layers), ∂L/∂w, ∂L/∂b (with biases), each activation's f'."""
    count = 1 + (1 if spec.depth >= 2 else 0) + 1 + (1 if any(l.has_bias for l in spec.layers) else 0)
    count += len({(l.activation, l.negative_slope) for l in spec.layers})
    return count * FORMULA_LINE


def sheet_tasks(solution, ask, numbers: dict, digits: int) -> list[dict]:
    """The asked tasks of one variant: name, number, count (quantities asked) and space (cm)."""
    spec = solution.spec
    p = printer("tex", digits=digits)
    lines = {task: 0.0 for task in ask}
    count = {task: 0 for task in ask}
    quantities, written, lines_of, counts = _written(solution, tuple(ask), p)
    values = {**solution.givens, **solution.values}  # (a value's name: the value, else the given)
    widths = _number_widths(list(map(values.__getitem__, written)), p, digits)  # (each once: several formulas use it)
    if lines_of is not None:
        lines.update(lines_of(widths))
    else:
        number_cm = dict(zip(written, widths))
        for task, name, symbol_cm, names in quantities:
            width = symbol_cm + number_cm[name] + 2 * OPERATOR_CM
            for other in names:
                width += number_cm[other] + OPERATOR_CM
            lines[task] += _hand_lines(width)
    count.update(counts)
    if "formulas" in lines:
        lines["formulas"] = _formula_lines(spec)
    if "new_loss" in lines:
        lines["new_loss"] += 1  # by how much it fell
    return [{"name": task, "number": numbers[task], "count": count[task],
             "space": f"{min(_cap(task, ask, spec.steps), max(MIN_SPACE_CM, TASK_MARGIN_CM + lines[task] * LINE_CM)):.1f}cm"}
            for task in ask if numbers[task] is not None]


def _number_widths(numbers: list, p, digits: int) -> list[float]:
    """text_width_cm(p.number(value), BODY_PT) of each value, kept per value (`kept_by_value`) for
    what else decides its printed text: the digits and the locale (p is the tex printer of
    `digits`): most of a sheet's numbers recur (the grid's givens, 0, 1, a dead neuron's)."""
    key = (digits, current_code())
    known = _WIDTHS.get(key)
    if known is None:
        if len(_WIDTHS) >= 16:
            _WIDTHS.clear()
        known = _WIDTHS[key] = {}
    return kept_by_value(numbers, known, lambda value: text_width_cm(p.number(value), BODY_PT))


_WIDTHS: dict = {}  # (digits, locale) -> {(numerator, denominator): the printed width of that Fraction in the tex printer}


def _cap(task: str, ask, steps: int) -> float:
    """The most room a task gets: MAX_SPACE_CM for each task it stands for.  The later training
    steps (new_forward) repeat the first step's asked tasks for each step 2 … T, then the final
    forward pass: three pages for the whole of step 2 left it ~60 % of the room step 1's same
    values had."""
    if task != "new_forward":
        return MAX_SPACE_CM
    repeated = sum(1 for t in ask if t in REPEATED_TASKS)
    return MAX_SPACE_CM * (1 + repeated * max(0, steps - 1))
