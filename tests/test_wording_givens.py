"""What the worked solution, the sheet and the key say about the givens, in words.

- English names the value L one way: "Cost", as the model document does ("② Calculate Cost");
  the worked solution's headings said "Cost" while the key's summary and the sheet's tasks said
  "Loss" (German and French use one word each).
- The leaky ReLU's intro states its slope (it said "a small slope times z").
- A learning rate with more digits than a terminating value is printed with is a rounded value:
  "α ≈ 0.1000", not "α = 0.1000".
"""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from symbp.api import derive, spec_from_dict
from symbp.cli import main

LEAKY = {"layers": [2, 2, 1], "activation": "leaky_relu", "loss": "half_sse", "learning_rate": 0.1,
         "input": [1, -1], "target": [0.5],
         "layer": [{"weights": [[0.5, 0.3], [-0.2, 0.4]], "biases": [0.1, -0.1], "negative_slope": 0.2},
                   {"weights": [[0.7, -0.6]], "biases": [0.2], "negative_slope": 0.05}]}


def _intro(table: dict, fmt: str = "text", locale: str = "en") -> str:
    return derive(spec_from_dict(table)).to(fmt) if locale == "en" else \
        derive(spec_from_dict(table), locale=locale).to(fmt)


def test_the_leaky_relu_intro_states_its_slope():
    one = dict(LEAKY, layer=[LEAKY["layer"][0], {**LEAKY["layer"][1], "activation": "identity"}])
    del one["layer"][1]["negative_slope"]
    text = _intro(one)
    assert "Activations: leaky ReLU, LReLU(z) = z for z > 0, else 0.2·z; the identity, id(z) = z." in text
    assert "small slope" not in text
    both = _intro(LEAKY)  # two slopes: each layer's
    assert "else the slope of its layer times z (0.2 in layer 1; 0.05 in layer 2)." in both
    assert r"else $0.2\cdot z$" in _intro(one, "tex")
    assert "sonst 0,2·z" in _intro(one, locale="de") and "sinon 0,2·z" in _intro(one, locale="fr")


def test_a_long_learning_rate_is_printed_as_a_rounded_value():
    text = _intro(dict(LEAKY, learning_rate="0.10000000000000000001"))
    assert "learning rate α ≈ 0.1000." in text and "(α ≈ 0.1000)" in text
    assert "α = 0.1000" not in text
    assert r"\alpha \approx 0.1000" in _intro(dict(LEAKY, learning_rate="0.10000000000000000001"), "tex")
    plain = _intro(LEAKY)
    assert "learning rate α = 0.1." in plain and "(α = 0.1)" in plain
    third = _intro(dict(LEAKY, learning_rate="1/3"))  # stated as its fraction: exact
    assert "learning rate α = 1/3." in third


def test_english_calls_the_value_l_cost_on_sheet_key_and_solution(tmp_path):
    result = CliRunner().invoke(main, ["worksheet", "--example", "steps3", "-n", "1", "--seed", "2",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    sheet = (tmp_path / "worksheet.tex").read_text(encoding="utf-8")
    key = (tmp_path / "answer-key.tex").read_text(encoding="utf-8")
    text = derive(spec_from_dict(json.loads((tmp_path / "answers.json").read_text())["variants"][0]["spec"])).to("text")
    for document in (sheet, key, text):
        words = re.sub(r"\\[a-zA-Z]+|(?<!\\)%.*", " ", document)  # no commands, no TeX comments
        # the value L is "cost" wherever it is named
        assert not re.search(r"\b[Ll]oss(es)?\b", words), re.search(r".{60}\b[Ll]oss(es)?\b.{30}", words).group(0)
    assert r"\textbf{Cost}" in key and r"\textbf{Final cost}" in key
    assert "Compute the cost" in sheet
    assert "② Cost" in text
