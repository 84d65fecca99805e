"""The quantities of a worked solution: an architecture's graph (network.py) -> ordered `Quantity`s
(derivation_quantities.py: what a quantity says of itself, and its kinds).

The formulas are the chain rule's own: δ^L = ∂L/∂a · f'(z) with ∂L/∂a the local derivative SymPy
worked out from the loss's definition (factored for the page), δ^l = (Σ_j w_jk δ_j) · f'(z) with
w_jk the local derivative ∂z_j/∂a_k, ∂L/∂w = δ · a with a = ∂z/∂w.  They are cached with the graph
per architecture: worksheet variants of one architecture share one derivation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from . import names
from .core import identity as ids
from . import network as networks
from .core.expr import Call, Const, Ref
from .core.identity import Identity
from .derivation_forms import factored, sympy_form, targets_summed
from .derivation_quantities import (ACTIVATION, ACTIVATION_DERIVATIVE, BACKPROPAGATED, BIAS_GRADIENT, BIAS_UPDATE,
                                    HIDDEN_DELTA, LOSS, OUTPUT_DELTA, PRE_ACTIVATION, SAMPLE_LOSS, WEIGHT_GRADIENT,
                                    WEIGHT_UPDATE, Quantity, _Moved, _Read)
from .losses import LOSSES
from .network import ELEMENTWISE, NetworkGraph, built
from .training import penalty_quantities, training_quantities


@dataclass
class Derivation:
    """All quantities in order of computation, and the names of the givens they rest on."""

    architecture: tuple
    quantities: list[Quantity]
    givens: list[str]
    network: NetworkGraph | None = None
    by_name: dict[str, Quantity] = field(default_factory=dict)
    _symbols: dict = field(default_factory=dict, repr=False)
    _exprs: dict = field(default_factory=dict, repr=False)  # name -> SymPy expression, memoized

    def __post_init__(self):
        self.by_name = {q.name: q for q in self.quantities}

    def symbol(self, name: str):
        """The SymPy symbol of a quantity or given, by name."""
        if name not in self._symbols:
            import sympy

            self._symbols[name] = sympy.Symbol(name, real=True)
        return self._symbols[name]

    def expr(self, quantity: Quantity):
        """The SymPy expression of a quantity's formula in the symbols of what it is written from."""
        if quantity.name not in self._exprs:
            from .formula import to_sympy

            self._exprs[quantity.name] = to_sympy(quantity.formula, self.symbol)
        return self._exprs[quantity.name]


