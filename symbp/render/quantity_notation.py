"""Which network quantity a name is, as the printers (printers.py) show it.

In:  an identity (core/identity.py), or the name of a pre-activation.
Out: the parts the notation prints of a quantity (kind, indices, layer, sample, step); the (of, wrt)
     of a derivative printed as a fraction (f'(z) = ∂a/∂z, ∂L/∂a); the keys under which a softmax
     layer's e^{z_j} and Σ_i e^{z_i} are printed.
"""

from __future__ import annotations

from ..core import identity as ids
from ..core.identity_parse import parse

_SHOWN_GRADIENTS = {ids.PRE_ACTIVATION: "delta", ids.WEIGHT: "dL/dw", ids.BIAS: "dL/db"}  # ∂L/∂<kind>, shown


def quantity_parts(identity: ids.Identity):
    """(kind, indices, layer, sample, step) of a network quantity as the notation shows it: its
    values, the loss, and δ, ∂L/∂w, ∂L/∂b (kind "delta", "dL/dw", "dL/db"), generic ones too
    (`w_jk^l+1`); None for anything else (α, a graph's node, other derivatives: printed as
    their names)."""
    kind = identity.kind
    if kind == ids.GRADIENT:
        of, wrt = identity.of, identity.wrt
        if of.kind != ids.LOSS or wrt.kind not in _SHOWN_GRADIENTS or not ids.shares_suffix(of, wrt):
            return None
        kind, where, identity = _SHOWN_GRADIENTS[wrt.kind], of, wrt
    elif kind not in ids.INDEXED and kind != ids.LOSS:
        return None
    else:
        where = identity
    sample, step = where.sample, where.step
    layer = None if identity.layer is None else str(identity.layer)
    return (kind, ids.indices_text(identity.indices).strip("{}"), layer, str(sample) if sample else None,
            str(step) if step >= 2 else None)


_FRACTIONS = {(ids.LOCAL, ids.ACTIVATION, ids.PRE_ACTIVATION), (ids.GRADIENT, ids.LOSS, ids.ACTIVATION)}


def derivative_fraction(identity: ids.Identity | None):
    """(a, z) of f'(z) = ∂a_j^l/∂z_j^l, the local derivative of a neuron's activation
    (`local:da_j^l/dz_j^l`), and (L, a) of ∂L/∂a_j^l (Σ_k w·δ, written on the way: it was \\mathit{dL/da_0^1}
    in a LaTeX report, a new user's LOW of stop 63), printed as that fraction; None for any other identity."""
    if identity is None or identity.kind not in ids.DERIVATIVES:
        return None
    of, wrt = identity.of, identity.wrt
    return (of, wrt) if (identity.kind, of.kind, wrt.kind) in _FRACTIONS else None


SUM_OF_EXP = "Σ_i exp("  # the key of a softmax layer's Σ_i e^{z_i}: "Σ_i exp(z_i^2)"


def exp_key(z_name: str) -> str:
    """The key of e^{z_j} (printed between z and a of a softmax layer)."""
    return f"exp({z_name})"


def sum_of_exp_key(z_name: str) -> str:
    """The key of Σ_i e^{z_i} of the layer of pre-activation `z_name` (z_0^2[1]@2 -> Σ_i exp(z_i^2[1]@2))."""
    z = parse(z_name)
    return SUM_OF_EXP + ids.name(ids.generic(ids.PRE_ACTIVATION, z.layer, "i", z.step, z.sample)) + ")"
