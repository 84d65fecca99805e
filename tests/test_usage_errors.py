"""A usage error of any command is one short line on stderr naming the option or argument (and
where the help is), exit code 2 — not click's four lines (Usage / Try / blank / Error).  --help is
unchanged."""

from __future__ import annotations

import pytest
from helpers import cli_runner, run_symbp
from symbp.cli import main

COMMANDS = sorted(main.commands)

# (arguments, what the one line must name); every subcommand the group lists is covered below.
CASES = [
    (["worksheet", "--variants", "0"], "--variants"),
    (["worksheet", "--seed", "-1"], "--seed"),
    (["worksheet", "--out"], "--out"),
    (["worksheet", "--bogus"], "--bogus"),
    (["derive", "--bogus"], "--bogus"),
    (["derive", "--digits", "x"], "--digits"),
    (["derive", "--format", "xx"], "--format"),
    (["derive", "--example"], "--example"),
    (["derive", "--locale", "xx", "--example", "nn231"], "--locale"),
    (["derive"], "SPEC"),
    (["check", "--rel-tol", "nan", "a", "b"], "--rel-tol"),
    (["check", "--example"], "--example"),
    (["check", "--bogus"], "--bogus"),
    (["check"], "ANSWERS"),
    (["--time-limit", "0", "derive"], "--time-limit"),
    (["bogus"], "bogus"),
]


def test_every_command_is_covered():
    assert sorted({args[0] for args, _ in CASES} - {"--time-limit", "bogus"}) == COMMANDS


@pytest.mark.parametrize("args,named", CASES, ids=[" ".join(a) for a, _ in CASES])
def test_a_usage_error_is_one_line_naming_the_option(args, named):
    result = cli_runner().invoke(main, args, prog_name="symbp")
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("symbp: ") and named in lines[0], lines[0]
    assert "Usage:" not in result.stderr and "Error:" not in result.stderr
    assert len(lines[0]) <= 160, lines[0]


@pytest.mark.parametrize("args,command", [(["worksheet", "--out"], "symbp worksheet"),
                                          (["check", "--example"], "symbp check"),
                                          (["derive", "--digits", "0"], "symbp derive")])
def test_the_line_points_to_the_commands_own_help(args, command):
    result = cli_runner().invoke(main, args, prog_name="symbp")
    assert f"(see '{command} --help')" in result.stderr


def test_the_installed_command_too():
    completed = run_symbp("worksheet", "--variants", "0")
    assert completed.returncode == 2
    assert completed.stderr.splitlines() == [
        "symbp: -n/--variants: 0 is not in the range 1<=x<=1000 (see 'symbp worksheet --help')"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_unchanged(command):
    result = cli_runner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and result.stdout.startswith(f"Usage: main {command} [OPTIONS]")


@pytest.mark.parametrize("typed", ["1e-400", "-1e-400", "1e400", "0.000e-999999"])
def test_a_number_lost_to_a_float_is_echoed_as_typed(typed):
    """1e-400 is 0.0 as a float: the line names what was typed, not "0.0" (which the user never wrote)."""
    result = cli_runner().invoke(main, ["check", "--rel-tol", typed, "a", "b"], prog_name="symbp")
    assert result.exit_code == 2
    if float(typed) == 0 and not any(d in "123456789" for d in typed.split("e")[0]):
        assert "0.0 is not in the range" in result.stderr  # a true 0 (0.000e-999999) is 0
    else:
        assert f"'{typed}' is not in the range 0<x<=1" in result.stderr, result.stderr
