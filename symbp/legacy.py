"""Core trees -> the formula trees (formula.py) that the renderer and `check` read today.

In:  a tree of `core.expr` over the network graph's identities (or a formula tree, passed on).
Out: the same formula as a `formula.Node` over quantity names: activations as `Apply` of
     activations.py's functions, ln as LOG; in a formula, the local derivative ∂a/∂z of an
     activation as f'(z); in a chain, every gradient and local derivative as a `Partial`.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from . import formula as F
from . import names
from .core import identity as ids
from .core.expr import Const, Ref

_ARITHMETIC = {"add": lambda a: F.Add(a), "mul": lambda a: F.Mul(a), "sub": lambda a: F.Sub(*a),
               "div": lambda a: F.Div(*a), "neg": lambda a: F.Neg(a[0])}
_FUNCTIONS = {"ln": F.LOG, "exp": F.EXP, "sqrt": F.SQRT, "abs": F.ABS, "sign": F.SIGN}


def legacy(tree, arch, chain: bool = False):
    """The formula tree of a core tree (see the module docstring); `arch`: the network's
    `Architecture`, whose layers give each activation's negative slope."""
    return _convert(tree, arch, chain)


def _slope(arch, identity) -> Fraction:
    return arch.layers[identity.layer - 1][2]


# One formula leaf per quantity (trees are immutable, so shared leaves are safe): a large network's
# formulas name ~155 k quantities in ~1.3 M leaves (issue 16)
@lru_cache(maxsize=1 << 20)
def _ref(identity) -> F.Ref:
    return F.Ref(names.name(identity))


@lru_cache(maxsize=1 << 20)
def _partial(identity) -> F.Partial:
    return F.Partial(_ref(identity.of), _ref(identity.wrt))


def _convert(node, arch, chain: bool):
    """`legacy` of a node (a module function, not a closure over itself: a recursive inner function is a
    reference cycle per call, which the command line's paused collector never frees)."""
    if isinstance(node, F.Node):
        return node
    if isinstance(node, Const):
        return F.Const(node.value)
    if isinstance(node, Ref):
        identity = node.identity
        if identity.kind in ids.DERIVATIVES and chain:
            return _partial(identity)
        if identity.kind == ids.LOCAL and identity.of.kind == ids.ACTIVATION:
            from .activations import derivative_function

            derivative = derivative_function(arch.layers[identity.of.layer - 1][0], _slope(arch, identity.of))
            return F.Apply(derivative, (_convert(Ref(identity.wrt), arch, chain),))
        return _ref(identity)
    args = tuple(_convert(a, arch, chain) for a in node.args)
    if node.op in _ARITHMETIC:
        return _ARITHMETIC[node.op](args)
    if node.op == "pow":
        return F.Pow(args[0], node.param)
    if node.op in _FUNCTIONS:
        return F.Apply(_FUNCTIONS[node.op], args)
    from .activations import forward_function

    function = forward_function(node.op, _slope(arch, node.args[0].identity))
    if node.op == "softmax":
        return F.Apply(function, args + (F.Const(Fraction(node.param)),))
    return F.Apply(function, args)
