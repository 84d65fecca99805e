"""A variant's shares of the sheet's joining, made where the variant is made (worksheet.variant_parts):
its overview cells' widths and its answers.json seals give the very overview and answers.json the
sheet would work out itself — with a carried key whose summaries have exact values below carried
ones, in another locale (another word before them, another width), with workers and without."""

from __future__ import annotations

import json

import pytest

from symbp.answers_json import document_text
from symbp.key_seal import sealed, variant_seal
from symbp.i18n import use as use_locale
from symbp.render.sheet import overview, overview_widths
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.variants import settings_from_spec
from symbp.worksheet import FILES, SheetOptions, build_worksheet, variant_parts
from symbp.tasks import task_numbers


@pytest.mark.parametrize("locale", ["en", "de"])
def test_the_overview_from_the_variants_widths_is_the_one_measured_whole(locale, tmp_path):
    spec = load_spec(example_path("mazur"))  # sigmoid: carried values whose exact ones differ
    options = SheetOptions(symbolic="none", locale=locale, digits=3)
    with use_locale(locale):
        worksheet = build_worksheet(spec, 6, seed=11, options=options)
        ask = settings_from_spec(spec).ask
        numbers = task_numbers(ask, spec.depth)
        folder = SheetOptions(symbolic="none", locale=locale, digits=3, templates_dir=tmp_path)  # (no pages)
        parts = [variant_parts(v, ask, folder, numbers, {}) for v in worksheet.variants]
        summaries, ids = [p["summary"] for p in parts], [p["id"] for p in parts]
        assert any(e.get("exact") for s in summaries for sec in s for e in sec["entries"])  # the case that matters
        whole = overview(summaries, ids)
        assert overview(summaries, ids, [p["cells"] for p in parts]) == whole
        assert overview(summaries, ids, [overview_widths(s) for s in summaries]) == whole
        # a variant's cells are its own: another variant's widths do not stand in for them
        assert [p["cells"] for p in parts] != [parts[0]["cells"]] * len(parts)


def test_the_seals_made_with_the_variants_are_the_ones_made_from_the_file(tmp_path):
    spec = load_spec(example_path("nn231"))
    options = SheetOptions(symbolic="none")
    worksheet = build_worksheet(spec, 4, seed=3, options=options)
    ask = settings_from_spec(spec).ask
    numbers = task_numbers(ask, spec.depth)
    folder = SheetOptions(symbolic="none", templates_dir=tmp_path)  # (an empty course folder: no pages)
    parts = [variant_parts(v, ask, folder, numbers, {}) for v in worksheet.variants]
    texts = [p["answers"] for p in parts]
    args = (spec, worksheet.seed, ask, options.digits, options.key, options.locale, options.detail, texts)
    with_seals = document_text(*args, [p["seals"] for p in parts])
    assert with_seals == document_text(*args) == worksheet.files[FILES["answers"]]
    assert with_seals == document_text(*args, [None, parts[1]["seals"], None, None])  # some made, some not
    document = json.loads(with_seals)
    assert document["variant_seals"] == [variant_seal(entry) for entry in document["variants"]]
    assert sealed({"variants": texts}, [p["seals"] for p in parts]) == sealed({"variants": texts})


def test_with_workers_the_files_are_those_of_one_process(monkeypatch):
    spec = load_spec(example_path("mazur"))
    options = SheetOptions(symbolic="none", digits=3)
    monkeypatch.setenv("SYMBP_WORKERS", "1")
    one = build_worksheet(spec, 10, seed=4, options=options)
    monkeypatch.setenv("SYMBP_WORKERS", "2")
    two = build_worksheet(spec, 10, seed=4, options=options)
    assert two.files == one.files


def test_the_texts_kept_by_their_integers_are_each_values_own():
    """answers.json's float and exact texts of a Fraction, kept by its integers: each value's own
    (json.dumps of its float, of its exact_string), in any order, kept or not."""
    import json
    from fractions import Fraction

    from symbp.answers_json import _number_texts

    values = [Fraction(1, 2), Fraction(1, 4), Fraction(2, 4), Fraction(1, 3), Fraction(-3), Fraction(0), Fraction(-1, 8)]
    expected = ['"0.5"', '"0.25"', '"0.5"', '"1/3"', '"-3"', '"0"', '"-0.125"']
    floats = [json.dumps(float(value)) for value in values]
    assert _number_texts(values) == (floats, expected)
    assert _number_texts(values[::-1]) == (floats[::-1], expected[::-1])  # kept ones, in another order


def test_a_numbers_kept_width_is_that_of_its_digits_and_locale():
    from fractions import Fraction

    from symbp.render.measure import text_width_cm
    from symbp.render.printers import printer
    from symbp.render.writing_space import BODY_PT, _number_widths

    values = [Fraction(123456, 100000), Fraction(-1, 3), Fraction(5, 2), Fraction(7)]
    for _ in range(2):  # the second time from what was kept
        for locale in ("en", "de", "en"):
            with use_locale(locale):
                for digits in (2, 5, 2):
                    p = printer("tex", digits=digits)
                    expected = [text_width_cm(printer("tex", digits=digits).number(v), BODY_PT) for v in values]
                    assert _number_widths(values, p, digits) == expected, (locale, digits)
