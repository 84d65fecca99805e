"""answers.json says its format first ("key_format"), so that a key from a newer symbp is refused
with "update symbp", not as edited; its fields are sealed one by one ("field_seals"), so that an
edit is named by its field, a dropped task by its name and a reordering as one."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("key") / "week5"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "3", "--seed", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads((out / "answers.json").read_text(encoding="utf-8"))


def _check(tmp_path, key: dict, *extra):
    (tmp_path / "answers.json").write_text(json.dumps(key, indent=2), encoding="utf-8")
    (tmp_path / "a.toml").write_text('variant = 1\n"L" = "0.3"\n', encoding="utf-8")
    return CliRunner().invoke(main, ["check", "--key", str(tmp_path / "answers.json"), *extra, str(tmp_path / "a.toml")])


def _copy(key):
    return json.loads(json.dumps(key))


def test_the_format_comes_first_and_each_field_has_its_own_seal(made):
    assert next(iter(made)) == "key_format" and made["key_format"] == 2
    for name in ("seed", "spec_name", "tasks", "digits"):  # sha256 of "name\n" + the value's JSON, 16 hex digits
        text = f"{name}\n{json.dumps(made[name], sort_keys=True)}"
        assert made["field_seals"][name] == hashlib.sha256(text.encode()).hexdigest()[:16]


def test_a_key_of_a_newer_format_asks_for_a_newer_symbp(tmp_path, made):
    key = {**_copy(made), "key_format": 3, "hints": {"L": "think of the chain rule"}}
    result = _check(tmp_path, key)
    assert result.exit_code == 2
    assert "key_format: 3: the key was made by a newer symbp" in result.stderr and "update symbp" in result.stderr
    assert "edited" not in result.stderr and "unknown field" not in result.stderr


@pytest.mark.parametrize("name, value", [("spec_name", "nn232"), ("seed", 7), ("symbp_version", "0.0.9")])
def test_an_edited_head_field_is_named(tmp_path, made, name, value):
    result = _check(tmp_path, {**_copy(made), name: value})
    assert result.exit_code == 2
    assert f"answers.json: {name}: {json.dumps(value)}, not what the key was made with" in result.stderr


def test_reordered_variants_are_named_as_reordered(tmp_path, made):
    key = _copy(made)
    key["variants"].reverse()
    assert "answers.json: variants: in another order than the key was made with (variant 3 is now at [0])" \
        in _check(tmp_path, key).stderr
    key["variant_seals"].reverse()  # the seals reordered with them
    assert "answers.json: variants: in another order than the key was made with;" in _check(tmp_path, key).stderr
    key["variants"].pop(), key["variant_seals"].pop()
    assert "variants: not the variants the key was made with (one added or removed)" in _check(tmp_path, key).stderr


def test_a_task_added_is_named(tmp_path, made):
    key = _copy(made)
    key["tasks"].remove("update")
    result = _check(tmp_path, key)
    assert result.exit_code == 2 and "tasks: leaves out \"update\", which the key was made with" in result.stderr


def test_min_digits_above_the_keys_digits_is_named_as_the_option(tmp_path, made):
    result = _check(tmp_path, _copy(made), "--min-digits", "5")  # the key was made with 4 digits
    assert result.exit_code == 2
    key = tmp_path / "answers.json"  # named by its path, whose digits they are
    assert result.stderr.startswith(f"symbp: --min-digits: 5 exceeds the digits of {key} (4)") and "min_digits:" not in result.stderr


def test_the_moodle_rule_for_one_significant_digit_is_singular(tmp_path):
    out = tmp_path / "week5"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--digits", "2",
                                       "--out", str(out), "--moodle", str(tmp_path / "q.xml")])
    assert result.exit_code == 0, result.output
    quiz = (tmp_path / "q.xml").read_text(encoding="utf-8")
    assert "to at least 1 significant digit (absolute tolerance: half a unit in the first significant digit" in quiz
    assert "1 significant digits" not in quiz
    shutil.rmtree(out)
