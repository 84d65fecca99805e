"""Graph input of stop 66's hostile-input tester: an answer of 1e309 is marked wrong (check crashed, exit 70, and a
class with such a file went unmarked); a number of 10^999999999 in a stage is refused at once (it hung making the
number); max/min take at most 6 arguments (8 took 20 s, 195 minutes); a value reused in every stage, whose whole expression
is a tree exponential in the stages, is not handed to SymPy (count_ops walked it for minutes); names with more
than one _ (a_b_c, x_, x1_2_3) compile (pdflatex stopped at a double subscript)."""

from __future__ import annotations

import json

import pytest

import symbp
from helpers import cli_runner
from symbp.cli import main

CIRCUIT = 'kind = "graph"\ninputs = { x = -2, y = 5, z = -4 }\nexpression = "f = (x + y) * z"\n'


def _run(tmp_path, spec: str, *args, answers: str | None = None):
    (tmp_path / "g.toml").write_text(spec, encoding="utf-8")
    if answers is not None:
        (tmp_path / "a.toml").write_text(answers, encoding="utf-8")
        return cli_runner().invoke(main, ["check", str(tmp_path / "g.toml"), str(tmp_path / "a.toml"), *args])
    return cli_runner().invoke(main, ["derive", str(tmp_path / "g.toml"), *args])


@pytest.mark.parametrize("written", ["1e309", "1e999", "-1e400", "1e-400"])
def test_an_answer_beyond_floats_is_marked_wrong(tmp_path, written):
    done = _run(tmp_path, CIRCUIT, "-f", "json", answers=f'"f.1" = "{written}"\n"f" = "-12"\n')
    assert done.exit_code == 1, done.output
    marks = json.loads(done.stdout)["quantities"]
    assert marks["f.1"]["status"] == "wrong"  # (x + y = 3)
    assert marks["f"]["status"] == "correct"  # (3·(−4) = −12: the true value)


@pytest.mark.parametrize("number", ["1e999999999", "1e-999999999", "1e9999999"])
def test_a_huge_number_in_a_stage_is_refused(tmp_path, number):
    done = _run(tmp_path, f'kind = "graph"\ninputs = {{ x = 2, y = 3 }}\nstages = ["f = x * {number} + y"]\n')
    assert done.exit_code == 2 and "out of range" in done.stderr and number in done.stderr, done.output


def test_max_takes_at_most_six_arguments(tmp_path):
    many = ", ".join(["x"] * 9)
    done = _run(tmp_path, f'kind = "graph"\ninputs = {{ x = 2, y = 3 }}\nstages = ["f = max(y, {many})"]\n')
    assert done.exit_code == 2 and "at most 6 arguments, got 10" in done.stderr, done.output
    six = 'kind = "graph"\ninputs = { x = 2, y = 3 }\nstages = ["f = max(y, x, x*y, x + y, 1, 2)"]\n'
    assert _run(tmp_path, six).exit_code == 0


def test_a_value_reused_in_every_stage_skips_sympy(tmp_path):
    """a_k = mean of 7 σ's of a_{k−1}: the whole expression holds 7^k copies of a_0."""
    xs = {f"x{i}": 1 + i / 10 for i in range(8)}
    stages = ["a0 = (" + " + ".join(f"sigmoid(x{i}*x0)" for i in range(1, 8)) + ")/7"]
    for k in range(1, 8):
        stages.append(f"a{k} = (" + " + ".join(f"sigmoid(x{i}*a{k - 1})" for i in range(1, 8)) + ")/7")
    stages.append("f = " + " + ".join(f"a{k}" for k in range(8)))
    spec = symbp.spec_from_dict({"kind": "graph", "inputs": xs, "stages": stages})
    solution = symbp.derive(spec)
    assert solution.to_json()  # (verified: the float path and finite differences)
    assert "too large for SymPy" in " ".join(solution.to_text().split())


def test_names_with_several_underscores_compile(tmp_path, requires_tex):
    spec = ('kind = "graph"\ninputs = { x_ = 2, x__y = 3, x1_2_3 = 1.5 }\n'
            'stages = ["sqrt_ = x_ * x__y", "a_b_c = sqrt_ + x1_2_3", "f = a_b_c * x_"]\n')
    done = _run(tmp_path, spec, "-o", str(tmp_path / "odd.pdf"))
    assert done.exit_code == 0, done.output
    assert (tmp_path / "odd.pdf").stat().st_size > 1000
    md = _run(tmp_path, spec, "--format", "md").stdout
    assert r"a_{b\_c}" in md and r"x\_ " in md and r"{x_{1}}_{2\_3}" in md


@pytest.mark.parametrize("x", ["1e-100", "1e-60"])
def test_a_root_at_a_tiny_input_is_verified(tmp_path, x):
    """f = √x + 3: df/dx = 1/(2√x) = 5·10^49 at 10^−100; the 50-digit central difference lost it beside the 3
    (a step of 10^−120 moves f by 10^−70): exit 3, "finite differences give 0.0"."""
    done = _run(tmp_path, f'kind = "graph"\ninputs = {{ x = {x}, y = 3 }}\nstages = ["f = sqrt(x) + y"]\n', "-f", "json")
    assert done.exit_code == 0, done.output
    values = json.loads(done.stdout)["values"]
    assert values["df/dx"] == pytest.approx(0.5 / float(x) ** 0.5, rel=1e-12)


def test_chained_choices_skip_sympy(tmp_path):
    """Five chained |·| (32 cases) ran past 60 s in SymPy: more than 16 cases are not handed to it."""
    spec = ('kind = "graph"\ninputs = { x = 2, y = 3, z = 5 }\n'
            'stages = ["a = abs(x - y)", "b = abs(a - z)", "c = abs(b - x)", "d = abs(c - y)", "f = abs(d - z)"]\n')
    done = _run(tmp_path, spec)
    assert done.exit_code == 0 and "too large for SymPy" in " ".join(done.stdout.split()), done.output
    one = 'kind = "graph"\ninputs = { x = 2, y = 3 }\nstages = ["f = abs(x - y) * y"]\n'
    assert "with SymPy differentiating" in " ".join(_run(tmp_path, one).stdout.split())


def test_a_link_planted_as_the_lock_is_not_followed(tmp_path):
    out, victim = tmp_path / "out", tmp_path / "victim"
    out.mkdir()
    (out / ".symbp-lock").symlink_to(victim)
    done = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--out", str(out)])
    assert not victim.exists()
    assert done.exit_code in (0, 2), done.output
