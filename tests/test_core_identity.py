"""symbp.core.identity: one scheme prints and parses every name — the network's (as symbp/names.py
writes them today) and a computational graph's."""

from __future__ import annotations

import random

import pytest

from symbp import names
from symbp.core import identity as ids
from symbp.core import identity_parse
from symbp.core.identity import Identity
from symbp.pipeline import derive_solution
from symbp.spec import load_spec

from helpers import REPO


@pytest.mark.parametrize("example", ["nn231", "batch3", "steps3", "softmax3"])
def test_every_name_of_the_engine_round_trips(example):
    solution, _ = derive_solution(load_spec(REPO / "examples" / f"{example}.toml"))
    for quantity_name in list(solution.values) + list(solution.givens):
        identity = identity_parse.parse(quantity_name)
        assert (identity is not None, ids.name(identity) if identity else None) == (True, quantity_name)


@pytest.mark.parametrize("text, kind, of_kind, wrt_name", [
    ("z_0^1", "z", None, None),
    ("L[2]@3", "L", None, None),
    ("delta_0^2[1]@2", "gradient", "L", "z_0^2[1]@2"),  # δ is the gradient of L with respect to z
    ("dL/dw_10^1", "gradient", "L", "w_10^1"),
    ("dL/dw_{10,2}^1[3]@2", "gradient", "L", "w_{10,2}^1@2"),  # a parameter has no sample
    ("dL/da_1^1[2]@2", "gradient", "L", "a_1^1[2]@2"),
    ("df/dx0", "gradient", "node", "x0"),
    ("local:dq/dx", "local", "node", "x"),
    ("local:da_0^1/dz_0^1@2", "local", "a", "z_0^1@2"),
    ("s.2", "node", None, None),
])
def test_structure_of_parsed_names(text, kind, of_kind, wrt_name):
    identity = identity_parse.parse(text)
    assert (identity.kind, identity.of.kind if identity.of else None,
            ids.name(identity.wrt) if identity.wrt else None) == (kind, of_kind, wrt_name)


@pytest.mark.parametrize("text", [
    "z_0^1", "z_{0}^1", "w_{1,0}^1", "w_1^1", "dL/dw_10^1@2", "dL/db_0^2[3]@2", "L[2]", "L@1", "a_0^0",
    "delta_{12}^3", "dL/dw_{1,2}^3[4]@5", "w_00^1@1", "dL/dw_00^1[1]", "y_{10}", "z_1^1[2]@2", "w_123^1",
    "dL/dw_1^1", "z_^1",
])
def test_network_names_read_as_names_py_reads_them(text):
    assert identity_parse.canonical(text) == names.canonical(text)


def test_what_names_py_accepts_and_the_core_refuses():
    """Deliberate: a sample [0] (samples count from 1), a step on a target, a sample on a parameter."""
    assert [identity_parse.canonical(t) for t in ("z_0^1[0]", "y_0@2", "b_0^1[2]")] == [None, None, None]


@pytest.mark.parametrize("text", ["dL/dx", "d/dx", "local:", "local:f", "x.y", "1x", "z_0^1@0", "", "dd/d",
                                  "dL/ddelta_0^1", "local:dL/dw_00^1/dx"])
def test_not_names(text):
    identity = identity_parse.parse(text)
    assert identity is None or ids.name(identity) == text.replace(" ", "")


def test_derivative_names_share_or_spell_out_their_suffix():
    loss_2 = Identity("L", step=2)
    assert ids.name(ids.gradient(loss_2, ids.value("w", 1, (0, 0), 2))) == "dL/dw_00^1@2"
    assert ids.name(ids.gradient(loss_2, ids.value("a", 0, (0,), 1))) == "dL@2/da_0^0"
    assert identity_parse.parse("dL@2/da_0^0") == ids.gradient(loss_2, ids.value("a", 0, (0,), 1))


def _random_identity(rng: random.Random) -> Identity:
    kind = rng.choice(["z", "a", "w", "b", "y", "L", "alpha", "node"])
    step = rng.choice([1, 1, 2, 13])
    sample = rng.choice([None, 1, 12])
    index = lambda: rng.choice([0, 3, 9, 10, 27])  # noqa: E731
    if kind in ("z", "a"):
        return ids.value(kind, rng.randint(0, 12) if kind == "a" else rng.randint(1, 12), (index(),), step, sample)
    if kind in ("w", "b"):
        return ids.value(kind, rng.randint(1, 12), (index(), index()) if kind == "w" else (index(),), step)
    if kind == "y":
        return ids.value("y", None, (index(),), 1, sample)
    if kind == "L":
        return Identity("L", step=step, sample=sample)
    if kind == "alpha":
        return Identity("alpha")
    return ids.node(rng.choice(["x", "x0", "w_1", "dot", "s.3", "q2"]))


def test_random_identities_and_their_derivatives_round_trip():
    rng = random.Random(7)
    checked = 0
    for _ in range(400):
        identity = _random_identity(rng)
        candidates = [identity]
        other = _random_identity(rng)
        for make in (ids.gradient, ids.local):
            derivative = make(identity, other)
            try:
                ids.name(derivative)
            except ValueError:  # e.g. a derivative of a step-1 value with respect to a later one
                continue
            candidates.append(derivative)
        for candidate in candidates:
            assert identity_parse.parse(ids.name(candidate)) == candidate, ids.name(candidate)
            checked += 1
    assert checked > 800


# generic identities: any neuron, for the general formulas --------------------------------------------
@pytest.mark.parametrize("text, kind, layer, indices", [
    ("w_jk^l+1", "w", "l+1", ("j", "k")),
    ("a_k^l-1", "a", "l-1", ("k",)),
    ("z_j^L", "z", "L", ("j",)),
    ("b_j^l", "b", "l", ("j",)),
    ("z_i^2[1]@2", "z", 2, ("i",)),  # a softmax layer's Σ_i runs over i of a concrete layer
])
def test_generic_names_are_read_only_when_asked(text, kind, layer, indices):
    identity = identity_parse.parse(text, generic=True)
    assert (identity.kind, identity.layer, identity.indices) == (kind, layer, indices)
    assert ids.is_generic(identity) and ids.name(identity) == text
    assert identity_parse.parse(text) is None and names.canonical(text) is None  # an answer file cannot name one


def test_generic_delta_and_gradients():
    delta = identity_parse.parse("delta_j^l+1", generic=True)
    assert delta == ids.gradient(ids.value("L"), ids.value("z", "l+1", ("j",)))
    assert names.generic("delta", "l+1", "j") == "delta_j^l+1" and names.generic("y", None, "j") == "y_j"
    assert ids.name(identity_parse.parse("dL/dw_jk^l", generic=True)) == "dL/dw_jk^l"
    assert not ids.is_generic(identity_parse.parse("dL/dw_10^1"))
    for layer, indices in [("l+2", "j"), ("l", "m"), ("x", "")]:
        with pytest.raises(ValueError):
            ids.generic("w", layer, indices)


def test_names_helpers_read_names_through_the_scheme():
    assert names.kind_of("w_{10,2}^1@2") == "w" and names.kind_of("b_0^2") == "b" and names.kind_of("1x") is None
    assert names.kind_of("bias") == "node"  # a graph's label, not a network's bias b_j^l
    assert names.at_step("w_10^1", 3) == "w_10^1@3" and names.at_step("L@2", 1) == "L"
    assert names.activation_of("z_{10}^2[3]@2") == "a_{10}^2[3]@2"
