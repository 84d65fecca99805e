"""A course folder's message catalogue is read only from inside the folder, as its templates are (stop 66's hostile
tester: i18n/en.toml linked to a file outside — or the i18n folder linked outside — had its text printed)."""

from __future__ import annotations

import pytest

from helpers import cli_runner
from symbp.cli import main

CATALOGUE = '[check]\nmarking_of = "SECRET-OUTSIDE {answers} {title}"\n'


@pytest.mark.parametrize("linked", ["file", "folder"])
def test_a_catalogue_linked_from_outside_is_refused(tmp_path, linked):
    course, outside = tmp_path / "course", tmp_path / "outside"
    course.mkdir()
    (outside / "i18n").mkdir(parents=True)
    (outside / "i18n" / "en.toml").write_text(CATALOGUE, encoding="utf-8")
    if linked == "file":
        (course / "i18n").mkdir()
        (course / "i18n" / "en.toml").symlink_to(outside / "i18n" / "en.toml")
    else:
        (course / "i18n").symlink_to(outside / "i18n")
    (tmp_path / "a.toml").write_text('"z_0^1" = "-0.5"\n', encoding="utf-8")
    done = cli_runner().invoke(main, ["check", "--example", "nn231", str(tmp_path / "a.toml"), "--templates", str(course)])
    assert done.exit_code == 2 and "outside the course's template folder" in done.stderr, done.output
    assert "SECRET-OUTSIDE" not in done.output


def test_a_catalogue_inside_is_read(tmp_path):
    (tmp_path / "course" / "i18n").mkdir(parents=True)
    (tmp_path / "course" / "i18n" / "en.toml").write_text(CATALOGUE, encoding="utf-8")
    (tmp_path / "a.toml").write_text('"z_0^1" = "-0.5"\n', encoding="utf-8")
    done = cli_runner().invoke(main, ["check", "--example", "nn231", str(tmp_path / "a.toml"),
                                      "--templates", str(tmp_path / "course")])
    assert done.exit_code == 0 and "SECRET-OUTSIDE" in done.output, done.output
