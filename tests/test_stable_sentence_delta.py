"""The sentence on the stable form says what is written in it: where only an output δ is (σ(37) with
binary cross-entropy: a − y from a printed a = 0.9999999999999999 is not the true −8.5·10⁻¹⁷) and the
cost line keeps its a-form (ln of the printed a follows), the sentence speaks of δ alone.  Before: "the
cost is therefore written from z in its numerically stable form" above a cost line written with ln(a)."""

from __future__ import annotations

import re

import pytest

SPEC = {"layers": [1, 2], "activation": "sigmoid", "loss": "bce", "learning_rate": 0.1, "input": [1],
        "target": [1, 1], "layer": [{"weights": [[37], [3]], "biases": [0, 0]}]}

# locale -> (format, the words saying the cost is written in the stable form, those saying δ is)
SAID = {"en": ("text", "the cost is therefore written", "δ is therefore written as"),
        "de": ("md", "der Verlust wird daher", r"$\delta$ wird daher als"),
        "fr": ("tex", "la perte est donc écrite", r"$\delta$ est donc écrit sous la forme")}


@pytest.mark.parametrize("locale", sorted(SAID))
def test_a_delta_alone_in_the_stable_form_is_said_so(locale):
    from symbp import api

    fmt, cost_said, delta_said = SAID[locale]
    text = api.derive(api.spec_from_dict(SPEC), 4, locale=locale).to(fmt)
    step_1 = text.split("@2")[0]
    cost_line = next(line for line in step_1.splitlines() if re.match(r"\W*L\W*=", line.strip("$ &\\")))
    assert "ln" in cost_line and "e^" not in cost_line  # the cost in its a-form: ln of the printed a
    delta_lines = [line for line in step_1.splitlines() if "e^{z" in line or "e^(z" in line or "e^(37" in line or "e^{37" in line]
    assert delta_lines  # δ written from z
    assert cost_said not in text and delta_said in text
