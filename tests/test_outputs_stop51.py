"""A run's outputs never replace its inputs, a class's reports never replace a file no earlier run
wrote, and a failed run leaves no earlier output of the same input looking like its own (a hostile
tester's findings, stop 51: `-o ws/answers.json` replaced the key with Ada's report; a student's
worksheet.toml had its report replace the instructor's worksheet.tex; ada.txt kept 48/48 after
ada.toml was broken)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO

ANSWERS = 'student = "Ada"\nvariant = 1\n"z_0^1" = "0.1"\n'
BROKEN = 'student = "Ada"\nvariant = 1\n"z_0^1" = 1\n"z_0^1" = 2\n'
SPEC = (REPO / "examples" / "nn231.toml").read_text(encoding="utf-8")  # a spec of a file of its own


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheet") / "ws"
    done = _run("worksheet", "--example", "nn231", "-n", "3", "--seed", "1", "--out", folder)
    assert done.exit_code == 0, done.stderr
    return folder


@pytest.fixture
def work(tmp_path, sheet, monkeypatch):
    """A folder with a worksheet (ws/), a student's answers (ada.toml) and a spec (spec.toml), as cwd."""
    shutil.copytree(sheet, tmp_path / "ws")
    (tmp_path / "ada.toml").write_text(ANSWERS, encoding="utf-8")
    (tmp_path / "spec.toml").write_text(SPEC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run("derive", "spec.toml", "-f", "json").exit_code == 0  # (a spec symbp takes)
    return tmp_path


def _state(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


# ---- 1: no output over an input of the run ---------------------------------------------------------------
@pytest.mark.parametrize("args, option, shown, role", [
    (["check", "--key", "ws/answers.json", "ada.toml", "-o", "ws/answers.json"], "-o", "ws/answers.json", "the key"),
    (["check", "--key", "ws/answers.json", "ada.toml", "-o", "ws/../ws/answers.json", "-f", "tex"], "-o",
     "ws/../ws/answers.json", "the key"),
    (["check", "--key", "ws/answers.json", "ada.toml", "-o", "key-link.json"], "-o", "key-link.json", "the key"),
    (["check", "--key", "ws/answers.json", "ada.toml", "-o", "ws/answers.pdf"], "-o", "ws/answers.tex", None),
    (["check", "--example", "nn231", "ada.toml", "-f", "json", "-o", "ada.toml"], "-o", "ada.toml", "the answers file"),
    (["check", "--example", "nn231", "ada.toml", "-f", "json", "-o", "ada-hard.txt"], "-o", "ada-hard.txt",
     "the answers file"),
    (["derive", "spec.toml", "-f", "json", "-o", "spec.toml"], "-o", "spec.toml", "the spec"),
    (["check", "spec.toml", "ada.toml", "-f", "json", "-o", "spec.toml"], "-o", "spec.toml", "the spec"),
    (["derive", "spec.toml", "--templates", "course", "-o", "course/text/solution.txt.jinja"], "-o",
     "course/text/solution.txt.jinja", "a template or catalogue of the --templates folder"),
    (["derive", "spec.toml", "--templates", "course", "-f", "text", "-o", "course/i18n/en.toml"], "-o",
     "course/i18n/en.toml", "a template or catalogue of the --templates folder"),
    (["derive", "spec.toml", "-f", "text", "-o", "catalogue.toml"], "-o", "catalogue.toml", "one of symbp's own files"),
    (["worksheet", "spec.toml", "-n", "2", "--seed", "1", "-o", "wsx", "--csv", "spec.toml"], "--csv", "spec.toml",
     "the spec"),
    (["worksheet", "ws2/answers-template.toml", "-n", "2", "--seed", "1", "-o", "ws2"], "--out",
     "ws2/answers-template.toml", "the spec"),
])
def test_an_output_that_is_an_input_of_the_run_is_refused_before_any_work(work, args, option, shown, role):
    os.symlink("ws/answers.json", "key-link.json")
    os.link("ada.toml", "ada-hard.txt")
    (work / "course" / "text").mkdir(parents=True)
    (work / "course" / "i18n").mkdir()
    shutil.copy(REPO / "templates" / "text" / "solution.txt.jinja", work / "course" / "text")
    (work / "course" / "i18n" / "en.toml").write_text('[progress]\nand = " and "\n', encoding="utf-8")
    os.symlink(REPO / "templates" / "i18n" / "en.toml", "catalogue.toml")
    (work / "ws2").mkdir()
    (work / "ws2" / "answers-template.toml").write_text(SPEC, encoding="utf-8")
    if role is None:  # -o ws/answers.pdf writes ws/answers.tex: the key is named by that file only when it is one
        (work / "ws" / "answers.tex").unlink(missing_ok=True)
        os.link(work / "ws" / "answers.json", work / "ws" / "answers.tex")
        role = "the key"
    before = _state(work)
    done = _run(*args)
    assert done.exit_code == 2, (done.stdout, done.stderr)
    assert done.stderr == f"symbp: {option}: {shown} is {role} this run reads; choose another " \
                          f"{'folder' if option == '--out' else 'file'}\n"
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert _state(work) == before  # nothing written, no folder made


def test_an_output_beside_a_courses_templates_is_no_template(work):
    """Only a --templates folder's templates and catalogues are its inputs: sheets written again into
    course/week5 (inside the course's folder) replace their own files."""
    (work / "course" / "text").mkdir(parents=True)
    shutil.copy(REPO / "templates" / "text" / "solution.txt.jinja", work / "course" / "text")
    for _ in range(2):
        done = _run("worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--templates", "course",
                    "--out", "course/week5")
        assert done.exit_code == 0, done.stderr
    done = _run("derive", "spec.toml", "--templates", "course", "-o", "course/week5/notes.txt")
    assert done.exit_code == 0, done.stderr


def test_an_export_over_another_worksheets_key_is_refused(work):
    before = _state(work)
    done = _run("worksheet", "--example", "nn231", "-n", "2", "--seed", "1", "-o", "wsx", "--moodle", "ws/answers.json")
    assert done.exit_code == 2
    assert done.stderr == ("symbp: --moodle: ws/answers.json is a worksheet's answer key (the answers.json of `symbp "
                           "worksheet`); symbp writes nothing over a key: choose another file\n")
    assert _state(work) == before


def test_a_worksheet_run_again_into_its_folder_still_replaces_its_own_key(work):
    done = _run("worksheet", "--example", "nn231", "-n", "2", "--seed", "2", "--out", "ws")
    assert done.exit_code == 0, done.stderr
    assert '"seed": 2' in (work / "ws" / "answers.json").read_text(encoding="utf-8")


# ---- 2: a class's report never replaces a file no earlier run wrote ----------------------------------------
def _class(work, *names, content=ANSWERS):
    folder = work / "class"
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(content, encoding="utf-8")
    return folder


@pytest.mark.parametrize("pdf", [False, True])
def test_a_students_report_does_not_replace_the_instructors_worksheet(work, pdf):
    _class(work, "worksheet.toml", "answer-key.toml")
    (work / "ws" / "worksheet.pdf").write_bytes(b"%PDF-1.5 the instructor's\n")
    before = _state(work)
    args = ["check", "--key", "ws/answers.json", "class", "--out", "ws", "-f", "tex"]
    if pdf:
        if shutil.which("pdflatex") is None:
            pytest.skip("pdflatex is not installed")
        args.append("--pdf")
    done = _run(*args)
    assert done.exit_code == 2, (done.stdout, done.stderr)
    assert done.stderr.endswith("symbp: ws/answer-key.tex: is not a report of an earlier run (ws/.symbp-reports does "
                                "not list it), and the report of class/answer-key.toml would replace it: move it "
                                "away, or choose another --out\n"), done.stderr
    assert "Traceback" not in done.stderr
    assert _state(work) == before


def test_a_class_run_again_replaces_its_own_reports(work):
    _class(work, "worksheet.toml")
    for fmt in ("tex", "tex", "text"):
        done = _run("check", "--key", "ws/answers.json", "class", "--out", "marked", "-f", fmt)
        assert done.exit_code == 1, done.stderr
    assert sorted(p.name for p in (work / "marked").iterdir()) == [".symbp-reports", "grades.csv", "worksheet.tex",
                                                                   "worksheet.txt"]


def test_a_file_that_cannot_be_marked_does_not_remove_an_instructors_file_of_its_name(work):
    """stale_reports named any worksheet.tex in --out the earlier report of an unmarked worksheet.toml."""
    _class(work, "worksheet.toml", content=BROKEN)
    _class(work, "ada.toml")
    before = (work / "ws" / "worksheet.tex").read_bytes()
    done = _run("check", "--key", "ws/answers.json", "class", "--out", "ws")
    assert done.exit_code == 2
    assert (work / "ws" / "worksheet.tex").read_bytes() == before
    assert (work / "ws" / "ada.txt").is_file()


def test_an_unmarked_files_own_earlier_report_is_still_removed(work):
    folder = _class(work, "bob.toml", "ada.toml")
    assert _run("check", "--key", "ws/answers.json", "class", "--out", "marked").exit_code == 1
    (folder / "bob.toml").write_text(BROKEN, encoding="utf-8")
    done = _run("check", "--key", "ws/answers.json", "class", "--out", "marked")
    assert done.exit_code == 2
    assert not (work / "marked" / "bob.txt").exists() and (work / "marked" / "ada.txt").is_file()


# ---- 3: a failed run leaves no earlier output of the same input looking like its own ---------------------
@pytest.mark.parametrize("target", ["ada.txt", "ada.json", "sub/ada.tex"])
def test_a_failed_check_removes_its_earlier_report_of_the_same_answers(work, target):
    done = _run("check", "--key", "ws/answers.json", "ada.toml", "-o", target)
    assert done.exit_code == 1 and (work / target).is_file(), done.stderr
    (work / "ada.toml").write_text(BROKEN, encoding="utf-8")
    done = _run("check", "--key", "ws/answers.json", "ada.toml", "-o", target)
    assert done.exit_code == 2
    assert not (work / target).exists()
    assert done.stderr.startswith(f"symbp: removed {target}, the report of an earlier run (this run made none)\n"
                                  "symbp: ada.toml: not valid TOML"), done.stderr


def test_a_failed_derive_removes_its_earlier_solution_of_the_same_spec(work):
    assert _run("derive", "spec.toml", "-o", "out/tiny.md").exit_code == 0
    (work / "spec.toml").write_text(SPEC.replace("learning_rate = 0.1", "learning_rate = -1"), encoding="utf-8")
    done = _run("derive", "spec.toml", "-o", "out/tiny.md")
    assert done.exit_code == 2
    assert not (work / "out" / "tiny.md").exists()
    assert done.stderr.startswith("symbp: removed out/tiny.md, the worked solution of an earlier run (this run made none)\n")


@pytest.mark.parametrize("how", ["edited", "not symbp's", "another input's"])
def test_a_failed_run_leaves_a_file_it_cannot_tell_it_wrote_and_says_so(work, how):
    report = work / "ada.txt"
    if how == "not symbp's":
        report.write_text("my own notes\n", encoding="utf-8")
    else:
        (work / "bob.toml").write_text(ANSWERS, encoding="utf-8")
        assert _run("check", "--key", "ws/answers.json", "bob.toml" if how == "another input's" else "ada.toml",
                    "-o", "ada.txt").exit_code == 1
        if how == "edited":
            report.write_text(report.read_text(encoding="utf-8") + "see me\n", encoding="utf-8")
    kept = report.read_bytes()
    (work / "ada.toml").write_text(BROKEN, encoding="utf-8")
    done = _run("check", "--key", "ws/answers.json", "ada.toml", "-o", "ada.txt")
    assert done.exit_code == 2
    assert report.read_bytes() == kept
    assert done.stderr.startswith("symbp: left ada.txt as it was: it is not this run's report\n"), done.stderr


def test_a_refused_output_is_never_removed_as_stale(work):
    """-o the answers file itself: refused (exit 2), and that file is not taken for an earlier report."""
    before = (work / "ada.toml").read_bytes()
    done = _run("check", "--key", "ws/answers.json", "ada.toml", "-f", "json", "-o", "ada.toml")
    assert done.exit_code == 2 and (work / "ada.toml").read_bytes() == before
    assert "removed" not in done.stderr and "left" not in done.stderr


def test_a_failed_run_into_dev_null_says_only_why_it_failed(work):
    """-o /dev/null is no earlier output: nothing is said of it (a reviewer saw "left /dev/null as it was")."""
    (work / "bad.toml").write_text('layers = [2, 3]\nactivation = "nope"\n', encoding="utf-8")
    done = _run("derive", "bad.toml", "-o", "/dev/null")
    assert done.exit_code == 2 and "left" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
