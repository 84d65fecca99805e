"""Exact values layer by layer: a spec's numbers -> the value of every quantity, without the graph.

In:  an architecture (`Spec.architecture()`) of plain SGD, a number domain (`core.numeric.Domain`)
     and the spec's numbers.
Out: {quantity name: value} in the derivation's order (the JSON key's), equal to what evaluating
     the architecture's graph gives (evaluate.py): every value computed by the same operations of
     the same domain in the same order, each quantity lifted to high precision where its exact
     numerator or denominator outgrows MAX_EXACT_BITS; `Undefined` where a value is undefined.

The chain rule is worked out once per layer pattern, by the graph's own machinery
(`core.chain.local_formula`) on a small graph of step 1's first sample — every layer's
activations, the loss: ∂L/∂a_j of each output, f'(z) of an elementwise layer (its first neuron's,
checked to be the last one's moved), ∂a_i/∂z_j of a softmax layer; a dense layer's ∂z/∂w = a,
∂z/∂b = 1 and ∂z/∂a = w are checked to be what it gives.  Those trees are compiled once per domain
(core/closures.py) and applied by plain loops over neurons, samples and steps (layerwise_run.py).
An architecture it does not cover (an optimizer, regularization) gives None: the graph's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from . import names
from .core import chain
from .core import identity as ids
from .core.closures import compile_slots
from .core.expr import Const, Ref, relabel
from .core.graph import Graph
from .core.operations import OPERATIONS
from .losses import LOSSES
from .network import ELEMENTWISE, Architecture, activation_rule, weighted_sum


@dataclass
class LayerPattern:
    """One dense layer's forms, over its values at step 1 of the first sample."""

    width: int
    rules: list  # a_j's definition (a Call of the registry's operation) per neuron
    elementwise: bool
    derivative: object = None  # elementwise: f'(z_0) as a tree over (a_0, z_0)
    partials: list | None = None  # softmax: [i][j] ∂a_i/∂z_j, trees over the layer's values
    key: dict | None = None  # identity -> index in the layer's values: a, then z (then y, the output layer)
    neuron: dict | None = None  # a_0, z_0 -> 0, 1: the first neuron's values, where f'(z) is read


@dataclass
class Pattern:
    """An architecture's chain rule, once per layer pattern, and its quantities' names."""

    arch: Architecture
    layers: list
    loss: object  # one sample's loss, a tree over the output layer's values (a, z, y)
    loss_partials: list  # ∂L/∂a_j per output j, trees over the same
    forward_names: list  # bare names (no sample, no step) of a sample's forward pass, in order
    backward_names: list  # ... of its backward pass
    gradient_names: list  # ... of ∂L/∂p, every parameter in order
    parameter_names: list  # ... of the parameters, in order


_PATTERNS: dict = {}


def pattern(architecture: tuple) -> Pattern | None:
    """The architecture's pattern (once), or None when this engine does not cover it."""
    if not covers(architecture):
        return None
    if architecture not in _PATTERNS:
        if len(_PATTERNS) >= 32:
            _PATTERNS.clear()
        _PATTERNS[architecture] = _pattern(Architecture(*architecture))
    return _PATTERNS[architecture]


def covers(architecture: tuple) -> bool:
    """Plain SGD without regularization, with the graph's local derivatives of sums of products
    (chain.FAST): what this engine computes.  Everything else (an optimizer, regularization, the
    calculator mode — which evaluate.solve keeps on the graph) goes through the graph."""
    return Architecture(*architecture).training is None and chain.FAST


def _values(kind: str, l: int, width: int, smp) -> list:
    return [ids.value(kind, l, (j,), 1, smp) for j in range(width)]


def _pattern(arch: Architecture) -> Pattern | None:
    """The forms, read off a graph of step 1's first sample: every layer's activations over its z (the
    first neuron's z its weighted sum, for `_dense_locals`), the loss over the output's a and y."""
    graph, smp, layers = Graph(), arch.sample(1), []
    previous = [graph.given(i) for i in _values(ids.ACTIVATION, 0, arch.widths[0], smp)]
    for l, (activation, has_bias, slope) in enumerate(arch.layers, start=1):
        width = arch.widths[l]
        z = _values(ids.PRE_ACTIVATION, l, width, smp)
        for k in range(len(previous)):
            graph.given(ids.value(ids.WEIGHT, l, (0, k)))
        if has_bias:
            graph.given(ids.value(ids.BIAS, l, (0,)))
        zs = [graph.define(z[0], weighted_sum(l, 0, 1, previous, has_bias))]
        zs += [graph.given(i) for i in z[1:]]
        if not _dense_locals(graph, z[0], l, previous, has_bias):
            return None
        rules = [activation_rule(activation, slope, zs, j) for j in range(width)]
        previous = [graph.define(ids.value(ids.ACTIVATION, l, (j,), 1, smp), rule) for j, rule in enumerate(rules)]
        key = {r.identity: i for i, r in enumerate(previous + zs)}
        layers.append(LayerPattern(width, rules, OPERATIONS[activation].arity == ELEMENTWISE, key=key,
                                   neuron={previous[0].identity: 0, zs[0].identity: 1}))
    targets = [graph.given(i) for i in [ids.value(ids.TARGET, None, (j,), 1, smp) for j in range(arch.widths[-1])]]
    output = layers[-1]
    output.key.update({r.identity: 2 * output.width + j for j, r in enumerate(targets)})
    loss = ids.value(ids.LOSS, step=1, sample=smp)
    graph.define(loss, LOSSES[arch.loss].build(previous, targets))
    for l, layer in enumerate(layers, start=1):
        a, z = _values(ids.ACTIVATION, l, layer.width, smp), _values(ids.PRE_ACTIVATION, l, layer.width, smp)
        if layer.elementwise:
            layer.derivative = chain.local_formula(graph, a[0], z[0])
            last = layer.width - 1
            moved = {a[0]: a[last], z[0]: z[last]}
            if relabel(layer.derivative, lambda i: moved.get(i, i)) != chain.local_formula(graph, a[last], z[last]):
                return None
        else:
            layer.partials = [[chain.local_formula(graph, a[i], z[j]) for j in range(layer.width)]
                              for i in range(layer.width)]
    a_out, shapes = _values(ids.ACTIVATION, arch.depth, arch.widths[-1], smp), {}
    return Pattern(arch, layers, graph[loss].definition, [chain.local_formula(graph, loss, a, shapes) for a in a_out],
                   *_names(arch, layers))


