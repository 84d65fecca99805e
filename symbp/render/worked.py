"""A verified Solution -> the data of a worked solution -> text, Markdown or LaTeX.

`solution_context` arranges the quantities in the reference document's steps (① forward pass,
② cost, ③ formulas, ④ output layer, ⑤ hidden layers, ⑥ update, ⑦ forward pass again, ⑧ new
cost) as plain data: every line holds its math already printed (symbolic, substituted, result)
by `printers.py`.  The parts: worked_forward.py (givens, ①②⑦; a softmax layer's lines in
worked_softmax.py), worked_formulas.py (③),
worked_backward.py (④⑤), worked_updates.py (⑥⑧, the table); for LaTeX and Markdown each layer is
also one aligned block whose rows are decided from measured widths (blocks.py, rows.py).  The
templates in templates/<format>/ hold all prose and layout.

It is built twice: the first pass collects the printed lines, from which `plan.DisplayPlan`
decides every printed number (guard digits, see plan.py); the second prints them.  Which lines
are printed depends on the architecture and the options, not on the numbers: a worksheet's later
variants are printed in one pass planned with the first one's lines (`_replayed`, which falls back
to two passes should they print other lines; a softmax layer's e^z and their sum, which the first
pass puts into the plan, are put there first).  Every printed line is then re-evaluated from its
printed numbers by `recheck.py` (exit 3 on a disagreement).
"""

from __future__ import annotations

from ..errors import VerificationError
from ..i18n import current
from ..layout import Layout
from ..tasks import TASKS, task_numbers
from .answer_key import padded_names
from .lazy import LazyList, LazyMapping
from .lines import Lines
from .network import network_drawing
from .plan import ONE_UNIT, DisplayPlan
from .plan_replay import prefill
from .readback import read_back
from .recheck import recheck
from .shown import shown_values
from .stable_loss import stable_for_refused, stable_for_spread
from .templates import render_template
from .worked_backward import backward
from .worked_formulas import general_formulas
from .worked_forward import given, forward
from .worked_softmax import planned_softmax_values
from .worked_training import penalty, regularized_change, training_given
from .worked_updates import FALL, cost_change, fall_direction, parameter_table, table_parts, updates

_Lines = Lines  # the name other modules import (export/view.py)


def _display_plan(solution, digits: int) -> DisplayPlan:
    """The values shown (the carried ones in the calculator mode) and the exact ones."""
    exact = {**solution.givens, **solution.values}
    shown = solution.carried
    if shown is None:
        plan = DisplayPlan(exact, digits)
        plan.givens = frozenset(solution.givens)
        return plan
    plan = DisplayPlan({**shown.givens, **shown.values}, digits, rounded=set(shown.rounded), exact_values=exact)
    if digits == shown.round_to:  # values not the exact ones, with their digits (answer_key.padded_names)
        plan.copied.update(padded_names(solution))
    return plan


