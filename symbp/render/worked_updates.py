"""Steps ⑥ and ⑧ of a worked solution and the table of later steps: a solution, its printed lines
and the Layout -> the data of the gradient-descent update (a line per parameter, or W^l and b^l
as matrices), of the parameter table, and of the sentence on the change of the cost.
"""

from __future__ import annotations

from fractions import Fraction

from .. import derivation_quantities as D
from .. import names
from ..formula import Ref, Sub
from ..training import OPTIMIZER_STATE, REGULARIZED_GRADIENT_KIND
from ..numbers import Shown, as_fraction, format_decimal, same_rounded
from .blocks import line_block
from .measure import TEXT_WIDTH_CM, math_em_cm, math_width_cm, near_em
from .rows import SURE
from .recheck import PrintedLine
from .update_matrix import matrix_update, update_block

TRAINING = (REGULARIZED_GRADIENT_KIND, OPTIMIZER_STATE)  # shown before each parameter's update

FALL = "#fall of the cost"  # the plan's key of L − L@T (when the direction needs guard digits)
FALL_DIGITS = 16  # the fall of the printed costs is written exactly up to this many significant digits


def updates(solution, lines, step: int, layout) -> list[dict]:
    spec = solution.spec
    out = []
    for l in range(spec.depth, 0, -1):
        quantities = _updated(solution.derivation.quantities, l, step)
        if layout.matrix_updates(l) and spec.training.plain:
            matrix = matrix_update(spec, lines, l, step, quantities)
            entry = {"l": l, "lines": [], "matrix": matrix}
            if lines.typeset:
                entry["block"] = update_block(l, step, matrix)
        else:
            entry = {"l": l, "lines": lines.lines_of(quantities), "matrix": None}
            if lines.typeset:
                entry["block"] = line_block(entry["lines"])
        out.append(entry)
    return out


_UPDATED: dict = {}  # (id of a derivation's quantities, layer, step) -> (the quantities, _updated's)


def _updated(quantities, l: int, step: int) -> list:
    """The quantities of layer l shown in the update of `step`, in order of computation (found once
    per derivation)."""
    entry = _UPDATED.get((id(quantities), l, step))
    if entry is None or entry[0] is not quantities:
        if len(_UPDATED) >= 1 << 12:
            _UPDATED.clear()
        entry = _UPDATED[(id(quantities), l, step)] = (quantities, [q for q in quantities if q.layer == l and (
            (q.step == step + 1 and q.kind in (D.WEIGHT_UPDATE, D.BIAS_UPDATE)) or (q.step == step and q.kind in TRAINING))])
    return entry[1]


def parameter_table(solution, lines) -> dict:
    """The loss and every parameter at every step, a row each (for --detail table and long runs)."""
    steps = list(range(1, solution.spec.steps + 2))
    return {"steps": steps, "rows": [{"name": lines.symbol(name), "cells": [lines.shown(key) for key in keys]}
                                     for name, keys in _table_keys(solution.derivation, len(steps))]}


_TABLE_KEYS: dict = {}  # (id of a derivation, steps) -> (derivation, _table_keys')


def _table_keys(derivation, steps: int) -> list:
    """[(name, its keys at steps 1 … steps)] of the loss and every parameter, found once per derivation."""
    entry = _TABLE_KEYS.get((id(derivation), steps))
    if entry is None or entry[0] is not derivation:
        params = [n for n in derivation.givens if names.kind_of(n) in (names.WEIGHT, names.BIAS)]
        if len(_TABLE_KEYS) >= 256:
            _TABLE_KEYS.clear()
        entry = _TABLE_KEYS[(id(derivation), steps)] = (derivation, [
            (name, [names.at_step(name, t) for t in range(1, steps + 1)]) for name in ["L", *params]])
    return entry[1]


