"""The ways a computational graph is worked by calculator (graph/marking.py): each `Chain` a route a
careful student may take — values and local derivatives rounded to the sheet's digits or more, or
kept whole; the running gradient kept; a fan-out's products rounded before adding; a local
derivative in the form the worked solution does not print (`other_local`).  The marking accepts a
number that one chain's value, worked from the answer's own numbers, rounds to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from ..core.chain import chain_rule
from ..core.expr import Call, Const, Ref, children
from ..core.identity import GRADIENT, LOCAL, Identity  # (a node's role in the graph: gradient, local derivative)
from ..core.operations import OPERATIONS, output_form_applies
from ..numbers import round_significant

IN_STEPS_LIMIT = 700  # |z| beyond which σ(z) or tanh(z) is not worked in steps (e^700 is float's edge)
SAME = "same"  # a Chain's gradients rounded as its values


@dataclass(frozen=True)
class Chain:
    """A way of working the graph by calculator: every value not written rounded to the sheet's digits
    and `more` (None: not rounded), carried on — a local derivative to the sheet's digits and
    `local_more` (the worked solution prints them rounded: a student multiplies by the number on the
    page, or keeps the calculator's); a number written stands for itself, or (`keeps`) for what the
    chain gives where that rounds to it (the calculator keeps its digits).  `gradient_more`: the
    gradients rounded otherwise than the values (None: the running gradient kept whole while the
    forward values are read off the page); `terms_more`: each product of a fan-out's sum rounded
    before adding (None: not); `other_locals`: each local derivative in the form the solution does not
    print (`other_local`: 1/(2s) for ∂√z/∂z with s = √z, −c/b for ∂(a/b)/∂b with c = a/b (−c² for 1/b), σ(z)·(1 − σ(z))
    worked from z); `gradient_keeps`: see below."""

    more: int | None
    keeps: bool
    local_more: int | None = None
    values_too: bool = False  # a local derivative that is another node's value (∂(a·b)/∂a = b) rounded as a local
    gradient_more: int | None | str = SAME
    terms_more: int | None = None
    other_locals: bool | str = False  # True: every local in its other form; INPUT_FORMS: those whose other form
    # is worked from the gate's input (e^z, σ(z)(1 − σ(z)) from z), the printed one kept for √ and ÷ (stop 55)
    inner_more: int | None = None  # σ(z) worked as 1/(1 + e^−z), tanh(z) as (e^2z − 1)/(e^2z + 1), each e and
    # 1 + e rounded to the sheet's digits and `inner_more` (None: the function at once), as a network's neuron may be
    gradient_keeps: bool | None = None  # a gradient written stands for the chain's own (`keeps`) otherwise than
    # a value does (None: as a value): the values read off the page, the running gradient kept in the calculator

    def keeping(self, gradient: bool) -> bool:
        """Whether a number written stands for the chain's own value where that rounds to it."""
        return self.keeps if not gradient or self.gradient_keeps is None else self.gradient_keeps

    def rounding(self, local: bool, value: bool, gradient: bool = False) -> int | None:
        if local and (self.values_too or not value):
            return self.local_more
        return self.more if not gradient or self.gradient_more == SAME else self.gradient_more


NAMING_CHAINS = (  # the chains a slip is looked for in (each costs a search)
    Chain(None, True), Chain(0, False, 0), Chain(1, False, 1), Chain(0, True, 0), Chain(1, True, 1),
    Chain(None, True, 0), Chain(None, True, 0, True),  # the values whole, each local derivative as printed
    Chain(0, False), Chain(0, True))  # the values rounded as written, each local worked out and used at once
_BASE = NAMING_CHAINS + (Chain(2, False, 2), Chain(2, True, 2),  # (two more digits: a sum that cancels loses them)
                         # the running gradient kept
                         Chain(0, True, gradient_more=None), Chain(0, True, 0, gradient_more=None),
                         # ... the values read off the page, the running gradient kept in the calculator, whole
                         # or to one digit more (stop 55: e^1.113 of a written d = 1.113 times a kept 1/4.043)
                         Chain(0, False, gradient_more=None, gradient_keeps=True),
                         Chain(0, False, 0, gradient_more=None, gradient_keeps=True),
                         Chain(0, False, gradient_more=1, gradient_keeps=True),
                         # ... σ and tanh worked in steps, each rounded (1/1.333 for σ(1.1): 0.7502, not 0.7503)
                         Chain(0, False, inner_more=0), Chain(0, False, inner_more=1))
_TERMS = tuple(replace(chain, terms_more=chain.more) for chain in _BASE
               if chain.more is not None and chain.gradient_more == SAME)
INPUT_FORMS = "input"  # (Chain.other_locals: each local derivative from its gate's input where it has such a form)
CHAINS = _BASE + _TERMS + tuple(replace(chain, other_locals=True) for chain in _BASE + _TERMS) + \
    tuple(replace(chain, other_locals=INPUT_FORMS) for chain in _BASE if chain.gradient_keeps)


def uses_other(chain: Chain, identity: Identity, others: dict, from_input: frozenset) -> bool:
    """Whether a chain works a local derivative in its other form (`others`: `other_locals`; `from_input`:
    the locals whose other form is worked from the gate's input, `input_forms`)."""
    if not chain.other_locals or others.get(identity) is None:
        return False
    return chain.other_locals is True or identity in from_input


def input_forms(graph) -> frozenset:
    """The local derivatives whose other form is worked from the gate's input (of e^z, σ, tanh: the worked
    solution prints them from the output)."""
    return frozenset(node.identity for node in graph if node.role == LOCAL and isinstance(graph[node.identity.of].definition, Call)
                     and output_form_applies(graph[node.identity.of].definition, node.identity.wrt))


def other_local(graph, identity: Identity):
    """A local derivative in the form the worked solution does not print (`Chain.other_locals`): of
    √ and ÷ from the gate's output, of exp, σ and tanh from its input (σ(z)·(1 − σ(z)) from z);
    None where its gate has no other form."""
    consumer, wrt = identity.of, identity.wrt
    definition = graph[consumer].definition
    if not isinstance(definition, Call):
        return None
    if output_form_applies(definition, wrt):  # printed from the output: e^z, σ·(1 − σ), 1 − tanh²
        return OPERATIONS[definition.op].output_form(definition)
    if OPERATIONS[definition.op].output_form is not None and len(definition.args) == 1 \
            and Ref(wrt) in references_of(definition.args[0]):  # a = tanh(x·y) written whole: (1 − a²)·x from
        # its output a (the graph tester of stop 65: a wrong a carried so was wrong, printed from x·y)
        return Call("mul", (OPERATIONS[definition.op].output_form(Ref(consumer)), chain_rule(definition.args[0], wrt)))
    if definition.op == "sqrt" and definition.args == (Ref(wrt),):
        return Call("div", (Const(Fraction(1)), Call("mul", (Const(Fraction(2)), Ref(consumer)))))
    if definition.op == "div" and definition.args[1] == Ref(wrt) and definition.args[0] == Const(Fraction(1)):
        return Call("neg", (Call("pow", (Ref(consumer),), 2),))  # −c² for ∂(1/b)/∂b with c = 1/b (stop 60)
    if definition.op == "div" and definition.args[1] == Ref(wrt) and Ref(wrt) not in references_of(definition.args[0]):
        return Call("neg", (Call("div", (Ref(consumer), Ref(wrt))),))
    inner = definition.args[-1] if definition.op in ("sqrt", "div") else None  # √g or a/g written whole (the reviewer)
    if inner is None or Ref(wrt) not in references_of(inner) or any(Ref(wrt) in references_of(a) for a in definition.args[:-1]):
        return None
    outer = Call("div", (Const(Fraction(1)), Call("mul", (Const(Fraction(2)), Ref(consumer))))) if definition.op == "sqrt" \
        else Call("neg", (Call("pow", (Ref(consumer),), 2),)) if definition.args[0] == Const(Fraction(1)) \
        else Call("neg", (Call("div", (Ref(consumer), inner)),))  # 1/(2a) of √g; −a² of 1/g; −a/g of n/g
    return Call("mul", (outer, chain_rule(inner, wrt)))


def other_locals(graph) -> dict:
    """Each local derivative of a graph -> `other_local`'s tree of it, or None."""
    return {node.identity: other_local(graph, node.identity) for node in graph if node.role == LOCAL}


def chains_of(graph, others: dict) -> tuple:
    """The CHAINS that can give a graph values of their own: those with the other form of a local
    derivative where one has it (`others`: `other_locals`), those rounding a fan-out's products where
    a gradient sums some."""
    other = any(tree is not None for tree in others.values())
    fans_out = any(node.role == GRADIENT and isinstance(node.definition, Call) and node.definition.op == "add"
                   for node in graph)
    return tuple(chain for chain in CHAINS if (other or not chain.other_locals) and (fans_out or chain.terms_more is None))


def distinct(values) -> list:
    """The values, each object once (the chains share them)."""
    return list({id(value): value for value in values}.values())


def references_of(tree) -> list:
    return [tree] if isinstance(tree, Ref) else [r for child in children(tree) for r in references_of(child)]


def identities_of(tree) -> tuple:
    """The identities a tree refers to, each once, in order."""
    return tuple(dict.fromkeys(r.identity for r in references_of(tree)))


def in_steps(definition, env: dict, domain, digits: int):
    """σ(z) as 1/(1 + e^−z), tanh(z) as (e^2z − 1)/(e^2z + 1), each e and 1 + e rounded to `digits` (the
    sheet's and Chain.inner_more; None where undefined)."""
    x = env.get(definition.args[0].identity)
    if x is None or abs(x) > IN_STEPS_LIMIT:  # (e^−z of a written 10^19 has 10^19 zeros to round: no calculator's way)
        return None
    rounded = lambda v: domain.number(round_significant(v, digits))  # noqa: E731
    try:
        if definition.op == "sigmoid":
            return domain.div(Fraction(1), rounded(domain.add(Fraction(1), rounded(domain.exp(-x)))))
        e = rounded(domain.exp(2 * x))
        return domain.div(domain.add(e, Fraction(-1)), domain.add(e, Fraction(1)))
    except (ArithmeticError, ZeroDivisionError, ValueError):
        return None
