"""Pages an instructor found nearly blank (stop 54), read from the compiled PDFs:

  - an answer key's page held only the second row of the momentum update rule and its textbook-form
    note: the rows of a display taken in by TeX's page builder since its last legal break already
    overfilled the page when `\\needroom` measured, so it forced a page break there, after the page
    had broken inside the update rule (its rows could break apart, too);
  - a worksheet's page held only the weight matrices, three quarters blank, because task ① (23 cm of
    room, just under a page) did not fit under them and started on the next page.

Now a page of a key is more than half filled unless the variant ends on it, the update rule's rows are
never broken across pages, and a page of a sheet that holds no room to write is more than half filled
unless its variant ends on it (a task starts under the givens where more than half the page is left,
and continues on the next page).
"""

from __future__ import annotations

import re
import shutil

import pytest

from print_audit import compile_and_audit, page_fill, page_texts
from symbp.spec import parse_spec
from symbp.worksheet import FILES, SheetOptions, build_worksheet

MOMENTUM = """title = "Small 2-2-1 sigmoid net, two momentum steps"
layers = [2, 2, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
input = [0.5, -1]
target = [0.8]
steps = 2
[optimizer]
name = "momentum"
beta = 0.9
[[layer]]
weights = [[0.3, -0.2], [0.6, 0.1]]
biases = [0.1, -0.3]
[[layer]]
weights = [[0.7, -0.5]]
biases = [0.2]
"""

WIDE = """title = "Wide 4-8-3 softmax classifier, one Adam step"
layers = [4, 8, 3]
activation = "relu"
loss = "cross_entropy"
learning_rate = 0.1
input = [1, -0.5, 2, 0.5]
target = [0, 1, 0]
[optimizer]
name = "adam"
[[layer]]
weights = [[0.2, -0.1, 0.3, 0.4], [-0.3, 0.5, 0.1, -0.2], [0.1, 0.2, -0.4, 0.3], [0.4, -0.3, 0.2, 0.1],
           [-0.2, 0.1, 0.5, -0.4], [0.3, 0.3, -0.1, 0.2], [-0.1, -0.4, 0.2, 0.5], [0.5, 0.2, 0.1, -0.3]]
biases = [0.1, -0.1, 0.2, 0.0, 0.1, -0.2, 0.05, 0.0]
[[layer]]
activation = "softmax"
weights = [[0.2, -0.3, 0.1, 0.4, -0.2, 0.3, 0.1, -0.1],
           [-0.1, 0.2, 0.3, -0.2, 0.4, -0.1, 0.2, 0.3],
           [0.3, 0.1, -0.2, 0.1, 0.2, 0.4, -0.3, 0.2]]
biases = [0.0, 0.1, -0.1]
"""

HALF = 0.5


@pytest.fixture(scope="module")
def folder(tmp_path_factory, request):
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        request.getfixturevalue("requires_tex")
    return tmp_path_factory.mktemp("fill54")


def _compiled(folder, source: str, name: str, count: int, seed: int, kind: str):
    spec = parse_spec(source, name=name)
    sheet = build_worksheet(spec, count, seed, SheetOptions())
    return compile_and_audit(sheet.files[FILES[kind]], folder / name, kind)


def _variants(pdf) -> tuple[list, list]:
    """Each page's variant as its header names it (None: the overview, a blank page), and its text."""
    texts = page_texts(pdf)
    named = [re.search(r"[Vv]ariant (\d+) of", text) for text in texts]
    return [None if m is None or "left blank" in text else m.group(1) for m, text in zip(named, texts)], texts


def _half_empty(pdf, pages) -> list[tuple[int, float]]:
    """Pages (1-based, among `pages`) filled less than half although the next page is the same variant's."""
    fills = page_fill(pdf)
    variants, _ = _variants(pdf)
    assert len(fills) == len(variants)
    return [(n + 1, round(fills[n], 2)) for n in range(len(fills) - 1)
            if n + 1 in pages and variants[n] is not None and variants[n] == variants[n + 1] and fills[n] < HALF]


def test_a_key_s_pages_are_filled_and_the_update_rule_holds_together(requires_tex, folder):
    audit = _compiled(folder, MOMENTUM, "momentum", 3, 5, "key")
    assert _half_empty(audit.pdf, range(1, audit.pages + 1)) == []
    texts = page_texts(audit.pdf)
    rules = [n for n, text in enumerate(texts) if "Update of each parameter" in text]
    assert len(rules) == 3  # one per variant's worked solution (the formulas)
    for n in rules:  # the rule's two rows on one page (the note after them may begin the next)
        assert re.search(r"p⟨t\+1⟩ = p⟨t⟩ − α v", texts[n]), n + 1


def test_a_sheet_page_without_room_to_write_is_filled(requires_tex, folder):
    audit = _compiled(folder, WIDE, "wide", 2, 3, "worksheet")
    variants, texts = _variants(audit.pdf)
    starts = [n + 1 for n, variant in enumerate(variants) if variant and variant not in variants[:n]]
    with_room, k, last = set(), 0, 0  # a mark's page is its variant's (\thepage restarts): made absolute
    for mark in audit.marks:
        k, last = (k + 1 if mark.page < last else k), mark.page
        if mark.kind == "space":
            with_room.add(starts[k] + mark.page - 1)
    assert len(with_room) > 6  # the marks are read, so that the assertion means something
    without = [n for n in range(1, audit.pages + 1) if n not in with_room]
    assert _half_empty(audit.pdf, without) == []
    for variant in ("1", "2"):  # each variant's first task starts on its first or second page
        first = variants.index(variant)
        assert any("Forward pass: compute" in texts[n] for n in (first, first + 1)), variant
        second = first + 1
        assert "Tasks" in texts[first] + texts[second]
