"""A spec's bare TOML decimals are the decimals written, at any length (a float holds ~16 digits:
1.00000000000000000001 was read as exactly 1, and 1,500 digits passed the 1,000-digit limit as
0.333…3 of 16 digits)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbp.errors import SpecError
from symbp.spec import parse_spec

BODY = 'layers = [1, 1]\nactivation = "identity"\nloss = "half_sse"\nlearning_rate = 0.1\ntarget = [0]\n' \
       '[[layer]]\nweights = [[1]]\nbiases = [0]\n'


@pytest.mark.parametrize("written", ["1.00000000000000000001", "0.1", "1_000.5", "0.123456789012345",
                                     "-1.2345678901234567890e-30", "12345678901234567.5", "3.0e2"])
def test_a_decimal_is_read_as_written(written):
    spec = parse_spec(f"input = [{written}]\n" + BODY)
    assert spec.inputs[0][0] == Fraction(written.replace("_", ""))


def test_more_digits_than_the_limit_are_refused():
    with pytest.raises(SpecError, match="1500 digits"):
        parse_spec("input = [0." + "3" * 1500 + "]\n" + BODY)
