"""Graph slips of stop 66's graph tester: the upstream gradient left out (df/dx written as the local derivative
alone) is named as such — it was named "the decimal point in the wrong place" where the upstream gradient was
0.1, "the forward value used" where a value happened to be 1, or not at all; and a slip that moves a value by
more than a quarter of it is named however few digits are written (0.2 for √25's 1/(2·5) = 0.1: the ½ forgotten;
it was left unnamed as a move within two units of a one-digit number).  Values worked here by hand."""

from __future__ import annotations

import json
import math

import pytest

from helpers import cli_runner
from symbp.cli import main

HYPOT = 'kind = "graph"\ninputs = {{ x = {x}, y = {y} }}\nexpression = "f = sqrt(x^2 + y^2)"\n'


def _marks(tmp_path, spec: str, answers: dict) -> dict:
    (tmp_path / "g.toml").write_text(spec, encoding="utf-8")
    (tmp_path / "a.toml").write_text("".join(f'"{k}" = "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    done = cli_runner().invoke(main, ["check", str(tmp_path / "g.toml"), str(tmp_path / "a.toml"), "-f", "json"])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)["quantities"]


def _hypot_answers(x, y, upstream: str, dx: str, dy: str) -> dict:
    r = math.hypot(x, y)
    return {"f.1": x * x, "f.2": y * y, "f.3": x * x + y * y, "f": f"{r:.4g}", "df/df.3": upstream,
            "df/df.2": upstream, "df/df.1": upstream, "df/dx": dx, "df/dy": dy}


@pytest.mark.parametrize("x, y", [(3, 4), (1, 2)])
def test_upstream_gradient_left_out(tmp_path, x, y):
    """f = √(x² + y²): df/dx = df/df.1 · 2x with df/df.1 = 1/(2f); written 2x alone (6 at (3, 4), where the upstream
    is 0.1; 2 at (1, 2), where f.1 = x² = 1 is the forward value too)."""
    upstream = f"{1 / (2 * math.hypot(x, y)):.4g}"
    right = _marks(tmp_path, HYPOT.format(x=x, y=y),
                   _hypot_answers(x, y, upstream, f"{float(upstream) * 2 * x:.4g}", f"{float(upstream) * 2 * y:.4g}"))
    assert {m["status"] for m in right.values()} == {"correct"}, right
    marks = _marks(tmp_path, HYPOT.format(x=x, y=y), _hypot_answers(x, y, upstream, str(2 * x), str(2 * y)))
    for name in ("df/dx", "df/dy"):
        assert (marks[name]["status"], marks[name]["diagnosis_key"]) == ("wrong", "upstream_left_out"), marks[name]


def test_upstream_left_out_with_one_digit_written(tmp_path):
    """f = tanh(x·y) at x = 0.5, y = 1.2: df/dy = (1 − tanh(0.6)²)·x ≈ 0.7116·0.5; x = 0.5 written alone is 0.14
    from 0.3558, less than two units of a one-digit number but more than a quarter of the value."""
    spec = 'kind = "graph"\ninputs = { x = 0.5, y = 1.2 }\nexpression = "f = tanh(x*y)"\n'
    local = 1 - math.tanh(0.6) ** 2
    marks = _marks(tmp_path, spec, {"f.1": "0.6", "f": f"{math.tanh(0.6):.4f}", "df/df.1": f"{local:.4f}",
                                    "df/dy": "0.5", "df/dx": "1.2"})
    for name in ("df/dx", "df/dy"):
        assert (marks[name]["status"], marks[name]["diagnosis_key"]) == ("wrong", "upstream_left_out"), marks[name]


def test_root_half_forgotten_with_one_digit(tmp_path):
    """At (3, 4): df/df.3 = 1/(2·√25) = 0.1; 1/√25 = 0.2 (the ½ forgotten) is a wrong local derivative, named."""
    marks = _marks(tmp_path, HYPOT.format(x=3, y=4), _hypot_answers(3, 4, "0.2", "1.2", "1.6"))
    assert (marks["df/df.3"]["status"], marks["df/df.3"]["diagnosis_key"]) == ("wrong", "wrong_local_derivative")
    assert marks["df/dx"]["status"] == "carried", marks["df/dx"]


def test_an_upstream_of_minus_one_left_out_is_a_sign_flipped(tmp_path):
    """s = x·y, f = −s at x = 3, y = 2: df/ds = −1; df/dx = −y = −2 written 2 is a sign flipped (the same number as
    the local y alone: the reviewer's LOW)."""
    spec = 'kind = "graph"\ninputs = { x = 3, y = 2 }\nstages = ["s = x * y", "f = -s"]\n'
    marks = _marks(tmp_path, spec, {"s": "6", "f": "-6", "df/ds": "-1", "df/dx": "2", "df/dy": "3"})
    for name in ("df/dx", "df/dy"):
        assert (marks[name]["status"], marks[name]["diagnosis_key"]) == ("wrong", "sign_flipped"), marks[name]
