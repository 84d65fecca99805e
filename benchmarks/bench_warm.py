"""Benchmark: `symbp derive --example nn231` cold (SymPy does the work) and warm (SymPy's work read
from the on-disk cache, symbp/sympy_cache.py), next to `python -c "import sympy"`, in one run.

Target (issue 16): warm < 0.5 × (import sympy + cold).  Each command runs in a fresh interpreter,
--repeat times, and the least disturbed (minimum) wall time counts; the cold runs use
SYMBP_NO_CACHE=1, the warm ones a temporary SYMBP_CACHE_DIR filled by one run beforehand (the real
~/.cache is never touched).  Also shown: CPU time (user + system of the child) of the same runs.

    python benchmarks/bench_warm.py             # 5 runs each
    python benchmarks/bench_warm.py --repeat 3

The last line printed is a JSON object: seconds per command and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DERIVE = [sys.executable, "-m", "symbp", "derive", "--example", "nn231"]


def best_of(command: list, env: dict, repeat: int) -> tuple[float, float]:
    """(minimum wall seconds, minimum CPU seconds) over `repeat` runs of a command."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    base = dict(os.environ, PYTHONPATH=str(REPO))
    with tempfile.TemporaryDirectory() as cache:
        warm_env = dict(base, SYMBP_CACHE_DIR=cache)
        warm_env.pop("SYMBP_NO_CACHE", None)
        subprocess.run(DERIVE, env=warm_env, check=True, stdout=subprocess.DEVNULL)  # fills the cache
        times = {
            "import sympy": best_of([sys.executable, "-c", "import sympy"], base, repeat),
            "derive nn231 cold": best_of(DERIVE, dict(base, SYMBP_NO_CACHE="1"), repeat),
            "derive nn231 warm": best_of(DERIVE, warm_env, repeat),
        }
    for name, (wall, cpu) in times.items():
        print(f"{name:<20} {wall:6.3f} s wall   {cpu:6.3f} s CPU")
    ratio = times["derive nn231 warm"][0] / (times["import sympy"][0] + times["derive nn231 cold"][0])
    cpu_ratio = times["derive nn231 warm"][1] / (times["import sympy"][1] + times["derive nn231 cold"][1])
    print(f"warm / (import sympy + cold) = {ratio:.2f} wall, {cpu_ratio:.2f} CPU (target < 0.5)")
    print(json.dumps({**{name: round(wall, 4) for name, (wall, _) in times.items()},
                      "ratio": round(ratio, 3), "cpu_ratio": round(cpu_ratio, 3)}))


if __name__ == "__main__":
    main()
