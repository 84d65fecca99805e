"""The reviewer of stop 58's check commits (stop 59): a fraction with spaced digits read one way only
where it has one reading ("1 000/8" was 1, so a right 125 was WRONG; "2 100/400" is 2.25 or 5.25); the
wrong-variant note after an early slip counts what the two markings credit, and says so (it said the
values "agree with" each variant, beside a report with 0 correct); "2 1/2" in a LaTeX report keeps its
space (TeX's math mode printed 21/2); a value of 5,000 digits followed by 100,000 blank lines is marked
at once (84 s: a pattern backtracked over the blank lines); a dangling link's target is written out."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from fractions import Fraction as F

import pytest

from careful_student import as_text
from helpers import cli_runner, run_symbp
from symbp.cli import main
from symbp.errors import SpecError
from symbp.written import parse_written
from test_messages_stop58 import slipped_in_variant_one

BIG = """title = "big"
layers = [2, 1]
activation = "relu"
loss = "half_sse"
learning_rate = 0.1
input = [1, 2]
target = [100]

[[layer]]
weights = [[25, 50]]
biases = [0]
"""  # z_0^1 = 25·1 + 50·2 = 125


@pytest.mark.parametrize("text,value", [
    ("1 000/8", F(125)), ("1 000 000/8", F(125000)), ("12 345/100", F(12345, 100)), ("1 234/2", F(617)),
    ("1/1 000", F(1, 1000)), ("1\\,000/8", F(125)),                       # digits grouped in thousands
    ("2 1/2", F(5, 2)), ("-2 1/2", F(-5, 2)), ("-1 3/4", F(-7, 4)), ("2  1/2", F(5, 2)),  # a mixed number
    ("2 500/1000", F(5, 2)),                                                # both readings: the same number
    ("≈ 2 1/2", F(5, 2)), ("\\approx 2 1/2", F(5, 2)), ("$\\approx 2 1/2$", F(5, 2))])  # copied with ≈
def test_a_fraction_with_spaced_digits_is_read_as_a_grader_reads_it(text, value):
    assert parse_written(text, "z").value == value


@pytest.mark.parametrize("text", ["2 100/400", "1/2 3", "2 3/2", "2 0/2", "1 000/0", "1 1/2e3"])
def test_a_fraction_with_spaced_digits_and_no_sure_reading_is_not_read(text):
    with pytest.raises(SpecError):
        parse_written(text, "z")


def test_a_right_number_in_thousands_is_right(tmp_path):
    (tmp_path / "big.toml").write_text(BIG, encoding="utf-8")
    (tmp_path / "a.toml").write_text('"z_0^1" = "1 000/8"\n"a_0^1" = "125"\n', encoding="utf-8")
    run = cli_runner().invoke(main, ["check", str(tmp_path / "big.toml"), str(tmp_path / "a.toml"), "--format", "json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["quantities"]["z_0^1"]["status"] == "correct"


def test_a_mixed_number_keeps_its_space_in_latex(tmp_path):
    (tmp_path / "a.toml").write_text('"z_0^1" = "1 1/10"\n"z_1^1" = "2 1/2"\n', encoding="utf-8")
    run = cli_runner().invoke(main, ["check", "--example", "nn231", str(tmp_path / "a.toml"), "--format", "tex"])
    assert "1\\ 1/10" in run.stdout and "2\\ 1/2" in run.stdout, run.stdout[:2000]
    assert not re.search(r"[^\\] ?1 1/10|11/10", run.stdout)


def test_the_wrong_variant_note_after_an_early_slip_counts_what_each_marking_credits(tmp_path):
    """A variant-1 answer with z_1^1's sign slipped, labelled variant 2: the note's two counts are the values
    asked that the full report marks right or carried, as variant 1 (with --variant) and as variant 2."""
    out, variants, answers = slipped_in_variant_one(tmp_path)
    first, second = variants[0]["id"], variants[1]["id"]
    path = tmp_path / "a.toml"
    path.write_text(f"variant = {second}\n" + "".join(f'"{n}" = "{as_text(v)}"\n' for n, v in answers.items()),
                    encoding="utf-8")
    key = ["check", "--key", str(out / "answers.json"), str(path)]
    text = " ".join(cli_runner().invoke(main, key).output.split())
    said = re.search(r"\((\d+) of (\d+) values are right or carried forward when the file is marked as variant "
                     rf"{first}, (\d+) when it is marked as variant {second}\)", text)
    assert said, text[:800]

    def credited(*extra):
        report = json.loads(cli_runner().invoke(main, key + ["--format", "json", *extra]).stdout)
        asked = [q for q in report["quantities"].values() if q["points"] and q.get("given") is not None]  # (the sheet asks)
        return sum(q["status"] in ("correct", "carried") for q in asked), len(asked), report

    as_first, written, _ = credited("--variant", first)
    as_second, _, report = credited()
    assert [int(n) for n in said.groups()] == [as_first, written, as_second]
    assert report["fits_variant"]["by"] == "marking"


def test_a_long_whole_number_before_many_blank_lines_is_marked_at_once(tmp_path):
    """(84 s before the fix; the timeout only guards against the hang, it measures nothing)"""
    answers = tmp_path / "a.toml"
    answers.write_text('"z_0^1" = ' + "1" * 5000 + "\n" + "\n" * 100_000 + '"a_0^1" = 0.5933\n' + " " * 50_000 + "\n",
                       encoding="utf-8")
    try:
        run = run_symbp("check", "--example", "mazur", answers, "--format", "json", timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("check hung on a long whole number followed by blank lines")
    report = json.loads(run.stdout)
    assert run.returncode == 1, run.stderr
    assert [entry["name"] for entry in report["not_read"]] == ["z_0^1"]
    assert report["quantities"]["a_0^1"]["status"] == "correct"


@pytest.mark.parametrize("value", ["-" + "7" * 4400, "+" + "7" * 4400, "7" * 4400 + "  # a comment"])
def test_a_long_whole_number_with_a_sign_or_comment_is_not_read_alone(tmp_path, value):
    answers = tmp_path / "a.toml"
    answers.write_text(f'"z_0^1" = {value}\n"a_0^1" = 0.5933\n', encoding="utf-8")
    report = json.loads(cli_runner().invoke(main, ["check", "--example", "mazur", str(answers), "--format", "json"]).stdout)
    assert [entry["name"] for entry in report["not_read"]] == ["z_0^1"]
    assert report["quantities"]["a_0^1"]["status"] == "correct"


def test_a_dangling_links_target_is_written_out(tmp_path):
    link = tmp_path / "bad.toml"
    link.symlink_to("/no\nwhere\x1b[31m" + "x" * 200)
    run = cli_runner().invoke(main, ["check", "--example", "mazur", str(link)])
    assert run.exit_code == 2
    line, = run.stderr.splitlines()
    assert "\\u000a" in line and "\\u001b" in line and "\x1b" not in line and "…, which does not exist" in line


def test_the_pdf_shows_the_mixed_number_with_its_space(tmp_path, requires_tex):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (tmp_path / "a.toml").write_text('"z_1^1" = "2 1/2"\n', encoding="utf-8")
    run = cli_runner().invoke(main, ["check", "--example", "nn231", str(tmp_path / "a.toml"), "-o",
                                     str(tmp_path / "r.pdf")])
    assert run.exit_code == 1, run.output
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True).stdout
    assert "2 1/2" in text and "21/2" not in text
