"""A refusal echoes the number the user wrote (or a readable, unrounded form of it) and the limit of
its own field, in one wording whether the number was bare or quoted.  A new user's findings: a
spec's bare 1e500 or inf was "beyond about 1.8·10^308" while a quoted "1e500" in [variants] met the
10^100 limit; -1e200 came back as "-1e+200"; bounds of 1e-500 as "[0, 0]"; a bce target 1.0000001 as
"1", which is in [0, 1]; true as True, inf as Infinity.  Every refusal: exit code 2, one line naming
the field, no traceback, nothing written; an answers file's value that is no number symbp can read
is echoed in the same words under the report's NOT READ (exit code 1, the rest of the file marked)."""

from __future__ import annotations

import pytest

from helpers import REPO, cli_runner, not_read, unread_beside_a_right_value
from symbp.cli import main

NN231 = (REPO / "examples" / "nn231.toml").read_text(encoding="utf-8")
RANGE = "10^-100 to 10^100 in size (or 0)"


def _spec(old: str, new: str) -> str:
    assert old in NN231
    return NN231.replace(old, new, 1)


@pytest.mark.parametrize("spec, line", [
    (_spec("learning_rate = 0.1", "learning_rate = 1e500"), f"learning_rate: 1e500 lies outside the range of spec numbers, {RANGE}"),
    (_spec("learning_rate = 0.1", "learning_rate = inf"), f"learning_rate: inf lies outside the range of spec numbers, {RANGE}"),
    (_spec("[0.2, -0.4]", "[0.2, -1e200]"),
     f"the 1st [[layer]] table (layer 1): weights[0][1]: -1e200 lies outside the range of spec numbers, {RANGE}"),
    (NN231 + 'weights = { range = [-1, 1e500], decimals = 1 }\n',
     "variants.weights.range[1]: 1e500 lies outside the range of spec numbers, at most 10^100 in size"),
    (NN231 + 'weights = { range = [-1, "1e500"], decimals = 1 }\n',
     'variants.weights.range[1]: "1e500" lies outside the range of spec numbers, at most 10^100 in size'),
    (NN231 + 'weights = { range = [1e-500, 2e-500], decimals = 1 }\n',
     "variants.weights.range: no value with 1 decimal lies in [1e-500, 2e-500] other than 0"),
    (_spec("layers = [2, 3, 1]", "layers = [2, true, 1]"), "layers[1]: expected a whole number, got true"),
    (_spec("learning_rate = 0.1", "learning_rate = 0.1\nweight_decay = 100.0000001"),
     "weight_decay: expected a number with 0 ≤ weight_decay ≤ 100, got 100.0000001"),
    (_spec('activation = "relu"', 'activation = "sigmoid"').replace('"half_sse"', '"bce"').replace("[1.5]", "[1.0000001]"),
     "target: bce targets must lie in [0, 1]; sample 1 has y_0 = 1.0000001"),
], ids=["bare-1e500", "inf", "-1e200", "bound-1e500", "bound-quoted-1e500", "tiny-bounds", "true", "lambda", "bce-target"])
def test_a_spec_refusal_echoes_what_was_written(tmp_path, spec, line):
    path, out = tmp_path / "net.toml", tmp_path / "sheet"
    path.write_text(spec, encoding="utf-8")
    result = cli_runner().invoke(main, ["worksheet", str(path), "-n", "2", "-o", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [f"symbp: {path}: {line}"]  # the spec file as given, then the field
    assert not out.exists()


@pytest.mark.parametrize("written, said", [("inf", "expected a finite number, got inf"),
                                           ("-inf", "expected a finite number, got -inf"),
                                           ('"Infinity"', 'expected a finite number, got "Infinity"')])
def test_an_answers_value_not_read_echoes_what_was_written(tmp_path, written, said):
    """Was a refusal (exit code 2, no report); one unreadable number no longer leaves the rest of the
    file unmarked: the report, naming the answers file, says it under NOT READ in the same words
    (exit code 1), and z_2^1 = 0.5·1 + 0.7·2 − 0.1 = 1.8 beside it is marked correct."""
    assert not_read(unread_beside_a_right_value(tmp_path, written)) == [f"z_0^1: {said}"]
