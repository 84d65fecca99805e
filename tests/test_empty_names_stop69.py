"""An empty name given for a file or folder (an unset shell variable: `--out "$DIR"`) is refused in one line naming
the option, exit 2, nothing written: pathlib reads '' as '.', so `worksheet --out ''` wrote the sheet's files into
the current folder and `--templates ''` took the current folder as the template folder (stop 68's new user)."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from symbp.cli import main

RUNS = [
    (["derive", ""], "SPEC: an empty spec file name"),
    (["derive", "--example", "nn231", "-o", ""], "-o/--output: an empty FILE name"),
    (["derive", "--example", "nn231", "--templates", ""], "--templates: an empty folder name"),
    (["worksheet", ""], "SPEC: an empty spec file name"),
    (["worksheet", "--example", "nn231", "-n", "1", "--out", ""], "-o/--out: an empty folder name"),
    (["worksheet", "--example", "nn231", "-n", "1", "--moodle", ""], "--moodle: an empty FILE name"),
    (["worksheet", "--example", "nn231", "-n", "1", "--templates", ""], "--templates: an empty folder name"),
    (["check", "--key", "", "a.toml"], "--key: an empty file name"),
    (["check", "--example", "nn231", ""], "ANSWERS|FOLDER: an empty file name"),
    (["check", "--example", "nn231", "a.toml", "--out", ""], "--out: an empty folder name"),
    (["check", "--example", "nn231", "a.toml", "-o", ""], "-o/--output: an empty FILE name"),
]


@pytest.mark.parametrize("args, said", RUNS, ids=[" ".join(a) for a, _ in RUNS])
def test_an_empty_name_is_refused(tmp_path, args, said):
    (tmp_path / "a.toml").write_text('"z_0^1" = "-0.5"\n')
    before = sorted(os.listdir(tmp_path))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], result.output
    assert "Traceback" not in result.output
    assert sorted(os.listdir(tmp_path)) == before  # nothing written where '' would have pointed
