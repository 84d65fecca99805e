"""A blank answers file is no submission: a student who hands in the template with only their
name and variant filled in must not look like a pass (it was marked "0 of 48 points", exit 0,
"every given value is correct or carried").  Like an empty file, it is not marked (exit 2, one
line naming the file), alone or in a class (a NOT MARKED row; the others are marked)."""

from __future__ import annotations

import csv

import pytest
import symbp

from helpers import EXAMPLE_NN231, cli_runner
from symbp.cli import main


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheet")
    symbp.worksheet(symbp.example("nn231"), variants=2, seed=1).save(folder)
    return folder


def _copy(sheet, path, student="Bob", variant=1, **values):
    """The sheet's answers template as a student hands it in: name, variant and these values."""
    text = (sheet / "answers-template.toml").read_text(encoding="utf-8")
    text = text.replace('student = ""', f'student = "{student}"').replace('variant = ""', f"variant = {variant}")
    for name, value in values.items():
        text = text.replace(f'"{name}" = ""', f'"{name}" = "{value}"')
    path.write_text(text, encoding="utf-8")
    return path


def _invoke(*args):
    return cli_runner().invoke(main, [str(a) for a in args])


def test_a_blank_copy_with_its_variant_is_not_marked(sheet, tmp_path):
    blank = _copy(sheet, tmp_path / "bob.toml")
    result = _invoke("check", "--key", sheet / "answers.json", blank)
    assert result.exit_code == 2
    assert "no answers to mark: every value is blank" in result.stderr
    assert "points" not in result.stdout  # no report that reads as a mark


def test_one_value_given_is_marked_as_before(sheet, tmp_path):
    key = symbp.load_key(sheet / "answers.json")
    z = key._key.entry("1")["exact"]["z_0^1"]  # the key's own value: correct
    answered = _copy(sheet, tmp_path / "ada.toml", student="Ada", **{"z_0^1": z})
    result = _invoke("check", "--key", sheet / "answers.json", answered, "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"correct": 1' in result.stdout


def test_a_blank_template_against_a_spec_is_not_marked(tmp_path):
    template = _invoke("derive", EXAMPLE_NN231, "--format", "answers-template").stdout
    blank = tmp_path / "blank.toml"
    blank.write_text(template.replace('student = ""', 'student = "Bob"'), encoding="utf-8")
    result = _invoke("check", EXAMPLE_NN231, blank)
    assert (result.exit_code, "every value is blank" in result.stderr) == (2, True)


def test_a_blank_table_in_python_is_refused():
    with pytest.raises(symbp.SpecError, match="every value is blank"):
        symbp.check(symbp.example("nn231"), {"student": "Bob", "z_0^1": ""})


def test_a_class_lists_the_blank_copy_not_marked(sheet, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    key = symbp.load_key(sheet / "answers.json")
    _copy(sheet, folder / "ada.toml", student="Ada", **{"z_0^1": key._key.entry("1")["exact"]["z_0^1"]})
    _copy(sheet, folder / "bob.toml", variant=2)
    out = tmp_path / "marked"
    result = _invoke("check", "--key", sheet / "answers.json", folder, "--out", out)
    assert result.exit_code == 2  # some file could not be marked; the others are
    line = next(line for line in result.stdout.splitlines() if line.strip().startswith("bob.toml"))
    assert "NOT MARKED: no answers to mark" in line
    assert (result.stdout + result.stderr).count("every value is blank") == 1  # one message, in the listing
    assert "bob.toml" in result.stderr  # named for a script's log (exit code 2)
    with open(out / "grades.csv", encoding="utf-8-sig") as handle:
        rows = {row["file"]: row for row in csv.DictReader(handle)}
    assert rows["bob.toml"]["points"] == "" and "every value is blank" in rows["bob.toml"]["error"]
    assert rows["ada.toml"]["points"] == "1" and rows["ada.toml"]["error"] == ""
