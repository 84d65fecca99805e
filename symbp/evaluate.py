"""Numbers: a spec -> the value of every quantity, by evaluating its architecture's graph.

The graph (network.py, its quantities in derivation.py) is compiled once per architecture and
number domain (`core.numeric.Domain`: a value stays an exact `Fraction` while it is exact and
becomes a 50-digit number only through a transcendental function) and evaluated node by node:
forward pass, every local derivative and gradient of the chain rule, means and updates.

    exact mode       a quantity whose exact numerator or denominator outgrows MAX_EXACT_BITS
                     (each SGD step roughly doubles the digits of an exact network) becomes a
                     50-digit number, and what follows from it too; where a value is undefined
                     at 50 digits only because of them (σ(120) rounds to 1, so log(1 − a) is
                     log 0), everything is computed again with MORE_DIGITS.
    calculator mode  (`round_to`) every value the worked solution writes down is rounded to
                     `round_to` significant digits and the rounded value carried on: the
                     quantities — each f'(z) (the local derivative ∂a/∂z, through the rounded a
                     where the activation has such a form, σ' = a(1 − a)) among them — and, where
                     the worked solution shows them as a vector (`round_sums`), the
                     back-propagated sums (W^T δ)_k (the gradient ∂L/∂a_k).  It carries values worked out
                     exactly from the numbers written (Fractions, never lifted for their length).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Callable

from . import layerwise, names
from .core import identity as ids
from .core.closures import compile_slots, compile_tree
from .core.expr import Const, Ref
from .core.numeric import HIGH_PRECISION_DIGITS, MAX_EXACT_BITS, Domain, PrecisionLost, domain
from .core.operations import OPERATIONS
from .derivation_later import MadeWhenRead, derive  # derive: evaluate's too (tests read it)
from .errors import SpecError
from .givens import given_values, written_givens  # noqa: F401 (given_values: evaluate's too)
from .losses import LOSSES
from .numbers import round_significant
from .optimizers import OPTIMIZERS
from .spec import Spec

if TYPE_CHECKING:  # pragma: no cover
    from .derivation import Derivation

# When a value is undefined at 50 digits only because of them, the solution is computed again with
# more digits; what stays undefined at the last is.
MORE_DIGITS = (200, 1000)


@dataclass
class Solution:
    """A spec's derivation with the exact (or high-precision) value of every quantity."""

    spec: Spec
    derivation: Derivation = MadeWhenRead()  # None given: made when first read
    values: dict  # name -> Fraction or mpf, in order of computation
    givens: dict  # name -> Fraction
    exact: bool
    round_to: int | None = None  # the calculator mode's digits, or None
    rounded: set = field(default_factory=set)  # calculator mode: names whose carried value was rounded
    # The calculator run (round_to set) this exact solution is shown with, if any (pipeline.carry).
    carried: "Solution | None" = None
    digits: int = HIGH_PRECISION_DIGITS  # working precision of its mpmath numbers (MORE_DIGITS when 50 were too few)
    stable: set = field(default_factory=set)  # calculator mode: loss and δ names computed from z (stable_bce.py)

    def __getitem__(self, name: str):
        return self.values[name]

    @property
    def mode(self) -> str:
        """How the values are shown: "exact", "high-precision" or "rounded-intermediate"."""
        if self.round_to or self.carried is not None:
            return "rounded-intermediate"
        return "exact" if self.exact else "high-precision"


def is_exact(spec: Spec) -> bool:
    """Whether the spec's activations and loss keep rationals rational."""
    return (LOSSES[spec.loss].rational and all(OPERATIONS[layer.activation].rational for layer in spec.layers)
            and OPTIMIZERS[spec.training.optimizer].rational)


# ---- the program: an architecture's graph compiled for a domain ------------------------------------
ALWAYS, IF_SHOWN, NEVER = "always", "if shown", "never"  # when the calculator mode writes a node down
SHOWN_IF_ASKED = ("backpropagated",)  # kinds of quantity the calculator writes down only where shown


@dataclass(frozen=True)
class Step:
    identity: ids.Identity
    slot: int  # where its value is kept (`Program.index`)
    compute: Callable  # env -> value
    quantity: bool  # a quantity of the derivation (its size is watched, MAX_EXACT_BITS)
    written: str  # ALWAYS, IF_SHOWN (a back-propagated sum) or NEVER
    # A quantity whose formula SymPy simplified under what the spec guarantees (softmax with
    # cross-entropy: the targets sum to 1, δ = a − y): the calculator computes the formula
    # written, from the written (rounded) numbers, for which that need not hold.
    as_written: Callable | None = None
    tree: object = None  # its definition (a core.expr tree), for straight.py
    written_tree: object = None  # the formula `as_written` computes


