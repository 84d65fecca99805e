"""The text step table's header says how its values are rounded; with guard digits in the
derivation the table carries them (its values are the printed ones), so the header may not claim
every value is rounded to --digits significant digits (a lecturer found 9-10-digit cells under
"rounded to 4 significant digits")."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.helpers import cli_runner

ROOT = Path(__file__).resolve().parent.parent
WORDS = tomllib.loads((ROOT / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8"))
GUARD = WORDS["solution"]["table_guard"]


def _significant(cell: str) -> int:
    digits = re.sub(r"[^0-9]", "", cell.split("·")[0]).lstrip("0")
    return len(digits)


def _table(text: str) -> tuple[str, list[str]]:
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Costs and parameters at every step"))
    cells = []
    for line in lines[at + 2:]:
        if not line.strip():
            break
        cells += line.split()[1:]
    return lines[at], cells


@pytest.mark.parametrize("spec, digits", [("tests/golden/specs/deep.toml", 4), ("--example steps3", 3),
                                          ("tests/golden/specs/batch_steps.toml", 4),
                                          ("--example steps3 --round-intermediate", 3)])
def test_the_table_header_says_guard_digits_where_a_cell_has_them(spec, digits):
    from symbp.cli import main

    result = cli_runner().invoke(main, ["derive", *spec.split(), "--detail", "table", "--digits", str(digits)],
                                 catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    header, cells = _table(result.stdout)
    longest = max(_significant(cell) for cell in cells)
    assert (GUARD in header) == (longest > digits), (header, longest)
    assert f"rounded to {digits} significant digits" in header