def _context(solution, report, digits: int, layout: Layout, fmt: str, marks, plan: DisplayPlan):
    spec = solution.spec
    lines = Lines(solution, fmt, digits, marks, plan)
    steps = []
    for t in range(1, spec.steps + 1):
        full = layout.full(t)
        steps.append({
            "t": t,
            "full": full,  # later steps not in full appear only in the table
            "forward": forward(solution, lines, t, layout) if full else None,
            "backward": backward(solution, lines, t, layout) if full else None,
            "updates": updates(solution, lines, t, layout) if full else None,
            "penalty": penalty(solution, lines, t) if full else None,
        })
    final_t = spec.steps + 1
    final = {"t": final_t, "forward": forward(solution, lines, final_t, layout), **cost_change(solution, lines, final_t),
             "penalty": penalty(solution, lines, final_t), "regularized": regularized_change(solution, lines, final_t)}
    table = parameter_table(solution, lines)
    show_table = layout.show_table
    context = {
        "title": spec.title,  # None: the templates head it with the network (network.heading)
        "show_title": True,  # an answer key that prints its own header sets this to False
        "fmt": fmt,
        "digits": digits,
        "mode": solution.mode,
        "guard_digits": any(p > digits for p in plan.precision.values()),
        "rounded_values": any(shown.rounded for shown in plan.printed_numbers()),
        # symbp's text and Markdown templates read none of the drawing (a 64x12 network's ~196 k edge dicts,
        # 23 MB held to the end, issue 16), a course's template may; LaTeX's is built at once (its memo keeps a
        # plain dict's skeleton per architecture)
        "network": network_drawing(solution, lines) if fmt == "tex" else LazyMapping(network_drawing, solution, lines),
        "given": given(solution, lines),
        "training": training_given(solution, lines),
        "formulas": general_formulas(solution, lines),
        "steps": steps,
        "final": final,
        "table": table,
        # (split to the page where it is shown; else only if a course's template reads it)
        "table_parts": None if fmt == "text" else table_parts(table) if show_table else LazyList(table_parts, table),
        "show_table": show_table,
        "verified": None if report is None else {
            "quantities": report.quantities, "finite_differences": report.finite_differences,
            "symbolic": report.symbolic, "kinks_skipped": report.kinks_skipped,
            "fd_directions": report.finite_difference_directions,
            "of_exact": report.approximates_exact, "symbolic_updates": report.symbolic_updates,
            "finite_differences_of_j": report.finite_differences_of_j,
            "directions_of_j": report.directions_of_j, "penalty_differences": report.penalty_differences,
        },
        "marks": bool(marks),
        # the number of each step's heading (None: no number); a worksheet's key numbers the asked tasks
        "step_numbers": task_numbers(TASKS, solution.spec.depth),
    }
    # name -> printed value (and, with a carried key, the exact one where it differs: the summaries show both)
    context["shown"] = shown_values(solution, lines.summary_values)
    # a line printed "≈†", held to one unit of its last digit (plan.fallbacks): the legend says what it means
    context["one_unit"] = bool(plan.fallbacks) and any([line.approx == ONE_UNIT for line in lines.printed])
    return lines, context


def solution_context(solution, report=None, digits: int = 4, detail: str = "auto", fmt: str = "tex",
                     marks: dict | None = None) -> dict:
    """The data of a worked solution (see the module docstring); every printed line rechecked."""
    layout = Layout(solution.spec, detail, carried=solution.carried is not None)
    key = _structure_key(solution, digits, detail, fmt, marks)
    planned = _PLANNED_LINES.get(key) if key is not None else None
    if planned is not None:
        try:
            context = _replayed(solution, report, digits, layout, fmt, *planned)
        except VerificationError:  # decided by the two passes below, which raise it if it holds
            context = None
        if context is not None:
            return context
    plan, collected = _solved_plan(solution, report, digits, layout, fmt, marks)
    lines, context = _context(solution, report, digits, layout, fmt, marks, plan)
    if key is not None and not plan.stable_losses:
        if len(_PLANNED_LINES) >= _PLANNED_MAX:
            _PLANNED_LINES.clear()
        _PLANNED_LINES[key] = (collected, (tuple(plan._shown), tuple(plan._notes)))  # (printed, noted: plan_replay.py)
    recheck(lines.printed, solution.spec)
    read_back(context, lines.printed, solution.spec, fmt)  # the text each line puts into the document
    return context