def _dense_locals(graph: Graph, z, l: int, previous: list, has_bias: bool) -> bool:
    """Whether the chain rule's local derivatives of a neuron's weighted sum are ∂z/∂w_k = a_k,
    ∂z/∂a_k = w_k (beyond the first layer) and ∂z/∂b = 1, as the engine applies them."""
    expected = {}
    for k in {0, len(previous) - 1}:  # (the first and the last: every term has one form)
        expected[ids.value(ids.WEIGHT, l, (0, k))] = previous[k]
        if l > 1:
            expected[previous[k].identity] = Ref(ids.value(ids.WEIGHT, l, (0, k)))
    if has_bias:
        expected[ids.value(ids.BIAS, l, (0,))] = Const(Fraction(1))
    shapes: dict = {}
    return all(chain.local_formula(graph, z, wrt, shapes) == tree for wrt, tree in expected.items())


def _names(arch: Architecture, layers: list) -> tuple:
    """(forward, backward, gradient, parameter) bare names, in the derivation's order (derivation._View)."""
    loss = ids.value(ids.LOSS)

    def of_gradient(identity):
        return ids.gradient(loss, identity)

    def neurons(kind: str, l: int, of=None) -> list:
        first = ids.value(kind, l, (0,))
        return _named(first if of is None else of(first), [(j,) for j in range(arch.widths[l])])

    def parameters(l: int, of=None) -> list:
        rows, columns, has_bias = arch.widths[l], arch.widths[l - 1], arch.layers[l - 1][1]
        weights = _named(of(ids.value(ids.WEIGHT, l, (0, 0))), [(j, k) for j in range(rows) for k in range(columns)])
        biases = _named(of(ids.value(ids.BIAS, l, (0,))), [(j,) for j in range(rows)]) if has_bias else None
        return [name for j in range(rows)
                for name in weights[j * columns:(j + 1) * columns] + ([biases[j]] if has_bias else [])]

    forward = [name for l in range(1, arch.depth + 1)
               for kind in (ids.PRE_ACTIVATION, ids.ACTIVATION) for name in neurons(kind, l)] + [names.name(loss)]
    gradients = {l: parameters(l, of_gradient) for l in range(1, arch.depth + 1)}
    backward = []
    for l in range(arch.depth, 0, -1):
        if layers[l - 1].elementwise:  # f'(z_j) = ∂a_j/∂z_j
            backward += neurons(ids.ACTIVATION, l, lambda a: ids.local(a, ids.value(ids.PRE_ACTIVATION, l, a.indices)))
        if l < arch.depth:  # ∂L/∂a_k of a hidden layer
            backward += neurons(ids.ACTIVATION, l, of_gradient)
        backward += neurons(ids.PRE_ACTIVATION, l, of_gradient) + gradients[l]
    return (forward, backward, [n for l in sorted(gradients) for n in gradients[l]],
            [n for l in sorted(gradients) for n in parameters(l, lambda p: p)])


def _named(first: ids.Identity, indices: list) -> list:
    """The names of the quantity `first` (of a neuron's or weight's indices 0) at each of `indices`:
    its name in the scheme (core/identity.py) with the indices written in, where it writes them."""
    marker = "_{}^"
    parts = names.name(first).split(marker.format(ids.indices_text((0,) * len(indices[0]))))
    return [marker.format(ids.indices_text(i)).join(parts) for i in indices]


@dataclass
class Compiled:
    """A pattern's trees compiled for one number domain."""

    pattern: Pattern
    domain: object
    layers: list  # per layer: (applies per neuron, f'(a, z) or None, [[∂a_i/∂z_j]] or None)
    loss: object
    loss_partials: list


_COMPILED: dict = {}


def compiled(architecture: tuple, domain) -> Compiled | None:
    """The architecture's pattern compiled for `domain` (once), or None when not covered."""
    key = (architecture, domain)
    if key not in _COMPILED:
        found = pattern(architecture)
        if len(_COMPILED) >= 32:
            _COMPILED.clear()
        _COMPILED[key] = None if found is None else _compile(found, domain)
    return _COMPILED[key]


def _compile(found: Pattern, domain) -> Compiled:
    layers = []
    for layer in found.layers:
        applies = [domain.operation(rule.op, rule.param, len(rule.args)) for rule in layer.rules]
        derivative = partials = None
        if layer.elementwise:
            derivative = compile_slots(layer.derivative, domain, layer.neuron.__getitem__)
        else:
            partials = [[compile_slots(tree, domain, layer.key.__getitem__) for tree in row] for row in layer.partials]
        layers.append((applies, derivative, partials))
    output = found.layers[-1].key.__getitem__
    return Compiled(found, domain, layers, compile_slots(found.loss, domain, output),
                    [compile_slots(tree, domain, output) for tree in found.loss_partials])
