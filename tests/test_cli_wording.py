"""What a new user meets first: `symbp` alone shows its help on stdout (exit 0, as `--help` and
click groups before 8.2 do), a mistyped number is "not a valid whole number" (not click's "integer
range"), every "did you mean" reads the same — "(did you mean 'x'?)" after the name not found,
one suggestion — and --min-digits' help states the range the command enforces (1 to --digits)."""

from __future__ import annotations

import re

import pytest
from helpers import cli_runner
from symbp.cli import main

SUGGESTION = re.compile(r" \(did you mean '[^']+'\?\)")


def _invoke(*args):
    return cli_runner().invoke(main, [str(a) for a in args], prog_name="symbp")


def test_symbp_alone_prints_its_help_on_stdout():
    bare, asked = _invoke(), _invoke("--help")
    assert (bare.exit_code, bare.stderr) == (0, "")
    assert bare.stdout == asked.stdout and "Commands:" in bare.stdout


@pytest.mark.parametrize("args,option", [(["worksheet", "--example", "nn231", "--seed", "x"], "--seed"),
                                         (["derive", "--example", "nn231", "--digits", "x"], "--digits"),
                                         (["check", "--example", "nn231", "a.toml", "--rel-tol", "x"], "--rel-tol")])
def test_a_word_for_a_number_is_named_so(args, option):
    line = _invoke(*args).stderr
    assert f"{option}: 'x' is not a valid " in line
    assert "range" not in line.split("(see")[0]


def _spec(tmp_path, text, name):
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", ["command", "option", "example", "key", "activation", "function", "quantity"])
def test_every_suggestion_has_one_form(case, tmp_path):
    net = 'layers = [2, 1]\nloss = "half_sse"\nlearning_rate = 0.1\n'
    args, wanted = {
        "command": (["derve"], "derive"),
        "option": (["derive", "--exampel", "nn231"], "--example"),
        "example": (["derive", "--example", "nn23"], "nn231"),
        "key": (["derive", _spec(tmp_path, net + 'activaton = "relu"\n', "key")], "activation"),
        "activation": (["derive", _spec(tmp_path, net + 'activation = "rleu"\n', "activation")], "relu"),
        "function": (["derive", _spec(tmp_path, 'kind = "graph"\ninputs = { x = 1 }\nexpression = "f = sqr(x)"\n', "graph")],
                     "sqrt"),
        "quantity": (["check", "--example", "nn231", _spec(tmp_path, '"z_0^3" = 1\n', "answers")], "z_0^2"),
    }[case]
    line = _invoke(*args).stderr.strip()
    found = SUGGESTION.findall(line)
    assert found == [f" (did you mean {wanted!r}?)"], line
    assert "Did you mean" not in line and "one of: '" not in line


def test_min_digits_help_states_the_range_check_enforces():
    text = " ".join(_invoke("check", "--help").stdout.split())
    assert "1 to --digits" in text and "1 to 15" not in text
    refused = _invoke("check", "--example", "nn231", "a.toml", "--digits", "3", "--min-digits", "4")
    assert refused.exit_code == 2 and "--min-digits" in refused.stderr


@pytest.mark.parametrize("command", ["derive", "worksheet", "check"])
@pytest.mark.parametrize("typed,wanted", [("--bogus", None), ("--xyz", None), ("--seeds", "--seed"),
                                          ("--exampel", "--example")])
def test_an_option_is_suggested_only_for_a_name_like_it(command, typed, wanted):
    """click likens option names with their two dashes: '--bogus' was answered "did you mean '--out'?"
    (worksheet, check) — 'bogus' and 'out' share no more than a 'u'.  A name is suggested where the
    names without their dashes are alike (difflib, as for every other suggestion)."""
    result = _invoke(command, typed)
    line = result.stderr.strip()
    assert result.exit_code == 2 and f"no such option {typed!r}" in line
    if wanted is None or wanted not in _invoke(command, "--help").stdout:
        assert not SUGGESTION.search(line), line
    else:
        assert SUGGESTION.findall(line) == [f" (did you mean {wanted!r}?)"], line


@pytest.mark.parametrize("field,written,meant", [("loss", "MSE", "mse"), ("activation", "ReLU", "relu"),
                                                 ("activation", "Sigmoid", "sigmoid")])
def test_a_name_in_other_capitals_is_suggested(tmp_path, field, written, meant):
    # user31: loss = "MSE" got no suggestion (difflib compares case-sensitively)
    other = {"loss": 'activation = "relu"', "activation": 'loss = "mse"'}[field]
    spec = _spec(tmp_path, f'layers = [2, 1]\nlearning_rate = 0.1\n{other}\n{field} = "{written}"\n', "caps")
    result = _invoke("worksheet", spec, "-n", "2", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"(did you mean '{meant}'?)" in result.stderr
    assert not (tmp_path / "out").exists()
