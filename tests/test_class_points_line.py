"""A class's listing ends with the class's points: the mean ("≈" only where it is rounded), the median,
the lowest and the highest (stop 52's new user: "the one thing missing is a class average").  The
files' points are made here (1, 2 and 4 right values against the key's exact values)."""

from __future__ import annotations

import json
import statistics
import tomllib
from decimal import Decimal
from fractions import Fraction

import pytest
from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO

WORDS = tomllib.loads((REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8"))["class_summary"]


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheet")
    done = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--out", str(folder)])
    assert done.exit_code == 0, done.output
    return folder / "answers.json"


def _class(tmp_path, key, rights: list[int]):
    variant = json.loads(key.read_text(encoding="utf-8"))["variants"][0]
    names = variant["asked"]
    folder = tmp_path / "class"
    folder.mkdir()
    for i, n in enumerate(rights):
        lines = [f'student = "S{i}"', "variant = 1"] + [f'"{name}" = "{variant["exact"][name]}"' for name in names[:n]]
        (folder / f"s{i}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--key", str(key), str(folder), "--out", str(tmp_path / "marked")])
    assert done.exit_code in (0, 1), done.output
    return done.stdout, len(names)


def test_the_class_points_line(tmp_path, key):
    out, possible = _class(tmp_path, key, [1, 2, 4])
    earned = [Fraction(1), Fraction(2), Fraction(4)]
    mean = sum(earned) / 3  # 7/3: rounded
    shown = format(Decimal(7) / Decimal(3), ".4g")
    expected = WORDS["points_of_class"].format(n=3, possible=possible, mean=f"≈ {shown}",
                                               median=statistics.median(earned), lowest=1, highest=4)
    assert mean != Fraction(Decimal(shown)) and expected in out, out


def test_an_exact_mean_has_no_approx_sign(tmp_path, key):
    out, possible = _class(tmp_path, key, [1, 4])
    expected = WORDS["points_of_class"].format(n=2, possible=possible, mean="2.5", median="2.5", lowest=1, highest=4)
    assert expected in out, out


def test_one_file_has_no_class_line(tmp_path, key):
    out, _ = _class(tmp_path, key, [3])
    assert WORDS["points_of_class"].split("{")[0] not in out
