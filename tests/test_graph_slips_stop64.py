"""Slips of a graph's check named as a network's are (stop 64's graph tester): a slip of the pen — the decimal point
moved, two digits swapped — undone on the number written where that number is right; one branch of a fan-out of
three left out of the sum; a max's choice inside a gate written as a whole (gates = "as_written") passed to the
argument it did not pick; e^x's derivative taken by the power rule, x·e^(x−1).  Values worked here by hand."""

from __future__ import annotations

import json
import math

import pytest

from helpers import cli_runner
from symbp.cli import main


def _mark(tmp_path, spec: str | None, example: str | None, name: str, written: str) -> dict:
    args = ["check"]
    if spec is not None:
        (tmp_path / "g.toml").write_text(spec, encoding="utf-8")
        args.append(str(tmp_path / "g.toml"))
    else:
        args += ["--example", example]
    (tmp_path / "a.toml").write_text(f'"{name}" = "{written}"\n', encoding="utf-8")
    done = cli_runner().invoke(main, [*args, str(tmp_path / "a.toml"), "-f", "json"])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)["quantities"][name]


SIGMOID_1 = f"{1 / (1 + math.exp(-1)):.4f}"  # graph-neuron's f = σ(2·(−1) + (−3)·(−2) − 3) = σ(1) = 0.7311


@pytest.mark.parametrize("example, name, written, slip", [
    ("graph-neuron", "f", SIGMOID_1[:3] + SIGMOID_1[4] + SIGMOID_1[3] + SIGMOID_1[5:], "digits_transposed"),  # 0.7131
    ("graph-neuron", "f", SIGMOID_1.replace("0.", "")[:1] + "." + SIGMOID_1[3:], "decimal_point_moved"),  # 7.311
    ("graph-circuit", "df/dz", "30", "decimal_point_moved"),  # df/dz = x + y = −2 + 5 = 3
    ("graph-circuit", "df/dz", "-3", "sign_flipped"),
])
def test_a_slip_of_the_pen_is_named(tmp_path, example, name, written, slip):
    mark = _mark(tmp_path, None, example, name, written)
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", slip), mark


def test_a_branch_left_out_of_a_fan_out_of_three(tmp_path):
    """f = x·y + x·z + x at x = 2, y = 3, z = 5: df/dx = y + z + 1 = 9; without the last branch 3 + 5 = 8."""
    spec = 'kind = "graph"\ninputs = { x = 2, y = 3, z = 5 }\nstages = ["f = x*y + x*z + x"]\ngates = "primitive"\n'
    assert _mark(tmp_path, spec, None, "df/dx", "9")["status"] == "correct"
    mark = _mark(tmp_path, spec, None, "df/dx", "8")
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", "fan_out_branch_left_out"), mark


def test_a_max_inside_a_gate_written_as_a_whole_routed_to_both(tmp_path):
    """f = x·x + max(x, y) at x = 3, y = 1: max picks x, so df/dy = 0; passed to y as well it would be 1."""
    spec = 'kind = "graph"\ninputs = { x = 3, y = 1 }\nstages = ["f = x*x + max(x, y)"]\ngates = "as_written"\n'
    assert _mark(tmp_path, spec, None, "df/dy", "0")["status"] == "correct"
    mark = _mark(tmp_path, spec, None, "df/dy", "1")
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", "max_routed_to_both"), mark


def test_e_to_the_x_derived_by_the_power_rule(tmp_path):
    """f = e^x at x = 2: df/dx = e² ≈ 7.389; by the power rule x·e^(x−1) = 2e ≈ 5.437."""
    spec = 'kind = "graph"\ninputs = { x = 2 }\nstages = ["f = exp(x)"]\ngates = "primitive"\n'
    assert _mark(tmp_path, spec, None, "df/dx", f"{math.exp(2):.4g}")["status"] == "correct"
    mark = _mark(tmp_path, spec, None, "df/dx", f"{2 * math.e:.4g}")
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", "wrong_local_derivative"), mark


WHOLE = 'kind = "graph"\ninputs = {{ {inputs} }}\nstages = ["{stage}"]\ngates = "as_written"\n'


