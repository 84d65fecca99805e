"""The optimizer and the regularization as a builder of the network's graph (network.py calls it).

In:  the architecture's training shape (`optimizers.Shape`), the graph, a parameter p@t with the
     gradient of the loss ∂L/∂p@t (a node already in the graph).
Out: the nodes: R@t and J@t = L@t + R@t (`define_penalty`); ∂J/∂p@t = ∂L/∂p@t + λ·p + λ1·sign(p)
     where p is regularized, the optimizer's state quantities of p at step t and p@t+1 (`train`).
"""

from __future__ import annotations

from .core import identity as ids
from .core.expr import Call, Ref
from .core.identity import Identity
from .optimizers import OPTIMIZERS, REGULARIZATION, penalty, regularized, regularized_gradient

STATE, REGULARIZED_GRADIENT = "state", "regularized gradient"  # roles of the nodes built here
# kinds of quantity (derivation.py) of the nodes built here
PENALTY, REGULARIZED_COST, REGULARIZED_GRADIENT_KIND, OPTIMIZER_STATE = (
    "penalty", "regularized_cost", "regularized_gradient", "optimizer_state")
KINDS = (PENALTY, REGULARIZED_COST, REGULARIZED_GRADIENT_KIND, OPTIMIZER_STATE)


def hyperparameters(shape) -> list[Identity]:
    """The givens the training adds: the optimizer's hyperparameters, then the λs."""
    if shape is None:
        return []
    out = [Identity(h.key) for h in OPTIMIZERS[shape.optimizer].hyperparameters]
    present = {"weight_decay": shape.weight_decay, "l1": shape.l1}
    return out + [Identity(name) for key, name in REGULARIZATION if present[key]]


def define_penalty(graph, shape, parameters: list, t: int) -> None:
    chosen = [p for p in parameters if regularized(p, shape)]
    graph.define(Identity(ids.PENALTY, step=t), penalty(chosen, shape))
    graph.define(Identity(ids.REGULARIZED, step=t),
                 Call("add", (Ref(ids.value(ids.LOSS, step=t)), Ref(Identity(ids.PENALTY, step=t)))))


def used_gradient(shape, parameter: Identity, t: int) -> Identity:
    """The gradient the optimizer follows: ∂J/∂p@t where p is regularized, else ∂L/∂p@t."""
    of = Identity(ids.REGULARIZED, step=t) if regularized(parameter, shape) else ids.value(ids.LOSS, step=t)
    return ids.gradient(of, parameter)


def train(graph, shape, parameter: Identity, gradient: Identity, t: int) -> None:
    used = used_gradient(shape, parameter, t)
    if used != gradient:
        graph.define(used, regularized_gradient(parameter, gradient, shape), REGULARIZED_GRADIENT)
    flags = dict(shape.flags)
    nodes = OPTIMIZERS[shape.optimizer].update(parameter, used, t, flags)
    for identity, tree in nodes[:-1]:
        graph.define(identity, tree, STATE)
    graph.define(*nodes[-1], "update")


def penalty_quantities(shape, t: int) -> list:
    """[(identity, kind)] of R@t and J@t, with regularization (else none)."""
    if shape is None or not shape.regularization:
        return []
    return [(Identity(ids.PENALTY, step=t), PENALTY), (Identity(ids.REGULARIZED, step=t), REGULARIZED_COST)]


def training_quantities(graph, shape, parameter: Identity, t: int) -> list:
    """[(identity, kind)] of ∂J/∂p@t (where p is regularized) and p's state quantities at step t."""
    used = used_gradient(shape, parameter, t)
    out = [(used, REGULARIZED_GRADIENT_KIND)] if graph[used].role == REGULARIZED_GRADIENT else []
    return out + [(ids.state(kind, parameter, t), OPTIMIZER_STATE) for kind in OPTIMIZERS[shape.optimizer].states]
