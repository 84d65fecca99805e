"""f'(z) and the back-propagated sums (W^T δ)_k are quantities like every other: in the JSON key
and the answers template, verified against float64, and marked by `check` where written (optional:
no points of their own, never missing).  nn231 by hand: z^1 = (−0.5, 1.1, 1.8), so ReLU'(z^1) =
(0, 1, 1); a^2 = 0.5, ReLU'(z^2) = 1; δ^2 = (0.5 − 1.5)·1 = −1; (W^T δ)_k = w_0k^2·δ^2 with
w^2 = (−0.6, 0.9, −0.3): (0.6, −0.9, 0.3)."""

from __future__ import annotations

import json
import re

import pytest

import symbp
from helpers import EXAMPLE_NN231
from symbp.errors import VerificationError
from symbp.evaluate import solve
from symbp.spec import load_spec
from symbp.verify import verify

BY_HAND = {"local:da_0^1/dz_0^1": 0, "local:da_1^1/dz_1^1": 1, "local:da_2^1/dz_2^1": 1, "local:da_0^2/dz_0^2": 1,
           "dL/da_0^1": 0.6, "dL/da_1^1": -0.9, "dL/da_2^1": 0.3}


@pytest.fixture(scope="module")
def nn231():
    return symbp.derive(symbp.load(EXAMPLE_NN231))


def test_the_json_key_holds_them_with_the_values_by_hand(nn231):
    key = json.loads(nn231.to_json())
    assert {name: key["values"][name] for name in BY_HAND} == BY_HAND
    assert key["exact"]["dL/da_1^1"] == "-0.9"


def test_the_answers_template_lists_them_in_the_worked_solutions_order(nn231):
    import tomllib

    names = list(tomllib.loads(nn231.to_answers_template()))
    assert names.index("local:da_0^2/dz_0^2") < names.index("delta_0^2")
    assert names.index("local:da_2^1/dz_2^1") < names.index("dL/da_0^1") < names.index("delta_0^1")


@pytest.mark.parametrize("name,named", [("local:da_1^1/dz_1^1", "f'(z_1^1)"), ("dL/da_2^1", "dL/da_2^1")])
def test_verification_names_a_tampered_one(name, named):  # f'(z): as the worked solution names it, not its key
    solution = solve(load_spec(EXAMPLE_NN231))
    solution.values[name] += 1
    with pytest.raises(VerificationError, match=re.escape(named)):
        verify(solution)


def test_check_marks_them_where_written_without_points_of_their_own(nn231):
    report = symbp.check(symbp.load(EXAMPLE_NN231), {"dL/da_1^1": -0.9, "dL/da_2^1": 0.4, "z_0^1": -0.5})
    assert (report.statuses["dL/da_1^1"], report.statuses["dL/da_2^1"]) == ("correct", "wrong")
    assert "dL/da_0^1" not in report.statuses  # not given: not missing either
    assert (report.points, report.marks["dL/da_1^1"]["points"]) == (1, 0)


def test_a_wrong_sum_is_recomputed_from_the_answers_own_delta():
    """δ^2 written as −2 (wrong): (W^T δ)_1 = 0.9·(−2) = −1.8 follows from it: carried."""
    report = symbp.check(symbp.load(EXAMPLE_NN231), {"delta_0^2": -2, "dL/da_1^1": -1.8})
    assert (report.statuses["delta_0^2"], report.statuses["dL/da_1^1"]) == ("wrong", "carried")
