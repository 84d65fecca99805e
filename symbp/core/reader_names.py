"""A quantity named for a message as the worked solution names it, not by its key.

In:  an `Identity`.
Out: its name for a reader: a local derivative's key (local:da_0^1/dz_0^1) is no name a reader of
     the worked solution knows — a neuron's is f'(z_0^1), any other ∂z_0^2/∂w_00^2 or ∂f/∂s; every
     other quantity by its name (the key an answers file writes: dL/dw_00^1, delta_0^1).
"""

from __future__ import annotations

from .identity import ACTIVATION, LOCAL, PRE_ACTIVATION, Identity, name


def reader_name(identity: Identity) -> str:
    if identity.kind != LOCAL:
        return name(identity)
    if (identity.of.kind, identity.wrt.kind) == (ACTIVATION, PRE_ACTIVATION):
        return f"f'({name(identity.wrt)})"
    return "∂" + name(identity)[len("local:d"):].replace("/d", "/∂", 1)
