"""`input = [1,5, 2]` for a 3-input network (a leftover of stop 55): valid TOML with as many numbers as the
layer needs, so nothing refused it and the solution was worked for (1, 5, 2) without a word.  A comma with no
space between digits, in a list whose other commas have one, is now named on stderr (a UserWarning in
Python), and the spec is read as written."""
from __future__ import annotations

import warnings

import pytest

from helpers import REPO, cli_runner
from symbp.cli import main
from symbp.spec import mixed_commas

NN331 = (REPO / "examples" / "nn231.toml").read_text(encoding="utf-8").replace("layers = [2, 3, 1]", "layers = [3, 3, 1]")


def _spec(tmp_path, input_line: str):
    text = NN331.replace("input = [1, 2]", input_line).replace(
        "weights = [[0.2, -0.4], [-0.3, 0.8], [0.5, 0.7]]", "weights = [[0.2, -0.4, 0.1], [-0.3, 0.8, 0.1], [0.5, 0.7, 0.1]]")
    assert input_line in text and "[3, 3, 1]" in text
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    return path, text.splitlines().index(input_line) + 1


def test_a_mixed_comma_is_named_and_the_spec_read_as_written(tmp_path):
    path, line = _spec(tmp_path, "input = [1,5, 2]")
    result = cli_runner().invoke(main, ["derive", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (f"symbp: warning: {path}: line {line}: 1,5 is read as two numbers, 1 and 5 (the "
                                     "list's other commas have a space after them); if it is one number, write 1.5")
    import json

    assert json.loads(result.stdout)["spec"]["input"] == [1, 5, 2]  # (read as written)
    import symbp

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        symbp.load(path)
    assert [str(w.message) for w in caught] == [result.stderr.strip()[len("symbp: warning: "):]]
    assert caught[0].filename == __file__  # (the caller's line)


@pytest.mark.parametrize("line", ["input = [1, 5, 2]", "input = [1,5,2]", "input = [1.5, 2, 3]  # not [1,5, 2]"])
def test_no_word_where_the_commas_agree(tmp_path, line):
    path, _ = _spec(tmp_path, line)
    result = cli_runner().invoke(main, ["derive", str(path), "--format", "json"])
    assert result.exit_code == 0 and result.stderr == "", result.output


@pytest.mark.parametrize("text, said", [
    ("layers = [2,3, 1]", False),  # (widths have no decimals)
    ('"layers" = [3,2, 1]', False),
    ('title = "[1,5, 2]"', False),
    ("inputs = [[1,5, 2], [0, 1, 2]]", True),
    ("w = [1,5e-3, 2]", False),  # (1,5e-3: not a decimal comma's number)
    ("w = [1,000,000, 2]", False),
])
def test_what_is_named(text, said):
    assert bool(mixed_commas(text)) is said