@pytest.mark.parametrize("inputs, stage, name, right, slipped", [
    # ∂(p/(a + c))/∂a = −p/(a + c)² = −3/9; the square forgotten: −3/3
    ("p = 3, a = 2, c = 1", "f = p / (a + c)", "df/da", -3 / 9, -3 / 3),
    # ∂√(x·x + y)/∂y = 1/(2·√9) = 1/6; the ½ forgotten: 1/3
    ("x = 2, y = 5", "f = sqrt(x*x + y)", "df/dy", 1 / 6, 1 / 3),
    # ∂(x³ + y)/∂x = 3·x² = 12; the exponent not lowered: 3·x³ = 24; the factor 3 forgotten: x² = 4
    ("x = 2, y = 1", "f = x^3 + y", "df/dx", 12, 24),
    ("x = 2, y = 1", "f = x^3 + y", "df/dx", 12, 4),
])
def test_a_wrong_local_derivative_inside_a_gate_written_as_a_whole(tmp_path, inputs, stage, name, right, slipped):
    spec = WHOLE.format(inputs=inputs, stage=stage)
    assert _mark(tmp_path, spec, None, name, f"{right:.4g}")["status"] == "correct"
    mark = _mark(tmp_path, spec, None, name, f"{slipped:.4f}")
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", "wrong_local_derivative"), mark


def test_a_wrong_fraction_is_marked_without_a_crash(tmp_path):
    """(the stop-64 reviewer's HIGH: 7/2 for df/dz = 3 of graph-circuit stopped the check, its pen slips undone on a
    text that is no decimal)"""
    assert _mark(tmp_path, None, "graph-circuit", "df/dz", "7/2")["status"] == "wrong"


def test_a_relus_choice_beside_a_max_is_no_max_slip(tmp_path):
    """f = relu(x) + max(y, z) as one gate at x = −2: df/dx = [x > 0] = 0; 1 written is a wrong local derivative,
    not a max's gradient passed on (the reviewer's MEDIUM: any 0/1 choice in a gate with a max was the max's)."""
    spec = 'kind = "graph"\ninputs = { x = -2, y = 3, z = 1 }\nstages = ["f = relu(x) + max(y, z)"]\ngates = "as_written"\n'
    mark = _mark(tmp_path, spec, None, "df/dx", "1")
    assert mark["status"] == "wrong" and mark["diagnosis_key"] not in ("max_routed_to_both", "max_not_routed"), mark


def test_a_max_branch_left_out_of_a_fan_out_of_three_is_the_max_slip(tmp_path):
    """f = x·y + x·w + max(x, z) at x = 3, y = −4, w = 6, z = 2: max picks x, df/dx = −4 + 6 + 1 = 3, df/dz = 0; an
    answer with df/dz = 1 (routed to z) and df/dx = −4 + 6 = 2 made one slip, the max's (the reviewer's MEDIUM)."""
    spec = ('kind = "graph"\ninputs = { x = 3, y = -4, w = 6, z = 2 }\nstages = ["f = x*y + x*w + max(x, z)"]\n'
            'gates = "primitive"\n')
    (tmp_path / "g.toml").write_text(spec, encoding="utf-8")
    (tmp_path / "a.toml").write_text('"df/dz" = "1"\n"df/dx" = "2"\n', encoding="utf-8")
    done = cli_runner().invoke(main, ["check", str(tmp_path / "g.toml"), str(tmp_path / "a.toml"), "-f", "json"])
    marks = json.loads(done.stdout)["quantities"]
    assert marks["df/dz"]["diagnosis_key"] == "max_routed_to_both" and marks["df/dx"]["diagnosis_key"] == "max_not_routed"


def test_a_sign_flipped_is_named_however_many_numbers_are_wrong():
    """(the reviewer's MEDIUM: the sign went into the pen slips' budget of 80 numbers judged a file, and after six
    wrong numbers a flipped sign was no longer named)"""
    import symbp
    from test_graph_check_calculator import STAGED, _staged_student

    answers, _ = _staged_student()
    right = answers["df/dinvden"]
    answers["df/dinvden"] = right[1:] if right.startswith("-") else "-" + right
    for name in ["sigy.1", "sigy.2", "sigy.3", "sigy", "sigx.1", "xpy", "xpysqr", "invden", "f"]:
        answers[name] = "1234.5678"
    marks = json.loads(symbp.check(symbp.spec_from_dict(STAGED), answers).to("json"))["quantities"]
    assert (marks["df/dinvden"]["status"], marks["df/dinvden"]["diagnosis_key"]) == ("wrong", "sign_flipped")


def test_a_scaled_max_inside_a_gate_written_as_a_whole_routed_to_both(tmp_path):
    """f = x·x + 2·max(x, y) at x = 3, y = 1: df/dy = 2·[y > x] = 0; passed to y as well: 2·1 = 2 (the reviewer's LOW)."""
    spec = 'kind = "graph"\ninputs = { x = 3, y = 1 }\nstages = ["f = x*x + 2*max(x, y)"]\ngates = "as_written"\n'
    assert _mark(tmp_path, spec, None, "df/dy", "0")["status"] == "correct"
    mark = _mark(tmp_path, spec, None, "df/dy", "2")
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", "max_routed_to_both"), mark
