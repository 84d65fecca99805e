"""Reviewer's reproducers for the keys23 merge (variant seals, .symbp-exports, leftover sweep).

Each test states what a user expects; each failed on main as merged (33b2b7d) and passes since
keys24 (their xfail marks dropped).
Expected values are the reviewer's: a file symbp never wrote must survive; a record the user did
not write must never crash or block a run; a message names the task actually dropped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

import symbp
from symbp.cli import main

SHEET = ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1"]


def _sheet(out, *extra):
    return CliRunner().invoke(main, [*SHEET, "--out", str(out), *map(str, extra)])


@pytest.mark.parametrize("entry", ["a\u0000b", "\ud800x"])
def test_a_record_with_an_unencodable_entry_is_ignored(tmp_path, entry):
    out = tmp_path / "week5"
    out.mkdir()
    (out / ".symbp-exports").write_text(json.dumps([entry]), encoding="utf-8")
    result = _sheet(out)
    assert result.exit_code == 0, result.output


def test_a_record_with_an_overlong_entry_is_ignored(tmp_path):
    out = tmp_path / "week5"
    out.mkdir()
    (out / ".symbp-exports").write_text(json.dumps(["a" * 300]), encoding="utf-8")
    result = _sheet(out)
    assert result.exit_code == 0, result.output


def test_a_record_never_removes_a_file_symbp_did_not_write(tmp_path):
    out = tmp_path / "week5"
    out.mkdir()
    (out / "ada-answers.toml").write_text('variant = 1\n"L" = "0.3"\n', encoding="utf-8")  # a student's file
    (out / ".symbp-exports").write_text(json.dumps(["ada-answers.toml"]), encoding="utf-8")
    assert _sheet(out).exit_code == 0
    assert (out / "ada-answers.toml").is_file()


def test_an_export_edited_by_hand_is_kept_or_named(tmp_path):
    out = tmp_path / "week5"
    assert _sheet(out, "--moodle", out / "quiz.xml").exit_code == 0
    with open(out / "quiz.xml", "a", encoding="utf-8") as fh:
        fh.write("<!-- wording fixed by hand -->\n")
    result = _sheet(out)
    assert result.exit_code == 0
    assert (out / "quiz.xml").is_file() or "quiz.xml" in result.output


def test_a_link_swapped_in_before_the_commit_removes_nothing_outside(tmp_path, monkeypatch):
    import symbp.staging as staging

    out, outside = tmp_path / "week5", tmp_path / "outside"
    outside.mkdir()
    assert _sheet(out, "--csv", out / "sub" / "v.csv").exit_code == 0  # recorded: symbp wrote it
    written = (out / "sub" / "v.csv").read_bytes()
    commit = staging.Batch.commit

    def racing(self):  # what a second user of a shared folder does while the run works
        if any(str(target).endswith("sub/v.csv") for target, _ in self._removals) and not (out / "sub").is_symlink():
            shutil.rmtree(out / "sub")
            (outside / "v.csv").write_bytes(written)  # the very bytes symbp wrote, but not its file
            os.symlink(outside, out / "sub")
        return commit(self)

    monkeypatch.setattr(staging.Batch, "commit", racing)
    assert _sheet(out).exit_code == 0
    assert (out / "sub").is_symlink()  # the race did happen
    assert (outside / "v.csv").read_bytes() == written


HOLDER = """
import os, sys, time
from symbp.staging import Batch
folder = sys.argv[1]
with Batch() as batch:
    batch.stage(os.path.join(folder, "other-course.csv"), "a,b\\n")
    open(os.path.join(folder, "..", "ready"), "w").close()
    while not os.path.exists(os.path.join(folder, "..", "go")):
        time.sleep(0.05)
    batch.commit()
"""


def test_a_live_run_of_another_pid_namespace_keeps_its_staged_file(tmp_path):
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-p", "-f", "true"]).returncode != 0:
        pytest.xfail("needs unshare -p (root)")  # cannot show it here
    shared = tmp_path / "shared"
    shared.mkdir()
    (tmp_path / "holder.py").write_text(HOLDER, encoding="utf-8")
    # the holder's pid in its namespace (~300) is no live process's pid outside it
    holder = subprocess.Popen(["unshare", "-p", "-f", "--mount-proc", "sh", "-c",
                               f"for i in $(seq 300); do /bin/true; done; {sys.executable} holder.py {shared}"],
                              cwd=tmp_path, env={**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(symbp.__file__))}, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while not (tmp_path / "ready").exists() and time.time() < deadline:
        time.sleep(0.05)
    assert _sheet(tmp_path / "week5", "--csv", shared / "week5.csv").exit_code == 0
    (tmp_path / "go").touch()
    _, err = holder.communicate(timeout=30)
    assert holder.returncode == 0 and (shared / "other-course.csv").is_file(), err.decode()[-300:]


def test_an_edited_tasks_list_names_the_task(tmp_path):
    out = tmp_path / "week5"
    assert _sheet(out, "--exact-key").exit_code == 0
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    assert key["tasks"][-1] == "new_loss"
    key["tasks"].pop()
    (out / "answers.json").write_text(json.dumps(key, indent=2), encoding="utf-8")
    (tmp_path / "a.toml").write_text('variant = 1\n"L" = "0.3"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), str(tmp_path / "a.toml")])
    assert result.exit_code == 2 and "new_loss" in result.stderr, result.stderr


@pytest.mark.parametrize("pid", ["2147483648", "9999999999"])
def test_a_leftover_name_with_a_huge_pid_does_not_crash_a_run(tmp_path, pid):
    (tmp_path / f".symbp-{pid}-abcdefgh.tmp").write_text("", encoding="utf-8")  # anyone can make this in /tmp
    result = CliRunner().invoke(main, ["derive", "--example", "nn231", "-o", str(tmp_path / "nn231.md")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "nn231.md").is_file()
