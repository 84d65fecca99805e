"""A regularized network's answer key: the summary's fall of the cost is L − L^(2) (the loss fell),
not L − J^(2), and its value is the difference of the two printed costs (recomputed here)."""

from __future__ import annotations

import re
from decimal import Decimal

from click.testing import CliRunner

from symbp.cli import main

SPEC = """title = "Decayed"
layers = [2, 2, 1]
activation = "relu"
loss = "half_sse"
learning_rate = 0.1
weight_decay = 0.01
input = [1, 2]
target = [1]
[[layer]]
weights = [[0.5, -0.25], [0.25, 0.5]]
biases = [0.1, -0.1]
[[layer]]
weights = [[1, -0.5]]
biases = [0.2]
activation = "identity"
"""


def test_the_summary_names_the_fall_of_the_loss(tmp_path):
    (tmp_path / "s.toml").write_text(SPEC, encoding="utf-8")
    result = CliRunner().invoke(main, ["worksheet", str(tmp_path / "s.toml"), "-n", "2", "--seed", "1",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    key = (tmp_path / "out" / "answer-key.tex").read_text(encoding="utf-8")
    found = re.findall(r"\\summary(?:entry|exact)\{(.*?)\}\{(?:=|\\approx)\}\{(-?[\d.]+)\}(?:\{.*\})?$", key, re.M)
    assert "L - J^{\\langle 2\\rangle}" not in key
    variants = [dict(found[i:i + len(found) // 2]) for i in (0, len(found) // 2)]  # two variants, same entries
    for entries in variants:
        assert Decimal(entries[r"L - L^{\langle 2\rangle}"]) == Decimal(entries["L"]) - Decimal(entries[r"L^{\langle 2\rangle}"])


def test_the_update_task_of_sgd_with_decay_is_one_sentence_in_every_language(tmp_path):
    # without optimizer state the list is "its regularized gradient … and its value after one update"
    (tmp_path / "s.toml").write_text(SPEC, encoding="utf-8")
    words = {"en": "(where regularized) and its value after one update",
             "de": "(sofern regularisiert) und seinen Wert nach einer Aktualisierung",
             "fr": "(s’il est régularisé) et sa valeur après une mise à jour"}
    for locale, expected in words.items():
        out = tmp_path / locale
        result = CliRunner().invoke(main, ["worksheet", str(tmp_path / "s.toml"), "-n", "1", "--seed", "1",
                                           "--out", str(out), "--locale", locale])
        assert result.exit_code == 0, result.output
        assert expected in (out / "worksheet.tex").read_text(encoding="utf-8"), locale
