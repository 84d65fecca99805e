"""Worksheets and answer keys of odd networks, read from their compiled PDFs (pdftotext
-bbox-layout, page by page):
  - no page of a sheet or a key whose last line is a heading (a key's "⑦ Forward pass with the
    updated parameters" was left alone at a page's foot: its "Sample 1" heading, asking for room
    of its own, started a new page after it);
  - a "⑦ continued" header has real room under it (at least ~\\minroom, 6 cm; it had one line, or
    none and the next task at once), and every prompt has room under it;
  - a variant's first task starts on its first page, under the givens, unless that page is nearly
    full (6-7 cm of page 1 were left blank when a long first task did not find 6 cm of room there).
The networks: a 3-2-3 batch trained with Adam for two steps, a deep 2-3-3-3-3-1 (in German), a
wide 6-8-2 and a 4-16-16-3, and the 2-3-1 example."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest

from print_audit import compile_and_audit, page_texts
from symbp.i18n import get, use
from symbp.resources import example_path
from symbp.spec import load_spec, parse_spec
from symbp.worksheet import FILES, SheetOptions, build_worksheet

CM = 72 / 2.54  # PDF points
TEXT_TOP, TEXT_FOOT = 2 * CM, 841.89 - 2 * CM  # A4, 2 cm margins: the running head and the page number are outside
CONTINUED_ROOM_CM = 5.5  # under a "continued" header: \minroom (6 cm) less what the measure of lines may miss
PROMPT_ROOM_CM = 2.0  # under a prompt: a task gets at least 2.5 cm (writing_space.MIN_SPACE_CM)
FIRST_PAGE_FREE_CM = 6.0  # a first page this empty at its foot holds the first task's prompt and 3 cm of room

SPECS = {
    "batch323adam": ("""layers = [3, 2, 3]
activation = "sigmoid"
loss = "mse"
learning_rate = 0.05
steps = 2
inputs = [[1, 0, -1], [0.5, 1, 0], [-1, 0.5, 2]]
targets = [[0.2, 0.8, 0.5], [0.9, 0.1, 0.4], [0.3, 0.6, 0.7]]
[optimizer]
name = "adam"
[[layer]]
weights = [[0.3, -0.2, 0.1], [-0.4, 0.5, 0.2]]
biases = [0.1, -0.1]
[[layer]]
weights = [[0.6, -0.3], [0.2, 0.4], [-0.5, 0.1]]
biases = [0, 0.1, -0.2]
""", "en", 3),
    "deep23331": ("""layers = [2, 3, 3, 3, 3, 1]
activation = "tanh"
loss = "half_sse"
learning_rate = 0.1
input = [0.5, -1]
target = [0.3]
[[layer]]
weights = [[0.4, -0.3], [0.2, 0.5], [-0.6, 0.1]]
biases = [0.1, -0.1, 0.2]
[[layer]]
weights = [[0.3, -0.2, 0.5], [0.1, 0.4, -0.3], [-0.5, 0.2, 0.1]]
biases = [0, 0.1, -0.1]
[[layer]]
weights = [[0.2, 0.3, -0.4], [-0.1, 0.5, 0.2], [0.6, -0.2, 0.1]]
biases = [0.05, 0, -0.05]
[[layer]]
weights = [[-0.3, 0.4, 0.2], [0.5, -0.1, 0.3], [0.2, 0.2, -0.5]]
biases = [0.1, 0, 0]
[[layer]]
weights = [[0.7, -0.4, 0.5]]
biases = [0.1]
activation = "identity"
""", "de", 3),
    "wide682": ("""layers = [6, 8, 2]
activation = "sigmoid"
loss = "cross_entropy"
learning_rate = 0.5
input = [1, -1, 0.5, 2, 0, -0.5]
target = [0, 1]
[[layer]]
weights = [[0.1, -0.2, 0.3, 0.1, -0.1, 0.2], [-0.3, 0.2, 0.1, -0.2, 0.4, 0.1], [0.2, 0.1, -0.4, 0.3, 0.2, -0.1],
 [0.05, -0.1, 0.2, -0.3, 0.1, 0.3], [-0.2, 0.3, 0.1, 0.2, -0.3, -0.2], [0.4, -0.1, -0.2, 0.1, 0.2, 0.1],
 [-0.1, -0.3, 0.2, 0.2, 0.1, -0.4], [0.3, 0.2, -0.1, -0.1, -0.2, 0.2]]
