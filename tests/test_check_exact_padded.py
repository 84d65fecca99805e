"""An exact value shown beside a written number takes its decimals: the spec's 0.15 beside a
student's 0.1512 is "0.1500" (exactly 0.15, so "=" stays true), in the text, LaTeX and Jupyter
reports alike (review 35: "0.98" beside "0.9812")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import REPO

import symbp

MAZUR = REPO / "examples" / "mazur.toml"


def padded(text: str, like: str) -> str:
    """`text` (an exact decimal) with as many decimals as `like`."""
    return str(Decimal(text).quantize(Decimal(like) - Decimal(like)))


@pytest.fixture(scope="module")
def report():
    # w_00^1 is given as 0.15 by the spec; z_1^1 is exactly 0.3925 (0.25·0.05 + 0.3·0.1 + 0.35)
    return symbp.check(symbp.load(MAZUR), {"w_00^1": "0.1512", "z_1^1": "0.39250001"})


@pytest.mark.parametrize("fmt", ["text", "tex", "html"])
def test_an_exact_value_shows_the_written_decimals(report, fmt):
    text = report._repr_html_() if fmt == "html" else report.to(fmt)
    given = padded("0.15", "0.1512")  # 0.1500
    assert given in text and "0.15;" not in text and "0.15$" not in text
    assert padded("0.3925", "0.39250001") in text  # the expected value, and its line's result


def test_the_line_still_says_equal(report):
    text = report.to("text")
    line = next(line for line in text.splitlines() if "0.25·0.05" in line)
    assert line.rstrip().endswith("= " + padded("0.3925", "0.39250001"))