@dataclass
class Program:
    derivation: Derivation
    domain: Domain
    steps: list[Step]
    index: dict  # node -> its slot in the list of values a run fills in
    slots: dict = field(default_factory=dict)  # name of a given or a quantity -> slot
    constants: list = field(default_factory=list)  # (slot, value) of the nodes that are numbers
    quantity_slots: dict = field(default_factory=dict)  # name -> slot of the quantities, in the derivation's order
    nodes: list = field(default_factory=list)  # the graph's nodes in slot order


_PROGRAMS: dict = {}


def compile_program(architecture: tuple, digits: int = HIGH_PRECISION_DIGITS) -> Program:
    """The architecture's graph compiled for the domain of `digits` (once)."""
    key = (architecture, digits)
    if key not in _PROGRAMS:
        if len(_PROGRAMS) >= 16:
            _PROGRAMS.clear()
        _PROGRAMS[key] = _compile_program(architecture, digits)
    return _PROGRAMS[key]


def _compile_program(architecture: tuple, digits: int) -> Program:
    derivation = derive(architecture)
    number_domain = _solve_domain(digits)
    quantities = {q.identity: q for q in derivation.quantities}
    graph = derivation.network.graph
    index = {node.identity: slot for slot, node in enumerate(graph)}
    slot_of = index.__getitem__
    constants, steps = [], []
    for slot, node in enumerate(graph):
        identity, definition = node.identity, node.definition
        if definition is None:
            continue
        quantity = quantities.get(identity)
        if quantity is None:  # a local derivative that is another node (∂z/∂w = a) or a number (∂z/∂b = 1)
            if type(definition) is Ref:
                index[identity] = index[definition.identity]
                continue
            if type(definition) is Const:
                constants.append((slot, number_domain.number(definition.value)))
                continue
            written = NEVER
        else:
            written = IF_SHOWN if quantity.kind in SHOWN_IF_ASKED else ALWAYS
        as_written = written_tree = None
        if quantity is not None and _unsimplified(quantity) is not None:
            written_tree = quantity.tree
            as_written = compile_tree(written_tree, number_domain, slot_of)
        steps.append(Step(identity, slot, compile_slots(definition, number_domain, slot_of),
                          quantity is not None, written, as_written, definition, written_tree))
    slots = {names.name(identity): index[identity] for identity in derivation.network.givens()}
    quantity_slots = {q.name: index[q.identity] for q in derivation.quantities}
    slots.update(quantity_slots)
    return Program(derivation, number_domain, steps, index, slots, constants, quantity_slots, list(graph))


def _unsimplified(quantity):
    """A quantity's `unsimplified` tree (of a quantity read off the graph: without making its
    formula, `derivation._Read`)."""
    raw = getattr(quantity, "_raw", None)
    return quantity.unsimplified if raw is None else raw("unsimplified")


class _Undefined(Exception):
    def __init__(self, identity, reason, env=None):
        super().__init__(str(reason))
        self.identity, self.reason, self.env = identity, reason, env  # env: the values computed before it


def _same(x, y) -> bool:
    """Whether a rounded value is the value itself (an mpf is never a terminating decimal)."""
    return type(x) is Fraction and type(y) is Fraction and x == y


def _too_long(value) -> bool:
    return type(value) is Fraction and max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_EXACT_BITS


def run(program: Program, givens: dict, round_to: int | None = None, shown_sums=frozenset()) -> tuple[dict, set, bool]:
    """(every node's value, the nodes the calculator rounded, whether a value outgrew exact
    arithmetic).  `givens`: node -> value; `shown_sums`: the nodes of the back-propagated sums shown."""
    env, rounded, lifted = _run(program, {names.name(i): v for i, v in givens.items()}, round_to, shown_sums)
    return {identity: env[slot] for identity, slot in program.index.items()}, rounded, lifted


def _run(program: Program, givens: dict, round_to: int | None, shown_sums, stable: dict | None = None,
         stable_names: set | None = None) -> tuple[list, set, bool]:
    """As `run`, with givens by name, and the values as a list (`Program.slots`); `stable`: the
    calculator's rules for a saturated σ with bce (stable_bce.py), the names they gave in `stable_names`."""
    number = program.domain.number
    env: list = [None] * len(program.index)
    for slot, value in program.constants:
        env[slot] = value
    for name, value in givens.items():
        env[program.slots[name]] = number(value)
    rounded: set = set()
    lifted = False
    stable = stable or {}
    for step in program.steps:
        try:
            value = None
            rule = stable[step.slot][1] if step.slot in stable else None
            if rule is not None:  # σ with bce: δ = 1/n·(a − y); a carried output at 0 or 1: from z (stable_bce.py)
                ruled = rule(env)
                if ruled is not None:
                    how, value = ruled
                    from .stable_bce import STABLE

                    if how == STABLE:
                        stable_names.add(stable[step.slot][0])
            if value is None:
                value = (step.as_written if round_to is not None and step.as_written is not None else step.compute)(env)
        except (ArithmeticError, ZeroDivisionError, TypeError) as exc:
            if step.slot in stable and rule is None:  # ∂L/∂a at a = 0 or 1 (or of it): its δ is ruled
                env[step.slot] = None
                continue
            if isinstance(exc, TypeError):
                raise
            raise _Undefined(step.identity, exc, env) from None
        if round_to is not None and (step.written == ALWAYS or (step.written == IF_SHOWN and step.identity in shown_sums)):
            shown = number(round_significant(value, round_to))
            if not _same(shown, value):
                rounded.add(step.identity)
            value = shown
        # (a carried value stays exact however long: 1/2·(8.968·10^−191 − 4.735·10^−96) at 50 digits loses a term)
        if step.quantity and round_to is None and _too_long(value):
            value, lifted = program.domain.lift(value), True
        env[step.slot] = value
    return env, rounded, lifted


