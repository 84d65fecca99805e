"""Graph solutions read as a student reads them (the print hunter of stop 59): a node named e beside
exp(…) (printed e^x), a gate receiving two different values shown with one letter for both, and
numbers with a decimal comma listed with commas between them."""

from __future__ import annotations

import re

import pytest

import symbp
from symbp import graph

from helpers import run_symbp


def _table(text: str) -> str:
    return f'kind = "graph"\n{text}\n'


@pytest.mark.parametrize("text, field", [
    ('inputs = { e = 2, x = 3 }\nexpression = "f = e * x + exp(x)"', "inputs.e"),
    ('inputs = { x = 3 }\nstages = ["e = x * 2", "f = exp(e) + 1"]', "stages[0]"),
])
def test_a_node_named_e_beside_exp_is_refused_naming_its_field(tmp_path, text, field):
    spec = tmp_path / "g.toml"
    spec.write_text(_table(text))
    result = run_symbp("derive", str(spec))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{field}: 'e' would read as Euler's number" in result.stderr and not result.stdout


def test_e_without_exp_is_a_name_like_any_other():
    solution = graph.solve(graph.loads(_table('inputs = { e = 2, x = 3 }\nexpression = "f = e * x + x"')))
    assert "df/de = 3" in graph.render("text", solution)


def _summary_rows(text: str) -> dict:
    """node -> operation of the text solution's summary table (④), read back from the page."""
    part = text.split("④")[1].split("⑤")[0].splitlines()[2:]
    rows = {}
    for line in part:
        if line.strip():
            cells = re.split(r"\s{2,}", line.strip())
            rows[cells[0]] = cells[1]
    return rows


def test_a_gate_receiving_two_values_names_them():
    """min(f.1, x, 0.9) was printed min(u, u, 0.9): one letter standing for two different values."""
    solution = graph.solve(graph.loads(_table('inputs = { x = 0.5, y = 2 }\nexpression = "f = min(x * y, x, 0.9)"')))
    text = graph.render("text", solution)
    rows = _summary_rows(text)
    assert rows["f"] == "min(f.1, x, 0.9)" and rows["f.1"] == "×"
    # a gate with one value and a number keeps the letter, said once above
    solution = graph.solve(graph.loads(_table('inputs = { x = 0.5, y = 2 }\nexpression = "f = (x * y) + 1"')))
    text = graph.render("text", solution)
    assert _summary_rows(text)["f"] == "u + 1" and "u stands for the value the gate receives" in text


_DECIMAL_THEN_COMMA = re.compile(r"\d,\d+, ")  # 0,5, y: is it 0,5 and y, or 0 and 5?


@pytest.mark.parametrize("code", ["de", "fr"])
def test_numbers_with_a_decimal_comma_are_not_listed_with_commas(code):
    spec = symbp.spec_from_dict({"kind": "graph", "inputs": {"x": 0.5, "y": 2.5},
                                 "expression": "f = min(x * y, x, 0.9) + max(y, 1.5)"})
    derived = symbp.derive(spec, locale=code)
    for text in (derived.to_text(), derived.to_markdown().replace("{,}", ","), derived.to_latex().replace("{,}", ",")):
        assert "0,5" in text and not _DECIMAL_THEN_COMMA.search(text), _DECIMAL_THEN_COMMA.search(text)
    text = derived.to_text()
    assert re.search(r"x = 0,5;\s+y = 2,5", text)  # the inputs
    assert re.search(r"x → f\.1.*? 0,5;\s+\S+ ", text)  # a wire: value 0,5; gradient …
