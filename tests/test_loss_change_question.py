"""The sheet's last task does not presume that the cost fell.  With `[variants] require_loss_decrease
= false` a variant's cost may rise (a user's sheet asked "By how much did it fall since step 1?" where
its key answered "The cost rose from ≈ 0.1767 to ≈ 0.4150"): the task then asks whether it fell or
rose, and by how much, in every locale, on the printed sheet and in the Moodle and PrairieLearn
questions; where every variant's cost falls (the default) it still asks by how much it fell.  The
wordings are the catalogue's (templates/i18n), read here from the TOML files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import symbp

CATALOGUES = Path(__file__).resolve().parents[1] / "templates" / "i18n"

SPEC = """layers = [1, 1]
activation = "identity"
loss = "half_sse"
learning_rate = 0.25
steps = {steps}

[variants]
inputs = {{ range = [1, 2], decimals = 0, nonzero = true }}
targets = {{ range = [-1, 1], decimals = 1 }}
weights = {{ range = [-1, 1], decimals = 1, nonzero = true }}
biases = {{ range = [-1, 1], decimals = 1 }}
require_loss_decrease = {falls}
"""


def _words(locale: str) -> dict:
    return tomllib.loads((CATALOGUES / f"{locale}.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("falls", [True, False])
def test_the_last_task_asks_how_the_cost_changed_unless_every_cost_falls(falls):
    for locale, steps in (("en", 1), ("de", 2), ("fr", 2)):
        task = _words(locale)["task"]
        key = "new_loss" if steps == 1 else "final_loss"
        asked, other = (task[key], task[key + "_change"]) if falls else (task[key + "_change"], task[key])
        spec = symbp.load(SPEC.format(steps=steps, falls=str(falls).lower()))
        sheet = symbp.worksheet(spec, variants=1, seed=1, locale=locale).files["worksheet.tex"]
        assert "{" + asked + "}" in sheet and other not in sheet, locale


def test_the_platforms_ask_as_the_sheet_does():
    words = _words("en")
    sheet = symbp.worksheet(symbp.load(SPEC.format(steps=1, falls="false")), variants=1, seed=1)
    files = sheet.exports(moodle="quiz.xml", prairielearn="pl")
    question = files[Path("pl") / "question.html"]
    assert words["task"]["new_loss_change"] in question and words["task"]["new_loss"] not in question
    assert words["moodle"]["change_no_blank"] in question and words["moodle"]["fall_no_blank"] not in question
    quiz = files[Path("quiz.xml")]
    assert "Did it fall or rise, and by how much?" in words["task"]["new_loss_change"]
    assert words["moodle"]["change_no_blank"] in quiz and words["moodle"]["fall_no_blank"] not in quiz
