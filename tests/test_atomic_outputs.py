"""A run that fails writes nothing: a worksheet with exports is all or nothing (the sheet's folder,
the Moodle file, the CSV, the PrairieLearn folder), whether the failure is an unwritable export, an
error or an interruption while the files are moved into place; `derive -o` leaves no folder it
made; `check --min-digits` above `--digits` is refused.

The "earlier run" in a folder is written by the test itself (files saying "earlier ..."), so that
what must survive a failed run is known independently of symbp's output.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import symbp
from helpers import REPO, symbp_here
from symbp.errors import OutputError, SpecError

UNWRITABLE = "/proc/symbp-cannot-write-here.csv"  # /proc takes no new file, even for root
SHEET = ("worksheet.tex", "answer-key.tex", "answers.json", "answers-template.toml", "worksheet.pdf", "answer-key.pdf")


@pytest.fixture(scope="module")
def sheet():
    return symbp.worksheet(symbp.example("nn231"), variants=1, seed=5)


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under root (folders as None), with its bytes."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def earlier_run(root: Path) -> dict[str, bytes | None]:
    """A folder, a Moodle file, a CSV and a PrairieLearn folder as an earlier run left them."""
    (root / "d").mkdir()
    for name in SHEET:
        (root / "d" / name).write_text(f"earlier {name}\n")
    (root / "d" / "notes.txt").write_text("the instructor's own file\n")
    (root / "quiz.xml").write_text("earlier quiz\n")
    (root / "old.csv").write_text("earlier csv\n")
    (root / "pl").mkdir()
    (root / "pl" / "info.json").write_text("earlier info\n")
    return tree(root)


@pytest.mark.parametrize("exports", [
    {"csv": UNWRITABLE},
    {"moodle": UNWRITABLE},
    {"moodle": "new/quiz.xml", "prairielearn": "newpl/q1", "csv": UNWRITABLE},
    {"moodle": "quiz.xml", "prairielearn": "pl", "csv": "old.csv/x.csv"},  # a file where a folder should be
    {"csv": "new/../x.csv", "moodle": UNWRITABLE},  # the folder `new` made for the CSV is removed again
])
def test_unwritable_export_writes_nothing(sheet, tmp_path, monkeypatch, exports):
    monkeypatch.chdir(tmp_path)
    before = earlier_run(tmp_path)
    for folder in ("fresh", "d"):  # a new folder is not made, an earlier run's is left as it was
        with pytest.raises(OutputError):
            sheet.save(folder, **exports)
        assert tree(tmp_path) == before  # byte-identical, no temporary file or new folder left


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
@pytest.mark.parametrize("at", [1, 3, 6])
def test_failure_while_moving_puts_everything_back(sheet, tmp_path, monkeypatch, failure, at):
    """The at-th rename into place fails: the ones before are undone."""
    import symbp.staging as staging

    monkeypatch.chdir(tmp_path)
    before = earlier_run(tmp_path)
    real, calls = os.replace, []

    def replace(source, target):
        if not Path(source).name.endswith(".old") and not Path(target).name.endswith(".old"):
            calls.append(target)  # a move into place, not a backup
            if len(calls) == at:
                raise failure
        return real(source, target)

    monkeypatch.setattr(staging.os, "replace", replace)
    with pytest.raises((OutputError, KeyboardInterrupt)):
        sheet.save("d", moodle="quiz.xml", prairielearn="pl", csv="new/x.csv")
    monkeypatch.setattr(staging.os, "replace", real)
    assert len(calls) == at
    assert tree(tmp_path) == before


def test_a_whole_run_replaces_the_earlier_one(sheet, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    earlier_run(tmp_path)
    written = sheet.save("d", moodle="quiz.xml", prairielearn="pl", csv="old.csv")
    for name, text in sheet.files.items():
        assert (tmp_path / "d" / name).read_text() == text
    assert not (tmp_path / "d" / "worksheet.pdf").exists()  # an earlier run's PDF, not this run's
    assert (tmp_path / "d" / "notes.txt").read_text() == "the instructor's own file\n"
    assert (tmp_path / "quiz.xml").read_text().startswith("<?xml")
    assert (tmp_path / "old.csv").read_text(encoding="utf-8-sig").startswith("variant,seed,")
    assert sorted(p.name for p in (tmp_path / "pl").iterdir()) == ["info.json", "question.html", "server.py",
                                                                   "symbp-question.json"]
    assert len(written) == 4 + 1 + 4 + 1
    assert not [p for p in tmp_path.rglob(".symbp*")]


def test_with_pdf_an_unwritable_export_is_refused_before_latex(sheet, tmp_path, monkeypatch, requires_tex):
    monkeypatch.chdir(tmp_path)
    before = earlier_run(tmp_path)
    with pytest.raises(OutputError):
        sheet.save("d", pdf=True, moodle=UNWRITABLE)
    assert tree(tmp_path) == before


def test_cli_refuses_an_unwritable_export_before_drawing(tmp_path):
    earlier_run(tmp_path)
    before = tree(tmp_path)
    for args in (["-o", "d", "--csv", UNWRITABLE], ["-o", "d2", "--pdf", "--moodle", UNWRITABLE],
                 ["-o", "d", "--moodle", "q.xml", "--prairielearn", "pl2", "--csv", UNWRITABLE]):
        done = symbp_here("worksheet", "--example", "nn231", "-n", "2", *args, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == f"symbp: {UNWRITABLE}: cannot be written: No such file or directory"
        assert tree(tmp_path) == before


def test_derive_leaves_no_folder_it_made(tmp_path):
    long = "x" * 300 + ".tex"  # longer than a file name may be
    done = symbp_here("derive", "--example", "nn231", "-o", f"new/sub/{long}", cwd=tmp_path)
    assert done.returncode == 2 and "File name too long" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_min_digits_above_digits_is_refused(tmp_path):
    answers = REPO / "examples" / "nn231-reference-answers.toml"
    done = symbp_here("check", "--example", "nn231", answers, "--digits", "4", "--min-digits", "9")
    assert done.returncode == 2
    assert done.stderr.startswith("symbp: --min-digits: 9 exceeds --digits (4)") and done.stdout == ""
    with pytest.raises(SpecError, match="min_digits: 5 exceeds digits"):
        symbp.check(symbp.example("nn231"), answers, digits=4, min_digits=5)
    report = symbp.check(symbp.example("nn231"), answers, digits=4, min_digits=4)  # as many as asked: accepted
    assert json.loads(report.to_json())["rule"]["min_digits"] == 4


def _significant(text: str) -> int:
    return len(text.replace(".", "").lstrip("0"))


@pytest.mark.parametrize("minimum", range(0, 16))
def test_the_printed_rule_s_example_is_true_for_every_minimum(minimum):
    """"{a} and {b} are right for {value}, {c} and {d} are not": a and b are the value rounded at
    the precision they are written with and show at least `minimum` digits; c and d show fewer."""
    from decimal import Decimal

    from symbp.agreement import rule_examples

    e = rule_examples(minimum)
    value = Decimal(e["value"])
    for right in (e["a"], e["b"]):
        step = Decimal(1).scaleb(Decimal(right).as_tuple().exponent)
        assert abs(Decimal(right) - value) <= step / 2 and _significant(right) >= minimum
    wrong = [x for x in (e["c"], e["d"]) if x is not None]
    assert len(wrong) == (2 if minimum >= 3 else 0)
    assert all(_significant(x) < minimum for x in wrong)


def test_the_report_states_the_rule_with_its_own_example():
    answers = REPO / "examples" / "nn231-reference-answers.toml"
    report = symbp.check(symbp.example("nn231"), answers, digits=5)  # at least 4 digits: 0.298 is too few
    text = " ".join(json.loads(report.to_json())["rule"]["text"].split())
    assert "at least 4 significant digits (digits asked: 5):" in text
    assert "0.298 and 0.2984 are right" not in text and ", 0.3 and 0.30 are not" not in text


def test_derive_o_into_a_missing_folder_makes_it_and_says_so(tmp_path):
    """-o new/sub/x.txt: the folders are made (as --out DIR is) and a line after "wrote" names each
    that did not exist, new and new/sub; into a folder that exists, no such line."""
    import tomllib

    progress = tomllib.loads((REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8"))["progress"]
    printed = symbp_here("derive", "--example", "mazur", cwd=tmp_path).stdout
    made = symbp_here("derive", "--example", "mazur", "-o", "new/sub/x.txt", cwd=tmp_path)
    assert made.returncode == 0 and (tmp_path / "new" / "sub" / "x.txt").read_text(encoding="utf-8") == printed
    assert made.stderr.splitlines() == [*[progress["made_folder"].format(folder=folder) for folder in ("new", "new/sub")],
                                        progress["wrote"].format(files="new/sub/x.txt")]  # made, then written into
    again = symbp_here("derive", "--example", "mazur", "-o", "new/sub/y.txt", cwd=tmp_path)
    assert again.stderr.splitlines() == [progress["wrote"].format(files="new/sub/y.txt")]


def test_worksheet_out_and_csv_into_missing_folders_say_so(tmp_path):
    """`symbp worksheet -o deep/a/ws --csv nodir/x.csv` made deep/a and nodir silently, where derive -o
    says so: every folder made is named now, before "wrote" — the one -o names too (it said deep/a
    but not deep/a/ws, which it made as well) — and so does `check --out` (into folders that
    exist, no such line)."""
    import tomllib

    progress = tomllib.loads((REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8"))["progress"]
    made = symbp_here("worksheet", "--example", "mazur", "-n", "1", "-o", "deep/a/ws", "--csv", "nodir/x.csv",
                      "--moodle", "deep/a/ws/q.xml", cwd=tmp_path)  # (q.xml's folder: the one -o names)
    assert made.returncode == 0 and (tmp_path / "nodir" / "x.csv").is_file(), made.stderr
    assert made.stderr.splitlines()[:-1] == [progress["made_folder"].format(folder=folder)
                                             for folder in ("deep", "deep/a", "deep/a/ws", "nodir")]
    assert made.stderr.splitlines()[-1].startswith(progress["wrote"].split("{")[0])  # made, then written into
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "ada.toml").write_text('a_0^1 = "0.5"\n', encoding="utf-8")
    marked = symbp_here("check", "--key", "deep/a/ws/answers.json", "class", "--out", "marks/week1", cwd=tmp_path)
    assert (tmp_path / "marks" / "week1" / "grades.csv").is_file(), marked.stderr
    assert [line for line in marked.stderr.splitlines() if not line.startswith("symbp: ")] == [
        progress["made_folder"].format(folder=folder) for folder in ("marks", "marks/week1")]
