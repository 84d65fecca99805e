"""The network's graph built the fast way — step 1's first chain rule replayed for every other
sample and step (network.py), sums of products differentiated directly (core/chain.py) — is the
graph worked out node by node by SymPy: the same nodes in the same order, with the same
definitions, roles, chain-rule terms, inputs and consumers."""

from __future__ import annotations

import pytest

from symbp import network
from symbp.core import chain
from symbp.core.expr import refs
from symbp.spec import load_spec, parse_spec

from helpers import REPO

EXAMPLES = ["batch3", "softmax3", "steps3", "momentum2", "adam1", "nobias", "mazur"]

DECAYED_BATCH = """layers = [2, 2, 2]
activation = "tanh"
loss = "cross_entropy"
learning_rate = 0.1
weight_decay = 0.01
steps = 2
inputs = [[1, 2], [0, -1], [0.5, 0.5]]
targets = [[1, 0], [0, 1], [0.5, 0.5]]
[[layer]]
weights = [[0.5, -0.25], [0.25, 0.5]]
biases = [0.1, -0.1]
[[layer]]
weights = [[1, -0.5], [0.3, 0.2]]
biases = [0.2, 0]
activation = "softmax"
"""

ONE_INPUT = """layers = [1, 2, 1]
activation = "leaky_relu"
negative_slope = 0.1
loss = "half_sse"
learning_rate = 0.1
steps = 2
input = [1]
target = [1]
[[layer]]
weights = [[0.5], [-0.25]]
biases = [0.1, -0.1]
[[layer]]
weights = [[1, -0.5]]
activation = "identity"
bias = false
"""


def _graph(architecture: tuple, fast: bool, monkeypatch):
    monkeypatch.setattr(network, "REPLAY", fast)
    monkeypatch.setattr(chain, "FAST", fast)
    return network._Builder(network.Architecture(*architecture)).build()


def _architectures():
    specs = [load_spec(REPO / "examples" / f"{name}.toml") for name in EXAMPLES]
    specs += [parse_spec(DECAYED_BATCH), parse_spec(ONE_INPUT)]
    return [spec.architecture() for spec in specs]


@pytest.mark.parametrize("architecture", _architectures(), ids=EXAMPLES + ["decayed-softmax-batch", "one-input"])
def test_replayed_graph_is_the_graph_worked_out_node_by_node(architecture, monkeypatch):
    worked, replayed = _graph(architecture, False, monkeypatch), _graph(architecture, True, monkeypatch)
    assert [n.identity for n in replayed.graph] == [n.identity for n in worked.graph]
    for node in worked.graph:
        other = replayed.graph[node.identity]
        assert (other.definition, other.role, other.terms) == (node.definition, node.role, node.terms), node.name
        assert replayed.graph.inputs(node.identity) == worked.graph.inputs(node.identity) == \
            (refs(node.definition) if node.definition is not None else [])
        assert replayed.graph.consumers(node.identity) == worked.graph.consumers(node.identity)
    for key, chain in worked.backward.items():
        again = replayed.backward[key]
        assert (again.of, again.gradients, again.locals) == (chain.of, chain.gradients, chain.locals)


@pytest.mark.parametrize("architecture", _architectures(), ids=EXAMPLES + ["decayed-softmax-batch", "one-input"])
def test_moved_quantities_are_the_quantities_read_off_node_by_node(architecture, monkeypatch):
    """derivation.py moves step 1's first sample's quantities to every other sample and step."""
    from symbp import derivation

    read, moved = ([*derivation._View(_graph(architecture, fast, monkeypatch)).build()] for fast in (False, True))
    assert [q.name for q in moved] == [q.name for q in read]
    for ours, theirs in zip(moved, read):
        fields = ("name", "kind", "layer", "index", "sample", "step", "identity", "tree", "formula", "chain",
                  "unsimplified")
        assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields], theirs.name


def test_a_moved_name_is_the_name_printed_for_the_identity():
    from symbp import names
    from symbp.core import identity as ids

    loss, z, w = ids.value("L", sample=1), ids.value("z", 1, (0,), 1, 1), ids.value("w", 1, (1, 0))
    a0 = ids.value("a", 0, (1,), 1, 1)
    for template in (z, ids.gradient(loss, z), ids.gradient(loss, w), ids.local(z, w), ids.gradient(loss, a0)):
        for t, s in ((1, 2), (3, 1), (2, 12)):
            identity = network.mover(network.Architecture((2, 1), (("relu", True, None),), "half_sse", 12, True, 3),
                                     t, s)(template)
            assert names.moved(template, names.name(template), identity) == names.name(identity)
    assert names.name(ids.gradient(ids.value("L", step=2, sample=2), ids.value("a", 0, (1,), 1, 2))) == "dL[2]@2/da_1^0[2]"


def test_a_moved_quantity_replaced_keeps_its_trees():
    """dataclasses.replace (as the renderer uses it) of a quantity moved to another sample."""
    import dataclasses

    from symbp.derivation import derive

    derivation = derive(load_spec(REPO / "examples" / "batch3.toml").architecture())
    moved = derivation.by_name["delta_0^2[2]"]
    again = dataclasses.replace(moved, name="x")
    assert (again.name, again.tree, again.formula, again.chain) == ("x", moved.tree, moved.formula, moved.chain)


def test_a_definition_that_refers_to_a_node_not_yet_defined_is_refused():
    from symbp.core.expr import Call, Ref
    from symbp.core.graph import Graph
    from symbp.core.identity import node

    graph = Graph()
    graph.given(node("x"))
    with pytest.raises(ValueError, match="q refers to y, which is not defined before it"):
        graph.define(node("q"), Call("add", (Ref(node("x")), Ref(node("y")))))
