"""Print quality of every LaTeX output, read from pdflatex's own output.

A corpus of networks (the built-in examples, and wide, deep, batch, multi-step networks with every
activation and loss) is made into a worksheet, an answer key (its worked solutions in the
calculator mode), a standalone worked solution (exact values) and a `check` report (one document
each, pdflatex run once).  From the .log, the .aux and the PDF (tests/print_audit.py):
  - no overfull box anywhere, no display shrunk below 85 %;
  - every task's prompt on the page where its room to write begins (also after a continuation),
    no heading that ends a page (a worked solution's and a report's headings included);
  - a derivation's rows held together (\\* between them) in the .tex; no page of a worked
    solution but its last ending before 30 % of its height (pdftotext -bbox);
  - the network drawing in each of its modes, every page names the seed, and the key has a PDF
    bookmark and a link per variant.
"""

from __future__ import annotations

import re
import shutil

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
    "many_steps": 'layers = [2, 2, 1]\nactivation = "sigmoid"\nloss = "half_sse"\nlearning_rate = 0.5\nsteps = 12\n',
    "adam_l2_l1": ('layers = [2, 4, 2]\nactivation = "sigmoid"\nloss = "mse"\nlearning_rate = 0.1\nsteps = 2\n'
                   'weight_decay = 0.01\nl1 = 0.001\n[optimizer]\nname = "adam"\n'),  # R = λ/2·(…) + λ₁·(…)
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


def check_report(solution) -> str:
    """The LaTeX `check` report of an answer file that has every value of the solution but every
    seventh, one of them wrong (so that the report shows a wrong line's own numbers)."""
    from symbp.check import answers_from_table
    from symbp.check_report import report_context
    from symbp.marking import mark
    from symbp.numbers import format_decimal
    from symbp.render.templates import render_template

    written = {}
    for n, (name, value) in enumerate(solution.values.items()):
        if n % 7 != 5:
            written[name] = "0.123" if n == 3 else format_decimal(value, 4).text
    marking = mark(solution, answers_from_table(written, solution.derivation, source="answers.toml"))
    return render_template("tex/check.tex.jinja", None, **report_context(marking, fmt="tex"))


class Printed:
    """name -> (worksheet, {kind: audit}, standalone solution's .tex) for kinds worksheet, key,
    solution and check; each entry made and compiled once, when a test first asks for it.
    `tex(name)`: the standalone solution's .tex alone (nothing compiled)."""

    def __init__(self, root):
        self.root = root
        self.made: dict = {}
        self.compiled: dict = {}

    def tex(self, name: str):
        if name not in self.made:
            from symbp.pipeline import derive_solution
            from symbp.render.worked import render_latex

            sheet = build_worksheet(corpus_spec(name), VARIANTS.get(name, 1), seed=5,
                                    options=SheetOptions(symbolic="first"))
            solution, report = derive_solution(sheet.variants[0].spec, symbolic=False)
            self.made[name] = (sheet, solution, render_latex(solution, report))
        return self.made[name][2]

    def __getitem__(self, name: str):
        if name not in self.compiled:
            tex = self.tex(name)
            sheet, solution, _ = self.made[name]
            folder = self.root / name
            audits = {key: compile_and_audit(sheet.files[FILES[key]], folder, key) for key in ("worksheet", "key")}
            audits["solution"] = compile_and_audit(tex, folder, "solution")
            audits["check"] = compile_and_audit(check_report(solution), folder, "check")
            self.compiled[name] = (sheet, audits, tex)
        return self.compiled[name]


@pytest.fixture(scope="module")
def printed(tmp_path_factory, request):
    if shutil.which("pdflatex") is None:
        request.getfixturevalue("requires_tex")
    return Printed(tmp_path_factory.mktemp("print"))


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
    sheet, audits, _ = printed[name]
    audit = audits["worksheet"]
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
@pytest.mark.parametrize("kind", ["key", "solution", "check"])
def test_nothing_leaves_the_page_and_no_heading_ends_one(requires_tex, printed, name, kind):
    """The answer key (summaries and worked solutions), the standalone worked solution and the
    check report: no overfull box, no display shrunk, every heading with the line after it."""
    sheet, audits, _ = printed[name]
    audit = audits[kind]
    assert audit.overfull == [], [b.text for b in audit.overfull]
    assert audit.scaled == [] or min(s.percent for s in audit.scaled) >= 85, audit.scaled
    assert audit.headings_alone() == []
    headings = [m for m in audit.marks if m.kind == "heading"]
    assert headings  # the headings are marked, so that the last assertion means something
    if kind == "key":
        assert len(regions(sheet.files[FILES["key"]])) == len(sheet.variants)
        summaries = [m for m in headings if "-summary-" in m.id]
        assert {m.id.split("-")[0] for m in summaries} == {str(v.id) for v in sheet.variants}


