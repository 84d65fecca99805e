"""A key's closing sentences (the cost's fall, the verified note) stay on the page of the last display: the final cost's
display, the sentences and the note move to the next page together (stop 68's instructor: 6 of 40 keys of a softmax
sheet ended with a page holding only "The cost fell …" and "Verified: …").  The pages are read from the PDF."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from symbp.cli import main


def _pages(pdf) -> list[list[str]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    count = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    pages = []
    for page in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        pages.append([line for line in text.splitlines() if line.strip()])
    return pages


@pytest.mark.parametrize("example, seed, count", [("softmax3", "1", "2"), ("batch3", "3", "11")])
def test_no_page_holds_only_the_closing_sentences(tmp_path, requires_tex, example, seed, count):
    out = tmp_path / "o"
    result = CliRunner().invoke(main, ["worksheet", "--example", example, "-n", count, "--seed", seed,
                                       "--out", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    closing = 0
    for number, lines in enumerate(_pages(out / "answer-key.pdf"), start=1):
        at = next((i for i, line in enumerate(lines) if line.startswith("The cost fell")), None)
        if at is None:
            continue
        closing += 1
        # the cost's display is on the same page, above the sentence (lines 0-1: the running head)
        assert any("=" in line for line in lines[2:at]), (number, lines)
        assert any(line.startswith("Verified") for line in lines[at:]), (number, lines)
    assert closing == int(count)
