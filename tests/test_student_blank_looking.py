"""A student name of characters that print as nothing (Hangul fillers, the blank Braille pattern) is
no name: the report and grades.csv say none was given, as for "" (stop 52; stop 51's fuzzer: such a
name was listed as a blank-looking student)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from symbp.cli import main

BLANK = ["\u3164", "\u2800", "\u115f\u1160", "\uffa0", " \u3164 \u2800 "]


def _student(tmp_path, name: str):
    path = tmp_path / "a.toml"
    path.write_text(f'student = "{name}"\n"z_0^1" = "-0.5"\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--example", "nn231", str(path), "-f", "json"])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)["student"]


@pytest.mark.parametrize("name", BLANK)
def test_a_name_that_prints_as_nothing_is_no_name(tmp_path, name):
    assert _student(tmp_path, name) is None
    assert _student(tmp_path, "") is None  # (as a name left blank)


def test_a_name_keeps_its_letters_and_a_filler_is_a_space(tmp_path):
    assert _student(tmp_path, "Ada\u3164Lovelace\u2800") == "Ada Lovelace"
    assert _student(tmp_path, "김\u3164민준") == "김 민준"
