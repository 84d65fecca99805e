"""Two specs a reviewer found printing nonsense.  A computational graph at x = 1e-300: sqrt(x)
stopped with exit 3 and a 150-digit fraction in the message (its exact values had outgrown what
the engine carries exactly, so every line was printed "≈" while its numbers gave some results
exactly) — now one line naming the input or stage, exit 2.  A network "batch" of one sample
(inputs = [[1, 2]]) printed "L = 1·L[1] = 1·0.5" — now it is that sample, as with input = [1, 2]."""

from __future__ import annotations

import json

import pytest
from helpers import EXAMPLE_NN231, cli_runner
from symbp.cli import main


def _derive(tmp_path, text: str, *options):
    path = tmp_path / "spec.toml"
    path.write_text(text, encoding="utf-8")
    return cli_runner().invoke(main, ["derive", str(path), *options])


@pytest.mark.parametrize("inputs,stages,field,why", [
    # 10^−300: beyond a spec number's range (10^±100), as in a network's spec (review 33)
    ("{ x = 1e-300 }", '["f = sqrt(x)"]', "inputs.x", "lies outside the range of spec numbers"),
    ("{ x = 1e-100 }", '["y = x*x", "f = sqrt(y)"]', "stages[0]", "more than 120 digits"),  # x·x = 10^−200
    ("{ x = 0.5, y = 0.5 }", '["a = x^8", "b = a^8", "c = b^8", "f = c*y"]', "stages[2]", "more than 120 digits"),  # 0.5^512
])
def test_a_graph_beyond_exact_digits_is_refused_in_one_line(tmp_path, inputs, stages, field, why):
    result = _derive(tmp_path, f'kind = "graph"\ninputs = {inputs}\nstages = {stages}\n')
    assert result.exit_code == 2, result.stderr
    line = result.stderr.strip()
    assert line.startswith(f"symbp: {tmp_path / 'spec.toml'}: {field}") and "\n" not in line and len(line) < 400, line
    assert why in line


def test_a_graph_within_exact_digits_is_still_worked(tmp_path):
    result = _derive(tmp_path, 'kind = "graph"\ninputs = { x = 1e-50 }\nexpression = "f = sqrt(x)"\n', "-f", "json")
    assert result.exit_code == 0, result.stderr
    from fractions import Fraction

    assert Fraction(json.loads(result.stdout)["exact"]["f"]) == Fraction(1, 10**25)  # √(10^−50), exactly


def test_a_batch_of_one_sample_is_that_sample(tmp_path):
    single = EXAMPLE_NN231.read_text(encoding="utf-8")
    assert "input = [1, 2]" in single and "target = [1.5]" in single
    batch = single.replace("input = [1, 2]", "inputs = [[1, 2]]").replace("target = [1.5]", "targets = [[1.5]]")
    one, alone = _derive(tmp_path, batch), cli_runner().invoke(main, ["derive", str(EXAMPLE_NN231)])
    assert one.exit_code == 0 and "1·L[1]" not in one.stdout
    assert one.stdout == alone.stdout
