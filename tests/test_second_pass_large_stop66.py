"""A sign flipped in a file of more than 400 numbers: the values after it, copied as worked with the number meant, are
right (stop 66's student tester: a 4-6-6-3 net's 1,833 values with one δ's sign flipped had 16 right values marked
wrong, "sign flipped" — the second marking with the number meant ran only for files of up to 400 numbers)."""

from __future__ import annotations

import json

import symbp
from helpers import cli_runner
from symbp.cli import main

SPEC = """layers = [3, 6, 6, 2]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
steps = 2
"""


def test_values_after_a_flipped_sign_in_a_large_file(tmp_path):
    """Every value of the calculator chain at 3 digits (right under the sheet's rule of 4 with 3 accepted), one δ's sign
    flipped: that δ alone is wrong."""
    (tmp_path / "net.toml").write_text(SPEC, encoding="utf-8")
    done = cli_runner().invoke(main, ["worksheet", str(tmp_path / "net.toml"), "-n", "1", "--seed", "4",
                                      "--out", str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    variant = json.loads((tmp_path / "ws" / "answers.json").read_text(encoding="utf-8"))["variants"][0]
    spec = symbp.spec_from_dict(variant["spec"])
    carried = json.loads(symbp.derive(spec, digits=3, round_intermediate=True).to_json())["carried"]
    assert len(carried) > 400
    right = symbp.check(spec, carried)
    assert set(right.statuses.values()) == {"correct"}
    flipped = next(name for name in carried if name.startswith("delta_") and "^2" in name and float(carried[name]) != 0)
    answers = {**carried, flipped: carried[flipped][1:] if carried[flipped].startswith("-") else "-" + carried[flipped]}
    report = symbp.check(spec, answers)
    assert [name for name, status in report.statuses.items() if status == "wrong"] == [flipped]
