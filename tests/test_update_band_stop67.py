"""A platform's band for an update w − step is the widest of the new value's, the parameter's and the step's
(stop 67's instructor tester: b = 0.2418 − 0.5·0.48283 = 0.000385 for the exact 0.0003975 scored 0 in Moodle,
whose band was ±0.0000005, while `symbp check` gave it full marks)."""
from __future__ import annotations

import html
import json
import re
from fractions import Fraction

from click.testing import CliRunner

from symbp.cli import main

SPEC = """title = "Softmax batch with momentum, two steps"
layers = [2, 3, 3]
activation = "tanh"
loss = "cross_entropy"
learning_rate = 0.5
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


def _gaps(xml: str) -> dict:
    """value text -> tolerance of every gap's first (exact) answer."""
    return {value: Fraction(tol) for value, tol in re.findall(r"\{1:NUMERICAL:=([^:]*):([^#]*)#", html.unescape(xml))}


def test_every_update_s_band_holds_the_parameter_written_as_the_key_carries_it_minus_the_exact_step(tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text(SPEC, encoding="utf-8")
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "4", "--out", str(tmp_path / "ws"),
                                       "--moodle", str(tmp_path / "q.xml")])
    assert result.exit_code == 0, result.output
    variant = json.loads((tmp_path / "ws" / "answers.json").read_text(encoding="utf-8"))["variants"][0]
    gaps = _gaps((tmp_path / "q.xml").read_text(encoding="utf-8"))
    exact, carried = variant["exact"], variant["carried"]
    checked = 0
    for name in variant["asked"]:
        found = re.fullmatch(r"([wb]_\d+\^\d+)@(\d+)", name)
        if not found or int(found[2]) < 3:
            continue
        before = f"{found[1]}@{int(found[2]) - 1}"
        step = Fraction(exact[before]) - Fraction(exact[name])
        student = Fraction(carried[before]) - step  # the parameter as the key carries it, the step kept whole
        value = Fraction(exact[name])
        gap = next((tol for text, tol in gaps.items() if abs(Fraction(text) - value) <= abs(value) * Fraction(1, 10**15)), None)
        assert gap is not None, name
        assert abs(student - value) <= gap, (name, float(value), float(student), float(gap))
        checked += 1
    assert checked >= 6
    cancelled = Fraction(exact["b_0^2@3"])
    assert abs(cancelled) < Fraction(1, 1000)  # the case the tester found: 0.0003975
