"""A spec number beyond the range 10^-100 .. 10^100 is refused with exit 2 naming the field and the
number as written — also where float() of it overflows (1e400) or reads 0 (1e-400)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from symbp.cli import main
from symbp.resources import example_path


@pytest.mark.parametrize("written", ['"1e400"', '"-1e400"', '"0.1e401"', '"1e309"', '"1e-400"', '"1e101"'])
def test_a_spec_number_out_of_range_is_refused_as_written(tmp_path, written):
    text = example_path("nn231").read_text(encoding="utf-8")
    assert "[0.2, -0.4]" in text
    spec = tmp_path / "big.toml"
    spec.write_text(text.replace("[0.2, -0.4]", f"[{written}, -0.4]", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2, result.output
    assert "lies outside the range" in result.stderr and written.strip('"') in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
