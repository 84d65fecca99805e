"""Benchmark: how long `python -c "import symbp"` takes, next to `import sympy` and bare Python.

`import symbp` must stay fast (issue 12): the public API (symbp.load, symbp.derive, …) is defined
at import, but SymPy, mpmath, Jinja2 and click are imported only when a function needs them.
Each command runs in a fresh interpreter, --repeat times; the best (least disturbed) wall time is
shown, and what `import symbp` left in sys.modules of the heavy packages (expected: none).

    python benchmarks/bench_import.py             # 10 runs each
    python benchmarks/bench_import.py --repeat 3

The last line printed is a JSON object: seconds per command (best of the runs).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS = {
    "python -c pass": "pass",
    "import symbp": "import symbp",
    "import symbp; symbp.example('nn231')": "import symbp; symbp.example('nn231')",
    "import sympy": "import sympy",
}
HEAVY = ("sympy", "mpmath", "jinja2", "click")


def best_of(code: str, repeat: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    results = {label: best_of(code, args.repeat) for label, code in COMMANDS.items()}
    for label, seconds in results.items():
        print(f"{label:<40} {seconds * 1000:8.1f} ms")
    probe = f"import sys, symbp; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], env=dict(os.environ, PYTHONPATH=str(REPO)),
                            capture_output=True, text=True, check=True).stdout.strip()
    print(f"heavy packages imported by `import symbp`: {loaded or 'none'}")
    print(json.dumps({label: round(seconds, 4) for label, seconds in results.items()}))


if __name__ == "__main__":
    main()
