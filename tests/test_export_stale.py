"""A worksheet's folder never holds files of two runs: a second run into it replaces the exports the
first wrote inside it (a PrairieLearn folder, a Moodle file), even when it writes none; and the
leftovers of a killed run (`.symbp-<pid>-….tmp/.old` beside a destination) are removed by a later
run, while anything else stays."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from click.testing import CliRunner

from symbp.cli import main

SHEET = ["worksheet", "--example", "nn231", "-n", "2"]


def _run(*args):
    result = CliRunner().invoke(main, [*SHEET, *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_second_run_replaces_the_first_runs_exports(tmp_path):
    out = tmp_path / "week5"
    _run("--seed", "1", "--out", out, "--prairielearn", out / "pl", "--moodle", out / "quiz.xml")
    (out / "notes.md").write_text("mine\n", encoding="utf-8")  # the instructor's own file
    assert (out / "pl" / "server.py").is_file() and (out / "quiz.xml").is_file()
    _run("--seed", "2", "--out", out)
    assert _files(out) == ["answer-key.tex", "answers-template.toml", "answers.json", "notes.md", "worksheet.tex"]
    assert not (out / "pl").exists()  # the folder the export made, emptied, is gone too


def test_an_export_written_again_is_kept_and_another_removed(tmp_path):
    out = tmp_path / "week5"
    _run("--seed", "1", "--out", out, "--prairielearn", out / "pl", "--moodle", out / "quiz.xml")
    (out / "pl" / "README.txt").write_text("mine\n", encoding="utf-8")
    _run("--seed", "2", "--out", out, "--prairielearn", out / "pl")
    assert not (out / "quiz.xml").exists()
    assert (out / "pl" / "README.txt").is_file()  # not symbp's: kept
    question = json.loads((out / "pl" / "symbp-question.json").read_text(encoding="utf-8"))
    assert question  # the second run's question folder, beside the second run's key
    _run("--seed", "2", "--out", out)
    assert (out / "pl" / "README.txt").is_file() and not (out / "pl" / "server.py").exists()


def test_a_record_pointing_outside_the_folder_removes_nothing_there(tmp_path):
    out = tmp_path / "week5"
    _run("--seed", "1", "--out", out)
    outside = tmp_path / "precious.txt"
    outside.write_text("keep\n", encoding="utf-8")
    (out / "mine.txt").write_text("keep\n", encoding="utf-8")
    os.symlink(tmp_path, out / "up")
    (out / ".symbp-exports").write_text(json.dumps(["../precious.txt", str(outside), "up/precious.txt",
                                                    "./mine.txt", ".symbp-lock", 3]), encoding="utf-8")
    _run("--seed", "2", "--out", out)
    assert outside.read_text(encoding="utf-8") == "keep\n" and (out / "mine.txt").is_file()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_runs_leftovers_are_removed_and_nothing_else(tmp_path):
    out = tmp_path / "week5"
    _run("--seed", "1", "--out", out, "--prairielearn", tmp_path / "pl")
    dead = _dead_pid()
    planted = {
        out / f".symbp-{dead}-abcd_123.tmp": True,  # a killed run's staged file: removed
        out / f".symbp-{dead}-0123456789abcdef.old": True,  # and its backup
        tmp_path / "pl" / f".symbp-{dead}-zz99yy88.tmp": True,  # beside an export
        out / ".symbp-abcdefgh.tmp": True,  # named before the pid was: a day old, removed
        out / ".symbp-0123456789abcdef.old": False,  # the same, but fresh: perhaps a live run's
        out / f".symbp-{os.getpid()}-abcdefgh.tmp": False,  # a live process's
        out / ".symbp-notes.tmp": False,  # not a name symbp makes
        out / f".symbp-{dead}-abcdefgh.tmp.txt": False,
        out / f".symbp-{dead}-fresh123.tmp": False,  # a dead pid here, but minutes old: perhaps a live run elsewhere
    }
    for path in planted:
        path.write_text("left over\n", encoding="utf-8")
        two_hours = time.time() - 2 * 3600
        os.utime(path, (two_hours, two_hours))
    now, day = time.time(), time.time() - 2 * 24 * 3600
    os.utime(out / ".symbp-abcdefgh.tmp", (day, day))
    os.utime(out / ".symbp-0123456789abcdef.old", (now, now))
    os.utime(out / f".symbp-{dead}-fresh123.tmp", (now - 600, now - 600))
    _run("--seed", "2", "--out", out, "--prairielearn", tmp_path / "pl")
    for path, removed in planted.items():
        assert path.exists() is not removed, path
    assert json.loads((out / "answers.json").read_text(encoding="utf-8"))["seed"] == 2
