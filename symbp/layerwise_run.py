"""The layer-wise engine's loops: a compiled pattern (layerwise.py) and a spec's numbers -> values.

In:  `layerwise.Compiled` (an architecture's chain rule compiled for a number domain) and a spec.
Out: ({quantity name: value} in the derivation's order, whether a value outgrew exact arithmetic);
     `Undefined` where a value cannot be computed in this domain (evaluate.solve then tries more
     digits, or lets the graph's path name the value).

Each value is computed as the graph's program computes its node (evaluate._run): a weighted sum
((w_0·a_0 + w_1·a_1) + …) + b, a gradient Σ_j upstream_j · local_j in the order of the consumers,
1·∂L/∂a for the output's ∂L/∂a, δ·1 for ∂L/∂b, the batch mean (1/n)·((g_1 + g_2) + …), the update
p − α·g — with the domain's own arithmetic; a quantity whose exact numerator or denominator
outgrows MAX_EXACT_BITS is lifted to the domain's high precision, and what follows from it too.
"""

from __future__ import annotations

import operator
from fractions import Fraction
from functools import reduce
from math import lcm

from . import names
from .core.numeric import MAX_EXACT_BITS

ONE = Fraction(1)  # dL/dL, and ∂z/∂b


def _exact(values) -> bool:
    return all(type(v) is Fraction for v in values)


