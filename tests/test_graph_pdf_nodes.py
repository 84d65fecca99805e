"""A graph node's rows stay on one page in the PDF (stop 60, a new user writing lecture notes): "Node f.3." and
its local derivative at the foot of page 1, its gradient at the top of page 2.  Read from the compiled PDF
(pdftotext): no page after the one the backward pass starts on begins with a row of a node whose heading is
on the page before."""

from __future__ import annotations

import shutil

import pytest

import symbp
from print_audit import page_texts

NEURON = {"kind": "graph", "title": "A sigmoid neuron in primitive gates",
          "inputs": {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}, "output": "f",
          "stages": ["s = w0*x0 + w1*x1 + w2", "f = 1 / (1 + exp(-s))"], "gates": "primitive"}


def test_no_page_starts_inside_a_node(requires_tex, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (poppler-utils)")
    pdf = tmp_path / "neuron.pdf"
    symbp.derive(symbp.spec_from_dict(NEURON)).save(pdf)
    pages = page_texts(pdf)
    start = next(i for i, page in enumerate(pages) if "Backward pass" in page)
    assert len(pages) > start + 1  # (the backward pass runs onto another page: the case looked at)
    end = next(i for i, page in enumerate(pages) if "Summary" in page)  # the summary after the last node
    for number, page in enumerate(pages[start + 1:end + 1], start + 2):
        before = (page.split("Node ")[0] if "Node " in page else page).split("Summary")[0]
        assert "=" not in before and "local derivative" not in before, (number, before)
