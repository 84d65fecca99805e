"""Print quality of worksheets, answer keys and network drawings, read from pdflatex's own output.

A corpus of networks (the built-in examples, and wide, deep, batch, multi-step networks with every
activation and loss) is made into a worksheet and an answer key (one document each, pdflatex run
once) and into a standalone worked solution whose drawing page is checked.  From the .log, the .aux
and the PDF (tests/print_audit.py):
  - no overfull box, no display shrunk below 85 %, outside the worked solutions (their own layout
    is checked separately: `print_audit.regions` tells them apart);
  - every task's prompt on the page where its room to write begins (also after a continuation),
    no heading that ends a page;
  - the network drawing fits (no overfull box in it), every page names the seed, and the key has
    a PDF bookmark and a link per variant.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from print_audit import compile_and_audit, pdf_objects, pdf_strings, regions

from symbp.resources import example_path
from symbp.spec import load_spec, parse_spec
from symbp.worksheet import FILES, SheetOptions, build_worksheet

ARCHITECTURES = {
    "leaky_2-2-1": 'layers = [2, 2, 1]\nactivation = "leaky_relu"\nnegative_slope = 0.1\nloss = "half_sse"\nlearning_rate = 0.1\n',
    "ask_subset": ('layers = [2, 3, 1]\nloss = "half_sse"\nlearning_rate = 0.1\n[variants]\n'
                   'ask = ["forward", "loss", "output_layer", "hidden_layers"]\n'),
    "two_steps": 'layers = [2, 3, 1]\nloss = "half_sse"\nlearning_rate = 0.1\nsteps = 2\n',
    "wide_4-16-16-3": ('layers = [4, 16, 16, 3]\nactivation = "tanh"\nloss = "cross_entropy"\nlearning_rate = 0.1\n'
                       '[[layer]]\n[[layer]]\n[[layer]]\nactivation = "softmax"\n'),
    "sigmoid_3-5-4-2_mse": 'layers = [3, 5, 4, 2]\nactivation = "sigmoid"\nloss = "mse"\nlearning_rate = 0.5\n',
    "relu_8-8-2": 'layers = [8, 8, 2]\nloss = "half_sse"\nlearning_rate = 0.05\n',
    "deep_tanh": ('layers = [2, 3, 3, 3, 3, 3, 1]\nactivation = "tanh"\nloss = "half_sse"\nlearning_rate = 0.1\n'
                  + "[[layer]]\n" * 5 + '[[layer]]\nactivation = "identity"\n'),
    "softplus_bce": ('layers = [3, 2, 2]\nactivation = "softplus"\nloss = "bce"\nlearning_rate = 0.5\n'
                     '[[layer]]\n[[layer]]\nactivation = "sigmoid"\n'),
}
EXAMPLES = ("nn231", "mazur", "batch3", "softmax3", "nobias", "steps3")
CORPUS = [*EXAMPLES, *ARCHITECTURES]
VARIANTS = {"nn231": 2, "mazur": 2}  # the others: one variant each (the layout repeats per variant)


def corpus_spec(name: str):
    if name in ARCHITECTURES:
        return parse_spec(ARCHITECTURES[name], name=name, numbers_optional=True)
    return load_spec(example_path(name))


@pytest.fixture(scope="module")
def printed(tmp_path_factory, request):
    """name -> (worksheet, sheet audit, key audit); compiled once for all tests of this module."""
    if shutil.which("pdflatex") is None:
        request.getfixturevalue("requires_tex")
    out = {}
    root = tmp_path_factory.mktemp("print")
    for name in CORPUS:
        sheet = build_worksheet(corpus_spec(name), VARIANTS.get(name, 1), seed=5, options=SheetOptions(symbolic="first"))
        folder = root / name
        audits = {key: compile_and_audit(sheet.files[FILES[key]], folder, key) for key in ("worksheet", "key")}
        out[name] = (sheet, audits["worksheet"], audits["key"])
    return out


def test_the_corpus_covers_every_activation_and_loss():
    from symbp.activations import ACTIVATIONS
    from symbp.losses import LOSSES

    specs = [corpus_spec(name) for name in CORPUS]
    assert len(specs) >= 12
    assert {layer.activation for s in specs for layer in s.layers} == set(ACTIVATIONS)
    assert {s.loss for s in specs} == set(LOSSES)
    assert any(s.batch for s in specs) and any(s.steps > 1 for s in specs) and max(max(s.widths) for s in specs) >= 16


@pytest.mark.parametrize("name", CORPUS)
def test_worksheet_has_no_overfull_box_and_keeps_tasks_with_their_room(requires_tex, printed, name):
    sheet, audit, _ = printed[name]
    assert audit.overfull == [], [b.text for b in audit.overfull]
    assert audit.too_small() == []
    assert audit.tasks_apart() == []
    assert audit.headings_alone() == []
    prompts = [m for m in audit.marks if m.kind == "prompt"]
    assert len(prompts) == len(re.findall(r"^\\task[\[{]", sheet.files[FILES["worksheet"]], re.M)) > 0
    for variant in sheet.variants:
        ids = {m.id for m in prompts if m.id.startswith(f"{variant.id}-")}
        ends = {m.id for m in audit.marks if m.kind == "end" and m.id.startswith(f"{variant.id}-")}
        assert ids and ids == ends  # every prompt's room was given in full


@pytest.mark.parametrize("name", CORPUS)
def test_answer_key_outside_the_worked_solutions_has_no_overfull_box(requires_tex, printed, name):
    sheet, _, audit = printed[name]
    solutions = regions(sheet.files[FILES["key"]])
    assert len(solutions) == len(sheet.variants)
    boxes, small = audit.outside(solutions)
    assert boxes == [], [b.text for b in boxes]
    assert small == []
    assert audit.headings_alone() == []
    summaries = [m for m in audit.marks if m.kind == "heading" and "-summary-" in m.id]
    assert {m.id.split("-")[0] for m in summaries} == {str(v.id) for v in sheet.variants}


def test_a_long_task_continues_on_a_marked_page(requires_tex, printed):
    _, audit, _ = printed["wide_4-16-16-3"]
    continued = [m for m in audit.marks if m.kind == "continued"]
    assert continued  # the forward pass of a 4-16-16-3 network needs more than a page
    for mark in continued:
        prompt = next(m for m in audit.marks if m.kind == "prompt" and m.id == mark.id)
        assert mark.page > prompt.page


def test_every_page_names_the_seed_and_the_variant(requires_tex, printed):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from print_audit import page_texts

    sheet, audit, _ = printed["nn231"]
    pages = page_texts(audit.pdf)
    assert len(pages) == audit.pages >= 2 * len(sheet.variants)
    for text in pages:
        assert re.search(rf"variant \d of 2 · seed {sheet.seed}\b", text), text[:200]


def test_answer_key_has_bookmarks_and_links_per_variant(requires_tex, printed):
    sheet, _, audit = printed["nn231"]
    objects = pdf_objects(audit.pdf)
    titles = pdf_strings(audit.pdf)
    assert "/Type /Outlines" in objects and "Class overview" in titles
    for variant in sheet.variants:
        assert f"Variant {variant.id}" in titles
        assert f"Variant {variant.id}: summary" in titles
        assert f"Variant {variant.id}: worked solution" in titles
        assert f"/D (summary-{variant.id})" in objects  # the overview's link to the summary
    assert objects.count("/Subtype/Link") + objects.count("/Subtype /Link") >= 2 * len(sheet.variants)


def test_network_drawing_page_of_the_worked_solution(requires_tex, printed, tmp_path):
    """The standalone solution's first page: the drawing fits the page, whatever its mode."""
    from symbp.pipeline import derive_solution
    from symbp.render.worked import render_latex

    modes = set()
    for name in CORPUS:
        variant = printed[name][0].variants[0]
        solution, report = derive_solution(variant.spec, symbolic=False)
        tex = render_latex(solution, report)
        end = tex.index("% network drawing ends")  # the page up to the drawing: the rest is the worked solution's
        tex = tex[:end] + "% network drawing ends\n\\end{center}\n\\end{document}\n"
        audit = compile_and_audit(tex, tmp_path / name, "solution")
        drawing = regions(tex, "network drawing")
        assert len(drawing) == 1
        inside = [b for b in audit.overfull if b.first is not None and drawing[0][0] - 2 <= b.first <= drawing[0][1] + 2]
        assert inside == [], (name, [b.text for b in inside])
        modes.add(re.search(r"\\node\[(neuron|block)", tex).group(1) + ("+labels" if "node[weight]" in tex else ""))
    assert modes == {"neuron+labels", "neuron", "block"}  # all three layouts were drawn
