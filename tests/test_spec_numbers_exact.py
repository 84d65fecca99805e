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


def test_the_specs_copy_keeps_long_decimals():
    """The JSON key, PrairieLearn and the API copy a spec with spec_to_dict, which wrote every short-enough
    decimal as a float: 0.10000000000000000001 came back as 0.1, and `check --key` refused every
    student file ("the key's w_02^2@2 … is not what its spec gives")."""
    import json

    from symbp.spec import spec_from_dict, spec_to_dict

    text = (f"input = [1.5, -0.000123456789012345678]\n" + BODY).replace("learning_rate = 0.1",
                                                                        "learning_rate = 0.10000000000000000001")
    text = text.replace("layers = [1, 1]", "layers = [2, 1]").replace("weights = [[1]]", "weights = [[1, 2.25]]")
    spec = parse_spec(text)
    copy = spec_from_dict(json.loads(json.dumps(spec_to_dict(spec))))
    assert copy.learning_rate == Fraction("0.10000000000000000001")
    assert copy.inputs == spec.inputs and copy.layers[0].weights == spec.layers[0].weights
    assert spec_to_dict(spec)["input"][0] == 1.5  # a short decimal stays a plain number
