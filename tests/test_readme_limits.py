"""The README's table of limits states the bounds symbp enforces, each with the number the code
uses: a user who meets a limit finds it there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from symbp.check import MAX_STUDENT_LENGTH
from symbp.cli import main
from helpers import cli_runner

README = Path(__file__).resolve().parent.parent / "README.md"


def limits_table() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## Limits and exit codes"):].split("\n\n| what | limit | why |", 1)[1].split("\n\n", 1)[0]


def test_the_student_names_limit_is_in_the_table():
    row = next(line for line in limits_table().splitlines() if line.startswith("| answers files |"))
    assert re.search(rf"`student` ≤ {MAX_STUDENT_LENGTH:,} ", row), row


@pytest.mark.parametrize("extra", [0, 1])
def test_the_stated_limit_is_the_one_enforced(tmp_path, extra):
    answers = tmp_path / "ada.toml"
    answers.write_text(f'student = "{"A" * (MAX_STUDENT_LENGTH + extra)}"\n"z_0^1" = "-0.5"\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--example", "nn231", str(answers)])
    assert (result.exit_code == 2) == bool(extra), result.output
