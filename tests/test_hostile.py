"""Hostile input, faults and signals (issue 15): every case of the issue is a row of CORPUS.

Each row is a command line run in-process (CliRunner) on files made for it; it asserts the exit
code, a message on stderr that names the field or file (one line, no traceback, no raw control
character), and — where the case is about files — what is on disk afterwards: nothing partial,
nothing stale, nothing clobbered.  The cases that need a real process (signals, a full disk,
TeX) follow the table.  The time bound of every run is symbp's own time budget (`--time-limit`):
a run that would hang ends with exit code 2 and "time budget", which fails the row.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from helpers import REPO, cli_runner, run_symbp, symbp_command

from symbp.cli import main

NN231 = (REPO / "examples" / "nn231.toml").read_text(encoding="utf-8").split("\n[variants]")[0]  # (cases add their own table)
SOFTMAX3 = (REPO / "examples" / "softmax3.toml").read_text(encoding="utf-8")
TIME_LIMIT = "60"  # seconds per run: far beyond any row's need, short of a hang


def nn231(**replace) -> str:
    """nn231's spec with top-level lines replaced (key -> its TOML value text; None drops it)."""
    lines = NN231.splitlines()
    for key, value in replace.items():
        lines = [line for line in lines if not line.startswith(f"{key} =")]
        if value is not None:
            lines.insert(2, f"{key} = {value}")
    return "\n".join(lines) + "\n"


def one_neuron(activation: str, loss: str, weight, target, width: int = 1, weights=None) -> str:
    """A 1-input network with `width` outputs (weights: one per output), as a spec text."""
    rows = ", ".join(f"[{w}]" for w in (weights or [weight]))
    return (f'layers = [1, {width}]\nactivation = "{activation}"\nloss = "{loss}"\nlearning_rate = 0.1\n'
            f"input = [1]\ntarget = {target}\n\n[[layer]]\nweights = [{rows}]\nbiases = [{', '.join(['0'] * width)}]\n")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@dataclass
class Case:
    """One hostile input: the files it needs, the command line, and what must come of it."""

    argv: list  # "{d}" in an argument stands for the case's folder
    code: int
    message: str = ""  # a regular expression that stderr must match (the field or file named)
    files: dict = field(default_factory=dict)  # relative name -> text (or bytes, or a callable(path))
    after: Callable | None = None  # extra assertions on the folder afterwards


def template(source, message: str, after=None) -> Case:
    """derive with a course's template folder whose text/solution.txt.jinja is `source`."""
    return Case(["derive", "--example", "nn231", "--templates", "{d}/tpl"], 2, message,
                {"tpl/text/solution.txt.jinja": source}, after)


def _link(target: str):
    return lambda path: os.symlink(target, path)


def _fifo(path):
    os.mkfifo(path)


def _unchanged_link(d: Path):
    assert (d / "link.txt").is_symlink() and os.readlink(d / "link.txt") == "real.txt"
    assert (d / "real.txt").read_text(encoding="utf-8").startswith("Neural Network 1: 231")


def _fifo_kept(d: Path):
    assert (d / "fifo").exists() and not (d / "fifo").is_file()
    assert [p.name for p in d.iterdir()] == ["fifo"]  # no temporary file left beside it


def _huge_exponent_not_read(d: Path):
    """1e999999999 is named, with the range it lies outside, as not read and not given; one unreadable
    number no longer leaves the rest of the file unmarked: z_2^1 = 0.5·1 + 0.7·2 − 0.1 = 1.8 is correct."""
    report = json.loads((d / "report.json").read_text(encoding="utf-8"))
    assert report["not_read"] == [{"name": "z_0^1", "text": "1e999999999", "reason": "1e999999999 lies outside the "
                                   "range of answer numbers, 10^-1000 to 10^1000 in size (or 0)"}]
    assert report["quantities"]["z_0^1"]["status"] == "missing" and report["quantities"]["z_2^1"]["status"] == "correct"


def _nothing_written(d: Path):
    assert not (d / "out").exists()


def _no_sheet(d: Path):
    assert not (d / "w").exists() and not (d / "q.x").exists()


def _no_marker(d: Path):
    assert not (d / "PWNED").exists()


