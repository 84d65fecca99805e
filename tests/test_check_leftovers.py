"""`symbp check`, answer keys and the command line as a student at midnight and an instructor with
200 files meet them: every bad input is one line naming the file (as given) and the field, exit
code 2, no traceback and no file written — except a value that is no number symbp can read, which
the report names with its field under NOT READ, marked as not given, the rest of the file marked
(exit code 1); a class folder's subfolders are named as not read; a key
whose seals were deleted is refused; symbp used as a library leaves the host's collector alone;
the declared rule for numbers written with more than 10 significant digits holds at its edges.

Expected names and values come from the test itself (the paths it made, the fields it edited, the
spec's numbers worked out by hand), never from symbp's output."""

from __future__ import annotations

import copy
import csv
import io
import json
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from helpers import cli_runner, not_read, run_python
from symbp.cli import main


def _run(*args):
    return cli_runner().invoke(main, [str(a) for a in args])


def _one_line(stderr: str) -> bool:
    return stderr.count("\n") == 1 and "Traceback" not in stderr


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    """A 2-variant worksheet of nn231 in week5/, and its key as written."""
    out = tmp_path_factory.mktemp("course") / "week5"
    made = _run("worksheet", "--example", "nn231", "-n", "2", "--seed", "3", "--out", out)
    assert made.exit_code == 0, made.output
    return out / "answers.json", json.loads((out / "answers.json").read_text(encoding="utf-8"))


# ---- 1. a bad value in a student's file names the file and the field ------------------------------
BAD_VALUES = [
    ('[z]\n"w" = 1\n', "z"),  # a nested table: no quantity name
    ('student = 3\n', "student"),
]

# a value that is no number symbp can read: (the line, its field, the value as the report echoes it)
UNREAD_VALUES = [
    ('"a_0^1" = "abc"\n', "a_0^1", '"abc"'),
    ('"z_0^1" = 1e1001\n', "z_0^1", "1e1001"),  # beyond the number limits (10^1000)
    ('"z_0^1" = { x = 1 }\n', "z_0^1", "{x = 1}"),  # a table where a number belongs
]


@pytest.mark.parametrize("text, field", BAD_VALUES)
def test_a_bad_value_names_the_answers_file_and_the_field(tmp_path, text, field):
    answers = tmp_path / "class" / "ada.toml"
    answers.parent.mkdir()
    answers.write_text(text, encoding="utf-8")
    result = _run("check", "--example", "nn231", answers)
    assert result.exit_code == 2 and _one_line(result.stderr), result.stderr
    assert result.stderr.startswith(f"symbp: {answers}: {field}: "), result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("text, field, echo", UNREAD_VALUES)
def test_an_unreadable_value_is_named_with_its_field_and_the_rest_is_marked(tmp_path, text, field, echo):
    """Was refused whole (exit code 2, nothing marked); one unreadable number no longer leaves the rest
    of the file unmarked: the report names the answers file, then the field and the value as written
    under NOT READ, the value is not given, z_2^1 = 0.5·1 + 0.7·2 − 0.1 = 1.8 is marked correct."""
    answers = tmp_path / "class" / "ada.toml"
    answers.parent.mkdir()
    answers.write_text(text + '"z_2^1" = 1.8\n', encoding="utf-8")
    result = _run("check", "--example", "nn231", answers)
    assert result.exit_code == 1 and result.stderr == "", result.stderr
    assert str(answers) in result.stdout.splitlines()[0]
    [line] = not_read(result.stdout)
    assert line.startswith(f"{field}: ") and echo in line, line
    assert "\nCORRECT (1)\n  z_2^1\n" in result.stdout
    report = json.loads(_run("check", "--example", "nn231", answers, "-f", "json").stdout)
    assert [(u["name"], u["text"]) for u in report["not_read"]] == [(field, echo)]
    assert report["quantities"][field]["status"] == "missing" and report["quantities"]["z_2^1"]["status"] == "correct"


