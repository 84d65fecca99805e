"""Marking a class against a worksheet's answers.json (issue 8, point 6), end to end.

A 3-variant worksheet of Mazur's network; the students' numbers come from the careful student
(careful_student.py: the textbook equations in Decimal, independent of symbp's engine), so every
expected status and point total is known without asking `check`.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path
from decimal import Decimal

import pytest
from click.testing import CliRunner

from careful_student import CarefulStudent, as_text, written
from symbp.cli import main


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    out = tmp_path_factory.mktemp("sheet")
    result = CliRunner().invoke(main, ["worksheet", "--example", "mazur", "-n", "3", "--seed", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    return out, {str(v["id"]): v["spec"] for v in key["variants"]}


def bias_left_out_in_z_1_1(name, value, context):
    return written(sum(context["terms"], Decimal(0)), context["digits"]) if name == "z_1^1" else value


def answers_toml(answers: dict, student=None, variant=None) -> str:
    lines = ([f'student = "{student}"'] if student else []) + ([f"variant = {variant}"] if variant else [])
    return "\n".join(lines + [f'"{n}" = {as_text(v)}' for n, v in answers.items()]) + "\n"


@pytest.fixture(scope="module")
def marked_class(sheet, tmp_path_factory):
    out, specs = sheet
    folder = tmp_path_factory.mktemp("submissions")
    careful = {vid: CarefulStudent(spec, on_the_way=False).work() for vid, spec in specs.items()}  # what a sheet asks
    slipped = CarefulStudent(specs["2"], slip=bias_left_out_in_z_1_1, on_the_way=False).work()
    (folder / "ada.toml").write_text(answers_toml(careful["1"], "Ada Lovelace", 1), encoding="utf-8")
    (folder / "ben.toml").write_text(answers_toml(slipped, "Ben", 2), encoding="utf-8")
    (folder / "cy.json").write_text(json.dumps({"student": "Cy", "variant": "3",
                                                **{n: as_text(v) for n, v in careful["3"].items()}}), encoding="utf-8")
    (folder / "dan.toml").write_text(answers_toml(careful["1"], "Dan", 42), encoding="utf-8")
    (folder / "eve.toml").write_text('student = "Eve"\nz_0^1 = 0.3\n', encoding="utf-8")  # unquoted name: not TOML
    (folder / "fay.toml").write_text(answers_toml(careful["2"], "Fay"), encoding="utf-8")  # no variant
    (folder / "notes.txt").write_text("not a submission\n", encoding="utf-8")
    marks = tmp_path_factory.mktemp("marked")
    result = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), str(folder), "--out", str(marks)])
    rows = {row["file"]: row for row in csv.DictReader(io.StringIO((marks / "grades.csv").read_text(encoding="utf-8-sig")))}
    return result, rows, marks, careful, slipped


def test_class_exit_code_is_2_when_a_file_could_not_be_marked(marked_class):
    result, *_ = marked_class
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_one_row_per_answers_file(marked_class):
    _, rows, *_ = marked_class
    assert sorted(rows) == ["ada.toml", "ben.toml", "cy.json", "dan.toml", "eve.toml", "fay.toml"]


def test_correct_students_get_every_point(marked_class):
    _, rows, _, careful, _ = marked_class
    for file, student, variant in (("ada.toml", "Ada Lovelace", "1"), ("cy.json", "Cy", "3")):
        row = rows[file]
        assert (row["student"], row["variant"], row["error"]) == (student, variant, "")
        assert row["points"] == row["possible"] == str(len(careful[variant])), row  # every quantity asked
        assert {row[name] for name in careful[variant]} == {"correct"}


def test_one_slip_costs_exactly_one_point(marked_class):
    _, rows, _, careful, slipped = marked_class
    row = rows["ben.toml"]
    assert row["z_1^1"] == "wrong"
    assert int(row["points"]) == len(careful["2"]) - 1 and row["wrong"] == "1"
    changed = {n for n in slipped if slipped[n] != careful["2"][n]} - {"z_1^1"}
    assert changed and all(row[n] in ("carried", "correct") for n in changed)
    assert any(row[n] == "carried" for n in changed)


def test_bad_files_are_rows_with_the_reason(marked_class):
    _, rows, *_ = marked_class
    assert "42 is not a variant" in rows["dan.toml"]["error"] and rows["dan.toml"]["student"] == "Dan"
    assert "not valid TOML" in rows["eve.toml"]["error"]
    assert "which variant" in rows["fay.toml"]["error"]
    assert all(rows[f]["points"] == "" for f in ("dan.toml", "eve.toml", "fay.toml"))
    # what the file names, where it can be read: Dan's variant 42 (not the key's); Eve's file is not TOML
    assert rows["dan.toml"]["variant"] == "42" and (rows["eve.toml"]["student"], rows["eve.toml"]["variant"]) == ("", "")
    assert rows["fay.toml"]["variant"] == ""  # (it names none)


def test_a_report_per_marked_student(marked_class):
    result, _, marks, *_ = marked_class
    assert sorted(p.name for p in marks.iterdir()) == [".symbp-reports", "ada.txt", "ben.txt", "cy.txt", "grades.csv"]
    ben = (marks / "ben.txt").read_text(encoding="utf-8")
    assert "variant 2" in ben and "Student: Ben" in ben and "likely slip: bias left out" in ben
    assert "notes.txt" in result.output  # skipped, and said so


def test_one_file_against_the_key(sheet, tmp_path):
    out, specs = sheet
    path = tmp_path / "ben.toml"
    path.write_text(answers_toml(CarefulStudent(specs["2"], slip=bias_left_out_in_z_1_1).work()), encoding="utf-8")
    key = str(out / "answers.json")
    result = CliRunner().invoke(main, ["check", "--key", key, "--variant", "2", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["variant"] == "2" and report["quantities"]["z_1^1"]["status"] == "wrong"
    # the same numbers are not variant 1's
    other = json.loads(CliRunner().invoke(main, ["check", "--key", key, "--variant", "1", str(path), "-f", "json"]).output)
    assert other["summary"]["wrong"] > 1
    # a file that names another variant than --variant: marked as --variant says (a student who wrote the
    # wrong number, re-marked without editing the file handed in; was refused), and said on stderr
    path.write_text(answers_toml(CarefulStudent(specs["2"]).work(), "Ben", 3), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", key, "--variant", "2", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["variant"] == "2" and json.loads(result.stdout)["summary"]["wrong"] == 0
    assert "ben.toml names variant 3: marked as variant 2, as --variant says" in result.stderr
    as_named = CliRunner().invoke(main, ["check", "--key", key, str(path), "-f", "json"])  # without it: variant 3's
    assert as_named.exit_code == 1 and json.loads(as_named.stdout)["variant"] == "3" and "names variant" not in as_named.stderr


def test_an_edited_key_is_refused(sheet, tmp_path):
    out, specs = sheet
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    key["variants"][0]["exact"]["L"] = "0.5"
    edited = tmp_path / "answers.json"
    edited.write_text(json.dumps(key), encoding="utf-8")
    path = tmp_path / "ada.toml"
    path.write_text(answers_toml({}, "Ada", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(edited), str(path)])
    assert result.exit_code == 2 and "was the key edited" in result.output


@pytest.mark.parametrize("edit, says", [
    (lambda text: text.replace('"variants": [', '"digits": 4, "variants": [', 1), "given twice"),  # a key twice
    (lambda text: text.replace('"variants": [', '"variants": [{"id": "1"}, ', 1), "variant id '1' is given twice"),
])
def test_a_key_with_something_twice_is_refused(sheet, tmp_path, edit, says):
    out, _ = sheet
    text = (out / "answers.json").read_text(encoding="utf-8")
    assert '"variants": [' in text and '"digits"' in text
    edited = tmp_path / "answers.json"
    edited.write_text(edit(text), encoding="utf-8")
    path = tmp_path / "ada.toml"
    path.write_text(answers_toml({}, "Ada", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(edited), str(path)])
    assert result.exit_code == 2 and says in result.output and "Traceback" not in result.output


def test_a_submission_cannot_give_itself_points(sheet, tmp_path):
    out, _ = sheet
    path = tmp_path / "a.toml"
    path.write_text('variant = 1\n"L" = 0.3\n[points]\ndefault = 0\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), str(path)])
    assert result.exit_code == 2 and "points" in result.output


def test_the_worksheet_writes_a_template_naming_student_and_variant(sheet):
    import tomllib

    out, specs = sheet
    table = tomllib.loads((out / "answers-template.toml").read_text(encoding="utf-8"))
    assert table.pop("student") == "" and table.pop("variant") == ""
    assert len(table.pop("sheet-id")) == 8  # (the sheet's id: tests/test_sheet_id.py)
    assert sorted(table) == sorted(CarefulStudent(specs["1"], on_the_way=False).work())


def test_class_pdfs_show_who_and_the_score(sheet, tmp_path, requires_tex):
    out, specs = sheet
    folder = tmp_path / "subs"
    folder.mkdir()
    answers = CarefulStudent(specs["2"], slip=bias_left_out_in_z_1_1, on_the_way=False).work()
    (folder / "ben.toml").write_text(answers_toml(answers, "Ben Example", 2), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), str(folder),
                                       "--out", str(tmp_path / "marked"), "--pdf"])
    assert result.exit_code == 1, result.output
    pdf = tmp_path / "marked" / "ben.pdf"
    assert pdf.stat().st_size > 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        possible = len(answers)
        assert "Ben Example" in text and f"Score: {possible - 1} of {possible} points" in text
        assert "Likely slip: bias left out" in text and "Legend." in text


def test_a_latex_failure_keeps_the_tex_and_exits_with_latexs_code(sheet, tmp_path, requires_tex):
    from helpers import EXAMPLE_NN231, REPO
    from symbp.render.pdf import LatexError

    own = tmp_path / "mine" / "tex"
    own.mkdir(parents=True)
    (own / "check.tex.jinja").write_text("\\documentclass{article}\\begin{document}\\undefinedcoursemacro\\end{document}\n")
    target = tmp_path / "report.tex"
    result = CliRunner().invoke(main, ["check", str(EXAMPLE_NN231), str(REPO / "examples" / "nn231-reference-answers.toml"),
                                       "--pdf", "-o", str(target), "--templates", str(tmp_path / "mine")])
    assert result.exit_code == LatexError.exit_code != 0
    assert target.exists() and not target.with_suffix(".pdf").exists()
    # a class: the CSV and every .tex are written, the PDFs that fail are missing
    out, specs = sheet
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "ada.toml").write_text(answers_toml(CarefulStudent(specs["1"], on_the_way=False).work(), "Ada", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), str(folder), "--pdf",
                                       "--out", str(tmp_path / "marked"), "--templates", str(tmp_path / "mine")])
    assert result.exit_code == LatexError.exit_code
    assert (tmp_path / "marked" / "grades.csv").exists() and (tmp_path / "marked" / "ada.tex").exists()
    assert not (tmp_path / "marked" / "ada.pdf").exists()


def test_a_spec_or_derives_key_in_the_class_folder_is_named_not_marked(sheet, tmp_path):
    """net.toml or derive's JSON key among the submissions: NOT MARKED, named for what it is (it said
    "variant: which variant?…"); the worksheet's key is the --key (the `sheet` fixture)."""
    from test_check_key_other_file import FILES

    from helpers import symbp_here
    from symbp.key_sniff import KINDS

    out, _ = sheet
    for name in ("net.toml", "net.json"):
        (tmp_path / name).write_text(FILES[name][0], encoding="utf-8")
    listed = symbp_here("check", "--key", out / "answers.json", tmp_path, "--out", tmp_path / "marked")
    assert listed.returncode == 2, listed.stderr
    for name, kind in (("net.toml", "spec"), ("net.json", "derive_key")):
        row = next(line for line in listed.stdout.splitlines() if line.strip().startswith(name))
        assert f"NOT MARKED: {KINDS[kind]}, not answers to mark" in row, row


