"""A refusal is one line naming the file as the user typed its path, then the field, echoing the value
as written, and saying the limit of its own range (review 35: derive and worksheet named the field
only; a bare TOML 1e9 came back as 1000000000.0, a string as Python's 'abc'; an answers file's
-1e1001 was refused without itself).  Exit code 2, no traceback, no output file.  An answers file's
number beyond the limits is no longer refused (one unreadable number no longer leaves the rest of the
file unmarked): the report, naming the file as typed, says it in the same words under NOT READ."""

from __future__ import annotations

import re

import pytest

from helpers import REPO, cli_runner, not_read
from symbp.cli import main
from symbp.errors import SpecError

NN231 = (REPO / "examples" / "nn231.toml").read_text(encoding="utf-8")
COMMANDS = {"derive": ["derive", "{spec}", "-o", "{out}/x.md"],
            "worksheet": ["worksheet", "{spec}", "-n", "2", "--seed", "1", "--out", "{out}/sheet"],
            "check": ["check", "{spec}", "{answers}", "-o", "{out}/x.txt"]}


def _run(tmp_path, command: str, spec_text: str, answers: str = '"z_0^1" = 0.5\n'):
    (tmp_path / "my net.toml").write_text(spec_text, encoding="utf-8")
    (tmp_path / "a.toml").write_text(answers, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    names = {"spec": "my net.toml", "answers": "a.toml", "out": "out"}
    argv = [arg.format(**names) for arg in COMMANDS[command]]
    import os

    here = os.getcwd()
    os.chdir(tmp_path)  # the spec's path as typed: relative
    try:
        result = cli_runner().invoke(main, argv)
    finally:
        os.chdir(here)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert not any(out.iterdir())  # no output file
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _not_read(tmp_path, answers: str) -> list[str]:
    """`check` of nn231 with these answers, run as _run runs it (-o out/x.txt, paths as typed): exit code
    1, no traceback, a report naming a.toml as typed and z_2^1 = 0.5·1 + 0.7·2 − 0.1 = 1.8 correct (the
    answers give it); its NOT READ lines."""
    import os

    (tmp_path / "my net.toml").write_text(NN231, encoding="utf-8")
    (tmp_path / "a.toml").write_text(answers + '"z_2^1" = 1.8\n', encoding="utf-8")
    (tmp_path / "out").mkdir()
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = cli_runner().invoke(main, ["check", "my net.toml", "a.toml", "-o", "out/x.txt"])
    finally:
        os.chdir(here)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    report = (tmp_path / "out" / "x.txt").read_text(encoding="utf-8")
    assert report.splitlines()[0].startswith("Marking of a.toml against ") and "\nCORRECT (1)\n  z_2^1\n" in report
    return not_read(report)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("old, new, said", [
    ("layers = [2, 3, 1]", "layers = [2, 1e9, 1]", "layers[1]: expected a whole number, got 1e9"),
    ("learning_rate = 0.1", "learning_rate = -1E3", "learning_rate: expected a positive number, got -1E3"),
    ("learning_rate = 0.1", 'learning_rate = "abc"', 'learning_rate: expected a number such as 0.5 or "1/3", got "abc"'),
    ("input = [1, 2]", "input = [1e101, 2]",
     "input[0]: 1e101 lies outside the range of spec numbers, 10^-100 to 10^100 in size (or 0)"),
], ids=["1e9", "-1E3", "string", "range"])
def test_a_spec_refusal_names_the_file_and_echoes_the_value(tmp_path, command, old, new, said):
    assert old in NN231
    assert _run(tmp_path, command, NN231.replace(old, new, 1)) == f"symbp: my net.toml: {said}"


def test_a_refusal_after_reading_names_the_file_too(tmp_path):
    """z = 10^99 · 10^99 is refused when the network is worked out, not when the spec is read."""
    spec = NN231.replace("input = [1, 2]", "input = [1e99, 2]").replace("[0.2, -0.4]", "[1e99, -0.4]")
    assert _run(tmp_path, "derive", spec).startswith("symbp: my net.toml: z_0^1: ")


def test_symbp_load_names_the_file(tmp_path):
    import symbp

    path = tmp_path / "net.toml"
    path.write_text(NN231.replace("learning_rate = 0.1", "learning_rate = true"), encoding="utf-8")
    with pytest.raises(SpecError, match=re.escape(f"{path}: learning_rate: expected a number, got true")):
        symbp.load(path)


@pytest.mark.parametrize("written, echo", [("-1e1001", "-1e1001"), ('"\u22121e1001"', '"\u22121e1001"'),
                                           ("1e-1001", "1e-1001")])
def test_an_answer_beyond_the_limits_is_echoed_with_its_range(tmp_path, written, echo):
    assert _not_read(tmp_path, f'"z_0^1" = {written}\n') == [
        f"z_0^1: {echo} lies outside the range of answer numbers, 10^-1000 to 10^1000 in size (or 0)"]


def test_the_readme_states_both_ranges_as_the_commands_say_them(tmp_path):
    """README "Two ranges of numbers": its two example lines are the commands' own — the spec's
    refusal, and the answers report's NOT READ line (an answer number beyond the limits is not read,
    and the rest of the file is marked)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Two ranges of numbers.**"):]
    section = section[:section.index("\n\n")]
    examples = re.findall(r"`((?:symbp|z_0\^1): [^`]+)`", section)
    assert len(examples) == 2
    (tmp_path / "x").mkdir()
    spec_line = _run(tmp_path / "x", "derive", NN231.replace("input = [1, 2]", "input = [1e101, 2]"))
    answer_lines = _not_read(tmp_path, '"z_0^1" = -1e1001\n')
    assert examples[0] == spec_line.replace("my net.toml", "net.toml")
    assert [examples[1]] == answer_lines
