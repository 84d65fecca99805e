"""Time `symbp derive` of the 3×16 network of bench_size.py with each optimizer (one step, and
three with weight decay), against plain SGD: what the optimizer's state quantities, their
verification (float twin, finite differences of J, SymPy on the update formulas) and their
printed lines cost.

    python benchmarks/bench_optimizers.py [--runs 3]

Prints the median wall time of whole command-line runs (a fresh interpreter each).  No
assertion: a benchmark measures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_size import big_spec  # noqa: E402

CASES = {
    "sgd": "",
    "momentum": '[optimizer]\nname = "momentum"\n',
    "adagrad": '[optimizer]\nname = "adagrad"\n',
    "rmsprop": '[optimizer]\nname = "rmsprop"\n',
    "adam": '[optimizer]\nname = "adam"\n',
    "adam, weight decay, 3 steps": 'steps = 3\nweight_decay = 0.01\n[optimizer]\nname = "adam"\n',
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    repo = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(repo))
    base = big_spec()
    head, _, layers = base.partition("\n\n[[layer]]")
    with tempfile.TemporaryDirectory() as folder:
        for label, extra in CASES.items():
            top, table = (extra, "") if not extra.startswith("[") else ("", extra)
            if "[optimizer]" in extra and not extra.startswith("["):
                top, table = extra.split("[optimizer]")[0], "[optimizer]" + extra.split("[optimizer]")[1]
            path = Path(folder) / "net.toml"
            path.write_text(head + "\n" + top + table + "\n[[layer]]" + layers)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "symbp", "derive", str(path), "--format", "json"],
                               env=env, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            print(f"{label:32s} {statistics.median(times):6.2f} s (median of {args.runs})")


if __name__ == "__main__":
    main()
