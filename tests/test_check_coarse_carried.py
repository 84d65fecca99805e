"""A value worked out from a number written with too few digits must show the sheet's digits too.

A new user's file: δ_0^2 = 0.14 (too few digits for 0.1385) and ∂L/∂b_0^2 = 0.14, which is δ_0^2
copied: the copy was 'carried' (1 point) only because 0.14 is exactly what the answer's own 0.14
gives — so writing δ less precisely earned more than writing it right (0.1385, then 0.14 has too few
digits).  A sheet written entirely to 2 digits earned 40 carried points in a class run.

A number written with too few digits is a rounded one, and so is all that follows from it, however
short it comes out; but a value exact in few digits is still right written so: the true value (0,
−0.21), a value the key's chain prints (−0.018), or one that follows exactly from the answer's own
numbers written with the sheet's digits (0.0088·0.05 = 0.00044 after a wrong δ = 0.008800).
True values: Mazur's published example (δ_0^2 = 0.138498562, ∂L/∂w_00^1 = 0.000438568) and
tests/plain_training.py (plain floats, independent of symbp).
"""

from __future__ import annotations

import json
import tomllib

import pytest

import symbp
from helpers import REPO, cli_runner
from plain_training import train
from symbp.cli import main

MAZUR = REPO / "examples" / "mazur.toml"


def _statuses(spec, answers: dict, **options) -> dict:
    report = symbp.check(spec, answers, **options)
    return {name: status for name, status in report.statuses.items() if name in answers}


@pytest.fixture(scope="module")
def mazur():
    return symbp.load(MAZUR)


