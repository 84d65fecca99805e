"""A quantity's points are 0 or from 0.001 on (stop 67's hostile tester: points of 1e-300 printed
"0.000…(300 zeros)…1 of 47.00")."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.mark.parametrize("points, ok", [("1e-300", False), ("0.0009", False), ("0", True), ("0.001", True), ("2.5", True)])
def test_tiny_points_are_refused_naming_the_field(tmp_path, points, ok):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"z_0^1": "0.5", "points": {"z_0^1": float(points)}}), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers)])
    if ok:
        assert result.exit_code in (0, 1), result.output
    else:
        assert result.exit_code == 2 and "points.z_0^1: expected a number of points, 0 or from 0.001" in result.output, \
            result.output
        assert "0000000" not in result.output
