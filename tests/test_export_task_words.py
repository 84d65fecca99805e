"""The Moodle and PrairieLearn questions ask what the printed sheet's tasks ask, in its words
(Hidden layer 1: …, not "Hidden layers, back to the first: …"), and, like the sheet, never print
a formula that ③ asks the student to write: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ f'(z^l) and the update
rule w ← w − α ∂L/∂w were printed in ⑤ and ⑥ of every question."""

from __future__ import annotations

import functools
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import cli_runner

CIRCLED = "①②③④⑤⑥⑦⑧"


def _sheet_prompts(tex: str) -> dict[str, str]:
    """The first variant's prompts of the printed sheet (`\\task[…]{n}{prompt}{space}{id}`), with
    their math as MathJax writes it and a \\stepmark{n} as the circled number."""
    prompts = {}
    for number, prompt in re.findall(r"^\\task(?:\[[^\n]*?\\par\])?\{(\d)\}\{(.*)\}\{[\d.]+cm\}\{1-\d\}$", tex, re.M):
        prompt = re.sub(r"\\stepmark\{(\d)\}", lambda m: CIRCLED[int(m.group(1)) - 1], prompt)
        prompts[CIRCLED[int(number) - 1]] = re.sub(r"\$(.*?)\$", r"\\(\1\\)", prompt)
    return prompts


@functools.lru_cache(maxsize=None)
def _online_prompts(example: str, locale: str):
    """The sheet's, the Moodle question's and the PrairieLearn question's prompts of one `symbp
    worksheet` run, made once per (example, locale) by the command in this process (CliRunner:
    the same command, without a fresh interpreter's start-up, which is not what is tested here)."""
    from symbp.cli import main

    with tempfile.TemporaryDirectory(prefix="task-words-") as folder:
        return _read_prompts(main, Path(folder) / f"{example}-{locale}", example, locale)


def _read_prompts(main, out: Path, example: str, locale: str):
    result = cli_runner().invoke(main, [str(a) for a in (
        "worksheet", "--example", example, "-n", 1, "--seed", 1, "--locale", locale, "--out", out,
        "--moodle", out / "quiz.xml", "--prairielearn", out / "pl")])
    assert result.exit_code == 0, (result.stderr, result.exception)
    question = [q for q in ET.parse(out / "quiz.xml").getroot().findall("question") if q.get("type") == "cloze"][0]
    moodle = dict(re.findall(r"<p><strong>([①-⑧])</strong> (.*?)</p>", question.find("questiontext/text").text))
    pl = dict(re.findall(r"<p><strong>([①-⑧])</strong> (.*?)</p>", (out / "pl" / "question.html").read_text("utf-8")))
    return _sheet_prompts((out / "worksheet.tex").read_text(encoding="utf-8")), moodle, pl


@pytest.mark.parametrize("example", ["nn231", "mazur", "batch3", "steps3"])
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_online_tasks_are_the_sheets_tasks(example, locale):
    sheet, moodle, pl = _online_prompts(example, locale)
    assert sheet and moodle.keys() == sheet.keys() == pl.keys()
    for number, prompt in sheet.items():
        for online in (moodle[number], pl[number]):
            # ③ and the last task add one sentence: nothing to enter there
            assert online == prompt or online.startswith(prompt + " "), (number, online, prompt)


@pytest.mark.parametrize("example", ["nn231", "steps3"])
def test_no_task_prints_a_formula_the_formulas_task_asks_for(example):
    _, moodle, pl = _online_prompts(example, "en")
    for tasks in (moodle, pl):
        text = " ".join(tasks.values())
        assert "\\odot" not in text and "\\leftarrow" not in text and "f'" not in text, text


@pytest.mark.parametrize("example", ["nn231", "steps3"])
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_the_hidden_layers_task_names_the_neuron_by_one_index(example, locale):
    # ⑤ asked for "every δ^1_k and the gradients ∂L/∂w^1_jk and ∂L/∂b^1_j": the δ of neuron k beside
    # the bias of neuron j, though ∂L/∂b^1_j = δ^1_j (a new user's reading).  The neuron of the layer is
    # j throughout (the first index of w_jk), on the sheet and online.
    for prompts in _online_prompts(example, locale):
        task = prompts["⑤"]
        delta = re.search(r"\\delta\^\{(?:1|l)\}_\{(\w)\}", task).group(1)
        bias = re.search(r"\\partial b\^\{(?:1|l)\}_\{(\w)\}", task).group(1)
        weight = re.search(r"\\partial w\^\{(?:1|l)\}_\{(\w)\w\}", task).group(1)
        assert delta == bias == weight == "j", task
