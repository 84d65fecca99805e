"""Time `symbp derive --format json` for a network with 3 hidden layers of 16 neurons (issue 3 §7:
target under 2 s).

    python benchmarks/bench_size.py [--runs 5]

Prints the wall and CPU time of whole command-line runs (a fresh interpreter each time, as a
user sees it) and an in-process breakdown by pipeline stage.  No assertion: a benchmark measures.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WIDTHS = [4, 16, 16, 16, 3]


def big_spec(seed: int = 1) -> str:
    """Sigmoid hidden layers, softmax output, cross-entropy: the high-precision (slowest) path."""
    rng = random.Random(seed)
    lines = [
        'title = "3 hidden layers of 16"', f"layers = {WIDTHS}", 'activation = "sigmoid"', 'loss = "cross_entropy"',
        "learning_rate = 0.1", "input = [0.5, -0.2, 0.1, 0.9]", "target = [0, 1, 0]",
    ]
    for l in range(1, len(WIDTHS)):
        rows = ", ".join("[" + ", ".join(f"{rng.uniform(-1, 1):.2f}" for _ in range(WIDTHS[l - 1])) + "]"
                         for _ in range(WIDTHS[l]))
        lines += ["", "[[layer]]", f"weights = [{rows}]",
                  "biases = [" + ", ".join(f"{rng.uniform(-1, 1):.2f}" for _ in range(WIDTHS[l])) + "]"]
        if l == len(WIDTHS) - 1:
            lines.append('activation = "softmax"')
    return "\n".join(lines) + "\n"


def command_line_runs(path: Path, runs: int) -> None:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        command = [sys.executable, "-c", "from symbp.cli import main; main()"]  # the `symbp` script
        subprocess.run(command + ["derive", str(path), "--format", "json"], check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    print(f"symbp derive --format json, {runs} runs: wall median {statistics.median(walls):.2f} s "
          f"(min {min(walls):.2f}), CPU median {statistics.median(cpus):.2f} s (min {min(cpus):.2f})")


def stages(path: Path) -> None:
    start = time.perf_counter()
    import sympy  # noqa: F401

    from symbp.derivation import derive
    from symbp.evaluate import solve
    from symbp.render import render
    from symbp.spec import load_spec
    from symbp.verify import verify

    marks = [("import sympy + symbp", time.perf_counter())]
    spec = load_spec(path)
    derivation = derive(spec.architecture())
    marks.append(("derive (chain rule)", time.perf_counter()))
    solution = solve(spec)
    marks.append(("solve (compile + evaluate)", time.perf_counter()))
    report = verify(solution)
    marks.append(("verify (float64 + finite differences)", time.perf_counter()))
    render("json", solution, report)
    marks.append(("render json", time.perf_counter()))
    previous = start
    print(f"{len(derivation.quantities)} quantities, {report.finite_differences} gradients checked by finite differences")
    for label, mark in marks:
        print(f"  {label:40s} {mark - previous:6.2f} s")
        previous = mark
    print(f"  {'total in process':40s} {previous - start:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wide.toml"
        path.write_text(big_spec(), encoding="utf-8")
        print(f"network {WIDTHS}, cores available: {os.cpu_count()}")
        command_line_runs(path, args.runs)
        stages(path)


if __name__ == "__main__":
    main()