class _View:
    """Reads the quantities off the graph, in the worked solution's order."""

    def __init__(self, network: NetworkGraph):
        self.network = network
        self.arch = network.architecture
        self.graph = network.graph
        self.quantities: list[Quantity] = []
        self.template: list | None = None  # step 1's first sample's quantities, moved to the others

    def add(self, identity: Identity, kind: str, formula, chain=None, unsimplified=None, tree=None, **where) -> None:
        self.quantities.append(_Read(names.name(identity), kind, formula, chain=chain, unsimplified=unsimplified,
                                     identity=identity, tree=formula if tree is None else tree, arch=self.arch,
                                     **where))

    def defined(self, identity: Identity, kind: str, **where) -> None:
        """A quantity written as its own definition (z, a, L, a batch mean, an update)."""
        self.add(identity, kind, self.graph[identity].definition, **where)

    # ---- forward pass ----------------------------------------------------------------------------
    def forward(self, t: int, s: int) -> None:
        smp = self.arch.sample(s)
        for l in range(1, self.arch.depth + 1):
            for kind, value_kind in ((PRE_ACTIVATION, ids.PRE_ACTIVATION), (ACTIVATION, ids.ACTIVATION)):
                for j in range(self.arch.widths[l]):
                    self.defined(ids.value(value_kind, l, (j,), t, smp), kind, layer=l, index=(j,), sample=smp, step=t)
        self.defined(ids.value(ids.LOSS, step=t, sample=smp), SAMPLE_LOSS if self.arch.batch else LOSS,
                     sample=smp, step=t)

    # ---- backward pass ---------------------------------------------------------------------------
    def local(self, t: int, s: int, consumer: Identity, node: Identity):
        """The tree of the local derivative ∂consumer/∂node (a node of the chain rule from L[s]@t)."""
        return self.graph[self.network.backward[(t, s)].locals[(consumer, node)]].definition

    def output_delta(self, t: int, s: int, j: int) -> None:
        smp, L = self.arch.sample(s), self.arch.depth
        loss = ids.value(ids.LOSS, step=t, sample=smp)
        a = [ids.value(ids.ACTIVATION, L, (i,), t, smp) for i in range(self.arch.widths[L])]
        z = [ids.value(ids.PRE_ACTIVATION, L, (i,), t, smp) for i in range(self.arch.widths[L])]
        delta = ids.gradient(loss, z[j])
        where = dict(layer=L, index=(j,), sample=smp, step=t)
        if _is_elementwise(self.arch.layers[L - 1][0]):
            formula = Call("mul", (factored(self.local(t, s, loss, a[j])), Ref(ids.local(a[j], z[j]))))
            chain = Call("mul", (Ref(ids.gradient(loss, a[j])), Ref(ids.local(a[j], z[j]))))
            self.add(delta, OUTPUT_DELTA, formula, chain, **where)
            return
        # softmax: δ_j = Σ_i ∂L/∂a_i · ∂a_i/∂z_j, with ∂a_i/∂z_j = a_i(δ_ij − a_j)
        terms = tuple(Call("mul", (sympy_form(self.local(t, s, loss, a[i])), *self.local(t, s, a[i], z[j]).args))
                      for i in range(len(a)))
        chain = Call("add", tuple(Call("mul", (Ref(ids.gradient(loss, a[i])), Ref(ids.local(a[i], z[j]))))
                                  for i in range(len(a))))
        if not LOSSES[self.arch.loss].targets_sum_to_one:
            self.add(delta, OUTPUT_DELTA, Call("add", terms), chain, **where)  # the chain-rule sum, as it is
            return
        targets = [ids.value(ids.TARGET, None, (i,), 1, smp) for i in range(len(a))]
        self.add(delta, OUTPUT_DELTA, targets_summed(Call("add", terms), targets, j), chain, Call("add", terms), **where)

    def hidden_delta(self, t: int, s: int, l: int, k: int) -> None:
        smp = self.arch.sample(s)
        loss = ids.value(ids.LOSS, step=t, sample=smp)
        a_k, z_k = ids.value(ids.ACTIVATION, l, (k,), t, smp), ids.value(ids.PRE_ACTIVATION, l, (k,), t, smp)
        z_next = [ids.value(ids.PRE_ACTIVATION, l + 1, (j,), t, smp) for j in range(self.arch.widths[l + 1])]
        backpropagated = Call("add", tuple(Call("mul", (self.local(t, s, z, a_k), Ref(ids.gradient(loss, z))))
                                           for z in z_next))
        formula = Call("mul", (backpropagated, Ref(ids.local(a_k, z_k))))
        chain = Call("mul", (Call("add", tuple(Call("mul", (Ref(ids.local(z, a_k)), Ref(ids.gradient(loss, z))))
                                               for z in z_next)), Ref(ids.local(a_k, z_k))))
        self.add(ids.gradient(loss, z_k), HIDDEN_DELTA, formula, chain, layer=l, index=(k,), sample=smp, step=t)

    def gradients(self, t: int, s: int, l: int) -> None:
        smp = self.arch.sample(s)
        loss = ids.value(ids.LOSS, step=t, sample=smp)
        has_bias = self.arch.layers[l - 1][1]
        for j in range(self.arch.widths[l]):
            z = ids.value(ids.PRE_ACTIVATION, l, (j,), t, smp)
            delta = Ref(ids.gradient(loss, z))
            parameters = [(WEIGHT_GRADIENT, ids.value(ids.WEIGHT, l, (j, k), t)) for k in range(self.arch.widths[l - 1])]
            parameters += [(BIAS_GRADIENT, ids.value(ids.BIAS, l, (j,), t))] if has_bias else []
            for kind, parameter in parameters:
                local = self.local(t, s, z, parameter)
                formula = delta if type(local) is Const and local.value == 1 else Call("mul", (delta, local))  # ∂z/∂b = 1
                chain = Call("mul", (Ref(ids.gradient(loss, z)), Ref(ids.local(z, parameter))))
                self.add(ids.gradient(loss, parameter), kind, formula, chain, layer=l, index=parameter.indices,
                         sample=smp, step=t)

    def derivatives(self, t: int, s: int, l: int) -> None:
        """f'(z_j^l) of an elementwise activation: the local derivative ∂a/∂z of the chain rule,
        written through the output where the activation has such a form (σ' = a(1 − a))."""
        from .core.operations import OPERATIONS

        smp = self.arch.sample(s)
        activation = self.arch.layers[l - 1][0]
        if not _is_elementwise(activation):
            return
        for j in range(self.arch.widths[l]):
            a, z = ids.value(ids.ACTIVATION, l, (j,), t, smp), ids.value(ids.PRE_ACTIVATION, l, (j,), t, smp)
            definition = self.local(t, s, a, z)
            shown = definition if OPERATIONS[activation].output_form is not None else Ref(ids.local(a, z))
            self.add(ids.local(a, z), ACTIVATION_DERIVATIVE, shown, layer=l, index=(j,), sample=smp, step=t,
                     tree=definition)

    def backpropagated(self, t: int, s: int, l: int) -> None:
        """(W^{l+1})^T δ^{l+1} of a hidden layer: ∂L/∂a_k^l = Σ_j w_jk^{l+1} δ_j^{l+1}."""
        smp = self.arch.sample(s)
        loss = ids.value(ids.LOSS, step=t, sample=smp)
        z_next = [ids.value(ids.PRE_ACTIVATION, l + 1, (j,), t, smp) for j in range(self.arch.widths[l + 1])]
        for k in range(self.arch.widths[l]):
            a_k = ids.value(ids.ACTIVATION, l, (k,), t, smp)
            total = Call("add", tuple(Call("mul", (self.local(t, s, z, a_k), Ref(ids.gradient(loss, z)))) for z in z_next))
            self.add(ids.gradient(loss, a_k), BACKPROPAGATED, total, layer=l, index=(k,), sample=smp, step=t)

    def backward(self, t: int, s: int) -> None:
        self.derivatives(t, s, self.arch.depth)
        for j in range(self.arch.widths[-1]):
            self.output_delta(t, s, j)
        self.gradients(t, s, self.arch.depth)
        for l in range(self.arch.depth - 1, 0, -1):
            self.derivatives(t, s, l)
            self.backpropagated(t, s, l)
            for k in range(self.arch.widths[l]):
                self.hidden_delta(t, s, l, k)
            self.gradients(t, s, l)

    # ---- steps -----------------------------------------------------------------------------------
    def step(self, t: int) -> None:
        for s in range(1, self.arch.samples + 1):
            if self.template is not None and networks.REPLAY:
                move = self.network.movers.get((t, s)) or networks.mover(self.arch, t, s)
                sample = self.arch.sample(s)
                self.quantities.extend(_Moved.of(q, move, sample, t) for q in self.template)
                continue
            first = len(self.quantities)
            self.forward(t, s)
            self.backward(t, s)
            if self.template is None:
                self.template = self.quantities[first:]
        mean_loss = ids.value(ids.LOSS, step=t)
        if self.arch.batch:
            self.defined(mean_loss, LOSS, step=t)
            for parameter in self.arch.parameters(t):
                kind = WEIGHT_GRADIENT if parameter.kind == ids.WEIGHT else BIAS_GRADIENT
                self.defined(ids.gradient(mean_loss, parameter), kind, layer=parameter.layer, index=parameter.indices,
                             step=t)
        self.penalty(t)
        for parameter in self.arch.parameters(t):
            if self.arch.training is not None:
                for identity, kind in training_quantities(self.graph, self.arch.training, parameter, t):
                    self.defined(identity, kind, layer=parameter.layer, index=parameter.indices, step=t)
            kind = WEIGHT_UPDATE if parameter.kind == ids.WEIGHT else BIAS_UPDATE
            self.defined(ids.value(parameter.kind, parameter.layer, parameter.indices, t + 1), kind,
                         layer=parameter.layer, index=parameter.indices, step=t + 1)

    def build(self) -> list[Quantity]:
        for t in range(1, self.arch.steps + 1):
            self.step(t)
        final = self.arch.steps + 1
        for s in range(1, self.arch.samples + 1):
            self.forward(final, s)
        if self.arch.batch:
            self.defined(ids.value(ids.LOSS, step=final), LOSS, step=final)
        self.penalty(final)
        return self.quantities

    def penalty(self, t: int) -> None:
        """With regularization: R@t and J@t = L@t + R@t."""
        for identity, kind in penalty_quantities(self.arch.training, t):
            self.defined(identity, kind, step=t)