def test_a_bad_value_against_a_key_names_the_file_once(sheet, tmp_path):
    """A value refused (a student's name that is a number; an unreadable number is marked, above) is one
    line naming the file once; in a class, the row's reason is said once, in the listing."""
    key, _ = sheet
    answers = tmp_path / "ada.toml"
    answers.write_text('variant = 1\nstudent = 3\n', encoding="utf-8")
    one = _run("check", "--key", key, answers)
    assert one.exit_code == 2 and _one_line(one.stderr), one.stderr
    assert one.stderr.startswith(f"symbp: {answers}: student: ") and one.stderr.count(str(answers)) == 1, one.stderr
    marks = tmp_path / "marked"
    whole = _run("check", "--key", key, tmp_path, "--out", marks)  # the class: the row's reason, once, in the listing
    assert whole.exit_code == 2
    assert (whole.stdout + whole.stderr).count("student: ") == 1 and "NOT MARKED: student: " in whole.stdout
    assert whole.stderr.count(answers.name) == 1, whole.stderr  # and the file named on stderr, for a script's log


def test_an_unreadable_value_against_a_key_is_flagged_in_the_class(sheet, tmp_path):
    """A class file with one unreadable number was NOT MARKED; now it is marked (its other value, the
    key's own L, correct), its line and grades.csv's flags say which value could not be read, and its
    report says why, once."""
    key, table = sheet
    loss = table["variants"][0]["exact"]["L"]
    answers = tmp_path / "ada.toml"
    answers.write_text(f'variant = 1\n"a_0^1" = "abc"\n"L" = "{loss}"\n', encoding="utf-8")
    marks = tmp_path / "marked"
    whole = _run("check", "--key", key, tmp_path, "--out", marks)
    assert whole.exit_code == 1 and "NOT MARKED" not in whole.stdout and "ada.toml" not in whole.stderr, whole.stderr
    [row] = [line for line in whole.stdout.splitlines() if line.strip().startswith("ada.toml")]
    assert row.endswith("; no number symbp can read for a_0^1 (marked as not given)"), row
    grades = list(csv.DictReader(io.StringIO((marks / "grades.csv").read_text(encoding="utf-8-sig"))))
    assert [(g["file"], g["error"], g["flags"]) for g in grades] == [
        ("ada.toml", "", "no number symbp can read for a_0^1 (marked as not given)")]
    assert (grades[0]["a_0^1"], grades[0]["L"]) == ("not_given", "correct")
    report = (marks / "ada.txt").read_text(encoding="utf-8")
    assert not_read(report) == ['a_0^1: expected a number such as 0.47, "-1.03" or "4.4·10^-5", got "abc"']
    assert report.count('got "abc"') == 1


