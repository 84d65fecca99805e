"""A value whose decimal point is one to three places off is named as that slip (stop 52: "1.443"
for 0.1443 was "wrong" with no slip named, or, for some values, "a digit miscopied").  The slip
values are worked out here from the exact key with Fractions; the words come from the catalogues."""

from __future__ import annotations

import json
import tomllib
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO


def _words(locale: str, key: str) -> str:
    return tomllib.loads((REPO / "templates" / "i18n" / f"{locale}.toml").read_text(encoding="utf-8"))["slip"][key]


def _exact(example: str) -> dict:
    done = CliRunner().invoke(main, ["derive", "--example", example, "-f", "json"])
    return {name: Fraction(text) for name, text in json.loads(done.stdout)["exact"].items()}


def _significant(value: Fraction, digits: int) -> str:
    with localcontext() as context:
        context.prec, context.rounding = digits, ROUND_HALF_UP
        return format(+(Decimal(value.numerator) / Decimal(value.denominator)), "f")


def _report(tmp_path, example: str, answers: dict, *options) -> dict:
    path = tmp_path / "a.toml"
    path.write_text("".join(f'"{name}" = "{text}"\n' for name, text in answers.items()), encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--example", example, str(path), "-f", "json", *options])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)["quantities"]


@pytest.mark.parametrize("example, name, places", [
    ("nn231", "w_10^1@2", 1),     # −0.21 written −2.1
    ("nn231", "L@2", -1),          # 0.006272 written 0.0006272
    ("mazur", "a_0^1", 1),         # 0.5933 written 5.933
    ("mazur", "a_1^1", -2),        # 0.5969 written 0.005969
    ("mazur", "z_1^2", 3),
])
def test_a_moved_decimal_point_is_named(tmp_path, example, name, places):
    exact = _exact(example)
    text = _significant(exact[name] * Fraction(10) ** places, 4)
    marks = _report(tmp_path, example, {name: text})[name]
    assert marks["status"] == "wrong" and marks["diagnosis_key"] == "decimal_point_moved", (text, marks)
    assert marks["diagnosis"] == _words("en", "decimal_point_moved")


def test_the_right_value_and_other_pen_slips_are_as_before(tmp_path):
    exact = _exact("mazur")
    right = _significant(exact["a_0^1"], 4)
    miscopied = right[:-1] + ("1" if right[-1] != "1" else "2")  # the last digit changed: not a factor of ten
    marks = _report(tmp_path, "mazur", {"a_0^1": right, "a_1^1": miscopied.replace("0.593", "0.596")})
    assert marks["a_0^1"]["status"] == "correct"
    assert marks["a_1^1"]["diagnosis_key"] != "decimal_point_moved"


@pytest.mark.parametrize("locale", ["de", "fr"])
def test_the_slip_is_named_in_the_reports_language(tmp_path, locale):
    exact = _exact("nn231")
    text = _significant(exact["w_10^1@2"] * 10, 4)
    marks = _report(tmp_path, "nn231", {"w_10^1@2": text}, "--locale", locale)["w_10^1@2"]
    assert marks["diagnosis"] == _words(locale, "decimal_point_moved")
