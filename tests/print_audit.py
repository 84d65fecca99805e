"""Print audit: compile a LaTeX document once and read what went wrong on paper from the .log,
the .aux and the .tex.  Shared by the print tests (tests/test_print*.py); extend it for more
outputs (worked solutions, check reports) rather than writing another parser.

    audit = compile_and_audit(tex, folder, "worksheet")
    audit.overfull            Overfull \\hbox/\\vbox warnings: Box(kind, points, first, last line)
    audit.scaled              displays \\fitwidth shrank: Scaled(percent, line)
    audit.marks               \\pagemark points: Mark(kind, id, page), in the order shipped
    audit.pages               the number of pages
    audit.tasks_apart()       ids of worksheet tasks whose prompt and room to write do not begin
                              on the same page (or whose continuation header ends a page)
    audit.headings_alone()    ids of headings (\\keepheading, a worked solution's headings) that
                              end a page: their next "follow" mark is on a later page
    audit.outside(regions)    the overfull boxes and scaled displays outside given line ranges
    regions(tex, "worked solution")  line ranges between "% worked solution … begins/ends"
    pdf_strings(pdf)          the PDF's UTF-16 strings (bookmark titles), decoded
    page_fill(pdf)            how far down each page its text reaches (0 … 1)

Line numbers are those of the .tex (pdflatex reports them for paragraphs, alignments and
\\fitwidth); a box reported "while \\output is active" has no line and is never outside.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

MIN_SCALE_PERCENT = 85
TEX_FLAGS = ["-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]


@dataclass(frozen=True)
class Box:
    kind: str  # "hbox" or "vbox"
    points: float  # too wide / too high, in pt
    first: int | None  # .tex lines, None when reported while \output is active
    last: int | None
    text: str


@dataclass(frozen=True)
class Scaled:
    percent: int
    line: int


@dataclass(frozen=True)
class Mark:
    kind: str  # prompt, space, end, continued, heading, follow
    id: str
    page: int


@dataclass
class Audit:
    log: str
    aux: str
    pages: int
    pdf: Path
    overfull: list = field(default_factory=list)
    scaled: list = field(default_factory=list)
    marks: list = field(default_factory=list)

    def tasks_apart(self) -> list[str]:
        """Tasks whose prompt is not on the page where its room to write begins, and tasks whose
        "continued" header is not followed by room on its page."""
        bad = []
        for mark in self.marks:
            if mark.kind in ("prompt", "continued"):
                following = next((m for m in self.marks[self.marks.index(mark) + 1:]
                                  if m.id == mark.id and m.kind == "space"), None)
                if following is None or following.page != mark.page:
                    bad.append(f"{mark.id} ({mark.kind} on page {mark.page})")
        return bad

    def headings_alone(self) -> list[str]:
        """Headings whose first following line (the next "follow" mark of the same id: ids may
        repeat, once per variant of a key) is not on the heading's page."""
        bad = []
        for n, mark in enumerate(self.marks):
            if mark.kind == "heading":
                following = next((m for m in self.marks[n + 1:] if m.id == mark.id and m.kind == "follow"), None)
                if following is None or following.page != mark.page:
                    bad.append(f"{mark.id} (heading on page {mark.page})")
        return bad

    def too_small(self) -> list[Scaled]:
        return [s for s in self.scaled if s.percent < MIN_SCALE_PERCENT]

    def outside(self, ranges) -> tuple[list[Box], list[Scaled]]:
        """Overfull boxes and displays scaled below MIN_SCALE_PERCENT outside the line ranges."""
        def inside(line):
            return line is not None and any(a <= line <= b for a, b in ranges)

        boxes = [b for b in self.overfull if not (inside(b.first) and inside(b.last))]
        small = [s for s in self.too_small() if not inside(s.line)]
        return boxes, small


_OVERFULL = re.compile(r"^Overfull \\(?P<kind>[hv]box) \((?P<pt>[\d.]+)pt too (?:wide|high)\) "
                       r"(?:in paragraph at lines (?P<a>\d+)--(?P<b>\d+)|in alignment at lines (?P<c>\d+)--(?P<d>\d+)"
                       r"|detected at line (?P<e>\d+)|has occurred while \\output is active)", re.M)
