"""Gates written as a whole (`gates = "as_written"`), after the stop-65 graph tester:
- a = tanh(x·y) (σ, exp alike) with a wrong a: the student's local derivative worked from their own a, (1 − a²)·x,
  and what follows are carried (they were wrong, "from the answer's own numbers" worked from tanh(x·y) itself);
- m = max(x, y)·z with the gradient sent to the argument max did not pick: named (it was named for c·max only).
The answers files are the tester's (their own 60-digit computation); the carried numbers are checked here."""

from __future__ import annotations

import json
import tomllib
from decimal import ROUND_HALF_UP, Decimal

import pytest

from helpers import REPO, cli_runner
from symbp.cli import main

DATA = REPO / "tests" / "data"


def _marks(spec: str, answers: str) -> dict:
    done = cli_runner().invoke(main, ["check", str(DATA / f"{spec}.toml"), str(DATA / f"{answers}.toml"), "-f", "json"])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.output)["quantities"]


def _written(answers: str) -> dict:
    return {k: Decimal(v) for k, v in tomllib.loads((DATA / f"{answers}.toml").read_text(encoding="utf-8")).items()
            if k not in ("student", "variant")}


def _four(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(value.adjusted() - 3), rounding=ROUND_HALF_UP)


def test_a_wrong_tanh_carried_through_its_output():
    w = _written("graph-whole-s4-slip-a")
    x = Decimal("0.7")
    assert _four(w["df/da"] * x * (1 - w["a"] ** 2)) == w["df/dy"]  # (1 − a²)·x with the student's a
    q = _marks("graph-whole-s4", "graph-whole-s4-slip-a")
    assert q["a"]["status"] == "wrong"
    assert q["df/dy"]["status"] == "carried" and q["df/dx"]["status"] == "carried", (q["df/dy"], q["df/dx"])


@pytest.mark.parametrize("answers,wrong", [("graph-whole-s5-slip-a", "a"), ("graph-whole-s5-slip-g", "g")])
def test_a_wrong_sigmoid_or_exp_carried_through_its_output(answers, wrong):
    q = _marks("graph-whole-s5", answers)
    assert [n for n, m in q.items() if m["status"] == "wrong"] == [wrong], {n: m["status"] for n, m in q.items()}


@pytest.mark.parametrize("spec,answers", [("graph-whole-s7", "graph-whole-s7-max-routed"),
                                          ("graph-whole-s6", "graph-whole-s6-max-routed")])
def test_a_max_times_a_variable_routed_to_the_other_argument_is_named(spec, answers):
    q = _marks(spec, answers)
    named = {n: m["diagnosis_key"] for n, m in q.items() if m["status"] == "wrong"}
    assert named == {"df/dy": "max_not_routed", "df/dx": "max_routed_to_both"}, named


# The third reviewer's HIGHs: a whole gate with a choice inside (a = tanh(max(x, y)·z)), and √g, 1/g written whole,
# with a wrong a carried through the gate's output (their answers files; their numbers worked here).
@pytest.mark.parametrize("spec,answers,carried", [
    ("graph-whole-rev-kink", "graph-whole-rev-kink-answers", ("df/dz", "df/dy")),
    ("graph-whole-rev-s_sqrt", "graph-whole-rev-e2a", ("df/dy", "df/dx")),
    ("graph-whole-rev-s_recip", "graph-whole-rev-e2e", ("df/dy", "df/dx")),
])
def test_a_wrong_output_carried_through_other_whole_gates(spec, answers, carried):
    q = _marks(spec, answers)
    assert [n for n, m in q.items() if m["status"] == "wrong"] == ["a"], {n: m["status"] for n, m in q.items()}
    assert all(q[n]["status"] == "carried" for n in carried)


def test_the_reviewers_numbers():
    w = _written("graph-whole-rev-kink-answers")  # a = tanh(max(x, y)·z), x = 0.7, y = 1.3, z = 0.4, f = a·w, w = 2.2
    assert w["df/dz"] == Decimal("2.2") * (1 - w["a"] ** 2) * Decimal("1.3")
    assert w["df/dy"] == Decimal("2.2") * (1 - w["a"] ** 2) * Decimal("0.4")
    s = _written("graph-whole-rev-e2a")  # a = √(x·y), f = a·z: ∂f/∂y = z·x/(2a)
    assert _four(Decimal("2.2") * Decimal("0.7") / (2 * s["a"])) == s["df/dy"]


def test_a_min_times_two_variables_routed_to_the_other_argument_is_named():
    q = _marks("graph-whole-rev-minzw", "graph-whole-rev-minzw-routed")  # m = min(x, y)·z·w (the third reviewer)
    assert {n: m["diagnosis_key"] for n, m in q.items() if m["status"] == "wrong"} == {"df/dy": "max_routed_to_both"}
