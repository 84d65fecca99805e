"""The README's excerpt of a worked solution is what `symbp derive --example nn231` prints: every line
of the excerpt (the "…" lines stand for lines left out) is a line of the real output, in the same order,
with nothing between two lines the excerpt shows together (a new user found a blank line there that the
output does not have)."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from symbp.cli import main

REPO = Path(__file__).resolve().parent.parent


def excerpt_runs() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## An excerpt of a worked solution\n"):]
    start = section.index("```\n") + 4
    block = section[start:section.index("```\n", start)]
    runs: list[list[str]] = [[]]
    for line in block.splitlines():
        if line == "…":
            runs.append([])
        else:
            runs[-1].append(line)
    return [run for run in runs if run]


def test_the_readme_excerpt_is_the_output_as_printed():
    result = CliRunner().invoke(main, ["derive", "--example", "nn231"])
    assert result.exit_code == 0, result.output
    output = result.output.splitlines()
    at = 0
    for run in excerpt_runs():
        # each run of lines the excerpt shows together is found whole, after the previous run
        found = next((i for i in range(at, len(output) - len(run) + 1) if output[i:i + len(run)] == run), None)
        assert found is not None, f"README excerpt not in the output as printed:\n" + "\n".join(run)
        at = found + len(run)