def _is_elementwise(activation: str) -> bool:
    from .core.operations import OPERATIONS

    return OPERATIONS[activation].arity == ELEMENTWISE


def _givens(arch) -> list[str]:
    """The givens' names in the order the worked solution first uses them: per sample the inputs,
    interleaved with the first layer's parameters, the other layers' parameters, the targets; the
    learning rate last."""
    order: dict[str, None] = {}
    for s in range(1, arch.samples + 1):
        smp = arch.sample(s)
        for l, (_, has_bias, _) in enumerate(arch.layers, start=1):
            for j in range(arch.widths[l]):
                for k in range(arch.widths[l - 1]):
                    if l == 1:
                        order.setdefault(names.name(ids.value(ids.ACTIVATION, 0, (k,), 1, smp)))
                    order.setdefault(names.name(ids.value(ids.WEIGHT, l, (j, k))))
                if has_bias:
                    order.setdefault(names.name(ids.value(ids.BIAS, l, (j,))))
        for j in range(arch.widths[-1]):
            order.setdefault(names.name(ids.value(ids.TARGET, None, (j,), 1, smp)))
    order.setdefault(names.LEARNING_RATE)
    return list(order)


@lru_cache(maxsize=32)
def derive(architecture: tuple) -> Derivation:
    """The derivation for an architecture (`Spec.architecture()`), cached."""
    network = built(architecture)  # (its own, not network.build's cached one: it is `read` below)
    view = _View(network)
    derivation = Derivation(architecture, view.build(), _givens(network.architecture), network)
    network.read()
    return derivation


__all__ = ["Derivation", "Quantity", "derive"]
