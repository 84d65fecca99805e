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


NN231 = example_path("nn231").read_text(encoding="utf-8")


@pytest.mark.parametrize("field,before,after", [
    ("[0]", "[0.2, -0.4]", "[{}, -0.4]"),  # a weight
    ("input[0]", "input = [1, 2]", "input = [{}, 2]"),
    ("learning_rate", "learning_rate = 0.1", "learning_rate = {}"),
    ("weight_decay", "learning_rate = 0.1", "learning_rate = 0.1\nweight_decay = {}"),
])
@pytest.mark.parametrize("written", ["1e-400", "-1e-400", "1.5e-330", "2.50e-400"])
def test_a_toml_float_that_underflows_to_0_is_refused_not_read_as_0(tmp_path, field, before, after, written):
    """A bare TOML float below float64's range (tomllib reads 1e-400 as 0.0) is refused as 1e-320 is
    (review 33: input = [1e-400, 2] printed "Input a^0 = (0, 2)")."""
    assert before in NN231
    spec = tmp_path / "tiny.toml"
    spec.write_text(NN231.replace(before, after.format(written), 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2, result.output
    assert "lies outside the range" in result.stderr and written in result.stderr and field in result.stderr


@pytest.mark.parametrize("written", ["0.0", "0e-400", "-0.0"])
def test_a_written_zero_is_still_zero(tmp_path, written):
    spec = tmp_path / "zero.toml"
    spec.write_text(NN231.replace("[0.2, -0.4]", f"[{written}, -0.4]", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec), "--format", "text"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("written", ["1e-400", "1e-320"])
def test_a_graph_input_out_of_range_is_refused_as_written(tmp_path, written):
    spec = tmp_path / "graph.toml"
    spec.write_text(f'kind = "graph"\ninputs = {{ x = {written}, y = 2 }}\nexpression = "f = x * y"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2, result.output
    assert "inputs.x" in result.stderr and "lies outside the range" in result.stderr and written in result.stderr
