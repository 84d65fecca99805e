"""The optimizers' registry: each optimizer's update as nodes of the network's graph, and the
regularization's penalty and gradient.

In:  a parameter p at step t with the gradient g the optimizer uses (`Optimizer.update`), when the
     graph is built (a spec's `[optimizer]` table is read in optimizer_settings.py).
Out: the update as core trees: the state quantities of p at step t in order of computation, then
     p@t+1.  The equations are torch.optim's (README "Optimizers and regularization"):

     sgd       p ← p − α·g
     momentum  v_t = β·v_{t−1} + g (v_1 = g);  p ← p − α·v_t;  nesterov: p ← p − α·(g + β·v_t)
     adagrad   s_t = s_{t−1} + g²;  p ← p − α·g/(√s_t + ε)
     rmsprop   v_t = ρ·v_{t−1} + (1 − ρ)·g²;  p ← p − α·g/(√v_t + ε)
     adam      m_t = β1·m_{t−1} + (1 − β1)·g;  v_t = β2·v_{t−1} + (1 − β2)·g²;
               m̂_t = m_t/(1 − β1^t);  v̂_t = v_t/(1 − β2^t);  p ← p − α·m̂_t/(√v̂_t + ε)

     with the state at step 0 zero (so its terms are left out at step 1).  Each entry's float
     twin is in `float_optimizers.py` (same names; a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, NamedTuple

from .core import identity as ids
from .core.expr import Call, Const, Ref
from .errors import SpecError
from .number_input import number_text, short_repr

ONE = Const(Fraction(1))


@dataclass(frozen=True)
class Hyperparameter:
    key: str  # the spec key, also the given's name (`beta1`)
    default: Fraction
    high: Fraction  # allowed: 0 <= value < high (open) or 0 < value <= high (positive)
    positive: bool = False  # eps: 0 < value <= high; else 0 <= value < high

    def check(self, value: Fraction, where: str, written=None) -> Fraction:
        """`value` when allowed; else a SpecError echoing it as `written` (the TOML value), if given.  An open bound
        keeps a value CLOSEST_TO_BOUND clear of it: β = 1 − 10^−20 is 1 in float64, and the independent float
        check divided by 1 − β^t = 0 (exit 3, 'use smaller weights'; stop 69's hostile tester); at 1 − 10^−8 it
        disagreed in the 8th digit (1 − β kept to 8 digits)."""
        ok = (0 < value <= self.high) if self.positive else (0 <= value <= self.high - CLOSEST_TO_BOUND)
        if not ok:
            allowed = f"0 < {self.key} ≤ {self.high}" if self.positive else \
                f"0 ≤ {self.key} < {self.high}" if value >= self.high or value < 0 else \
                f"0 ≤ {self.key} ≤ {self.high} − 10^−6 (closer to {self.high}, the independent float64 check loses the digits of " \
                f"{self.high} − {self.key})"
            shown = short_repr(written) if written is not None else number_text(value)
            raise SpecError(where, f"expected a number with {allowed}, got {shown}")
        return value


CLOSEST_TO_BOUND = Fraction(1, 10**6)  # β, ρ at most 1 − 10^−6 (verified up to 20 steps of Adam, RMSprop, momentum)


@dataclass(frozen=True)
class Optimizer:
    name: str
    hyperparameters: tuple  # Hyperparameter, …
    states: tuple  # the state kinds (identity.STATES) in order of computation
    update: Callable  # (parameter p@t, gradient g, step t, flags) -> [(identity, tree)]: states, then p@t+1
    rational: bool  # keeps rationals rational (no square root)
    flags: tuple = ()  # boolean keys (nesterov) with default False


def _h(name: str):
    return Ref(ids.Identity(name))


def _mul(*factors):
    return Call("mul", tuple(factors))


def _add(*terms):
    return Call("add", tuple(terms))


def _state(kind: str, p, t: int):
    return ids.state(kind, p, t)


def _next(p):
    return ids.value(p.kind, p.layer, p.indices, p.step + 1)


def _step_down(p, direction):
    """p − α·direction."""
    return Call("sub", (Ref(p), _mul(Ref(ids.Identity(ids.LEARNING_RATE)), direction)))


def _running(kind: str, p, t: int, decay, new):
    """decay·state@t−1 + new (state@1 = new: the state at step 0 is zero; no decay: state@t−1 + new)."""
    if t == 1:
        return new
    old = Ref(_state(kind, p, t - 1))
    return _add(old if decay is None else _mul(decay, old), new)


def _scaled(p, numerator, accumulated):
    """p − α·numerator/(√accumulated + ε)."""
    root = _add(Call("sqrt", (accumulated,)), _h("eps"))
    return Call("sub", (Ref(p), Call("div", (_mul(Ref(ids.Identity(ids.LEARNING_RATE)), numerator), root))))


def _square(x):
    return Call("pow", (x,), 2)


def _one_minus(x):
    return Call("sub", (ONE, x))


def _sgd(p, g, t, flags):
    return [(_next(p), _step_down(p, Ref(g)))]


def _momentum(p, g, t, flags):
    v = _state("v", p, t)
    direction = _add(Ref(g), _mul(_h("beta"), Ref(v))) if flags.get("nesterov") else Ref(v)
    return [(v, _running("v", p, t, _h("beta"), Ref(g))), (_next(p), _step_down(p, direction))]


def _adagrad(p, g, t, flags):
    s = _state("s", p, t)
    return [(s, _running("s", p, t, None, _square(Ref(g)))), (_next(p), _scaled(p, Ref(g), Ref(s)))]


def _rmsprop(p, g, t, flags):
    v = _state("v", p, t)
    new = _mul(_one_minus(_h("rho")), _square(Ref(g)))
    return [(v, _running("v", p, t, _h("rho"), new)), (_next(p), _scaled(p, Ref(g), Ref(v)))]


def _bias_correction(beta, t: int):
    """1 − β^t."""
    return _one_minus(beta if t == 1 else Call("pow", (beta,), t))


def _adam(p, g, t, flags):
    m, v, mhat, vhat = (_state(kind, p, t) for kind in ("m", "v", "mhat", "vhat"))
    b1, b2 = _h("beta1"), _h("beta2")
    return [
        (m, _running("m", p, t, b1, _mul(_one_minus(b1), Ref(g)))),
        (v, _running("v", p, t, b2, _mul(_one_minus(b2), _square(Ref(g))))),
        (mhat, Call("div", (Ref(m), _bias_correction(b1, t)))),
        (vhat, Call("div", (Ref(v), _bias_correction(b2, t)))),
        (_next(p), _scaled(p, Ref(mhat), Ref(vhat))),
    ]


# ---- regularization: R = (λ/2)·Σ w² + λ1·Σ |w|, J = L + R, ∂J/∂p = ∂L/∂p + λ·p + λ1·sign(p) -------
REGULARIZATION = (("weight_decay", "lambda"), ("l1", "lambda1"))  # spec key -> the given's name


class Shape(NamedTuple):
    """What a network's graph depends on of its training (the architecture's last entry)."""

    optimizer: str
    flags: tuple
    weight_decay: bool
    l1: bool
    regularize_biases: bool

    @property
    def regularization(self) -> bool:
        return self.weight_decay or self.l1


def regularized(p, training: Shape) -> bool:
    return training.regularization and (p.kind == ids.WEIGHT or training.regularize_biases)


def penalty(parameters: list, training):
    """R at a step, over its regularized parameters."""
    parts = []
    if training.weight_decay:
        parts.append(_mul(Const(Fraction(1, 2)), _h("lambda"), _add(*(_square(Ref(p)) for p in parameters))))
    if training.l1:
        parts.append(_mul(_h("lambda1"), _add(*(Call("abs", (Ref(p),)) for p in parameters))))
    return parts[0] if len(parts) == 1 else _add(*parts)


def regularized_gradient(p, data_gradient, training):
    """∂J/∂p = ∂L/∂p + λ·p + λ1·sign(p) (sign(0) = 0: the subgradient at the kink of |p|)."""
    terms = [Ref(data_gradient)]
    if training.weight_decay:
        terms.append(_mul(_h("lambda"), Ref(p)))
    if training.l1:
        terms.append(_mul(_h("lambda1"), Call("sign", (Ref(p),))))
    return _add(*terms)


OPTIMIZERS: dict[str, Optimizer] = {
    o.name: o for o in (
        Optimizer("sgd", (), (), _sgd, True),
        Optimizer("momentum", (Hyperparameter("beta", Fraction(9, 10), Fraction(1)),), ("v",), _momentum, True,
                  ("nesterov",)),
        Optimizer("adagrad", (Hyperparameter("eps", Fraction(1, 10**10), Fraction(1), True),), ("s",), _adagrad, False),
        Optimizer("rmsprop", (Hyperparameter("rho", Fraction(99, 100), Fraction(1)),
                              Hyperparameter("eps", Fraction(1, 10**8), Fraction(1), True)), ("v",), _rmsprop, False),
        Optimizer("adam", (Hyperparameter("beta1", Fraction(9, 10), Fraction(1)),
                           Hyperparameter("beta2", Fraction(999, 1000), Fraction(1)),
                           Hyperparameter("eps", Fraction(1, 10**8), Fraction(1), True)),
                  ("m", "v", "mhat", "vhat"), _adam, False),
    )
}