def table_parts(table: dict, room: float = TEXT_WIDTH_CM - 0.5) -> list[dict]:
    """The table split into groups of steps (columns) that fit the text width, each with all rows (one
    group at once where the columns' widths, summed from nearly known widths with the margin SURE,
    surely fit: then no measured width could split it)."""
    name_cm = max(math_width_cm(row["name"]) for row in table["rows"]) + 0.6
    sure = name_cm
    for i in range(len(table["steps"])):
        sure += math_em_cm(max([near_em(row["cells"][i])[0] for row in table["rows"]]) * SURE) + 0.45
    if sure + _SURE_CM <= room:
        parts = [list(range(len(table["steps"])))]
    else:
        widths = [max(math_width_cm(row["cells"][i]) for row in table["rows"]) + 0.45 for i in range(len(table["steps"]))]
        parts, current, used = [], [], name_cm
        for i, width in enumerate(widths):
            if current and used + width > room:
                parts.append(current)
                current, used = [], name_cm
            current.append(i)
            used += width
        parts.append(current)
    return [{"steps": [table["steps"][i] for i in part],
             "rows": [{"name": row["name"], "cells": [row["cells"][i] for i in part]} for row in table["rows"]]}
            for part in parts]


_SURE_CM = 1e-6  # room left for the rounding of the sums above (far more than floats' ~1e-14 cm)


def cost_change(solution, lines, final_t: int) -> dict:
    """The sentence of step ⑧: the fall is the difference of the two printed costs, written exactly
    ("= 0.0144498957": a difference of two decimals terminates) up to FALL_DIGITS significant digits,
    else rounded to --digits ("≈")."""
    plan = lines.plan
    before_key, after_key = "L", names.name(names.LOSS, step=final_t)
    before, after = plan.shown(before_key), plan.shown(after_key)
    fall = before.value - after.value
    shown = _fall_shown(fall, lines.digits, before, after)
    below = _fall_below(solution, plan, fall)
    if below:  # the printed costs cannot show the change: its direction, from the exact costs
        return {"loss_before": lines.shown(before_key), "loss_after": lines.shown(after_key), "direction": below, "fall": "",
                "fell": below == "fell_below", "uneven": _uneven(solution, lines, final_t, below == "fell_below"),
                "approx": {**_costs_approx(plan, before_key, after_key), "fall": True}, "exact": None}
    if plan.frozen:
        lines.printed.append(PrintedLine(FALL, _fall_formula(before_key, after_key),
                                         {before_key: before, after_key: after}, shown, shown.rounded))
    note = None
    exact = plan.exact_values if plan.carried else solution.values
    exact_fall = as_fraction(exact[before_key]) - as_fraction(exact[after_key])
    written = fall
    if fall <= 0:  # the difference written is after − before (the cost rose, or stayed as printed): so is its note
        exact_fall, written = -exact_fall, -fall
    # (their rounded values, compared in integers, at --digits or the more digits the difference shows: 0.02560 −
    # 0.01723 = 0.00837 where it fell by 0.0083780, an exact key's summary printed "≈ 0.00837" — the print
    # hunter's MEDIUM of stop 56 —, a carried key's "by 0.507212" where it fell by 0.5071839; the note to as many)
    digits = max(lines.digits, _shown_digits(shown))
    if not same_rounded(exact_fall, written, digits):
        exact_shown = format_decimal(exact_fall, digits)
        note = {"text": lines.number(exact_shown), "approx": exact_shown.rounded}
    return {
        "loss_before": lines.shown(before_key),
        "loss_after": lines.shown(after_key),
        "fall": lines.symbolic.number(_fall_shown(abs(fall), lines.digits, before, after), parenthesize_negative=False),
        "fell": fall > 0,
        "direction": "fell" if fall > 0 else ("rose" if fall < 0 else "stayed"),
        "uneven": _uneven(solution, lines, final_t, fall > 0) if fall != 0 else None,
        "approx": {**_costs_approx(plan, before_key, after_key), "fall": shown.rounded},
        "exact": note,
        "carried": plan.carried,  # (exact mode: a note is the true fall, which a summary prints instead)
        "true": _is_true_fall(solution, before_key, after_key, fall),  # (a summary's fall: "=" only if so)
    }


def _is_true_fall(solution, before_key: str, after_key: str, fall) -> bool:
    """Whether the difference of the printed costs is the true fall (the exact costs' difference)."""
    before, after = solution.values[before_key], solution.values[after_key]
    return type(before) is Fraction and type(after) is Fraction and before - after == fall


