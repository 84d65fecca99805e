"""The steps of a derived solution are numbered without a gap (the print hunter's LOW of stop 56): a network
without a hidden layer has no hidden-layers step, and its solution ran ① ② ③ ④ ⑥ ⑦ ⑧ — its worksheet's
tasks (and the key's headings) were already 1 … 7."""
from __future__ import annotations

import re

import pytest

from helpers import cli_runner
from symbp.cli import main

SINGLE = """layers = [1, 1]
activation = "sigmoid"
loss = "bce"
learning_rate = 0.5
input = [2]
target = [1]
[[layer]]
weights = [[0.3]]
biases = [-0.1]
"""
CIRCLED = "①②③④⑤⑥⑦⑧⑨"


def _numbers(fmt: str, text: str) -> list[int]:
    if fmt == "tex":
        return [int(n) for n in re.findall(r"\\subsection\*\{\\stepmark\{(\d)\}", text)]
    return [CIRCLED.index(c) + 1 for c in re.findall(r"^(?:#+ )?([①-⑨]) ", text, flags=re.M)]


@pytest.mark.parametrize("fmt", ["text", "md", "tex"])
@pytest.mark.parametrize("spec, steps", [(SINGLE, 7), (None, 8)], ids=["1-1", "nn231"])
def test_steps_are_numbered_one_to_n(tmp_path, fmt, spec, steps):
    if spec is None:
        args = ["--example", "nn231"]
    else:
        (tmp_path / "one.toml").write_text(spec, encoding="utf-8")
        args = [str(tmp_path / "one.toml")]
    result = cli_runner().invoke(main, ["derive", *args, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert _numbers(fmt, result.stdout) == list(range(1, steps + 1))


@pytest.mark.parametrize("layers, ask", [("[2, 3, 1]", '["forward", "loss", "output_layer", "update", "new_loss"]'),
                                         ("[2, 1]", '["forward", "loss", "formulas", "output_layer", "hidden_layers", "update", "new_forward", "new_loss"]')])
def test_a_worksheets_answers_file_numbers_its_groups_as_the_sheet_numbers_its_tasks(tmp_path, layers, ask):
    """(the reviewer's MEDIUM of stop 56) the sheet asked task 4 where the answers file said ⑥."""
    spec = tmp_path / "net.toml"
    spec.write_text(f'layers = {layers}\nactivation = "sigmoid"\nloss = "half_sse"\nlearning_rate = 0.5\n[variants]\nask = {ask}\n',
                    encoding="utf-8")
    out = tmp_path / "ws"
    result = cli_runner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = (out / "worksheet.tex").read_text(encoding="utf-8")
    tasks = {int(n): prose for n, prose in re.findall(r"\\task(?:\[[^\]]*\])?\{(\d+)\}\{([^}]{0,40})", sheet)}
    template = (out / "answers-template.toml").read_text(encoding="utf-8")
    groups = {CIRCLED.index(c) + 1: words for c, words in re.findall(r"^# ([①-⑨]) (.+)$", template, flags=re.M)}
    words = {"Forward pass with": "Forward pass again", "Forward pass": "Forward pass", "Cost": "Compute the cost",
             "Output layer": "Output layer", "Hidden layer": "Hidden layer", "Update": "Gradient descent",
             "New cost": "Compute the new cost"}
    assert groups
    for number, heading in groups.items():
        expected = next(prose for start, prose in words.items() if heading.startswith(start))
        assert tasks[number].startswith(expected), (number, heading, tasks[number])


def test_a_check_reports_latex_numbers_the_steps_as_the_solution(tmp_path):
    """(the reviewer's MEDIUM of stop 56) check's LaTeX report hard-coded ⑥ ⑦ ⑧."""
    (tmp_path / "one.toml").write_text(SINGLE, encoding="utf-8")
    answers = tmp_path / "ada.toml"
    answers.write_text('"z_0^1" = "0.5"\n"w_00^1@2" = "0.3"\n"L@2" = "0.4"\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", str(tmp_path / "one.toml"), str(answers), "--format", "tex"])
    assert result.exit_code == 1, result.output
    marks = re.findall(r"\\stepmark\{([^}]*)\} ([A-Z][a-z]+)", result.stdout)
    assert ("5", "Update") in marks and ("7", "New") in marks and all(n.isdigit() for n, _ in marks), marks
