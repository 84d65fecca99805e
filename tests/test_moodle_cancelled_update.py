"""A Moodle gap of an update that all but cancels its parameter accepts what a careful student writes
(the course-platform hunter's HIGH, stop 55): Adam's first step at |w| = α leaves 0.1·ε/(|g| + ε) ≈
7.7·10^−8, ε's effect alone; a student who rounds √v̂ + ε to the sheet's 4 digits gets exactly 0,
which `check` accepts — the gap, a band of half a unit in the value's third digit
(0.0000000769…:0.00000000005), refused it.  Such a value is known as precisely as its parameter:
the gap's band is the parameter's (0.1: ±0.0005).  (A first fix rejected such draws; on the 0.1 grid
|w| = α is common enough that a 3-8-8-3 Adam sheet then drew no variant at all.)

Expected values: the Adam step worked here with Decimal from each variant's spec in answers.json.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal, localcontext

import moodle_cloze
from helpers import cli_runner
from symbp.cli import main
from symbp.render.printers import printer

ADAM = """\
title = "Sigmoid net, Adam"
layers = [2, 2, 1]
activation = "sigmoid"
loss = "bce"
learning_rate = 0.1
weight_decay = 0.01
input = [1, 2]
target = [1]

[optimizer]
name = "adam"

[[layer]]
weights = [[0.5, -0.25], [0.25, 0.5]]
biases = [0.1, -0.1]

[[layer]]
weights = [[1, -0.5]]
biases = [0.2]
"""
TEX = printer("tex", digits=4)


def test_a_cancelled_adam_update_accepts_the_careful_zero(tmp_path):
    (tmp_path / "adam.toml").write_text(ADAM, encoding="utf-8")
    out = tmp_path / "ws"
    result = cli_runner().invoke(main, ["worksheet", str(tmp_path / "adam.toml"), "-n", "8", "--seed", "12", "--out",
                                        str(out), "--moodle", str(out / "quiz.xml")])
    assert result.exit_code == 0, result.output
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    questions = ET.parse(out / "quiz.xml").getroot().findall("question[@type='cloze']")
    cancelled = 0
    for question, variant in zip(questions, key["variants"]):
        gaps = moodle_cloze.gaps_by_name(question, variant["asked"], TEX.symbol)
        layers = variant["spec"]["layer"]
        for name, alts in gaps.items():
            if not (name.startswith("w_") and name.endswith("@2")):
                continue
            j, k, layer = int(name[2]), int(name[3]), int(name.split("^")[1].split("@")[0])
            old = Decimal(str(layers[layer - 1]["weights"][j][k]))
            with localcontext() as ctx:
                ctx.prec = 50
                new = Decimal(variant["exact"][name].split("/")[0]) / Decimal(variant["exact"][name].split("/")[1]) \
                    if "/" in variant["exact"][name] else Decimal(variant["exact"][name])
            if new == 0 or abs(new) * 1000 >= abs(old):
                continue
            cancelled += 1
            assert moodle_cloze.credit(alts, "0") == 1.0 and moodle_cloze.credit(alts, "0.0000") == 1.0, name
            assert moodle_cloze.credit(alts, str(new)) == 1.0, name
            assert moodle_cloze.credit(alts, "0.002") == 0.0 and moodle_cloze.credit(alts, str(-old)) == 0.0, name
    assert cancelled >= 1  # (variant 6's w_00^1@2: 0.1 − 0.1·m̂/(√v̂ + ε))
