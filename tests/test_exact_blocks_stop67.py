"""An "exact:" copy under a block of a vector or matrix is printed only where some printed entry of that block
differs from its carried value (stop 67's instructor tester: a wide matrix cut into column blocks printed an
"exact:" copy equal to the ≈ block above it wherever any block differed). Read in every golden output as a
reader reads it: the ≈ matrix of a line and the exact matrix under it."""
from __future__ import annotations

import re
from pathlib import Path

OUT = Path(__file__).resolve().parent / "golden" / "out"
_MATRIX = re.compile(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}")


def _entries(matrix: str) -> list[str]:
    return [cell.strip() for row in matrix.split(r"\\") for cell in row.split("&")]


def test_every_exact_copy_differs_somewhere_from_the_block_above_it():
    seen = 0
    for path in sorted(OUT.rglob("*")):
        if path.suffix not in (".md", ".tex"):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for above, line in zip(lines, lines[1:]):
            if r"\text{exact: }" not in line or "approx" not in above:
                continue
            exact = _MATRIX.findall(line)
            shown = _MATRIX.findall(above.split(r"\approx")[-1])
            if len(exact) != 1 or len(shown) != 1 or len(_entries(exact[0])) != len(_entries(shown[0])):
                continue  # (an exact row under a line of another shape: not this rule's)
            seen += 1
            assert _entries(exact[0]) != _entries(shown[0]), (path.name, above[-120:], line)
    assert seen > 50
