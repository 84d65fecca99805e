"""The entries of a printed vector or matrix derivation read back (render/readback_entries.py): with
--detail matrix a row whose left side is only symbols (a = σ(z) ≈ […], ∂L/∂W = δ (a)^T = […],
W − α ∂L/∂W = […], e^{z} ≈ […]) was compared with nothing, and an entry multiplied by 0 could lose or
gain its minus.  Each fault is planted in the printed text (the rows of the context the templates
write) and must stop the run with exit 3, nothing written; the values themselves stay right.

The numbers by hand (nn231): z^1 = (−0.5, 1.1, 1.8), a^1 = ReLU(z^1) = (0, 1.1, 1.8); z^2 = −0.6·0 +
0.9·1.1 − 0.3·1.8 + 0.05 = 0.5; δ^2 = 0.5 − 1.5 = −1; ∂L/∂W^2 = −1·(0, 1.1, 1.8); δ^1 = (0, −0.9, 0.3);
∂L/∂W^1 = δ^1 (1, 2) = ((0, 0), (−0.9, −1.8), (0.3, 0.6)); W^2(2) = W^2 − 0.1·∂L/∂W^2 = (−0.6, 1.01, −0.12).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import cli_runner
from test_readback import fresh  # noqa: F401  (the fixture: caches set aside)

import symbp.render.worked as worked
from symbp.cli import main

EXAMPLES = ["nn231", "softmax3", "batch3", "steps3", "nobias", "mazur", "momentum2", "adam1"]
SPECS = sorted(str(p) for p in (Path(__file__).parent / "golden" / "specs").glob("*.toml"))
ROW = r"\begin{bmatrix}%s\end{bmatrix}"


def _run(*argv):
    return cli_runner().invoke(main, [str(a) for a in argv])


def _rows(item):
    """Every aligned row (a dict with "body") of the context."""
    if isinstance(item, dict):
        if "body" in item and "lead" in item:
            yield item
        for value in item.values():
            yield from _rows(value)
    elif isinstance(item, (list, tuple)):
        for value in item:
            yield from _rows(value)


def _planting(monkeypatch, lhs: str, key: str, old: str, new: str) -> list:
    """worked._context made to put `new` for `old` in the `key` ("body" or "lead") of the rows of the
    derivation whose left side is `lhs`; the rows changed (filled as it runs)."""
    original = worked._context
    changed = []

    def planted(*args, **kwargs):
        lines, context = original(*args, **kwargs)
        current = None
        for row in _rows(context):
            current = row["lhs"] or current if "exact" not in row else current
            if current == lhs and old in row[key]:
                row[key] = row[key].replace(old, new)
                changed.append(row)
        return lines, context
    monkeypatch.setattr(worked, "_context", planted)
    return changed


FAULTS = [  # (example, lhs, key, old, new): each a fault the reviewer found passing
    ("nn231", "a^{1}", "body", ROW % r"0 \\ 1.1 \\ 1.8", ROW % r"0 \\ 1.8 \\ 1.1"),  # two entries swapped
    ("nn231", r"\frac{\partial L}{\partial W^{2}}", "body", "0 & -1.1", "0 & 1.1"),  # a minus dropped
    ("nn231", r"\frac{\partial L}{\partial b^{2}}", "body", ROW % "-1", ROW % "-2"),  # ∂L/∂b = δ: a digit
    ("nn231", r"\frac{\partial L}{\partial W^{1}}", "body", "-0.9 & -1.8", "-1.8 & -0.9"),  # δ^1 (a^0)^T swapped
    ("nn231", r"W^{2\,\langle 2\rangle}", "body", "1.01", "1.02"),  # the update W − α ∂L/∂W: a digit changed
    ("nn231", "z^{2}", "body", ROW % "-0.6 & 0.9 & -0.3", ROW % "0.6 & 0.9 & -0.3"),  # minus lost, times a^1_0 = 0
    ("mazur", "a^{1}", "body", r"\right) \approx \begin", r"\right) = \begin"),  # "=" where σ(z) is rounded
    ("softmax3", "e^{z^{2}}", "lead", "≈", "="),  # "=" where e^{z} is rounded
]


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("example,lhs,key,old,new", FAULTS)
def test_a_planted_fault_in_a_matrix_row_stops_the_run(fresh, tmp_path, fmt, example, lhs, key, old, new):  # noqa: F811
    changed = _planting(fresh, lhs, key, old, new)
    out = tmp_path / f"s.{fmt}"
    result = _run("derive", "--example", example, "--detail", "matrix", "--format", fmt, "-o", out)
    assert changed, "the fault was not planted"
    assert result.exit_code == 3, result.output
    assert "verification failed: the printed text" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_a_minus_added_before_a_positive_input_times_zero_stops_the_run(fresh, tmp_path, fmt):  # noqa: F811
    """nn231 with w^2_00 = 0.6: z^2 = 0.6·0 + 0.9·1.1 − 0.3·1.8 + 0.05 = 0.5 whether 0.6 is printed with
    a minus or not (a^1_0 = 0): the value cannot tell, the entry can."""
    spec = (Path(__file__).parents[1] / "examples" / "nn231.toml").read_text().replace(
        "weights = [[-0.6, 0.9, -0.3]]", "weights = [[0.6, 0.9, -0.3]]")
    (tmp_path / "net.toml").write_text(spec)
    changed = _planting(fresh, "z^{2}", "body", ROW % "0.6 & 0.9 & -0.3", ROW % "-0.6 & 0.9 & -0.3")
    out = tmp_path / f"s.{fmt}"
    result = _run("derive", tmp_path / "net.toml", "--detail", "matrix", "--format", fmt, "-o", out)
    assert changed and result.exit_code == 3, result.output
    assert "prints -0.6 for w_00^2" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("source", [("--example", e) for e in EXAMPLES] + [(s,) for s in SPECS],
                         ids=lambda s: Path(s[-1]).stem)
def test_no_matrix_output_is_refused_by_its_reader(source):
    """Every example and golden spec × digits 2/3/6 × exact/carried × md/tex with --detail matrix is
    written (saturated.toml among them: its output δ from z, a line per neuron, as auto prints it)."""
    for digits in (2, 3, 6):
        for carried in ([], ["--round-intermediate"]):
            for fmt in ("md", "tex"):
                result = _run("derive", *source, "--detail", "matrix", "--format", fmt, "--digits", digits, *carried)
                assert result.exit_code == 0, (digits, carried, fmt, result.output)


@pytest.mark.parametrize("fmt,old,new", [
    ("tex", r"= 0 \cdot 1 = 0", r"= 0 \cdot (-1) = 0"),  # ∂L/∂w_00^1 = δ_0^1·a_0^0 = 0·1: a minus gained
    ("md", r"= 0 \cdot 1 = 0", r"= 0 \cdot (-1) = 0"),
    ("text", "0·1", "0·(−1)"),
    ("tex", r"= 0.2 - 0.1 \cdot 0 = 0.2", r"= 0.2 - (-0.1) \cdot 0 = 0.2"),  # w − α·g, g = 0: α's minus doubled
    ("text", "0.2 − 0.1·0", "0.2 − (−0.1)·0"),
])
def test_a_minus_gained_by_a_positive_input_of_a_line_stops_the_run(fresh, tmp_path, fmt, old, new):  # noqa: F811
    """nn231 (neuron lines): a positive input times 0 printed with a minus the formula does not write
    gives the same value; its sign is read (readback_minus.py)."""
    from test_readback import _context_replacing

    changed = _context_replacing(fresh, old, new)
    out = tmp_path / f"s.{fmt}"
    result = _run("derive", "--example", "nn231", "--format", fmt, "-o", out)
    assert changed and result.exit_code == 3, result.output
    assert "minus signs where its formula" in result.stderr
    assert not out.exists()


def test_the_reader_imports_nothing_of_the_printer():
    """render/readback*.py import only each other, the errors and the formula nodes (not rows, blocks,
    lines, printers, entry_names, …): the printed text is read by its own code."""
    import ast

    allowed = {"errors", "formula"}
    for path in (Path(__file__).parents[1] / "symbp" / "render").glob("readback*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                names = [node.module] if node.module else [alias.name for alias in node.names]
                for name in names:
                    assert name.startswith("readback") or name in allowed, (path.name, name)
