"""A number no reader can hold — a bare exponent of 30 digits, JSON's NaN and Infinity, a JSON integer of
1,501 digits — is that one value's problem, named with its field: in an answers file a NOT READ line (the
other values marked, as TOML's nan already was), in a spec the field's refusal.  Before, the whole file was
refused without a field ("a number beyond symbp's limits", "not valid JSON: NaN is not a number")."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO

HUGE = "1e" + "9" * 30


def _not_read(output: str) -> dict:
    """The NOT READ section's lines, by name."""
    section = output.split("NOT READ", 1)[1].split("\n\n", 1)[0]
    return dict(re.findall(r"^  (\S+): (.*)$", section, re.M))


@pytest.mark.parametrize("name, text", [
    ("a.toml", f'"z_1^1" = "1.1"\n"z_0^1" = {HUGE}\n'),
    ("a.json", f'{{"z_1^1": "1.1", "z_0^1": {HUGE}}}'),
    ("nan.json", '{"z_1^1": "1.1", "z_0^1": NaN}'),
    ("inf.json", '{"z_1^1": "1.1", "z_0^1": -Infinity}'),
    ("long.json", '{"z_1^1": "1.1", "z_0^1": ' + "7" * 1501 + "}"),
])
def test_an_answer_no_reader_holds_is_not_read_and_the_rest_is_marked(tmp_path, name, text):
    answers = tmp_path / name
    answers.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers)])
    assert result.exit_code == 1, result.output  # (a value not read: exit 1, the file marked)
    assert list(_not_read(result.output)) == ["z_0^1"], result.output
    assert "CORRECT (1)\n  z_1^1" in result.output, result.output


def test_a_spec_number_beyond_every_reader_is_refused_by_its_field(tmp_path):
    spec = tmp_path / "net.toml"
    text = (REPO / "examples" / "nn231.toml").read_text(encoding="utf-8")
    spec.write_text(re.sub(r"^learning_rate = .*$", f"learning_rate = {HUGE}", text, flags=re.M), encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2
    assert f"learning_rate: {HUGE} lies outside the range of spec numbers" in result.output, result.output