def _uneven(solution, lines, final_t: int, fell: bool) -> dict | None:
    """Where the cost, which fell (or rose) from the first step to the last, turned the other way at a
    step between (momentum overshooting): {"t": that step, its printed cost and whether it is rounded}
    — the sentence says so — or None."""
    keys = [names.name(names.LOSS, step=t) for t in range(1, final_t + 1)]
    costs = [as_fraction(solution.values[key]) for key in keys]
    for t, (earlier, later) in enumerate(zip(costs, costs[1:]), start=1):
        if (later >= earlier) if fell else (later <= earlier):
            return {"t": t, "key": keys[t - 1], "symbol": lines.symbol(keys[0]), "cost": lines.shown(keys[t - 1]),
                    "approx": lines.printed_value(keys[t - 1])["approx"]}
    return None


def _costs_approx(plan, before_key: str, after_key: str) -> dict:
    """Whether each cost is stated "≈": a rounded value, not one printed with its digits that its
    line gives exactly (the calculator mode's `plan.copied`: "= 0.08250")."""
    return {"loss_before": plan.shown(before_key).rounded and before_key not in plan.copied,
            "loss_after": plan.shown(after_key).rounded and after_key not in plan.copied}


def _fall_formula(before_key: str, after_key: str) -> Sub:
    """before − after, one formula object per pair of keys (the recheck keeps what it compiles of a
    formula by the object: a worksheet's variants print the same one)."""
    formula = _FALL_FORMULAS.get((before_key, after_key))
    if formula is None:
        if len(_FALL_FORMULAS) >= 1 << 8:
            _FALL_FORMULAS.clear()
        formula = _FALL_FORMULAS[(before_key, after_key)] = Sub(Ref(before_key), Ref(after_key))
    return formula


_FALL_FORMULAS: dict = {}  # (before key, after key) -> Sub(Ref(before), Ref(after))


def _fall_shown(fall, digits: int, before: Shown, after: Shown) -> Shown:
    """The fall exactly when it has at most FALL_DIGITS significant digits — with at least the decimal
    places both printed costs have, as a subtraction on paper gives them (0.2984 − 0.2454 = 0.0530,
    not 0.053, which reads as a value of two digits; 0.0392 − 0.008450 = 0.03075) — else rounded to
    `digits`."""
    shown = format_decimal(fall, FALL_DIGITS)
    if shown.rounded:
        return format_decimal(fall, digits)
    unit = max(before.unit, after.unit)
    places = len(str(unit.denominator)) - 1 if unit.numerator == 1 else 0
    written = len(shown.text.partition(".")[2])
    if not fall or places <= written:
        return shown
    text = shown.text + ("" if written else ".") + "0" * (places - written)
    if len(text.lstrip("-").replace(".", "").lstrip("0")) > FALL_DIGITS:
        return shown
    return Shown(text, False)


def _shown_digits(shown: Shown) -> int:
    """The significant digits a printed number shows (a trailing zero counted: 0.0530 has 3); 0 shows 1."""
    return max(1, len(shown.text.lstrip("-").replace(".", "").lstrip("0")))


def _fall_below(solution, plan, printed_fall) -> str | None:
    """"fell_below"/"rose_below" where the plan gave up showing the direction (`plan.fall_below`:
    a stable-form cost changed by less than 16 digits show) and the printed costs do not show it."""
    if not plan.fall_below:
        return None
    final_key = names.name(names.LOSS, step=solution.spec.steps + 1)
    true_fall = as_fraction(solution.values["L"]) - as_fraction(solution.values[final_key])
    if (true_fall > 0) == (printed_fall > 0) and (true_fall < 0) == (printed_fall < 0):
        return None
    return "fell_below" if true_fall > 0 else "rose_below"


def fall_direction(solution, plan) -> None:
    """Exact mode: where the printed costs' difference has not the sign of the true fall (it
    fell by less than their rounding), give them guard digits until it has."""
    if plan.carried or plan.fall_below:
        return
    final_key = names.name(names.LOSS, step=solution.spec.steps + 1)
    true_fall = as_fraction(solution.values["L"]) - as_fraction(solution.values[final_key])
    printed_fall = plan.shown("L").value - plan.shown(final_key).value
    if (true_fall > 0) != (printed_fall > 0) or (true_fall < 0) != (printed_fall < 0):
        plan.values[FALL] = true_fall
        plan.reopen(FALL, Sub(Ref("L"), Ref(final_key)))
