"""Shared helpers for the tests: running the installed `symbp` command, and building spec tables.

Nothing here computes an expected value: expected numbers are written in the tests themselves or
computed there by an independent route.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_NN231 = REPO / "examples" / "nn231.toml"


def symbp_command() -> list[str]:
    """The console script installed next to this interpreter, else the same entry point via -c."""
    script = Path(sys.executable).parent / "symbp"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from symbp.cli import main; main()"]


def run_symbp(*args, cwd=None, env=None, timeout=300) -> subprocess.CompletedProcess:
    """Run `symbp ARGS` in a fresh process; text output, never raises on a non-zero exit."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(symbp_command() + [str(a) for a in args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def run_python(code: str, cwd=None, env=None, timeout=300) -> subprocess.CompletedProcess:
    """Run `python -c CODE` in a fresh interpreter."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def symbp_here(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    """`symbp ARGS` as run_symbp gives it (exit code, stdout, stderr), run by the same click command
    in this process: for tests of what the command writes and exits with, where a fresh
    interpreter's start-up (~0.5-1 s of CPU) is not what is tested.  `cwd` and the variables of
    `env` hold during the run only.  An exception the command let through is appended to stderr as
    the traceback a fresh process would print."""
    import traceback

    from symbp.cli import main

    here = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = cli_runner().invoke(main, [str(a) for a in args], env=env)
    finally:
        os.chdir(here)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(["symbp", *map(str, args)], result.exit_code, result.stdout, stderr)


def cli_runner():
    """A click CliRunner whose result has separate .stdout and .stderr (click 8.1 and 8.2+)."""
    from click.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


def naming(quantity: str) -> str:
    """A regex that finds the quantity's name in a message as a whole name (`L` not in `dL/dw`
    or `L@2`; `z_1^1` not in `z_1^1@2`)."""
    return r"(?<![\w/@^\[])" + re.escape(quantity) + r"(?![\w@^\[])"


def unread_beside_a_right_value(tmp_path, written: str) -> str:
    """`symbp check --example nn231` of a file giving `"z_0^1" = WRITTEN` (a value symbp cannot read) and
    z_2^1 = 0.5·1 + 0.7·2 − 0.1 = 1.8: the report's text, checked to name the answers file, to mark
    z_2^1 correct and to exit with 1, no traceback (one unreadable number no longer leaves the rest of
    the file unmarked)."""
    from symbp.cli import main

    answers, report = tmp_path / "ada.toml", tmp_path / "report.txt"
    answers.write_text(f'"z_0^1" = {written}\n"z_2^1" = 1.8\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--example", "nn231", str(answers), "-o", str(report)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    text = report.read_text(encoding="utf-8")
    assert str(answers) in text.splitlines()[0] and "\nCORRECT (1)\n  z_2^1\n" in text
    return text


def not_read(report: str) -> list[str]:
    """The lines of an English text check report's NOT READ section, each `FIELD: message` (a value
    the answers file gives that symbp cannot read as a number, marked as not given); [] where the
    report has none.  The count in its heading, `NOT READ (n): …`, must be the number of lines."""
    lines = report.splitlines()
    heads = [i for i, line in enumerate(lines) if line.startswith("NOT READ (")]
    if not heads:
        return []
    assert len(heads) == 1, heads
    count = int(re.match(r"NOT READ \((\d+)\)", lines[heads[0]]).group(1))
    section = []
    for line in lines[heads[0] + 1:]:
        if not line.startswith("  "):
            break
        section.append(line[2:])
    assert len(section) == count, (count, section)
    return section


def json_key(completed: subprocess.CompletedProcess) -> dict:
    """The JSON answer key a successful `symbp derive ... --format json` printed."""
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def number(value: Fraction) -> str:
    """A Fraction as a spec string ("-3/7", "0.25"): the form a user may write in TOML."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def spec_table(widths, activations, loss, weights, biases, inputs, targets, learning_rate=Fraction(1, 10),
               steps=1, negative_slope=None) -> dict:
    """A spec as the TOML schema's table (issue 2, section 2); numbers as exact strings.

    `inputs`/`targets` are lists of samples; more than one sample gives a batch (inputs/targets).
    """
    table = {
        "layers": list(widths),
        "loss": loss,
        "learning_rate": number(learning_rate),
        "steps": steps,
        "layer": [],
    }
    if len(inputs) == 1:
        table["input"] = [number(v) for v in inputs[0]]
        table["target"] = [number(v) for v in targets[0]]
    else:
        table["inputs"] = [[number(v) for v in row] for row in inputs]
        table["targets"] = [[number(v) for v in row] for row in targets]
    for activation, W, B in zip(activations, weights, biases):
        layer = {"weights": [[number(v) for v in row] for row in W], "biases": [number(v) for v in B],
                 "activation": activation}
        if negative_slope is not None and activation == "leaky_relu":
            layer["negative_slope"] = number(negative_slope)
        table["layer"].append(layer)
    return table


# A small untitled 2-2-1 sigmoid network (course catalogue tests: its heading is the message `network.heading`)
UNTITLED_221 = """layers = [2, 2, 1]
activation = "sigmoid"
loss = "mse"
learning_rate = 0.5
input = [1, 2]
target = [0.5]
[[layer]]
weights = [[0.1, 0.2], [0.3, -0.4]]
biases = [0, 0.1]
[[layer]]
weights = [[0.5, -0.5]]
biases = [0.1]
"""
