"""The loss (and the output δ) of a sigmoid output with binary cross-entropy, of a softmax or sigmoid
output with cross-entropy (stable_ce.py), or of a softmax or sigmoid output with a squared error
(stable_sse.py), in its numerically stable form, for a line whose a-form cannot be made to follow from
printed numbers (an output within ~10^−7 of 0 or 1: no a printed with up to 16 digits gives
log(1 − a); a softmax or sigmoid output within ~10^−14 of 1: no a printed with up to 16 digits gives
1 − a, which the sigmoid's form takes as 1/(1 + e^z)).

In:  a solution and its loss quantity (one sample's, or the loss of a single sample) or output δ.
Out: the same quantity with the textbook's form over the printed pre-activations z_j
     (stable_bce.stable_formula), −[y ln a + (1 − y) ln(1 − a)] = ln(1 + e^−z) + (1 − y)·z
     (z ≥ 0), ln(1 + e^z) − y·z (z < 0); δ = (1 − y) − 1/(1 + e^z), 1/(1 + e^−z) − y.
"""

from __future__ import annotations

from dataclasses import replace

from .. import derivation_quantities as D
from ..stable_forms import stable_formula, stable_kind

def has_stable_form(solution, key: str) -> bool:
    """Whether `key` is a loss or output-δ line that this module can write in the stable form, or an
    f'(z) written through the output a (σ' = a(1 − a), tanh' = 1 − a²) that can be written at z instead."""
    q = solution.derivation.by_name.get(key)
    if q is not None and q.kind == D.ACTIVATION_DERIVATIVE:
        return through_output(solution, q)
    return q is not None and stable_formula(solution.spec, q, solution.values.__getitem__) is not None


def through_output(solution, q: D.Quantity) -> bool:
    """Whether the f'(z) quantity `q` is written through its activation's output a (σ' = a(1 − a)):
    an a within ~10^−16 of the activation's bound (σ(50) = 1 − 2·10^−22) cannot give it from its
    printed digits, and its line is then written at the printed z, f'(z_j^l) = σ'(50.1), as f'
    of an activation without such a form is (worked_backward._derivative_lines)."""
    from ..activations import ACTIVATIONS

    return ACTIVATIONS[solution.spec.layers[q.layer - 1].activation].output_form is not None


def _formula(solution, q: D.Quantity):
    return stable_formula(solution.spec, q, solution.values.__getitem__)


def stable_loss(solution, q: D.Quantity, step: int, smp) -> D.Quantity:
    """The loss quantity `q` written from the printed z_j (see the module docstring)."""
    return replace(q, formula=_formula(solution, q), chain=None, unsimplified=None)


def stable_delta(solution, q: D.Quantity, shown: D.Quantity) -> D.Quantity:
    """The output δ_j from the printed z_j, where a − y cannot follow from a printed a.
    `shown`: δ as the worked solution writes it otherwise (kept as the line above)."""
    return replace(shown, formula=_formula(solution, q), unsimplified=shown.formula)


def stable_context(solution, plan, step: int) -> dict:
    """What the sentence on the stable form says for a step: whether a loss or output δ of it is
    written in the stable form ("stable"), an output δ ("stable_delta": the sentence says δ too),
    a loss ("stable_cost"), and which identity it states ("stable_form")."""
    by_name = solution.derivation.by_name
    kinds = {by_name[key].kind for key in plan.stable_losses if by_name[key].step == step}
    return {"stable": bool(kinds - {D.ACTIVATION_DERIVATIVE}), "stable_delta": D.OUTPUT_DELTA in kinds,
            "stable_cost": bool(kinds & {D.LOSS, D.SAMPLE_LOSS}), "stable_form": stable_kind(solution.spec)}


def stable_for_refused(solution, plan, stable: frozenset) -> frozenset:
    """The keys to write in the stable form next after `plan.refused` could not be made to follow
    (none: nothing can help).  The refused key itself where it has such a form; else the lines
    after it that have one and that its most digits cannot bring within one unit: the line that
    asked it for digits it cannot have (−ln a_k with a_k = 1 − 3·10^−118 asks a_k and its e^z for
    ever more, ln(1 − a) of a printed a = 1.000 asks every a of its line in turn)."""
    key = plan.refused
    if key is None or key in stable:
        return frozenset()
    if has_stable_form(solution, key):
        return frozenset({key})
    users: dict = {}
    for relation in plan.relations:
        for name in relation.inputs:
            users.setdefault(name, []).append(relation)
    seen, pending, found = {key}, [key], set()
    while pending:
        for relation in users.get(pending.pop(), ()):
            if relation.result in seen:
                continue
            seen.add(relation.result)
            pending.append(relation.result)
            if relation.result not in stable and has_stable_form(solution, relation.result) and _out_of_reach(plan, relation):
                found.add(relation.result)
    return frozenset(found) or _demanding(solution, plan, stable)


def stable_for_spread(solution, plan, stable: frozenset) -> frozenset:
    """`stable_for_refused` of a solved plan that held every line to one unit (`plan.spread_from`:
    the line out of reach then, and which line asked each key for its digits): a σ' or tanh' = 1 − a²
    of a saturated a that no printed a gives (rep_sat: 1 − 0.9999999999996611²) written at z rather
    than every line of the document printed "≈†" (none: the plan stays as solved)."""
    if plan.spread_from is None:
        return frozenset()
    kept = plan.refused, plan.raised_by
    plan.refused, plan.raised_by = plan.spread_from
    try:
        return stable_for_refused(solution, plan, stable)
    finally:
        plan.refused, plan.raised_by = kept


def _demanding(solution, plan, stable: frozenset) -> frozenset:
    """The lines with a stable form that asked `plan.refused` for its guard digits (the chain of
    demands, plan_reach.py), where none is out of reach itself: δ = Σ (a − y)·a·(1 − a) within one
    unit with a printed to 15 digits asks a_k = e^(z_k)/Σ for 17 and a_k its e^(z_k) for more than
    its z give."""
    from .plan_links import links
    from .plan_reach import demand_chain

    source = links(tuple(plan.relations))[1]
    return frozenset(line.result for line in demand_chain(plan, plan.refused, source)
                     if line.result not in stable and has_stable_form(solution, line.result))


def _out_of_reach(plan, relation) -> bool:
    """Whether the line is more than one unit off (or undefined) with every rounded input printed to the
    most digits a number gets (plan.GUARD_DIGITS beyond --digits)."""
    from ..formula_values import evaluate_formula
    from ..numbers import as_fraction, format_decimal
    from .plan import GUARD_DIGITS
    from .relations import tolerance

    env = {}
    for name in relation.inputs:
        shown = plan.shown(name)
        env[name] = format_decimal(plan.values[name], plan.digits + GUARD_DIGITS).value if shown.rounded else shown.value
    try:
        value = as_fraction(evaluate_formula(relation.formula, env, exact=False))
    except (ArithmeticError, ZeroDivisionError):
        return True
    result = plan.shown(relation.result)
    return abs(value - result.value) > tolerance(result, plan.digits)
