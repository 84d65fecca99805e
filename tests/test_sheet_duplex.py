"""A student sheet printed double-sided: every variant begins on a right-hand (odd) page of the
file, a variant of an odd number of pages followed by a page that says it was left blank (in the
sheet's language); and the first task shares a 2-3-1 variant's first page with the givens (it
began on page 2, leaving half of page 1 blank).  The answer key is read, not stapled per student:
each of its variants begins on a new page, nothing more."""

from __future__ import annotations

import re
import shutil

import pytest

from print_audit import compile_and_audit, page_texts
from symbp.i18n import get
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.worksheet import FILES, SheetOptions, build_worksheet

# seed 1's variant 11 of the 2-3-1 example took 3 pages where the others took 4
COUNT, SEED = 12, 1


@pytest.fixture(scope="module")
def printed(tmp_path_factory, request):
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        request.getfixturevalue("requires_tex")
    out = {}
    for locale in ("en", "fr"):
        from symbp.i18n import use

        with use(locale):
            sheet = build_worksheet(load_spec(example_path("nn231")), COUNT, SEED,
                                    SheetOptions(symbolic="none", locale=locale))
        audit = compile_and_audit(sheet.files[FILES["worksheet"]], tmp_path_factory.mktemp(locale), "worksheet")
        out[locale] = (audit, page_texts(audit.pdf))
    return out


def _first_pages(pages: list[str], locale: str) -> dict[int, int]:
    """variant id -> the page of the file (1-based) where its running head first appears."""
    head = get(locale).message("sheet.head", id="(\\d+)", count=COUNT)
    first = {}
    for number, text in enumerate(pages, start=1):
        found = re.search(head, text)
        assert found, text[:200]
        first.setdefault(int(found.group(1)), number)
    return first


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_every_variant_begins_on_a_right_hand_page(requires_tex, printed, locale):
    audit, pages = printed[locale]
    first = _first_pages(pages, locale)
    assert sorted(first) == list(range(1, COUNT + 1))
    assert {variant: page for variant, page in first.items() if page % 2 == 0} == {}


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_a_padding_page_says_it_was_left_blank(requires_tex, printed, locale):
    audit, pages = printed[locale]
    blank = get(locale).message("sheet.blank_page")
    padded = [n for n, text in enumerate(pages, start=1) if blank in " ".join(text.split())]
    starts = set(_first_pages(pages, locale).values())
    assert padded  # seed 1 has variants of 3 pages among the first 12
    for page in padded:  # the even last page of a variant, before the next one's first
        assert page % 2 == 0 and page + 1 in starts, (page, sorted(starts))
    # every other page holds a variant's own text: a variant of an even number of pages is not padded
    assert all(page - 1 not in padded for page in starts if page > 1 and (page - 1) % 2 == 1)


def test_the_first_task_shares_the_first_page_with_the_givens(requires_tex, printed):
    audit, _ = printed["en"]
    first_prompts = {m.id: m.page for m in audit.marks if m.kind == "prompt" and m.id.endswith("-1")}
    assert len(first_prompts) == COUNT
    assert {task: page for task, page in first_prompts.items() if page != 1} == {}
    assert audit.tasks_apart() == [] and audit.overfull == []
