"""The sentence on the cost's change says where it did not fall at every step (a reviewer: momentum
overshot to 0.028322 at step 2 and came back to 0.2380, and the sentence said only "fell from 0.245
to ≈ 0.2380").  The step and the cost named are the test's own: the costs read from the printed
lines L, L@2, L@3 of the same text; the words the catalogue's."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

import symbp

CATALOGUE = tomllib.loads((Path(__file__).resolve().parent.parent / "templates" / "i18n" / "en.toml")
                          .read_text(encoding="utf-8"))["solution"]
MOMENTUM = {"title": "Momentum overshoots", "layers": [1, 1, 1], "activation": "leaky_relu", "negative_slope": 0.1,
            "loss": "half_sse", "learning_rate": 0.5, "steps": 2, "input": [2], "target": [1],
            "optimizer": {"name": "momentum", "beta": 0.9},
            "layer": [{"weights": [[0.5]], "biases": [-1]}, {"weights": [[0.8]], "biases": [0.3]}]}


def _printed_costs(text: str) -> dict:
    """Each cost's line as printed: L = … = 0.245, L@2 = … = 0.028322, L@3 = … ≈ 0.2380 -> (text, rounded)."""
    found = {}
    for line in text.splitlines():
        m = re.match(r"\s*(L(?:@\d+)?) = .* ([=≈]) (−?[\d.]+)$", line)
        if m:
            found[m.group(1)] = (m.group(3), m.group(2) == "≈")
    return found


def test_the_step_where_the_cost_turned_is_named():
    text = symbp.derive(symbp.spec_from_dict(MOMENTUM)).to_text()
    costs = _printed_costs(text)
    values = [Decimal(costs[k][0]) for k in ("L", "L@2", "L@3")]
    assert values[0] > values[2] and values[1] < values[2]  # fell overall, but rose from step 2 to 3
    said = CATALOGUE["cost_uneven"].replace("{t}", "2").replace(
        "{cost}", ("≈ " if costs["L@2"][1] else "") + costs["L@2"][0])
    sentence = next(line for line in text.splitlines() if "The cost fell" in line)
    assert sentence.endswith(said), sentence


@pytest.mark.parametrize("example", ["steps3", "nn231", "momentum2"])
def test_a_cost_that_moved_one_way_says_nothing_more(example):
    text = symbp.derive(symbp.example(example)).to_text()
    costs = _printed_costs(text)
    values = [Decimal(costs[k][0]) for k in sorted(costs, key=lambda k: int(k[2:] or 1))]
    steady = all(a > b for a, b in zip(values, values[1:])) or all(a < b for a, b in zip(values, values[1:]))
    opening = CATALOGUE["cost_uneven"].split(":")[0]
    assert (opening in text) == (not steady), (example, values)


def test_a_wrong_cost_in_that_part_is_caught_before_anything_is_written(monkeypatch):
    """The reader of the printed text (render/readback_document.turned) compares the cost named with
    the one printed on that step's line: a sentence naming another number stops the run (exit 3)."""
    from symbp.errors import VerificationError
    from symbp.render import worked_updates

    found = worked_updates._uneven

    def tampered(*args, **kwargs):
        said = found(*args, **kwargs)
        return None if said is None else dict(said, cost="0.5")

    monkeypatch.setattr(worked_updates, "_uneven", tampered)
    with pytest.raises(VerificationError, match="names a cost other than the one printed"):
        symbp.derive(symbp.spec_from_dict(MOMENTUM)).to_text()


def test_a_cost_printed_only_in_the_table_is_checked_there(monkeypatch):
    """A long run prints its later costs only in the table: the sentence's cost is that cell, letter for
    letter (a wide 2-8-1 net whose cost rises to 8798 at step 2 and falls back to 12.32)."""
    from symbp.errors import VerificationError
    from symbp.render import worked_updates
    from test_steps_table_note import WIDE

    text = symbp.derive(symbp.spec_from_dict(WIDE)).to_text()
    sentence = next(line for line in text.splitlines() if "The cost rose" in line)
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.strip().startswith("t ="))
    table = lines[header + 1].split()  # L  7.792  8798  12.32
    assert table[0] == "L"
    assert sentence.endswith(CATALOGUE["cost_uneven"].replace("{t}", "2").replace("{cost}", "≈ " + table[2])), (sentence, table)
    found = worked_updates._uneven
    monkeypatch.setattr(worked_updates, "_uneven", lambda *a, **k: dict(found(*a, **k), cost="8797"))
    with pytest.raises(VerificationError, match="not the cost printed for that step"):
        symbp.derive(symbp.spec_from_dict(WIDE)).to_text()
