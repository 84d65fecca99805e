"""The loss (and the output δ) of a sigmoid output with binary cross-entropy in its numerically stable form, for a
loss line whose a-form cannot be made to follow from printed numbers (an output within ~10^−7 of
0 or 1: no a printed with up to 16 digits gives log(1 − a)).

In:  a solution and its loss quantity (one sample's, or the loss of a single sample).
Out: the same quantity with the textbook's form over the printed pre-activations z_j,
         −[y ln a + (1 − y) ln(1 − a)] = ln(1 + e^−z) + (1 − y)·z     (z ≥ 0)
                                        = ln(1 + e^z) − y·z           (z < 0),
     averaged over the outputs as the loss is (1/n·Σ_j); or None where the loss has no such form.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from .. import derivation as D
from .. import names
from ..formula import EXP, LOG, Add, Apply, Const, Div, Mul, Neg, Ref, Sub
from .selection import of_solution

ONE = Const(Fraction(1))


def has_stable_form(solution, key: str) -> bool:
    """Whether `key` is a loss or output-δ line that this module can write in the stable form."""
    spec = solution.spec
    if spec.loss != "bce" or spec.layers[-1].activation != "sigmoid":
        return False
    q = solution.derivation.by_name.get(key)
    return q is not None and q.kind in (D.SAMPLE_LOSS if spec.batch else D.LOSS, D.OUTPUT_DELTA)


def stable_delta(solution, q: D.Quantity, shown: D.Quantity) -> D.Quantity:
    """The output δ_j = (1/n)·(a_j − y_j) of a sigmoid with bce from the printed z_j, where a − y
    cannot follow from a printed a: (1 − y) − 1/(1 + e^z) (z ≥ 0), 1/(1 + e^−z) − y (z < 0).
    `shown`: δ as the worked solution writes it otherwise (its (1/n)·(a − y) stays the line above)."""
    j, smp, step = q.index[0], q.sample, q.step
    z = Ref(names.name("z", solution.spec.depth, (j,), smp, step))
    y = Ref(names.name("y", None, (j,), smp))
    if solution.values[z.name] >= 0:
        form = Sub(Sub(ONE, y), Div(ONE, Add((ONE, Apply(EXP, (z,))))))
    else:
        form = Sub(Div(ONE, Add((ONE, Apply(EXP, (Neg(z),))))), y)
    n = solution.spec.widths[-1]
    if n > 1:
        form = Mul((Const(Fraction(1, n)), form))
    return replace(shown, formula=form, unsimplified=shown.formula)


def stable_keys(solution, plan, step: int) -> bool:
    """Whether a loss or output δ of this step is written in the stable form."""
    return any(solution.derivation.by_name[key].step == step for key in plan.stable_losses)


def stable_loss(solution, q: D.Quantity, step: int, smp) -> D.Quantity:
    """The loss quantity `q` written from the printed z_j (see the module docstring)."""
    depth = solution.spec.depth
    zs = of_solution(solution, D.PRE_ACTIVATION, step, smp, depth)
    values = solution.values
    terms = []
    for j, zq in enumerate(zs):
        z, y = Ref(zq.name), Ref(names.name("y", None, (j,), smp))
        if values[zq.name] >= 0:
            terms.append(Add((Apply(LOG, (Add((ONE, Apply(EXP, (Neg(z),)))),)), Mul((Sub(ONE, y), z)))))
        else:
            terms.append(Sub(Apply(LOG, (Add((ONE, Apply(EXP, (z,)))),)), Mul((y, z))))
    total = terms[0] if len(terms) == 1 else Mul((Const(Fraction(1, len(terms))), Add(tuple(terms))))
    return replace(q, formula=total, chain=None, unsimplified=None)
