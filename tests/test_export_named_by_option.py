"""An export given the worksheet's own folder or one of its files is refused naming the option (the stop-65
hostile-input tester's LOW: `--moodle wsd/answers.json` was refused without saying which option), and a PrairieLearn
question folder that is the sheet's folder too (its info.json, question.html and server.py were written among the
worksheet's files, the key beside them)."""

from __future__ import annotations

import pytest

from helpers import cli_runner
from symbp.cli import main


@pytest.mark.parametrize("option,target", [("--moodle", "answers.json"), ("--prairielearn", "."),
                                           ("--csv", "worksheet.tex")])
def test_the_option_is_named(tmp_path, option, target):
    out = tmp_path / "wsd"
    done = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--out", str(out), option,
                                      str(out / target)])
    assert done.exit_code == 2, done.output
    assert f"{option} " in done.output and "is the worksheet's folder or one of its own files" in done.output
    assert not out.exists()
