"""A training step and a batch sample are marked differently in every format, and every mark names
the quantity it stands on.

Typeset (LaTeX, Markdown): the sample i in parentheses, (i), the step t in angle brackets, ⟨t⟩
(\\langle t\\rangle): z^{1\\,(2)\\langle 3\\rangle}_{0} is z_0^1[2]@3, w^{1\\,\\langle 2\\rangle}_{00} is
w_00^1@2, L_{2}^{\\langle 2\\rangle} is L[2]@2.  Text, JSON and answers files keep the names ([i], @t).
The printed output is read back here with the README's notation table as regular expressions
(nothing of symbp's printers), each symbol turned into the name it stands for, and that name must be
one the JSON key holds (or a given): a parameter (a step's value) printed with a sample's mark, or a
step printed as a sample, names nothing and fails.  An answers file written with the names, as
last week's were, is read and marked as before.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from symbp.cli import main

# two samples, two steps, exact numbers: small and quick
SPEC = """layers = [2, 2, 1]
activation = "relu"
loss = "half_sse"
learning_rate = 0.5
steps = 2
inputs = [[1, 2], [2, -1]]
targets = [[1], [0]]

[[layer]]
weights = [[0.5, -0.25], [0.25, 0.5]]
biases = [0.5, 0]

[[layer]]
weights = [[1, -0.5]]
biases = [0.25]
"""

# the README's typeset forms: a neuron's quantity, a layer's vector or matrix, the loss
_ENTRY = re.compile(r"(?<![A-Za-z\\])(?P<kind>w|b|z|a|\\delta)\^\{(?P<layer>\d+)(?:\\,(?P<tags>[^{}]*))?\}_\{(?P<idx>\d+)\}")
_VECTOR = re.compile(r"(?<![A-Za-z\\])(?P<kind>W|b|z|a|\\delta)\^\{(?P<layer>\d+)(?:\\,(?P<tags>[^{}]*))?\}(?!_)")
_LOSS = re.compile(r"(?<![A-Za-z\\])L(?:_\{(?P<sample>\d+)\})?\^\{(?P<tags>[^{}]*)\}")
_TAGS = re.compile(r"(?:\((?P<sample>\d+|i)\))?(?:\\langle (?P<step>\d+|t)\\rangle)?")  # (i, t: the sentence's)
_DRAWING = re.compile(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", re.S)  # its neurons a^{l}_{j}, no sample
# the names in text: w_00^1@2, z_0^1[1]@2, δ_0^2[1]
_TEXT_NAME = re.compile(r"(?<![\w^∂/])(?P<kind>w|b|z|a|δ)_(?P<idx>\d+)\^(?P<layer>\d+)(?P<suffix>(?:\[\d+\])?(?:@\d+)?)")


def _run(tmp_path, *args) -> str:
    spec = tmp_path / "net.toml"
    spec.write_text(SPEC, encoding="utf-8")
    result = CliRunner().invoke(main, [a.replace("SPEC", str(spec)) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> dict:
    return json.loads(_run(tmp_path_factory.mktemp("key"), "derive", "SPEC", "--format", "json"))


def _known(key: dict) -> set:
    """The names a page may print: the key's values and the spec's givens (step 1's parameters, the
    inputs of each sample)."""
    known = set(key["values"])
    known |= {f"{p}_{jk}^1" for p in "wb" for jk in ("00", "01", "10", "11", "0", "1")}
    known |= {"w_00^2", "w_01^2", "b_0^2"} | {f"a_{k}^0[{i}]" for k in (0, 1) for i in (1, 2)}
    return known


def _tags(text: str, where: str) -> tuple:
    """(sample, step) of a superscript's tags, which are (i), ⟨t⟩ or (i)⟨t⟩ and nothing else."""
    match = _TAGS.fullmatch(text or "")
    assert match is not None, f"{where}: tags {text!r} are neither (i) nor ⟨t⟩"
    return match.group("sample"), match.group("step")


def _suffix(sample, step) -> str:
    return (f"[{sample}]" if sample else "") + (f"@{step}" if step else "")


