"""An answer key of a softmax network says that a student who rounds each e^z and their sum to the sheet's digits (as
the sheet allows) may write an a_j a few units of its last digit off the key's (stop 64's new user: 0.8038 against
the key's 0.8036 — right for `check`, wrong for a hand grader reading the key).  The claim is checked on 40 variants
here: a_j worked that way from the key's own z_j, in Decimal, against the key's a_j — off in some, never by more than
each rounding's 0.05 % of e_j and of the sum allows (10 units of the 4th digit, and the two roundings of a_j)."""

from __future__ import annotations

import json
from decimal import Decimal, getcontext

from helpers import cli_runner
from symbp.cli import main

getcontext().prec = 40


def _r(x: Decimal, digits: int = 4) -> Decimal:
    return Decimal(f"{x:.{digits}g}") if x else Decimal(0)


def test_the_key_says_so_and_it_holds(tmp_path):
    done = cli_runner().invoke(main, ["worksheet", "--example", "softmax3", "-n", "40", "--seed", "11", "--out",
                                      str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    key = (tmp_path / "ws" / "answer-key.tex").read_text()
    assert key.count("rounds each $e^{z_j}$ and their sum to 4 significant digits") == 40
    worst = 0
    for variant in json.loads((tmp_path / "ws" / "answers.json").read_text())["variants"]:
        values = variant["carried"] or variant["exact"]
        zs = [Decimal(values[f"z_{j}^2"]) for j in range(3)]
        es = [_r(z.exp()) for z in zs]
        total = _r(sum(es))
        for j, e in enumerate(es):
            key_a = Decimal(values[f"a_{j}^2"])
            student = _r(e / total)
            unit = Decimal(1).scaleb(key_a.adjusted() - 3)
            worst = max(worst, abs(student - key_a) / unit)
    assert 0 < worst <= 11, worst


def test_a_network_without_softmax_says_nothing_of_it(tmp_path):
    done = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--out", str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    assert "rounds each" not in (tmp_path / "ws" / "answer-key.tex").read_text()
