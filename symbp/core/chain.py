"""The chain rule, generic: a node's gradient is the sum over its consumers of upstream × local.

In:  a `Graph`, the node to differentiate (`of`: a loss, a graph's output) and the nodes to
     differentiate with respect to (`wrt`: parameters, inputs).
Out: new nodes in the same graph, so that every factor is a quantity that is evaluated, verified,
     shown and marked like any other:
       - `local:dC/dX` (role "local") for every edge X -> C on a path from `wrt` to `of`: SymPy
         differentiating C's *local* definition with respect to X (never the expanded
         expression), worked out once per shape of definition and cached;
       - `d<of>/dX` (role "gradient") = Σ_C d<of>/dC · local:dC/dX over X's consumers C,
         starting from d<of>/d<of> = 1 (the terms are kept as data, `Node.terms`).
For a network, δ_j^l is the gradient of L with respect to z_j^l, (W^T δ)_k that with respect to
a_k^l, and f'(z) the local derivative of a with respect to z: all fall out of this one rule.
"""

from __future__ import annotations

from fractions import Fraction
from dataclasses import dataclass, field
from functools import lru_cache

from . import identity as ids
from .expr import Call, Const, Ref, fill, instantiate, placeholder, relabel, shape
from .symbolic import from_sympy, to_sympy
from .tree_data import from_data, key_of, to_data
from ..sympy_cache import recall
from .graph import Graph, Term
from .identity import Identity
from .operations import OPERATIONS, output_form_applies, spelled_sigmoid

GRADIENT, LOCAL = "gradient", "local"


@dataclass
class Backward:
    """What one application of the chain rule added."""

    of: Identity
    gradients: dict  # node -> identity of its gradient, from `of` backwards
    locals: dict  # (consumer, node) -> identity of the local derivative
    added: list = field(default_factory=list)  # the nodes added, in order
    # (identity, definition, role, terms, inputs) of each node added, once replayed (`replay`)
    plan: list | None = field(default=None, repr=False, compare=False)


def _diff(expr, symbol):
    """SymPy's derivative; of a sum only the terms holding `symbol` are differentiated, and constant
    factors stay outside, which keeps wide layers fast."""
    import sympy

    if expr.is_Add:
        expr = sympy.Add(*[term for term in expr.args if symbol in term.free_symbols])
    if expr.is_Mul:
        independent, dependent = expr.as_independent(symbol, as_Add=False)
        return independent * sympy.diff(dependent, symbol)
    return sympy.diff(expr, symbol)


def _placeholder_symbol(identity):
    import sympy

    return sympy.Symbol(identity.label, real=True)


def _shape_derivative(expression, position: int):
    """∂(a shaped definition's SymPy expression)/∂(its placeholder _position), by SymPy, as a tree
    over placeholders."""
    derivative = _diff(expression, _placeholder_symbol(placeholder(position)))
    return from_sympy(derivative, lambda s: Ref(ids.node(s.name)))


@lru_cache(maxsize=4096)
def _operation_derivative(op: str, param, count: int, position: int):
    """∂op/∂argument[position] as a tree over placeholders _0, _1, … (SymPy differentiating the rule)."""
    from .operations import derivative

    def compute():
        _, partial = derivative(op, param, count, position)
        return from_sympy(partial, lambda s: Ref(ids.node(s.name)))

    return recall("operation_derivative", f"{op}/{param!r}/{count}/{position}", compute, from_data, to_data)


def _composed(tree, wrt: Identity):
    """∂tree/∂wrt by the chain rule over the tree's operations, each factor the registry's derivative
    (for a definition in which SymPy, substituting one piecewise rule into another, meets a branch
    without a real value, such as ln(|x|) with |x|'s branch at 0)."""
    if isinstance(tree, Ref):
        return Const(Fraction(int(tree.identity == wrt)))
    if not isinstance(tree, Call):
        return Const(Fraction(0))
    terms = []
    for i, arg in enumerate(tree.args):
        inner = _composed(arg, wrt)
        if inner == Const(Fraction(0)):
            continue
        outer = fill(_operation_derivative(tree.op, tree.param, len(tree.args), i), tree.args)
        terms.append(outer if inner == Const(Fraction(1)) else Call("mul", (outer, inner)))
    if not terms:
        return Const(Fraction(0))
    return terms[0] if len(terms) == 1 else Call("add", tuple(terms))


def chain_rule(tree, wrt: Identity):
    """∂tree/∂wrt as a tree, by the chain rule over its operations (`_composed`): the inner factor of a gate
    written whole, a = tanh(x·y) worked through its output, (1 − a²)·x (graph/chains.py)."""
    return _composed(tree, wrt)


