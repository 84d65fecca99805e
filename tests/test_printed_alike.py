"""One value a reader sees twice is printed the same way (render/plan_twins.py), read from the text as a
student reads it: lines whose printed numbers are the same (tanh'(z_0) = 1 − 0.2913126² and tanh'(z_1) =
1 − 0.2913126² of two neurons with equal z) print the same result, and a line that multiplies a printed
number by 1 gives that number with "=" (δ·1 = 0.385153·1 = 0.385153), so that the batch's sums carry one
value for it.  Before: 0.91514 and 0.915137 on adjacent lines; 0.385153·1 ≈ 0.3852 summed as 0.3852 for
∂L/∂w and as 0.385153 for ∂L/∂b."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_LINE = re.compile(r"^\s+(\S+) = .* = (.+) (=|≈|≈†) (\S+)$")
_TIMES_ONE = re.compile(r"^\(?(−?\d[\d.]*(?:·10\^−?\d+)?)\)?·1$")


def _printed_lines(text: str) -> list[tuple[str, str, str, str]]:
    """(name, the substituted numbers, the sign, the printed result) of each per-neuron line."""
    found = []
    for line in text.splitlines():
        m = _LINE.match(line)
        if m and re.search(r"\d", m.group(2)):
            found.append(m.groups())
    return found


@lru_cache(maxsize=None)
def _lines(spec: str) -> list:
    from symbp import api

    return _printed_lines(api.derive(api.load(ROOT / spec), 4).to("text"))


@pytest.mark.parametrize("spec", ["examples/batch3.toml", "tests/golden/specs/random_sigmoid_batch.toml"])
def test_the_same_printed_numbers_give_the_same_printed_result(spec):
    lines = _lines(spec)
    results: dict = {}
    for name, substituted, _, result in lines:
        results.setdefault(substituted, {})[name] = result
    assert len(lines) > 50
    assert [by_name for by_name in results.values() if len(set(by_name.values())) > 1] == []


def test_a_number_times_1_is_that_number():
    lines = _lines("examples/batch3.toml")
    times_one = [(m.group(1), sign, result) for _, substituted, sign, result in lines if (m := _TIMES_ONE.match(substituted))]
    assert len(times_one) >= 6
    assert [line for line in times_one if line[1:] != ("=", line[0])] == []