def test_the_worksheets_own_files_in_the_class_folder_are_not_marked(sheet, tmp_path):
    """Students' files put into the worksheet's own folder (or a copy of it): answers.json and the blank
    answers-template.toml beside them were two NOT MARKED rows and exit 2 (a new user's class run).  A
    byte-for-byte copy of the --key and the blank template under its own name are the sheet's own
    files: listed as not marked, exit 0.  Another worksheet's key, a filled-in file named like the
    template, and a blank template under another name are still rows that say what they are."""
    from helpers import symbp_command, symbp_here

    out, specs = sheet
    folder = tmp_path / "week5"
    shutil.copytree(out, folder)
    careful = CarefulStudent(specs["1"], on_the_way=False).work()
    (folder / "ada.toml").write_text(answers_toml(careful, "Ada", 1), encoding="utf-8")
    for key in (out / "answers.json", folder / "answers.json"):  # the key elsewhere, or the folder's own
        listed = symbp_here("check", "--key", key, folder, "--out", tmp_path / "marked")
        assert listed.returncode == 0, (listed.stdout, listed.stderr)
        assert "NOT MARKED" not in listed.stdout and "Marked 1 of 1 answers file" in listed.stdout, listed.stdout
        # the key itself in the folder is named too (note 45: it was left out without a word)
        assert "the blank answers template): answers.json, answers-template.toml\n" in listed.stdout, listed.stdout
    # a copy saved again (other line endings, the JSON written anew) is the key too; so with --key - (stdin)
    text = (out / "answers.json").read_text(encoding="utf-8")
    (folder / "answers.json").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    (folder / "resaved.json").write_text(json.dumps(json.loads(text)), encoding="utf-8")
    with open(out / "answers.json", "rb") as stdin:
        listed = subprocess.run([*symbp_command(), "check", "--key", "-", str(folder), "--out", str(tmp_path / "m2")],
                                stdin=stdin, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, (listed.stdout, listed.stderr)
    assert "template): answers.json, answers-template.toml, resaved.json\n" in listed.stdout, listed.stdout
    (folder / "resaved.json").unlink()
    # a copy edited (its seal kept) is no copy: a row (a second reviewer: it was skipped as the key)
    edited = json.loads(text)
    edited["variants"][0]["carried"] = {name: "0" for name in edited["variants"][0]["carried"]}
    (folder / "edited.json").write_text(json.dumps(edited, indent=2), encoding="utf-8")
    listed = symbp_here("check", "--key", out / "answers.json", folder, "--out", tmp_path / "m3")
    assert listed.returncode == 2 and "  edited.json " in listed.stdout and "answers.json, edited" not in listed.stdout
    (folder / "edited.json").unlink()

    other = tmp_path / "other"  # another worksheet's key; the template filled in; a blank one renamed
    assert CliRunner().invoke(main, ["worksheet", "--example", "mazur", "-n", "3", "--seed", "6", "--out",
                                     str(other)]).exit_code == 0
    shutil.copy(other / "answers.json", folder / "answers.json")
    template = (folder / "answers-template.toml").read_text(encoding="utf-8")
    (folder / "blank.toml").write_text(template, encoding="utf-8")
    (folder / "answers-template.toml").write_text(template.replace('student = ""', 'student = "Bo"', 1),
                                                  encoding="utf-8")
    listed = symbp_here("check", "--key", out / "answers.json", folder, "--out", tmp_path / "marked")
    assert listed.returncode == 2
    rows = {line.split()[0]: line for line in listed.stdout.splitlines() if line.startswith("  ")}
    assert rows.keys() == {"ada.toml", "answers-template.toml", "answers.json", "blank.toml"}, listed.stdout
    assert "pass it with --key" in rows["answers.json"] and "every value is blank" in rows["blank.toml"]
    assert "NOT MARKED" in rows["answers-template.toml"] and "Not marked (the worksheet's own" not in listed.stdout


def test_the_listing_says_how_many_values_were_not_given(sheet, tmp_path):
    # "47 of 48 points" and nothing more for a file with a value left blank (a new user: only the report
    # and grades.csv said why); the listing now says ", 1 not given", as it says ", 1 wrong".
    from helpers import symbp_here

    out, specs = sheet
    careful = CarefulStudent(specs["1"], on_the_way=False).work()
    first = next(iter(careful))
    (tmp_path / "cem.toml").write_text(answers_toml({n: v for n, v in careful.items() if n != first}, "Cem", 1)
                                       + f'"{first}" = ""\n', encoding="utf-8")
    (tmp_path / "ada.toml").write_text(answers_toml(careful, "Ada", 1), encoding="utf-8")
    listed = symbp_here("check", "--key", out / "answers.json", tmp_path, "--out", tmp_path / "marked")
    rows = {line.split()[0]: line for line in listed.stdout.splitlines() if line.startswith("  ")}
    assert rows["cem.toml"].endswith("points, 1 not given") and rows["ada.toml"].endswith(" points"), listed.stdout


def test_a_class_past_its_time_budget_keeps_the_files_marked_so_far(sheet, tmp_path, monkeypatch):
    """A few slow files (a wholly wrong answers file of the largest network takes ~30 s) spent the
    whole budget and the class got nothing: "stopped after 600 s", no grades.csv.  Now the marking
    has half of the budget left (80 % until the new user's 100-file run, stop 48): the files it marked keep their marks and reports; the file it was on
    and those after it are listed NOT MARKED, saying why (exit code 2).  Here Bo's file stands for a
    slow one (marking it sleeps; the real case was run by hand: the note quotes it)."""
    import time

    import symbp.grading

    out, specs = sheet
    folder = tmp_path / "submissions"
    folder.mkdir()
    careful = CarefulStudent(specs["1"], on_the_way=False).work()
    for student in ("al", "bo", "cy"):
        (folder / f"{student}.toml").write_text(answers_toml(careful, student.title(), 1), encoding="utf-8")
    mark = symbp.grading.mark_submission

    def slow_for_bo(key, path, *args, **kwargs):
        if path.name == "bo.toml":
            time.sleep(60)
        return mark(key, path, *args, **kwargs)

    monkeypatch.setattr(symbp.grading, "mark_submission", slow_for_bo)
    started = time.monotonic()
    marks = tmp_path / "marked"
    result = CliRunner().invoke(main, ["--time-limit", "4", "check", "--key", str(out / "answers.json"), str(folder),
                                       "--out", str(marks)])
    assert time.monotonic() - started < 4 + 2 and result.exit_code == 2, result.output
    rows = {row["file"]: row for row in csv.DictReader(io.StringIO((marks / "grades.csv").read_text(encoding="utf-8-sig")))}
    assert rows["al.toml"]["points"] == rows["al.toml"]["possible"] == str(len(careful)) and not rows["al.toml"]["error"]
    for late in ("bo.toml", "cy.toml"):
        assert rows[late]["points"] == "" and rows[late]["student"] == "", rows[late]  # (not read again: see below)
        assert "the time budget ran out before it was marked (1 of 3 files marked" in rows[late]["error"]
        assert "--time-limit SECONDS" in rows[late]["error"]
    assert sorted(p.name for p in marks.iterdir() if not p.name.startswith(".")) == ["al.txt", "grades.csv"]
    assert "NOT MARKED: the time budget ran out" in " ".join(result.stdout.split())
    assert "Traceback" not in result.output


def test_a_file_not_reached_says_why_in_the_reports_language(sheet, tmp_path, monkeypatch):
    """The reason a file was not marked for lack of time was English in a German class's grades.csv
    (stop 48's note): it comes from the catalogue now (grades.not_reached)."""
    from symbp.i18n import get

    out, folder = _slow_class(sheet, tmp_path, monkeypatch, slow="bo.toml")
    marks = tmp_path / "marked"
    result = CliRunner().invoke(main, ["--time-limit", "3", "check", "--key", str(out / "answers.json"), str(folder),
                                       "--out", str(marks), "--locale", "de"])
    assert result.exit_code == 2, result.output
    text = (marks / "grades.csv").read_text(encoding="utf-8-sig")
    words = {code: get(code).message("grades.not_reached", done=1, total=3, seconds="0", share="50").split("(")[0]
             for code in ("de", "en")}
    assert words["de"] in text and "1 von 3 Dateien" in text and words["en"] not in text, text


def _slow_class(sheet, tmp_path, monkeypatch, slow: str, reads: list | None = None):
    """Three right answers files, marking `slow` sleeping; every read of an answers file counted in `reads`."""
    import importlib
    import time

    import symbp.grading

    check_module = importlib.import_module("symbp.check")  # (symbp.check is also the API's function)
    out, specs = sheet
    folder = tmp_path / "submissions"
    folder.mkdir(exist_ok=True)
    careful = CarefulStudent(specs["1"], on_the_way=False).work()
    for student in ("al", "bo", "cy"):
        (folder / f"{student}.toml").write_text(answers_toml(careful, student.title(), 1), encoding="utf-8")
    mark, read = symbp.grading.mark_submission, check_module.read_answers_file

    def slow_one(key, path, *args, **kwargs):
        if path.name == slow:
            time.sleep(60)
        return mark(key, path, *args, **kwargs)

    def counted(path, *args):
        if reads is not None:
            reads.append(Path(path).name)
        return read(path, *args)

    monkeypatch.setattr(symbp.grading, "mark_submission", slow_one)
    monkeypatch.setattr(check_module, "read_answers_file", counted)
    named_in = symbp.grading._named_in
    monkeypatch.setattr(symbp.grading, "_named_in", lambda path: (counted(path), named_in(path))[1])
    return out, folder


def test_a_rerun_past_its_time_budget_keeps_the_earlier_reports_of_the_files_it_did_not_reach(sheet, tmp_path,
                                                                                              monkeypatch):
    """A hostile reviewer (stop 48): a re-run with too short a --time-limit removed every earlier report of
    the files it did not reach ("removed (an earlier run's report of a file not marked now)") — the first
    run's marks destroyed by a second that ran out of time.  They stay now; and the files not reached are
    not read again (a file that takes long to read spent the rest of the budget, and nothing was written)."""
    out, folder = _slow_class(sheet, tmp_path, monkeypatch, slow="none")
    marks = tmp_path / "marked"
    first = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), str(folder), "--out", str(marks)])
    assert first.exit_code == 0, first.output
    earlier = {name: (marks / name).read_text(encoding="utf-8") for name in ("al.txt", "bo.txt", "cy.txt")}
    reads: list = []
    out, folder = _slow_class(sheet, tmp_path, monkeypatch, slow="bo.toml", reads=reads)
    second = CliRunner().invoke(main, ["--time-limit", "4", "check", "--key", str(out / "answers.json"), str(folder),
                                       "--out", str(marks)])
    assert second.exit_code == 2 and "removed" not in second.stderr, second.stderr
    assert {name: (marks / name).read_text(encoding="utf-8") for name in earlier} == earlier
    assert reads == ["al.toml"]  # bo's marking ran out of time before reading it, cy not reached: neither read again


