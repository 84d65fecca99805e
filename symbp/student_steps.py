"""Functions a student works out in steps, for rounding_span.py: each value on the way rounded or not.

In:  an evaluation of rounding_span (`ev.value(node)`: a node's `Values`; `ev.digits`) and the
     node applying softmax, sigmoid or tanh.
Out: the `Values` of the function, as read off a calculator and as worked out in steps:
     softmax      e^{z_i} each, their (running) sum, e^{z_j} / Σ; also with the largest z subtracted
                  first (e^{z_i − max z})
     sigmoid      1 / (1 + e^{−z}), or e^z / (1 + e^z)
     tanh         (e^{2z} − 1)/(e^{2z} + 1), (1 − e^{−2z})/(1 + e^{−2z}), or (e^z − e^{−z})/(e^z + e^{−z})
     softplus     ln(1 + e^z)
     softplus'    σ(z), as a sigmoid
     sigmoid'     σ(z)·(1 − σ(z)) from z, σ as above; or e^{−z} / (1 + e^{−z})²
"""

from __future__ import annotations

import operator
from itertools import product

from .formula import EXP, LOG, Apply
from .rounding_span import Values, combine, function_values, rounded_or_not, running


def _exp(values: Values, digits: tuple) -> Values:
    return rounded_or_not(function_values(EXP, [values]), digits)


def _softmax(ev, node: Apply) -> Values:
    """softmax(z…)_j as a student works it out: each e^{z_i}, their sum, e^{z_j} / Σ; or the same
    with the largest z subtracted from each first (e^{z_i − max z}, the stable way)."""
    *zs, index = node.args
    j = int(index.value)
    values = [ev.value(z) for z in zs]
    found = _quotient_of_exps([_exp(v, ev.digits) for v in values], j, ev.digits)
    top = max(range(len(values)), key=lambda i: values[i].hull().high)
    shifted = [Values.of(1) if i == top else _exp(rounded_or_not(combine(operator.sub, v, values[top]), ev.digits),
                                                  ev.digits) for i, v in enumerate(values)]
    return found.union(_quotient_of_exps(shifted, j, ev.digits))


JOINT = 64  # combinations of the e^{z_i}'s intervals taken one by one (the same e^{z_j} above and in Σ)


def _quotient_of_exps(exps: list, j: int, digits: tuple) -> Values:
    """e_j / Σ_i e_i, the sum a running one rounded or not, and rounded or not itself."""
    count = 1
    for e in exps:
        count *= len(e.spans)
    if count > JOINT:  # the e^{z_j} above and in the sum taken apart: a wider set
        return combine(operator.truediv, exps[j], rounded_or_not(running(operator.add, exps, digits), digits))
    found = None
    for chosen in product(*(e.spans for e in exps)):
        parts = [Values((span,)) for span in chosen]
        total = rounded_or_not(running(operator.add, parts, digits), digits)
        if any(s.low <= 0 <= s.high for s in total.spans):
            raise ZeroDivisionError
        found = combine(operator.truediv, parts[j], total).union(found)
    return found


def _per_span(values: Values, rule) -> Values:
    """`rule` (Values -> Values) of each of the values' intervals alone, united: one number read twice in
    `rule` (σ·(1 − σ)) taken alike in both places."""
    found = None
    for span in values.spans:
        found = rule(Values((span,))).union(found)
    return found


def _logistic_in_steps(z: Values, digits: tuple) -> Values:
    """σ(z) worked out in steps: 1 / (1 + e^{−z}), e^{−z} and the sum rounded or not; or e^z / (1 + e^z),
    e^z and 1 + e^z rounded or not (the same e^z above and below, interval by interval)."""
    e = _exp(combine(operator.neg, z), digits)
    found = combine(lambda x: 1 / x, rounded_or_not(combine(lambda x: 1 + x, e), digits))
    return found.union(_per_span(_exp(z, digits), lambda one: combine(
        operator.truediv, one, rounded_or_not(combine(lambda x: 1 + x, one), digits))))


