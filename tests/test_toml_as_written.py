"""A refusal quotes a TOML value as the file wrote it: a literal string 'x y' (not "x y"), an integer
0x10 or 1_000 (not 16, 1000), a float +1e+09 or +inf, a date 1979-05-27 — and the refusal of a
forward pass made too large by a spec number (too_large.py) quotes that number as written, not in
two digits (1e9, not 1·10^9).  Every refusal: exit code 2, one line naming the file and the field,
no traceback, nothing written; an answers file's value that is no number symbp can read is quoted
as written under the report's NOT READ instead (exit code 1, the rest of the file marked)."""

from __future__ import annotations

import pytest

from helpers import cli_runner, not_read, unread_beside_a_right_value
from symbp.cli import main

NET = """layers = [2, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.1
input = [1, 2]
target = [0.5]
[[layer]]
weights = [[0.2, -0.4]]
biases = [0.1]
"""
TOO_LARGE = "too large for σ(z_0^1) and its derivative"


def _net(old: str, new: str) -> str:
    assert old in NET
    return NET.replace(old, new, 1)


@pytest.mark.parametrize("spec, start", [
    (_net("input = [1, 2]", "input = [1e9, 2]"), "input[0]: 1e9 (times weights[0][0] = 0.2 of"),
    (_net("input = [1, 2]", "input = [0x3B9ACA00, 2]"), "input[0]: 0x3B9ACA00 (times weights[0][0] = 0.2 of"),
    (_net("input = [1, 2]", "inputs = [[1, 2], [+3E9, 4]]").replace("target = [0.5]", "targets = [[0.5], [0.5]]"),
     "inputs[1][0]: +3E9 (times weights[0][0] = 0.2 of"),
    (_net("weights = [[0.2, -0.4]]", "weights = [[2.0E8, -0.4]]"),
     "the 1st [[layer]] table (layer 1): weights[0][0]: 2.0E8 (times input[0] = 1)"),
    (_net("biases = [0.1]", "biases = [-5_000.5e3]"), "the 1st [[layer]] table (layer 1): biases[0]: -5_000.5e3 gives"),
    (_net('activation = "sigmoid"', "activation = 'sig moid'"), "activation: unknown activation 'sig moid'"),
    (_net("learning_rate = 0.1", "learning_rate = +inf"), "learning_rate: +inf lies outside the range"),
    (_net("input = [1, 2]", "input = [1e+200, 2]"), "input[0]: 1e+200 lies outside the range"),
    (_net("layers = [2, 1]", "layers = [2, 1_000_000]"), "layers[1]: expected a whole number from 1 to 64, got 1_000_000"),
    ("title = 0x10\n" + NET, "title: expected a string, got 0x10"),
    (_net("input = [1, 2]", "input = [1979-05-27, 2]"), "input[0]: expected a number, got date 1979-05-27"),
], ids=["1e9", "hex", "batch+3E9", "weight", "bias", "literal", "+inf", "1e+200", "1_000_000", "title-hex", "date"])
def test_a_spec_refusal_quotes_the_value_as_written(tmp_path, spec, start):
    path, out = tmp_path / "net.toml", tmp_path / "net.tex"
    path.write_text(spec, encoding="utf-8")
    result = cli_runner().invoke(main, ["derive", str(path), "-o", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"symbp: {path}: {start}")
    assert not out.exists()


def test_a_value_written_plainly_is_quoted_as_before(tmp_path):
    """The number too_large quotes beside the culprit (a plain 0.2) and the computed z (two digits)."""
    path = tmp_path / "net.toml"
    path.write_text(_net("input = [1, 2]", "input = [1e9, 2]"), encoding="utf-8")
    result = cli_runner().invoke(main, ["derive", str(path)])
    assert "= 0.2 of" in result.output and "gives z_0^1 = 2·10^8, " + TOO_LARGE in result.output


def test_an_answers_refusal_quotes_the_value_as_written(tmp_path):
    answers, report = tmp_path / "ada.toml", tmp_path / "report.txt"
    answers.write_text('student = 0x10\n"z_0^1" = 1\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--example", "nn231", str(answers), "-o", str(report)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [f"symbp: {answers}: student: expected a name in quotes, got 0x10"]
    assert not report.exists()


@pytest.mark.parametrize("written, said", [("'1/0'", "expected a number, got '1/0' (division by zero)"),
                                           ("+inf", "expected a finite number, got +inf"),
                                           ("'abc def'", "expected a number such as 0.47, \"-1.03\" or \"4.4·10^-5\", got 'abc def'")])
def test_an_answers_value_not_read_is_quoted_as_written(tmp_path, written, said):
    """Was refused (exit code 2, no report); one unreadable number no longer leaves the rest of the file
    unmarked: the report, naming the answers file, quotes it as written under NOT READ (exit code 1),
    and z_2^1 = 0.5·1 + 0.7·2 − 0.1 = 1.8 beside it is marked correct."""
    assert not_read(unread_beside_a_right_value(tmp_path, written)) == [f"z_0^1: {said}"]


def test_values_written_otherwise_work_as_their_values(tmp_path):
    """0x2 layers, a 1_000 weight's neighbours, 'sigmoid' in literal quotes: the same solution as plainly written."""
    plain, spelled = tmp_path / "plain.toml", tmp_path / "spelled.toml"
    plain.write_text(NET.replace("learning_rate = 0.1", "learning_rate = 16"), encoding="utf-8")
    spelled.write_text(NET.replace("layers = [2, 1]", "layers = [0x2, 0b1]").replace('"sigmoid"', "'sigmoid'")
                       .replace("learning_rate = 0.1", "learning_rate = 0x10"), encoding="utf-8")
    texts = [cli_runner().invoke(main, ["derive", str(p), "--format", "json"]) for p in (plain, spelled)]
    assert [t.exit_code for t in texts] == [0, 0] and texts[0].output == texts[1].output