biases = [0.1, -0.1, 0, 0.2, -0.2, 0.05, 0, 0.1]
[[layer]]
weights = [[0.5, -0.4, 0.3, 0.2, -0.1, 0.6, -0.3, 0.2], [-0.2, 0.3, -0.5, 0.4, 0.1, -0.2, 0.3, -0.6]]
biases = [0.1, -0.1]
activation = "softmax"
""", "en", 3),
    "wide_4-16-16-3": ('layers = [4, 16, 16, 3]\nactivation = "tanh"\nloss = "cross_entropy"\nlearning_rate = 0.1\n'
                       '[[layer]]\n[[layer]]\n[[layer]]\nactivation = "softmax"\n', "en", 1),
    "nn231": (None, "en", 2),
}
KEYS = ("batch323adam", "deep23331", "wide682", "nn231")  # the keys compiled too (the sheets: every spec)


@dataclass(frozen=True)
class Line:
    top: float
    bottom: float
    text: str


def page_lines(pdf) -> list[list[Line]]:
    """Each page's lines of text inside the text area (not the running head, not the page
    number), top to bottom, from pdftotext -bbox: the words whose middles fall within one line's
    height joined left to right (a circled task number is a picture's word of its own height)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = sorted((float(y0) + float(y1), float(x0), float(y0), float(y1), _unescaped(word)) for x0, y0, y1, word in
                       re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page))
        lines, group = [], []
        for word in words:
            if group and not min(w[2] for w in group) <= word[0] / 2 <= max(w[3] for w in group):
                lines.append(group)
                group = []
            group.append(word)
        if group:
            lines.append(group)
        found = [Line(min(w[2] for w in group), max(w[3] for w in group),
                      " ".join(w[4] for w in sorted(group, key=lambda w: w[1]))) for group in lines]
        pages.append([line for line in found if line.top > TEXT_TOP - 4 and line.bottom < TEXT_FOOT + 4])
    return pages


