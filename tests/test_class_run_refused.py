"""A class's `check --key KEY FOLDER --out DIR` that is refused (an edited key, a folder with no answers file)
removes the reports and grades.csv an earlier run wrote into DIR and says so in one line: left, they passed for
this run's marks (the stop-65 hostile-input tester's HIGH; the one-file form already withdrew its -o report). A file
symbp did not write there, or a report edited by hand since, stays."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.fixture()
def marked(tmp_path):
    sheet, folder, out = tmp_path / "sheet", tmp_path / "class", tmp_path / "marked"
    done = CliRunner().invoke(main, ["worksheet", "--example", "mazur", "-n", "2", "--seed", "5", "--out", str(sheet)])
    assert done.exit_code == 0, done.output
    folder.mkdir()
    for name, variant in (("ada", 1), ("ben", 2)):
        (folder / f"{name}.toml").write_text(f'student = "{name}"\nvariant = {variant}\n"z_0^1" = "0.3"\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)])
    assert done.exit_code in (0, 1), done.output
    assert {p.name for p in out.iterdir()} >= {"grades.csv", "ada.txt", "ben.txt"}
    (out / "my-notes.txt").write_text("the instructor's own file\n", encoding="utf-8")
    return sheet, folder, out


def _refused(args) -> str:
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2, done.output
    return done.output


def test_an_edited_key_removes_the_earlier_marks(marked):
    sheet, folder, out = marked
    key = json.loads((sheet / "answers.json").read_text(encoding="utf-8"))
    key["variants"][0]["exact"]["L"] = "0.5"
    (sheet / "answers.json").write_text(json.dumps(key), encoding="utf-8")
    said = _refused(["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)])
    assert "was the key edited" in said
    assert "removed grades.csv and 2 reports of an earlier run" in said, said
    assert sorted(p.name for p in out.iterdir()) == ["my-notes.txt"]


def test_an_empty_folder_removes_the_earlier_marks_but_not_an_edited_report(marked):
    sheet, folder, out = marked
    (out / "ben.txt").write_text((out / "ben.txt").read_text(encoding="utf-8") + "seen by the instructor\n",
                                 encoding="utf-8")
    for answers in folder.iterdir():
        answers.unlink()
    said = _refused(["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)])
    assert "no answers file" in said and "removed grades.csv and 1 report of an earlier run" in said, said
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["ben.txt", "my-notes.txt"]
    (folder / "ben.toml").write_text('student = "ben"\nvariant = 2\n"z_0^1" = "0.3"\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)])
    assert done.exit_code in (0, 1), done.output  # (the edited report is still symbp's to write again)
    assert "seen by the instructor" not in (out / "ben.txt").read_text(encoding="utf-8")


def test_a_run_that_marks_keeps_going_as_before(marked):
    sheet, folder, out = marked
    done = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)])
    assert done.exit_code in (0, 1) and "removed" not in done.output, done.output
    assert {p.name for p in out.iterdir()} >= {"grades.csv", "ada.txt", "ben.txt", "my-notes.txt"}


def test_a_mistyped_key_path_keeps_the_earlier_marks(marked):
    sheet, folder, out = marked
    for key in (sheet / "answer.json", sheet / "answers-template.toml"):  # (the second reviewer's MEDIUM)
        said = _refused(["check", "--key", str(key), str(folder), "--out", str(out)])
        assert "removed" not in said, said
        assert {p.name for p in out.iterdir()} >= {"grades.csv", "ada.txt", "ben.txt"}


def test_the_same_run_stopped_after_saving_keeps_its_own_reports(marked, monkeypatch):
    """The same class marked again with --pdf (its record byte for byte the earlier run's) and stopped while its PDFs
    compile: its own new reports stay (the second reviewer's HIGH: compared by bytes, they were withdrawn)."""
    import symbp.api.marks
    from symbp.errors import TimeBudgetExceeded

    sheet, folder, out = marked
    monkeypatch.setattr("symbp.api.files.require_tex", lambda: None)  # (no pdflatex run: the compile is replaced)
    monkeypatch.setattr(symbp.api.marks, "_compile_all", lambda *a, **k: [])
    args = ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out), "--pdf"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code in (0, 1), done.output
    record = (out / ".symbp-reports").read_bytes()

    def stopped(*a, **k):
        raise TimeBudgetExceeded("stopped after 3 s, the time budget")

    monkeypatch.setattr(symbp.api.marks, "_compile_all", stopped)
    said = _refused(args)
    assert (out / ".symbp-reports").read_bytes() == record  # (the same bytes: this run's own record)
    assert "removed" not in said, said
    assert {p.name for p in out.iterdir()} >= {"grades.csv", "ada.tex", "ben.tex"}
