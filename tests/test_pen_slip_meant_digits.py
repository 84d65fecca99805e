"""A slip of the pen is named only where the number meant is precise enough to be marked right (stop 64's
student tester: with δ_0^2 = 0.1385 in Mazur's network, 0.99999999999 — judged at 10 digits, 1 — was "sign
flipped" (−1 is within two units of its last digit of 0.1385) and 12, 15, 1.2, 0.012 "the decimal point in the
wrong place" (0.12 and 0.15 are within two units of theirs); a careful number has at least the rule's
minimum of significant digits, and 0.12 has two).  The numbers expected are worked here in Decimal from
the spec (the careful file's every value 4 digits, rounded and carried on: it is all correct first)."""

from __future__ import annotations

import json
from decimal import Decimal, getcontext

import pytest
from click.testing import CliRunner

from symbp.cli import main

getcontext().prec = 40


def r(x: Decimal) -> Decimal:
    """x rounded to 4 significant digits (as a calculator shows it)."""
    return Decimal(f"{x:.4g}")


def sig(z: Decimal) -> Decimal:
    return r(1 / (1 + (-z).exp()))


def _mazur() -> dict:
    """Mazur's example worked in Decimal, each value rounded to 4 significant digits and carried on."""
    i0, i1, y0, y1 = Decimal("0.05"), Decimal("0.10"), Decimal("0.01"), Decimal("0.99")
    w1 = [[Decimal("0.15"), Decimal("0.20")], [Decimal("0.25"), Decimal("0.30")]]
    b1 = [Decimal("0.35")] * 2
    w2 = [[Decimal("0.40"), Decimal("0.45")], [Decimal("0.50"), Decimal("0.55")]]
    b2 = [Decimal("0.60")] * 2
    z1 = [r(w1[j][0] * i0 + w1[j][1] * i1 + b1[j]) for j in range(2)]
    a1 = [sig(z) for z in z1]
    z2 = [r(w2[j][0] * a1[0] + w2[j][1] * a1[1] + b2[j]) for j in range(2)]
    a2 = [sig(z) for z in z2]
    d2 = [r((a2[j] - y) * r(a2[j] * (1 - a2[j]))) for j, y in enumerate((y0, y1))]
    return {"a_0^2": a2[0], "delta_0^2": d2[0]}


SPEC_NAME = "mazur"


def _marks(tmp_path, answers: dict) -> dict:
    (tmp_path / "a.toml").write_text("".join(f'"{k}" = "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--example", SPEC_NAME, str(tmp_path / "a.toml"), "-f", "json"])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)["quantities"]


def _careful() -> dict:
    worked = _mazur()
    return {"a_0^2": str(worked["a_0^2"]), "delta_0^2": str(worked["delta_0^2"])}


def test_the_careful_numbers_are_right(tmp_path):
    marks = _marks(tmp_path, _careful())
    assert [marks[n]["status"] for n in ("a_0^2", "delta_0^2")] == ["correct", "correct"], marks


@pytest.mark.parametrize("written", ["0.99999999999", "1.0000000000001", "12", "15", "1.2", "0.012", "-1"])
def test_a_number_whose_undone_slip_has_too_few_digits_names_no_pen_slip(tmp_path, written):
    marks = _marks(tmp_path, {**_careful(), "delta_0^2": written})
    mark = marks["delta_0^2"]
    assert mark["status"] == "wrong", mark
    assert mark["diagnosis_key"] not in ("sign_flipped", "decimal_point_moved", "digits_transposed"), mark


@pytest.mark.parametrize("turn, slip", [(lambda d: -d, "sign_flipped"), (lambda d: d * 10, "decimal_point_moved"),
                                        (lambda d: d / 100, "decimal_point_moved")])
def test_a_careful_numbers_pen_slip_is_still_named(tmp_path, turn, slip):
    careful = _careful()
    written = str(turn(Decimal(careful["delta_0^2"])))
    mark = _marks(tmp_path, {**careful, "delta_0^2": written})["delta_0^2"]
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", slip), (written, mark)


@pytest.mark.parametrize("written, slip", [("0.61", None), ("0.6", "not_updated"), ("0.600", "not_updated")])
def test_a_slip_names_a_number_only_when_nearer_it_than_the_right_value(tmp_path, written, slip):
    """b_1^2@2 = 0.6 − 0.5·(−0.0381) ≈ 0.619 in Mazur's network: 0.61 is 0.009 from it and 0.01 from the old 0.6,
    so no copied 0.6 (it was "parameter not updated"); 0.6 itself is."""
    old, gradient = Decimal("0.60"), Decimal(str(_careful_gradient()))
    right = old - Decimal("0.5") * gradient
    assert abs(Decimal(written) - right) <= abs(Decimal(written) - old) or slip is not None
    mark = _marks(tmp_path, {"dL/db_1^2": str(gradient), "b_1^2@2": written})["b_1^2@2"]
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", slip), mark


def _careful_gradient() -> Decimal:
    """∂L/∂b_1^2 = δ_1^2 of Mazur's network, rounded to 4 digits on the way (as `_mazur`)."""
    a1 = [sig(r(Decimal("0.15") * Decimal("0.05") + Decimal("0.20") * Decimal("0.10") + Decimal("0.35"))),
          sig(r(Decimal("0.25") * Decimal("0.05") + Decimal("0.30") * Decimal("0.10") + Decimal("0.35")))]
    a = sig(r(Decimal("0.50") * a1[0] + Decimal("0.55") * a1[1] + Decimal("0.60")))
    return r((a - Decimal("0.99")) * r(a * (1 - a)))
