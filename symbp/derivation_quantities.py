"""The quantities of a worked solution: `Quantity` and its kinds (derivation.py makes them).

Every value a worked solution names (z, a, L, δ, ∂L/∂w, ∂L/∂b, updated parameters, at every sample
and step) is a node of the network's graph; a `Quantity` says which node (`identity`, printed as
`name` by names.py), what it is in the worked solution (`kind`, layer, indices, sample, step), and
how the worked solution writes it: its `formula` over other quantities and givens, the chain-rule
product it comes from (`chain`) and, where SymPy simplified it, the product before (`unsimplified`).
A quantity read off the graph (`_Read`) or moved to another sample or step (`_Moved`) makes its
formula trees when first asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import names
from .core.expr import relabel
from .core.identity import Identity
from .legacy import legacy

# Kinds of quantity, in the order a step of the worked solution computes them.
PRE_ACTIVATION = "pre_activation"
ACTIVATION = "activation"
SAMPLE_LOSS = "sample_loss"
LOSS = "loss"
ACTIVATION_DERIVATIVE = "activation_derivative"  # f'(z_j^l) = ∂a_j^l/∂z_j^l, the local derivative
BACKPROPAGATED = "backpropagated"  # ((W^{l+1})^T δ^{l+1})_k = ∂L/∂a_k^l of a hidden layer
OUTPUT_DELTA = "output_delta"
HIDDEN_DELTA = "hidden_delta"
WEIGHT_GRADIENT = "weight_gradient"
BIAS_GRADIENT = "bias_gradient"
WEIGHT_UPDATE = "weight_update"
BIAS_UPDATE = "bias_update"


@dataclass(frozen=True)
class Quantity:
    name: str
    kind: str
    formula: object  # ordered, for display and for recomputing it from a student's numbers
    layer: int | None = None
    index: tuple = ()
    sample: int | None = None  # 1-based sample of a batch; None for one sample or a batch mean
    step: int = 1
    chain: object = None  # the chain-rule product as partial derivatives (display only)
    unsimplified: object = None  # the chain-rule product before SymPy simplified it
    identity: Identity | None = None  # the node of the network's graph
    tree: object = None  # `formula` as a tree of the core (over the graph's identities)


_set = object.__setattr__


_FIELDS = {"formula": 0, "chain": 1, "unsimplified": 2}  # a formula tree's place in `_trees`


class _Read(Quantity):
    """A quantity read off the graph: its formula trees (`legacy`) are made when first asked for —
    an answer key reads values only, a worked solution the formulas of what it shows.  Its trees
    are a tuple, the converted ones attributes of its own (`_legacy_formula`), not dicts: a large
    network has ~155 k quantities (issue 16)."""

    formula = property(lambda self: self._legacy("formula"))
    chain = property(lambda self: self._legacy("chain"))
    unsimplified = property(lambda self: self._legacy("unsimplified"))

    def __init__(self, name: str, kind: str, formula, layer=None, index=(), sample=None, step=1, chain=None,
                 unsimplified=None, identity=None, tree=None, arch=None):
        # (Quantity's own arguments, so that dataclasses.replace works; a formula tree already
        # converted, as replace passes them, is kept as it is)
        for key, value in (("name", name), ("kind", kind), ("layer", layer), ("index", index), ("sample", sample),
                           ("step", step), ("identity", identity), ("_arch", arch),
                           ("_trees", (formula, chain, unsimplified))):
            _set(self, key, value)
        self.__dict__["tree"] = tree  # (a property of a moved quantity's class)

    def _legacy(self, field_name: str):
        tree = self._raw(field_name)
        if tree is None:
            return None
        key = "_legacy_" + field_name
        converted = self.__dict__.get(key)
        if converted is None:
            converted = self.__dict__[key] = legacy(tree, self._arch, chain=field_name == "chain")
        return converted

    def _raw(self, field_name: str):
        """A formula tree of the core (`formula`, `chain`, `unsimplified`; `tree`)."""
        return self.__dict__["tree"] if field_name == "tree" else self._trees[_FIELDS[field_name]]


class _Moved(_Read):
    """A quantity of another sample or step, of the same form as one read off the graph (`of`):
    its trees are the template's, moved there when first asked for."""

    tree = property(lambda self: self._raw("tree"))

    @classmethod
    def of(cls, template: _Read, move, sample, step: int) -> "_Moved":
        moved = cls.__new__(cls)
        identity = move(template.identity)
        moved.__dict__.update(name=names.moved(template.identity, template.name, identity), kind=template.kind, layer=template.layer,
                              index=template.index, sample=sample, step=step, identity=identity,
                              _arch=template._arch, _trees={}, _template=template, _move=move)
        return moved

    def _raw(self, field_name: str):
        if "_template" not in self.__dict__:  # made by dataclasses.replace: its own trees
            return super()._raw(field_name)
        trees = self._trees
        if field_name not in trees:
            tree = self._template._raw(field_name)
            trees[field_name] = None if tree is None else relabel(tree, self._move)
        return trees[field_name]