def _exact_products(xs, ys, last) -> Fraction:
    """Σ x_k·y_k (+ last) of Fractions, over the least common denominator: the same Fraction as
    adding the products one by one, with one reduction instead of one per operation."""
    numerators = [x.numerator * y.numerator for x, y in zip(xs, ys)]
    denominators = [x.denominator * y.denominator for x, y in zip(xs, ys)]
    if last is not None:
        numerators.append(last.numerator)
        denominators.append(last.denominator)
    common = lcm(*denominators)
    return Fraction(sum([n * (common // d) for n, d in zip(numerators, denominators)]), common)


class Undefined(Exception):
    """A value that cannot be computed in this domain (its reason: the exception)."""


def values(compiled, spec) -> tuple[dict, bool]:
    """Every quantity's value, by name, in the derivation's order; and whether any was lifted."""
    try:
        run = _Run(compiled, spec)
        return run.all(), run.lifted
    except (ArithmeticError, ZeroDivisionError) as exc:
        raise Undefined(exc) from None


class _Run:
    def __init__(self, compiled, spec):
        self.compiled, self.pattern, self.arch = compiled, compiled.pattern, compiled.pattern.arch
        domain = self.domain = compiled.domain
        self.add, self.mul, self.sub = domain.add, domain.mul, domain.sub
        number = domain.number
        self.lifted = False
        self.inputs = [[number(v) for v in x] for x in spec.inputs]
        self.targets = [[number(v) for v in y] for y in spec.targets]
        self.parameters = [([[number(w) for w in row] for row in layer.weights],
                            [number(b) for b in layer.biases] if layer.has_bias else None) for layer in spec.layers]
        self.rate = number(spec.learning_rate)
        self.out: dict = {}

    def fit(self, value):
        """A quantity's value as it is kept: lifted when an exact number outgrows MAX_EXACT_BITS."""
        if type(value) is Fraction and (value.numerator.bit_length() > MAX_EXACT_BITS
                                        or value.denominator.bit_length() > MAX_EXACT_BITS):
            self.lifted = True
            return self.domain.lift(value)
        return value

    def emit(self, bare: list, numbers: list, sample, step: int) -> None:
        suffix = names.suffix(sample, step)
        self.out.update(zip([b + suffix for b in bare], numbers) if suffix else zip(bare, numbers))

    def all(self) -> dict:
        arch, pattern = self.arch, self.pattern
        count = len(self.inputs)
        mean = Fraction(1, count)
        for t in range(1, arch.steps + 2):
            losses, gradients = [], []
            for s, (x, y) in enumerate(zip(self.inputs, self.targets), start=1):
                smp = arch.sample(s)
                acts, pres, loss = self.forward(x, y)
                losses.append(loss)
                self.emit(pattern.forward_names, [v for a, z in zip(acts, pres) for v in (*z, *a)] + [loss], smp, t)
                if t <= arch.steps:
                    shown, flat = self.backward(x, y, acts, pres)
                    self.emit(pattern.backward_names, shown, smp, t)
                    gradients.append(flat)
            if arch.batch:
                loss = pattern.forward_names[-1]  # (the batch's mean loss is named as a sample's, without the sample)
                self.emit([loss], [self.fit(self.mul(mean, reduce(self.add, losses)))], None, t)
            if t > arch.steps:
                break
            if arch.batch:
                average = [self.fit(self.mul(mean, reduce(self.add, column))) for column in zip(*gradients)]
                self.emit(pattern.gradient_names, average, None, t)
            else:
                average = gradients[0]
            self.update(average, t)
        return self.out

    def products(self, xs, ys, last=None):
        """((x_0·y_0 + x_1·y_1) + …) + last (None: without), as the graph's program computes such a
        sum (`closures._sum_of_products`) — of exact numbers alone, over one common denominator."""
        if (last is None or type(last) is Fraction) and _exact(xs) and _exact(ys):
            return _exact_products(xs, ys, last)
        add, mul = self.add, self.mul
        total = mul(xs[0], ys[0])
        for k in range(1, len(xs)):
            total = add(total, mul(xs[k], ys[k]))
        return total if last is None else add(total, last)

    def forward(self, x: list, y: list) -> tuple:
        fit, products = self.fit, self.products
        acts, pres, previous = [], [], x
        for (weights, biases), (applies, _, partials) in zip(self.parameters, self.compiled.layers):
            zs = [fit(products(row, previous, None if biases is None else biases[j])) for j, row in enumerate(weights)]
            if partials is None:  # elementwise
                previous = [fit(apply([z])) for apply, z in zip(applies, zs)]
            else:
                previous = [fit(apply(zs)) for apply in applies]
            acts.append(previous)
            pres.append(zs)
        loss = fit(self.compiled.loss(previous + pres[-1] + y))
        return acts, pres, loss

    def backward(self, x: list, y: list, acts: list, pres: list) -> tuple:
        """(the sample's backward quantities in the derivation's order, its ∂L/∂p in the parameters' order)."""
        add, mul, fit = self.add, self.mul, self.fit
        depth = self.arch.depth
        output = acts[-1] + pres[-1] + y
        upstream = [mul(ONE, partial(output)) for partial in self.compiled.loss_partials]  # ∂L/∂a^L (no quantity)
        everything, grads_by_layer = [], [None] * depth
        deltas = None
        for l in range(depth, 0, -1):
            applies, derivative, partials = self.compiled.layers[l - 1]
            a, z = acts[l - 1], pres[l - 1]
            shown = []
            if l < depth:  # ∂L/∂a_k = Σ_j δ_j · w_jk (the consumers z_j of the next layer, in order)
                upstream = [fit(self.products(deltas, column)) for column in zip(*self.parameters[l][0])]
            if derivative is not None:  # δ = ∂L/∂a · f'(z)
                slopes = [fit(derivative([a_k, z_k])) for a_k, z_k in zip(a, z)]
                deltas = [fit(mul(u, f)) for u, f in zip(upstream, slopes)]
                shown += slopes
            else:  # softmax: δ_j = Σ_i ∂L/∂a_i · ∂a_i/∂z_j
                env = a + z + (y if l == depth else [])
                deltas = []
                for j in range(len(z)):
                    terms = [row[j](env) for row in partials]
                    total = mul(upstream[0], terms[0])
                    for i in range(1, len(terms)):
                        total = add(total, mul(upstream[i], terms[i]))
                    deltas.append(fit(total))
            if l < depth:
                shown += upstream
            shown += deltas
            previous = acts[l - 2] if l > 1 else x
            biases = self.parameters[l - 1][1]
            grads = []
            exact = _exact(deltas) and _exact(previous)
            for j, d in enumerate(deltas):
                grads += [fit(d * p) for p in previous] if exact else [fit(mul(d, p)) for p in previous]
                if biases is not None:
                    grads.append(fit(d * ONE if exact else mul(d, ONE)))
            shown += grads
            everything += shown
            grads_by_layer[l - 1] = grads
        return everything, [g for grads in grads_by_layer for g in grads]

    def update(self, gradients: list, t: int) -> None:
        """p − α·g of every parameter, in order: the parameters of step t + 1."""
        sub, mul, fit, rate = self.sub, self.mul, self.fit, self.rate
        if _exact(gradients) and type(rate) is Fraction and all(_exact(b or ()) and all(map(_exact, w))
                                                                 for w, b in self.parameters):
            sub, mul = operator.sub, operator.mul  # (what the domain does with two Fractions)
        flat = iter(gradients)
        updated, shown = [], []
        for weights, biases in self.parameters:
            rows, new_biases = [], None if biases is None else []
            for j, row in enumerate(weights):
                rows.append([fit(sub(w, mul(rate, next(flat)))) for w in row])
                shown += rows[-1]
                if biases is not None:
                    new_biases.append(fit(sub(biases[j], mul(rate, next(flat)))))
                    shown.append(new_biases[-1])
            updated.append((rows, new_biases))
        self.parameters = updated
        self.emit(self.pattern.parameter_names, shown, None, t + 1)
