"""Marking a computational graph answer, with error carried forward.

In:  a verified `GraphSolution`, the student's `Answers` (check.py: name -> the number as written)
     and the sheet's agreement `Rule`.
Out: a `marking.Marking` — for every input, node value and gradient its status, the true value, the
     value that follows from the answer's own numbers, the slip that explains a wrong one
     (`slips.py`) and points — which check_report.py prints like a network's.

Every node is recomputed, in the graph's order, from its definition on the answer's own numbers
(`env`): a node value from the values it is computed from, a local derivative from the values
of its gate, a gradient from the upstream gradients and local derivatives.  A number not written
down is carried on as what follows from the answer's numbers before it (the true value when
nothing before it was written); a number written is also right where a careful calculator's way
of working the graph (graph/chains.py) gives it from the answer's numbers.  The statuses and points
are those of a network's marking; a value a worksheet does not ask for is never missing, and
written anyway it is not counted (see marking.py).
"""

from __future__ import annotations

from functools import partial

from ..agreement import HALF_UNIT, agrees, agrees_carried, as_fraction, could_be_rounding, decimal_reading, explains, \
    too_coarse, unit, within
from ..core.closures import compile_tree
from ..core.expr import Call, Cases, Compare, Const, Ref, children
from ..core.identity import Identity, name
from ..marking import CARRIED, CORRECT, MISSING, SOURCES_OF_CARRIED, TOO_FEW_DIGITS, WRONG, Mark, Marking, \
    default_points, earned_points
from ..marks import ROUNDED_ON_THE_WAY, OnTheWay
from ..numbers import round_significant, within_limits
from ..pen_slips import PenSlips
from .calculator_spread import held, joined, reach, shows
from .chains import NAMING_CHAINS, Chain, chains_of, distinct, identities_of, in_steps, input_forms, other_locals, \
    uses_other
from .quantities import GRADIENT, LOCAL, asked_names, kind_of, local_derivatives, quantities
from .slip_charges import charged_slip, routed_away
from .slips import Case, Diagnosis, diagnose

_IN_STEPS = ("sigmoid", "tanh")  # the gates a student may work in steps, rounding each (Chain.inner_more)


def _branches(tree) -> bool:
    """Whether a definition takes a side by a comparison (Cases: max/min's routing, ReLU', |x|')."""
    return isinstance(tree, (Cases, Compare)) or any(_branches(child) for child in children(tree))


