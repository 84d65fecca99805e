"""A Σ_k w·δ written on the way (dL/da_k^l) with 3 digits, the sheet's least, is carried on as written: the δ worked
from it is right (the stop-65 student tester's HIGH: dL/da_0^1 = 0.452 for 0.45172, then δ_0^1 = 0.452·LReLU'(0.3)
= 0.4520 was WRONG, "worked out from the earlier numbers rounded to fewer digits"; dL/da_1^1[1] = 0.776 and
f'(z) = 0.9610, then δ = 0.776·0.9610 = 0.745736, written 0.7457, was wrong). The answers files are the tester's,
every number worked by their own simulator (4 digits carried on, f'(z) and dL/da written); the numbers checked
by hand below."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal

import pytest

from helpers import REPO, cli_runner
from symbp.cli import main

DATA = REPO / "tests" / "data"


@pytest.mark.parametrize("spec,answers,sum_name,delta_name,factor", [
    ("rms-softmax-leaky-2steps", "rms-softmax-leaky-dLda3-carried", "dL/da_0^1", "delta_0^1", None),
    ("momentum-batch-tanh", "momentum-batch-tanh-dLda3-carried", "dL/da_1^1[1]", "delta_1^1[1]",
     "local:da_1^1/dz_1^1[1]"),
])
def test_a_three_digit_sum_written_on_the_way_is_carried(spec, answers, sum_name, delta_name, factor):
    written = tomllib.loads((DATA / f"{answers}.toml").read_text(encoding="utf-8"))
    total = Decimal(written[sum_name])
    assert len(written[sum_name].replace("-", "").replace("0.", "").lstrip("0")) == 3  # 3 significant digits
    slope = Decimal(written[factor]) if factor else Decimal(1)  # (a leaky ReLU at z = 0.3 > 0: slope 1)
    assert (total * slope).quantize(Decimal("1e-4")) == Decimal(written[delta_name])  # δ from the sum as written
    done = cli_runner().invoke(main, ["check", str(DATA / f"{spec}.toml"), str(DATA / f"{answers}.toml"),
                                      "--format", "json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    marks = {name: m["status"] for name, m in report["quantities"].items()}
    assert marks[delta_name] == "correct", marks[delta_name]
    assert not [n for n, s in marks.items() if s not in ("correct",)], [(n, s) for n, s in marks.items() if s != "correct"]


def test_a_wrong_sum_written_still_makes_its_delta_carried_not_right(tmp_path):
    text = (DATA / "rms-softmax-leaky-dLda3-carried.toml").read_text(encoding="utf-8")
    wrong = text.replace('"dL/da_0^1" = "0.452"', '"dL/da_0^1" = "0.462"').replace('"delta_0^1" = "0.4520"',
                                                                                  '"delta_0^1" = "0.4620"')
    assert wrong != text
    (tmp_path / "a.toml").write_text(wrong, encoding="utf-8")
    done = cli_runner().invoke(main, ["check", str(DATA / "rms-softmax-leaky-2steps.toml"), str(tmp_path / "a.toml"),
                                      "--format", "json"])
    report = json.loads(done.output)
    marks = {name: m["status"] for name, m in report["quantities"].items()}
    assert marks["dL/da_0^1"] == "wrong" and marks["delta_0^1"] != "correct", (marks["dL/da_0^1"], marks["delta_0^1"])


# The reviewer's HIGH on the first version (which read a written dL/da as an interval reaching its written number):
# a δ or ∂L/∂w between the value carried from the written dL/da and the true one was right. 1-1-1 ReLU network,
# x = 3, w1 = 0.6666, w2 = 0.5: δ^2 = 0.20098, dL/da^1 = δ^1 = 0.10049 (true), ∂L/∂w_00^1 = 0.30147; the student
# writes dL/da = 0.100 (right at 3 digits) and carries it: δ^1 = 0.1000, ∂L/∂w = 0.3000.
PROBE = ('"z_0^1" = "1.9998"\n"a_0^1" = "1.9998"\n"z_0^2" = "0.9999"\n"a_0^2" = "0.9999"\n"delta_0^2" = "0.2010"\n'
         '"dL/da_0^1" = "0.100"\n')


def _probe(tmp_path, more: str) -> dict:
    (tmp_path / "a.toml").write_text(PROBE + more, encoding="utf-8")
    done = cli_runner().invoke(main, ["check", str(DATA / "relu-111-carry-probe.toml"), str(tmp_path / "a.toml"),
                                      "--format", "json"])
    return {name: m["status"] for name, m in json.loads(done.output)["quantities"].items()}


@pytest.mark.parametrize("delta,status", [("0.1000", "correct"), ("0.1002", "wrong"), ("0.1003", "wrong"),
                                          ("0.1005", "correct")])
def test_a_delta_between_the_two_routes_is_wrong(tmp_path, delta, status):
    assert Decimal("0.100") * 1 == Decimal("0.1000") and round(Decimal("0.2010") * Decimal("0.5"), 4) == Decimal("0.1005")
    assert _probe(tmp_path, f'"delta_0^1" = "{delta}"\n')["delta_0^1"] == status


@pytest.mark.parametrize("gradient,status", [("0.3000", "correct"), ("0.3005", "wrong"), ("0.3010", "wrong"),
                                             ("0.3015", "correct")])
def test_a_gradient_after_a_delta_left_out_between_the_routes_is_wrong(tmp_path, gradient, status):
    assert Decimal("0.100") * 3 == Decimal("0.3000")  # (x = 3: ∂L/∂w = δ·x)
    assert _probe(tmp_path, f'"dL/dw_00^1" = "{gradient}"\n')["dL/dw_00^1"] == status


def test_the_testers_delta_two_units_from_both_is_wrong(tmp_path):
    text = (DATA / "momentum-batch-tanh-dLda3-carried.toml").read_text(encoding="utf-8")
    (tmp_path / "a.toml").write_text(text.replace('"delta_1^1[1]" = "0.7457"', '"delta_1^1[1]" = "0.7459"'),
                                     encoding="utf-8")
    done = cli_runner().invoke(main, ["check", str(DATA / "momentum-batch-tanh.toml"), str(tmp_path / "a.toml"),
                                      "--format", "json"])
    assert json.loads(done.output)["quantities"]["delta_1^1[1]"]["status"] == "wrong"
