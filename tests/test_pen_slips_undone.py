"""A slip of the pen on a careful number is named though the number is a unit or two from the exact
value of the answer's own numbers (stop 52's careful-student hunt: delta_0^1 = 0.009981 for −0.009981,
z_0^1@2 = 3.591 for 0.3591 and swapped digits went unnamed: the slips were applied to −0.009979, the
exact value of the numbers written, not to the careful −0.009981).  The careful file is the hunt's
(every value rounded to 4 significant digits and carried on); its being all correct is checked first."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from symbp.cli import main

SPEC = """layers = [1, 1, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.7
input = [0.8317]
target = [0.2]
[[layer]]
weights = [[1.2345]]
biases = [-0.6789]
[[layer]]
weights = [[-2.0417]]
biases = [0.3333]
"""
CAREFUL = {"z_0^1": "0.3481", "a_0^1": "0.5862", "z_0^2": "-0.8637", "a_0^2": "0.2966", "L": "0.004666",
           "delta_0^2": "0.02015", "dL/dw_00^2": "0.01181", "dL/db_0^2": "0.02015", "delta_0^1": "-0.009981",
           "dL/dw_00^1": "-0.008301", "dL/db_0^1": "-0.009981", "w_00^2@2": "-2.050", "b_0^2@2": "0.3192",
           "w_00^1@2": "1.240", "b_0^1@2": "-0.6719", "z_0^1@2": "0.3591", "a_0^1@2": "0.5889", "z_0^2@2": "-0.8878",
           "a_0^2@2": "0.2915", "L@2": "0.004186"}


def _marks(tmp_path, answers: dict) -> dict:
    (tmp_path / "spec.toml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "a.toml").write_text("".join(f'"{k}" = "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    done = CliRunner().invoke(main, ["check", str(tmp_path / "spec.toml"), str(tmp_path / "a.toml"), "-f", "json"])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)["quantities"]


def test_the_careful_file_is_right(tmp_path):
    marks = _marks(tmp_path, CAREFUL)
    assert all(marks[name]["status"] == "correct" for name in CAREFUL), \
        {n: m["status"] for n, m in marks.items() if m["status"] != "correct" and n in CAREFUL}


@pytest.mark.parametrize("name, written, slip", [
    ("delta_0^1", "0.009981", "sign_flipped"),
    ("z_0^1@2", "3.591", "decimal_point_moved"),
    ("z_0^1@2", "0.03591", "decimal_point_moved"),
    ("a_0^1@2", "0.8589", "digits_transposed"),  # (0.5889 with 5 and 8 swapped)
])
def test_a_slip_of_a_careful_number_is_named(tmp_path, name, written, slip):
    marks = _marks(tmp_path, {**CAREFUL, name: written})
    assert marks[name]["status"] == "wrong" and marks[name]["diagnosis_key"] == slip, marks[name]


def test_the_careful_number_is_not_the_exact_one_of_the_numbers_written(tmp_path):
    """(what made the slip unnamed before: the careful −0.009981 against the exact −0.009979…)"""
    marks = _marks(tmp_path, {**CAREFUL, "delta_0^1": "0.009981"})
    assert round(marks["delta_0^1"]["carried_expected"], 6) != -0.009981


def test_a_wrong_number_no_slip_explains_is_named_none(tmp_path):
    marks = _marks(tmp_path, {**CAREFUL, "z_0^1@2": "0.4172"})
    assert marks["z_0^1@2"]["status"] == "wrong" and marks["z_0^1@2"]["diagnosis_key"] is None


def test_after_a_careful_numbers_slip_what_follows_from_the_number_meant_is_right(tmp_path):
    """δ_0^1 written 0.009981 for the careful −0.009981 (6 units from the true −0.009987: the number meant is
    right from the answer's own numbers, none of them wrong), then ∂L/∂w = −0.009981·0.8317 and ∂L/∂b = δ."""
    marks = _marks(tmp_path, {**CAREFUL, "delta_0^1": "0.009981"})
    assert marks["delta_0^1"]["diagnosis_key"] == "sign_flipped"
    assert (marks["dL/dw_00^1"]["status"], marks["dL/db_0^1"]["status"]) == ("correct", "correct")