def solve(spec: Spec, round_to: int | None = None, round_sums=frozenset()) -> Solution:
    """The value of every quantity: exact, or with `round_to` as the calculator mode carries them
    (`round_sums`: the names of the back-propagated sums the worked solution shows)."""
    architecture = spec.architecture()
    if is_exact(spec):
        solution = _straight().solved(spec, architecture, round_to, round_sums)  # where a worksheet asked for it
        if solution is not None:
            return solution
    if round_to is None and layerwise.pattern(architecture) is not None:
        solution = _solve_layerwise(spec, architecture)
        if solution is not None:
            return solution
    from .stable_bce import stable_rules

    derivation = derive(architecture)
    rounded_names: set = set()
    givens = given_values(spec, architecture)
    start = written_givens(givens, round_to, rounded_names) if round_to is not None else givens
    rational = is_exact(spec)
    once = rational or round_to is not None
    for digits in _ALL_DIGITS:
        program = compile_program(architecture, digits)
        shown_sums = {derivation.by_name[name].identity for name in round_sums}
        stable_names: set = set()
        rules = stable_rules(program, spec) if round_to is not None else None
        try:
            env, rounded, lifted = _run(program, start, round_to, shown_sums, rules, stable_names)
        except _Undefined as undefined:
            if not _again(digits, once, undefined.reason):
                from .too_large import too_large

                huge = too_large(spec, program, undefined.env, undefined.identity) if undefined.env is not None else None
                if huge is not None:  # a pre-activation beyond what σ or e^z can be worked at: the field named
                    raise huge from None
                raise SpecError(names.reader_name(undefined.identity),
                                f"cannot be computed ({undefined.reason}); check the spec's numbers") from None
            continue  # undefined at these digits only (σ(120) is 1 at 50): again with more
        values = {q.name: env[program.slots[q.name]] for q in derivation.quantities}
        rounded_names |= {names.name(i) for i in rounded}
        return Solution(spec, derivation, values, start, rational and not lifted, round_to, rounded_names,
                        digits=digits, stable=stable_names)
    raise AssertionError("unreachable: the last attempt raises")


_ALL_DIGITS = (HIGH_PRECISION_DIGITS, *MORE_DIGITS)


def _straight():
    """The module straight.py, imported at first use (it imports this module), then kept: an import
    statement in a function costs ~11,000 machine instructions each time it runs (a worksheet solves
    a few times a variant)."""
    global _STRAIGHT
    if _STRAIGHT is None:
        from . import straight as _STRAIGHT
    return _STRAIGHT


_STRAIGHT = None


def _solve_domain(digits: int) -> Domain:
    """A solve's domain at `digits`: watched, but at the last precision (what it cannot tell apart is what it gives)."""
    return domain(digits, watched=digits != _ALL_DIGITS[-1], printed=True)


def _again(digits: int, once: bool, reason: Exception) -> bool:
    """Whether a solve undefined at `digits` is tried again with more: after 50 digits, MORE_DIGITS
    where a value is undefined (σ(120) is 1 at 50) — not for rational arithmetic or the calculator
    mode, unless a sum lost its digits to cancellation (a lifted value, 1 − σ(95))."""
    return digits != _ALL_DIGITS[-1] and (not once or isinstance(reason, PrecisionLost))


def _solve_layerwise(spec: Spec, architecture: tuple) -> Solution | None:
    """The exact solution by the layer-wise engine (layerwise.py): the values the graph's program
    gives, at the same precisions; its derivation made when first asked for.  None where a value
    stays undefined at the last precision: the graph's path names it."""
    from .layerwise_run import Undefined, values

    rational = is_exact(spec)
    for digits in _ALL_DIGITS:
        try:
            numbers, lifted = values(layerwise.compiled(architecture, _solve_domain(digits)), spec)
        except Undefined as undefined:
            if not _again(digits, rational, undefined.args[0]):
                return None
            continue  # undefined at these digits only (σ(120) is 1 at 50): again with more
        return Solution(spec, None, numbers, given_values(spec, architecture), rational and not lifted, digits=digits)
    return None
