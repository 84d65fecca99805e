"""The dense network, its losses and plain SGD as builders on the core: architecture -> graph.

In:  a network's architecture (`Spec.architecture()`: widths, per layer its activation, bias and
     negative slope, the loss, samples, batch or not, steps).
Out: a `NetworkGraph`: the core's graph holding, for every step t and sample s, the forward pass
     (`dense`: z = W a + b, then a = f(z); the loss from the registry, `losses.py`), the chain
     rule (`core.chain.backward` from each sample's own loss L[s]@t with respect to the
     parameters at step t: every local derivative and every gradient a node), the batch means
     and the SGD update w@t+1 = w@t − α·dL/dw@t; and a final forward pass.  The graph depends on
     the architecture only, so it is built once (cached) and evaluated for every spec of that
     architecture (`given_values` gives a spec's numbers).

Nothing here knows a derivative: a layer, a loss and the update only say what each node is
computed from.  An activation is an operation of the core's registry (`core/operations.py`); a
loss is an entry of `losses.py`; an optimizer would be another builder of update nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from .core import identity as ids
from .core.chain import Backward, backward, replay
from .core.expr import Call, Const, Ref
from .core.graph import Graph
from .core.identity import Identity
from .losses import LOSSES
from .training import define_penalty, hyperparameters, train

MEAN, UPDATE = "mean", "update"  # roles of a batch mean and of an updated parameter
LEARNING_RATE = Identity(ids.LEARNING_RATE)
ELEMENTWISE = 1  # the arity of an activation applied neuron by neuron (softmax takes the layer)


@dataclass(frozen=True)
class Architecture:
    """`Spec.architecture()` with names."""

    widths: tuple
    layers: tuple  # (activation, has_bias, negative_slope) per layer 1 … L
    loss: str
    samples: int
    batch: bool
    steps: int
    training: tuple | None = None  # optimizers.Shape, or None for plain SGD without regularization

    @property
    def depth(self) -> int:
        return len(self.widths) - 1

    def sample(self, s: int) -> int | None:
        """The sample suffix of sample s (1-based): none for a single sample."""
        return s if self.batch else None

    def parameters(self, t: int):
        """Every weight and bias at step t, layer by layer, neuron by neuron (w_j0 … w_jk, b_j)."""
        for l, (_, has_bias, _) in enumerate(self.layers, start=1):
            for j in range(self.widths[l]):
                for k in range(self.widths[l - 1]):
                    yield ids.value(ids.WEIGHT, l, (j, k), t)
                if has_bias:
                    yield ids.value(ids.BIAS, l, (j,), t)


@dataclass
class NetworkGraph:
    architecture: Architecture
    graph: Graph
    backward: dict = field(default_factory=dict)  # (step, sample s) -> the chain rule from L[s]@t
    # (step, sample s) -> the `mover` its chain rule was replayed with (the identities it moved, kept
    # for the derivation's quantities of that sample and step)
    movers: dict = field(default_factory=dict)

    def givens(self) -> list[Identity]:
        return self.graph.givens()

    def read(self) -> None:
        """Its quantities are read (derivation.derive): the chain rules' records and the graph's links,
        which only building and reading them use, let go (issue 16)."""
        self.graph.seal()
        self.backward = {}


def batch_mean(parts: tuple):
    """(1/n)·(x_1 + … + x_n) of a batch's n samples."""
    return Call("mul", (Const(Fraction(1, len(parts))), Call("add", parts)))


