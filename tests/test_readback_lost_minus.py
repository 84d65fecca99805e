"""A minus the formula writes before a positive input, lost where the value cannot tell (times 0):
w − α·∂L/∂w with ∂L/∂w = 0 printed `0.2 + 0.1·0 = 0.2` (nn231's w_00^1@2) read as right before
review 32 (readback._check counted the minus signs only where one was printed or the input was
negative).  Adam's update writes the minus before a fraction whose numerator starts with α
(`0.5 - \\frac{0.1 \\cdot (-1.27)}{…}`): that minus is the one the formula writes."""

from __future__ import annotations

import pytest
from helpers import cli_runner
from test_readback import _context_replacing, fresh  # noqa: F401  (the fixture: caches set aside)

from symbp.cli import main


@pytest.mark.parametrize("fmt,old,new", [
    ("md", r"= 0.2 - 0.1 \cdot 0 = 0.2", r"= 0.2 + 0.1 \cdot 0 = 0.2"),
    ("tex", r"= 0.2 - 0.1 \cdot 0 = 0.2", r"= 0.2 + 0.1 \cdot 0 = 0.2"),
    ("text", "0.2 − 0.1·0", "0.2 + 0.1·0"),
])
def test_a_minus_lost_before_a_positive_input_times_zero_stops_the_run(fresh, tmp_path, fmt, old, new):  # noqa: F811
    changed = _context_replacing(fresh, old, new)
    out = tmp_path / f"s.{fmt}"
    result = cli_runner().invoke(main, ["derive", "--example", "nn231", "--format", fmt, "-o", str(out)])
    assert changed and result.exit_code == 3, result.output
    assert "puts in 0.1 after 0 minus signs" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["md", "tex", "text"])
@pytest.mark.parametrize("example", ["adam1", "momentum2"])
def test_a_minus_before_a_fraction_is_the_formulas(fmt, example):
    result = cli_runner().invoke(main, ["derive", "--example", example, "--format", fmt])
    assert result.exit_code == 0, result.output
