"""A variant's network drawing is printed twice, in the worked solution (answer key) and in the sheet's
givens; its picture is rendered once a variant and printed in both (worksheet.variant_context,
network.picture).  Checked against the drawing's macro run afresh on a drawing made anew from the
variant's solution: the same bytes in both files."""

from __future__ import annotations

import jinja2
import pytest

from symbp.render.network import givens_drawing
from symbp.render.templates import environment
from symbp.render.worked import solution_context
from symbp.resources import example_path
from symbp.spec import load_spec, parse_spec
from symbp.worksheet import SheetOptions, build_worksheet

WIDE = 'layers = [3, 9, 2]\nactivation = "relu"\nloss = "half_sse"\nlearning_rate = 0.1\n'  # neurons: no labels fit


def regions(text: str) -> list[str]:
    parts = text.split("% network drawing begins\n")[1:]
    return [part[:part.index("% network drawing ends\n")] for part in parts]


def fresh_picture(variant, matrices: bool) -> str:
    """The drawing's text made anew (the macro called, nothing kept), as the sheet's givens
    (`matrices` False) or the worked solution print it."""
    network = solution_context(variant.solution, variant.report, digits=4, fmt="tex")["network"]
    text = environment().get_template("tex/network-drawing.jinja").module.picture(network)
    if matrices and network["matrices_beside"]:
        text += environment().get_template("tex/network-matrices.tex.jinja").render(network=network)
    return text


@pytest.mark.parametrize("spec", [load_spec(example_path("nn231")), parse_spec(WIDE, numbers_optional=True)],
                         ids=["labelled", "neurons"])
def test_the_givens_and_the_key_print_the_drawing_made_anew(spec, monkeypatch):
    rendered = []
    real = jinja2.runtime.Macro.__call__
    monkeypatch.setattr(jinja2.runtime.Macro, "__call__",
                        lambda self, *a, **k: (self.name == "picture" and rendered.append(a[0])) or real(self, *a, **k))
    sheet = build_worksheet(spec, 2, 5, SheetOptions())
    rendered_in_sheet = len(rendered)
    givens, key = regions(sheet.files["worksheet.tex"]), regions(sheet.files["answer-key.tex"])
    assert len(givens) == len(key) == len(sheet.variants) == 2
    for variant, in_sheet, in_key in zip(sheet.variants, givens, key):
        assert in_sheet == fresh_picture(variant, matrices=False)
        assert in_key == fresh_picture(variant, matrices=True)
    assert rendered_in_sheet == len(sheet.variants)  # the picture rendered once a variant, whatever its mode
    if spec.name == "nn231":  # labelled: the one text
        assert givens == key
    else:  # the key prints the matrices beside, the givens after the given numbers
        assert all(k.startswith(g) and len(k) > len(g) for g, k in zip(givens, key))


def test_the_givens_share_the_dict_only_without_matrices_beside():
    labelled = {"mode": "labelled", "matrices_beside": False, "layers": []}
    beside = {"mode": "neurons", "matrices_beside": True, "layers": []}
    assert givens_drawing(labelled) is labelled
    copy = givens_drawing(beside)
    assert copy is not beside and copy == dict(beside, matrices_beside=False) and beside["matrices_beside"]
