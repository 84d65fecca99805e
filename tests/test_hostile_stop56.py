"""The hostile-input hunter's findings of stop 56: a file of 1000-digit numbers took 442 s to mark (its slips
diagnosed in exact arithmetic on every digit); an earlier run's -o file stayed after a usage error (--digits
0), passing for this run's, where a refused spec removes it; a course template's lipsum(n=1000000) ran 67 s
into the memory limit."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from helpers import REPO, cli_runner
from symbp.cli import main
from symbp.written import KEPT_DIGITS, parse_written


def test_a_number_is_kept_to_forty_significant_digits_and_echoed_as_written():
    digits = "3831844441999263290947314194082730555764601139164773705543046847241302579287923437285169"
    written = parse_written("0." + digits * 10, "z_0^1")
    assert written.significant == KEPT_DIGITS == 40
    from fractions import Fraction

    kept = Fraction("0." + digits[:40]) + (Fraction(1, 10**40) if digits[40] >= "5" else 0)
    assert written.value == kept  # (rounded half away from zero, the README's rule)
    assert written.bounded_text == "0." + digits * 10  # (echoed as written: the reviewer's LOW-MEDIUM of stop 56)
    assert parse_written("1.7" + "9" * 60, "z_0^1").bounded_text == "1.7" + "9" * 60
    short = parse_written("0.38318444", "z_0^1")
    assert short.significant == 8 and short.value == Decimal("0.38318444")


def test_right_and_wrong_values_of_a_thousand_digits_are_marked_as_their_first_digits_say(tmp_path):
    """The key's exact values (answers.json, ~30 digits) padded to ~1000 digits: right; one changed in its
    5th digit: wrong (judged at agreement.JUDGED_DIGITS, as before)."""
    ws = tmp_path / "ws"
    assert cli_runner().invoke(main, ["worksheet", "--example", "mazur", "-n", "1", "--seed", "2", "--out", str(ws)]).exit_code == 0
    variant = json.loads((ws / "answers.json").read_text(encoding="utf-8"))["variants"][0]
    names = variant["asked"]

    def padded(text: str) -> str:
        text = text if "." in text else text + "."
        return text + "0" * (990 - len(text))

    def exact(name):  # (a fraction such as "1/3" where the value is not a decimal: its decimal, to 60 digits)
        text = variant["exact"][name]
        if "/" in text:
            from fractions import Fraction

            value = Fraction(text)
            return str(Decimal(value.numerator) / Decimal(value.denominator))
        return format(Decimal(text), "f")

    lines = [f'variant = 1\n"{name}" = "{padded(exact(name))}"' if i == 0 else f'"{name}" = "{padded(exact(name))}"'
             for i, name in enumerate(names)]
    right = tmp_path / "right.toml"
    right.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--key", str(ws / "answers.json"), str(right), "--format", "json"])
    summary = json.loads(result.stdout)["summary"]
    assert result.exit_code == 0 and summary["wrong"] == 0 and summary["correct"] == len(names), summary
    first = names[0]
    value = Decimal(exact(first))
    changed = value + Decimal(10) ** (value.adjusted() - 4) * (1 if value >= 0 else -1)
    lines[0] = f'variant = 1\n"{first}" = "{padded(format(changed, "f"))}"'
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("\n".join(lines) + "\n", encoding="utf-8")
    marked = json.loads(cli_runner().invoke(main, ["check", "--key", str(ws / "answers.json"), str(wrong), "--format",
                                                   "json"]).stdout)
    assert marked["quantities"][first]["status"] == "wrong"


@pytest.mark.parametrize("command, bad", [
    ("derive", ["--digits", "0"]), ("derive", ["--detail", "bogus"]), ("derive", ["--bogus"]),
    ("check", ["--rel-tol", "-1"]), ("check", ["--min-digits", "0"]),
])
def test_a_usage_error_withdraws_the_earlier_runs_output(tmp_path, command, bad):
    spec = tmp_path / "net.toml"
    spec.write_text((REPO / "examples" / "nn231.toml").read_text(encoding="utf-8"), encoding="utf-8")
    answers = tmp_path / "ada.toml"
    answers.write_text('"z_0^1" = "-0.5"\n', encoding="utf-8")
    out = tmp_path / "out.txt"
    args = [command, str(spec), *([str(answers)] if command == "check" else []), "-o", str(out)]
    first = cli_runner().invoke(main, args)
    assert first.exit_code in (0, 1) and out.is_file(), first.output
    again = cli_runner().invoke(main, args + bad)
    assert again.exit_code == 2
    assert not out.exists() and f"removed {out}" in again.stderr, again.stderr
    own = tmp_path / "notes.txt"  # a file symbp did not write is left as it was (and said so)
    own.write_text("mine\n", encoding="utf-8")
    kept = cli_runner().invoke(main, [command, str(spec), *([str(answers)] if command == "check" else []), "-o", str(own),
                                      *bad])
    assert kept.exit_code == 2 and own.read_text(encoding="utf-8") == "mine\n"


def test_a_course_templates_lipsum_is_bounded(tmp_path):
    folder = tmp_path / "course" / "text"
    folder.mkdir(parents=True)
    (folder / "solution.txt.jinja").write_text("<%= lipsum(n=1000000) %>", encoding="utf-8")
    refused = cli_runner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "course")])
    assert refused.exit_code == 2 and "lipsum of more than 100 paragraphs" in refused.stderr, refused.output
    (folder / "solution.txt.jinja").write_text("<%= lipsum(3, html=False).count('\\n\\n') %>", encoding="utf-8")
    allowed = cli_runner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "course")])
    assert allowed.exit_code == 0 and allowed.stdout.strip() == "2", allowed.output


def test_o_dash_and_a_pipe_behind_dev_stdout_are_named(tmp_path):
    import subprocess
    import sys

    dash = cli_runner().invoke(main, ["derive", "--example", "nn231", "-o", "-", "--format", "text"])
    assert dash.exit_code == 2 and "'-' is no file name here: leave the option out to write to standard output" in dash.stderr
    piped = subprocess.run(f"{sys.executable} -m symbp derive --example nn231 --format text -o /dev/stdout | cat",
                           shell=True, capture_output=True, text=True, cwd=tmp_path)
    assert "/dev/stdout: is a device, FIFO or socket, not a regular file" in piped.stderr, piped.stderr
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("text, read", [("-7.897∙10^-4", Decimal("-0.0007897")), ("0_9", None), ("1_000", None),
                                        # (the new user's LOWs: a relation sign ≃, a calculator's value cut with …)
                                        ("≃ -0,3989", Decimal("-0.3989")), ("0,3041…", Decimal("0.3041")),
                                        ("0.3041...", Decimal("0.3041")), ("...", None),
                                        ("1/3…", None), ("1e5…", None), ("4.386·10^-4…", None)])
def test_number_forms(text, read):
    from symbp.errors import SpecError

    if read is None:
        with pytest.raises(SpecError):
            parse_written(text, "z_0^1")
    else:
        assert parse_written(text, "z_0^1").value == read


def test_the_variant_override_is_said_in_the_keys_language(tmp_path):
    """(the new user's MEDIUM of stop 56) a French key's run said 'names variant 3: marked as variant 2' in English."""
    ws = tmp_path / "ws"
    assert cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "3", "--seed", "1", "--locale", "fr",
                                      "--out", str(ws)]).exit_code == 0
    answers = tmp_path / "ada.toml"
    answers.write_text('variant = 3\n"z_0^1" = "-0,5"\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--key", str(ws / "answers.json"), "--variant", "2", str(answers)])
    assert f"symbp: {answers} indique la variante 3 : corrigé comme variante 2, comme le dit --variant" in result.stderr, result.stderr