@pytest.mark.parametrize("name", CORPUS)
def test_no_page_of_a_worked_solution_is_mostly_blank(requires_tex, printed, name):
    """No page but the last ends before 30 % of its height (the issue: 70 %-blank pages left by
    blocks that could not break)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from print_audit import page_fill

    fills = page_fill(printed[name][1]["solution"].pdf)
    assert len(fills) == printed[name][1]["solution"].pages
    assert [n for n, fill in enumerate(fills[:-1], start=1) if fill < 0.3] == [], fills


def test_the_small_example_is_short(requires_tex, printed):
    """The 2-3-1 example: one alignment per layer, not a display per neuron (it took 5 pages)."""
    assert printed["nn231"][1]["solution"].pages <= 4


@pytest.mark.parametrize("name", CORPUS)
def test_a_derivation_is_never_split_across_pages(requires_tex, printed, name):
    """In every alignment of the worked solution a page may break after a derivation's last row
    (\\\\); inside a derivation (its rows end with \\\\*) only where the rows held together would
    be taller than a page allows: then the rows before the break and the row after it hold
    matrices of at least TALL_LINES lines in all — read from the .tex (a row a line)."""
    _, _, tex = printed[name]
    assert_derivations_held_together(tex[tex.index("% network drawing ends"):], name)


TALL_LINES = 20  # lines of matrices (about 10 cm): less than that is never broken


def matrix_lines(row: str) -> int:
    return max([m.count("\\\\") + 1 for m in re.findall(r"\\begin\{b?matrix\}(.*?)\\end\{b?matrix\}", row)], default=0)


def assert_derivations_held_together(body: str, name: str) -> None:
    for align in re.findall(r"\\begin\{align\*\}\n(.*?)\\end\{align\*\}", body, re.S):
        rows = [r for r in align.split("\n") if r.strip()]
        held = 0
        for row, following in zip(rows, rows[1:]):
            held += matrix_lines(row)
            if not following.lstrip().startswith("&"):  # the next row starts another derivation
                held = 0
            elif row.rstrip().endswith("\\\\*"):
                continue
            else:  # a break inside a derivation: between tall matrices only
                assert held + matrix_lines(following) >= TALL_LINES, (name, row[-60:], following[:60])
                held = 0


def test_the_widest_layers_stay_on_the_page(requires_tex, tmp_path):
    """4-64-3 (the widest layer the spec allows), calculator mode: vectors of 64 rows in blocks of
    rows, W^1's 64×4 beside the drawing too; no overfull box, no heading alone, derivations held."""
    from symbp.pipeline import derive_solution
    from symbp.render.worked import render_latex

    spec = parse_spec('layers = [4, 64, 3]\nactivation = "tanh"\nloss = "cross_entropy"\nlearning_rate = 0.1\n'
                      '[[layer]]\n[[layer]]\nactivation = "softmax"\n', name="widest", numbers_optional=True)
    variant = build_worksheet(spec, 1, seed=5, options=SheetOptions(symbolic="first")).variants[0]
    solution, report = derive_solution(variant.spec, round_to=4, symbolic=False)
    tex = render_latex(solution, report)
    audit = compile_and_audit(tex, tmp_path, "widest")
    assert audit.overfull == [], [b.text for b in audit.overfull]
    assert audit.scaled == [] and audit.headings_alone() == []
    assert r"z^{1}_{32\ldots 63}" in tex and r"\text{rows } j = 32 \ldots 63" in tex
    assert_derivations_held_together(tex[tex.index("% network drawing ends"):], "widest")


def test_a_long_task_continues_on_a_marked_page(requires_tex, printed):
    audit = printed["wide_4-16-16-3"][1]["worksheet"]
    continued = [m for m in audit.marks if m.kind == "continued"]
    assert continued  # the forward pass of a 4-16-16-3 network needs more than a page
    for mark in continued:
        prompt = next(m for m in audit.marks if m.kind == "prompt" and m.id == mark.id)
        assert mark.page > prompt.page


