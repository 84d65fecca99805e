"""Every point earned, and exit code 1 all the same: the summary says which values worth no points
(f'(z) worked out on the way, a given value miscopied) are why.

A wrong optional f'(z) beside right values everywhere else gave "points: 48 of 48" and exit code 1
with nothing to say why.  The answers are the careful student's (careful_student.py, worked
independently of symbp's engine); the sentence is the catalogue's (templates/i18n), filled in here.
"""
from __future__ import annotations

import json
import tomllib
from decimal import Decimal

import pytest

from careful_student import CarefulStudent, as_text
from helpers import REPO, cli_runner
from symbp.cli import main

SPEC = """layers = [2, 2, 1]
loss = "half_sse"
learning_rate = 0.5
input = [1, -2]
target = [0.3]
[[layer]]
activation = "sigmoid"
weights = [[0.4, -0.3], [0.7, 0.2]]
biases = [0.1, -0.5]
[[layer]]
activation = "sigmoid"
weights = [[0.9, -1.1]]
biases = [0.2]
"""
F_PRIME = "local:da_1^1/dz_1^1"


def catalogue(locale: str, section: str) -> dict:
    return tomllib.loads((REPO / "templates" / "i18n" / f"{locale}.toml").read_text(encoding="utf-8"))[section]


def run(tmp_path, answers: dict, *options) -> tuple[int, str]:
    spec = tmp_path / "net.toml"
    spec.write_text(SPEC, encoding="utf-8")
    path = tmp_path / "answers.toml"
    path.write_text("".join(f'"{k}" = "{as_text(v)}"\n' for k, v in answers.items()), encoding="utf-8")
    result = cli_runner().invoke(main, ["check", str(spec), str(path), *options])
    return result.exit_code, result.stdout


def careful(wrong_f_prime: bool) -> dict:
    answers = CarefulStudent(tomllib.loads(SPEC)).work()
    if wrong_f_prime:
        answers[F_PRIME] = answers[F_PRIME] * Decimal("1.5")
    return answers


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_a_wrong_f_prime_worth_no_points_is_named_as_why_the_check_fails(tmp_path, locale):
    answers = careful(wrong_f_prime=True)
    code, report = run(tmp_path, answers, "--format", "json")
    summary = json.loads(report)["summary"]
    assert (code, summary["wrong"], summary["points"]) == (1, 1, summary["possible"])
    code, report = run(tmp_path, answers, "--locale", locale)
    assert code == 1
    status = catalogue(locale, "status")["wrong"]
    line = catalogue(locale, "check")["fails_without_points"]["one"].format(names=f"{F_PRIME} ({status})")
    assert line in " ".join(report.split()), report


def test_the_latex_report_names_it_too(tmp_path):
    code, report = run(tmp_path, careful(wrong_f_prime=True), "--format", "tex")
    assert code == 1
    assert catalogue("en", "check_tex")["fails_without_points"]["one"].split("{names}")[0] in report


def test_a_right_answer_has_no_such_line(tmp_path):
    code, report = run(tmp_path, careful(wrong_f_prime=False))
    assert code == 0
    assert catalogue("en", "check")["fails_without_points"]["one"].split(":")[0] not in report


def test_with_points_lost_the_wrong_values_say_why_and_the_line_is_left_out(tmp_path):
    """A wrong f'(z) and a wrong L: "points: 47 of 48" and the line said "exit code 1 all the same"
    although a point was lost (the new user's LOW, stop 47): it is printed only with every point earned."""
    answers = careful(wrong_f_prime=True)
    answers["L"] = answers["L"] * Decimal("2")
    code, report = run(tmp_path, answers, "--format", "json")
    summary = json.loads(report)["summary"]
    assert code == 1 and summary["points"] < summary["possible"] and summary["wrong"] >= 2
    for fmt in ("text", "tex"):
        code, report = run(tmp_path, answers, "--format", fmt)
        section = "check" if fmt == "text" else "check_tex"
        assert code == 1 and catalogue("en", section)["fails_without_points"]["one"].split(":")[0] not in report
