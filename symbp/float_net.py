"""A network's float64 passes, for the independent float path (float_path.py) and the finite
differences (verify.py, verify_training.py).

In:  the parameters as plain floats, W[l][j][k] and B[l][j], each layer's activation and the loss.
Out: the forward pass (z, a), the loss, the backward pass (f'(z), the back-propagated sums, δ, the
gradients), and passes after a move of one layer's parameters that start from the unmoved pass
(`losses_from`: bit for bit what a whole pass gives).  Written from the textbook equations with the
activations' and losses' float twins (`core/floats.py`, `losses.py`: math.exp, not SymPy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import mul

from .core.floats import FLOAT_TWINS, sigmoid, softmax, tanh_derivative
from .losses import LOSSES

KINKED = {name for name, twin in FLOAT_TWINS.items() if twin.branch is not None}  # ReLU & co. at 0
KINK_SNAP = 1e-11  # |z| below this times Σ|w·a| + |b| is float rounding of an exact 0
SETTLED_WIDTH = 8  # inputs: from this many a settled layer tells a kink input far from 0 by a bound (`layer`)


# The float twins of the common activations as functions of one float: FLOAT_TWINS' take a list of
# arguments (three calls and a list per value, most of a perturbed pass's time).  The same formulas
# with the same functions, value for value (tests/test_float_reuse.py checks them against FLOAT_TWINS).
_SCALAR_TWINS = {
    "sigmoid": lambda slope: (sigmoid, lambda z: sigmoid(z) * sigmoid(-z)),
    "tanh": lambda slope: (math.tanh, tanh_derivative),
    "relu": lambda slope: (lambda z: z if z > 0 else 0.0, lambda z: 1.0 if z > 0 else 0.0),
    "leaky_relu": lambda slope: (lambda z: z if z > 0 else float(slope) * z, lambda z: 1.0 if z > 0 else float(slope)),
    "identity": lambda slope: (lambda z: z, lambda z: 1.0),
}


def activation_function(activation: str, slope: float):
    """(forward(z), derivative(z)) of an elementwise activation from its float twin; None for
    softmax (a function of the whole layer)."""
    if activation == "softmax":
        return None
    if activation in _SCALAR_TWINS:
        return _SCALAR_TWINS[activation](slope)
    twin = FLOAT_TWINS[activation]
    return lambda z: twin.forward([z], slope), lambda z: twin.partials([z], slope)[0]


def _far_from_kink(z: float, bound: float, weights: float, bias: float) -> bool:
    """Whether `pre_activation` would keep z as it is (|z| > KINK_SNAP·(Σ|w_k·a_k| + |b|)), told from
    `bound` = 2·KINK_SNAP·max|a_k| and the neuron's Σ|w_k| and |b|: Σ|w_k·a_k| ≤ Σ|w_k|·max|a_k|,
    and the factor 2 (and 1e-300 for underflow) covers the rounding of either side.  False where
    that does not settle it: the exact test decides."""
    return bound * weights + 2 * KINK_SNAP * bias + 1e-300 < abs(z) < math.inf


@dataclass
class Backward:
    """One sample's backward pass in floats, per layer (0-based): f'(z) (None for softmax), the
    back-propagated sums (W^{l+1})^T δ^{l+1} (None for the output layer), δ and the gradients."""

    zs: list
    acts: list
    deltas: list
    grads_w: list
    grads_b: list
    derivatives: list
    sums: list


@dataclass
class FloatNet:
    """The network's parameters as plain floats: W[l][j][k], B[l][j] (None without bias)."""

    W: list
    B: list
    activations: list  # (name, slope) per layer
    loss: str

    def __post_init__(self):
        self._functions = [activation_function(*activation) for activation in self.activations]
        self._kinked = [activation in KINKED for activation, _ in self.activations]
        self._sizes: dict = {}  # layer -> Σ|w| per neuron, of the parameters the net was made with

    def functions(self, l: int):
        """(forward, derivative) of layer l's activation (0-based), None for softmax."""
        return self._functions[l]

    def pre_activation(self, l: int, j: int, a_prev) -> float:
        """z_j of layer l (0-based) from the previous layer's outputs; a kink input that is 0 up to
        float rounding is 0 (where ReLU'(0) = 0 applies)."""
        row, B = self.W[l][j], self.B[l]
        z = sum(map(mul, row, a_prev)) + (B[j] if B is not None else 0.0)
        if self._kinked[l]:
            scale = sum(map(abs, map(mul, row, a_prev))) + (abs(B[j]) if B is not None else 0.0)
            if abs(z) <= KINK_SNAP * scale:
                return 0.0
        return z

    def layer(self, l: int, a_prev, settled: bool = False) -> tuple[list, list]:
        """(z, a) of layer l (0-based) from the previous layer's outputs: `pre_activation` of each
        neuron (the same operations, a layer at a time).  `settled`: the layer's parameters are
        those the net was made with (a layer above a moved one): a kink input far from 0 is then
        told from its bound (`_far_from_kink`) without the sum Σ|w·a| that decides near 0."""
        W, B = self.W[l], self.B[l]
        if B is None:
            z = [sum(map(mul, row, a_prev)) + 0.0 for row in W]
        else:
            z = [sum(map(mul, row, a_prev)) + b for row, b in zip(W, B)]
        if self._kinked[l]:
            biases = [0.0] * len(W) if B is None else list(map(abs, B))
            if settled and len(a_prev) >= SETTLED_WIDTH:
                bound = 2 * KINK_SNAP * max(map(abs, a_prev))
                z = [v if _far_from_kink(v, bound, weights, size) else
                     (0.0 if abs(v) <= KINK_SNAP * (sum(map(abs, map(mul, row, a_prev))) + size) else v)
                     for v, row, size, weights in zip(z, W, biases, self._settled_sizes(l))]
            else:
                z = [0.0 if abs(v) <= KINK_SNAP * (sum(map(abs, map(mul, row, a_prev))) + size) else v
                     for v, row, size in zip(z, W, biases)]
        functions = self._functions[l]
        return z, (softmax(z) if functions is None else list(map(functions[0], z)))

    def _settled_sizes(self, l: int) -> list:
        """Σ_k |w_jk| of layer l's neurons, made once (from the parameters the net was made with)."""
        sizes = self._sizes.get(l)
        if sizes is None:
            sizes = self._sizes[l] = [sum(map(abs, row)) for row in self.W[l]]
        return sizes

    def forward(self, x):
        zs, acts = [], []
        for l in range(len(self.W)):
            z, a = self.layer(l, acts[-1] if acts else x)
            zs.append(z)
            acts.append(a)
        return zs, acts

    def loss_of(self, zs, acts, y) -> float:
        """The sample's loss from its forward pass."""
        return LOSSES[self.loss].float_twin.loss(zs[-1], acts[-1], y, self.activations[-1][0])

    def sample_loss(self, x, y):
        return self.loss_of(*self.forward(x), y)

    def kink_sides(self, zs, first: int = 0) -> tuple:
        """The side (-1, 0, 1) of the kink of every ReLU/leaky input of `zs`, the inputs of layers
        first, first + 1, …"""
        return tuple((z > 0) - (z < 0) for i, layer in enumerate(zs) if self._kinked[first + i] for z in layer)

    def loss_and_kinks(self, x, y):
        """The sample's loss, and the side (-1, 0, 1) of the kink of every ReLU/leaky input."""
        zs, acts = self.forward(x)
        return self.loss_of(zs, acts, y), self.kink_sides(zs)

    def loss_from(self, l: int, j: int | None, x, zs, acts, y) -> tuple[float, tuple]:
        """`loss_and_kinks` (the sides of layers l, l + 1, … only) after a change of layer l's
        parameters (of neuron j's alone, unless j is None), from the sample's forward pass `zs`,
        `acts` before it: the layers below are unchanged, and so, with j, are layer l's other
        neurons.  Every recomputed value is computed as `forward` computes it (the same
        operations in the same order), so the result is bit for bit `loss_and_kinks`'s."""
        losses, sides = self.losses_from(l, j, [(x, y, (zs, acts))])
        return losses[0], sides[0]

    def losses_from(self, l: int, j: int | None, samples) -> tuple[list, tuple]:
        """`loss_from` of every sample (x, y, (zs, acts)) of a batch: their losses, and the
        sides of their kinks (a tuple per sample)."""
        loss = LOSSES[self.loss].float_twin.loss
        output = self.activations[-1][0]
        layer, above = self.layer, range(l + 1, len(self.W))
        functions = self._functions[l]
        losses, sides = [], []
        for x, y, (zs, acts) in samples:
            a_prev = x if l == 0 else acts[l - 1]
            if j is None:
                z, a = layer(l, a_prev)
            else:
                z = list(zs[l])
                z[j] = self.pre_activation(l, j, a_prev)
                if functions is None:
                    a = softmax(z)
                else:
                    a = list(acts[l])
                    a[j] = functions[0](z[j])
            new_zs = [z]
            for k in above:  # (unmoved: settled)
                z, a = layer(k, a, True)
                new_zs.append(z)
            losses.append(loss(z, a, y, output))
            sides.append(self.kink_sides(new_zs, l))
        return losses, tuple(sides)

    def backward(self, x, y, passed=None):
        """The sample's backward pass (from its forward pass `passed` = (zs, acts), if given)."""
        zs, acts = passed if passed is not None else self.forward(x)
        depth = len(self.W)
        act, _ = self.activations[-1]
        twin = LOSSES[self.loss].float_twin
        closed_form = twin.output_deltas.get(act)
        if closed_form is not None:
            delta = closed_form(zs[-1], acts[-1], y)
        elif act == "softmax":
            a, dL_da = acts[-1], twin.gradient(acts[-1], y)
            delta = [sum(dL_da[i] * a[i] * ((1.0 if i == j else 0.0) - a[j]) for i in range(len(a))) for j in range(len(a))]
        else:
            derivative = self.functions(depth - 1)[1]
            delta = [g * derivative(z) for g, z in zip(twin.gradient(acts[-1], y), zs[-1])]
        deltas, sums = [None] * depth, [None] * depth
        deltas[-1] = delta
        derivatives = [[self.functions(l)[1](z) for z in zs[l]] if self.functions(l) else None for l in range(depth)]
        for l in range(depth - 2, -1, -1):
            W_next = self.W[l + 1]
            sums[l] = [sum(W_next[j][k] * deltas[l + 1][j] for j in range(len(W_next))) for k in range(len(zs[l]))]
            deltas[l] = [total * derivative for total, derivative in zip(sums[l], derivatives[l])]
        grads_w, grads_b = [], []
        for l in range(depth):
            a_prev = x if l == 0 else acts[l - 1]
            grads_w.append([[d * a for a in a_prev] for d in deltas[l]])
            grads_b.append(list(deltas[l]) if self.B[l] is not None else None)
        return Backward(zs, acts, deltas, grads_w, grads_b, derivatives, sums)
