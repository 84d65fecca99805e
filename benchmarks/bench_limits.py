"""Time `symbp derive --format json` at the documented limits (README "Limits and exit codes").

Every limit symbp announces must hold in time: a network the limits admit derives its JSON answer
key in seconds.  This benchmark builds networks at the corners of the admitted region — widest,
deepest, most samples × steps, and the largest that the combined work limit (spec_limits.MAX_WORK)
admits — and times whole command-line runs (a fresh interpreter each, as a user sees it).

    python benchmarks/bench_limits.py              # the corners, one run each
    python benchmarks/bench_limits.py --sweep      # also a grid of sizes (to choose the limits)
    python benchmarks/bench_limits.py --only deep  # the cases whose label contains "deep"

Each network is run in both number domains: exact (ReLU + half_sse) and high precision (sigmoid
hidden layers; sigmoid output + bce).  No assertion: a benchmark measures; the last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BUDGET_SECONDS = 15  # what "in seconds" means here: every admitted network below this much CPU time


def spec_text(widths, samples: int, steps: int, activation: str, seed: int = 1) -> str:
    """A spec of the given size; numbers on a 0.1 grid, as a course would write them."""
    rng = random.Random(seed)
    loss = "half_sse" if activation == "relu" else "bce"
    out_activation = "relu" if activation == "relu" else "sigmoid"

    def row(n, low=-1.0, high=1.0):
        return "[" + ", ".join(f"{rng.randint(int(low * 10), int(high * 10)) / 10:g}" for _ in range(n)) + "]"

    lines = [f"layers = {list(widths)}", f'activation = "{activation}"', f'loss = "{loss}"',
             "learning_rate = 0.1", f"steps = {steps}"]
    if samples == 1:
        lines += [f"input = {row(widths[0])}", f"target = {row(widths[-1], 0, 1)}"]
    else:
        lines += [f"inputs = [{', '.join(row(widths[0]) for _ in range(samples))}]",
                  f"targets = [{', '.join(row(widths[-1], 0, 1) for _ in range(samples))}]"]
    for l in range(1, len(widths)):
        rows = ", ".join(row(widths[l - 1], -0.5, 0.5) for _ in range(widths[l]))
        lines += ["", "[[layer]]", f"weights = [{rows}]", f"biases = {row(widths[l], -0.5, 0.5)}"]
        if l == len(widths) - 1:
            lines.append(f'activation = "{out_activation}"')
    return "\n".join(lines) + "\n"


def time_derive(text: str, timeout: float) -> tuple[str, float, float]:
    """(outcome, wall s, CPU s) of one `symbp derive SPEC --format json` in a fresh interpreter.

    The CPU time is what the run needs; the wall time also holds whatever else the machine ran."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "net.toml"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-c", "from symbp.cli import main; main()", "derive", str(path), "--format", "json"]
        env = dict(os.environ, PYTHONPATH=str(REPO))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
            outcome = "ok" if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip()[-90:]}"
        except subprocess.TimeoutExpired:
            outcome = f"timeout>{timeout:.0f}s"
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return outcome, elapsed, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def corners():
    """(label, widths, samples, steps) at the corners of what spec.py admits."""
    from symbp.spec import MAX_SAMPLES, MAX_STEPS
    from symbp.spec_fields import MAX_LAYERS, MAX_WIDTH
    from symbp.spec_limits import MAX_WORK, work

    cases = [("nn231 (reference)", [2, 3, 1], 1, 1)]

    def largest(label, make):
        """The largest n for which make(n) is admitted by the work limit."""
        best = None
        for n in range(1, 1000):
            widths, samples, steps = make(n)
            if max(widths) > MAX_WIDTH or len(widths) - 1 > MAX_LAYERS or samples > MAX_SAMPLES or steps > MAX_STEPS:
                break
            if work(widths, samples, steps) > MAX_WORK:
                break
            best = (label, widths, samples, steps)
        if best:
            cases.append(best)

    largest("widest, one hidden layer", lambda n: ([n, n, n], 1, 1))
    largest(f"deepest ({MAX_LAYERS} layers), widest", lambda n: ([n] * (MAX_LAYERS + 1), 1, 1))
    largest("most samples x steps on 2-3-1", lambda n: ([2, 3, 1], min(n, MAX_SAMPLES), n))
    largest(f"{MAX_SAMPLES} samples, most steps on 2-3-1", lambda n: ([2, 3, 1], MAX_SAMPLES, n))
    largest(f"{MAX_STEPS} steps, most samples on 2-3-1", lambda n: ([2, 3, 1], n, MAX_STEPS))
    largest("wide, 2 samples x 2 steps", lambda n: ([n, n, 1], 2, 2))
    largest(f"narrowest (1-1), {MAX_SAMPLES} samples, most steps", lambda n: ([1, 1], MAX_SAMPLES, n))
    largest("1-1-1, most samples x steps", lambda n: ([1, 1, 1], min(n, MAX_SAMPLES), n))
    largest("4 layers, 8 samples", lambda n: ([n] * 5, 8, 1))
    return cases


def sweep():
    return [(f"{w}-wide x {d} layers, {s} samples x {t} steps", [w] * (d + 1), s, t)
            for w, d, s, t in [(8, 4, 1, 1), (16, 4, 1, 1), (32, 2, 1, 1), (32, 4, 1, 1), (24, 8, 1, 1),
                               (16, 12, 1, 1), (64, 2, 1, 1), (2, 2, 16, 16), (2, 2, 32, 32), (2, 2, 64, 50)]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="also time a grid of sizes")
    parser.add_argument("--only", help="only the cases whose label contains this text")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    from symbp.spec_limits import MAX_WORK, work

    cases = corners() + (sweep() if args.sweep else [])
    if args.only:
        cases = [c for c in cases if args.only in c[0]]
    print(f"cores available: {os.cpu_count()}; work limit {MAX_WORK}; budget {BUDGET_SECONDS} s")
    results = []
    for label, widths, samples, steps in cases:
        for activation in ("relu", "sigmoid"):
            outcome, wall, cpu = time_derive(spec_text(widths, samples, steps, activation), args.timeout)
            w = work(widths, samples, steps)
            print(f"{label:40s} {activation:8s} {'-'.join(map(str, widths)):>24s} S={samples:<3d} T={steps:<3d} "
                  f"work={w:>7d}  CPU {cpu:6.2f} s  wall {wall:6.2f} s  {outcome}", flush=True)
            results.append({"case": label, "activation": activation, "widths": widths, "samples": samples,
                            "steps": steps, "work": w, "cpu_seconds": round(cpu, 2), "wall_seconds": round(wall, 2),
                            "outcome": outcome})
    admitted = [r for r in results if r["work"] <= MAX_WORK]
    slowest = max(admitted, key=lambda r: r["cpu_seconds"])
    print(json.dumps({"max_work": MAX_WORK, "slowest_cpu_seconds": slowest["cpu_seconds"],
                      "slowest_case": f"{slowest['case']} ({slowest['activation']})",
                      "within_budget": all(r["cpu_seconds"] <= BUDGET_SECONDS and r["outcome"] == "ok" for r in admitted)}))


if __name__ == "__main__":
    main()
