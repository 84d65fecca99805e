"""Quantity names: the one scheme shared by answer keys, `symbp check` and exports.

    z_j^l  a_j^l  L  delta_j^l  dL/dw_jk^l  dL/db_j^l      forward pass and gradients of step 1
    w_jk^l@t  b_j^l@t  z_j^l@t  L@t  ...                  the same at step t >= 2
    z_1^1[2]@2                                            sample 2 of a batch, step 2
    w_jk^l+1  delta_j^l  a_k^l-1  z_j^L                   any neuron, in the general formulas (`generic`)

Indices are 0-based, written together while all are below 10 (`w_10^1`: j = 1, k = 0), else in
braces with commas (`w_{10,2}^1`), a form always accepted on input.  Givens use the same scheme:
inputs `a_k^0`, targets `y_j`, the learning rate `alpha`.

A quantity is a structured `core.identity.Identity`; its name is printed and read back by the
core's one scheme (`core/identity.py`), which this module is the door to: `name` prints,
`parse` and `canonical` read.
"""

from __future__ import annotations

from functools import lru_cache

from .core import identity as ids
from .core import identity_parse, reader_names
from .core.identity import Identity
from .core.identity_parse import MAX_NAME, parse  # noqa: F401 (the scheme's door)

LEARNING_RATE = ids.LEARNING_RATE
# the kinds of network values, as `kind_of` gives them
PRE_ACTIVATION, ACTIVATION, TARGET = ids.PRE_ACTIVATION, ids.ACTIVATION, ids.TARGET
LOSS, WEIGHT, BIAS = ids.LOSS, ids.WEIGHT, ids.BIAS

# the short kinds of `name(kind, …)`: values, and the gradients of the loss
_GRADIENT_OF_LOSS = {"delta": ids.PRE_ACTIVATION, "dw": ids.WEIGHT, "db": ids.BIAS}


@lru_cache(maxsize=1 << 16)
def name(what, layer: int | None = None, idx: tuple[int, ...] = (), sample: int | None = None, step: int = 1) -> str:
    """The name of a quantity: of an `Identity`, or of a network quantity given by its kind
    ("z", "a", "y", "w", "b", "L", "delta", "dw", "db"), layer, indices, sample and step:
    name("dw", 1, (1, 0)) == "dL/dw_10^1"."""
    return ids.name(what if isinstance(what, Identity) else identity(what, layer, idx, sample, step))


def reader_name(what: Identity | str) -> str:
    """A quantity (or its key) named for a message as the worked solution names it: f'(z_0^1) for
    the key local:da_0^1/dz_0^1, ∂z_0^2/∂w_00^2 for local:dz_0^2/dw_00^2; any other name as it is."""
    identity = what if isinstance(what, Identity) else parse(what)
    return reader_names.reader_name(identity) if identity is not None else what


def moved(template: Identity, template_name: str, identity: Identity) -> str:
    """The name of `identity`, the same quantity as `template` (named `template_name`) at another
    sample or step: the template's name with the suffix changed, where both end in their suffix."""
    if template.kind in ids.DERIVATIVES and not (ids.shares_suffix(template.of, template.wrt)
                                                 and ids.shares_suffix(identity.of, identity.wrt)):
        return name(identity)
    return template_name[:len(template_name) - len(ids.suffix(template.sample, template.step))] + \
        ids.suffix(identity.sample, identity.step)


def identity(kind: str, layer: int | None, idx: tuple[int, ...], sample: int | None = None, step: int = 1) -> Identity:
    """The identity of a network quantity given by its kind (see `name`)."""
    if kind in _GRADIENT_OF_LOSS:
        wrt_kind = _GRADIENT_OF_LOSS[kind]
        wrt = ids.value(wrt_kind, layer, idx, step, sample if wrt_kind == ids.PRE_ACTIVATION else None)
        return ids.gradient(ids.value(ids.LOSS, step=step, sample=sample), wrt)
    if kind == ids.TARGET:
        return ids.value(ids.TARGET, None, idx, 1, sample)
    if kind in (ids.WEIGHT, ids.BIAS):
        return ids.value(kind, layer, idx, step)
    return ids.value(kind, layer, idx, step, sample)


def generic(kind: str, layer: int | str | None = None, indices: str = "") -> str:
    """The name of a quantity of any neuron, for the general formulas: index letters i, j, k and
    layers l, l+1, l-1, L (`core.identity.generic`): generic("w", "l+1", "jk") == "w_jk^l+1"."""
    return ids.name(ids.generic(kind, layer, tuple(indices)))


def kind_of(text: str) -> str | None:
    """The kind of the quantity a name stands for ("w" for w_10^1@2, "gradient" for dL/dw_10^1),
    or None when it is no name."""
    identity = parse(text)
    return identity.kind if identity is not None else None


def at_step(value_name: str, step: int) -> str:
    """The name of the same value at another step: at_step("w_10^1", 3) == "w_10^1@3"."""
    value = parse(value_name)
    return ids.name(ids.value(value.kind, value.layer, value.indices, step, value.sample))


def activation_of(z_name: str) -> str:
    """The name of the activation a_j^l… of the pre-activation z_j^l… (same indices, sample, step)."""
    z = parse(z_name)
    return ids.name(ids.value(ids.ACTIVATION, z.layer, z.indices, z.step, z.sample))


def activation_derivative(z_name: str) -> str:
    """The name of f'(z) = ∂a/∂z, the local derivative of a neuron's activation, for the
    pre-activation named `z_name`: local:da_0^1/dz_0^1 for z_0^1."""
    z = parse(z_name)
    return ids.name(ids.local(ids.value(ids.ACTIVATION, z.layer, z.indices, z.step, z.sample), z))


def suffix(sample: int | None = None, step: int = 1) -> str:
    """The suffix of a sample and step: "[2]@3", "@2", "" for step 1 of a single sample."""
    return ids.suffix(sample, step)


def canonical(text: str) -> str | None:
    """The canonical spelling of a quantity name, or None when it is not one."""
    return identity_parse.canonical(text)
