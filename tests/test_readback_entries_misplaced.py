"""A printer that puts the wrong quantity in a cell of a --detail matrix derivation, with the name it
attaches for the reader following it (both come from one list in worked_*.py): the entries' reader
(readback_entries.py) compares each cell with the value printed for the name it is given, so a
misplaced quantity reads as right.  Where nothing is worked out from the entries (∂L/∂W = δ (a)^T,
a = σ(z), W − α ∂L/∂W) the arithmetic (readback_blocks.py) does not catch it either: exit 0 and a
wrong matrix written (review 32).  The reader now checks each name against its cell's place (one
quantity a matrix, its indices counting on with the rows and columns): exit 3, nothing written."""

from __future__ import annotations

import pytest
from helpers import cli_runner
from test_readback import fresh  # noqa: F401  (the fixture: caches set aside)

import symbp.render.worked_backward as worked_backward
import symbp.render.worked_forward as worked_forward
from symbp.cli import main


def _reversed_rows(monkeypatch, module, function, key, names_key):
    original = getattr(module, function)

    def misplaced(*args, **kwargs):
        data = original(*args, **kwargs)
        data[key] = data[key][::-1]  # the rows in reverse: the wrong quantity in each cell
        data["names"][names_key] = data["names"][names_key][::-1]  # and the names following them
        return data
    monkeypatch.setattr(module, function, misplaced)



@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_a_gradient_matrix_with_its_rows_misplaced_stops_the_run(fresh, tmp_path, fmt):  # noqa: F811
    _reversed_rows(fresh, worked_backward, "gradient_matrix", "weights", "weights")  # (gradient_matrix.py)
    out = tmp_path / f"s.{fmt}"
    result = cli_runner().invoke(main, ["derive", "--example", "nn231", "--detail", "matrix", "-o", str(out)])
    assert result.exit_code == 3 and not out.exists(), result.output



def test_an_activation_vector_misplaced_stops_the_run(fresh, tmp_path):  # noqa: F811
    _reversed_rows(fresh, worked_forward, "_matrix", "a", "a")
    out = tmp_path / "s.md"
    result = cli_runner().invoke(main, ["derive", "--example", "mazur", "--detail", "matrix", "-o", str(out)])
    assert result.exit_code == 3 and not out.exists(), result.output
