"""The loss registry: per-sample losses as ordered formula trees (evaluated through SymPy), their
general formula for the worked solution, and the targets each accepts.

Adding a loss means adding one entry to LOSSES.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from .errors import SpecError
from .formula import LOG, Add, Apply, Const, Mul, Neg, Pow, Ref, Sub


def _any_targets(targets, field: str) -> None:
    return None


def _unit_interval(targets, field: str) -> None:
    for s, row in enumerate(targets):
        for j, y in enumerate(row):
            if not 0 <= y <= 1:
                raise SpecError(f"{field}", f"bce targets must lie in [0, 1]; sample {s + 1} has y_{j} = {float(y):g}")


def _distribution(targets, field: str) -> None:
    for s, row in enumerate(targets):
        negative = [j for j, y in enumerate(row) if y < 0]
        if negative or sum(row) != 1:
            problem = (f"y_{negative[0]} = {float(row[negative[0]]):g} is negative" if negative
                       else f"they sum to {float(sum(row)):g}")
            raise SpecError(field, f"cross_entropy targets must be one-hot or a probability vector "
                                   f"(non-negative, summing to 1); in sample {s + 1} {problem}")


def _half_sse(a: list[str], y: list[str]):
    return Mul((Const(Fraction(1, 2)), Add(tuple(Pow(Sub(Ref(yj), Ref(aj)), 2) for aj, yj in zip(a, y)))))


def _mean(n: int, total):
    """(1/n)·total, or just the total for one output."""
    return total if n == 1 else Mul((Const(Fraction(1, n)), total))


def _mse(a, y):
    return _mean(len(a), Add(tuple(Pow(Sub(Ref(yj), Ref(aj)), 2) for aj, yj in zip(a, y))))


def _bce(a, y):
    terms = tuple(
        Add((Mul((Ref(yj), Apply(LOG, (Ref(aj),)))),
             Mul((Sub(Const(Fraction(1)), Ref(yj)), Apply(LOG, (Sub(Const(Fraction(1)), Ref(aj)),))))))
        for aj, yj in zip(a, y)
    )
    return Neg(_mean(len(a), Add(terms) if len(terms) > 1 else terms[0]))


def _cross_entropy(a, y):
    return Neg(Add(tuple(Mul((Ref(yj), Apply(LOG, (Ref(aj),)))) for aj, yj in zip(a, y))))


@dataclass(frozen=True)
class Loss:
    name: str
    build: Callable  # (output names, target names) -> formula tree of one sample's loss
    latex: str  # the general formula (right-hand side), in the document's notation
    text: str
    rational: bool
    validate_targets: Callable = _any_targets
    targets_sum_to_one: bool = False  # validated targets form a distribution (lets δ^L simplify)
    output_activations: tuple | None = None  # the output activations it makes sense with (None: any)


LOSSES: dict[str, Loss] = {
    l.name: l
    for l in (
        Loss("half_sse", _half_sse, r"\frac{1}{2}\sum_j \left(y_j - a_j^L\right)^2", "1/2 · Σ_j (y_j − a_j^L)²", True),
        Loss("mse", _mse, r"\frac{1}{n}\sum_j \left(y_j - a_j^L\right)^2", "1/n · Σ_j (y_j − a_j^L)²", True),
        Loss("bce", _bce, r"-\frac{1}{n}\sum_j \left[y_j \log a_j^L + (1 - y_j)\log\left(1 - a_j^L\right)\right]",
             "−1/n · Σ_j [y_j log a_j^L + (1 − y_j) log(1 − a_j^L)]", False, _unit_interval,
             output_activations=("sigmoid", "softmax")),
        Loss("cross_entropy", _cross_entropy, r"-\sum_j y_j \log a_j^L", "−Σ_j y_j log a_j^L", False, _distribution, True,
             output_activations=("softmax", "sigmoid")),
    )
}
