"""A slip is named on a graph only where it moves the value more than rounding on the way could: a last
digit miscopied (df/dx = 0.2558 for 0.2555) was "likely slip: sign flipped", because flipping the sign
of a term of −0.000093 gives 0.2557 (the hunter's MEDIUM, stop 53).  A real sign slip, a forgotten
branch of a fan-out and an exact number written wrong are still named."""

from __future__ import annotations

from pathlib import Path

import symbp

DATA = Path(__file__).parent / "data"
SPEC = {"kind": "graph", "inputs": {"x": "0.16", "y": "-0.63"}, "output": "f", "gates": "primitive",
        "stages": ["a = x * y", "b = exp(a) * x", "c = b / (x + 3)", "d = sigmoid(c) * tanh(x)", "f = d*d - a*b + min(x, y)"]}


def test_a_last_digit_miscopied_is_not_called_a_sign_slip():
    report = symbp.check(symbp.spec_from_dict(SPEC), DATA / "graph-slip-digit-last.toml")
    mark = report.marks["df/dx"]
    assert mark["status"] == "wrong"
    assert mark["diagnosis_key"] != "sign_flipped", mark


def test_a_sign_slip_of_the_same_value_is_named():
    written = {line.split(" = ")[0].strip('"'): line.split(" = ")[1].strip('"')
               for line in (DATA / "graph-slip-digit-last.toml").read_text(encoding="utf-8").splitlines() if " = " in line}
    written.pop("variant")
    written["df/dx"] = "-0.2555"
    mark = symbp.check(symbp.spec_from_dict(SPEC), written).marks["df/dx"]
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", "sign_flipped"), mark