def _unescaped(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'")


def _braced(tex: str, start: int) -> str:
    """The text of the group that opens just before `start`, its inner braces kept."""
    depth, n = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(tex[n], 0)
        n += 1
    return tex[start:n - 1]


def _plain(tex: str) -> tuple[str, bool]:
    """What a heading's or a prompt's TeX prints up to its first formula, and whether it went on
    (a formula or more after it): \\stepmark{7} prints 7."""
    text = re.sub(r"\\(?:stepmark|tasknumber)\{(\d+)\}", r"\1 ", tex)
    cut = text.find("$")
    whole = cut < 0
    text = text if whole else text[:cut]
    text = re.sub(r"\\(?:textbf|textit|emph|raggedright)\b", " ", text.replace("\\ ", " ").replace("~", " "))
    text = re.sub(r"\\[A-Za-z@]+\*?", " ", text).replace("{", " ").replace("}", " ")
    return " ".join(text.split()), whole


def headings(tex: str) -> list[tuple[str, bool]]:
    """(text, whole) of every heading of a sheet or a key: sections and \\keepheading's."""
    found = []
    tex = tex[tex.index("\\begin{document}"):]
    for match in re.finditer(r"\\(?:sub)*section\*\{|\\keepheading\{[^}]*\}\{", tex):
        text, whole = _plain(_braced(tex, match.end()))
        if text:
            found.append((text, whole))
    return found


def prompts(tex: str) -> dict[str, str]:
    """task number -> the first words of its prompt, as the sheet's first line of it prints them."""
    found = {}
    for match in re.finditer(r"^\\task(?:\[[^\n]*?\\par\])?\{(\d+)\}\{", tex, re.M):
        text, _ = _plain(_braced(tex, match.end()))
        found[match.group(1)] = " ".join([match.group(1), *text.split()[:3]])
    return found


def is_heading(line: Line, known) -> bool:
    return any(line.text == text if whole else line.text.startswith(text) for text, whole in known)


def headings_at_the_foot(pages, tex: str) -> list[str]:
    """Pages whose last line is a heading."""
    known = headings(tex)
    return [f"page {n}: {lines[-1].text!r}" for n, lines in enumerate(pages, start=1)
            if lines and is_heading(max(lines, key=lambda line: line.bottom), known)]


def room_under(lines: list[Line], index: int) -> float:
    """cm from the foot of line `index` (with the lines that continue it: a wrapped prompt) to the
    next line below it, or to the foot of the text area."""
    bottom = lines[index].bottom
    for line in lines[index + 1:]:
        if line.top > bottom + 6:
            return (line.top - bottom) / CM
        bottom = max(bottom, line.bottom)
    return (TEXT_FOOT - bottom) / CM


def headers_without_room(pages, tex: str, locale: str) -> list[str]:
    """"⑦ continued" headers with less than CONTINUED_ROOM_CM under them, prompts with less than
    PROMPT_ROOM_CM."""
    continued = get(locale).message("sheet.continued")
    starts = set(prompts(tex).values())
    bad = []
    for n, lines in enumerate(pages, start=1):
        for i, line in enumerate(lines):
            if re.fullmatch(rf"\d+ {re.escape(continued)}", line.text):
                least = CONTINUED_ROOM_CM
            elif any(line.text.startswith(start) for start in starts):
                least = PROMPT_ROOM_CM
            else:
                continue
            room = room_under(lines, i)
            if room < least:
                bad.append(f"page {n}: {line.text[:40]!r} has {room:.1f} cm under it")
    return bad


def first_pages_without_the_first_task(pages, heads: list[str], locale: str, count: int) -> list[str]:
    """Variants whose first page (the first whose running head, in `heads`, names the variant) has
    no "Tasks." heading though FIRST_PAGE_FREE_CM or more of it is empty at its foot."""
    words = get(locale)
    head, tasks = words.message("sheet.head", id=r"(\d+)", count=count), words.message("task.heading") + "."
    bad, seen = [], set()
    for n, (lines, page) in enumerate(zip(pages, heads), start=1):
        found = re.search(head, page)
        if not found or found.group(1) in seen:
            continue
        seen.add(found.group(1))
        free = (TEXT_FOOT - max(line.bottom for line in lines)) / CM
        if not any(line.text == tasks for line in lines) and free >= FIRST_PAGE_FREE_CM:
            bad.append(f"variant {found.group(1)} (page {n}): no first task, {free:.1f} cm blank at the foot")
    assert len(seen) == count
    return bad


class Compiled:
    """name -> {kind: (pdf, tex)} for kind worksheet (and key, for KEYS), each made and compiled
    once, when a test first asks for it."""

    def __init__(self, root):
        self.root, self.done = root, {}

    def __getitem__(self, name: str):
        if name not in self.done:
            source, locale, count = SPECS[name]
            spec = load_spec(example_path(name)) if source is None else parse_spec(source, name=name, numbers_optional=True)
            with use(locale):
                sheet = build_worksheet(spec, count, 5, SheetOptions(locale=locale))
            kinds = ("worksheet", "key") if name in KEYS else ("worksheet",)
            self.done[name] = {}
            for kind in kinds:
                tex = sheet.files[FILES[kind]]
                audit = compile_and_audit(tex, self.root / name, kind)
                self.done[name][kind] = (audit.pdf, tex)
        return self.done[name]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory, request):
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        request.getfixturevalue("requires_tex")
    return Compiled(tmp_path_factory.mktemp("layout51"))


@pytest.mark.parametrize("name,kind", [(name, "worksheet") for name in SPECS] + [(name, "key") for name in KEYS])
def test_no_page_ends_with_a_heading(requires_tex, compiled, name, kind):
    pdf, tex = compiled[name][kind]
    pages = page_lines(pdf)
    assert headings(tex)  # the headings are found, so that the assertion means something
    assert headings_at_the_foot(pages, tex) == []


@pytest.mark.parametrize("name", SPECS)
def test_a_continued_header_and_a_prompt_have_room_under_them(requires_tex, compiled, name):
    pdf, tex = compiled[name]["worksheet"]
    locale = SPECS[name][1]
    pages = page_lines(pdf)
    continued = get(locale).message("sheet.continued")
    assert len(prompts(tex)) >= 8  # every task's prompt is looked for
    assert headers_without_room(pages, tex, locale) == []
    if name != "nn231":  # every other sheet has a task longer than a page
        assert any(re.fullmatch(rf"\d+ {re.escape(continued)}", line.text) for lines in pages for line in lines)


@pytest.mark.parametrize("name", SPECS)
def test_the_first_task_starts_on_the_first_page(requires_tex, compiled, name):
    pdf, _ = compiled[name]["worksheet"]
    locale, count = SPECS[name][1:]
    pages = page_lines(pdf)
    assert first_pages_without_the_first_task(pages, page_texts(pdf), locale, count) == []
