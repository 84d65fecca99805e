"""What a worked solution holds once instead of twice, or lets go of once read (issue 16, branch mem37).

A derivation's network is sealed once its quantities are read (its graph's links and chain-rule
records gone): a derivation over a whole network reads the same quantities.  A printing pass's lines
hold the relations (and formula trees) the first pass recorded, not equal copies.  The compiled
formulas formula_values.py keeps are bounded: a formula compiled again after the cache is emptied gives
the same value."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbp import derivation, formula_values, network
from symbp import formula as F
from symbp.core import identity as ids
from symbp.render import plan as P
from symbp.render import worked
from symbp.spec import load_spec

from helpers import REPO

EXAMPLES = ["batch3", "softmax3"]  # (a batch of three samples; a softmax output: the trees of every kind)


def _quantities(derived) -> list:
    return [(q.name, q.kind, q.formula, q.chain, q.unsimplified, q.tree) for q in derived]


@pytest.mark.parametrize("example", EXAMPLES)
def test_a_sealed_derivation_reads_the_quantities_of_a_whole_network(example):
    architecture = load_spec(REPO / "examples" / f"{example}.toml").architecture()
    derivation.derive.cache_clear()
    derived = derivation.derive(architecture)
    assert derived.network.backward == {}
    first = next(iter(derived.network.graph)).identity
    with pytest.raises(RuntimeError, match="sealed"):
        derived.network.graph.consumers(first)
    whole = network.built(architecture)  # read, not sealed: its links and chain rules kept
    assert whole.backward and whole.graph.consumers(first) == network.build(architecture).graph.consumers(first)
    assert _quantities(derived.quantities) == _quantities(derivation._View(whole).build())
    assert [n.identity for n in derived.network.graph] == [n.identity for n in whole.graph]


@pytest.mark.parametrize("example", ["nn231", "batch3"])
def test_a_printing_pass_holds_the_relations_the_first_pass_recorded(example, monkeypatch):
    from symbp.pipeline import derive_solution

    solution, report = derive_solution(load_spec(REPO / "examples" / f"{example}.toml"))
    plans, printed = [], []
    solved = P.DisplayPlan.solved
    monkeypatch.setattr(P.DisplayPlan, "solved", lambda plan: plans.append(plan) or solved(plan))
    real = worked.recheck
    monkeypatch.setattr(worked, "recheck", lambda lines, spec: printed.append(list(lines)) or real(lines, spec))
    worked._PLANNED_LINES.clear()
    worked.solution_context(solution, report, fmt="text")
    (plan,) = plans
    # (the cost's fall, worked_updates.py, is printed without a relation of the plan)
    lines = [line for line in printed[-1] if P.Relation(line.result, line.formula) in plan.relations]
    assert len(lines) == len(plan.relations) and len(lines) >= len(printed[-1]) - 1
    first = {relation: relation for relation in plan.relations}
    assert all(line.formula is first[P.Relation(line.result, line.formula)].formula for line in lines)
    relation = next(iter(plan.relations))
    again = P.Relation(relation.result, F.Mul((relation.formula, F.Const(Fraction(1)))))
    assert plan.record(again) is again  # (a line the first pass did not record is its own)
    copy = P.Relation(relation.result, _copied(relation.formula))
    assert copy == relation and copy.formula is not relation.formula and plan.record(copy) is first[relation]


def _copied(node):
    """An equal formula tree, every node a new object."""
    if isinstance(node, F.Ref):
        return F.Ref(node.name)
    if isinstance(node, F.Const):
        return F.Const(node.value)
    fields = {key: getattr(node, key) for key in node.__dataclass_fields__}
    return type(node)(**{key: tuple(_copied(c) for c in value) if isinstance(value, tuple) and value and
                         isinstance(value[0], F.Node) else _copied(value) if isinstance(value, F.Node) else value
                         for key, value in fields.items()})


def test_compiled_formulas_are_bounded_and_compiled_again_alike():
    x = ids.name(ids.value(ids.ACTIVATION, 0, (0,)))
    formulas = [F.Add((F.Ref(x), F.Const(Fraction(i, 7)))) for i in range(formula_values._FORMULAS_MAX + 3)]
    values = [formula_values.evaluate_formula(formula, {x: Fraction(1, 3)}, exact=True) for formula in formulas]
    assert len(formula_values._FORMULAS) <= formula_values._FORMULAS_MAX
    assert values == [Fraction(1, 3) + Fraction(i, 7) for i in range(len(formulas))]
    assert formula_values.evaluate_formula(formulas[0], {x: Fraction(1, 3)}, exact=True) == values[0]


def test_a_shown_formula_without_f_prime_is_the_tree_itself():
    from symbp.activations import derivative_function
    from symbp.names import activation_derivative
    from symbp.render.relations import shown_formula

    shown_formula.cache_clear()  # (an equal tree another test cached would be given back)
    update = F.Sub(F.Ref("w_00^1"), F.Mul((F.Ref("eta"), F.Ref("dL/dw_00^1"))))
    assert shown_formula(update) is update
    prime = F.Apply(derivative_function("sigmoid", Fraction(0)), (F.Ref("z_0^1"),))
    delta = F.Mul((F.Add((F.Ref("x"), F.Ref("y"))), prime))
    shown = shown_formula(delta)
    assert shown == F.Mul((delta.factors[0], F.Ref(activation_derivative("z_0^1")))) and shown.factors[0] is delta.factors[0]


def test_a_text_solution_draws_its_network_only_when_a_template_reads_it(monkeypatch):
    from symbp.pipeline import derive_solution

    solution, report = derive_solution(load_spec(REPO / "examples" / "nn231.toml"))
    drawn = []
    real = worked.network_drawing
    monkeypatch.setattr(worked, "network_drawing", lambda *args: drawn.append(real(*args)) or drawn[-1])
    context = worked.solution_context(solution, report, fmt="text")
    assert drawn == []  # symbp's text template reads none of it
    network = context["network"]
    assert network["mode"] == drawn[0]["mode"] and dict(network) == drawn[0] and len(drawn) == 1
    tex = worked.solution_context(solution, report, fmt="tex")
    assert len(drawn) > 1 and tex["network"] is drawn[-1]  # LaTeX's read by its memo as a plain dict



def test_padded_lines_read_the_links_of_the_printed_lines_built_once(monkeypatch):
    from symbp.pipeline import derive_solution

    solution, report = derive_solution(load_spec(REPO / "examples" / "nn231.toml"))
    plans, built = [], []
    solved = P.DisplayPlan.solved
    monkeypatch.setattr(P.DisplayPlan, "solved", lambda plan: plans.append(plan) or solved(plan))
    worked._PLANNED_LINES.clear()
    worked.solution_context(solution, report, fmt="text")
    (plan,) = plans
    real = P.links
    monkeypatch.setattr(P, "links", lambda relations: built.append(relations) or real(relations))
    plan._linked = None
    for key in [relation.result for relation in plan.relations][:3]:
        plan.pad_exact(key, plan.digits + 1)
    assert len(built) == 1 and plan.links() == real(tuple(plan.relations))
    plan.relations = dict(list(plan.relations.items())[:-1])  # other lines (worked._replayed sets its own)
    assert plan.links() == real(tuple(plan.relations)) and len(built) == 2


def test_the_read_back_keeps_shapes_up_to_a_number_of_pieces():
    from symbp.pipeline import derive_solution
    from symbp.render import readback_read as R

    solution, report = derive_solution(load_spec(REPO / "examples" / "nn231.toml"))
    R._TREES.clear()
    R._TREES.pieces = 0
    worked._PLANNED_LINES.clear()
    worked.solution_context(solution, report, fmt="text")
    kept = dict(R._TREES)
    assert kept and R._TREES.pieces == sum(len(shape) for shape in kept)
    R._TREES.keep(("",) * ((1 << 18) - R._TREES.pieces + 1), None)  # one piece over: the others let go
    assert len(R._TREES) == 1 and R._TREES.pieces == (1 << 18) - sum(len(shape) for shape in kept) + 1
    R._TREES.clear()
    R._TREES.pieces = 0
