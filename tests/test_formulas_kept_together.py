"""The general formulas' last lines, the activations' definitions, are kept with the line before them:
never one alone at the top of a page (stop 52's new user: the German softmax3 key's page 4 began with
③'s `softmax(z)_j = …` alone).  Read from the compiled key: the page showing the softmax definition
also shows the ReLU definition written just before it."""

from __future__ import annotations

import subprocess
import tomllib

from helpers import REPO, run_symbp


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def test_the_softmax_definition_is_not_alone_on_its_page(requires_tex, tmp_path):
    done = run_symbp("worksheet", "--example", "softmax3", "--locale", "de", "-n", "3", "--seed", "5", "--pdf",
                     "--out", "ws", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    otherwise = tomllib.loads((REPO / "templates" / "i18n" / "de.toml").read_text(encoding="utf-8"))["formula"]["otherwise"]
    pages = _pages(tmp_path / "ws" / "answer-key.pdf")
    shown = [i for i, page in enumerate(pages) if "softmax(z)j = P" in page]  # the display, not the givens' inline form
    assert len(shown) == 3, shown  # one a variant
    for i in shown:
        assert otherwise in pages[i], f"page {i + 1}: the softmax definition without the ReLU cases before it"
