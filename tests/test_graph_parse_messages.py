"""A graph's stage with a character symbp does not read names that character and its position (the stop-65
hostile-input tester's MEDIUM: "f = x $ x" said "position 6: ' ' is not allowed here", the space before it), and a
name too long says so (it said "is not a name (a letter, then letters, digits or _)" for 33 letters)."""

from __future__ import annotations

import pytest

from symbp.errors import SpecError
from symbp.graph.parse import MAX_LABEL, check_name, split_stage, _tokens


@pytest.mark.parametrize("stage,char", [("f = x $ x", "$"), ("f = x × x", "×"), ("f = x  $x", "$"),
                                        ("f = x $x", "$"), ("f = x ? x", "?")])
def test_the_bad_character_and_its_position(stage, char):
    name, expression, offset = split_stage(stage, "stages[0]")
    with pytest.raises(SpecError) as raised:
        _tokens(expression, "stages[0]", offset)
    assert f"position {stage.index(char) + 1}: {char!r} is not allowed here" in str(raised.value), str(raised.value)


def test_a_long_name_says_it_is_long():
    with pytest.raises(SpecError) as raised:
        check_name("x" * (MAX_LABEL + 1), "inputs.x")
    assert f"a name of {MAX_LABEL + 1} characters; at most {MAX_LABEL}" in str(raised.value)
    assert check_name("x" * MAX_LABEL, "inputs.x") == "x" * MAX_LABEL
    with pytest.raises(SpecError, match="is not a name"):
        check_name("1x", "inputs.1x")


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\u3000"])
def test_an_odd_space_is_named(space):
    stage = f"f = x{space}+ y"  # (the second reviewer's LOW: "not a valid expression", the character unseen)
    name, expression, offset = split_stage(stage, "stages[0]")
    with pytest.raises(SpecError) as raised:
        _tokens(expression, "stages[0]", offset)
    assert f"position {stage.index(space) + 1}: {space!r} is not allowed here" in str(raised.value), str(raised.value)
