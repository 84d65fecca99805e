"""A softmax layer's lines in a worked solution (worked_forward.py's forward pass prints them): e^{z_j},
their sum and each a_j = e^{z_j} / Σ_i e^{z_i}, whatever the numbers; in the calculator mode e^{z} and the
sum written with as many more digits as every a_j needs to follow from them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from .. import derivation_quantities as D
from ..activations import ACTIVATIONS
from ..formula import EXP, Add, Apply, Div, Ref
from ..numbers import as_fraction
from .plan import GUARD_DIGITS, Relation
from .quantity_notation import exp_key, sum_of_exp_key
from .selection import of_solution


def softmax_values(lines, zs, acts) -> tuple[list[str], str]:
    """The keys of e^{z_j} and of their sum, with their values in the plan: e^{z_j} of every
    printed z_j, the sum of the e^{z_j} (in the calculator mode of the printed ones).  In the
    calculator mode e^{z} and the sum are written with SOFTMAX_EXTRA_DIGITS more digits (as many
    more as a_j needs to follow from them)."""
    plan = lines.plan
    exps = [exp_key(q.name) for q in zs]
    total = sum_of_exp_key(zs[0].name)
    if total not in plan.values:
        for q, key in zip(zs, exps):
            plan.values[key] = _exp(as_fraction(plan.values[q.name]))
        if plan.carried:
            _fit_carried(plan, exps, total, acts)
        else:
            plan.values[total] = sum((plan.values[key] for key in exps), Fraction(0))
    return exps, total


def planned_softmax_values(solution, plan, layout) -> None:
    """Put into `plan` what the forward passes' `softmax_values` put there, in their order (every softmax
    layer of every sample of every step printed, and of the final forward pass): for a pass printed
    with planned lines and no first pass (worked._replayed).  A softmax layer's values are its z's
    (the plan's) and, in the calculator mode, the digits that make its a follow: never the other lines'."""
    spec = solution.spec
    softmax = [l for l, layer in enumerate(spec.layers, start=1) if not ACTIVATIONS[layer.activation].elementwise]
    if not softmax:
        return
    holder = _PlanOnly(plan)
    for step in [t for t in range(1, spec.steps + 1) if layout.full(t)] + [spec.steps + 1]:
        for s in range(1, spec.samples + 1):
            smp = s if spec.batch else None
            for l in softmax:
                softmax_values(holder, of_solution(solution, D.PRE_ACTIVATION, step, smp, l),
                               of_solution(solution, D.ACTIVATION, step, smp, l))


class _PlanOnly:
    """What `softmax_values` reads of a Lines: its plan."""

    __slots__ = ("plan",)

    def __init__(self, plan):
        self.plan = plan


def softmax_lines(lines, zs, acts) -> list[dict]:
    """A softmax layer as a student works it out: e^{z_j}, their sum, a_j = e^{z_j} / Σ_i e^{z_i}."""
    exps, total = softmax_values(lines, zs, acts)
    powers, sum_of, shares = _softmax_quantities(zs, acts, exps, total)
    out = []
    for q in powers:
        line = lines.line(q, kept=True)
        line["symbolic"], line["substituted"] = line["substituted"] or line["symbolic"], None  # e^{z} = e^{0.3} ≈ …
        line.pop("rows", None)  # (rows made with the line are of its parts before this: blocks.line_rows makes them)
        line.pop("rows_text", None)
        out.append(line)
    out.append(lines.line(sum_of, kept=True))
    out += [lines.line(q, kept=True) for q in shares]
    return out


def _softmax_quantities(zs, acts, exps: list[str], total: str) -> tuple:
    """The quantities of a softmax layer's lines: e^{z_j}, their sum, a_j = e^{z_j} / Σ_i e^{z_i}; made
    once for a derivation's zs and acts (kept in the entry: their ids stay their own), so that they are
    the same objects in every variant (`Lines.line`'s `kept`: printed by compiled programs)."""
    key = (tuple(map(id, zs)), tuple(map(id, acts)), tuple(exps), total)
    entry = _SOFTMAX_QUANTITIES.get(key)
    if entry is None or any(a is not b for a, b in zip(entry[0], (*zs, *acts))):
        layer, smp, step = zs[0].layer, zs[0].sample, zs[0].step
        powers = [D.Quantity(key_, q.kind, Apply(EXP, (Ref(q.name),)), layer, (j,), smp, step)
                  for j, (q, key_) in enumerate(zip(zs, exps))]
        sum_of = D.Quantity(total, zs[0].kind, Add(tuple(Ref(k) for k in exps)), layer, (), smp, step)
        shares = [replace(q, formula=Div(Ref(key_), Ref(total))) for q, key_ in zip(acts, exps)]
        if len(_SOFTMAX_QUANTITIES) >= 1 << 10:
            _SOFTMAX_QUANTITIES.clear()
        entry = _SOFTMAX_QUANTITIES[key] = ((*zs, *acts), (powers, sum_of, shares))
    return entry[1]


_SOFTMAX_QUANTITIES: dict = {}  # (ids of zs, ids of acts, e^z keys, sum key) -> (zs and acts, their lines' quantities)


SOFTMAX_EXTRA_DIGITS = 2


def _fit_carried(plan, exps: list[str], total: str, acts) -> None:
    """Calculator mode: the fewest extra digits of e^{z} and Σ with which every printed a_j
    (the carried softmax) follows from them within a unit of its last digit."""
    for extra in range(SOFTMAX_EXTRA_DIGITS, GUARD_DIGITS + 1):
        for key in exps + [total]:
            plan.fixed[key] = plan.digits + extra
            plan._shown.pop(key, None)
        plan.values[total] = sum((plan.shown(key).value for key in exps), Fraction(0))
        plan._shown.pop(total, None)
        if all(plan.holds(Relation(q.name, Div(Ref(key), Ref(total)))) for q, key in zip(acts, exps)):
            return


def _exp(z: Fraction) -> Fraction:
    """e^z to 60 significant digits, as a Fraction (enough for every printed digit)."""
    ctx = _EXP_CONTEXT.get("ctx")
    if ctx is None:  # (made once: an mpmath context takes milliseconds to make)
        import mpmath

        ctx = _EXP_CONTEXT["ctx"] = mpmath.MPContext()
        ctx.dps = 70
    return Fraction(Decimal(ctx.nstr(ctx.exp(ctx.mpf(z.numerator) / z.denominator), 60)))


_EXP_CONTEXT: dict = {}  # "ctx" -> the 70-digit mpmath context of _exp (its own: nothing else sets its precision)
