"""A class's reports keep one file per student on a case-insensitive disk (macOS, Windows, a USB
stick): names that differ only in case (ada.toml and Ada.json, ADA.TOML and ada.toml) must not
give report names that such a disk takes for one file, where one student's report would replace
another's.  The expected names are the test's own: every report name differs from every other
when both are case-folded, and each report names the file it marks."""

from __future__ import annotations

import pytest

from helpers import cli_runner
from symbp.cli import main
from test_check_input_language import key  # noqa: F401  (the fixture: a 2-variant nn231 key)


def _run(*args):
    return cli_runner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("files", [
    {"ada.toml": 'variant = 1\nL = "0.3"\n', "Ada.json": '{"variant": 2, "L": "0.3"}'},
    {"ADA.TOML": 'variant = 1\nL = "0.3"\n', "ada.toml": 'variant = 2\nL = "0.3"\n'},
    {"ADA.TOML": 'variant = 1\nL = "0.3"\n', "ada.toml": 'variant = 2\nL = "0.3"\n',
     "ada-toml-2.toml": 'variant = 1\nL = "0.4"\n', "Ada.json": '{"variant": 2, "L": "0.5"}'},
])
def test_reports_differ_beyond_case(key, tmp_path, files):
    folder, marks = tmp_path / "class", tmp_path / "marked"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    run = _run("check", "--key", key, folder, "--out", marks)
    assert run.exit_code == 1, run.output
    reports = [p for p in marks.iterdir() if p.suffix == ".txt"]
    assert len(reports) == len(files), sorted(p.name for p in reports)
    assert len({p.name.casefold() for p in reports}) == len(files), sorted(p.name for p in reports)
    read = sorted(next(line for line in p.read_text(encoding="utf-8").splitlines() if str(folder) in line)
                  for p in reports)  # the first line names the answers file marked
    assert all(any(f"{folder / name} " in line for line in read) for name in files), read
