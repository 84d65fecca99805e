"""The typical slips of a network's forward and backward pass, for `check`'s diagnosis.

In:  a wrong value's `diagnose.Case` (its quantity, the answer's own numbers `env`, the spec).
Out: the formulas the slip gives instead, which diagnose.py evaluates on the answer's own numbers
     (`SLIPS`: key -> case -> iterable of formula trees, in the order tried).  What a slip is
     called in a report lives in templates/i18n/<code>.toml (slip.<key>).

    wrong_activation_derivative   σ'(z) taken as σ(z), 1, z(1 − z), σ'(a) or another activation's
                                  derivative — in a δ, or in f'(z) written on its own
    extra_activation_derivative   softmax + cross-entropy's δ = a − y times a(1 − a)
    activation_applied_twice      a = f(f(z)), or z worked from f(a) of the layer before
    activation_of_input           a_j^l = f(a_j^(l−1)): the layer's input for its z
    batch_sum_for_mean            a batch's gradient (or loss) summed over the samples, not averaged
    mean_for_sum                  half the squared error averaged over the outputs, not summed
    gradient_transposed           ∂L/∂w_kj^l written for ∂L/∂w_jk^l (δ_k·a_j for δ_j·a_k), or
                                  used in w_jk's update
    other_neuron                  a gradient worked with another neuron's δ or input: δ_j·a_k' for
                                  δ_j·a_k (two gradients of a row swapped), δ_j' for ∂L/∂b_j
    weights_transposed            z, ∂L/∂a or δ worked with w_kj for w_jk (W for W^T or W^T for W)
    updated_weights               ∂L/∂a or δ worked with the weights after their update (w@2 for w)
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from . import names
from .core import identity as ids
from .derivation_quantities import (ACTIVATION, ACTIVATION_DERIVATIVE, BACKPROPAGATED, BIAS_GRADIENT, HIDDEN_DELTA,
                                    LOSS, OUTPUT_DELTA, PRE_ACTIVATION, SAMPLE_LOSS, WEIGHT_GRADIENT, WEIGHT_UPDATE)
from .formula import Add, Apply, Const, Mul, Neg, Node, Ref, Sub, from_sympy, refs


def replaced(node: Node, old: Node, new: Node) -> Node:
    """The tree with every occurrence of `old` replaced by `new`."""
    if node == old:
        return new
    kind = type(node).__name__
    if kind == "Add":
        return Add(tuple(replaced(t, old, new) for t in node.terms))
    if kind == "Mul":
        return Mul(tuple(replaced(f, old, new) for f in node.factors))
    if kind == "Sub":
        return Sub(replaced(node.left, old, new), replaced(node.right, old, new))
    if kind == "Neg":
        return Neg(replaced(node.arg, old, new))
    return node


def derivative_applications(node: Node):
    """The Apply nodes of activation derivatives (σ', ReLU', ...) in a tree."""
    kind = type(node).__name__
    if kind == "Apply" and node.function.key.endswith("'"):
        yield node
    children = {"Add": "terms", "Mul": "factors"}.get(kind)
    for child in getattr(node, children, ()) if children else ():
        yield from derivative_applications(child)
    if kind == "Sub":
        yield from derivative_applications(node.left)
        yield from derivative_applications(node.right)


# ---- the activation's derivative ------------------------------------------------------------------
def wrong_activation_derivative(case):
    """σ'(z) replaced by: the activation itself, 1, another activation's derivative, the
    derivative's output form applied to z instead of a (z·(1 − z) for the sigmoid), or the
    derivative taken at a instead of z (σ'(a)) — in a δ, or in f'(z) written on its own."""
    if case.kind == ACTIVATION_DERIVATIVE:
        yield from _own_derivative_slips(case)
        return
    if case.kind not in (OUTPUT_DELTA, HIDDEN_DELTA):
        return
    layer = case.spec.layers[case.quantity.layer - 1]
    for application in derivative_applications(case.quantity.formula):
        name = application.function.key[:-1]
        if len(application.args) != 1:
            continue
        for substitute in _derivative_substitutes(case, name, layer.negative_slope, application.args[0]):
            yield replaced(case.quantity.formula, application, substitute)


def _own_derivative_slips(case):
    """f'(z) written on its own (local:da/dz), worked out with one of the wrong derivatives."""
    from .activations import ACTIVATIONS

    identity = names.parse(case.name)
    if identity.wrt is None or case.quantity.layer is None:
        return
    layer = case.spec.layers[case.quantity.layer - 1]
    if not ACTIVATIONS.get(layer.activation) or not ACTIVATIONS[layer.activation].elementwise:
        return
    yield from _derivative_substitutes(case, layer.activation, layer.negative_slope, Ref(ids.name(identity.wrt)))


def _derivative_substitutes(case, name: str, slope, z) -> list:
    """What a student may take for the activation `name`'s derivative at z (see above)."""
    import sympy

    from .activations import ACTIVATIONS, derivative_function, forward_function

    if name not in ACTIVATIONS:
        return []
    substitutes = [Apply(forward_function(name, slope), (z,)), Const(Fraction(1))]
    if isinstance(z, Ref):
        if ACTIVATIONS[name].output_form is not None:
            substitutes.append(from_sympy(ACTIVATIONS[name].output_form(sympy.Symbol(z.name, real=True))))
        a = names.activation_of(z.name)
        if a in case.env:  # the derivative taken at the neuron's output: σ'(a)
            substitutes.append(Apply(derivative_function(name, slope), (Ref(a),)))
    # another activation's derivative, if the number domain can evaluate it; in its output form, of this
    # neuron's a: a(1 − a), the sigmoid's, for tanh's 1 − a² (the student tester of stop 67: the line showed
    # σ'(z), whose value was not the student's)
    substitutes += [Apply(derivative_function(other, slope), (z,))
                    for other, act in ACTIVATIONS.items()
                    if other != name and act.elementwise and (act.rational or not case.domain.exact)]
    a = names.activation_of(z.name) if isinstance(z, Ref) else None
    if a in case.env:
        substitutes += [from_sympy(act.output_form(sympy.Symbol(a, real=True))) for other, act in ACTIVATIONS.items()
                        if other != name and act.elementwise and act.output_form is not None]
    return substitutes


def extra_activation_derivative(case):
    """δ^L = (a − y)·a(1 − a): with cross-entropy on a softmax output the activation's derivative
    has cancelled and δ^L = a − y (the formula has no f' left); a(1 − a), the sigmoid's
    derivative and softmax's diagonal one, multiplied in all the same."""
    if case.kind != OUTPUT_DELTA or case.spec.layers[case.quantity.layer - 1].activation != "softmax":
        return
    formula = case.quantity.formula
    outputs = [name for name in refs(formula) if names.kind_of(name) == names.ACTIVATION]
    if len(outputs) == 1 and next(derivative_applications(formula), None) is None:
        a = Ref(outputs[0])
        yield Mul((formula, a, Sub(Const(Fraction(1)), a)))


# ---- the activation applied to the wrong quantity ----------------------------------------------------
def _elementwise(case, layer: int):
    """The activation function of a layer (1-based) when it is elementwise and not linear, else None."""
    from .activations import ACTIVATIONS, forward_function

    spec_layer = case.spec.layers[layer - 1]
    act = ACTIVATIONS.get(spec_layer.activation)
    if act is None or not act.elementwise or spec_layer.activation == "identity":
        return None
    return forward_function(spec_layer.activation, spec_layer.negative_slope)


def activation_applied_twice(case):
    """a = f(f(z)): the activation applied to a value it already gave; or z_j^l worked from
    f(a_k^(l−1)), the layer before's outputs put through their activation once more."""
    formula, layer = case.quantity.formula, case.quantity.layer
    if case.kind == ACTIVATION and isinstance(formula, Apply) and _elementwise(case, layer) is not None:
        yield Apply(formula.function, (formula,))
    if case.kind == PRE_ACTIVATION and layer and layer > 1 and _elementwise(case, layer - 1) is not None:
        again = _elementwise(case, layer - 1)
        inputs = [Ref(n) for n in refs(formula) if names.kind_of(n) == names.ACTIVATION]
        for a in inputs:
            formula = replaced(formula, a, Apply(again, (a,)))
        if inputs:
            yield formula


def activation_of_input(case):
    """a_j^l = f(a_j^(l−1)): the activation applied to the layer's input (the neuron's own index in
    the layer before) instead of its z."""
    formula, layer = case.quantity.formula, case.quantity.layer
    if case.kind != ACTIVATION or not isinstance(formula, Apply) or _elementwise(case, layer) is None:
        return
    z = names.parse(formula.args[0].name) if isinstance(formula.args[0], Ref) else None
    if z is None or z.kind != ids.PRE_ACTIVATION:
        return
    a = ids.name(ids.value(ids.ACTIVATION, z.layer - 1, z.indices, z.step, z.sample))
    if a in case.env:
        yield Apply(formula.function, (Ref(a),))


# ---- batch means and sums ---------------------------------------------------------------------------
def batch_sum_for_mean(case):
    """A batch's gradient (or its loss) as the sum of the samples', not their mean: the 1/n left out."""
    formula = case.quantity.formula
    if case.kind not in (WEIGHT_GRADIENT, BIAS_GRADIENT, LOSS) or not case.spec.batch or not isinstance(formula, Mul):
        return
    n = case.spec.samples
    if len(formula.factors) == 2 and formula.factors[0] == Const(Fraction(1, n)) and isinstance(formula.factors[1], Add):
        yield formula.factors[1]


def mean_for_sum(case):
    """Half the squared error averaged over the n outputs, where it sums them: L and δ^L a factor
    1/n too small (the mean of mse taken for half_sse)."""
    n = case.spec.widths[-1]
    if case.spec.loss != "half_sse" or n < 2:
        return
    if case.kind in (OUTPUT_DELTA, SAMPLE_LOSS) or case.kind == LOSS and not case.spec.batch:
        yield Mul((Const(Fraction(1, n)), case.quantity.formula))


# ---- the gradient's indices swapped -------------------------------------------------------------------
def _swapped(identity, layer: int, j: int, k: int, gradients_only: bool):
    """`identity` with the indices of w_jk^l's gradient swapped: δ_j^l ↔ δ_k^l (z of layer l),
    a_k^(l−1) ↔ a_j^(l−1), w_jk^l ↔ w_kj^l, also inside a derivative's `of` and `wrt`."""
    if identity is None:
        return None
    if identity.of is not None or identity.wrt is not None:
        if gradients_only and (identity.wrt is None or identity.wrt.kind != ids.WEIGHT):
            return identity
        return replace(identity, of=_swapped(identity.of, layer, j, k, False),
                       wrt=_swapped(identity.wrt, layer, j, k, False))
    if gradients_only:
        return identity
    swap = {j: k, k: j}
    if identity.kind == ids.PRE_ACTIVATION and identity.layer == layer or \
            identity.kind == ids.ACTIVATION and identity.layer == layer - 1:
        return replace(identity, indices=(swap.get(identity.indices[0], identity.indices[0]),))
    if identity.kind == ids.WEIGHT and identity.layer == layer and identity.indices == (j, k):
        return replace(identity, indices=(k, j))
    return identity


def gradient_transposed(case):
    """∂L/∂w_kj^l written in ∂L/∂w_jk^l's place (δ_k·a_j for δ_j·a_k: the gradient matrix
    transposed), or used in w_jk^l's update."""
    if case.kind not in (WEIGHT_GRADIENT, WEIGHT_UPDATE):
        return
    identity = names.parse(case.name)
    weight = identity.wrt if case.kind == WEIGHT_GRADIENT else identity
    if weight is None or weight.kind != ids.WEIGHT or len(weight.indices) != 2 or weight.indices[0] == weight.indices[1]:
        return
    (j, k), formula = weight.indices, case.quantity.formula
    for name in refs(formula):
        other = ids.name(_swapped(names.parse(name), weight.layer, j, k, case.kind == WEIGHT_UPDATE))
        if other != name:
            if other not in case.env:
                return
            formula = replaced(formula, Ref(name), Ref(other))
    yield formula


# ---- the weight matrix transposed -------------------------------------------------------------------
def weights_transposed(case):
    """z_j^l = Σ_k w_kj^l·a_k^(l−1) (or ∂L/∂a_k^l, δ_k^l = Σ_j w_kj^(l+1)·δ_j^(l+1)): every weight's two
    indices swapped — W where W^T belongs or the other way round; only where each swapped weight exists."""
    if case.kind not in (PRE_ACTIVATION, BACKPROPAGATED, HIDDEN_DELTA):
        return
    formula, swapped = case.quantity.formula, 0
    for name in refs(formula):
        identity = names.parse(name)
        if identity.kind != ids.WEIGHT or identity.indices[0] == identity.indices[1]:
            continue
        other = ids.name(replace(identity, indices=identity.indices[::-1]))
        if other not in case.env:
            return
        formula, swapped = replaced(formula, Ref(name), Ref(other)), swapped + 1
    if swapped:
        yield formula


# ---- the weights already updated ------------------------------------------------------------------
def updated_weights(case):
    """∂L/∂a_k^l or δ_k^l = Σ_j w_jk^(l+1)·δ_j^(l+1) worked with the weights after their update, w_jk^(l+1)@2 (the
    classic slip of updating a layer before back-propagating through it: stop 68's student tester); only where
    the answer's numbers hold every updated weight it reads."""
    if case.kind not in (BACKPROPAGATED, HIDDEN_DELTA):
        return
    formula, changed = case.quantity.formula, 0
    for name in refs(formula):
        identity = names.parse(name)
        if identity.kind != ids.WEIGHT:
            continue
        updated = ids.name(replace(identity, step=identity.step + 1))
        if updated not in (case.later or {}):
            return
        formula, changed = replaced(formula, Ref(name), Ref(updated)), changed + 1
    if changed:
        yield formula


# ---- another neuron's number ------------------------------------------------------------------------
def _neuron(identity):
    """(layer, index, with_index) of a neuron's number — a_k^l, or δ_j^l as ∂L/∂z_j^l — else None."""
    if identity.kind == ids.ACTIVATION and len(identity.indices) == 1:
        return identity.layer, identity.indices[0], lambda k: replace(identity, indices=(k,))
    wrt = identity.wrt
    if identity.kind == ids.GRADIENT and wrt is not None and wrt.kind == ids.PRE_ACTIVATION and len(wrt.indices) == 1:
        return wrt.layer, wrt.indices[0], lambda k: replace(identity, wrt=replace(wrt, indices=(k,)))
    return None


def _other_parameters(parameter, widths):
    """The parameters of `parameter`'s layer one index away: w_jk'^l and w_j'k^l for w_jk^l, b_j'^l for b_j^l."""
    indices = parameter.indices
    sizes = (widths[parameter.layer], widths[parameter.layer - 1])[:len(indices)]
    for place, size in enumerate(sizes):
        for index in range(size):
            if index != indices[place]:
                yield replace(parameter, indices=indices[:place] + (index,) + indices[place + 1:])


def _mean_of_others(case, formula):
    """A batch's gradient (the mean of its samples' ∂L/∂w_jk^l[i]) worked from another parameter's: every
    sample's gradient of w_jk'^l (or w_j'k^l, b_j'^l) — one slip made alike in each sample."""
    parts = [names.parse(name) for name in refs(formula)]
    if not parts or any(p.kind != ids.GRADIENT or p.wrt is None or p.wrt.kind not in (ids.WEIGHT, ids.BIAS)
                        for p in parts):
        return
    for parameter in _other_parameters(parts[0].wrt, case.spec.widths):
        others = {ids.name(p): ids.name(replace(p, wrt=replace(p.wrt, indices=parameter.indices))) for p in parts}
        if all(other in case.env for other in others.values()) and any(case.env[o] for o in others.values()):
            changed = formula
            for name, other in others.items():
                changed = replaced(changed, Ref(name), Ref(other))
            yield changed


def other_neuron(case):
    """∂L/∂w_jk^l or ∂L/∂b_j^l worked with one number of another neuron of the same layer: a_k'^(l−1)
    for a_k^(l−1) (the input beside it: two gradients of a row swapped) or δ_j'^l for δ_j^l; a batch's
    mean of another parameter's gradients."""
    if case.kind not in (WEIGHT_GRADIENT, BIAS_GRADIENT):
        return
    formula = case.quantity.formula
    yield from _mean_of_others(case, formula)
    for name in refs(formula):
        neuron = _neuron(names.parse(name))
        if neuron is None:
            continue
        layer, own, with_index = neuron
        for index in range(case.spec.widths[layer]):
            other = ids.name(with_index(index))
            # not a neighbour that gives what the neuron's own number gives (the same value), nor one of 0 or 1:
            # a gradient written 0 or δ alone has likelier causes (a switched-off neuron, the input left out)
            if index != own and other in case.env and case.env[other] != case.env.get(name) \
                    and case.env[other] not in (0, 1):
                yield replaced(formula, Ref(name), Ref(other))


# First match wins (diagnose.REGISTRY keeps this order among its slips of the method).
SLIPS = {
    "wrong_activation_derivative": wrong_activation_derivative,
    "extra_activation_derivative": extra_activation_derivative,
    "activation_applied_twice": activation_applied_twice,
    "activation_of_input": activation_of_input,
    "batch_sum_for_mean": batch_sum_for_mean,
    "mean_for_sum": mean_for_sum,
    "gradient_transposed": gradient_transposed,
    "other_neuron": other_neuron,
    "weights_transposed": weights_transposed,
    "updated_weights": updated_weights,
}
