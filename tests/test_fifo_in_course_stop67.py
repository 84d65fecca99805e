"""A FIFO in a course folder (a template or a catalogue) is refused without the hint to read standard input,
which does not apply there (stop 67's hostile tester)."""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.mark.parametrize("where, what", [("text/solution.txt.jinja", "expected a template"),
                                         ("i18n/en.toml", "expected a message catalogue")])
def test_a_fifo_in_a_course_folder_is_refused_without_the_stdin_hint(tmp_path, where, what):
    path = tmp_path / "course" / where
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    result = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "course")])
    assert result.exit_code == 2 and "is not a regular file" in result.output and what in result.output, result.output
    assert "standard input" not in result.output
