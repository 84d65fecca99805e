"""Bad input through the command line (issue 2 §9, issue 3 §9): exit code 2, a one- or two-line
message on stderr naming the field, no traceback, and no output file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from symbp.cli import main

GOOD_LAYERS = """
[[layer]]
weights = [[0.2, -0.4], [-0.3, 0.8], [0.5, 0.7]]
biases = [0.1, -0.2, -0.1]

[[layer]]
weights = [[-0.6, 0.9, -0.3]]
biases = [0.05]
"""
HEAD = 'layers = [2, 3, 1]\nactivation = "relu"\nloss = "half_sse"\nlearning_rate = 0.1\n'
ONE = HEAD + "input = [1, 2]\ntarget = [1.5]\n"


def spec(top: str = ONE, layers: str = GOOD_LAYERS) -> str:
    return top + layers


SOFTMAX_OUT = """
[[layer]]
weights = [[0.2, -0.4], [-0.3, 0.8]]
biases = [0.1, -0.2]

[[layer]]
weights = [[0.5, 0.1], [-0.6, 0.9]]
biases = [0.05, 0]
activation = "softmax"
"""
SIGMOID_OUT = SOFTMAX_OUT.replace('"softmax"', '"sigmoid"')

CASES = {
    # issue 2 §9
    "malformed TOML": ("layers = [2, 3, 1\n", "net.toml: not valid TOML: Unclosed array (at end of document)"),
    "a TOML syntax error names the file, line and column": (
        spec(ONE + "steps = = 2\n"), "net.toml: not valid TOML: Invalid value (at line 7, column 9)"),
    "missing loss": (spec(ONE.replace('loss = "half_sse"\n', "")), "loss"),
    "missing learning_rate": (spec(ONE.replace("learning_rate = 0.1\n", "")), "learning_rate"),
    "missing input": (spec(ONE.replace("input = [1, 2]\n", "")), "input"),
    "missing target": (spec(ONE.replace("target = [1.5]\n", "")), "target"),
    "missing layer tables": (ONE, "layer"),
    "unknown top key": (spec(ONE + "learning_rat = 0.2\n"), "learning_rat"),
    "unknown layer key": (spec(layers=GOOD_LAYERS.replace("biases = [0.05]", "biases = [0.05]\nweight = 1")), "the 2nd [[layer]] table (layer 2): weight"),
    "too few rows": (spec(layers=GOOD_LAYERS.replace("[[0.2, -0.4], [-0.3, 0.8], [0.5, 0.7]]", "[[0.2, -0.4], [-0.3, 0.8]]")),
                     "the 1st [[layer]] table (layer 1): weights"),
    "short row": (spec(layers=GOOD_LAYERS.replace("[-0.3, 0.8]", "[-0.3]")), "the 1st [[layer]] table (layer 1): weights[1]"),
    "bias length": (spec(layers=GOOD_LAYERS.replace("[0.1, -0.2, -0.1]", "[0.1, -0.2]")), "the 1st [[layer]] table (layer 1): biases"),
    "layer table count": (spec(layers=GOOD_LAYERS + "\n[[layer]]\nweights = [[1]]\nbiases = [0]\n"), "layer"),
    "input length": (spec(ONE.replace("input = [1, 2]", "input = [1, 2, 3]")), "input"),
    "target length": (spec(ONE.replace("target = [1.5]", "target = [1.5, 2]")), "target"),
    "not a number": (spec(ONE.replace("input = [1, 2]", 'input = [1, "two"]')), "input[1]"),
    "boolean number": (spec(ONE.replace("learning_rate = 0.1", "learning_rate = true")), "learning_rate"),
    "NaN": (spec(layers=GOOD_LAYERS.replace("biases = [0.05]", "biases = [nan]")), "the 2nd [[layer]] table (layer 2): biases[0]"),
    "infinity": (spec(ONE.replace("input = [1, 2]", "input = [1, inf]")), "input[1]"),
    "1/0": (spec(layers=GOOD_LAYERS.replace("biases = [0.05]", 'biases = ["1/0"]')), "the 2nd [[layer]] table (layer 2): biases[0]"),
    "absurd width": (spec(ONE.replace("layers = [2, 3, 1]", "layers = [2, 100000, 1]")), "layers[1]"),
    "zero width": (spec(ONE.replace("layers = [2, 3, 1]", "layers = [2, 0, 1]")), "layers[1]"),
    "unknown activation": (spec(ONE.replace('"relu"', '"relu6"')), "activation"),
    "unknown layer activation": (spec(layers=GOOD_LAYERS.replace("biases = [0.05]", 'biases = [0.05]\nactivation = "swish"')),
                                 "the 2nd [[layer]] table (layer 2): activation"),
    "unknown loss": (spec(ONE.replace('"half_sse"', '"hinge"')), "loss"),
    "negative learning rate": (spec(ONE.replace("learning_rate = 0.1", "learning_rate = -0.1")), "learning_rate"),
    # issue 3 §9
    "softmax on a hidden layer": (spec(layers=GOOD_LAYERS.replace("biases = [0.1, -0.2, -0.1]",
                                                                  'biases = [0.1, -0.2, -0.1]\nactivation = "softmax"')),
                                  "the 1st [[layer]] table (layer 1): activation"),
    "cross_entropy targets not a distribution": (
        HEAD.replace("[2, 3, 1]", "[2, 2, 2]").replace("half_sse", "cross_entropy") + "input = [1, 2]\ntarget = [0.5, 0.7]\n" + SOFTMAX_OUT,
        "target"),
    "cross_entropy negative target": (
        HEAD.replace("[2, 3, 1]", "[2, 2, 2]").replace("half_sse", "cross_entropy") + "input = [1, 2]\ntarget = [1.5, -0.5]\n" + SOFTMAX_OUT,
        "target"),
    "bce target above 1": (
        HEAD.replace("[2, 3, 1]", "[2, 2, 2]").replace("half_sse", "bce") + "input = [1, 2]\ntarget = [1.2, 0]\n" + SIGMOID_OUT,
        "target"),
    "bce target below 0 in a batch": (
        HEAD.replace("[2, 3, 1]", "[2, 2, 2]").replace("half_sse", "bce")
        + "inputs = [[1, 2], [0, 1]]\ntargets = [[1, 0], [-0.1, 1]]\n" + SIGMOID_OUT,
        "targets"),
    "batch targets fewer than inputs": (spec(HEAD + "inputs = [[1, 2], [3, 4]]\ntargets = [[1.5]]\n"), "targets"),
    "batch input rows of unequal length": (spec(HEAD + "inputs = [[1, 2], [3]]\ntargets = [[1.5], [0]]\n"), "inputs[1]"),
    "batch target rows of unequal length": (spec(HEAD + "inputs = [[1, 2], [3, 4]]\ntargets = [[1.5], [0, 1]]\n"), "targets[1]"),
    "steps below 1": (spec(ONE + "steps = 0\n"), "steps"),
    "steps not whole": (spec(ONE + "steps = 1.5\n"), "steps"),
    "input and inputs": (spec(ONE + "inputs = [[1, 2]]\ntargets = [[1.5]]\n"), "input"),
    "inputs without targets": (spec(HEAD + "inputs = [[1, 2]]\n"), "targets"),
    "biases with bias = false": (spec(layers=GOOD_LAYERS.replace("biases = [0.05]", "biases = [0.05]\nbias = false")),
                                 "the 2nd [[layer]] table (layer 2): biases"),
    "bias not a boolean": (spec(layers=GOOD_LAYERS.replace("biases = [0.05]", 'biases = [0.05]\nbias = "no"')), "the 2nd [[layer]] table (layer 2): bias"),
    "negative_slope not a number": (spec(ONE.replace('"relu"', '"leaky_relu"\nnegative_slope = "steep"')), "negative_slope"),
}


def assert_clean_failure(result, field: str, out_file=None):
    stderr = result.stderr if hasattr(result, "stderr") else result.output
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output and "Traceback" not in stderr
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert 1 <= len(lines) <= 2, stderr
    assert field in stderr, f"{field!r} not named in {stderr!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if out_file is not None:
        assert not out_file.exists()
        assert list(out_file.parent.iterdir()) == [out_file.parent / "net.toml"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_spec_fails_cleanly(tmp_path, case):
    text, field = CASES[case]
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    out_file = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["derive", str(path), "-o", str(out_file)])
    assert_clean_failure(result, field, out_file)


def test_good_spec_of_these_cases_passes(tmp_path):
    """The base spec the cases break is itself valid (so each case fails for its own reason)."""
    path = tmp_path / "net.toml"
    path.write_text(spec(), encoding="utf-8")
    out_file = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["derive", str(path), "-o", str(out_file)])
    assert result.exit_code == 0, result.output
    assert out_file.exists()


@pytest.mark.parametrize("name", ["cross_entropy", "bce"])
def test_valid_targets_of_the_restricted_losses_pass(tmp_path, name):
    target = "[0.25, 0.75]"
    text = (HEAD.replace("[2, 3, 1]", "[2, 2, 2]").replace("half_sse", name) + f"input = [1, 2]\ntarget = {target}\n"
            + (SOFTMAX_OUT if name == "cross_entropy" else SIGMOID_OUT))
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.toml"
    result = CliRunner().invoke(main, ["derive", str(missing), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 2
    stderr = result.stderr if hasattr(result, "stderr") else result.output
    assert "nope.toml" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "out.json").exists()


def test_folder_given_as_spec(tmp_path):
    result = CliRunner().invoke(main, ["derive", str(tmp_path), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 2
    stderr = result.stderr if hasattr(result, "stderr") else result.output
    assert "folder" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "out.json").exists()


def test_unknown_example():
    result = CliRunner().invoke(main, ["derive", "--example", "no-such-network"])
    assert result.exit_code == 2
    stderr = result.stderr if hasattr(result, "stderr") else result.output
    assert "--example" in stderr


def test_a_layer_table_is_named_as_the_reader_counts_it(tmp_path):
    """Not layer[3] (an index from 0 reads it as the 4th table, as weights[0] is the 1st row):
    the 3rd [[layer]] table, with the layer l it describes."""
    text = (HEAD.replace("[2, 3, 1]", "[1, 1, 1, 1]") + "input = [1]\ntarget = [1]\n"
            + "[[layer]]\nweights = [[1]]\nbiases = [0]\n" * 2 + "[[layer]]\nweights = [[1]]\nbiases = [0]\nweight = 1\n")
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(path)])
    assert_clean_failure(result, "the 3rd [[layer]] table (layer 3): weight: unknown key")
    assert "layer[" not in result.stderr


@pytest.mark.parametrize("numbers", ["", "input = [1, 2]\ntarget = [1.5]\n",
                                     "input = [1, 2]\ntarget = [1.5]\n[[layer]]\nbiases = [0, 0, 0]\n[[layer]]\n"])
def test_derive_of_a_spec_without_its_numbers_says_it_suits_worksheet(tmp_path, numbers):
    """Without some or all of its numbers a spec is a worksheet's (which draws them): derive says
    so in its one line (exit 2), and the worksheet indeed takes the spec as it is."""
    path = tmp_path / "net.toml"
    path.write_text(HEAD + numbers, encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(path)])
    assert_clean_failure(result, "missing")
    assert len(result.stderr.strip().splitlines()) == 1 and "symbp worksheet" in result.stderr, result.stderr
    sheet = CliRunner().invoke(main, ["worksheet", str(path), "--out", str(tmp_path / "sheet")])
    assert sheet.exit_code == 0, sheet.output


@pytest.mark.parametrize("key", ["input", "target"])
def test_a_batch_written_under_the_one_sample_key_names_inputs(key):
    """input = [[…], […]] said only "expected 2 numbers, got 2" (review 33): the message names the batch's keys."""
    from symbp.errors import SpecError
    from symbp.resources import example_path
    from symbp.spec import parse_spec

    text = example_path("nn231").read_text(encoding="utf-8")
    one = {"input": "input = [1, 2]", "target": "target = [1.5]"}[key]
    rows = {"input": "input = [[1, 2], [3, 4]]", "target": "target = [[1.5], [0.5]]"}[key]
    with pytest.raises(SpecError) as caught:
        parse_spec(text.replace(one, rows), name="rows")
    assert caught.value.field == key
    assert "got 2 rows" in str(caught.value) and "inputs = [[...], ...] and targets = [[...], ...]" in str(caught.value)


@pytest.mark.parametrize("text, first", [('layers = [2, "x"]\n', 'layers[1]: expected a whole number, got "x"'),
                                         ('loss = 3\nlayers = [2, "x"]\n', "loss: unknown loss 3"),
                                         ('layers = [2, 1]\nlearning_rate = -1\n', "learning_rate: expected a positive number")])
def test_the_first_problem_in_the_file_s_order_is_named_before_a_field_left_out(text, first):
    """A bad value is named before a required field the file leaves out (loss here), and of two bad
    values the one the file shows first; from standard input, one line, exit 2."""
    from helpers import cli_runner

    result = cli_runner().invoke(main, ["derive", "-"], input=text)
    assert result.exit_code == 2 and result.stdout == "", result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"symbp: stdin: {first}"), result.stderr