def _through_outputs(graph: Graph, consumer: Identity, wrt: Identity):
    """∂a_i/∂z_j of an op of a whole layer (softmax) written through its outputs, when the graph
    holds an output for every value of the op's parameter; else None."""
    definition = graph[consumer].definition
    if not isinstance(definition, Call) or OPERATIONS[definition.op].output_partial is None:
        return None
    if not all(isinstance(a, Ref) for a in definition.args) or Ref(wrt) not in definition.args:
        return None
    outputs = {}
    for sibling in graph.consumers(definition.args[0].identity):
        other = graph[sibling].definition
        if isinstance(other, Call) and other.op == definition.op and other.args == definition.args:
            outputs[other.param] = Ref(sibling)
    if set(outputs) != set(range(len(definition.args))):
        return None
    ordered = tuple(outputs[k] for k in range(len(definition.args)))
    return OPERATIONS[definition.op].output_partial(ordered, definition.param, definition.args.index(Ref(wrt)))


# shape of a definition -> {position: ∂/∂placeholder_position}: SymPy differentiates each shape once,
# for every node of that shape (every neuron of a layer, every sample, every step)
_BY_SHAPE: dict = {}
MAX_SHAPES = 4096


@dataclass
class _Derivatives:
    """What is worked out once per shape: its SymPy expression, and its derivatives by position."""

    tree: object  # the definition with its references numbered (`expr.shape`)
    by_position: dict = field(default_factory=dict)
    _expression: object = None

    @property
    def expression(self):
        if self._expression is None:
            self._expression = to_sympy(self.tree, _placeholder_symbol)
        return self._expression


@dataclass
class _Shaped:
    references: tuple
    positions: dict  # reference -> its placeholder's number
    derivatives: _Derivatives  # shared by every node of this shape
    # a sum: its terms' shapes, and the reference -> the one term that holds it (a reference held by
    # several terms is differentiated in the whole sum)
    terms: tuple = ()
    term_of: dict = field(default_factory=dict)


def _shaped(definition, parts: bool = True) -> _Shaped:
    tree, references = shape(definition)
    derivatives = _BY_SHAPE.get(tree)
    if derivatives is None:
        if len(_BY_SHAPE) >= MAX_SHAPES:
            _BY_SHAPE.clear()
        derivatives = _BY_SHAPE[tree] = _Derivatives(tree)
    shaped = _Shaped(references, {r: i for i, r in enumerate(references)}, derivatives)
    if parts and isinstance(definition, Call) and definition.op == "add" and len(definition.args) > 2:
        shaped.terms = tuple(_shaped(term, parts=False) for term in definition.args)
        held: dict = {}
        for i, term in enumerate(shaped.terms):
            for reference in term.references:
                held[reference] = i if reference not in held else None
        shaped.term_of = {reference: i for reference, i in held.items() if i is not None}
    return shaped


def local_formula(graph: Graph, consumer: Identity, wrt: Identity, shapes: dict | None = None):
    """∂(consumer's definition)/∂wrt as a tree over the graph's nodes.  `shapes`: the consumers'
    shapes already worked out (consumer -> `_Shaped`), filled in here."""
    definition = graph[consumer].definition
    if output_form_applies(definition, wrt):
        return OPERATIONS[definition.op].output_form(Ref(consumer))
    if spelled_sigmoid(definition, wrt):
        return OPERATIONS["sigmoid"].output_form(Ref(consumer))
    through_outputs = _through_outputs(graph, consumer, wrt)
    if through_outputs is not None:
        return through_outputs
    if FAST:
        products = shapes.get((_PRODUCTS, consumer)) if shapes is not None else None
        if products is None:
            products = _of_products(definition)
            if shapes is not None:
                shapes[(_PRODUCTS, consumer)] = products
        if wrt in products:
            return products[wrt]
    shaped = shapes.get(consumer) if shapes is not None else None
    if shaped is None:
        shaped = _shaped(definition)
        if shapes is not None:
            shapes[consumer] = shaped
    term = shaped.term_of.get(wrt)
    if term is not None:  # of a sum, only the one term that holds wrt: w_jk·a_k of z_j = Σ_k w_jk·a_k + b_j
        shaped = shaped.terms[term]
    return _from_shape(shaped, definition if term is None else definition.args[term], wrt)


FAST = True  # sums of products of two nodes differentiated directly (False: every one by its shape)
_ONE = Const(Fraction(1))
_PRODUCTS = "products"  # the key of a consumer's table of `_of_products` among its shapes