class _Builder:
    def __init__(self, architecture: Architecture):
        self.arch = architecture
        self.graph = Graph()
        self.backward: dict = {}
        self.template: Backward | None = None  # the chain rule from step 1's first loss, replayed for the others
        self.movers: dict = {}

    def dense(self, l: int, t: int, smp, previous: list) -> list:
        """Layer l at step t: z_j = Σ_k w_jk a_k + b_j, then a_j = f(z_j); returns the refs of a."""
        activation, has_bias, slope = self.arch.layers[l - 1]
        zs = []
        for j in range(self.arch.widths[l]):
            total = weighted_sum(l, j, t, previous, has_bias)
            inputs = [r.identity for term in total.args for r in (term.args if type(term) is Call else (term,))]
            zs.append(self.graph.define(ids.value(ids.PRE_ACTIVATION, l, (j,), t, smp), total,
                                        inputs=list(dict.fromkeys(inputs))))
        return [self.graph.define(ids.value(ids.ACTIVATION, l, (j,), t, smp), activation_rule(activation, slope, zs, j))
                for j in range(len(zs))]

    def forward(self, t: int, s: int) -> Identity:
        """Sample s's forward pass and loss at step t."""
        smp = self.arch.sample(s)
        activations = [Ref(ids.value(ids.ACTIVATION, 0, (k,), 1, smp)) for k in range(self.arch.widths[0])]
        for l in range(1, self.arch.depth + 1):
            activations = self.dense(l, t, smp, activations)
        targets = [Ref(ids.value(ids.TARGET, None, (j,), 1, smp)) for j in range(self.arch.widths[-1])]
        loss = ids.value(ids.LOSS, step=t, sample=smp)
        self.graph.define(loss, LOSSES[self.arch.loss].build(activations, targets))
        return loss

    def batch_loss(self, t: int) -> None:
        parts = tuple(Ref(ids.value(ids.LOSS, step=t, sample=s)) for s in range(1, self.arch.samples + 1))
        self.graph.define(ids.value(ids.LOSS, step=t), batch_mean(parts), MEAN)

    def penalty(self, t: int) -> None:
        """With regularization: R@t and the regularized cost J@t = L@t + R@t."""
        if self.arch.training is not None and self.arch.training.regularization:
            define_penalty(self.graph, self.arch.training, list(self.arch.parameters(t)), t)

    def step(self, t: int) -> None:
        """Step t: forward passes, the chain rule from each sample's loss, the mean, the update."""
        losses = [self.forward(t, s) for s in range(1, self.arch.samples + 1)]
        if self.arch.batch:
            self.batch_loss(t)
        self.penalty(t)
        parameters = list(self.arch.parameters(t))
        for s, loss in enumerate(losses, start=1):
            if self.template is None or not REPLAY:
                self.backward[(t, s)] = self.template = backward(self.graph, loss, parameters)
            else:
                move = self.movers[(t, s)] = mover(self.arch, t, s)
                self.backward[(t, s)] = replay(self.graph, self.template, move)
        for parameter in parameters:
            gradient = ids.gradient(ids.value(ids.LOSS, step=t), parameter)
            if self.arch.batch:
                self.graph.define(gradient, batch_mean(tuple(Ref(ids.gradient(loss, parameter)) for loss in losses)),
                                  MEAN)
            if self.arch.training is not None:
                train(self.graph, self.arch.training, parameter, gradient, t)
                continue
            updated = ids.value(parameter.kind, parameter.layer, parameter.indices, t + 1)
            self.graph.define(updated, sgd_update(Ref(parameter), Ref(gradient)), UPDATE)

    def build(self) -> NetworkGraph:
        arch = self.arch
        self.graph.given(LEARNING_RATE)
        for hyperparameter in hyperparameters(arch.training):
            self.graph.given(hyperparameter)
        for s in range(1, arch.samples + 1):
            for k in range(arch.widths[0]):
                self.graph.given(ids.value(ids.ACTIVATION, 0, (k,), 1, arch.sample(s)))
            for j in range(arch.widths[-1]):
                self.graph.given(ids.value(ids.TARGET, None, (j,), 1, arch.sample(s)))
        for parameter in arch.parameters(1):
            self.graph.given(parameter)
        for t in range(1, arch.steps + 1):
            self.step(t)
        for s in range(1, arch.samples + 1):
            self.forward(arch.steps + 1, s)
        if arch.batch:
            self.batch_loss(arch.steps + 1)
        self.penalty(arch.steps + 1)
        return NetworkGraph(arch, self.graph, self.backward, self.movers)


REPLAY = True  # every sample's and step's chain rule replayed from the first's (False: each worked out)


