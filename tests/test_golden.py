"""The golden files: today's outputs of `derive` and `worksheet`, byte for byte (tests/golden/regen.py).

A deliberate change of an output is made by regenerating the files (`python tests/golden/regen.py`)
in the commit that makes it, and naming it there; anything else that changes an output fails here.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))

import regen  # noqa: E402


def _difference(path: str, text: str) -> str | None:
    expected_file = regen.OUT / path
    if not expected_file.exists():
        return f"{path}: no golden file"
    expected = expected_file.read_text(encoding="utf-8")
    if text == expected:
        return None
    diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), "golden/" + path, "now", n=1, lineterm="")
    return "\n".join(list(diff)[:30])


def _report(differences: list[str]) -> str:
    return f"{len(differences)} outputs differ from their golden files:\n\n" + "\n\n".join(differences[:4])


@pytest.mark.parametrize("network", list(regen.networks()))
def test_derive_outputs_are_the_golden_ones(network):
    differences = [d for path, args in regen.derive_runs() if path.startswith(network + "/")
                   if (d := _difference(path, regen.derive_output(args))) is not None]
    assert not differences, _report(differences)


@pytest.mark.parametrize("sheet", list(regen.WORKSHEETS))
def test_worksheet_files_are_the_golden_ones(sheet):
    differences = [d for path, text in regen.worksheet_outputs(sheet).items()
                   if (d := _difference(path, text)) is not None]
    assert not differences, _report(differences)
