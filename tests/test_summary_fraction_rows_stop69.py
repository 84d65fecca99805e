"""The answer key's summary grid keeps room between two rows of stacked ∂L/∂w fractions (stop 69's instructor: in a
wide key they nearly touched, 1 pt of space between one row's subscript and the next row's numerator).  Read from
the PDF: pdftotext's word boxes of the numerators (∂L) and the denominators (∂w) on the summary page; their gap was
2.2 pt in those boxes (which hold the font's ascent and descent, not the ink), now 3.65 pt (2.5 pt between the boxes
of type TeX stacks, for 1 pt)."""

from __future__ import annotations

import re
import subprocess

from click.testing import CliRunner

from symbp.cli import main


def test_fraction_rows_keep_room(tmp_path, requires_tex):
    out = tmp_path / "o"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--out", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(out / "answer-key.pdf"), "-"],
                           capture_output=True, text=True).stdout
    assert "Summary" in boxes or "summary" in boxes  # (page 2: the variant's summary)
    tops = sorted({float(y) for y in re.findall(r'yMin="([\d.]+)"[^>]*>∂L</word>', boxes)})
    bottoms = sorted({float(y) for y in re.findall(r'yMax="([\d.]+)"[^>]*>∂w</word>', boxes)})
    gaps = [min(t - b for t in tops if t > b) for b in bottoms if any(t > b for t in tops)]
    assert len(gaps) >= 2, boxes[:2000]
    assert min(gaps) >= 3.4, gaps