@pytest.mark.parametrize("fmt", ["tex", "md"])
def test_typeset_marks_name_the_keys_quantities(tmp_path, key, fmt):
    text = _DRAWING.sub("", _run(tmp_path, "derive", "SPEC", "--format", fmt, "--detail", "neuron"))
    known, seen = _known(key), set()
    for m in _ENTRY.finditer(text):
        sample, step = _tags(m.group("tags"), m.group(0))
        kind = "delta" if m.group("kind") == r"\delta" else m.group("kind")
        name = f"{kind}_{m.group('idx')}^{m.group('layer')}" + _suffix(sample, step)
        assert name in known, f"{m.group(0)} reads as {name}, no quantity of the key"
        seen.add(name)
    for m in _LOSS.finditer(text):
        assert _tags(m.group("tags"), m.group(0))[0] is None, f"{m.group(0)}: a loss's sample is its subscript"
        name = "L" + _suffix(m.group("sample"), _tags(m.group("tags"), m.group(0))[1])
        assert name in known, f"{m.group(0)} reads as {name}"
        seen.add(name)
    # what the page must show: a step's parameters, a sample at a step, a sample's loss at a step
    assert {"w_00^1@2", "b_0^2@2", "z_0^1[2]@2", "delta_0^2[1]@2", "L[2]@2", "L@2", "z_0^1[1]"} <= seen


def test_a_parameter_carries_a_step_never_a_sample(tmp_path, key):
    """The lecturer's case, in matrix form: δ^{1(2)} is sample 2, W^{2⟨2⟩} step 2."""
    text = _run(tmp_path, "derive", "SPEC", "--format", "tex", "--detail", "matrix")
    marks = {}
    for m in _VECTOR.finditer(text):
        sample, step = _tags(m.group("tags"), m.group(0))
        if m.group("kind") in ("W", "b") and m.group(0).startswith(("W", "b^")):
            assert sample is None, f"{m.group(0)}: a parameter with a sample's mark"
        marks.setdefault(m.group("kind"), set()).add((sample, step))
    assert (None, "2") in marks["W"] and ("2", None) in marks[r"\delta"] and ("2", "2") in marks[r"\delta"]


def test_text_keeps_the_names(tmp_path, key):
    text = _run(tmp_path, "derive", "SPEC", "--format", "text", "--detail", "neuron")
    known, seen = _known(key), set()
    for m in _TEXT_NAME.finditer(text):
        kind = "delta" if m.group("kind") == "δ" else m.group("kind")
        name = f"{kind}_{m.group('idx')}^{m.group('layer')}{m.group('suffix')}"
        assert name in known, f"{m.group(0)} names no quantity of the key"
        seen.add(name)
    assert {"w_00^1@2", "z_0^1[2]@2", "delta_0^2[1]@2"} <= seen
    assert "⟨" not in text and "\\langle" not in text


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_the_convention_sentence_shows_both_marks(tmp_path, locale):
    """The introduction's sentence writes its examples in the page's notation: w^{1⟨t⟩} for the step,
    z^{1(i)} and z^{1(i)⟨t⟩} for a sample."""
    text = _run(tmp_path, "derive", "SPEC", "--format", "md", "--locale", locale)
    sentence = next(line for line in text.splitlines() if r"w^{1\,\langle t\rangle}" in line)
    assert r"z^{1\,(i)}" in sentence and r"z^{1\,(i)\langle t\rangle}" in sentence
    assert "(i,t)" not in text and r"\,(t)" not in text


def test_answers_named_as_before_are_read(tmp_path, key):
    """An answers file of last week (names with [i] and @t, as the template writes them) is marked."""
    names = ["w_00^1@2", "b_0^2@2", "z_0^1[2]@2", "delta_0^2[1]@2", "L[2]@2", "dL/dw_00^1[1]@2"]
    lines = [f'"{name}" = "{key["exact"][name]}"' for name in names]
    answers = tmp_path / "ada.toml"
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = _run(tmp_path, "check", "SPEC", str(answers), "--format", "json")
    marked = {name: item["status"] for name, item in json.loads(output)["quantities"].items() if name in names}
    assert marked == {name: "correct" for name in names}


def test_a_step_typed_as_the_sheet_marks_it_is_read(tmp_path, key):
    """A student who names a value as the typeset sheet shows it, w_00^1⟨2⟩ (or w_00^1<2> on a
    keyboard without angle brackets), is marked on the quantity the name @2 stands for."""
    typed = {"w_00^1⟨2⟩": "w_00^1@2", "z_0^1[2]<2>": "z_0^1[2]@2", "L[1]⟨2⟩": "L[1]@2"}
    answers = tmp_path / "bob.toml"
    answers.write_text("".join(f'"{t}" = "{key["exact"][n]}"\n' for t, n in typed.items()), encoding="utf-8")
    output = _run(tmp_path, "check", "SPEC", str(answers), "--format", "json")
    marked = json.loads(output)["quantities"]
    assert {n: marked[n]["status"] for n in typed.values()} == {n: "correct" for n in typed.values()}
