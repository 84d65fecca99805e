"""A decimal comma in a spec is asked about with the field and the number meant (stop 53/54's
leftovers, stop 55): `input = [1,5, 2]` read as three whole numbers for two got only "expected 2
numbers, got 3"; `learning_rate = 1,5` (not TOML) got a hint with the fixed number 0.5.  The hint
names the line and the number with a point, in the run's language; a list written without spaces
that has the right count is no error at all."""
from __future__ import annotations

import pytest

from helpers import cli_runner
from symbp.cli import main
from symbp.resources import example_path

NN231 = example_path("nn231").read_text(encoding="utf-8")


def refusal(tmp_path, old: str, new: str, *options) -> str:
    assert old in NN231
    spec = tmp_path / "net.toml"
    spec.write_text(NN231.replace(old, new, 1), encoding="utf-8")
    result = cli_runner().invoke(main, ["derive", str(spec), *options])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr.strip()


def line_of(text: str) -> int:
    return next(n for n, line in enumerate(NN231.replace("input = [1, 2]", text).splitlines(), start=1) if line == text)


@pytest.mark.parametrize("written, comma, point", [("input = [1,5, 2]", "1,5", "1.5"), ("input = [1, 2,5]", "2,5", "2.5")])
def test_a_list_with_a_decimal_comma_is_asked_about(tmp_path, written, comma, point):
    said = refusal(tmp_path, "input = [1, 2]", written)
    assert said.endswith(f"net.toml: input: expected 2 numbers, got 3 (a decimal comma? line {line_of(written)} "
                    f"writes {comma}; a spec writes numbers with a point: {point})")


def test_a_weight_row_with_a_decimal_comma_names_its_line(tmp_path):
    said = refusal(tmp_path, "weights = [[0.2, -0.4]", "weights = [[0.2, -0,4]")
    number = next(n for n, line in enumerate(NN231.splitlines(), start=1) if line.startswith("weights = [[0.2, -0.4]"))
    assert said.endswith(f"weights[0]: expected 2 numbers, got 3 (a decimal comma? line {number} writes -0,4; "
                         "a spec writes numbers with a point: -0.4)"), said


def test_an_unquoted_decimal_comma_names_the_key_and_the_number(tmp_path):
    said = refusal(tmp_path, "learning_rate = 0.1", "learning_rate = 1,5")
    assert said.endswith("(a decimal comma? a spec writes numbers with a point: learning_rate = 1.5)"), said


def test_a_list_without_spaces_is_read_as_written(tmp_path):
    spec = tmp_path / "net.toml"
    spec.write_text(NN231.replace("input = [1, 2]", "input = [1,2]"), encoding="utf-8")
    assert cli_runner().invoke(main, ["derive", str(spec), "--format", "json"]).exit_code == 0


def test_in_german_a_spec_number_is_still_written_with_a_point(tmp_path):
    said = refusal(tmp_path, "learning_rate = 0.1", 'learning_rate = "x"\nlocale = "de"')
    assert "0.5" in said and "0,5" not in said, said


@pytest.mark.parametrize("old, new", [
    ('title = "Neural Network 1: 231"', 'title = "Net [2,3,1]"\nbogus = [1]'),  # a title's 2,3: not the field's line
    ("input = [1, 2]", "input = [1,2,3]"),  # three whole numbers: no one decimal meant
])
def test_no_hint_where_the_fields_own_line_shows_no_decimal_comma(tmp_path, old, new):
    text = NN231.replace(old, new, 1)
    if "bogus" in new:
        text = text.replace("input = [1, 2]", "input = [1, 2, 3]")
    spec = tmp_path / "net.toml"
    spec.write_text(text, encoding="utf-8")
    result = cli_runner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2 and "decimal comma" not in result.stderr, result.stderr


@pytest.mark.parametrize("value", ["1,5e-3", "1,000,000"])
def test_no_hint_for_what_is_no_one_decimal_comma(tmp_path, value):
    said = refusal(tmp_path, "learning_rate = 0.1", f"learning_rate = {value}")
    assert "decimal comma" not in said, said


def test_a_long_key_is_not_echoed_whole(tmp_path):
    said = refusal(tmp_path, "learning_rate = 0.1", "x" * 60000 + " = 1,5")
    assert len(said) < 1000, len(said)