class _Marker:
    def __init__(self, solution, answers, rule, carry: bool, asked, sheet_asks=None):
        from ..core.numeric import Domain

        self.solution, self.answers, self.rule, self.carry, self.asked = solution, answers, rule, carry, asked
        self.sheet_asks = sheet_asks  # what a worksheet asks for (None: no sheet, every value counts)
        self.unmarked: dict = {}  # Identity of a value not written and not asked -> the wrong values it follows from
        self.domain = Domain()
        self.pen_slips = PenSlips()  # (as a network's: 3.591 for 0.3591, 0.7874 for 0.7784; stop 64's graph tester)
        self.graph = solution.built.graph
        self.marked = set(quantities(solution)) | {i for i in local_derivatives(solution) if name(i) in answers.values}
        self.identities = {name(i): i for i in self.marked}
        self.env: dict = {}  # Identity -> the answer's number, or what follows from the answer's numbers
        self.off: dict = {}  # Identity -> its number in env is not the true value
        # Identity -> its number is, or follows from, one written with too few digits: a rounded
        # number, however short what follows from it comes out (marking.py)
        self.coarse: dict = {}
        self.marks: dict[str, Mark] = {}
        self.start = solution.gradient(solution.output)
        self.other_locals = other_locals(self.graph)  # Identity of a local derivative -> its other form's tree, or None
        self.input_forms = input_forms(self.graph)  # the locals whose other form is worked from the gate's input
        self.chain_envs: dict = {chain: {} for chain in chains_of(self.graph, self.other_locals)}  # Chain -> Identity -> value
        self.references: dict = {}  # id of a definition -> (the definition, the identities it refers to)
        self.values_worked: dict = {}  # (id of a definition, the numbers of its references) -> its value
        self.way_charges = OnTheWay({LOCAL})  # a local derivative written wrong costs the value after it
        self.spreads: dict = {}  # Identity -> how far a careful calculator's number may be from env's (calculator_spread)

    def carry_on(self, identity: Identity, value) -> None:
        self.env[identity] = value
        self.off[identity] = as_fraction(value) != as_fraction(self.solution.values[identity])

    def dependencies(self, identity: Identity, other: bool = False) -> list[Identity]:
        """The quantities a node is worked out from, through local derivatives that are not asked
        (`other`: in their other form too, `other_local`: 1/(2s) is worked from s)."""
        found: dict = {}
        stack = list(reversed(self.graph[identity].inputs))
        while stack:
            current = stack.pop()
            if current in self.marked:
                found.setdefault(current, None)
                continue
            stack.extend(reversed(self.graph[current].inputs))
            if other and self.other_locals.get(current) is not None:
                stack.extend(reversed(identities_of(self.other_locals[current])))
        return list(found)

    def upstream_errors(self, dependencies) -> tuple:
        found: dict = {}
        for dependency in dependencies:
            if dependency in self.unmarked and self.off[dependency]:
                found.update(dict.fromkeys(self.unmarked[dependency]))
            mark = self.marks.get(name(dependency))
            if mark is None or not self.off[dependency]:
                continue
            if mark.status in SOURCES_OF_CARRIED:
                found.setdefault(mark.name, None)
            else:
                found.update(dict.fromkeys(mark.carried_from))
        return tuple(found)

    def _asks(self, label: str) -> bool:
        return self.sheet_asks is None or label in self.sheet_asks

    def add(self, mark: Mark, is_given: bool) -> None:
        mark.asked = self._asks(mark.name) or mark.kind == LOCAL
        mark.points = default_points(self.answers, mark.name, is_given, self.asked)
        mark.earned = earned_points(mark.status, mark.points, self.carry)
        self.marks[mark.name] = mark
        if mark.written is not None:
            self.coarse[self.identities[mark.name]] = mark.status == TOO_FEW_DIGITS

    def node(self, identity: Identity) -> None:
        node = self.graph[identity]
        truth = self.solution.values[identity]
        if node.definition is None or identity == self.start:  # given, or d(output)/d(output) = 1
            self.given(identity, truth)
            return
        carried = self.worked(node.definition, self.env)
        other = self.other_locals.get(identity) if node.role == LOCAL else None
        spread, unrounded = reach(node.definition, carried, self.env, self.spreads, self.rule.digits, other)
        label = name(identity)
        written = self.answers.values.get(label) if identity in self.marked else None
        if written is not None and self.rule.minimum <= written.significant < self.rule.digits:
            # written with fewer digits than asked (enough to be read right): its own steps — each product of a
            # fan-out's sum — may be rounded so too, −0.0219 + 0.0186 = −0.00330 for (−0.0438)·0.5 + 0.0233·0.8
            # (stop 67's graph tester: marked wrong, "own numbers −0.00326")
            unrounded = joined(unrounded, reach(node.definition, carried, self.env, self.spreads, written.significant,
                                                other)[1])
        if node.role == LOCAL and _branches(node.definition):  # a kink's side (max's routing, ReLU'): as the
            # exact working takes it — two arguments 0.0002 apart are equal once rounded, and max routes anew;
            # but a gate written whole worked from its output, (1 − a²)·max(x, y) of a = tanh(max(x, y)·z), is
            # that form on the chain's numbers (the stop-65 reviewer: a wrong a carried so was wrong)
            chained = {chain: self.worked_by(chain, identity, env)
                       if uses_other(chain, identity, self.other_locals, self.input_forms) else carried
                       for chain, env in self.chain_envs.items()}
        else:
            chained = {chain: self.worked_by(chain, identity, env) for chain, env in self.chain_envs.items()}
        self.chain_on(identity, written, chained, truth)
        self.spreads[identity] = spread or (0.0, 0.0) if written is None else \
            held(written, carried, spread)
        if identity not in self.marked:  # a local derivative: worked out, never written
            self.carry_on(identity, carried if carried is not None else truth)
            return
        dependencies = self.dependencies(identity)
        follows_coarse = any(self.coarse[d] for d in dependencies)
        self.coarse[identity] = written is None and follows_coarse
        if written is None and self.sheet_asks is not None and label not in self.sheet_asks:  # never missing
            self.carry_on(identity, carried if carried is not None else truth)
            self.unmarked[identity] = self.upstream_errors(dependencies)
            return
        status, sources, coarse, way = MISSING, self.upstream_errors(dependencies), False, None
        if written is not None:
            off = any(self.off[d] for d in dependencies)
            follows = partial(self.follows, truth=truth, carried=carried, chained=chained, unrounded=unrounded, off=off,
                              follows_coarse=follows_coarse)
            how = follows(written)
            if how == TRUE:
                status, sources = CORRECT, ()
            elif how == OWN:
                status = CARRIED if sources else CORRECT
            elif how is not None:  # by calculator, rounded on the way
                if how != MIXED and all(chain.other_locals for chain in how):  # (1/(2s) from a wrong s: carried from s)
                    sources = self.upstream_errors(self.dependencies(identity, other=True))
                status, way = CARRIED if sources else CORRECT, ROUNDED_ON_THE_WAY
            else:
                status, sources = WRONG, ()
                coarse = too_coarse(written, truth, [v for v in distinct((carried, *chained.values())) if v is not None],
                                    self.rule)
        kind = kind_of(self.solution, identity)
        slips = self.way_charges.to_charge(self.marks, sources) \
            if status == CARRIED and kind != LOCAL and self._asks(label) else ()
        if slips:  # from a local derivative written wrong: the slip shows here (marks.OnTheWay)
            self.way_charges.charge(slips)
            status, sources = WRONG, ()
        mark = Mark(label, kind, written, truth, carried, status, sources,
                    inputs={name(d): self.env[d] for d in dependencies}, way=way)
        if status == WRONG and coarse:
            mark.status = TOO_FEW_DIGITS
        elif status == WRONG and slips:  # worked right from a local derivative written wrong: its slip, named here
            mark.diagnosis = Diagnosis(charged_slip(self.marks, slips), None, None)
        elif status == WRONG:  # (a slip of the pen undone — its sign first, outside the pen slips' budget; its point,
            # two digits — where that makes the number right by any careful way)
            mark.diagnosis = self.diagnosis(identity, written, mark.inputs) or (
                Diagnosis("sign_flipped", None, None) if follows(written.negated) else self.pen_slip(label, written, follows))
            if mark.diagnosis is None and (shown := decimal_reading(written, (truth, carried, *chained.values()), self.rule)):
                mark.diagnosis = Diagnosis("exact_claimed", None, None, as_decimal=shown)  # (1/8 for 0.1245: 0.125 is right)
        self.add(mark, mark.kind == LOCAL)  # (a local derivative written on the way earns no points, as f'(z))
        fallback = carried if carried is not None else truth
        self.carry_on(identity, self.domain.number(written.value) if written is not None else fallback)

    def follows(self, written, truth, carried, chained: dict, unrounded, off: bool, follows_coarse: bool):
        """How a number written is right: TRUE, OWN (from the answer's own numbers), the calculator chains whose value,
        as the calculator shows it, rounds to it (half a unit: the chain did the rounding in between), MIXED (by a
        calculator that mixes the chains' ways, calculator_spread.py), or None: wrong."""
        if agrees(written, truth, self.rule):
            return TRUE
        if carried is not None and agrees_carried(written, carried, self.rule, off, follows_coarse):
            return OWN
        return self.ways(written, chained, follows_coarse) or (MIXED if shows(written, carried, unrounded, self.rule) else None)

    def ways(self, written, chained: dict, follows_coarse: bool) -> list:
        """The chains whose value of a node the number written rounds to."""
        agree = {id(value): agrees_carried(written, value, self.rule, False, follows_coarse)
                 for value in distinct(chained.values()) if value is not None}
        return [chain for chain, value in chained.items() if value is not None and agree[id(value)]]

    def worked(self, definition, env):
        """What a node's definition gives from `env`'s numbers (None: undefined there); worked out once
        for the same numbers (the chains share most of theirs)."""
        references = self.references.get(id(definition))
        if references is None:
            references = self.references[id(definition)] = (definition, identities_of(definition))
        numbers = tuple([env.get(r) for r in references[1]])
        key = (id(definition), *map(id, numbers))  # (by identity: a Fraction's hash is slow; the entry keeps them alive)
        known = self.values_worked.get(key)
        if known is not None and all(a is b for a, b in zip(known[0], numbers)):
            return known[1]
        try:
            value = compile_tree(definition, self.domain)(env)
        except (ArithmeticError, ZeroDivisionError, ValueError):
            value = None
        if value is not None and not within_limits(value):  # e^(10^300) from a student's 1e300: undefined, not 10^300 digits
            value = None
        self.values_worked[key] = (numbers, value)
        return value

    def worked_by(self, chain: Chain, identity: Identity, env):
        """What a node gives in a chain's calculator: a local derivative in its other form
        (`other_locals`), a fan-out's gradient from its products each rounded (`terms_more`)."""
        node = self.graph[identity]
        if uses_other(chain, identity, self.other_locals, self.input_forms):
            return self.worked(self.other_locals[identity], env)
        definition = node.definition
        if chain.inner_more is not None and isinstance(definition, Call) and definition.op in _IN_STEPS \
                and len(definition.args) == 1 and isinstance(definition.args[0], Ref):
            return in_steps(definition, env, self.domain, self.rule.digits + chain.inner_more)
        sums = isinstance(definition, Call) and definition.op == "add"
        if chain.terms_more is None or node.role != GRADIENT or not sums:
            return self.worked(definition, env)
        terms = [self.worked(term, env) for term in definition.args]
        if any(term is None for term in terms):
            return None
        return sum(self.domain.number(round_significant(term, self.rule.digits + chain.terms_more)) for term in terms)

    def chain_on(self, identity: Identity, written, chained: dict, truth) -> None:
        """Each chain's value of a node: a number written (or the chain's own, where it rounds to it),
        else what the chain gives, rounded as it rounds."""
        node = self.graph[identity]
        local = (node.role == LOCAL, isinstance(node.definition, Ref),  # (another node's value: ∂(a·b)/∂a = b)
                 node.role == GRADIENT)
        near: dict = {}  # id of a value -> whether the number written rounds to it (the chains share values)
        rounded: dict = {}  # (id of a value, more digits) -> it rounded
        number = self.domain.number(written.value) if written is not None else None  # (one object: `worked` knows it)
        other = (local[0], False, local[2])  # a local in its other form is worked anew, no other node's value
        others = local[1] and self.other_locals.get(identity) is not None
        for chain, value in chained.items():
            env = self.chain_envs[chain]
            # (e^1.113 from a written d.1 = 1.113 is not d's value, 3.043: not rounded as a value)
            local_here = other if others and uses_other(chain, identity, self.other_locals, self.input_forms) else local
            if written is not None:
                keeps = chain.keeping(local[2])
                if keeps and value is not None and id(value) not in near:
                    near[id(value)] = within(written, value, HALF_UNIT)
                own = keeps and value is not None and near[id(value)]
                env[identity] = self.kept(chain, value, local_here, rounded) if own else number
            elif value is None:
                env[identity] = self.env.get(identity, truth)
            else:
                env[identity] = self.kept(chain, value, local_here, rounded)

    def kept(self, chain: Chain, value, local: tuple, rounded: dict):
        """A value (`local`: whether a local derivative, and whether one that is another node's value)
        as the chain's calculator holds it: rounded to the sheet's digits and the chain's more, or whole
        (`rounded`: the values already rounded)."""
        more = chain.rounding(*local)
        if more is None:
            return value
        if (id(value), more) not in rounded:  # (`chained` keeps the value alive meanwhile)
            rounded[(id(value), more)] = self.domain.number(round_significant(value, self.rule.digits + more))
        return rounded[(id(value), more)]

    def pen_slip(self, label: str, written, follows) -> Diagnosis | None:
        pen = self.pen_slips.diagnosis(label, written, follows)
        return Diagnosis(pen.key, None, None) if pen is not None else None

    def diagnosis(self, identity: Identity, written, inputs: dict):
        """The slip that gives the written number from the answer's own numbers (a local written wrong among
        them: a value not following from it is not named by it): a slip worked exactly (the report prints its
        line), else by a calculator chain (named, without a line: its rounded locals are not on the page)."""
        agree = lambda value: explains(written, value, self.rule)  # noqa: E731
        step = unit(written) if could_be_rounding(written) else None  # (a slip named moves the value more: slips.py)
        kept = frozenset(self.identities[n] for n, m in self.marks.items() if m.kind == LOCAL and m.status in (CORRECT, CARRIED))
        for locals_kept in dict.fromkeys((kept, frozenset())):  # a local written right taken as replaced last (slips.py)
            found = diagnose(Case(identity, written.value, self.env, self.solution, agree, step, locals_kept))
            if found is not None:  # numbers the value is not worked from (ln f.1 for e^f.1's local, printed from
                # f.2): the answer's own, so that its line shows them
                extra = {name(r): self.env[r] for r in identities_of(found.formula or Const(0)) if r in self.marked
                         and name(r) not in inputs}
                return Diagnosis(found.key, found.value, found.formula, {**inputs, **extra}, own_inputs=True) if extra else found
            for env in [self.chain_envs[chain] for chain in NAMING_CHAINS]:
                found = diagnose(Case(identity, written.value, env, self.solution, agree, step, locals_kept))
                if found is not None:
                    return Diagnosis(found.key, found.value, None)
        return None

    def given(self, identity: Identity, truth) -> None:
        """An input, or the output's gradient 1: marked only where written (a miscopied one is
        wrong, and what follows from it is carried)."""
        label = name(identity)
        written = self.answers.values.get(label)
        self.carry_on(identity, self.domain.number(written.value) if written is not None else truth)
        for env in self.chain_envs.values():
            env[identity] = self.env[identity]
        self.coarse[identity] = False
        if written is None:
            return
        status = CORRECT if agrees(written, truth, self.rule) else \
            TOO_FEW_DIGITS if too_coarse(written, truth, (), self.rule) else WRONG
        self.add(Mark(label, kind_of(self.solution, identity), written, truth, truth, status), True)


TRUE, OWN, MIXED = "true", "own", "mixed"  # how a number written is right (`_Marker.follows`)


def mark(solution, answers, rule=None, carry: bool = True, asked=None, variant: str | None = None) -> Marking:
    """Mark a graph answer against its verified solution (see the module docstring).  `asked`: the
    names a worksheet asked for (then only they earn points, 1 each by default); without a sheet
    every node value and gradient but the output's own earns 1."""
    from ..agreement import Rule

    rule = rule or Rule()
    sheet_asks = set(asked) if asked is not None else None
    marker = _Marker(solution, answers, rule, carry, sheet_asks if sheet_asks is not None else set(asked_names(solution)),
                     sheet_asks)
    for node in solution.built.graph:
        marker.node(node.identity)
    routed_away(solution, marker.marks, marker.identities)
    return Marking(solution, answers, marker.marks, rule, carry, variant, kind="graph")
