"""Values beyond the number limits, and a run that fails with an internal error (stop 69's hostile tester).

A sigmoid output at z = −2400 is ≈ 10^−1043: answers and reports read and write numbers from 10^−1000 to 10^1000,
so `check` failed with an internal error (exit 70) on such a spec, a right answer could not be read, and a
worksheet could hand out a key `check` refused.  The spec is now refused at once, naming the value (exit 2).
And a run that fails with an internal error withdraws its -o file of an earlier run, as a refused one does."""

from __future__ import annotations

import math

import pytest
from click.testing import CliRunner

from symbp.cli import main

SIGMOID = """layers = [1, 1]
activation = "sigmoid"
loss = "bce"
learning_rate = 0.1
input = [1]
target = [1]

[[layer]]
weights = [[{w}]]
biases = [0]
"""


def _power(z: float) -> int:
    """floor(log10 σ(z)) for z far below 0, where σ(z) = e^z / (1 + e^z) ≈ e^z: z / ln 10, by hand."""
    return math.floor(z / math.log(10))


@pytest.mark.parametrize("command", ["derive", "check"])
def test_a_value_beyond_the_limits_is_refused_naming_it(tmp_path, command):
    spec = tmp_path / "net.toml"
    spec.write_text(SIGMOID.format(w=-2400))
    answers = tmp_path / "a.toml"
    answers.write_text('"delta_0^1" = "-1.0"\n')
    args = [command, str(spec)] + ([str(answers)] if command == "check" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "a_0^1" in lines[0] and f"10^{_power(-2400)}" in lines[0], lines
    assert "internal error" not in result.output


def test_a_value_within_the_limits_is_worked_out(tmp_path):
    """σ(−2000) ≈ 10^−869 is within them: derived as before."""
    spec = tmp_path / "net.toml"
    spec.write_text(SIGMOID.format(w=-2000))
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 0, result.output
    assert f"10^−{-_power(-2000)}" in result.output


def test_a_graph_value_beyond_the_limits_is_refused(tmp_path):
    spec = tmp_path / "g.toml"
    spec.write_text('kind = "graph"\ninputs = { x = -2400 }\nexpression = "f = exp(x) * 2"\n')
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2 and "f.1" in result.output and f"10^{_power(-2400)}" in result.output, result.output


def test_an_internal_error_withdraws_the_earlier_report(tmp_path, monkeypatch):
    answers = tmp_path / "a.toml"
    answers.write_text('"z_0^1" = "-0.5"\n')
    report = tmp_path / "r.txt"
    first = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers), "-o", str(report)])
    assert first.exit_code in (0, 1) and report.exists(), first.output
    import symbp.marking

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(symbp.marking, "mark", broken)
    again = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers), "-o", str(report)])
    assert again.exit_code == 70, again.output
    assert not report.exists(), again.output  # the earlier run's report does not pass for this run's
