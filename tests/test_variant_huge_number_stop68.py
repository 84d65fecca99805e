"""An answers file's `variant = ` of 4,000 digits is refused in a line of its own size, not echoed whole into the
class listing and grades.csv (stop 68's hostile tester: 4,141 and 8,157 characters)."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from symbp.cli import main


def test_huge_variant_number_is_named_briefly(tmp_path):
    runner = CliRunner()
    sheet = tmp_path / "ws"
    assert runner.invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", "1", "--out", str(sheet)]).exit_code == 0
    submissions = tmp_path / "sub"
    submissions.mkdir()
    template = (sheet / "answers-template.toml").read_text(encoding="utf-8")
    (submissions / "big.toml").write_text(template.replace('student = ""', 'student = "ada"').replace(
        "variant = ", "variant = " + "1" + "0" * 4000 + "\n# was: ", 1), encoding="utf-8")
    result = runner.invoke(main, ["check", "--key", str(sheet / "answers.json"), str(submissions), "--out",
                                  str(tmp_path / "marked")])
    listing = [line for line in result.output.splitlines() if "big.toml" in line]
    assert listing and all(len(line) < 300 for line in listing), [len(line) for line in listing]
    assert "digits" in listing[0] and "NOT MARKED" in listing[0]
    with open(tmp_path / "marked" / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert all(len(",".join(row)) < 600 for row in rows)