def _of_products(definition) -> dict:
    """{wrt: ∂definition/∂wrt} of x·y (x ≠ y: ∂/∂x = y) or of a sum of such products and nodes,
    for each node only one term holds (∂(Σ_k w_jk·a_k + b_j)/∂w_jk = a_k, ∂/∂b_j = 1): what SymPy
    gives for them; empty for any other definition."""
    if type(definition) is not Call or definition.param is not None or definition.op not in ("add", "mul"):
        return {}
    terms = definition.args if definition.op == "add" else (definition,)
    table: dict = {}
    held: set = set()
    for term in terms:
        if type(term) is Ref:
            pairs = ((term.identity, _ONE),)
        elif type(term) is Call and term.op == "mul" and term.param is None and len(term.args) == 2 and \
                type(term.args[0]) is Ref and type(term.args[1]) is Ref and term.args[0] != term.args[1]:
            first, second = term.args
            pairs = ((first.identity, second), (second.identity, first))
        else:
            return {}
        for identity, derivative in pairs:
            if identity in held:
                table.pop(identity, None)
            else:
                held.add(identity)
                table[identity] = derivative
    return table


def _from_shape(shaped: "_Shaped", definition, wrt: Identity):
    position = shaped.positions[wrt]
    derivatives = shaped.derivatives.by_position
    if position not in derivatives:
        try:
            derivatives[position] = recall(
                "shape_derivative", lambda: f"{key_of(shaped.derivatives.tree)}/{position}",
                lambda: _shape_derivative(shaped.derivatives.expression, position), from_data, to_data)
        except TypeError:
            return _composed(definition, wrt)
    return instantiate(derivatives[position], shaped.references)


def _between(graph: Graph, of: Identity, wrt: set) -> dict:
    """Nodes on a path from a node of `wrt` to `of` (paths stop at `wrt` nodes), with `of`: each
    with its consumers among them, in the graph's order (node -> [consumer])."""
    ancestors: set = set()
    stack = [of]
    while stack:
        current = stack.pop()
        if current in ancestors:
            continue
        ancestors.add(current)
        if current not in wrt or current == of:
            stack.extend(graph.inputs(current))
    # forwards in order of computation: a node is on such a path when it is in wrt or one of its
    # inputs is (not through every consumer of a parameter, which all samples and steps share)
    relevant: dict = {}
    for current in sorted(ancestors, key=graph.position):
        if current in wrt or any(source in relevant for source in graph.inputs(current)):
            relevant[current] = []
            for source in graph.inputs(current):
                if source in relevant:
                    relevant[source].append(current)
    relevant.setdefault(of, [])
    return relevant


def backward(graph: Graph, of: Identity, wrt) -> Backward:
    """Adds the local derivatives and gradients of `of` with respect to every node between `wrt`
    and `of` (reverse order of computation) to the graph."""
    relevant = _between(graph, of, set(wrt))
    order = sorted(relevant, key=graph.position, reverse=True)
    result = Backward(of, {}, {})
    shapes: dict = {}
    start = ids.gradient(of, of)
    graph.define(start, Const(Fraction(1)), GRADIENT)
    result.gradients[of] = start
    result.added.append(start)
    for current in order:
        if current == of:
            continue
        terms = []
        for consumer in relevant[current]:
            local_id = ids.local(consumer, current)
            graph.define(local_id, local_formula(graph, consumer, current, shapes), LOCAL)
            result.locals[(consumer, current)] = local_id
            result.added.append(local_id)
            terms.append(Term(consumer, result.gradients[consumer], local_id))
        products = tuple(Call("mul", (Ref(t.upstream), Ref(t.local))) for t in terms)
        formula = products[0] if len(products) == 1 else Call("add", products)
        gradient_id = ids.gradient(of, current)
        inputs = list(dict.fromkeys(i for t in terms for i in (t.upstream, t.local)))  # (= refs(formula))
        graph.define(gradient_id, formula, GRADIENT, tuple(terms), inputs)
        result.gradients[current] = gradient_id
        result.added.append(gradient_id)
    return result


def replay(graph: Graph, template: Backward, move) -> Backward:
    """What `backward` adds for a node of the same form as `template.of`, without working it out
    again: the template's nodes, each identity moved by `move` (Identity -> Identity, e.g. to
    another sample and step of a network, whose graph there has the same form)."""
    if template.plan is None:  # (what every replay reads of the template's nodes, read once)
        template.plan = [(identity, graph[identity].definition, graph[identity].role, graph[identity].terms,
                          graph.inputs(identity)) for identity in template.added]
    define = graph.define
    for identity, definition, role, terms, inputs in template.plan:
        define(move(identity), relabel(definition, move), role,
               tuple([Term(move(t.consumer), move(t.upstream), move(t.local)) for t in terms]) if terms else (),
               list(map(move, inputs)))
    return Backward(move(template.of), {move(n): move(g) for n, g in template.gradients.items()},
                    {(move(c), move(n)): move(d) for (c, n), d in template.locals.items()},
                    [move(i) for i in template.added])
