"""A class run and what its students wrote as their names (review 33): a name pdflatex cannot
typeset (王小明, an emoji) is shown in the PDF as its code points and kept as written elsewhere;
one student's report that cannot be made is named and the others are written; a name that starts
a spreadsheet formula is neutralized in grades.csv; the terminal listing stays in columns.

The students' numbers come from the careful student (careful_student.py, independent of symbp's
engine), so a perfect file is known perfect without asking `check`.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from careful_student import CarefulStudent, as_text
from symbp.cli import main
from test_check_class import sheet  # noqa: F401 (a fixture: the worksheet)


@pytest.fixture(scope="module")
def sheet_key(sheet):
    """(answers.json of test_check_class's 3-variant Mazur sheet, each variant's careful answers)."""
    out, specs = sheet
    return out / "answers.json", {vid: CarefulStudent(spec, on_the_way=False).work() for vid, spec in specs.items()}


def answers_toml(answers: dict, student: str, variant) -> str:
    lines = [f"student = {json.dumps(student, ensure_ascii=False)}", f"variant = {variant}"]
    return "\n".join(lines + [f'"{n}" = {as_text(v)}' for n, v in answers.items()]) + "\n"


def class_folder(tmp_path, careful, students: dict):
    """students: file name -> (name, variant written, variant worked)."""
    folder = tmp_path / "subs"
    folder.mkdir()
    for file, (student, variant, worked) in students.items():
        (folder / file).write_text(answers_toml(careful[worked], student, variant), encoding="utf-8")
    return folder


def run(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


UNTYPESETTABLE = {"ada.toml": ("Ada Lovelace", 1, "1"), "wang.toml": ("王小明", 2, "2"), "zoe.toml": ("Zoë 🙂", 3, "3")}


def test_a_name_pdflatex_cannot_typeset_does_not_stop_the_class(sheet_key, tmp_path, requires_tex):
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, UNTYPESETTABLE)
    result = run("--key", key, folder, "--out", tmp_path / "marked", "--pdf")
    assert result.exit_code == 0, result.output  # every file is perfect
    for stem in ("ada", "wang", "zoe"):
        assert (tmp_path / "marked" / f"{stem}.pdf").stat().st_size > 0
    rows = {row["file"]: row for row in csv.DictReader(io.StringIO((tmp_path / "marked" / "grades.csv").read_text("utf-8-sig")))}
    assert rows["wang.toml"]["student"] == "王小明" and rows["zoe.toml"]["student"] == "Zoë 🙂"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "marked" / "wang.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "U+738B" in text and "U+5C0F" in text and "U+660E" in text
        text = subprocess.run(["pdftotext", str(tmp_path / "marked" / "zoe.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Zoë" in text and f"U+{ord('🙂'):04X}" in text


def test_the_text_report_keeps_the_name_as_written(sheet_key, tmp_path):
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, UNTYPESETTABLE)
    result = run("--key", key, folder, "--out", tmp_path / "marked")
    assert result.exit_code == 0, result.output
    assert "王小明" in (tmp_path / "marked" / "wang.txt").read_text(encoding="utf-8")
    tex = run("--key", key, folder / "wang.toml", "-f", "tex")
    assert tex.exit_code == 0 and "U+738B" in tex.output


def test_one_students_failing_pdf_is_named_and_the_others_are_made(sheet_key, tmp_path, requires_tex):
    from symbp.render.pdf import LatexError

    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, UNTYPESETTABLE)
    own = tmp_path / "mine" / "tex"
    own.mkdir(parents=True)
    (own / "check.tex.jinja").write_text(
        "\\documentclass{article}\\begin{document}<% if 'Ada' in student %>\\undefinedcoursemacro<% endif %>"
        "Marked.\\end{document}\n", encoding="utf-8")
    result = run("--key", key, folder, "--out", tmp_path / "marked", "--pdf", "--templates", tmp_path / "mine")
    assert result.exit_code == LatexError.exit_code
    assert not (tmp_path / "marked" / "ada.pdf").exists() and (tmp_path / "marked" / "ada.tex").exists()
    assert (tmp_path / "marked" / "wang.pdf").exists() and (tmp_path / "marked" / "zoe.pdf").exists()
    failed = [line for line in result.output.splitlines() if "ada.toml" in line and "PDF" in line]
    assert failed and "LaTeX failed" in failed[0]


def test_one_students_report_that_cannot_be_made_is_named_and_the_others_are_written(sheet_key, tmp_path):
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, UNTYPESETTABLE)
    own = tmp_path / "mine" / "text"
    own.mkdir(parents=True)
    (own / "check.txt.jinja").write_text("<% if 'Ada' in student %><%= no_such_field %><% endif %>Marked.\n",
                                         encoding="utf-8")
    result = run("--key", key, folder, "--out", tmp_path / "marked", "--templates", tmp_path / "mine")
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "marked" / "ada.txt").exists()
    assert (tmp_path / "marked" / "wang.txt").exists() and (tmp_path / "marked" / "grades.csv").exists()
    assert any("ada.toml" in line and "report was not made" in line for line in result.output.splitlines())


FORMULAS = {"hyper.toml": ('=HYPERLINK("http://x","a")', 1, "1"), "sum.toml": ("@SUM(A1:A9)", 2, "2"),
            "plus.toml": ("-2+3", 3, "3"), "tab.toml": ("\t=1+1", 1, "1")}


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_grades_csv_begins_no_cell_with_a_formula(sheet_key, tmp_path, locale):
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, FORMULAS)
    result = run("--key", key, folder, "--out", tmp_path / "marked", "--locale", locale)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "marked" / "grades.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if locale == "fr" else ","))
    students = {row[0]: row[1] for row in rows[1:]}
    for file, (student, *_) in FORMULAS.items():
        assert students[file] == "'" + student.strip()  # shown as text, as written (a name is read stripped)
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize("name, where, code", [("Jean\u200bDupont", 5, "U+200B"), ("Ana \u202eevil", 5, "U+202E"),
                                                ("Bo\x1b[31m", 3, "U+001B")])
def test_a_name_with_an_invisible_character_says_which_and_where(sheet_key, tmp_path, name, where, code):
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, {"ada.toml": ("Ada", 1, "1"), "jean.toml": (name, 2, "2")})
    result = run("--key", key, folder, "--out", tmp_path / "marked")
    assert result.exit_code == 2
    listed = next(line for line in result.output.splitlines() if line.lstrip().startswith("jean.toml"))
    assert f"{code}" in listed and f"at position {where} " in listed and "at most" not in listed, listed
    assert (tmp_path / "marked" / "ada.txt").exists()


def test_a_long_name_says_how_long(sheet_key, tmp_path):
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, {"long.toml": ("Ab " * 80, 1, "1")})
    result = run("--key", key, folder, "--out", tmp_path / "marked")
    listed = next(line for line in result.output.splitlines() if line.lstrip().startswith("long.toml"))
    assert f"{len(('Ab ' * 80).strip())} characters" in listed and "at most 200" in listed, listed


def test_numbers_of_another_variant_are_said_so_and_not_re_marked(sheet_key, tmp_path):
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, {"ada.toml": ("Ada", 2, "1"), "ben.toml": ("Ben", 2, "2")})
    result = run("--key", key, folder, "--out", tmp_path / "marked")
    listed = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("  ")}
    assert "fit variant 1" in listed["ada.toml"] and "is the variant number right?" in listed["ada.toml"]
    assert "fit variant" not in listed["ben.toml"]  # right where it says: nothing to say
    rows = {row["file"]: row for row in csv.DictReader(io.StringIO((tmp_path / "marked" / "grades.csv").read_text("utf-8-sig")))}
    assert rows["ada.toml"]["variant"] == "2" and int(rows["ada.toml"]["correct"]) < len(careful["1"])  # as the file says
    report = (tmp_path / "marked" / "ada.txt").read_text(encoding="utf-8")
    assert "fit variant 1 far better than variant 2" in report
    one = run("--key", key, folder / "ada.toml", "-f", "json")
    fits = json.loads(one.output)["fits_variant"]
    assert fits["variant"] == "1" and fits["written"] == len(careful["1"]) and fits["fit"] >= 3 * fits["written"] // 4
    assert "fits_variant" not in json.loads(run("--key", key, folder / "ben.toml", "-f", "json").output)


def test_two_files_of_one_student_and_variant_are_flagged(sheet_key, tmp_path):
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, {"a1.toml": ("Jean Dupont", 1, "1"), "a2.toml": ("jean  dupont", 1, "1"),
                                              "b.toml": ("Jean Dupont", 2, "2")})
    result = run("--key", key, folder, "--out", tmp_path / "marked")
    listed = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("  ")}
    assert "same student and variant as a2.toml" in listed["a1.toml"]
    assert "same student and variant as a1.toml" in listed["a2.toml"]
    assert "same student" not in listed["b.toml"]  # another variant


def test_the_listing_keeps_its_columns_with_wide_and_long_names(sheet_key, tmp_path):
    from symbp.text_width import display_width

    key, careful = sheet_key
    long = "Maria-Fernanda de los Ángeles Guadalupe Concepción Ximénez-Ortíz y Bustamante"
    folder = class_folder(tmp_path, careful, {"a.toml": ("Ada", 1, "1"), "b.toml": ("王小明", 2, "2"),
                                              "c.toml": ("Zoë 🙂", 3, "3"), "d.toml": (long, 1, "1")})
    result = run("--key", key, folder, "--out", tmp_path / "marked")
    lines = [line for line in result.output.splitlines() if line.startswith("  ")]
    starts = {display_width(line[:line.index(" variant ")]) for line in lines}
    assert len(lines) == 4 and len(starts) == 1, lines  # "variant" in one column, counted in terminal columns
    assert "Maria-Fernanda" in lines[3] and "…" in lines[3] and long not in lines[3]


def test_reports_name_the_sheets_title(tmp_path):
    out = tmp_path / "sheet"
    made = CliRunner().invoke(main, ["worksheet", "--example", "mazur", "-n", "2", "--seed", "3", "--title",
                                     "Midterm: backprop", "--out", str(out)])
    assert made.exit_code == 0, made.output
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    assert key["variants"][0]["spec"].get("title") != "Midterm: backprop"  # the spec's own title is another
    answers = CarefulStudent(key["variants"][0]["spec"], on_the_way=False).work()
    (tmp_path / "ada.toml").write_text(answers_toml(answers, "Ada", 1), encoding="utf-8")
    for fmt in ("text", "tex"):
        report = run("--key", out / "answers.json", tmp_path / "ada.toml", "-f", fmt)
        assert report.exit_code == 0 and "Midterm: backprop" in report.output, report.output
    edited = (out / "answers.json").read_text(encoding="utf-8").replace("Midterm: backprop", "Final: backprop")
    (out / "answers.json").write_text(edited, encoding="utf-8")
    refused = run("--key", out / "answers.json", tmp_path / "ada.toml")
    assert refused.exit_code == 2 and "title" in refused.output and "edited" in refused.output
