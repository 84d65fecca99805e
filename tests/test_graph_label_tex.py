"""A gate of a stage whose name has a subscript or is a Greek letter is set as its stage is: h_{10}.1, \\alpha.2 — it
was h_10.1 (h with subscript 1, then 0.1) and alpha.2 beside α (the stop-62 reviewer's LOW); as a power's base it is
bracketed, (h_{10}.1)^{2}.  The PDF's text is read back."""

from __future__ import annotations

import re
import subprocess

import symbp

SPEC = {"kind": "graph", "title": "names", "inputs": {"x": "0.5", "y": "3"},
        "stages": ["alpha = exp(x) * y + x", "h_10 = 1 / (alpha * y)", "f = h_10 ** 2"]}


def test_gate_names_are_set_as_their_stage():
    tex = symbp.derive(symbp.spec_from_dict(SPEC)).to("tex")
    body = tex.split("\\begin{document}", 1)[1]
    assert not re.search(r"h_10\.|(?<!\\)alpha\.", body)  # no raw name in the document
    for name in ("h_{10}.1", "\\alpha.1", "\\alpha.2"):
        assert f"{name} &= " in body  # each gate's forward line
    assert "(h_{10}.1)^{2}" in body


def test_the_pdf_shows_them(requires_tex, tmp_path):
    symbp.derive(symbp.spec_from_dict(SPEC)).save(tmp_path / "names.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "names.pdf"), "-"], capture_output=True, text=True).stdout
    assert "alpha" not in text and "α.2" in text