def _sigmoid(ev, node: Apply) -> Values:
    """σ(z), or softplus'(z) = σ(z), read off a calculator, or worked out in steps (`_logistic_in_steps`:
    1.207 for 1 + e^{−1.577} = 1.2066, then 1/1.207 = 0.8285)."""
    z = ev.value(node.args[0])
    return function_values(node.function, [z]).union(_logistic_in_steps(z, ev.digits))


def _tanh(ev, node: Apply) -> Values:
    """tanh(z) read off a calculator, or as (e^{2z} − 1)/(e^{2z} + 1) or (1 − e^{−2z})/(1 + e^{−2z}),
    with 2z, e^{±2z}, the numerator and the denominator each rounded or not (the same e^{±2z} in
    both, interval by interval)."""
    z = ev.value(node.args[0])
    found = function_values(node.function, [z])
    for factor, top in ((2, lambda e: e - 1), (-2, lambda e: 1 - e)):
        e = _exp(rounded_or_not(combine(lambda x: factor * x, z), ev.digits), ev.digits)
        for span in e.spans:
            one = Values((span,))
            found = found.union(combine(operator.truediv, rounded_or_not(combine(top, one), ev.digits),
                                        rounded_or_not(combine(lambda x: x + 1, one), ev.digits)))
    # the textbook's (e^z − e^{−z})/(e^z + e^{−z}): 1.273/2.371 = 0.5369 for tanh(0.6) = 0.53705 (stop 67's
    # student tester), e^z and e^{−z} each rounded or not, then their difference and their sum
    for up in _exp(z, ev.digits).spans:
        for down in _exp(combine(operator.neg, z), ev.digits).spans:
            plus, minus = Values((up,)), Values((down,))
            found = found.union(combine(operator.truediv, rounded_or_not(combine(operator.sub, plus, minus), ev.digits),
                                        rounded_or_not(combine(operator.add, plus, minus), ev.digits)))
    return found


def _softplus(ev, node: Apply) -> Values:
    """softplus(z) read off a calculator, or as ln(1 + e^z) with e^z and 1 + e^z rounded or not (as
    a sigmoid's 1 + e^{−z}: e^{−2.4} = 0.09072, 1 + e^z kept as 1.091, ln 1.091 = 0.08709)."""
    z = ev.value(node.args[0])
    inside = rounded_or_not(combine(lambda x: 1 + x, _exp(z, ev.digits)), ev.digits)
    return function_values(node.function, [z]).union(function_values(LOG, [inside]))


def _sigmoid_derivative(ev, node: Apply) -> Values:
    """σ'(z) from z read off a calculator, or worked out in steps: σ(z) (as `_sigmoid`, rounded or not)
    times 1 − σ(z); or e^{−z} / (1 + e^{−z})², e^{−z}, 1 + e^{−z} and its square rounded or not (0.4605,
    1.461, 2.135: 0.4605/2.135 = 0.2157)."""
    z, digits = ev.value(node.args[0]), ev.digits
    sigma = rounded_or_not(_logistic_in_steps(z, digits), digits)  # (nothing rounded on the way: σ(z) itself)
    found = function_values(node.function, [z]).union(
        _per_span(sigma, lambda s: combine(lambda x: x * (1 - x), s)))
    return found.union(_per_span(_exp(combine(operator.neg, z), digits), lambda e: combine(
        operator.truediv, e, rounded_or_not(combine(lambda x: x * x, rounded_or_not(combine(lambda x: 1 + x, e),
                                                                                    digits)), digits))))


# functions (and derivatives, by their key f') a student works out in steps
STEPS = {"softmax": _softmax, "sigmoid": _sigmoid, "tanh": _tanh, "softplus": _softplus, "softplus'": _sigmoid,
         "sigmoid'": _sigmoid_derivative}
