"""The CSV export's `carried` column is the carried key's value as the key prints it, significant
zeros kept, the same text as answers.json's "carried" (stop 52's new user: the CSV said 1.05 where
the key printed 1.050)."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.mark.parametrize("locale, delimiter, comma", [("en", ",", "."), ("de", ";", ",")])
def test_the_carried_column_is_the_keys_text(tmp_path, locale, delimiter, comma):
    done = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "12", "--seed", "1", "--out",
                                     str(tmp_path / "ws"), "--csv", str(tmp_path / "v.csv"), "--locale", locale])
    assert done.exit_code == 0, done.output
    key = json.loads((tmp_path / "ws" / "answers.json").read_text(encoding="utf-8"))
    with open(tmp_path / "v.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=delimiter))
    header, rows = rows[0], rows[1:]
    variant, name, carried = 0, 4, 8  # (the columns' order: csv_export.COLUMNS)
    answers = [r for r in rows if r[7]]  # an answer has a tolerance; a given none
    assert len(answers) == 12 * 48
    zeros = 0
    for row in answers:
        printed = key["variants"][int(row[variant]) - 1]["carried"][row[name]]
        assert row[carried] == printed.replace(".", comma), (row, printed)
        zeros += printed.endswith("0") and "." in printed
    assert zeros >= 3  # (values whose text ends in a significant zero are among them)