def test_the_python_api_leaves_its_callers_timer_alone(sheet, tmp_path, monkeypatch):
    """check_class under the caller's own SIGALRM timer took it for symbp's budget and listed files NOT
    MARKED "allow more time with --time-limit" (a hostile reviewer, stop 48): only symbp's own budget is
    divided; the caller's timer, handler and interval are as they were."""
    import signal

    import symbp

    out, folder = _slow_class(sheet, tmp_path, monkeypatch, slow="none")
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30, 1.0)
        report = symbp.check_class(symbp.load_key(out / "answers.json"), folder)
        left, interval = signal.getitimer(signal.ITIMER_REAL)
        assert not report.errors and 0 < left <= 30 and interval == 1.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("code", ["de", "fr"])
def test_a_class_in_german_or_french_says_on_stderr_what_it_did_not_read(sheet, tmp_path, code):
    """The stderr lines of a class run (a folder or hidden name not read, files not marked, an earlier report
    removed) were English in a German class (this stop's new user): from the catalogue now."""
    from symbp.i18n import get

    out, specs = sheet
    folder = tmp_path / "class"
    (folder / "late").mkdir(parents=True)
    (folder / ".draft.toml").write_text('variant = 1\n"z_0^1" = 1\n', encoding="utf-8")
    (folder / "ada.toml").write_text('variant = 1\n"z_9^1" = 1\n', encoding="utf-8")  # no such value: not marked
    result = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), str(folder), "--out",
                                       str(tmp_path / "marked"), "--locale", code])
    assert result.exit_code == 2, result.output
    catalogue = get(code)
    for key in ("class_folder_not_read", "class_hidden_not_read", "class_not_marked"):
        words = catalogue.message(f"progress.{key}", folder="F", parent="P", name="N", files="X").split(": ", 1)[1]
        assert words.split("(")[0].strip() in result.stderr, (key, result.stderr)
    assert "not read" not in result.stderr and "not marked" not in result.stderr
