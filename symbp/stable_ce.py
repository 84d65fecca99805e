"""The loss (and output δ) of cross-entropy over a softmax or sigmoid output in a form that follows
from printed numbers where the a-form cannot: an output a_k within ~10^−16 of 1 (z_k far above the
others, as after RMSprop's first steps of ±α/√(1 − ρ)) is printed 1.000…, so −ln a_k and a_k − y_k
come out 0.

In:  the spec, a loss (one sample's, or the loss of a single sample) or output-δ quantity, and the
     value of a name (to find the largest z_k).
Out: its formula over the printed z_j (the loss) or the printed a_i (δ); for softmax, with the
     targets summing to 1 (losses.py checks it):

         softmax   −Σ_j y_j ln a_j = ln(1 + Σ_{j≠k} e^(z_j − z_k)) − Σ_{j≠k} y_j·(z_j − z_k)   (z_k the largest)
                   δ_j = a_j − y_j = (1 − y_j) − Σ_{i≠j} a_i
         sigmoid   −Σ_j y_j ln a_j = Σ_j y_j·ln(1 + e^(−z_j))     (its δ = ∂L/∂a·σ'(z) follows as it is)

     ln(1 + u) is worked out by log1p (formula_values.py), so a loss of 10^−118 keeps its digits.
"""

from __future__ import annotations

from fractions import Fraction

from . import derivation_quantities as D
from . import names
from .formula import EXP, LOG, Add, Apply, Const, Mul, Neg, Ref, Sub

ONE = Const(Fraction(1))


def is_loss(spec, q) -> bool:
    return q.kind == (D.SAMPLE_LOSS if spec.batch else D.LOSS)


def sigmoid_formula(spec, q, value=None):
    """The sigmoid form above of a loss quantity `q` (None for any other quantity)."""
    if not is_loss(spec, q):
        return None
    terms = []
    for j in range(spec.widths[-1]):
        z = Ref(names.name("z", spec.depth, (j,), q.sample, q.step))
        terms.append(Mul((Ref(names.name("y", None, (j,), q.sample)), Apply(LOG, (Add((ONE, Apply(EXP, (Neg(z),)))),)))))
    return sum_of(terms)


def softmax_formula(spec, q, value=lambda name: 0):
    """The softmax form above of a loss or output-δ quantity `q` (None where `q` has none)."""
    n, depth = spec.widths[-1], spec.depth
    y = [Ref(names.name("y", None, (j,), q.sample)) for j in range(n)]
    if is_loss(spec, q):
        z = [Ref(names.name("z", depth, (j,), q.sample, q.step)) for j in range(n)]
        k = max(range(n), key=lambda j: value(z[j].name))
        others = [j for j in range(n) if j != k]
        log = Apply(LOG, (Add((ONE, *[Apply(EXP, (Sub(z[j], z[k]),)) for j in others])),))
        return Sub(log, sum_of([Mul((y[j], Sub(z[j], z[k]))) for j in others]))
    if q.kind == D.OUTPUT_DELTA:
        j = q.index[0]
        rest = [Ref(names.name("a", depth, (i,), q.sample, q.step)) for i in range(n) if i != j]
        return Sub(complement(y[j]), sum_of(rest))
    return None


def complement(y):
    """1 − y grouped, as the stable forms' sentences write it, (1 − y) − 1/(1 + e^z): a product of
    one factor (printed in parentheses; the same number everywhere it is worked out)."""
    return Mul((Sub(ONE, y),))


def sum_of(terms: list):
    return terms[0] if len(terms) == 1 else Add(tuple(terms))
