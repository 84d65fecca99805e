"""The platforms ask for the values in the order the answer key and the answers template show them
(stop 48's instructor: Moodle listed the hidden layer's ∂L/∂w and ∂L/∂b interleaved and the update's
layer 1 before layer 2, the key the other way): a grader reading a Moodle attempt beside the key, or a
student copying a template's numbers into PrairieLearn, meets them in one order."""

from __future__ import annotations

import csv
import json
import io
import re
import tomllib
import xml.etree.ElementTree as ET

import pytest

import moodle_cloze
from helpers import cli_runner
from symbp.cli import main
from symbp.render.printers import printer


@pytest.mark.parametrize("example", ["nn231", "batch3"])
def test_moodle_csv_and_prairielearn_follow_the_keys_order(example, tmp_path):
    result = cli_runner().invoke(main, ["worksheet", "--example", example, "-n", "1", "--seed", "2", "--out",
                                        str(tmp_path / "ws"), "--csv", str(tmp_path / "key.csv"), "--moodle",
                                        str(tmp_path / "quiz.xml"), "--prairielearn", str(tmp_path / "pl")],
                                 catch_exceptions=False)
    assert result.exit_code == 0, result.output
    template = tomllib.loads((tmp_path / "ws" / "answers-template.toml").read_text(encoding="utf-8"))
    key_order = [name for name in template if name not in ("student", "variant", "sheet-id")]
    assert any(name.startswith("dL/db") for name in key_order)

    rows = [row for row in csv.DictReader(io.StringIO((tmp_path / "key.csv").read_text(encoding="utf-8-sig")))
            if row["role"] == "answer"]
    assert [row["name"] for row in rows] == key_order

    # Moodle and PrairieLearn group the blanks by the sheet's tasks (a batch's ④ holds every sample's
    # output layer, where the key goes sample by sample): the key's order within each task
    task = {row["name"]: row["task"] for row in rows}
    tasks = list(dict.fromkeys(task[name] for name in key_order))
    key_order = sorted(key_order, key=lambda name: tasks.index(task[name]))

    slugs = re.findall(r'answers-name="([^"]+)"', (tmp_path / "pl" / "question.html").read_text(encoding="utf-8"))
    slug = {name: re.sub(r"[^A-Za-z0-9_]", "_", name.replace("/", "").replace("^", "_l").replace("[", "_s")
                         .replace("]", "").replace("@", "_t")) for name in key_order}
    assert slugs == [slug[name] for name in key_order]

    question = ET.parse(tmp_path / "quiz.xml").getroot().find("question[@type='cloze']")
    text = question.find("questiontext/text").text
    shown = re.findall(r"\\\(((?:(?!\\\().)*?)\\\) =</td><td>\{[0-9]*:NUMERICAL:", text, re.S)
    assert len(moodle_cloze.gaps(text)) == len(key_order)
    tex = printer("tex", digits=4)
    assert shown == [tex.symbol(name) for name in key_order]


def test_a_prairielearn_question_keeps_its_uuid(tmp_path):
    """PrairieLearn keeps a question's students' work by its UUID, a hash of symbp-question.json: the key's
    order of the inputs must not change it (this stop's reviewer: it did).  The UUID pinned here is what
    01f752d, before the reordering, wrote for this export."""
    result = cli_runner().invoke(main, ["worksheet", "--example", "adam1", "-n", "1", "--seed", "2", "--out",
                                        str(tmp_path / "ws"), "--prairielearn", str(tmp_path / "pl")],
                                 catch_exceptions=False)
    assert result.exit_code == 0, result.output
    info = json.loads((tmp_path / "pl" / "info.json").read_text(encoding="utf-8"))
    assert info["uuid"] == "3dd6d270-6c6c-5cdd-bb45-3cf8754fa796"


def test_grades_csv_columns_follow_the_keys_order(tmp_path):
    """grades.csv's columns were in order of computation (this stop's new user: "an instructor reading
    grades.csv beside the key has to re-map columns"): the key's order now, as the exports'."""
    result = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "2", "--out",
                                        str(tmp_path / "ws")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    template = tomllib.loads((tmp_path / "ws" / "answers-template.toml").read_text(encoding="utf-8"))
    key_order = [name for name in template if name not in ("student", "variant", "sheet-id")]
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "ada.toml").write_text('student = "Ada"\nvariant = 1\n"z_0^1" = 1\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--key", str(tmp_path / "ws" / "answers.json"), str(tmp_path / "class"),
                                        "--out", str(tmp_path / "marked")], catch_exceptions=False)
    header = next(csv.reader(io.StringIO((tmp_path / "marked" / "grades.csv").read_text(encoding="utf-8-sig"))))
    assert header[-len(key_order):] == key_order


def test_a_reports_lists_follow_the_keys_order():
    """The report's CORRECT / CARRIED FORWARD lists were in order of computation (this stop's new user: the
    lists, grades.csv and the key in three orders): the key's order, as grades.csv's and the exports'."""
    import symbp
    from helpers import REPO

    spec = symbp.example("nn231")
    key_order = [name for name in tomllib.loads(symbp.derive(spec).to_answers_template()) if name != "student"]
    answers = tomllib.loads((REPO / "examples" / "nn231-reference-answers.toml").read_text(encoding="utf-8"))
    text = symbp.check(spec, {k: str(v) for k, v in answers.items()}).to_text()
    carried = text.split("CARRIED FORWARD")[1].split("\n\n")[0].splitlines()[1:]
    listed = [line.split()[0] for line in carried if line.startswith("  ")]
    assert len(listed) > 10 and any(name.startswith("dL/db") for name in listed)
    assert listed == [name for name in key_order if name in listed]
