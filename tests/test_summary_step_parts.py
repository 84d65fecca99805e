"""The key's summary of the training steps after the first heads each part — the forward pass, the cost, the
output layer, the hidden layer(s), the update, the forward pass with the final parameters — (a 2-step key ran
them together in one grid, a grader went by the ⟨2⟩/⟨3⟩ superscripts alone: a new user's LOW of stop 63), and
every value stands under its part's heading.  Which value is which is read here from its printed symbol."""

from __future__ import annotations

import re

import pytest

import symbp
from helpers import EXAMPLE_NN231


def _table(steps: int, **more) -> dict:
    import tomllib

    table = tomllib.loads(EXAMPLE_NN231.read_text())
    return {**table, "steps": steps, **more}


def _parts(key: str) -> list[tuple[str, list[str]]]:
    """(heading, [the symbols under it]) of the first variant's last training section."""
    section = re.search(r"\\stepmark\{7\}.*?(?=\\stepmark\{8\})", key, re.S).group(0)
    parts = []
    for line in section.splitlines():
        heading = re.search(r"\\itshape ([^}]*)\}", line)
        if heading:
            parts.append((heading.group(1), []))
        entry = re.match(r"\\summary(?:entry|exact)\{(.*?)\}\{(?:\\approx|=)\}", line)
        if entry:
            assert parts, line  # no value before the first heading
            parts[-1][1].append(entry.group(1))
    return parts


def _kind(symbol: str) -> str:
    if re.match(r"[za]\^\{\d\\,\\langle 3", symbol):
        return "final forward"
    if re.match(r"[za]\^\{\d\\,\\langle 2", symbol):
        return "forward"
    if symbol.startswith("L"):
        return "cost"
    if re.match(r"[wb]\^\{\d\\,\\langle 3", symbol):
        return "update"
    layer = re.search(r"(?:\\delta|w|b)\^\{(\d)", symbol).group(1)
    return "output" if layer == "2" else "hidden"


@pytest.mark.parametrize("locale, words", [
    ("en", ["Step 2: Forward pass", "Step 2: Cost", "Step 2: Output layer", "Step 2: Hidden layer",
            "Step 2: Gradient descent update", "Forward pass with the final parameters"]),
    ("de", ["Schritt 2: Vorwärtsdurchlauf", None, "Schritt 2: Ausgabeschicht", "Schritt 2: Verdeckte Schicht", None,
            "Vorwärtsdurchlauf mit den endgültigen Parametern"]),
])
def test_each_part_of_the_second_step_is_headed_and_holds_its_values(locale, words):
    sheet = symbp.worksheet(symbp.spec_from_dict(_table(2)), variants=1, seed=5, locale=locale)
    parts = _parts(sheet.files["answer-key.tex"])
    assert len(parts) == 6
    for (heading, symbols), word, kind in zip(parts, words, ["forward", "cost", "output", "hidden", "update", "final forward"]):
        if word is not None:
            assert heading == word
        assert symbols and {_kind(s) for s in symbols} == {kind}, (heading, symbols)


def test_a_batch_heads_each_samples_backward_pass_and_the_mean():
    table = _table(2, inputs=[[1, 2], [0.5, -1]], targets=[[1], [0]])
    table.pop("input"), table.pop("target")
    sheet = symbp.worksheet(symbp.spec_from_dict(table), variants=1, seed=5)
    headings = [h for h, _ in _parts(sheet.files["answer-key.tex"])]
    assert headings[2:8] == ["Step 2, sample 1: Output layer", "Step 2, sample 1: Hidden layer",
                             "Step 2, sample 2: Output layer", "Step 2, sample 2: Hidden layer",
                             "Step 2, mean over the batch: Output layer", "Step 2, mean over the batch: Hidden layer"]


def test_a_one_step_key_has_no_such_headings():
    sheet = symbp.worksheet(symbp.spec_from_dict(_table(1)), variants=1, seed=5)
    assert "\\itshape Step" not in sheet.files["answer-key.tex"]
