"""Two exports never write one file: a CSV or Moodle file named like a file of the PrairieLearn
folder (pl/info.json, ./pl/../pl/question.html) replaced the question's own file with exit 0 (a new
user's finding); it is refused with exit 2 naming both exports, and nothing is written."""

import pytest

from helpers import symbp_here


@pytest.mark.parametrize("option, name", [("--csv", "pl/info.json"), ("--moodle", "pl/server.py"),
                                          ("--csv", "./pl/../pl/question.html")])
def test_an_export_file_inside_the_prairielearn_folder_is_refused(tmp_path, option, name):
    result = symbp_here("worksheet", "--example", "nn231", "-n", "2", "--seed", "2", "-o", "ws",
                       "--prairielearn", "pl", option, name, cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert result.stderr.count("\n") == 1 and "--prairielearn" in result.stderr and option in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []
