"""Structured identities of quantities, and the one scheme that prints and parses their names.

In:  an `Identity` (kind, layer, indices, step, sample, label; a derivative also names what is
     differentiated, `of`, and with respect to what, `wrt`).
Out: its printed name (`name`), and back (`parse`, in identity_parse.py).  `parse(name(i)) == i`
     for every identity that has a name; `name(parse(text)) == text` for every canonical name.

The network's scheme (the one `symbp/names.py` writes today) is one part of it:

    z_j^l  a_j^l  L  y_j  w_jk^l  b_j^l  alpha        values ([s]: sample s of a batch, @t: step t >= 2)
    delta_j^l                                           ∂L/∂z_j^l  (a gradient of L with respect to z)
    dL/dw_jk^l  dL/db_j^l  dL/da_j^l                    other gradients of L:  d<of>/d<wrt><suffix>

and a computational graph's is the other:

    x0  q  s.2  f                                       a node by its label (identifiers; s.2 a generated gate)
    df/dx0                                              the gradient of the output f with respect to x0
    local:dq/dx                                         the local derivative of the gate q's definition

A derivative's shared suffix (`[s]`, `@t`) is written once, at the end, when `wrt` lives at the
step (and the sample, if it has one) of `of`; otherwise both names are written out in full
(`dL@2/da_0^0`).  Indices are 0-based, written together while all are below 10 (`w_10^1`), else in
braces with commas (`w_{10,2}^1`), a form always accepted on input.  Numbers in names have no
leading zeros (z_{01}^1 is not z_1^1) and at most 6 digits; samples and steps count from 1 (L[0]
and w_00^1@0 name nothing); run-together indices are one digit each (z_00^1 is not z_0^1).

Generic identities name the quantity of any neuron, for the general formulas of a worked solution:
an index may be a letter (`INDEX_LETTERS`: i, j, k) and a layer one of `LAYER_SYMBOLS` (l, l+1,
l−1 written `l-1`, and L for the output layer): `w_jk^l+1`, `delta_j^l`, `a_k^l-1`, `z_i^2[1]@2`
(`generic`).  They are printed as any name; `parse` reads them only when asked (`generic=True`),
so that an answer file or a spec can never name one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

# kinds of value ----------------------------------------------------------------------------------
PRE_ACTIVATION, ACTIVATION, TARGET, LOSS, WEIGHT, BIAS, LEARNING_RATE = "z", "a", "y", "L", "w", "b", "alpha"
NODE = "node"  # a node of a computational graph, named by its label
GRADIENT = "gradient"  # d(of)/d(wrt) through the whole graph (the chain rule's result)
LOCAL = "local"  # ∂(of)/∂(wrt) of `of`'s own definition only (one factor of the chain rule)

# the optimizer's hyperparameters (givens like alpha), the regularization penalty R and the
# regularized cost J = L + R (values at a step, like L)
HYPERPARAMETERS = ("beta", "beta1", "beta2", "rho", "eps", "lambda", "lambda1")
PENALTY, REGULARIZED = "R", "J"
PLAIN_KINDS = HYPERPARAMETERS + (PENALTY, REGULARIZED)  # named by their kind alone, like L and alpha
# the optimizer's state of a parameter p at step t (`of`: p at step 1): v (velocity; running mean of
# g²), m (running mean of g), mhat/vhat (bias-corrected), s (AdaGrad's sum of g²); names v_w_00^1@2
STATES = ("v", "m", "mhat", "vhat", "s")
STATE_ALIASES = {"m̂": "mhat", "v̂": "vhat"}  # accepted on input
# the symbols the pages print, accepted on input as their names (δ_0^2, ∂L/∂w_00^2, α, β1)
SYMBOL_ALIASES = {"∂": "d", "δ": "delta", "α": "alpha", "β": "beta", "ρ": "rho", "ε": "eps", "λ": "lambda"}

INDEXED = {PRE_ACTIVATION: 1, ACTIVATION: 1, TARGET: 1, WEIGHT: 2, BIAS: 1}  # kind -> number of indices
LAYERED = {PRE_ACTIVATION, ACTIVATION, WEIGHT, BIAS}
PER_SAMPLE = {PRE_ACTIVATION, ACTIVATION, TARGET, LOSS}  # kinds that carry a batch sample
DERIVATIVES = {GRADIENT, LOCAL}
# A gradient of the loss with respect to a pre-activation is printed as δ ("delta").
DELTA_NAME = "delta"
# generic identities: an index may be one of these letters, a layer one of these symbols
INDEX_LETTERS = "ijk"
LAYER_SYMBOLS = ("l", "l+1", "l-1", "L")


@dataclass(frozen=True, slots=True)
class Identity:
    """What a quantity is.  Fields that do not apply to its kind keep their defaults."""

    kind: str
    layer: int | str | None = None  # a str only in a generic identity (LAYER_SYMBOLS)
    indices: tuple[int | str, ...] = ()  # a str only in a generic identity (INDEX_LETTERS)
    step: int = 1
    sample: int | None = None  # 1-based sample of a batch; None for one sample (or a batch mean)
    label: str | None = None  # a graph node's name
    of: "Identity | None" = None  # derivatives: the quantity differentiated
    wrt: "Identity | None" = None  # derivatives: with respect to this
    _hash: int = field(default=0, init=False, repr=False, compare=False)  # (slotted: ~0.5 M at 64x12, issue 16)

    def __repr__(self) -> str:  # short, readable test failures
        try:
            return f"Identity({name(self)!r})"
        except ValueError:
            return f"Identity({self.kind}, …)"

    def __post_init__(self):  # the hash computed once: identities key every table of a graph
        object.__setattr__(self, "_hash", hash((self.kind, self.layer, self.indices, self.step, self.sample,
                                                self.label, self.of, self.wrt)))

    def __hash__(self) -> int:
        return self._hash


# constructors, in the domain's words (one object per identity, so that the tables of a graph find
# their keys at once) ---------------------------------------------------------------------------------
@lru_cache(maxsize=1 << 20)
def node(label: str) -> Identity:
    return Identity(NODE, label=label)


def gate(stage: str, number: int) -> Identity:
    """The `number`-th gate (from 1) generated when a graph's stage is split into primitive gates:
    gate("s", 2) is the node s.2."""
    return node(f"{stage}.{number}")


@lru_cache(maxsize=1 << 20)
def gradient(of: Identity, wrt: Identity) -> Identity:
    return Identity(GRADIENT, step=of.step, sample=of.sample, of=of, wrt=wrt)


@lru_cache(maxsize=1 << 20)
def local(of: Identity, wrt: Identity) -> Identity:
    return Identity(LOCAL, step=of.step, sample=of.sample, of=of, wrt=wrt)


@lru_cache(maxsize=1 << 20)
def state(kind: str, parameter: Identity, step: int) -> Identity:
    """The optimizer state `kind` (STATES) of a parameter at step t: state("v", w_00^1, 2) is v_w_00^1@2."""
    return Identity(kind, step=step, of=value(parameter.kind, parameter.layer, parameter.indices))


def value(kind: str, layer: int | None = None, indices: tuple = (), step: int = 1, sample: int | None = None) -> Identity:
    """A network value: value("z", 1, (0,), step=2) is z_0^1@2 (one object however it is asked for)."""
    return _value(kind, layer, tuple(indices), step, sample)


_value = lru_cache(maxsize=1 << 20)(Identity)  # (keyed by position: a cache of `value` would key by call form)


def generic(kind: str, layer: int | str | None = None, indices: str | tuple = (), step: int = 1,
            sample: int | None = None) -> Identity:
    """A network value of any neuron: generic("w", "l+1", "jk") is w_jk^l+1.  `kind` "delta" gives
    δ = ∂L/∂z (the loss at the same step and sample)."""
    if (layer is not None and not isinstance(layer, int) and layer not in LAYER_SYMBOLS) or \
            any(not isinstance(i, int) and i not in INDEX_LETTERS for i in indices):
        raise ValueError(f"no generic identity of layer {layer!r} and indices {indices!r}")
    if kind == DELTA_NAME:
        return gradient(value(LOSS, step=step, sample=sample), value(PRE_ACTIVATION, layer, tuple(indices), step, sample))
    return value(kind, layer, tuple(indices), step, sample)


def is_generic(identity: Identity) -> bool:
    """Whether an identity names any neuron (index letters or a layer symbol) rather than one."""
    if identity.kind in DERIVATIVES:
        return is_generic(identity.of) or is_generic(identity.wrt)
    return isinstance(identity.layer, str) or any(isinstance(i, str) for i in identity.indices)


# printing ------------------------------------------------------------------------------------------
@lru_cache(maxsize=1 << 14)  # (the names of a 64-wide layer's 4,096 weights, read many times)
def _indices(idx: tuple[int | str, ...]) -> str:
    """Indices as a name writes them: run together while all are below 10 (`10`, `jk`), else in
    braces with commas (`{10,2}`)."""
    if all(isinstance(i, str) or i < 10 for i in idx):
        return "".join(str(i) for i in idx)
    return "{" + ",".join(str(i) for i in idx) + "}"


indices_text = _indices  # for the printers


def suffix(sample: int | None, step: int) -> str:
    return (f"[{sample}]" if sample else "") + (f"@{step}" if step >= 2 else "")


def _bare(identity: Identity) -> str:
    """The name without its sample and step."""
    kind = identity.kind
    if kind == NODE:
        return identity.label
    if kind in (LOSS, LEARNING_RATE, PENALTY, REGULARIZED) or kind in HYPERPARAMETERS:
        return kind
    if kind in STATES:
        return f"{kind}_{_bare(identity.of)}"
    if kind == TARGET:
        return f"y_{_indices(identity.indices)}"
    if kind in LAYERED:
        return f"{kind}_{_indices(identity.indices)}^{identity.layer}"
    raise ValueError(f"no name for {identity.kind}")


def carries_sample(identity: Identity) -> bool:
    return identity.kind in PER_SAMPLE or identity.kind == NODE


def shares_suffix(of: Identity, wrt: Identity) -> bool:
    """Whether one suffix at the end of a derivative's name says where both of and wrt live."""
    return wrt.step == of.step and wrt.sample == (of.sample if carries_sample(wrt) else None)


@lru_cache(maxsize=1 << 16)
def name(identity: Identity) -> str:
    """The printed name of a quantity; ValueError when its kind has none."""
    kind = identity.kind
    if kind not in DERIVATIVES:
        return _bare(identity) + suffix(identity.sample, identity.step)
    of, wrt = identity.of, identity.wrt
    prefix = "local:" if kind == LOCAL else ""
    if of.kind in DERIVATIVES:
        raise ValueError("no name for a derivative of a derivative")
    if shares_suffix(of, wrt):
        if kind == GRADIENT and of.kind == LOSS and wrt.kind == PRE_ACTIVATION:
            return f"{DELTA_NAME}_{_indices(wrt.indices)}^{wrt.layer}" + suffix(of.sample, of.step)
        return f"{prefix}d{_bare(of)}/d{_bare(wrt)}" + suffix(of.sample, of.step)
    if not suffix(of.sample, of.step):
        raise ValueError("no name for a derivative whose suffix would be read as shared")
    return f"{prefix}d{name(of)}/d{name(wrt)}"
