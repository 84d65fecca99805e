"""answers.json's variant parts written straight from the numbers (answers_json.variant_text: the
values, exact values and carried values filled into their keys' text, kept per key list) are
json.dumps's bytes of the variant's entry as a dict, for two architectures, both key rules and two
locales made one after the other in one process (the kept texts must not mix them up); a carried
value's "copy of a rounded value" test (answer_key._copy_chains, kept per derivation) agrees with
the chain walk written out here, on real sheets and on made-up chains with cycles; and the
templates' words (`_`, kept per locale and parameter types) in two locales in one process."""

from __future__ import annotations

import json
from fractions import Fraction
from types import SimpleNamespace

import pytest

from symbp.answers_json import VARIANT_INDENT, _number_texts, variant_entry, variant_text
from symbp.formula import Ref
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.worksheet import SheetOptions, build_worksheet


def _sheets():
    for example, key, locale in [("nn231", "carried", "en"), ("mazur", "exact", "de"), ("nn231", "exact", "fr"),
                                 ("softmax3", "carried", "en")]:
        from symbp import i18n

        with i18n.use(locale):
            sheet = build_worksheet(load_spec(example_path(example)), 3, 5, SheetOptions(key=key, locale=locale))
        yield example, key, sheet


def test_a_variant_part_is_json_dumps_of_its_entry_for_every_sheet_in_one_process():
    for example, key, sheet in _sheets():
        ask = json.loads(sheet.files["answers.json"])["tasks"]
        for variant in sheet.variants:
            entry = variant_entry(variant, ask)
            expected = json.dumps(entry, indent=2, ensure_ascii=False).replace("\n", "\n" + VARIANT_INDENT)
            assert variant_text(variant, ask) == expected, (example, key, variant.id)
            assert ("carried" in entry) == (key == "carried")
        # and the file holds exactly these entries
        document = json.loads(sheet.files["answers.json"])
        assert document["variants"] == [json.loads(json.dumps(variant_entry(v, ask))) for v in sheet.variants]


@pytest.mark.parametrize("value", [Fraction(1, 3), Fraction(-7, 10**30), Fraction(10**400 + 1, 10**399), Fraction(0),
                                   Fraction(2**60 + 1, 3)])
def test_a_fractions_float_is_written_as_float_of_it(value):
    for _ in range(2):  # worked out, then kept
        assert _number_texts([value])[0] == [json.dumps(float(value))]


def _walked(name, by_name, rounded):
    """Rounded, or a copy (Ref) of a copy ... of a rounded value: the walk as plan.DisplayPlan does it."""
    if name in rounded:
        return True
    seen = set()
    while name not in rounded:
        quantity = by_name.get(name)
        if quantity is None or not isinstance(quantity.formula, Ref) or name in seen:
            return False
        seen.add(name)
        name = quantity.formula.name
    return True


def test_copy_chains_agree_with_the_walk_on_made_up_chains():
    from symbp.render.answer_key import _copy_chains

    def q(formula):
        return SimpleNamespace(formula=formula)

    by_name = {"a": q(Ref("b")), "b": q(Ref("c")), "c": q(None), "d": q(Ref("d")), "e": q(Ref("f")), "f": q(Ref("e")),
               "g": q(Ref("missing")), "h": q(Ref("a"))}
    derivation = SimpleNamespace(by_name=by_name)
    chains = _copy_chains(derivation)
    names = [*by_name, "missing", "other"]
    for rounded in [set(), {"c"}, {"b"}, {"f"}, {"missing"}, {"d"}, {"a", "e"}]:
        for name in names:
            ours = name in rounded or (name in chains and not frozenset(rounded).isdisjoint(chains[name]))
            assert ours == _walked(name, by_name, rounded), (name, rounded)
    assert _copy_chains(SimpleNamespace(by_name={"x": q(Ref("y"))})) == {"x": ("y",)}  # another derivation: its own


def test_carried_values_are_marked_rounded_as_the_walk_marks_them():
    from symbp.numbers import format_decimal
    from symbp.render.answer_key import printed_carried_values

    for example, key, sheet in _sheets():
        if key != "carried":
            continue
        for variant in sheet.variants:
            solution = variant.solution
            carried, by_name = solution.carried, solution.derivation.by_name
            expected = {name: format_decimal(value, carried.round_to,
                                             was_rounded=_walked(name, by_name, carried.rounded)
                                             or _short_and_not_exact(value, solution.values[name], carried.round_to)).text
                        for name, value in carried.values.items()}
            assert printed_carried_values(solution) == expected


def _short_and_not_exact(value, exact, digits: int) -> bool:
    """A carried value that is not the exact one, written exactly with fewer than `digits`
    significant digits (−74.7 at 4): printed with its digits too (−74.70)."""
    from fractions import Fraction

    from symbp.numbers import as_fraction, format_decimal

    shown = format_decimal(value, digits)
    significant = shown.text.lstrip("-").replace(".", "").strip("0")
    return not shown.rounded and Fraction(value) != as_fraction(exact) and len(significant) < digits


def test_template_words_in_two_locales_in_one_process():
    from symbp import i18n
    from symbp.render.templates import environment, render_template

    texts = {}
    for locale in ["de", "en", "de", "fr", "en"]:
        with i18n.use(locale):
            texts.setdefault(locale, set()).add(render_template("tex/worksheet-header.tex.jinja", key=True,
                                                                sheet={"title": "T", "course": "", "date": "",
                                                                       "count": 2, "seed": 7, "instructions": "",
                                                                       "key": "exact", "digits": 4},
                                                                v={"id": 1}))
            assert i18n.message("sheet.variant", id=1) in next(iter(texts[locale]))
            assert environment().globals["_"]("sheet.variant", id=True) == i18n.message("sheet.variant", id=True)
            assert environment().globals["_"]("sheet.variant", id=1) == i18n.message("sheet.variant", id=1)  # apart from True
    assert all(len(kept) == 1 for kept in texts.values())
    assert len({next(iter(kept)) for kept in texts.values()}) == 3