def test_every_page_names_the_seed_and_the_variant(requires_tex, printed):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from print_audit import page_texts

    sheet, audits, _ = printed["nn231"]
    audit = audits["worksheet"]
    pages = page_texts(audit.pdf)
    assert len(pages) == audit.pages >= 2 * len(sheet.variants)
    for text in pages:
        assert re.search(rf"variant \d of 2 · seed {sheet.seed}\b", text), text[:200]


def _head_words(pdf) -> list[tuple[str, float]]:
    """(word, height in pt) of the running head (the words at the top of each page), from pdftotext -bbox."""
    import subprocess

    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = []
    for page in xml.split("<page ")[1:]:
        found = [(float(y0), float(y1), word) for y0, y1, word in
                 re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)]
        top = min(y0 for y0, _, _ in found)
        words += [(word, y1 - y0) for y0, y1, word in found if y0 < top + 2]
    return words


def test_a_long_title_keeps_the_running_head_on_one_line_and_readable(requires_tex, tmp_path):
    # A title (and course) wider than the room beside "variant 1 of 1 · seed 5" wrapped the head onto two
    # lines (fancyhdr: \\headheight too small, every page's text moved down); scaled down whole to fit, it
    # was 3 pt type (a new user).  Now the course is left out of the head and the title cut after a word
    # with "…", at the head's own size; the first page prints both in full.  Course and date that do not
    # fit one line are set on two, with no "·" ending the first.
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from print_audit import page_texts

    title = "Backpropagation through a Fully Connected Sigmoid Network: Representational Considerations"
    course, date = "Machine Learning 2, Winter Term 2026/27, Prof. Dr. Müller-Lüdenscheidt", "Friday, 12 February 2027, 10:15"
    sheet = build_worksheet(load_spec(example_path("mazur")), 1, seed=5,
                            options=SheetOptions(title=title, course=course, date=date))
    for kind in ("worksheet", "key"):
        audit = compile_and_audit(sheet.files[FILES[kind]], tmp_path / kind, kind)
        assert "headheight is too small" not in audit.log, kind
        assert audit.overfull == [], [b.text for b in audit.overfull]
        for text in page_texts(audit.pdf):
            head = text.lstrip().splitlines()[0]
            assert re.match(r"Backpropagation through( \w+)+(\. ?){3}\s", head), (kind, head)  # (\\ldots)
            assert re.search(r"· seed 5$", head), (kind, head)
        heights = [height for _, height in _head_words(audit.pdf)]
        assert min(heights) > 0.9 * max(heights), (kind, _head_words(audit.pdf)[:12])  # one size: readable
        if kind == "key":  # (its first page, the class overview, names no course)
            continue
        lines = [line.strip() for line in page_texts(audit.pdf)[0].splitlines()]
        assert course in lines and date in lines, lines[:12]  # each on its own line, in full
        assert not any(line.endswith("·") for line in lines), lines[:12]