CORPUS = {
    # ---- hangs: numbers that would build integers of millions of digits, FIFOs, /dev/zero --------
    "huge exponent in an answers file": Case(  # not read, the rest marked (was refused whole, exit 2)
        ["check", "{d}/net.toml", "{d}/a.toml", "-f", "json", "-o", "{d}/report.json"], 1, "",
        {"net.toml": NN231, "a.toml": '"z_0^1" = 1e999999999\n"z_2^1" = 1.8\n'}, _huge_exponent_not_read),
    "huge exponent as a learning rate": Case(
        ["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: learning_rate: ", {"net.toml": nn231(learning_rate='"1e9999999"')}),
    "huge exponent in a [variants] range": Case(
        ["worksheet", "{d}/net.toml", "--out", "{d}/out"], 2, r"^symbp: .*net\.toml: variants\.weights\.range\[0\]: ",
        {"net.toml": NN231 + '\n[variants]\nweights = { range = ["-1e999999999", 1] }\n'}, _nothing_written),
    "a typo of 10^8 in softmax3 marks in seconds": Case(
        ["check", "{d}/net.toml", "{d}/a.toml"], 1, "", {"net.toml": SOFTMAX3, "a.toml": '"z_0^2" = 100000000\n'}),
    "20 nines in softmax3": Case(
        ["check", "{d}/net.toml", "{d}/a.toml"], 1, "", {"net.toml": SOFTMAX3, "a.toml": '"z_0^2" = 99999999999999999999\n'}),
    "a FIFO as spec": Case(["derive", "{d}/fifo"], 2, r"^symbp: .*fifo: is not a regular file", {"fifo": _fifo}),
    "a FIFO as answers": Case(
        ["check", "{d}/net.toml", "{d}/fifo"], 2, r"^symbp: .*fifo: is not a regular file", {"net.toml": NN231, "fifo": _fifo}),
    "/dev/zero as answers": Case(
        ["check", "{d}/net.toml", "/dev/zero"], 2, r"^symbp: /dev/zero: is not a regular file", {"net.toml": NN231}),
    "a spec larger than the limit": Case(
        ["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: larger than 2,000,000 bytes",
        {"net.toml": NN231 + "#" * 2_000_001}),
    "a number of 1001 digits": Case(
        ["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: learning_rate: .*1000", {"net.toml": nn231(learning_rate='"0.' + "1" * 1001 + '"')}),
    "a whole number of 5000 digits in TOML": Case(  # (that value not read, the rest marked: stop 58)
        ["check", "{d}/net.toml", "{d}/a.toml"], 1, "",
        {"net.toml": NN231, "a.toml": '"z_0^1" = ' + "9" * 5000 + "\n"}),
    "a whole number of 2000 digits in JSON": Case(  # (that value not read, the rest marked: stop 51)
        ["check", "{d}/net.toml", "{d}/a.json"], 1, "",  # (tests/test_numbers_beyond_per_field.py reads its line)
        {"net.toml": NN231, "a.json": '{"z_0^1": ' + "9" * 2000 + "}"}),
    # ---- tracebacks that must be messages ----------------------------------------------------------
    "a wrong value with 29 decimals": Case(
        ["check", "{d}/net.toml", "{d}/a.toml"], 1, "",
        {"net.toml": NN231, "a.toml": '"z_0^1" = 0.12345678901234567890123456789\n'}),
    "--rel-tol nan": Case(["check", "{d}/net.toml", "{d}/a.toml", "--rel-tol", "nan"], 2, r"rel-tol",
                          {"net.toml": NN231, "a.toml": '"z_0^1" = -0.5\n'}),
    "arrays 500 deep in a spec": Case(["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: arrays or tables nested deeper than 10",
                                      {"net.toml": NN231 + "extra = " + nested(500) + "\n"}),
    "arrays 500 deep in a TOML answers file": Case(
        ["check", "{d}/net.toml", "{d}/a.toml"], 2, r"^symbp: .*a\.toml: arrays or tables nested deeper",
        {"net.toml": NN231, "a.toml": '"z_0^1" = ' + nested(500) + "\n"}),
    "arrays 5000 deep in a JSON answers file": Case(
        ["check", "{d}/net.toml", "{d}/a.json"], 2, r"^symbp: .*a\.json: arrays or objects nested deeper",
        {"net.toml": NN231, "a.json": '{"z_0^1": ' + nested(5000) + "}"}),
    "-o under a file": Case(["derive", "--example", "nn231", "-o", "{d}/file/x.txt"], 2,
                            r"^symbp: .*file/x\.txt: cannot be written: a file stands where a folder should be",
                            {"file": "x"}),
    "-o with a 300-character name": Case(["derive", "--example", "nn231", "-o", "{d}/" + "n" * 300 + ".txt"], 2,
                                         r"^symbp: .*nnn\.txt: cannot be written: File name too long"),
    "-o onto a folder": Case(["derive", "--example", "nn231", "-o", "{d}/sub"], 2,
                             r"^symbp: -o/--output: .*/sub: is a folder \(expected a file\)", {"sub/keep": "x"}),
    "derive --templates a file": Case(["derive", "--example", "nn231", "--templates", "{d}/t"], 2,
                                      r"^symbp: --templates: .*/t: is a file \(expected a folder\)", {"t": "x"}),
    "worksheet -o a file": Case(["worksheet", "--example", "nn231", "-o", "{d}/t"], 2,
                                r"^symbp: -o/--out: .*/t: is a file \(expected a folder\)", {"t": "x"}, _nothing_written),
    "worksheet --moodle a folder": Case(["worksheet", "--example", "nn231", "--out", "{d}/w", "--moodle", "{d}/sub"],
                                        2, r"^symbp: --moodle: .*/sub: is a folder \(expected a file\)", {"sub/keep": "x"}),
    "worksheet --prairielearn a file": Case(["worksheet", "--example", "nn231", "--out", "{d}/w", "--prairielearn",
                                             "{d}/t"], 2, r"^symbp: --prairielearn: .*/t: is a file \(expected a folder\)",
                                            {"t": "x"}),
    "worksheet --moodle onto the sheet's own answers.json": Case(
        ["worksheet", "--example", "nn231", "--out", "{d}/w", "--moodle", "{d}/w/answers.json"], 2,
        r"^symbp: .*w/answers\.json: is the worksheet's folder or one of its own files", {}, _no_sheet),
    "worksheet --moodle the sheet's folder": Case(
        ["worksheet", "--example", "nn231", "--out", "{d}/w", "--moodle", "{d}/w"], 2,
        r"^symbp: .*/w: is the worksheet's folder or one of its own files", {}, _no_sheet),
    "worksheet --moodle and --csv one file": Case(
        ["worksheet", "--example", "nn231", "--out", "{d}/w", "--moodle", "{d}/q.x", "--csv", "{d}/q.x"], 2,
        r"^symbp: .*q\.x: is given for two exports", {}, _no_sheet),
    "worksheet --csv a folder": Case(["worksheet", "--example", "nn231", "--out", "{d}/w", "--csv", "{d}/sub"], 2,
                                     r"^symbp: --csv: .*/sub: is a folder \(expected a file\)", {"sub/keep": "x"}),
    "check --key a folder": Case(["check", "--key", "{d}/sub", "{d}/a.toml"], 2,
                                 r"^symbp: .*/sub: is a folder \(expected the answers\.json of `symbp worksheet`\)",
                                 {"sub/keep": "x", "a.toml": '"z_0^1" = -0.5\n'}),
    "check --key a folder, marking a folder": Case(["check", "--key", "{d}/sub", "{d}/sub"], 2,
                                                   r"^symbp: .*/sub: is a folder \(expected the answers\.json",
                                                   {"sub/keep": "x"}, _nothing_written),
    "check --key, a missing folder typed as one": Case(
        ["check", "--key", "{d}/answers.json", "{d}/none/"], 2,
        r"^symbp: .*/none/: no such folder \(expected a folder of answers files\)$", {"answers.json": "{}"}),
    "check, a missing spec typed with a slash": Case(
        ["check", "{d}/nospec/", "{d}/a.toml"], 2, r"^symbp: .*nospec: no such file \(expected a TOML spec file\)$",
        {"a.toml": '"z_0^1" = -0.5\n'}),
    "check --key a missing file": Case(["check", "--key", "{d}/none.json", "{d}/a.toml"], 2,
                                       r"^symbp: .*none\.json: no such file", {"a.toml": '"z_0^1" = -0.5\n'}),
    "weights of a one-row layer as a flat list": Case(
        ["check", "{d}/net.toml", "{d}/a.toml"], 2,
        r"^symbp: .*net\.toml: the 2nd \[\[layer\]\] table \(layer 2\): weights: a flat list of 3 numbers; expected 1 row of 3 numbers \(one row per neuron "
        r"of layer 2\): weights = \[\[-0\.6, 0\.9, -0\.3\]\]$",
        {"net.toml": NN231.replace("[[-0.6, 0.9, -0.3]]", "[-0.6, 0.9, -0.3]"), "a.toml": '"z_0^1" = -0.5\n'}),
    "weights as a flat list of the wrong count": Case(
        ["derive", "{d}/net.toml"], 2,
        r"^symbp: .*net\.toml: the 1st \[\[layer\]\] table \(layer 1\): weights: a flat list of 2 numbers; expected 3 rows of 2 numbers \(one row per neuron "
        r"of layer 1\)$", {"net.toml": NN231.replace("[[0.2, -0.4], [-0.3, 0.8], [0.5, 0.7]]", "[0.2, -0.4]")}),
    "one row too many": Case(
        ["derive", "{d}/net.toml"], 2,
        r"^symbp: .*net\.toml: the 2nd \[\[layer\]\] table \(layer 2\): weights: 2 rows; expected 1 row of 3 numbers \(one row per neuron of layer 2\)$",
        {"net.toml": NN231.replace("[[-0.6, 0.9, -0.3]]", "[[-0.6, 0.9, -0.3], [1, 2, 3]]")}),
    "a row of one number too few": Case(
        ["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: the 2nd \[\[layer\]\] table \(layer 2\): weights\[0\]: expected 3 numbers, got 2$",
        {"net.toml": NN231.replace("[[-0.6, 0.9, -0.3]]", "[[-0.6, 0.9]]")}),
    "a TOML syntax error in a spec names the file, line and column": Case(
        ["check", "{d}/net.toml", "{d}/a.toml"], 2, r"^symbp: .*net\.toml: not valid TOML: Invalid value \(at line 3, column 9\)$",
        {"net.toml": "# a comment\nlayers = [2, 3, 1]\nsteps = = 2\n", "a.toml": '"z_0^1" = -0.5\n'}),
    "a TOML syntax error in a worksheet's spec": Case(
        ["worksheet", "{d}/net.toml", "--out", "{d}/out"], 2, r"^symbp: .*net\.toml: not valid TOML: Unclosed array",
        {"net.toml": "layers = [2, 3, 1\n"}, _nothing_written),
    "check --templates a file": Case(["check", "--example", "nn231", "{d}/a.toml", "--templates", "{d}/a.toml"], 2,
                                     r"^symbp: .*a\.toml: is a file \(expected a folder of templates",
                                     {"a.toml": '"z_0^1" = -0.5\n'}),
    "check --templates a missing folder": Case(["check", "--example", "nn231", "{d}/a.toml", "--templates", "{d}/none"],
                                               2, r"^symbp: .*none: no such folder", {"a.toml": '"z_0^1" = -0.5\n'}),
    "check -o onto a folder": Case(["check", "--example", "nn231", "{d}/a.toml", "-o", "{d}/sub"], 2,
                                   r"^symbp: -o/--output: .*/sub: is a folder \(expected a file; -o writes one report; "
                                   r"--out DIR writes one per file when marking a folder\)$",  # (stop 55: the hint)
                                   {"sub/keep": "x", "a.toml": '"z_0^1" = -0.5\n'}),
    "check --out onto a file": Case(["check", "--key", "{d}/answers.json", "{d}/class", "--out", "{d}/a.toml"], 2,
                                    r"^symbp: .*a\.toml: is a file \(expected a folder",
                                    {"class/a.toml": '"z_0^1" = -0.5\n', "answers.json": "{}", "a.toml": "x"}),
    "template: 1/0": template("fine\n<%= 1/0 %>\n", r"^symbp: template .*solution\.txt\.jinja, line 2: ZeroDivisionError"),
    "template: includes itself": template('<% include "text/solution.txt.jinja" %>\n', r"^symbp: template .*solution\.txt\.jinja.*recursion"),
    "template: a macro that calls itself": template("<% macro f() %><%= f() %><% endmacro %><%= f() %>", r"recursion"),
    "template: not UTF-8": template(b"\xff\xfe<%= title %>", r"^symbp: template .*UTF-16 text, not UTF-8 \(it begins with the bytes 0xfffe\): save it as UTF-8"),
    "template: syntax error": template("a\nb\n<% if %>\n", r"^symbp: template .*solution\.txt\.jinja, line 3: "),
    "template: a FIFO": template(_fifo, r"^symbp: template .*is not a regular file"),
    # ---- templates must not run code nor build 10 GB ---------------------------------------------
    "template: Python's globals": template(
        lambda path: path.write_text(f'<%= cycler.__init__.__globals__.os.system("touch {path.parents[2]}/PWNED") %>'),
        r"^symbp: template .*line 1: .*unsafe", _no_marker),
    "template: a format string's globals": template('<%= "{0.__class__.__init__.__globals__}".format(cycler) %>', r"^symbp: template .*line 1: .*unsafe"),
    "template: 'x' * 10**10": template('<%= "x"*10**10 %>', r"line 1: `\*` would build more than"),
    "template: [0] * 10**9": template("<%= ([0]*10**9)|length %>", r"would build more than"),
    "template: 10 ** 10**10": template("<%= 10**(10**10) %>", r"`\*\*` would build"),
    "template: a padded format": template('<%= "%10000000000s"|format(1) %>', r"format width"),
    "template: str.format padding": template('<%= "{:>10000000000}".format(1) %>', r"format width"),
    "template: ljust": template('<%= "x".ljust(10000000000) %>', r"width or count"),
    "template: center filter": template('<%= "x"|center(10000000000) %>', r"width or count"),
    "template: lipsum": template("<%= lipsum(1000000000) %>", r"width or count"),
    "template: output beyond the bound": template('<% for i in range(100000) %><%= "x" * 999999 %><% endfor %>', r"output grew beyond"),
    # ---- clobbered files ----------------------------------------------------------------------------
    "-o onto a symlink writes through it": Case(
        ["derive", "--example", "nn231", "-o", "{d}/link.txt"], 0, r"wrote .*link\.txt",
        {"real.txt": "old\n", "link.txt": _link("real.txt")}, _unchanged_link),
    "-o onto a FIFO is refused": Case(["derive", "--example", "nn231", "--format", "text", "-o", "{d}/fifo"], 2,
                                      r"^symbp: .*fifo: is a device, FIFO or socket", {"fifo": _fifo}, _fifo_kept),
    "-o onto a loop of links": Case(["derive", "--example", "nn231", "--format", "text", "-o", "{d}/one"], 2,
                                    r"a loop of symbolic links", {"one": _link("two"), "two": _link("one")}),
    # ---- valid input that was refused -------------------------------------------------------------
    "sigmoid + bce at z = 37": Case(["derive", "{d}/net.toml", "--format", "json"], 0, "",
                                    {"net.toml": one_neuron("sigmoid", "bce", 37, "[1]")}),
    "sigmoid + bce at z = 37, target 0": Case(["derive", "{d}/net.toml", "--format", "json"], 0, "",
                                              {"net.toml": one_neuron("sigmoid", "bce", 37, "[0]")}),
    "sigmoid + bce at z = 120": Case(["derive", "{d}/net.toml", "--format", "json"], 0, "",
                                     {"net.toml": one_neuron("sigmoid", "bce", 120, "[1]")}, lambda d: None),
    "sigmoid + bce at z = 3000 is beyond 1000 digits": Case(["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: the 1st \[\[layer\]\] table \(layer 1\): weights\[0\]\[0\]: 3000 .*z_0\^1 = 3·10\^3, too large",
                                                          {"net.toml": one_neuron("sigmoid", "bce", 3000, "[1]")}),
    "softmax logits 1000 vs 0, cross-entropy": Case(
        ["derive", "{d}/net.toml", "--format", "json"], 0, "",
        {"net.toml": one_neuron("softmax", "cross_entropy", None, "[1, 0]", 2, [1000, 0])}),
    "softmax logits 1000 vs 0, the other class": Case(
        ["derive", "{d}/net.toml", "--format", "json"], 0, "",
        {"net.toml": one_neuron("softmax", "cross_entropy", None, "[0, 1]", 2, [1000, 0])}),
    # ---- silently accepted ------------------------------------------------------------------------
    "derive: an unknown [variants] key": Case(["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: variants\.wieghts: unknown key",
                                              {"net.toml": NN231 + "\n[variants]\nwieghts = { range = [-1, 1] }\n"}),
    "derive: a [variants] range upside down": Case(
        ["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: variants\.weights\.range: ",
        {"net.toml": NN231 + "\n[variants]\nweights = { range = [1, -1] }\n"}),
    "negative_slope on a relu layer": Case(
        ["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: the 1st \[\[layer\]\] table \(layer 1\): negative_slope: given, but the layer's activation is relu",
        {"net.toml": NN231.replace("biases = [0.1, -0.2, -0.1]", "biases = [0.1, -0.2, -0.1]\nnegative_slope = 0.2")}),
    "negative_slope with no leaky layer": Case(["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: negative_slope: given, but no layer",
                                               {"net.toml": nn231(negative_slope="0.2")}),
    "duplicate keys in JSON answers": Case(
        ["check", "{d}/net.toml", "{d}/a.json"], 2, r"^symbp: .*a\.json: not valid JSON: the key 'z_0\^1' is given twice",
        {"net.toml": NN231, "a.json": '{"z_0^1": -0.5, "z_0^1": 7}'}),
    "step 0": Case(["check", "{d}/net.toml", "{d}/a.toml"], 2, r"^symbp: .*/a\.toml: w_00\^1@0: not a quantity name",
                   {"net.toml": NN231, "a.toml": '"w_00^1@0" = 0.2\n'}),
    "L@0": Case(["check", "{d}/net.toml", "{d}/a.toml"], 2, r"^symbp: .*/a\.toml: L@0: not a quantity name",
                {"net.toml": NN231, "a.toml": '"L@0" = 0.5\n'}),
    "sample 0": Case(["check", "{d}/net.toml", "{d}/a.toml"], 2, r"^symbp: .*/a\.toml: L\[0\]: not a quantity name",
                     {"net.toml": NN231, "a.toml": '"L[0]" = 0.5\n'}),
    "z_00^1": Case(["check", "{d}/net.toml", "{d}/a.toml"], 2, r"^symbp: .*/a\.toml: z_00\^1: not a quantity name",
                   {"net.toml": NN231, "a.toml": '"z_00^1" = -0.5\n'}),
    "a learning rate of 1e-320": Case(["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: learning_rate: .*outside the range of spec numbers",
                                      {"net.toml": nn231(learning_rate="1e-320")}),
    "a weight of 1e101": Case(["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: the 1st \[\[layer\]\] table \(layer 1\): weights\[0\]\[0\]: ",
                              {"net.toml": NN231.replace("[[0.2, -0.4]", "[[1e101, -0.4]")}),
    # ---- titles -----------------------------------------------------------------------------------
    "a newline in the title": Case(["derive", "{d}/net.toml", "--format", "answers-template"], 2,
                                   r"^symbp: .*net\.toml: title: contains a line break \(U\+000A\)",
                                   {"net.toml": nn231(title='"x\\n\\"z_0^1\\" = -0.5"')}),
    "an ANSI escape in the title": Case(["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: title: contains a control character \(U\+001B\)",
                                        {"net.toml": nn231(title='"\\u001b[31mred\\u001b]0;pwned\\u0007"')}),
    "a right-to-left override in the title": Case(["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: title: contains a control character \(U\+202E\)",
                                                  {"net.toml": nn231(title='"abc\\u202edcb"')}),
    "a title of 201 characters": Case(["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: title: 201 characters",
                                      {"net.toml": nn231(title='"' + "t" * 201 + '"')}),
    "emoji in a LaTeX title": Case(["derive", "{d}/net.toml", "--format", "tex"], 2, r"^symbp: \S*net\.toml: title: .*U\+1F600",
                                   {"net.toml": nn231(title='"Netz \\U0001F600"')}),
    "CJK in a LaTeX title": Case(["derive", "{d}/net.toml", "-o", "{d}/out/x.pdf"], 2, r"^symbp: \S*net\.toml: title: .*U\+30CD",
                                 {"net.toml": nn231(title='"ネット日本"')}, _nothing_written),
    "right-to-left script in a worksheet title": Case(
        ["worksheet", "--example", "nn231", "--title", "רשת", "--out", "{d}/out"], 2, r"^symbp: title: .*U\+05E8",
        {}, _nothing_written),
    "a control character in --course": Case(["worksheet", "--example", "nn231", "--course", "a\x1bb", "--out", "{d}/out"], 2,
                                            r"^symbp: course: contains a control character", {}, _nothing_written),
    "emoji in a text title is fine": Case(["derive", "{d}/net.toml", "--format", "text"], 0, "",
                                          {"net.toml": nn231(title='"Netz \\U0001F600 日本"')}),
    # ---- empty and duplicated (a new user): the spec is empty; the key given twice with its lines ---
    "an empty spec file": Case(["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: the spec is empty", {"net.toml": ""}),
    "a spec of comments only": Case(
        ["worksheet", "{d}/net.toml", "--out", "{d}/out"], 2, r"^symbp: .*net\.toml: the spec is empty",
        {"net.toml": "# a network\n\n"}, _nothing_written),
    "a key twice in a spec": Case(
        ["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: not valid TOML: learning_rate is defined twice, at lines 6 and 7 \(each key once\)$",
        {"net.toml": NN231.replace("learning_rate =", "learning_rate = 0.2\nlearning_rate =", 1)}),
    "[layer] twice instead of [[layer]]": Case(
        ["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: not valid TOML: \[layer\] is declared twice, at lines 6 and 8 .*\[\[layer\]\]",
        {"net.toml": 'layers = [1, 1]\nloss = "mse"\nlearning_rate = 0.1\ninput = [1]\ntarget = [1]\n[layer]\nweights = [[1]]\n[layer]\nbiases = [0]\n'}),
    "an answer twice": Case(
        ["check", "{d}/net.toml", "{d}/a.toml"], 2, r"^symbp: .*a\.toml: not valid TOML: 'z_0\^1' is defined twice, at lines 1 and 3 \(each key once\)$",
        {"net.toml": NN231, "a.toml": '"z_0^1" = -0.5\n"a_0^1" = 0\n\'z_0^1\' = -0.5\n'}),
    # ---- scale ------------------------------------------------------------------------------------
    "64 wide and 12 deep for 2 steps is refused at once": Case(
        ["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: layers: too large: 1 sample × \(2 steps \+ 1\) × \(49920 parameters \+ 3 × 768 neurons \+ 1\) = 156,675 values",
        {"net.toml": 'layers = [64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64]\nloss = "mse"\nlearning_rate = 0.1\nsteps = 2\n'
                     "input = []\ntarget = []\n" + "\n[[layer]]\nweights = []\nbiases = []\n" * 12}),
    "64 wide and 12 deep with Adam counts Adam's four states per parameter": Case(
        ["derive", "{d}/net.toml"], 2, r"^symbp: .*net\.toml: layers: too large: 1 sample × \(1 step \+ 1\) × \(49920 parameters \+ 3 × 768 "
                                       r"neurons \+ 1\) \+ 1 × 49920 parameters × 4 optimizer values = 304,130 values",
        {"net.toml": 'layers = [64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64]\nloss = "mse"\nlearning_rate = 0.1\n'
                     "input = []\ntarget = []\n" + "\n[[layer]]\nweights = []\nbiases = []\n" * 12
                     + '\n[optimizer]\nname = "adam"\n'}),
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_corpus(name, tmp_path):
    case = CORPUS[name]
    for relative, content in case.files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    argv = ["--time-limit", TIME_LIMIT] + [arg.replace("{d}", str(tmp_path)) for arg in case.argv]
    result = cli_runner().invoke(main, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert (result.exit_code, "Traceback" not in result.stderr) == (case.code, True), result.stderr
    if case.message.startswith("^symbp:"):
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # one line
    assert re.search(case.message, result.stderr, re.M), result.stderr
    assert "\x1b" not in result.stderr + result.stdout and "time budget" not in result.stderr
    if case.after is not None:
        case.after(tmp_path)


def test_the_loss_at_z_120_is_log_of_1_plus_e_to_the_minus_120():
    """L = −log σ(120) = log(1 + e^−120) ≈ e^−120 = 7.667648073722e−53 (Taylor: the next term is e^−240)."""
    import math

    result = cli_runner().invoke(main, ["derive", "-", "--format", "json"], input=one_neuron("sigmoid", "bce", 120, "[1]"))
    key = json.loads(result.stdout)
    assert math.isclose(key["values"]["L"], math.exp(-120), rel_tol=1e-12)
    assert math.isclose(key["values"]["delta_0^1"], -math.exp(-120), rel_tol=1e-12)  # a − y = σ(120) − 1 = −σ(−120)


def test_the_documented_extremes_are_admitted_and_one_more_step_is_not():
    """The work limit admits 64 wide × 12 layers (one step) and 2-3-1 with 64 samples × 50 steps,
    the README's largest networks, and refuses the scale row above for its size alone."""
    from symbp.spec_limits import MAX_WORK, work

    assert work([64] * 13, 1, 1) == 1 * 2 * (12 * 64 * 65 + 3 * 12 * 64 + 1) <= MAX_WORK
    assert work([2, 3, 1], 64, 50) == 64 * 51 * (13 + 3 * 4 + 1) <= MAX_WORK
    assert work([64] * 13, 1, 2) > MAX_WORK
    # an optimizer's states and ∂J/∂p are values too: Adam's m, v, m̂, v̂ per parameter and step
    assert work([64] * 13, 1, 1, 4) == work([64] * 13, 1, 1) + 4 * 12 * 64 * 65 > MAX_WORK
    assert work([64] * 5, 1, 1, 4) == 2 * (4 * 64 * 65 + 3 * 4 * 64 + 1) + 4 * 4 * 64 * 65 <= MAX_WORK


# ---- outputs: stale and mixed sets, a full disk, a lock ---------------------------------------
def test_a_rerun_without_pdf_removes_the_earlier_pdfs(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("worksheet.pdf", "answer-key.pdf"):
        (out / name).write_bytes(b"%PDF of an earlier run")
    (out / "notes.txt").write_text("the instructor's own file")
    result = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["answer-key.tex", "answers-template.toml", "answers.json", "notes.txt",
                                                     "worksheet.tex"]


def test_a_run_refuses_a_folder_another_run_holds(tmp_path):
    from symbp.output import output_set

    out = tmp_path / "out"
    with output_set(out, ("answers.json",)):
        result = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--out", str(out)])
    assert result.exit_code == 2 and "another symbp run is writing into this folder" in result.stderr
    assert list(out.iterdir()) == [] if out.exists() else True


def test_a_link_among_the_worksheet_files_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere.json").write_text("{}")
    (out / "answers.json").symlink_to(tmp_path / "elsewhere.json")
    result = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--out", str(out)])
    assert result.exit_code == 2 and "answers.json: is not a regular file" in result.stderr
    assert (tmp_path / "elsewhere.json").read_text() == "{}"


def test_a_template_linked_out_of_its_folder_is_not_read(tmp_path):
    """A colleague's template folder whose template is a link to a file elsewhere (/etc/passwd, a
    key) must not print that file into a worked solution; a link within the folder is fine."""
    secret = tmp_path / "secret.txt"
    secret.write_text("the instructor's private key\n")
    shared = tmp_path / "shared" / "text"
    shared.mkdir(parents=True)
    (shared / "solution.txt.jinja").symlink_to(secret)
    result = cli_runner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "shared")])
    assert result.exit_code == 2 and "private key" not in result.output, result.output
    assert result.stderr.strip() == ("symbp: template text/solution.txt.jinja: a link to a file outside the template "
                                     "folder is not read")
    inside = tmp_path / "own"
    (inside / "text").mkdir(parents=True)
    (inside / "kept.jinja").write_text("own <%= 1 + 1 %>\n")
    (inside / "text" / "solution.txt.jinja").symlink_to(inside / "kept.jinja")
    result = cli_runner().invoke(main, ["derive", "--example", "nn231", "--templates", str(inside)])
    assert result.exit_code == 0 and result.stdout == "own 2\n", result.output


def test_two_runs_at_once_never_mix_their_files(tmp_path):
    out = tmp_path / "out"
    runs = [subprocess.Popen(symbp_command() + ["worksheet", "--example", "nn231", "-n", "2", "--seed", str(seed),
                                                "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for seed in (1, 2)]
    codes = [run.wait(120) for run in runs]
    errors = [run.stderr.read() for run in runs]
    assert sorted(codes) in ([0, 0], [0, 2]), errors
    assert all("Traceback" not in e for e in errors)
    seed = json.loads((out / "answers.json").read_text())["seed"]
    assert f"seed {seed}" in (out / "worksheet.tex").read_text() and f"seed {3 - seed}" not in (out / "worksheet.tex").read_text()
    assert not any(p.name.startswith(".symbp") for p in out.iterdir())


def test_stdout_on_a_full_disk_is_one_line():
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = subprocess.run(symbp_command() + ["derive", "--example", "nn231"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    assert done.returncode == 2 and done.stderr == "symbp: cannot write the output: No space left on device\n"


def test_a_closed_stdout_ends_quietly_with_141():
    """`symbp derive … | head` when head has gone before symbp writes: no message, exit 141."""
    reading, writing = os.pipe()
    os.close(reading)
    run = subprocess.Popen(symbp_command() + ["derive", "--example", "nn231"], stdout=writing, stderr=subprocess.PIPE,
                           text=True)
    os.close(writing)
    assert run.wait(120) == 141 and run.stderr.read() == ""


def test_empty_stdin_is_an_empty_spec():
    done = subprocess.run(symbp_command() + ["derive", "-"], input="", capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == ("symbp: stdin: the spec is empty: no keys at all (it needs at least layers, loss and "
                                   "learning_rate; see examples/nn231.toml)")


def test_stdin_is_read_as_a_spec():
    done = subprocess.run(symbp_command() + ["derive", "-", "--format", "json"], input=NN231, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and json.loads(done.stdout)["exact"]["L"] == "0.5"


def test_an_unreadable_answers_file_is_one_line(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    answers = tmp_path / "a.toml"
    answers.write_text('"z_0^1" = -0.5\n')
    answers.chmod(0)
    result = cli_runner().invoke(main, ["check", str(REPO / "examples" / "nn231.toml"), str(answers)])
    assert result.exit_code == 2 and "a.toml: cannot be read: Permission denied" in result.stderr


# ---- TeX: file names never reach it; titles it cannot typeset never reach it ---------------------
@pytest.mark.parametrize("name", [r"\relax\input{^^2fetc^^2fhostname}", "-shell-escape", "50%", "a~b"])
def test_file_names_never_reach_tex(requires_tex, tmp_path, name):
    spec = tmp_path / f"{name}.toml"
    spec.write_text(NN231, encoding="utf-8")
    pdf = tmp_path / "sub" / f"{name}.pdf"
    result = cli_runner().invoke(main, ["derive", str(spec), "-o", str(pdf)])
    assert result.exit_code == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.with_suffix(".tex").exists()
    if Path("/etc/hostname").exists() and shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        hostname = Path("/etc/hostname").read_text().strip()
        assert not hostname or hostname not in text


def test_accents_greek_and_combining_marks_typeset(requires_tex, tmp_path):
    title = "Réseau “naïve” – Straße, α = 0.1, e\u0301 ≤ ∑ € §"
    spec = tmp_path / "net.toml"
    spec.write_text(nn231(title=json.dumps(title)), encoding="utf-8")
    result = cli_runner().invoke(main, ["derive", str(spec), "-o", str(tmp_path / "net.pdf")])
    assert result.exit_code == 0, result.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "net.pdf"), "-"], capture_output=True, text=True).stdout
        assert "Réseau" in text and "Straße" in text and "é" in text


def test_latex_error_exits_5_and_removes_the_earlier_pdfs(requires_tex, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "worksheet.pdf").write_bytes(b"%PDF of an earlier run")
    own = tmp_path / "mine" / "tex"
    own.mkdir(parents=True)
    (own / "worksheet-tasks.tex.jinja").write_text("\\undefinedcoursemacro\n")
    result = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--out", str(out), "--pdf",
                                        "--templates", str(tmp_path / "mine")])
    assert result.exit_code == 5, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["answer-key.tex", "answers-template.toml", "answers.json",
                                                     "worksheet.tex"]
    # the .tex named where it is (a new user's note: "line 135 of worksheet.tex" — of which folder?)
    line = int(result.stderr.split(" at line ")[1].split()[0])
    assert f"LaTeX failed at line {line} of {out / 'worksheet.tex'}:" in result.stderr, result.stderr
    assert (out / "worksheet.tex").read_text(encoding="utf-8").splitlines()[line - 1] == "\\undefinedcoursemacro"


# ---- signals: pdflatex stopped, temporary folders removed, nothing partial -----------------------
def _tex_processes(folder: Path) -> list[str]:
    """Processes whose working folder lies in `folder` (pdflatex runs in symbp-tex-* there)."""
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.readlink(f"/proc/{pid}/cwd").startswith(str(folder)):
                    found.append(pid)
            except OSError:
                pass
    return found


@pytest.mark.parametrize("signum, code, command", [
    (signal.SIGTERM, 143, ["derive", "--example", "nn231", "-o", "{out}/nn231.pdf"]),
    (signal.SIGINT, 130, ["worksheet", "--example", "nn231", "-n", "3", "--pdf", "--out", "{out}"]),
], ids=["SIGTERM during derive --pdf", "SIGINT during worksheet --pdf"])
def test_a_signal_while_pdflatex_runs(requires_tex, tmp_path, signum, code, command):
    if not Path("/proc/self/cwd").exists():
        pytest.skip("needs /proc to find pdflatex")
    tex_tmp, out = tmp_path / "tmp", tmp_path / "out"
    tex_tmp.mkdir()
    argv = symbp_command() + [arg.replace("{out}", str(out)) for arg in command]
    run = subprocess.Popen(argv, env=dict(os.environ, TMPDIR=str(tex_tmp)), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _tex_processes(tex_tmp) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert run.poll() is None, "the run ended before pdflatex started: " + run.stderr.read()
    run.send_signal(signum)  # to the Python process alone
    assert run.wait(60) == code
    stderr = run.stderr.read()
    assert stderr == f"symbp: stopped by {signal.Signals(signum).name}\n"
    time.sleep(0.1)
    assert _tex_processes(tex_tmp) == []  # no orphaned pdflatex
    assert list(tex_tmp.iterdir()) == []  # no symbp-tex-* folder left
    assert not out.exists()  # nothing written, not even the folder


def test_the_time_budget_stops_a_hopeless_worksheet(tmp_path):
    spec = tmp_path / "net.toml"
    spec.write_text(NN231 + "\n[variants]\nmax_abs_value = 0.0000001\nmax_draws = 1000000\n", encoding="utf-8")
    done = run_symbp("worksheet", spec, "-n", "1", "--out", tmp_path / "out", "--time-limit", "2", timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr == "symbp: stopped after 2 s, the time budget (allow more with --time-limit SECONDS)\n"
    assert not (tmp_path / "out").exists()


def test_the_time_budget_stops_a_template_that_loops(tmp_path):
    own = tmp_path / "tpl" / "text"
    own.mkdir(parents=True)
    (own / "solution.txt.jinja").write_text("<% for i in range(99999) %><% for j in range(99999) %><% endfor %><% endfor %>")
    done = run_symbp("--time-limit", "2", "derive", "--example", "nn231", "--templates", tmp_path / "tpl", timeout=60)
    assert done.returncode == 2 and "time budget" in done.stderr and "Traceback" not in done.stderr


def test_an_internal_error_is_one_line(monkeypatch):
    import symbp.pipeline

    def broken(*args, **kwargs):
        raise TypeError("a bug")

    monkeypatch.setattr(symbp.pipeline, "derive_solution", broken)
    result = cli_runner().invoke(main, ["derive", "--example", "nn231"])
    assert result.exit_code == 70
    assert result.stderr.startswith("symbp: internal error (TypeError: a bug)") and "Traceback" not in result.stderr


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))


def test_check_keeps_the_smaller_limit(tmp_path):
    """`check` diagnoses every wrong value, which grows faster than the work: beyond
    MAX_CHECK_WORK it refuses at once (exit 2, naming the field) while derive admits the network."""
    from symbp.spec_limits import MAX_CHECK_WORK, work

    widths = [45, 45, 45]
    assert MAX_CHECK_WORK < work(widths, 1, 1) == 2 * (2 * 45 * 46 + 3 * 90 + 1)
    row = "[" + ", ".join(["0.1"] * 45) + "]"
    layer = f"\n[[layer]]\nweights = [{', '.join([row] * 45)}]\nbiases = {row}\n"
    (tmp_path / "net.toml").write_text(f'layers = {widths}\nloss = "mse"\nlearning_rate = 0.1\ninput = {row}\n'
                                       f"target = {row}\n" + layer * 2, encoding="utf-8")
    (tmp_path / "answers.toml").write_text('L = "0.5"\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", str(tmp_path / "net.toml"), str(tmp_path / "answers.toml")])
    assert result.exit_code == 2
    assert result.output.startswith(f"symbp: {tmp_path / 'net.toml'}: layers: too large to mark: 1 sample × (1 step + 1) "
                                    "× (4140 parameters")  # check reads two files: the spec's is named


@pytest.mark.parametrize("text, suffix", [("", ".toml"), ("\n# only a comment\n", ".toml"), ("{}", ".json"), ("  \n", "")])
def test_an_answers_file_without_answers_is_refused(tmp_path, text, suffix):
    """A blank submission is not 'every given value correct' (exit 0): one line naming the file, exit 2."""
    path = tmp_path / f"answers{suffix}"
    path.write_text(text, encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--example", "nn231", str(path)])
    assert result.exit_code == 2 and "no answers" in result.output and str(path) in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_template_that_doubles_a_string_runs_out_of_its_memory_not_the_machines(tmp_path, monkeypatch):
    """`x ~ x` and `join` are not bounded as `*` is: 20 doublings of a 1000-character string built
    1 GB (found in review).  A course's templates render with a bounded address space (here 64 MB
    more, the default is 1 GB): exit-2 error naming the template, and symbp's own templates unbounded."""
    from symbp.errors import SpecError
    from symbp.render import templates

    folder = tmp_path / "course" / "text"
    folder.mkdir(parents=True)
    (folder / "doubling.txt.jinja").write_text(
        '<% set x = "a" * 1000 %>\n' + '<% set x = x ~ x %>\n' * 18 + "<%= x|length %>\n", encoding="utf-8")
    monkeypatch.setattr(templates, "USER_TEMPLATE_MEMORY", 64 << 20)
    with pytest.raises(SpecError, match="more memory"):
        templates.render_template("text/doubling.txt.jinja", str(tmp_path / "course"))
    # afterwards the limit is what it was: a large allocation still works
    assert len("b" * (300 << 20)) == 300 << 20


def test_an_answers_file_typed_with_a_slash_is_still_marked(tmp_path):
    # `check SPEC a.toml/` (a shell's completion of a name): marked as before, not "no such folder" (a
    # reviewer: only a FOLDER typed so where nothing of the name exists is named a missing folder).
    (tmp_path / "a.toml").write_text('"z_0^1" = -0.5\n', encoding="utf-8")
    done = run_symbp("check", "--example", "nn231", f"{tmp_path / 'a.toml'}/", timeout=120)
    assert done.returncode in (0, 1) and "z_0^1" in done.stdout, (done.stdout, done.stderr)


@pytest.mark.parametrize("key_text, says", [("", r"^symbp: stdin: empty \(expected the answers\.json of `symbp worksheet`\)$"),
                                            ('{"x": 1}', r"^symbp: stdin: a student's answers file, not a key")])
def test_a_key_read_from_stdin_is_named_stdin(tmp_path, key_text, says):
    # `check --key -`: "symbp: -: not valid JSON: Expecting value: line 1 column 1" for an empty stdin, and "-"
    # in every message and the report's "Key: -" (a new user); a spec read so was already "stdin".
    import subprocess

    (tmp_path / "a.toml").write_text('"z_0^1" = -0.5\n', encoding="utf-8")
    done = subprocess.run(symbp_command() + ["check", "--key", "-", str(tmp_path / "a.toml")], input=key_text,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and re.search(says, done.stderr.strip()), done.stderr
