"""The Markdown solution (also a notebook's and a Moodle question's feedback) puts no `$…$` inside `\\text{}` of display
math: MathJax 3 without its textmacros extension shows it raw ("($\\sigma'$ cancels)": the course-platform user's
LOW of stop 63).  It writes \\text{(}\\sigma'\\text{ cancels)}."""

from __future__ import annotations

import re

import pytest

import symbp
from helpers import REPO

SPECS = REPO / "tests" / "golden" / "specs"


@pytest.mark.parametrize("spec, locale", [("saturated", "en"), ("mixed", "en"), ("saturated", "de"), ("mixed", "fr")])
def test_no_dollar_math_inside_text(spec, locale):
    md = symbp.derive(symbp.load(SPECS / f"{spec}.toml"), locale=locale).to("md")
    assert "\\text{(" in md  # the note is there
    assert not re.search(r"\\text\{[^{}]*\$", md)
