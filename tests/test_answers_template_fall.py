"""A worksheet's task ⑧ asks the new cost and by how much it fell (or changed); its answers file has
a line for the cost only, and says so under ⑧, as the Moodle question does ("The fall has no blank of
its own") — a student filling in the fall found no line for it and no word why."""

from __future__ import annotations

import tomllib

import pytest

import symbp

from helpers import REPO


def _spec(extra: str = ""):
    return symbp.load((REPO / "examples" / "nn231.toml").read_text() + extra)


def _after_heading(template: str, heading: str) -> list[str]:
    lines = template.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# ") and heading in line)
    return lines[start + 1:]


@pytest.mark.parametrize("extra, asked, said", [
    ("", "By how much did it fall?", "The fall has no line of its own"),
    ("require_loss_decrease = false\n", "Did it fall or rise, and by how much?", "The change has no line of its own"),
])
def test_the_new_costs_line_says_the_fall_has_none(extra, asked, said):
    sheet = symbp.worksheet(_spec(extra), 2, 1)
    assert asked in sheet.files["worksheet.tex"]
    template = sheet.files["answers-template.toml"]
    below = _after_heading(template, "New cost")
    assert below[0].startswith("# " + said)  # right under ⑧'s heading, before its one line
    lines = [line for line in below if not line.startswith("#")]
    assert lines[0] == '"L@2" = ""'
    assert "L@2" in tomllib.loads(template)  # a comment: the file reads as before


def test_a_sheet_not_asking_the_new_cost_says_nothing_of_it():
    spec = _spec('ask = ["forward", "loss", "output_layer"]\n')
    template = symbp.worksheet(spec, 2, 1).files["answers-template.toml"]
    assert "L@2" not in template and "no line of its own" not in template


@pytest.mark.parametrize("code", ["de", "fr"])
def test_the_line_is_in_the_sheets_language(code):
    template = symbp.worksheet(_spec(), 1, 1, locale=code).files["answers-template.toml"]
    assert "no line of its own" not in template and ("Zeile" in template if code == "de" else "ligne à elle" in template)


def test_a_batchs_fall_is_said_once_under_its_cost_not_under_each_samples():
    template = symbp.worksheet(symbp.load(REPO / "examples" / "batch3.toml"), 1, 1).files["answers-template.toml"]
    assert template.count("has no line of its own") == 1
    lines = _after_heading(template, "has no line of its own")
    assert not lines[0].startswith('"L[')  # the batch's cost, after the samples'