def _solved_plan(solution, report, digits: int, layout: Layout, fmt: str, marks) -> tuple[DisplayPlan, list]:
    """The plan solved and the lines its first pass collected; a loss line that cannot follow from the printed a
    (σ with bce near 0 or 1) is planned again in its stable form from the printed z."""
    # the calculator mode's loss and δ computed from z (stable_bce.py) are printed so from the start
    stable = frozenset(solution.carried.stable) if solution.carried is not None else frozenset()
    fall_below = False
    first = None  # the a-form's refusal: what is reported if the stable form cannot help either
    last_try = False  # solve's last try (plan_grow.WIDE_GUARD_DIGITS), once nothing else helps
    spread = None  # the last plan solved with every line held to one unit, while a stable form is tried (stable_for_spread)
    while True:
        plan = _display_plan(solution, digits)
        plan.stable_losses, plan.fall_below, plan.last_try = stable, fall_below, last_try
        _context(solution, report, digits, layout, fmt, marks, plan)  # collects the printed lines
        collected = list(plan.relations)
        solved = False
        try:
            plan.solve()
            solved = True
            fall_direction(solution, plan)
            if more := stable_for_spread(solution, plan, stable):  # every line held to one unit: a stable form first
                stable, spread = stable | more, (plan, collected)
                continue
            plan.solved()  # (what only solving reads, let go before the printing pass)
            return plan, collected
        except VerificationError as error:
            if first is None:
                first, first_line = error, plan.refused
            # the fall said in words, not in digits: where its own line needs more than 16 digits, or where
            # its guard digits (on L and L@T) are more than a stable-form cost's line can follow
            if (plan.refused == FALL or (solved and stable)) and not fall_below:
                fall_below = True
            elif not (more := stable_for_refused(solution, plan, stable)):
                if last_try and spread is not None:  # the stable form did not help: every line to one unit, as solved
                    spread[0].solved()
                    return spread
                if last_try:  # the a-form's refusal, unless a stable form took its line and another one blocks
                    raise (error if first_line in stable else first) from None
                last_try = True
            else:
                stable = stable | more


# The first pass only collects which lines are printed (plan.relations).  Which lines those are
# depends on the architecture and the options, not on the numbers, so a worksheet's variants
# reuse the first variant's: each later variant is printed in one pass, which records the lines
# it prints, and is printed again in two passes should they differ from the ones planned with.
_PLANNED_LINES: dict = {}  # structure key -> (the planned relations in order, (the keys its two passes printed,
_PLANNED_MAX = 64          # those they noted): plan_replay.prefill)


def _structure_key(solution, digits: int, detail: str, fmt: str, marks) -> tuple | None:
    """What the printed lines depend on besides the numbers; None: no reuse (`check`'s marks).  A
    softmax layer prints e^{z_j}, their sum and each a_j whatever the numbers (worked_softmax.py):
    the values its first pass puts into the plan are put there by `planned_softmax_values`."""
    if marks:
        return None
    return (solution.derivation.architecture, digits, detail, fmt, solution.carried is not None, solution.mode,
            current().code)


def _replayed(solution, report, digits: int, layout: Layout, fmt: str, planned: list, printed: tuple) -> dict | None:
    """The context printed in one pass with `planned` lines, or None when it printed others; `printed`: the
    keys the two passes printed and noted (their numbers worked out at once, plan_replay.prefill)."""
    plan = _display_plan(solution, digits)
    plan.relations = dict(zip(planned, planned))  # (each relation as recorded: DisplayPlan.record)
    planned_softmax_values(solution, plan, layout)  # (what a first pass would have put into the plan)
    plan.solve()
    fall_direction(solution, plan)
    if stable_for_spread(solution, plan, plan.stable_losses):  # every line held to one unit: the two passes try a stable form
        return None
    plan.replayed = {}
    prefill(plan, *printed)
    lines, context = _context(solution, report, digits, layout, fmt, None, plan)
    if list(plan.replayed) != planned:
        return None
    recheck(lines.printed, solution.spec)
    read_back(context, lines.printed, solution.spec, fmt)
    return context


def _render(fmt: str, template: str, solution, report, digits=4, detail="auto", templates_dir=None, marks=None, **_):
    context = solution_context(solution, report, digits=digits, detail=detail, fmt=fmt, marks=marks)
    return render_template(template, templates_dir, **context)


def render_text(solution, report=None, **options) -> str:
    return _render("text", "text/solution.txt.jinja", solution, report, **options)


def render_markdown(solution, report=None, **options) -> str:
    return _render("md", "md/solution.md.jinja", solution, report, **options)


def render_latex(solution, report=None, **options) -> str:
    return _render("tex", "tex/solution.tex.jinja", solution, report, **options)
