"""A derivation's formula leaves and identities are shared, one object per quantity (issue 16,
branch mem36b): the same worked solution as trees with a leaf of their own at every place, every
equal identity the same object, and a slotted identity pickled to an equal one of the same hash."""

from __future__ import annotations

import pickle
import tomllib

import symbp
from symbp import derivation, legacy, network
from symbp import formula as F
from symbp.core import expr
from symbp.core import identity as ids
from symbp.core.identity_parse import parse

from helpers import REPO


def _spec():
    """examples/batch3.toml (a batch of three samples) over two steps: moved quantities too."""
    data = tomllib.loads((REPO / "examples" / "batch3.toml").read_text(encoding="utf-8"))
    return symbp.spec_from_dict({**data, "steps": 2})


def _derived():
    network.build.cache_clear()
    derivation.derive.cache_clear()
    solution = symbp.derive(_spec())
    return solution, solution.to_text()


def _walk(node, found: list) -> None:
    found.append(node)
    for key in getattr(node, "__dataclass_fields__", ()):
        value = getattr(node, key)
        for child in value if isinstance(value, tuple) else (value,):
            if isinstance(child, F.Node):
                _walk(child, found)


def test_shared_leaves_print_what_a_leaf_per_place_prints(monkeypatch):
    shared_solution, shared = _derived()
    leaves: dict = {}
    for quantity in shared_solution._internal.derivation.quantities:
        for tree in (quantity.formula, quantity.chain, quantity.unsimplified):
            found = []
            _walk(tree, found) if tree is not None else None
            for leaf in found:
                if type(leaf) is F.Ref:
                    assert leaves.setdefault(leaf.name, leaf) is leaf  # one Ref per name
    assert len(leaves) > 20
    identities: dict = {}
    for quantity in shared_solution._internal.derivation.quantities:
        assert identities.setdefault(quantity.identity, quantity.identity) is quantity.identity
        assert parse(quantity.name) is quantity.identity  # a parsed name gives the one object
    # every leaf and identity made afresh: the same text
    monkeypatch.setattr(legacy, "_ref", legacy._ref.__wrapped__)
    monkeypatch.setattr(legacy, "_partial", lambda i: F.Partial(F.Ref(ids.name(i.of)), F.Ref(ids.name(i.wrt))))
    monkeypatch.setattr(expr, "shared_ref", expr.Ref)
    monkeypatch.setattr(ids, "_value", ids._value.__wrapped__)
    fresh_solution, fresh = _derived()
    assert fresh == shared
    network.build.cache_clear()
    derivation.derive.cache_clear()


def test_an_identity_pickles_to_an_equal_one_of_the_same_hash():
    delta = ids.gradient(ids.value(ids.LOSS, step=2, sample=1), ids.value(ids.PRE_ACTIVATION, 1, (0,), 2, 1))
    copy = pickle.loads(pickle.dumps(delta))
    assert copy == delta and hash(copy) == hash(delta) and ids.name(copy) == ids.name(delta)
    assert not hasattr(delta, "__dict__")
