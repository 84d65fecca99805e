"""A carried-forward value's "true value" is the key's, as the key prints it, with the exact one
beside it where the two differ, as the other sections of the report say it (stop 52's new user: the
report said "true value ≈ 0.1511" where the key the grader holds prints 0.1513)."""

from __future__ import annotations

import json
import tomllib
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheet")
    done = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", "1", "--out", str(folder)])
    assert done.exit_code == 0, done.output
    return folder


def test_the_carried_line_gives_the_keys_value(sheet, tmp_path):
    key = json.loads((sheet / "answers.json").read_text(encoding="utf-8"))["variants"][1]
    printed, exact = key["carried"]["L@2"], Fraction(key["exact"]["L@2"])
    exact_text = format((Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.0001"),
                                                                                            rounding=ROUND_HALF_UP), "f")
    assert printed != exact_text  # this variant's key and exact value differ at 4 digits (0.1513, 0.1511)
    # z_0^2@2 wrong; a_0^2@2 = z_0^2@2 (ReLU of a positive z) and L@2 = ½(y − a)² carried from it
    y = Fraction(key["spec"]["target"][0])
    z = Fraction("1.1")
    loss = (y - z) ** 2 / 2
    answers = tmp_path / "a.toml"
    answers.write_text(f'variant = 2\n"z_0^2@2" = "1.100"\n"a_0^2@2" = "1.100"\n"L@2" = "{float(loss):.4f}"\n',
                       encoding="utf-8")
    words = tomllib.loads((REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8"))
    # (stop 58: named as the key's value, not "true value … (the key's value; …)")
    expected = words["check"]["key_value_from"].format(key=f"≈ {printed}", exact=f"≈ {exact_text}", names="z_0^2@2")
    done = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(answers)])
    line = next(l for l in done.stdout.splitlines() if l.strip().startswith("L@2"))
    assert expected in line and "true value" not in line, line
    done = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(answers), "-f", "tex"])
    assert words["check_tex"]["key_value_from"].format(key=f"$\\approx {printed}$", exact=f"$\\approx {exact_text}$",
                                                       names="$z^{2\\,\\langle 2\\rangle}_{0}$") in done.stdout
