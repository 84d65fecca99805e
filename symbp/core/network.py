"""Prototype: a dense network, its losses and plain SGD as builders on the core.

In:  a validated network `Spec` (symbp/spec.py).
Out: a `Graph` holding, for every step and sample, the forward pass (z, a, L), the chain rule's
     local derivatives and gradients (δ = dL/dz, dL/da, dL/dw, dL/db: `chain.backward` from each
     sample's own loss), the batch means, and the SGD update; plus the givens' values.

Nothing here knows a derivative: a layer, a loss and the update only say what each node is
computed from.  This module proves the core fits the network (its values equal those of
`symbp.pipeline.derive_solution`, see tests/test_core_network.py); the port of the pipeline
onto the core starts from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from . import identity as ids
from .chain import backward
from .expr import Call, Const, Ref
from .graph import Graph
from .identity import Identity

MEAN, UPDATE = "mean", "update"


def _one(terms: tuple):
    return terms[0] if len(terms) == 1 else Call("add", terms)


def _mean(n: int, total):
    return total if n == 1 else Call("mul", (Const(Fraction(1, n)), total))


def _half_sse(a, y):
    return Call("mul", (Const(Fraction(1, 2)), _one(tuple(Call("pow", (Call("sub", (yj, aj)),), 2)
                                                         for aj, yj in zip(a, y)))))


def _mse(a, y):
    return _mean(len(a), _one(tuple(Call("pow", (Call("sub", (yj, aj)),), 2) for aj, yj in zip(a, y))))


def _bce(a, y):
    one = Const(Fraction(1))
    terms = tuple(Call("add", (Call("mul", (yj, Call("ln", (aj,)))),
                               Call("mul", (Call("sub", (one, yj)), Call("ln", (Call("sub", (one, aj)),))))))
                  for aj, yj in zip(a, y))
    return Call("neg", (_mean(len(a), _one(terms)),))


def _cross_entropy(a, y):
    return Call("neg", (_one(tuple(Call("mul", (yj, Call("ln", (aj,)))) for aj, yj in zip(a, y))),))


# One sample's loss from the output refs and the target refs.
LOSS_BUILDERS = {"half_sse": _half_sse, "mse": _mse, "bce": _bce, "cross_entropy": _cross_entropy}


@dataclass
class NetworkGraph:
    graph: Graph
    givens: dict  # Identity -> Fraction


class _Builder:
    def __init__(self, spec):
        self.spec = spec
        self.graph = Graph()
        self.givens: dict[Identity, Fraction] = {}
        self.samples = range(1, spec.samples + 1)

    def sample(self, s: int) -> int | None:
        return s if self.spec.batch else None

    def give(self, identity: Identity, value) -> Ref:
        self.givens[identity] = Fraction(value)
        return self.graph.given(identity)

    def parameters(self, t: int):
        """(identity of the parameter at step t) for every weight and bias."""
        for l, layer in enumerate(self.spec.layers, start=1):
            for j, row in enumerate(layer.weights):
                for k in range(len(row)):
                    yield ids.value("w", l, (j, k), t)
                if layer.has_bias:
                    yield ids.value("b", l, (j,), t)

    def dense(self, l: int, t: int, smp, previous: list) -> list:
        """Layer l: z = W a + b, then a = f(z); returns the refs of a."""
        layer = self.spec.layers[l - 1]
        zs = []
        for j in range(len(layer.weights)):
            terms = [Call("mul", (Ref(ids.value("w", l, (j, k), t)), a_k)) for k, a_k in enumerate(previous)]
            if layer.has_bias:
                terms.append(Ref(ids.value("b", l, (j,), t)))
            zs.append(self.graph.define(ids.value("z", l, (j,), t, smp), Call("add", tuple(terms))))
        outputs = []
        for j, z in enumerate(zs):
            if layer.activation == "softmax":
                rule = Call("softmax", tuple(zs), j)
            else:
                slope = layer.negative_slope if layer.activation == "leaky_relu" else None
                rule = Call(layer.activation, (z,), slope)
            outputs.append(self.graph.define(ids.value("a", l, (j,), t, smp), rule))
        return outputs

    def forward(self, t: int, s: int) -> Identity:
        smp = self.sample(s)
        activations = [Ref(ids.value("a", 0, (k,), 1, smp)) for k in range(self.spec.widths[0])]
        for l in range(1, len(self.spec.layers) + 1):
            activations = self.dense(l, t, smp, activations)
        targets = [Ref(ids.value("y", None, (j,), 1, smp)) for j in range(self.spec.widths[-1])]
        loss = ids.value("L", step=t, sample=smp)
        self.graph.define(loss, LOSS_BUILDERS[self.spec.loss](activations, targets))
        return loss

    def batch_loss(self, t: int) -> None:
        parts = tuple(Ref(ids.value("L", step=t, sample=s)) for s in self.samples)
        self.graph.define(ids.value("L", step=t), _mean(len(parts), Call("add", parts)), MEAN)

    def step(self, t: int) -> None:
        losses = [self.forward(t, s) for s in self.samples]
        if self.spec.batch:
            self.batch_loss(t)
        for loss in losses:
            backward(self.graph, loss, list(self.parameters(t)))
        alpha = Ref(Identity(ids.LEARNING_RATE))
        for parameter in list(self.parameters(t)):
            gradient = ids.gradient(ids.value("L", step=t), parameter)
            if self.spec.batch:
                parts = tuple(Ref(ids.gradient(loss, parameter)) for loss in losses)
                self.graph.define(gradient, _mean(len(parts), Call("add", parts)), MEAN)
            updated = Identity(parameter.kind, parameter.layer, parameter.indices, t + 1)
            self.graph.define(updated, Call("sub", (Ref(parameter), Call("mul", (alpha, Ref(gradient))))), UPDATE)

    def build(self) -> NetworkGraph:
        spec = self.spec
        self.give(Identity(ids.LEARNING_RATE), spec.learning_rate)
        for s, (x, y) in zip(self.samples, zip(spec.inputs, spec.targets)):
            for k, v in enumerate(x):
                self.give(ids.value("a", 0, (k,), 1, self.sample(s)), v)
            for j, v in enumerate(y):
                self.give(ids.value("y", None, (j,), 1, self.sample(s)), v)
        for l, layer in enumerate(spec.layers, start=1):
            for j, row in enumerate(layer.weights):
                for k, w in enumerate(row):
                    self.give(ids.value("w", l, (j, k), 1), w)
                if layer.has_bias:
                    self.give(ids.value("b", l, (j,), 1), layer.biases[j])
        for t in range(1, spec.steps + 1):
            self.step(t)
        for s in self.samples:
            self.forward(spec.steps + 1, s)
        if spec.batch:
            self.batch_loss(spec.steps + 1)
        return NetworkGraph(self.graph, self.givens)


def build_network(spec) -> NetworkGraph:
    return _Builder(spec).build()
