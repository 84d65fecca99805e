"""Review rev24: the templates' kept words (render/templates._remembered) still give one text for
parameters that are equal as keys but print apart — a tuple holding 2 or 2.0, and 0.0 / -0.0 (the
fix 36c1d24 tells apart only the top-level types).  A course template's `_("…", n=(1, 2.0))` prints
the "(1, 2)" kept before it.  Expected texts: the catalogue's message worded anew each time."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("values", [[(1, 2), (1, 2.0)], [0.0, -0.0], [(1,), (True,)]])
def test_kept_words_tell_apart_parameters_that_print_apart(values):
    from symbp import i18n
    from symbp.render.template_filters import remembered as _remembered

    kept = _remembered(i18n.message)
    assert [kept("network.inputs", n=v) for v in values] == [str(v) + " inputs" for v in values]
    assert [kept("network.inputs", n=v) for v in values] == [i18n.message("network.inputs", n=v) for v in values]


def test_a_course_template_prints_each_parameter_as_given(tmp_path):
    from symbp.render.templates import render_template

    (tmp_path / "m.jinja").write_text('<%= _("network.inputs", n=a) %>|<%= _("network.inputs", n=b) %>', encoding="utf-8")
    # (the numbers are given: a course's template may not print numbers of its own making, course_numbers.py)
    assert render_template("m.jinja", tmp_path, a=(1, 2), b=(1, 2.0)) == "(1, 2) inputs|(1, 2.0) inputs"
