"""An update's slips are named whatever its step: Adam's w − α·m̂/(√v̂ + ε) done with + or without the
old value is named so (stop 52's careful-student hunt: both were "a digit miscopied", while momentum's
same slips were named).  The slipped values are worked out here from the exact key with Decimal."""

from __future__ import annotations

import json
from decimal import Decimal, getcontext
from fractions import Fraction

import pytest
from click.testing import CliRunner

from symbp.cli import main


def _exact(example: str) -> dict:
    done = CliRunner().invoke(main, ["derive", "--example", example, "-f", "json"])
    return json.loads(done.stdout)


def _dec(text: str) -> Decimal:
    f = Fraction(text)
    return Decimal(f.numerator) / Decimal(f.denominator)


@pytest.mark.parametrize("slip", ["update_with_plus", "old_value_left_out"])
def test_adams_update_slips_are_named(tmp_path, slip):
    getcontext().prec = 40
    key = _exact("adam1")
    e, spec = key["exact"], key["spec"]
    lr, eps = _dec(str(spec["learning_rate"])), _dec(str(spec["optimizer"]["eps"]))
    step = lr * _dec(e["mhat_w_00^1"]) / (_dec(e["vhat_w_00^1"]).sqrt() + eps)
    old = _dec(e["w_00^1@2"]) + step  # w@2 = w − step
    slipped = old + step if slip == "update_with_plus" else -step
    written = format(slipped.quantize(Decimal("0.0001")), "f")
    answers = tmp_path / "a.toml"
    answers.write_text(f'"w_00^1@2" = "{written}"\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--example", "adam1", str(answers), "-f", "json"])
    mark = json.loads(done.stdout)["quantities"]["w_00^1@2"]
    assert mark["status"] == "wrong" and mark["diagnosis_key"] == slip, (written, mark)


def test_plain_sgds_update_slips_are_as_before(tmp_path):
    key = _exact("nn231")
    e = key["exact"]
    step = Fraction(1, 10) * Fraction(e["dL/dw_10^1"])
    plus = Fraction(e["w_10^1@2"]) + 2 * step  # w + α·g
    answers = tmp_path / "a.toml"
    answers.write_text(f'"w_10^1@2" = "{float(plus):g}"\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers), "-f", "json"])
    assert json.loads(done.stdout)["quantities"]["w_10^1@2"]["diagnosis_key"] == "update_with_plus"