def mover(arch: Architecture, t: int, s: int):
    """Identity of the first sample at step 1 -> the same identity of sample s at step t: inputs and
    targets keep their step, parameters have no sample."""
    return _Moves(t, arch.sample(s)).__getitem__


class _Moves(dict):
    """The identities moved so far (a lookup, once moved: `mover` is called for every reference)."""

    __slots__ = ("step", "sample")

    def __init__(self, step: int, sample):
        super().__init__()
        self.step, self.sample = step, sample

    def __missing__(self, identity: Identity) -> Identity:
        kind = identity.kind
        if kind == ids.GRADIENT:
            result = ids.gradient(self[identity.of], self[identity.wrt])
        elif kind == ids.LOCAL:
            result = ids.local(self[identity.of], self[identity.wrt])
        elif kind not in _MOVED:
            raise ValueError(f"{identity!r} is no value of a sample's chain rule")
        elif kind == ids.TARGET or (kind == ids.ACTIVATION and identity.layer == 0):
            result = ids.value(kind, identity.layer, identity.indices, identity.step, self.sample)
        else:
            result = ids.value(kind, identity.layer, identity.indices, self.step,
                               None if identity.sample is None else self.sample)
        self[identity] = result
        return result


_MOVED = {ids.PRE_ACTIVATION, ids.ACTIVATION, ids.TARGET, ids.LOSS, ids.WEIGHT, ids.BIAS}


def weighted_sum(l: int, j: int, t: int, previous: list, has_bias: bool) -> Call:
    """z_j = Σ_k w_jk·a_k (+ b_j) of layer l at step t, over the refs of the previous layer's a."""
    terms = [Call("mul", (Ref(ids.value(ids.WEIGHT, l, (j, k), t)), a_k)) for k, a_k in enumerate(previous)]
    if has_bias:
        terms.append(Ref(ids.value(ids.BIAS, l, (j,), t)))
    return Call("add", tuple(terms))


def activation_rule(activation: str, slope, zs: list, j: int):
    """a_j = f(z_j) as a call of the registry's operation (softmax: of the whole layer)."""
    if activation == "softmax":
        return Call("softmax", tuple(zs), j)
    return Call(activation, (zs[j],), slope if activation == "leaky_relu" else None)


def sgd_update(parameter: Ref, gradient: Ref):
    """p − α·dL/dp."""
    return Call("sub", (parameter, Call("mul", (Ref(LEARNING_RATE), gradient))))


def built(architecture: tuple) -> NetworkGraph:
    """The graph of an architecture (`Spec.architecture()`), built anew: derivation.derive's own,
    which it lets go of in part once its quantities are read (`NetworkGraph.read`)."""
    return _Builder(Architecture(*architecture)).build()


@lru_cache(maxsize=32)
def build(architecture: tuple) -> NetworkGraph:
    """The graph of an architecture, built once (whole: never `read`)."""
    return built(architecture)


def given_values(spec) -> dict[Identity, Fraction]:
    """A spec's numbers by identity: learning rate, inputs and targets, step 1's parameters."""
    values: dict[Identity, Fraction] = {LEARNING_RATE: spec.learning_rate}
    values.update({Identity(name): value for name, value in spec.training.givens().items()})
    for s, (x, y) in enumerate(zip(spec.inputs, spec.targets), start=1):
        sample = s if spec.batch else None
        values.update({ids.value(ids.ACTIVATION, 0, (k,), 1, sample): v for k, v in enumerate(x)})
        values.update({ids.value(ids.TARGET, None, (j,), 1, sample): v for j, v in enumerate(y)})
    for l, layer in enumerate(spec.layers, start=1):
        for j, row in enumerate(layer.weights):
            values.update({ids.value(ids.WEIGHT, l, (j, k)): v for k, v in enumerate(row)})
            if layer.has_bias:
                values[ids.value(ids.BIAS, l, (j,))] = layer.biases[j]
    return values


__all__ = ["Architecture", "Backward", "NetworkGraph", "build", "given_values"]