_SCALED = re.compile(r"symbp-fitwidth: scaled to (\d+) percent at line (\d+)")
_MARK = re.compile(r"\\symbppage\{([^}]*)\}\{([^}]*)\}\{(\d+)\}")


def parse(log: str, aux: str) -> tuple[list[Box], list[Scaled], list[Mark]]:
    boxes = []
    for m in _OVERFULL.finditer(log):
        first = m.group("a") or m.group("c") or m.group("e")
        last = m.group("b") or m.group("d") or m.group("e")
        boxes.append(Box(m.group("kind"), float(m.group("pt")), int(first) if first else None,
                         int(last) if last else None, m.group(0)))
    scaled = [Scaled(int(p), int(line)) for p, line in _SCALED.findall(log.replace("\n", ""))]
    marks = [Mark(kind, id_, int(page)) for kind, id_, page in _MARK.findall(aux)]
    return boxes, scaled, marks


def compile_and_audit(tex: str, folder: Path, name: str, runs: int = 1) -> Audit:
    """pdflatex `runs` times on tex in folder (which keeps .tex, .log, .aux and .pdf)."""
    pdflatex = shutil.which("pdflatex")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.tex").write_text(tex, encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH="0", openout_any="p")
    for _ in range(runs):
        done = subprocess.run([pdflatex, *TEX_FLAGS, f"{name}.tex"], cwd=folder, env=env, capture_output=True,
                              text=True, errors="replace", stdin=subprocess.DEVNULL, timeout=300)
        if done.returncode != 0:
            raise AssertionError(f"pdflatex failed on {folder / name}.tex:\n{done.stdout[-3000:]}")
    log = (folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    aux = (folder / f"{name}.aux").read_text(encoding="utf-8", errors="replace")
    pages = int(re.search(r"Output written on .*? \((\d+) pages?", log.replace("\n", "")).group(1))
    boxes, scaled, marks = parse(log, aux)
    return Audit(log, aux, pages, folder / f"{name}.pdf", boxes, scaled, marks)


def regions(tex: str, what: str = "worked solution") -> list[tuple[int, int]]:
    """Line ranges (1-based, inclusive) between "% <what> … begins" and "% <what> … ends"."""
    out, start = [], None
    for number, line in enumerate(tex.splitlines(), start=1):
        if line.startswith(f"% {what}") and line.endswith("begins"):
            start = number
        elif line.startswith(f"% {what}") and line.endswith("ends") and start is not None:
            out.append((start, number))
            start = None
    return out


def pdf_objects(pdf: Path) -> str:
    """The PDF's objects as text, compressed streams inflated (bookmarks live in object streams)."""
    import zlib

    data = pdf.read_bytes()
    texts = [data.decode("latin-1")]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            texts.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            pass
    return "\n".join(texts)


def pdf_strings(pdf: Path) -> list[str]:
    """Every string of the PDF written in UTF-16 (as hyperref writes bookmark titles), decoded."""
    out = []
    for match in re.finditer(r"\(\\376\\377((?:\\[0-7]{3}|\\.|[^\\)])*)\)", pdf_objects(pdf)):
        raw = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), match.group(1))
        raw = re.sub(r"\\(.)", r"\1", raw)
        out.append(raw.encode("latin-1").decode("utf-16-be", errors="replace"))
    return out


def page_texts(pdf: Path) -> list[str]:
    """The text of every page (pdftotext), for checks on what a page shows."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def page_fill(pdf: Path) -> list[float]:
    """How far down each page its text reaches (0 top … 1 the foot of the text area), from the
    words' boxes (pdftotext -bbox); the page number in the footer is left out."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    fills = []
    for page in html.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        bottom = height - 2 / 2.54 * 72 - 20  # the text area's foot: a 2 cm margin, the footer above it
        ys = [float(y) for y in re.findall(r'yMax="([\d.]+)"', page) if float(y) < bottom + 5]
        fills.append(max(ys, default=0.0) / bottom)
    return fills
