"""The stderr line naming a class's files not marked names at most MAX_NOT_MARKED_NAMED of them, then how many more
(the stop-65 hostile-input tester: 10,000 empty files gave one line of 109 KB); the listing still gives each file
its row and reason."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import cli_runner
from symbp.check_cli import MAX_NOT_MARKED_NAMED
from symbp.cli import main


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    out = tmp_path_factory.mktemp("sheet")
    done = CliRunner().invoke(main, ["worksheet", "--example", "mazur", "-n", "1", "--seed", "5", "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out / "answers.json"


@pytest.mark.parametrize("count", [3, MAX_NOT_MARKED_NAMED + 12])
def test_the_line_names_some_and_counts_the_rest(key, tmp_path, count):
    folder = tmp_path / "class"
    folder.mkdir()
    for i in range(count):
        (folder / f"s{i:03d}.toml").write_text("", encoding="utf-8")
    done = cli_runner().invoke(main, ["check", "--key", str(key), str(folder), "--out", str(tmp_path / "m")])
    assert done.exit_code == 2
    line = next(l for l in done.stderr.splitlines() if "not marked (the listing above says why)" in l)
    assert line.count(".toml") == min(count, MAX_NOT_MARKED_NAMED), line
    assert (f" and {count - MAX_NOT_MARKED_NAMED} more" in line) == (count > MAX_NOT_MARKED_NAMED), line
    assert done.stdout.count("NOT MARKED") == count
