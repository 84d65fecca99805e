"""The loss registry: one entry per loss, holding one sample's loss as a tree of the core's
operations, its general formula for the worked solution, the targets it accepts, and its float
twin for verification.

In:  the refs of a sample's outputs a_j^L and targets y_j (trees of `core.expr`).
Out: the tree of that sample's loss (what the chain rule differentiates: SymPy works out ∂L/∂a_j
     from it, once per shape); and, for the independent float64 path, the loss and ∂L/∂a from
     plain floats — numerically stable where float64 would fail: the log-losses from the
     pre-activations (log-sigmoid, log-sum-exp), and δ^L in closed form for the output
     activations where ∂L/∂a alone would divide by an output rounded to 0 or 1.

Adding a loss means adding one entry to LOSSES (its tree, its formula, its float twin).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

from .core.expr import Call, Const
from .core.floats import log_outputs, logsumexp, sigmoid
from .errors import SpecError
from .number_input import number_text

ONE = Const(Fraction(1))


def _any_targets(targets, field_name: str) -> None:
    return None


def _unit_interval(targets, field_name: str) -> None:
    for s, row in enumerate(targets):
        for j, y in enumerate(row):
            if not 0 <= y <= 1:
                raise SpecError(f"{field_name}", f"bce targets must lie in [0, 1]; sample {s + 1} has y_{j} = {number_text(y)}")


def _distribution(targets, field_name: str) -> None:
    for s, row in enumerate(targets):
        negative = [j for j, y in enumerate(row) if y < 0]
        if negative or sum(row) != 1:
            problem = (f"y_{negative[0]} = {number_text(row[negative[0]])} is negative" if negative
                       else f"they sum to {number_text(sum(row))}")
            raise SpecError(field_name, f"cross_entropy targets must be one-hot or a probability vector "
                                        f"(non-negative, summing to 1); in sample {s + 1} {problem}")


# one sample's loss as a tree: (outputs a_j, targets y_j) -> tree ---------------------------------
def _squares(a, y):
    return Call("add", tuple(Call("pow", (Call("sub", (yj, aj)),), 2) for aj, yj in zip(a, y)))


def _mean(n: int, total):
    """(1/n)·total, or just the total for one output."""
    return total if n == 1 else Call("mul", (Const(Fraction(1, n)), total))


def _half_sse(a, y):
    return Call("mul", (Const(Fraction(1, 2)), _squares(a, y)))


def _mse(a, y):
    return _mean(len(a), _squares(a, y))


def _bce(a, y):
    terms = tuple(Call("add", (Call("mul", (yj, Call("ln", (aj,)))),
                               Call("mul", (Call("sub", (ONE, yj)), Call("ln", (Call("sub", (ONE, aj)),))))))
                  for aj, yj in zip(a, y))
    return Call("neg", (_mean(len(a), Call("add", terms) if len(terms) > 1 else terms[0]),))


def _cross_entropy(a, y):
    return Call("neg", (Call("add", tuple(Call("mul", (yj, Call("ln", (aj,)))) for aj, yj in zip(a, y))),))


# float twins: (z, a, y, output activation) -> the sample's loss; (a, y) -> [∂L/∂a_j] -------------
def _finite(loss: float) -> float:
    if not math.isfinite(loss):
        raise ValueError("the loss is infinite (the log of an output that is 0)")
    return loss


def _float_bce(z, a, y, activation):
    log_a, log_not_a = log_outputs(activation, z, a)
    # 0·log 0 = 0: a term whose weight y_j (or 1 − y_j) is 0 adds nothing, whatever a_j is
    terms = [(yj * la if yj else 0.0) + ((1 - yj) * ln if yj != 1 else 0.0) for la, ln, yj in zip(log_a, log_not_a, y)]
    return _finite(-sum(terms) / len(a))


def _float_cross_entropy(z, a, y, activation):
    log_a, _ = log_outputs(activation, z, a)
    return _finite(-sum(yj * la for la, yj in zip(log_a, y) if yj))


def _sigmoid_minus(z, y):
    """σ(z) − y without cancellation near σ(z) = 1: (1 − y) − σ(−z) there."""
    return (1 - y) - sigmoid(-z) if y > 0.5 else sigmoid(z) - y


def _softmax_bce_delta(z, a, y):
    """dL/dz_j of the mean bce of softmax outputs: −1/n Σ_i (δ_ij − a_j)(y_i − (1 − y_i)·a_i/(1 − a_i)),
    with a_i/(1 − a_i) = exp(z_i − logsumexp of the others)."""
    n = len(z)
    odds = [math.exp(z[i] - logsumexp(z[:i] + z[i + 1:])) if y[i] != 1 else 0.0 for i in range(n)]
    weight = [y[i] - (1 - y[i]) * odds[i] for i in range(n)]
    # the term i = j as (1 − a_j)·y_j − (1 − y_j)·a_j ((1 − a_j)·odds_j = a_j): where a_j rounds to 1,
    # 1 − a_j is 0 in floats but (1 − a_j)·odds_j is not (a δ off by (1 − y_j)/n: a false alarm)
    return [-((1 - a[j]) * y[j] - (1 - y[j]) * a[j] - a[j] * sum(weight[i] for i in range(n) if i != j)) / n
            for j in range(n)]


@dataclass(frozen=True)
class FloatTwin:
    """A loss in plain float64: its value, ∂L/∂a, and δ^L = ∂L/∂z^L in closed form for the output
    activations where ∂L/∂a alone would divide by an output rounded to 0 or 1 (the textbook
    results: a − y for σ with bce, a·Σy − y for softmax with cross-entropy, −y(1 − a) for σ with
    cross-entropy)."""

    loss: Callable  # (z, a, y, output activation) -> float
    gradient: Callable  # (a, y) -> [∂L/∂a_j]
    output_deltas: dict = field(default_factory=dict)  # output activation -> (z, a, y) -> [δ_j^L]


@dataclass(frozen=True)
class Loss:
    name: str
    build: Callable  # (output refs, target refs) -> tree of one sample's loss
    latex: str  # the general formula (right-hand side), in the document's notation
    text: str
    rational: bool
    float_twin: FloatTwin
    validate_targets: Callable = _any_targets
    targets_sum_to_one: bool = False  # validated targets form a distribution (lets δ^L simplify)
    output_activations: tuple | None = None  # the output activations it makes sense with (None: any)


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("half_sse", _half_sse, r"\frac{1}{2}\sum_j \left(y_j - a_j^L\right)^2", "1/2 · Σ_j (y_j − a_j^L)²", True,
             FloatTwin(lambda z, a, y, act: 0.5 * sum((yj - aj) ** 2 for aj, yj in zip(a, y)),
                       lambda a, y: [aj - yj for aj, yj in zip(a, y)])),
        Loss("mse", _mse, r"\frac{1}{n}\sum_j \left(y_j - a_j^L\right)^2", "1/n · Σ_j (y_j − a_j^L)²", True,
             FloatTwin(lambda z, a, y, act: sum((yj - aj) ** 2 for aj, yj in zip(a, y)) / len(a),
                       lambda a, y: [2.0 * (aj - yj) / len(a) for aj, yj in zip(a, y)])),
        Loss("bce", _bce, r"-\frac{1}{n}\sum_j \left[y_j \ln a_j^L + (1 - y_j)\ln\left(1 - a_j^L\right)\right]",
             "−1/n · Σ_j [y_j ln a_j^L + (1 − y_j) ln(1 − a_j^L)]", False,
             FloatTwin(_float_bce,
                       lambda a, y: [((-yj / aj if yj else 0.0) + ((1 - yj) / (1 - aj) if yj != 1 else 0.0)) / len(a)
                                     for aj, yj in zip(a, y)],
                       {"sigmoid": lambda z, a, y: [_sigmoid_minus(zj, yj) / len(a) for zj, yj in zip(z, y)],
                        "softmax": _softmax_bce_delta}),
             _unit_interval, output_activations=("sigmoid", "softmax")),
        Loss("cross_entropy", _cross_entropy, r"-\sum_j y_j \ln a_j^L", "−Σ_j y_j ln a_j^L", False,
             FloatTwin(_float_cross_entropy, lambda a, y: [-yj / aj if yj else 0.0 for aj, yj in zip(a, y)],
                       {"sigmoid": lambda z, a, y: [-yj * sigmoid(-zj) for zj, yj in zip(z, y)],
                        "softmax": lambda z, a, y: [aj * sum(y) - yj for aj, yj in zip(a, y)]}),
             _distribution, True, output_activations=("softmax", "sigmoid")),
    )
}
