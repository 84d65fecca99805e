"""A value copied from a carried key is right, whatever else the answer leaves out or gets wrong.

A carried key prints the calculator chain: every value worked out from the rounded values before it
(δ_1^1 = −0.5·0.09515·0.1779 ≈ −0.008464 where the exact value is −0.0084616).  A student who copied
−0.008464, alone or after a slip elsewhere, was marked WRONG ("a digit miscopied") in 9 of 80 files
of a new user's class.  Here every value a sigmoid sheet's carried key prints (its answers.json
"carried" table) is copied alone, and in a file with every other value and in one after a sign slip,
and `check --key` must never mark it wrong; a slip of a printed value (its sign) is still named."""

from __future__ import annotations

import json
from decimal import Decimal

from helpers import cli_runner

from symbp.agreement import Rule
from symbp.cli import main
from symbp.grading import load_key, mark_table
from symbp.marking import CORRECT, WRONG

SPEC = """title = "chain"
layers = [2, 2, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
[variants]
weights = { range = [-1, 1], decimals = 1, nonzero = true }
biases  = { range = [-1, 1], decimals = 1 }
inputs  = { range = [-2, 2], decimals = 0, nonzero = true }
targets = { range = [0, 1], decimals = 1 }
"""


def _sheet(tmp_path):
    (tmp_path / "s.toml").write_text(SPEC, encoding="utf-8")
    result = cli_runner().invoke(main, ["worksheet", str(tmp_path / "s.toml"), "-n", "3", "--seed", "5",
                                        "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "answers.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["key"] == "carried"
    return path, data


def _marks(key, variant: str, values: dict):
    raw = {"variant": variant, **{name: str(value) for name, value in values.items()}}
    return mark_table(key, raw, key.path, Rule(digits=4)).marking.marks


def test_every_printed_value_copied_alone_or_among_others_is_right(tmp_path):
    path, data = _sheet(tmp_path)
    key = load_key(path)
    differing = 0
    for variant in data["variants"]:
        vid, carried = str(variant["id"]), variant["carried"]
        asked = [name for name in variant["asked"] if name in carried]
        differing += sum(Decimal(carried[n]) != Decimal(variant["exact"][n]).quantize(Decimal(carried[n])) for n in asked)
        for name in asked:  # one value alone
            assert _marks(key, vid, {name: carried[name]})[name].status == CORRECT, (vid, name, carried[name])
        half = {name: carried[name] for name in asked[::2]}  # every other value
        assert all(m.status != WRONG for m in _marks(key, vid, half).values()), vid
        first = asked[0]  # a sign slip early on: the later printed values are still right
        slipped = {first: f"-{carried[first]}".replace("--", ""), **{n: carried[n] for n in asked[1:]}}
        marks = _marks(key, vid, slipped)
        assert [n for n, m in marks.items() if m.status == WRONG] == [first]
    assert differing > 10  # the chain's values are not simply the exact ones rounded


def test_a_printed_value_with_its_sign_flipped_is_named(tmp_path):
    path, data = _sheet(tmp_path)
    key = load_key(path)
    variant = data["variants"][0]
    carried, exact = variant["carried"], variant["exact"]
    # a δ the chain prints other than the exact value rounded (else the true value's own slip names it)
    name = next(n for n in variant["asked"] if n.startswith("delta") and n in carried
                and Decimal(carried[n]) != Decimal(exact[n]).quantize(Decimal(carried[n])))
    flipped = carried[name][1:] if carried[name].startswith("-") else "-" + carried[name]
    mark = _marks(key, str(variant["id"]), {name: flipped})[name]
    assert mark.status == WRONG and mark.diagnosis is not None and mark.diagnosis.key == "sign_flipped"


BATCH = """title = "batch"
layers = [2, 2, 3]
activation = "tanh"
loss = "cross_entropy"
learning_rate = 0.1
steps = 2
inputs = [[1, 0], [0, 1]]
targets = [[1, 0, 0], [0, 0, 1]]
[optimizer]
name = "momentum"
beta = 0.9
[[layer]]
[[layer]]
activation = "softmax"
"""


def test_a_short_value_the_chain_works_out_exactly_is_right_as_written(tmp_path):
    """A batch mean of printed numbers can come out exactly in fewer digits than asked: the key
    printed ½·(−0.01306 + (−0.02294)) = −0.018, and `check` called a copied −0.018 'too few digits'."""
    (tmp_path / "b.toml").write_text(BATCH, encoding="utf-8")
    result = cli_runner().invoke(main, ["worksheet", str(tmp_path / "b.toml"), "-n", "1", "--seed", "2",
                                        "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "answers.json").read_text(encoding="utf-8"))
    key = load_key(tmp_path / "out" / "answers.json")
    short = 0
    for variant in data["variants"]:
        carried = variant["carried"]
        for name in [n for n in variant["asked"] if n in carried]:
            digits = len(Decimal(carried[name]).normalize().as_tuple().digits)
            if digits < 3 and Decimal(carried[name]) != Decimal(variant["exact"][name]):  # fewer than the rule's 3
                short += 1
                assert _marks(key, str(variant["id"]), {name: carried[name]})[name].status == CORRECT, name
    assert short >= 1


def test_the_answers_template_names_the_sheets_title(tmp_path):
    """--title reached the PDFs, Moodle and PrairieLearn but the students' answers file still said the spec's title."""
    (tmp_path / "s.toml").write_text(SPEC, encoding="utf-8")
    result = cli_runner().invoke(main, ["worksheet", str(tmp_path / "s.toml"), "-n", "1", "--seed", "5",
                                        "--title", "Midterm 2", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    first = (tmp_path / "out" / "answers-template.toml").read_text(encoding="utf-8").splitlines()[0]
    assert '"Midterm 2"' in first and "chain" not in first, first