def test_a_long_title_is_set_ragged_right_not_stretched(requires_tex, tmp_path):
    # A check report's (a worked solution's) title over two lines was justified: "Your answers, marked:   Final
    # Exam, …" with wide gaps on its first line (a new user).  Set ragged right, its lines' gaps are the same.
    import subprocess

    import tomllib

    from symbp.api import check, spec_from_dict

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = re.sub(r'^title = .*$', 'title = "Final Exam, Part B: Backpropagation Through a Three-Input Network with a '
                  'Hyperbolic-Tangent Layer"', example_path("nn231").read_text(encoding="utf-8"), flags=re.M)
    report = check(spec_from_dict(tomllib.loads(text)), {"z_0^1": "0.1"})
    audit = compile_and_audit(report.to("tex"), tmp_path, "report")
    xml = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(audit.pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    words = [(float(x0), float(y0), float(x1)) for x0, y0, x1 in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">', xml)]
    lines = sorted({round(y0) for _, y0, _ in words})[:2]  # the title's two lines
    gaps = [[b[0] - a[2] for a, b in zip(row, row[1:])] for row in
            ([w for w in words if round(w[1]) == y] for y in lines)]
    median = [sorted(row)[len(row) // 2] for row in gaps]  # (the space after "marked:" is wider: a colon's)
    assert all(gaps) and median[0] < 1.1 * median[1], gaps


def test_texts_of_spaces_alone_are_none(requires_tex, tmp_path):
    # --title "   " and --course "  " with a date longer than a line: LaTeX stopped ("There's no line here to
    # end", exit 5: a fresh reviewer).  Spaces alone are as "": no course line; a title blank is the spec's
    # (a sheet always has one: the generic heading in its place, silently, surprised a new user).
    date = "Friday, 12 February 2027, 10:15, lecture hall A, building 3, second floor, room 211 (bring a calculator)"
    sheet = build_worksheet(load_spec(example_path("nn231")), 1, seed=5,
                            options=SheetOptions(title="   ", course="  ", date=date, instructions=" "))
    audit = compile_and_audit(sheet.files[FILES["worksheet"]], tmp_path, "worksheet")
    assert audit.overfull == []
    tex = sheet.files[FILES["worksheet"]]
    assert "{\\Large\\bfseries Neural Network 1: 231}" in tex and f"{{\\large {date}}}" in tex


NET322 = """title = "Final Exam, Part B: Backpropagation Through a Three-Input Network with a Hyperbolic-Tangent Hidden Layer and a Softmax Output (Cross-Entropy Loss)"
layers = [3, 2, 2]
activation = "tanh"
loss = "cross_entropy"
learning_rate = 0.5
input = [0.5, -0.9, 0.1]
target = [0, 1]

[[layer]]
weights = [[0.6, -0.9, 0.1], [0.5, -0.4, -0.8]]
biases = [0.4, 0.2]

[[layer]]
activation = "softmax"
weights = [[0.2, -0.7], [0.9, -1]]
biases = [-0.2, 0.2]
"""


def test_a_summary_run_onto_a_second_page_is_followed_by_the_worked_solution_there(requires_tex, tmp_path):
    # A three-line title, a course and a date pushed a 3-2-2 network's summary a few lines onto a second
    # page: "⑧ New cost" alone there, the rest blank, the worked solution on the next (a new user's exam).
    # Now it follows the summary on that page; a summary of one page still has the worked solution after
    # its page break (the nn231 case).
    import subprocess

    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("pdftotext/pdfinfo (poppler-utils) is not installed")
    from print_audit import page_texts

    course = "CS 4780/5780 Machine Learning for Intelligent Systems, Winter Term"
    for spec, options, spills in ((parse_spec(NET322), SheetOptions(course=course, date="12 February 2026"), True),
                                  (load_spec(example_path("nn231")), SheetOptions(), False)):
        sheet = build_worksheet(spec, 1, seed=2024, options=options)
        audit = compile_and_audit(sheet.files[FILES["key"]], tmp_path / str(spills), "key")
        pages = page_texts(audit.pdf)[1:]  # (the class overview first)
        first = next(i for i, text in enumerate(pages) if "Forward pass" in text and "Layer 1." in text)
        summary_end = next(i for i, text in enumerate(pages) if "New cost" in text)
        assert (first == summary_end == 1) if spills else (summary_end == 0 and first == 1), (spills, first, summary_end)
        # the bookmark and the summary's "go there" link lead to the page where it begins (a reviewer: to
        # the foot of the page before), under its words where it follows the summary
        dests = subprocess.run(["pdfinfo", "-dests", str(audit.pdf)], capture_output=True, text=True).stdout
        page = int(re.search(r'^\s*(\d+) \[.*"solution-1"', dests, re.M).group(1))
        assert page == first + 2, (spills, page, first)  # (1-based, after the overview's page)
        assert ("Variant 1: worked solution" in pages[first]) == spills


def test_answer_key_has_bookmarks_and_links_per_variant(requires_tex, printed):
    sheet, audits, _ = printed["nn231"]
    audit = audits["key"]
    objects = pdf_objects(audit.pdf)
    titles = pdf_strings(audit.pdf)
    assert "/Type /Outlines" in objects and "Class overview" in titles
    for variant in sheet.variants:
        assert f"Variant {variant.id}" in titles
        assert f"Variant {variant.id}: summary" in titles
        assert f"Variant {variant.id}: worked solution" in titles
        assert f"/D (summary-{variant.id})" in objects  # the overview's link to the summary
    assert objects.count("/Subtype/Link") + objects.count("/Subtype /Link") >= 2 * len(sheet.variants)


def test_network_drawing_of_the_worked_solution_in_every_mode(requires_tex, printed):
    """The standalone solutions' drawings (checked for overfull boxes with the whole document
    above) come in all three layouts over the corpus."""
    modes = set()
    for name in CORPUS:
        tex = printed.tex(name)
        assert len(regions(tex, "network drawing")) == 1
        modes.add(re.search(r"\\node\[(neuron|block)", tex).group(1) + ("+labels" if "node[weight]" in tex else ""))
    assert modes == {"neuron+labels", "neuron", "block"}  # all three layouts were drawn
