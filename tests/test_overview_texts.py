"""The class overview's cells made with each variant (render/overview.cell_texts: what the template's
cell macro prints around a value, filled with the value; a cell with an exact value below or a
relation printed by the macro) give the very key that the template printing every cell gives (the
same templates from a course folder, where each document is rendered whole): with exact values below
carried ones in another locale, and with a signed column (costs that fell and rose)."""

from __future__ import annotations

import pytest

import symbp
from symbp.i18n import use as use_locale
from symbp.render.overview import cell_texts
from symbp.render.templates import environment
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.variants import settings_from_spec
from symbp.worksheet import FILES, SheetOptions, build_worksheet, task_numbers, variant_parts

from test_overview_fall_sign import SPEC as SIGNED_SPEC


@pytest.mark.parametrize("case", ["nn231-de", "signed"])
def test_the_overview_from_the_variants_cell_texts_is_the_one_printed_cell_by_cell(case, tmp_path):
    if case == "signed":
        spec, count, options = symbp.load(SIGNED_SPEC)._spec, 6, {"symbolic": "none"}
    else:
        spec, count, options = load_spec(example_path("nn231")), 3, {"symbolic": "none", "locale": "de", "digits": 2}
    with use_locale(options.get("locale", "en")):
        own = build_worksheet(spec, count, seed=1, options=SheetOptions(**options))
        whole = build_worksheet(spec, count, seed=1, options=SheetOptions(**options, templates_dir=tmp_path))
        assert own.files[FILES["key"]] == whole.files[FILES["key"]]
        ask = settings_from_spec(spec).ask
        folder = SheetOptions(**options, templates_dir=tmp_path)  # (no pages: the summary alone)
        summaries = [variant_parts(v, ask, folder, task_numbers(ask, spec.depth), {})["summary"] for v in own.variants]
        cell = environment().get_template("tex/worksheet-overview-cell.jinja").module.cell
        for summary in summaries:
            entries = [entry for section in summary for entry in section["entries"]]
            texts, signed = cell_texts(summary, cell)
            assert texts == [cell(entry) for entry in entries]  # (each cell as the macro prints it)
            assert signed == {e["name"]: cell(e["signed"]) for e in entries if "signed" in e}
        every = [e for summary in summaries for section in summary for e in section["entries"]]
        if case == "signed":  # (the case in question: a column of L − L^(2) where some variants' cost rose)
            assert len({e["symbol"] for e in every if "signed" in e}) == 2
        else:
            assert any(e.get("exact") for e in every)