# ---- 2. a class folder's subfolders --------------------------------------------------------------
def test_a_subfolder_of_a_class_is_named_as_not_read(sheet, tmp_path):
    key, _ = sheet
    folder = tmp_path / "submissions"
    (folder / "late").mkdir(parents=True)
    (folder / ".git").mkdir()
    student = 'variant = 1\n"L" = ""\n'
    (folder / "ada.toml").write_text(student, encoding="utf-8")
    (folder / "late" / "bob.toml").write_text(student, encoding="utf-8")
    result = _run("check", "--key", key, folder, "--out", tmp_path / "marked")
    assert f"{folder / 'late'}/: a folder, not read" in result.stderr, result.stderr
    assert "late/" in result.stdout and ".git" not in result.stdout + result.stderr
    rows = (tmp_path / "marked" / "grades.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == ["ada.toml"]  # bob is not marked, and was named


def test_a_folder_with_nothing_to_mark_is_refused(sheet, tmp_path):
    """An LMS download with a folder per student, pointed at as it is: not "0 of 0 marked", exit 0."""
    key, _ = sheet
    (tmp_path / "class" / "ada").mkdir(parents=True)
    (tmp_path / "class" / "ada" / "ada.toml").write_text('variant = 1\n"L" = ""\n', encoding="utf-8")
    result = _run("check", "--key", key, tmp_path / "class", "--out", tmp_path / "marked")
    assert result.exit_code == 2 and _one_line(result.stderr) and not (tmp_path / "marked").exists()
    assert result.stderr.startswith(f"symbp: {tmp_path / 'class'}: no answers file") and "ada/" in result.stderr


def test_the_key_in_the_class_folder_is_no_student(sheet, tmp_path):
    key, table = sheet
    (tmp_path / "answers.json").write_text(key.read_text(encoding="utf-8"), encoding="utf-8")
    loss = table["variants"][0]["exact"]["L"]  # the key's own value: correct (a blank file is not marked)
    (tmp_path / "ada.toml").write_text(f'variant = 1\n"L" = "{loss}"\n', encoding="utf-8")
    result = _run("check", "--key", tmp_path / "answers.json", tmp_path, "--out", tmp_path / "marked")
    said = [line for line in result.stderr.splitlines() if not line.startswith("made the folder ")]  # (--out made)
    assert result.exit_code == 0 and said == [], result.stderr
    rows = (tmp_path / "marked" / "grades.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == ["ada.toml"]


def test_a_key_given_as_the_answers_says_to_pass_it_with_key(sheet, tmp_path):
    """`symbp check SPEC answers.json` with the key as the answers file said "answers.json:
    key_format: not a quantity of this network"; a key of format 1 (no key_format) too, in Python."""
    import symbp

    key, table = sheet
    result = _run("check", "--example", "nn231", key)
    assert result.exit_code == 2 and _one_line(result.stderr), result.stderr
    assert result.stderr.startswith(f"symbp: {key}: ") and f"symbp check --key {key} ANSWERS" in result.stderr
    older = {name: value for name, value in table.items() if name != "key_format"}
    with pytest.raises(symbp.SpecError, match="answer key.*--key"):
        symbp.check(symbp.example("nn231"), older)


def test_the_key_given_as_answers_beside_its_key_is_named_before_its_variant(sheet, tmp_path):
    """`symbp check --key answers.json answers.json` (and a class folder holding the key) said "variant: which
    variant? …": the file's want of a variant was reported before what it is, a key."""
    key, _ = sheet
    result = _run("check", "--key", key, key)
    assert result.exit_code == 2 and _one_line(result.stderr), result.stderr
    assert f"symbp check --key {key} ANSWERS" in result.stderr and "which variant" not in result.stderr


def test_the_api_names_the_subfolders_not_read(sheet, tmp_path):
    import symbp

    key, _ = sheet
    (tmp_path / "late").mkdir()
    (tmp_path / "ada.toml").write_text('variant = 1\n"L" = ""\n', encoding="utf-8")
    report = symbp.check_class(symbp.load_key(key), tmp_path)
    assert report.folders == ["late"] and "late/" in report.summary() and "late/" in report._repr_html_()


def test_a_file_not_marked_now_leaves_no_report_of_an_earlier_run(sheet, tmp_path):
    key, _ = sheet
    folder, marks = tmp_path / "class", tmp_path / "marked"
    folder.mkdir()
    (folder / "ada.toml").write_text('variant = 1\n"L" = "0.3"\n', encoding="utf-8")
    (folder / "bob.toml").write_text('variant = 1\n"L" = "0.3"\n', encoding="utf-8")
    for fmt in ("text", "json"):
        assert _run("check", "--key", key, folder, "--out", marks, "-f", fmt).exit_code == 1
    (folder / "ada.toml").write_text('variant = 1\n"L" = "0.3"\nstudent = 3\n', encoding="utf-8")  # resubmitted, refused
    again = _run("check", "--key", key, folder, "--out", marks)
    assert again.exit_code == 2
    assert sorted(p.name for p in marks.iterdir() if not p.name.startswith(".")) == ["bob.json", "bob.txt", "grades.csv"]  # no ada.*
    assert f"{marks / 'ada.txt'}: removed" in again.stderr and f"{marks / 'ada.json'}: removed" in again.stderr


def test_no_report_replaces_an_answers_file(sheet, tmp_path):
    """--out the class's own folder with JSON reports: ada.json's report would be ada.json."""
    key, _ = sheet
    ada = tmp_path / "ada.json"
    ada.write_text('{"variant": 1, "L": "0.3"}', encoding="utf-8")
    result = _run("check", "--key", key, tmp_path, "--out", tmp_path, "-f", "json")
    assert result.exit_code == 2 and _one_line(result.stderr.splitlines()[-1] + "\n")
    assert result.stderr.startswith(f"symbp: {ada}: ") and "choose another --out" in result.stderr, result.stderr
    assert ada.read_text(encoding="utf-8") == '{"variant": 1, "L": "0.3"}' and not (tmp_path / "grades.csv").exists()


def test_no_json_report_is_written_among_the_answers_files(sheet, tmp_path):
    """--out the class's own folder with JSON reports, students' TOML files: s1.json would be read
    as a student's answers by the next run ("not a quantity of this network") — refused before
    anything is written (a reviewer's finding); text reports there are not answers files."""
    key, _ = sheet
    for name in ("s1", "s2"):
        (tmp_path / f"{name}.toml").write_text('variant = 1\nL = "0.3"\n', encoding="utf-8")
    result = _run("check", "--key", key, tmp_path, "--out", tmp_path, "-f", "json")
    assert result.exit_code == 2, result.output
    assert "choose another --out" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s1.toml", "s2.toml"]  # nothing written
    text = _run("check", "--key", key, tmp_path, "--out", tmp_path)  # text reports: not read as answers
    assert text.exit_code == 1 and (tmp_path / "s1.txt").is_file(), text.output
    again = _run("check", "--key", key, tmp_path, "--out", tmp_path)
    assert again.exit_code == 1 and "Marked 2 of 2" in again.stdout, again.output


# ---- 3. -o FILE ending in / ----------------------------------------------------------------------
@pytest.mark.parametrize("command, option", [
    (["derive", "--example", "nn231"], "-o"),
    (["check", "--example", "nn231", "ANSWERS"], "-o"),
    (["worksheet", "--example", "nn231", "-n", "1", "--out", "OUT"], "--csv"),
    (["worksheet", "--example", "nn231", "-n", "1", "--out", "OUT"], "--moodle"),
])
@pytest.mark.parametrize("ending", ["y.txt/", "y.txt/."])
def test_a_file_option_ending_in_a_slash_is_refused(tmp_path, command, option, ending):
    answers = tmp_path / "a.toml"
    answers.write_text('"L" = "0.5"\n', encoding="utf-8")
    args = [str(answers) if a == "ANSWERS" else str(tmp_path / "out") if a == "OUT" else a for a in command]
    target = f"{tmp_path / 'D'}/{ending}"
    result = _run(*args, option, target)
    assert result.exit_code == 2 and _one_line(result.stderr), result.stderr
    assert repr(target) in result.stderr and "names a folder" in result.stderr
    assert not (tmp_path / "D").exists() and not (tmp_path / "out").exists()


# ---- 4. the key named by its path ----------------------------------------------------------------
def test_a_variant_the_key_lacks_names_the_key_by_its_path(sheet, tmp_path):
    key, _ = sheet
    answers = tmp_path / "a.toml"
    answers.write_text('variant = 9\n"L" = "0.5"\n', encoding="utf-8")
    result = _run("check", "--key", key, answers)
    assert result.exit_code == 2 and f"9 is not a variant of {key} " in result.stderr, result.stderr


def test_min_digits_above_the_keys_digits_names_the_key(sheet, tmp_path):
    key, data = sheet
    answers = tmp_path / "a.toml"
    answers.write_text('variant = 1\n"L" = "0.5"\n', encoding="utf-8")
    result = _run("check", "--key", key, answers, "--min-digits", str(data["digits"] + 1))
    assert result.exit_code == 2 and _one_line(result.stderr)
    assert f"exceeds the digits of {key} ({data['digits']})" in result.stderr, result.stderr


def test_an_older_keys_edited_digits_name_the_key_by_its_path(sheet, tmp_path):
    _, data = sheet
    older = {k: v for k, v in copy.deepcopy(data).items() if k not in LATER}
    older["digits"] = 3  # its carried values are printed with 4
    key = _write_key(tmp_path / "term" / "week5", older)
    result = _marked(key, tmp_path)
    assert result.exit_code == 2 and result.stderr.startswith(f"symbp: {key}: digits: 3, "), result.stderr


# ---- 5. a key's seals deleted --------------------------------------------------------------------
LATER = ("key_format", "field_seals", "variant_seals", "seal", "detail")  # what a key from before the seals lacks


def _write_key(folder, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "answers.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    return folder / "answers.json"


def _marked(key, tmp_path):
    answers = tmp_path / "a.toml"
    answers.write_text('variant = 1\n"L" = "0.5"\n', encoding="utf-8")
    return _run("check", "--key", key, answers)


@pytest.mark.parametrize("deleted, named", [
    (("seal", "variant_seals", "field_seals"), ["field_seals", "variant_seals", "seal"]),
    (("seal", "variant_seals", "key_format"), ["key_format", "variant_seals", "seal"]),  # field_seals says format 2
    (("seal", "variant_seals", "field_seals", "key_format"), ["seal"]),  # detail was written with the seal
    (("seal",), ["seal"]),
])
def test_a_key_whose_seals_were_deleted_is_refused_naming_them(sheet, tmp_path, deleted, named):
    _, data = sheet
    edited = copy.deepcopy(data)
    for name in deleted:
        del edited[name]
    ids = [v["id"] for v in edited["variants"]]
    edited["variants"][0]["id"], edited["variants"][1]["id"] = ids[1], ids[0]  # the swap the seals would catch
    result = _marked(_write_key(tmp_path, edited), tmp_path)
    assert result.exit_code == 2 and _one_line(result.stderr) and result.stdout == "", result.stderr
    assert f": {', '.join(named)}: missing" in result.stderr and "edited" in result.stderr, result.stderr


def test_a_key_from_before_the_seals_still_loads(sheet, tmp_path):
    _, data = sheet
    older = {k: v for k, v in copy.deepcopy(data).items() if k not in LATER}
    result = _marked(_write_key(tmp_path, older), tmp_path)
    assert result.exit_code in (0, 1) and result.stderr == "", result.stderr
    assert "variant 1" in result.stdout


@pytest.mark.parametrize("field, value, says", [
    ("spec", 3, "spec: expected a table"),
    ("exact", "x", "exact: expected a table"),
])
def test_a_variant_without_a_spec_or_exact_table_is_refused_up_front(sheet, tmp_path, field, value, says):
    """What key_file.py checked again when the variant was solved (now only key_fields.py does)."""
    _, data = sheet
    edited = copy.deepcopy(data)
    edited["variants"][1][field] = value  # variant 2; variant 1 is the one answered
    result = _marked(_write_key(tmp_path, edited), tmp_path)
    assert result.exit_code == 2 and _one_line(result.stderr) and says in result.stderr, result.stderr
    assert "variants[1]" in result.stderr


# ---- 7. the host's garbage collector -------------------------------------------------------------
HOST = """
import gc, json, os
import symbp

host = [[i] for i in range(500)]
gc.set_threshold(1234, 11, 12)
{setup}
def state():
    ids = {{id(o) for o in gc.get_objects()}}  # generations 0-2: a frozen object is in none of them
    return [gc.isenabled(), list(gc.get_threshold()), gc.is_tracked(host) and id(host) not in ids]
before = state()
net = symbp.example("nn231")
symbp.derive(net)
symbp.check(net, {{"z_0^1": "-0.5"}})
os.environ["SYMBP_WORKERS"] = "2"
symbp.worksheet(net, 8, seed=1)  # eight variants: a worker process is forked
print(json.dumps([before, state()]))
"""


@pytest.mark.parametrize("setup, enabled, frozen", [("gc.freeze()", True, True), ("gc.disable(); gc.freeze()", False, True),
                                                    ("gc.disable()", False, False), ("", True, False)])
def test_the_hosts_collector_is_left_as_it_was(setup, enabled, frozen):
    ran = run_python(HOST.format(setup=setup))
    assert ran.returncode == 0, ran.stderr[-2000:]
    before, after = json.loads(ran.stdout.splitlines()[-1])
    assert before == [enabled, [1234, 11, 12], frozen]  # the host's own state, as the test set it
    assert after == before


# ---- 8. the declared rule for more than 10 significant digits ------------------------------------
@pytest.mark.parametrize("text", ["1.1000000001", "1.1000000004", "1.1000000006", "1.100000001",
                                  "1.10000000049", "1.10000000051", "1.0999999996"])
def test_a_long_number_is_judged_at_ten_significant_digits(text):
    """README: a number written with more than 10 significant digits is judged at 10.  z_1^1 of
    nn231 is −0.3·1 + 0.8·2 − 0.2 = 1.1 exactly; the written number is right when rounded to 10
    significant digits (or, at 10 or fewer, as written) it is 1.100000000."""
    import symbp

    written = Decimal(text)
    digits = len(written.as_tuple().digits)
    judged = written.quantize(Decimal(1).scaleb(written.adjusted() - 9), ROUND_HALF_EVEN) if digits > 10 else written
    right = judged == Decimal("1.1")
    status = symbp.check(symbp.example("nn231"), {"z_1^1": text}).statuses["z_1^1"]
    assert status == ("correct" if right else "wrong"), (text, judged)


def test_reports_of_a_deleted_answers_file_are_removed(sheet, tmp_path):
    """A report an earlier run wrote for an answers file that has since left the folder would pass
    for this run's: removed and named (a reviewer's finding); a report symbp did not write, or
    one edited since, stays; reports of students still there in another format stay."""
    key, _ = sheet
    folder, marks = tmp_path / "class", tmp_path / "marked"
    folder.mkdir()
    (folder / "a.toml").write_text('variant = 1\nL = "0.3"\n', encoding="utf-8")
    (folder / "a.json").write_text('{"variant": 2, "L": "0.3"}', encoding="utf-8")
    (folder / "b.toml").write_text('variant = 1\nL = "0.3"\n', encoding="utf-8")
    first = _run("check", "--key", key, folder, "--out", marks)
    assert first.exit_code == 1, first.output
    assert {p.name for p in marks.iterdir()} >= {"a-json.txt", "a-toml.txt", "b.txt", "grades.csv"}
    (marks / "b.txt").write_text("my notes on b\n", encoding="utf-8")  # edited by hand: not symbp's bytes
    (marks / "notes.txt").write_text("the grader's own file\n", encoding="utf-8")
    (folder / "a.json").unlink()
    (folder / "b.toml").unlink()
    again = _run("check", "--key", key, folder, "--out", marks)
    assert again.exit_code == 1, again.output
    names = {p.name for p in marks.iterdir() if not p.name.startswith(".")}
    assert names == {"a.txt", "b.txt", "notes.txt", "grades.csv"}, names
    assert f"{marks / 'a-json.txt'}: removed" in again.stderr and f"{marks / 'a-toml.txt'}: removed" in again.stderr
    assert (marks / "b.txt").read_text(encoding="utf-8") == "my notes on b\n"
    json_run = _run("check", "--key", key, folder, "--out", marks, "-f", "json")  # a's text report stays
    assert json_run.exit_code == 1 and (marks / "a.txt").is_file() and (marks / "a.json").is_file(), json_run.output


@pytest.mark.parametrize("written, meant", [("Loss", "L"), ("Cost@2", "L@2"), ("zz_0^1", "z_0^1")])
def test_an_unknown_answer_name_suggests_the_quantity_meant(tmp_path, written, meant):
    """A new user's `"Loss" = …` got no "did you mean": difflib finds L too unlike "Loss"."""
    answers = tmp_path / "a.toml"
    answers.write_text(f'"{written}" = "0.5"\n', encoding="utf-8")
    result = _run("check", "--example", "nn231", answers)
    assert result.exit_code == 2 and f"(did you mean {meant!r}?)" in result.stderr, result.stderr