def test_the_new_users_file_earns_nothing_for_values_following_from_a_coarse_one(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text('"delta_0^2" = "0.14"\n"dL/db_0^2" = "0.14"\n"dL/dw_00^2" = "0.083"\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--example", "mazur", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    q = report["quantities"]
    assert [q[n]["status"] for n in ("delta_0^2", "dL/db_0^2", "dL/dw_00^2")] == ["too_few_digits"] * 3
    assert report["summary"]["carried"] == 0 and all(q[n]["earned"] == 0 for n in q)


def test_writing_an_earlier_value_coarser_never_earns_more(mazur):
    for delta in ("0.14", "0.1385"):
        assert _statuses(mazur, {"delta_0^2": delta, "dL/db_0^2": "0.14"})["dL/db_0^2"] == "too_few_digits"
    # the copy with the sheet's digits is right (0.1385) or carried (0.140 from the coarse 0.14)
    assert _statuses(mazur, {"delta_0^2": "0.1385", "dL/db_0^2": "0.1385"})["dL/db_0^2"] == "correct"
    assert _statuses(mazur, {"delta_0^2": "0.14", "dL/db_0^2": "0.140"})["dL/db_0^2"] == "carried"


def test_a_sheet_written_to_two_digits_earns_nothing(mazur):
    values = train(tomllib.loads(MAZUR.read_text(encoding="utf-8")))
    answers = {name: f"{value:#.2g}".rstrip(".") for name, value in values.items()}
    assert answers["delta_0^2"] == "0.14" and answers["dL/dw_00^1"] == "0.00044"
    report = symbp.check(mazur, answers)
    statuses = {name: status for name, status in report.statuses.items() if name in answers}
    assert len(statuses) > 40
    assert set(statuses.values()) == {"too_few_digits"}, {n: s for n, s in statuses.items() if s != "too_few_digits"}
    assert report.points == 0


def test_through_a_value_not_written_down(mazur):
    # b_0^2@2 = 0.60 − 0.5·δ_0^2 with ∂L/∂b_0^2 left out: from δ = 0.14 it is 0.53 exactly
    assert _statuses(mazur, {"delta_0^2": "0.14", "b_0^2@2": "0.53"})["b_0^2@2"] == "too_few_digits"
    assert _statuses(mazur, {"delta_0^2": "0.14", "b_0^2@2": "0.530"})["b_0^2@2"] == "carried"
    # 0.1400 shows the sheet's digits (a wrong value, not a rounded one): 0.53 follows from it exactly
    assert _statuses(mazur, {"delta_0^2": "0.1400", "b_0^2@2": "0.53"}) == {"delta_0^2": "wrong", "b_0^2@2": "carried"}


def test_a_value_exact_in_few_digits_after_numbers_with_the_sheets_digits_stays_right(mazur):
    # ∂L/∂w_00^1 = δ_0^1·x_0 with x_0 = 0.05: 0.008800·0.05 = 0.00044 exactly
    assert _statuses(mazur, {"delta_0^1": "0.008800", "dL/dw_00^1": "0.00044"}) == \
        {"delta_0^1": "wrong", "dL/dw_00^1": "carried"}
    assert _statuses(mazur, {"delta_0^1": "0.0088", "dL/dw_00^1": "0.00044"}) == \
        {"delta_0^1": "too_few_digits", "dL/dw_00^1": "too_few_digits"}
    # a bare number claims an exact value: what follows from it exactly may be written as short
    assert _statuses(mazur, {"delta_0^1": "0", "dL/dw_00^1": "0"}) == {"delta_0^1": "wrong", "dL/dw_00^1": "carried"}
    # the key's digits, carried on (δ_0^1 = 0.008771): 0.008771·0.05 = 0.00043855
    assert _statuses(mazur, {"delta_0^1": "0.008771", "dL/dw_00^1": "0.0004386"})["dL/dw_00^1"] == "correct"


def test_a_true_value_exact_in_few_digits_is_right_after_a_coarse_one():
    # nn231's values are exact (ReLU, decimal weights): z_1^1 = 1.1, w_10^1@2 = −0.21, δ_0^1 = 0
    nn231 = symbp.example("nn231")
    assert _statuses(nn231, {"delta_1^1": "-0.9", "dL/dw_10^1": "-0.9", "w_10^1@2": "-0.21", "dL/dw_00^1": "0"}) == \
        {"delta_1^1": "correct", "dL/dw_10^1": "correct", "w_10^1@2": "correct", "dL/dw_00^1": "correct"}
    # Mazur: a coarse δ_0^2, then the true values (1 − a is exact nowhere, but the true ∂L/∂w is right)
    assert _statuses(symbp.load(MAZUR), {"delta_0^2": "0.14", "dL/dw_00^2": "0.08217"})["dL/dw_00^2"] == "correct"


@pytest.mark.parametrize("digits", [4, 2])
def test_the_calculator_chain_copied_is_right_at_its_digits(tmp_path, mazur, digits):
    """`derive --round-intermediate` at the sheet's digits: every value it prints, the short ones too."""
    result = cli_runner().invoke(main, ["derive", str(MAZUR), "--round-intermediate", "--digits", str(digits),
                                        "--format", "json"])
    assert result.exit_code == 0, result.output
    chain = {name: value for name, value in json.loads(result.output)["carried"].items() if not name.startswith("local:")}
    statuses = _statuses(mazur, {name: str(value) for name, value in chain.items()}, digits=digits)
    assert len(statuses) > 40 and set(statuses.values()) == {"correct"}, statuses


def test_a_graph_value_following_from_a_coarse_one(tmp_path):
    spec = tmp_path / "g.toml"
    spec.write_text('kind = "graph"\ntitle = "g"\ninputs = { x = 0.12345, y = 0.02, z = -4 }\n'
                    'expression = "f = (x + y) * z"\n', encoding="utf-8")
    graph = symbp.load(spec)  # f.1 = x + y = 0.14345, df/dz = f.1
    assert _statuses(graph, {"f.1": "0.14", "df/dz": "0.14"}) == {"f.1": "too_few_digits", "df/dz": "too_few_digits"}
    assert _statuses(graph, {"f.1": "0.14", "df/dz": "0.140"}) == {"f.1": "too_few_digits", "df/dz": "carried"}
    assert _statuses(graph, {"f.1": "0.1400", "df/dz": "0.14"}) == {"f.1": "wrong", "df/dz": "carried"}
    assert _statuses(graph, {"x": "0.12", "f.1": "0.14"}) == {"x": "too_few_digits", "f.1": "too_few_digits"}
    assert _statuses(graph, {"f.1": "0.143", "df/dz": "0.143"}) == {"f.1": "correct", "df/dz": "correct"}
