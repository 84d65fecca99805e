"""A class as the instructor reads it: the summary says why a file was not marked (not only
stderr and grades.csv), and which value of a marked file could not be read (one unreadable number
no longer leaves the rest of the file unmarked), and the class is listed in natural name order
(s1, s2, s10, not s1, s10, s2) — in the summary, grades.csv, the Jupyter table and the stderr line,
which names the files not marked once the listing has said why."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import cli_runner, not_read
from symbp.cli import main


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    sheet = tmp_path_factory.mktemp("sheet")
    result = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", "1", "--out", str(sheet)])
    assert result.exit_code == 0, result.stderr
    folder = tmp_path_factory.mktemp("class")
    for student in ("s10", "s2", "s1", "s9b", "s9a"):
        (folder / f"{student}.toml").write_text(f'student = "{student}"\nvariant = 1\n"z_0^1" = 0.5\n', encoding="utf-8")
    key = json.loads((sheet / "answers.json").read_text(encoding="utf-8"))
    z = next(v for v in key["variants"] if str(v["id"]) == "1")["exact"]["z_1^1"]  # the key's own: correct
    (folder / "s3.toml").write_text(f'variant = 1\n"z_0^1" = "abc"\n"z_1^1" = "{z}"\n', encoding="utf-8")  # marked
    (folder / "s4.toml").write_text('variant = 1\n"z_9^1" = 1\n', encoding="utf-8")  # no such quantity: not marked
    (folder / "s20.toml").write_text('student = "T"\n"z_0^1" = 1\n', encoding="utf-8")  # no variant
    out = tmp_path_factory.mktemp("marked")
    result = cli_runner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)])
    return result, out, folder, sheet


ORDER = ["s1.toml", "s2.toml", "s3.toml", "s4.toml", "s9a.toml", "s9b.toml", "s10.toml", "s20.toml"]


def test_the_summary_gives_the_reason(marked):
    result, out = marked[0], marked[1]
    assert result.exit_code == 2
    line = next(line for line in result.stdout.splitlines() if line.strip().startswith("s4.toml"))
    assert line.split("NOT MARKED: ", 1)[1].startswith("z_9^1: not a quantity of this network")
    # s3's unreadable z_0^1: the file is marked, its line flags the value, its report says why
    line = next(line for line in result.stdout.splitlines() if line.strip().startswith("s3.toml"))
    assert "NOT MARKED" not in line and line.endswith("; no number symbp can read for z_0^1 (marked as not given)")
    assert not_read((out / "s3.txt").read_text(encoding="utf-8")) == [
        "z_0^1: expected a number such as 0.47, \"-1.03\" or \"4.4·10^-5\", got \"abc\""]
    rows = {row["file"]: row for row in csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8-sig")))}
    flag = "no number symbp can read for z_0^1 (marked as not given)"
    assert (rows["s3.toml"]["error"], rows["s3.toml"]["flags"]) == ("", flag)
    assert (rows["s3.toml"]["z_0^1"], rows["s3.toml"]["z_1^1"]) == ("not_given", "correct")
    line = next(line for line in result.stdout.splitlines() if line.strip().startswith("s20.toml"))
    assert "NOT MARKED: variant: which variant?" in line
    assert "see below" not in result.stdout


def test_the_summary_lists_the_class_in_natural_order(marked):
    result = marked[0]
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  s")]
    assert listed == ORDER


def test_natural_order_reads_the_name_before_its_extension():
    """dotted2.toml came before dotted.toml ("dotted" + "2" against "dotted.toml", stop 48's new user)."""
    from pathlib import Path

    from symbp.grading import natural_order

    names = ["dotted10.toml", "dotted.toml", "s1.toml", "dotted2.toml", "s1.json", "s01b.toml", "dotted2a.toml",
             "answers-template.toml", "answers.json"]
    assert sorted(names, key=lambda name: natural_order(Path(name))) == [  # GNU ls -v's order of these files
        "answers.json", "answers-template.toml", "dotted.toml", "dotted2.toml", "dotted2a.toml", "dotted10.toml",
        "s1.json", "s1.toml", "s01b.toml"]
    # a superscript two is a digit to str.isdigit but no number to int(); Arabic-Indic digits are numbers
    assert sorted(["s²1.toml", "s\u0661\u0662.toml", "s10.toml", "s2.toml"], key=lambda name: natural_order(Path(name))) == [
        "s2.toml", "s10.toml", "s\u0661\u0662.toml", "s²1.toml"]


def test_grades_csv_in_natural_order(marked):
    out = marked[1]
    rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8-sig"))))
    assert [row["file"] for row in rows] == ORDER


def test_stderr_in_natural_order(marked):
    result = marked[0]
    assert result.stderr.splitlines()[-1].rsplit(": ", 1)[1].split(", ") == ["s4.toml", "s20.toml"]


def test_each_reason_is_said_once(marked):
    """The listing says why a file was not marked; stderr only names the files (exit code 2): a
    terminal shows each reason once."""
    result = marked[0]
    reasons = [line.split("NOT MARKED: ", 1)[1] for line in result.stdout.splitlines() if "NOT MARKED: " in line]
    assert len(reasons) == 2
    for reason in reasons:
        assert reason not in result.stderr


def test_the_jupyter_table_in_natural_order(marked):
    import symbp

    _, _, folder, sheet = marked
    html = symbp.check_class(symbp.load_key(sheet / "answers.json"), folder)._repr_html_()
    places = [html.index(f"<code>{name}</code>") for name in ORDER]
    assert places == sorted(places)


def test_the_jupyter_table_says_what_the_listing_says_of_the_files_not_marked(marked, tmp_path):
    # note 45: the HTML table named only the subfolders not read; a hidden file, a file skipped and the sheet's
    # own files were left out of it without a word (the command's listing names each)
    import shutil

    import symbp

    _, _, folder, sheet = marked
    class_folder = tmp_path / "class"
    shutil.copytree(folder, class_folder)
    shutil.copy(sheet / "answers.json", class_folder / "answers.json")
    shutil.copy(sheet / "answers-template.toml", class_folder / "answers-template.toml")
    (class_folder / ".late.toml").write_text('variant = 1\n"z_0^1" = 0.5\n', encoding="utf-8")
    (class_folder / "notes.txt").write_text("x", encoding="utf-8")
    (class_folder / "late").mkdir()
    report = symbp.check_class(symbp.load_key(sheet / "answers.json"), class_folder)
    text, html = report.summary(), report._repr_html_()
    lines = [line for line in text.splitlines() if line.startswith(("Skipped", "Not marked", "Not read"))]
    assert len(lines) == 4, text
    for line in lines:
        assert line.replace("'", "&#39;").replace('"', "&#34;") in html, (line, html)
    assert "answers.json, answers-template.toml" in html and ".late.toml" in html and "notes.txt" in html
