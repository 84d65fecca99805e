"""An answer whose exponent is beyond Decimal's own range, or a power of ten with a long exponent, is refused with
the range message (stop 66's hostile tester: "1e99999999999999999999999999" and "5·10^99999999999" were told
'expected a number such as 0.47', which the second already is in form)."""

from __future__ import annotations

import pytest

from helpers import cli_runner
from symbp.cli import main


@pytest.mark.parametrize("written", ["1e99999999999999999999999999", "5·10^99999999999", "-2e-99999999999999999999",
                                     "1e999999999"])
def test_a_huge_exponent_is_out_of_range(tmp_path, written):
    (tmp_path / "a.toml").write_text(f'"z_0^1" = "{written}"\n', encoding="utf-8")
    done = cli_runner().invoke(main, ["check", "--example", "nn231", str(tmp_path / "a.toml")])
    assert "outside the range of answer numbers" in done.output, done.output
    assert "expected a number such as" not in done.output
