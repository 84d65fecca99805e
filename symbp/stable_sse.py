"""The loss and output δ of a squared-error loss (half_sse, mse) over a softmax or sigmoid output in a form that
follows from printed numbers where the a-form cannot: an output a_k within ~10^−14 of 1 (z_k far
above the others, as after Adam's or RMSprop's steps of ±α) is printed 0.99999999999991669 or
1.000…, and δ = Σ_j (a_j − y_j)·a_j·(δ_ij − a_i) needs 1 − a_k from its digits (as the loss does
where y_k = 1).

In:  the spec, a loss (one sample's, or the loss of a single sample) or output-δ quantity, and the
     value of a name (the largest z_k, and whether its a_k is within SATURATED of 1).
Out: its formula (None where a_k is not that close to 1: its a-form is written) over the printed
     a_j, the small ones worked out from the printed z_j as every softmax output is
     (e^(z_j)/Σ_i e^(z_i): relative digits however small), with c = 1 (half_sse) or 2/n (mse) and,
     as the outputs sum to 1,

         a_k − y_k = (1 − y_k) − Σ_{j≠k} a_j                     (z_k the largest)
         L   = c/2 · Σ_j (a_j − y_j)²                          (the term of k written as above)
         δ_i = Σ_j c·(a_j − y_j)·a_j·(δ_ij − a_i) = c·a_i·Σ_{j≠i} a_j·((a_i − y_i) − (a_j − y_j))

     (δ_i = c·a_i·((a_i − y_i) − Σ_j a_j·(a_j − y_j)), and Σ_j a_j·(a_i − y_i) = a_i − y_i).  No
     1 − a_k is left: each term is a product with a small a_j, and the differences of the
     printed a_j − y_j keep their digits (y is exact).

     A sigmoid output a_j within SATURATED of 1 (σ(65.7) = 1 − 3·10^−29) has 1 − a_j = 1/(1 + e^(z_j))
     from its printed z_j (relative digits however small; z_j > 0 there), so

         a_j − y_j = (1 − y_j) − 1/(1 + e^(z_j))
         L   = c/2 · Σ_j (y_j − a_j)²                          (a saturated j's term written as above)
         δ_j = c·(a_j − y_j)·σ'(z_j)                            (σ'(z_j) its line's printed value)
"""

from __future__ import annotations

from fractions import Fraction

from . import derivation_quantities as D
from . import names
from .formula import EXP, Add, Apply, Const, Div, Mul, Pow, Ref, Sub
from .stable_ce import ONE, complement, is_loss, sum_of

SATURATED = Fraction(1, 10**6)  # an output this close to 1 (1.00000 at --digits 6) is the one its form is for


def softmax_formula(spec, q, value=lambda name: 0):
    """The form above of a loss or output-δ quantity `q` (None where `q` has none or no output is saturated)."""
    if not (is_loss(spec, q) or q.kind == D.OUTPUT_DELTA):  # (a batch's mean loss, a hidden δ: no such form)
        return None
    n, depth = spec.widths[-1], spec.depth
    a = [Ref(names.name("a", depth, (j,), q.sample, q.step)) for j in range(n)]
    y = [Ref(names.name("y", None, (j,), q.sample)) for j in range(n)]
    z = [names.name("z", depth, (j,), q.sample, q.step) for j in range(n)]
    k = max(range(n), key=lambda j: value(z[j]))
    if not 1 - value(a[k].name) < SATURATED:  # 1 − a_k has its digits: the a-form is written (and true)
        return None
    difference = [Sub(a[j], y[j]) if j != k else Sub(complement(y[k]), sum_of([a[i] for i in range(n) if i != k]))
                  for j in range(n)]
    mse = spec.loss == "mse"
    if is_loss(spec, q):  # as losses.py writes it: (y_j − a_j)², k's as a_k − y_k
        terms = [Pow(difference[j] if j == k else Sub(y[j], a[j]), 2) for j in range(n)]
        return Mul((Const(Fraction(1, n) if mse else Fraction(1, 2)), Add(tuple(terms))))
    i = q.index[0]
    scale = (Const(Fraction(2, n)),) if mse and n != 2 else ()
    pairs = [Mul((a[j], Sub(difference[i], difference[j]))) for j in range(n) if j != i]
    if len(pairs) == 1:
        return Mul((*scale, a[i], *pairs[0].factors))
    return Mul((*scale, a[i], Add(tuple(pairs))))



def sigmoid_formula(spec, q, value=lambda name: 0):
    """The sigmoid form above of a loss or output-δ quantity `q` (None where `q` has none or none of
    its outputs is within SATURATED of 1)."""
    from .activations import derivative_function

    if is_loss(spec, q):
        outputs = range(spec.widths[-1])
    elif q.kind == D.OUTPUT_DELTA:
        outputs = (q.index[0],)
    else:  # (a batch's mean loss, a hidden δ: no such form)
        return None
    n, depth = spec.widths[-1], spec.depth
    a = {j: names.name("a", depth, (j,), q.sample, q.step) for j in outputs}
    saturated = {j for j in outputs if 1 - value(a[j]) < SATURATED}
    if not saturated:  # 1 − a has its digits: the a-form is written (and true)
        return None
    y = {j: Ref(names.name("y", None, (j,), q.sample)) for j in outputs}
    z = {j: Ref(names.name("z", depth, (j,), q.sample, q.step)) for j in outputs}
    difference = {j: Sub(complement(y[j]), Div(ONE, Add((ONE, Apply(EXP, (z[j],)))))) for j in saturated}
    mse = spec.loss == "mse"
    if is_loss(spec, q):  # as losses.py writes it: (y_j − a_j)², a saturated j's as a_j − y_j
        terms = [Pow(difference[j] if j in saturated else Sub(y[j], Ref(a[j])), 2) for j in outputs]
        total = sum_of(terms)
        if mse:
            return total if n == 1 else Mul((Const(Fraction(1, n)), total))
        return Mul((Const(Fraction(1, 2)), total))
    j, = outputs  # as output_delta.py's textbook form writes it: (2/n ·) (a_j − y_j) · σ'(z_j)
    scale = () if not mse else (Div(Const(Fraction(2)), Const(Fraction(2))),) if n == 2 else (Const(Fraction(2, n)),)
    slope = spec.layers[-1].negative_slope
    return Mul((*scale, difference[j], Apply(derivative_function("sigmoid", slope), (z[j],))))
