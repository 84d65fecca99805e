"""Scaling: symbp's `derive --format json` against the plain arithmetic floor, per size.

    python benchmarks/bench_scaling.py                 # every size
    python benchmarks/bench_scaling.py --only 64x      # the sizes whose label contains "64x"
    python benchmarks/bench_scaling.py --timeout 60
    python benchmarks/bench_scaling.py --format text   # the worked solution (text, md or tex) instead of the key

For each size (parameters × steps × samples) it times one whole command-line run of
`symbp derive SPEC --format json` (a fresh interpreter, as a user sees it; the work limit lifted so
that sizes beyond it can be measured too) and, in this process, the floor: the same forward pass,
backward pass and SGD update written plainly in this file — exact Fractions where the network keeps
rationals rational (ReLU + half_sse), 50-digit mpmath where it needs irrationals (sigmoid + bce),
as symbp computes them.  It prints symbp's wall and CPU time, its peak RSS, the floor's time and the
ratio symbp / floor; the last line is JSON.  No assertion: a benchmark measures.

The "job floor" is the whole job done plainly, as a user's command does it: floor_job.py in a fresh
interpreter reads the spec (tomllib), computes every value the answer key holds (the same count,
agreeing with symbp's) and writes each as a float and an exact string to an indented JSON file —
all symbp does except its verification.  Its ratio counts what the other leaves out: the interpreter
starting, reading the spec and writing the key.  The two run in turn, and the job floor's CPU time
is printed beside its wall time with symbp's CPU time over it ("jobCPU", "ratio"): on a shared
machine the wall ratio moves with the load, the CPU ratio much less.

With `--format text|md|tex` it times `derive SPEC --format F` (the worked solution) instead, and its
floor is writing as many numbers (those the output holds) formatted to 4 digits, a line of 8 each,
in plain Python ("write floor", the printed output's own size); the arithmetic floor is as above.

Worked solutions (branch wide33, --format text, process time at load ~9 on the 2 cores): 16 wide x
4 (sigmoid) 6.1 -> 2.2 s, 32 wide x 6 86 -> 17.6 s (the guard-digit culprit of a line found in one
pass, plan_moves.py, instead of evaluating the line once per rounded input).  After guard33 (up to
12 guard digits), main at 55a4e10 -> branch wide33b (a line's value updated by its changed inputs,
plan_sums.py; the culprit told apart by exact moves where float64 ties inputs with 16 digits), load
5-8: 16x4 2.7 -> 2.7 s, 32x6 28.5 -> 19.3 s (428 -> 432 MB), 64x4 151 -> 113 s (795 -> 808 MB);
64x12 not measured (over 600 s before).  What is left (32x6 under cProfile): the one-pass float walk
(plan_moves, O(width) per guard digit), _within_reach's and the remaining evaluations, holds.
Branch wide34 (a line's value at the cap kept, each input's float move kept, _culprit's moves of rational
inputs read from the kept sum), against main at 6c34399, load 8-12, process time: 16x4 2.1-2.2 ->
1.9-2.2 s, 32x6 24.4-25.9 -> 18.4-18.7 s (400-440 MB both), 64x4 125 -> 90 s (808 -> 811 MB), 64x12
relu 58 -> 45 s at 1.85 GB both (memory, tracemalloc: 0.5 GB of derivation before planning, 1.0 GB
once the first pass has recorded its lines; not changed).  Left: the walk, holds, 50-digit evaluations of exact ties, and solve's second
pass (_grow_narrow: 32x6's first pass ends in VerificationError, ~1/3 of the planner's time).

History (2 shared cores, load 4-7: CPU seconds compare better than wall):
- graph's path (every value a node, closure and Quantity; main at 3266d8b): 64x12 relu 13.3 s wall /
  7.6 s CPU at 666 MB, 64 samples x 50 steps 4.8 / 4.6 s at 527 MB, 64x4 sigmoid 3.8 / 3.2 s,
  64x2 relu 1.6 / 1.6 s (ratios to the floor 18-22).
- layer-wise engine (branch `layers`: layerwise.py, the derivation made only when read, exact
  sums over one denominator, faster exact strings): 64x12 relu 2.0 / 1.9-2.4 s at 198 MB (ratio
  2.6-3.6, job floor 1.5-1.7), 64 samples x 50 steps 1.9 / 1.9 s at 103 MB (job ratio 1.9),
  64x4 sigmoid 1.1 / 1.1 s (job ratio 1.7), 64x2 relu 0.5 / 0.4 s.
- start-up (branch `startup2`: mpmath made only when a value needs it, derivation.py imported only
  when a derivation is read, the message catalogue read from the cache, variants_table.py only for
  a [variants] table, no OpenSSL for the cache's hash, ln σ of the bce twin in half the time),
  alternating with main at c016410, warm caches, load 5.6-7.6 (CPU ratios; wall moved with the
  load): 2-3-1 0.15-0.17 -> 0.10-0.11 s CPU, job CPU ratio 2.9-3.2 -> 2.2 (peak RSS 28 -> 20 MB);
  16x4 sigmoid 0.29-0.30 -> 0.25-0.26 s, 2.5-2.6 -> 2.4; 64x2 relu 1.9 -> 1.7; 64x4 sigmoid,
  64x12 relu and 64 samples x 50 steps unchanged (1.7, 1.3-1.4, 1.8).  What is left at 2-3-1 is
  the interpreter with its site (~40 ms, in the floor too), click (10 ms) and ~45 ms of symbp's
  own modules (53 dataclasses made at import among them).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from floor_job import lifted_if_long  # (this folder: the whole-job floor's script)

REPO = Path(__file__).resolve().parents[1]  # the checkout timed (--repo: another, e.g. main for "before")

# (label, widths, samples, steps, activation)
SIZES = [
    ("2-3-1", [2, 3, 1], 1, 1, "relu"),
    ("16x4 sigmoid", [16] * 5, 1, 1, "sigmoid"),
    ("32x6 sigmoid", [32] * 7, 1, 1, "sigmoid"),
    ("64x2 relu", [64] * 3, 1, 1, "relu"),
    ("64x4 sigmoid", [64] * 5, 1, 1, "sigmoid"),
    ("64x12 relu", [64] * 13, 1, 1, "relu"),
    ("2-3-1 64 samples x 50 steps", [2, 3, 1], 64, 50, "relu"),
]


def numbers(widths, samples: int, activation: str, seed: int = 1):
    """(inputs, targets, [(W, b)] per layer) on a 0.1 grid, as a course would write them."""
    rng = random.Random(seed)

    def row(n, low, high):
        return [Fraction(rng.randint(low, high), 10) for _ in range(n)]

    inputs = [row(widths[0], -10, 10) for _ in range(samples)]
    targets = [row(widths[-1], 0, 10) for _ in range(samples)]
    layers = [([row(widths[l - 1], -5, 5) for _ in range(widths[l])], row(widths[l], -5, 5))
              for l in range(1, len(widths))]
    return inputs, targets, layers


def spec_text(widths, samples: int, steps: int, activation: str) -> str:
    inputs, targets, layers = numbers(widths, samples, activation)
    loss, out_activation = ("half_sse", "relu") if activation == "relu" else ("bce", "sigmoid")

    def vec(v):
        return "[" + ", ".join(f"{float(x):g}" for x in v) + "]"

    lines = [f"layers = {list(widths)}", f'activation = "{activation}"', f'loss = "{loss}"',
             "learning_rate = 0.1", f"steps = {steps}"]
    if samples == 1:
        lines += [f"input = {vec(inputs[0])}", f"target = {vec(targets[0])}"]
    else:
        lines += [f"inputs = [{', '.join(map(vec, inputs))}]", f"targets = [{', '.join(map(vec, targets))}]"]
    for l, (W, b) in enumerate(layers, start=1):
        lines += ["", "[[layer]]", f"weights = [{', '.join(map(vec, W))}]", f"biases = {vec(b)}"]
        if l == len(layers):
            lines.append(f'activation = "{out_activation}"')
    return "\n".join(lines) + "\n"


def floor(widths, samples: int, steps: int, activation: str) -> float:
    """Seconds of the plain forward/backward/update (every step, the final forward pass)."""
    inputs, targets, layers = numbers(widths, samples, activation)
    if activation == "relu":
        one, zero = Fraction(1), Fraction(0)
        rate = Fraction(1, 10)

        def f(z):
            return z if z > 0 else 0 * z

        def fprime(z, a):
            return 1 + 0 * z if z > 0 else 0 * z

        def output_delta(z, a, y):  # half_sse, ReLU output
            return (a - y) * fprime(z, a)
    else:
        import mpmath

        mpmath.mp.dps = 50
        one, zero = mpmath.mpf(1), mpmath.mpf(0)
        rate = mpmath.mpf(1) / 10
        inputs = [[mpmath.mpf(x.numerator) / x.denominator for x in v] for v in inputs]
        targets = [[mpmath.mpf(x.numerator) / x.denominator for x in v] for v in targets]
        layers = [([[mpmath.mpf(w.numerator) / w.denominator for w in r] for r in W],
                   [mpmath.mpf(x.numerator) / x.denominator for x in b]) for W, b in layers]

        def f(z):
            return one / (one + mpmath.exp(-z))

        def fprime(z, a):
            return a * (one - a)

        def output_delta(z, a, y):  # bce (the mean over the n outputs), sigmoid output: ∂L/∂a · σ'
            return (a - y) / (a * (one - a)) / len(widths_out) * fprime(z, a)

        widths_out = targets[0]

    started = time.perf_counter()
    for t in range(steps + 1):
        grads = [([[zero] * len(W[0]) for _ in W], [zero] * len(b)) for W, b in layers]
        for x, y in zip(inputs, targets):
            a_s, z_s = [x], []
            for W, b in layers:
                z = [sum((w * a for w, a in zip(row, a_s[-1])), b[j]) for j, row in enumerate(W)]
                z_s.append(z)
                a_s.append([f(v) for v in z])
            if activation == "relu":
                loss = sum((a - yy) ** 2 for a, yy in zip(a_s[-1], y)) / 2
            else:
                loss = -sum(yy * mpmath.log(a) + (1 - yy) * mpmath.log(1 - a) for a, yy in zip(a_s[-1], y)) / len(y)
            if t == steps:
                continue
            delta = [output_delta(z, a, yy) for z, a, yy in zip(z_s[-1], a_s[-1], y)]
            for l in range(len(layers) - 1, -1, -1):
                W, _ = layers[l]
                gW, gb = grads[l]
                previous = a_s[l]
                for j, d in enumerate(delta):
                    row = gW[j]
                    for k, a in enumerate(previous):
                        row[k] += d * a
                    gb[j] += d
                if l:
                    delta = [sum(W[j][k] * delta[j] for j in range(len(W))) * fprime(z_s[l - 1][k], a_s[l][k])
                             for k in range(len(previous))]
        if t == steps:
            break
        m = len(inputs)
        layers = [([[w - rate * g / m for w, g in zip(r, gr)] for r, gr in zip(W, gW)],
                   [v - rate * g / m for v, g in zip(b, gb)]) for (W, b), (gW, gb) in zip(layers, grads)]
        layers, inputs, targets, (one, zero, rate) = lifted_if_long(layers, inputs, targets, (one, zero, rate))
    del loss
    return time.perf_counter() - started


LIFTED = ("import symbp.spec_limits as s; s.MAX_WORK = 10**9; from symbp.cli import main; main()")


def write_floor(output: str) -> float:
    """Seconds of writing as many numbers as `output` holds, each formatted to 4 digits, 8 a line."""
    count = len(re.findall(r"\d+(?:\.\d+)?", output))
    values = [random.Random(count).uniform(-1, 1) for _ in range(count)]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w", encoding="utf-8") as file:
        for start in range(0, count, 8):
            file.write(" + ".join(f"{x:.4g}" for x in values[start:start + 8]) + "\n")
    return time.perf_counter() - started


def time_symbp(text: str, timeout: float, repo: Path = REPO, job_floor: bool = False, fmt: str = "json",
               kept: list | None = None):
    """(outcome, wall s, CPU s, peak RSS MB) of one `symbp derive SPEC --format FMT` (job_floor:
    of floor_job.py, the same job written plainly, without verification); `kept`: the output's
    text appended to it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "net.toml"
        path.write_text(text, encoding="utf-8")
        # as an installed package runs: its bytecode compiled once (this machine's environment sets
        # PYTHONDONTWRITEBYTECODE, which makes every run compile every module anew: ~65 ms)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = str(repo)
        command = [sys.executable, "-c", LIFTED, "derive", str(path), "--format", fmt, "-o", str(Path(folder) / "k.json")]
        if job_floor:
            command = [sys.executable, str(Path(__file__).with_name("floor_job.py")), str(path), str(Path(folder) / "k.json")]
        started = time.perf_counter()
        # run in the temporary folder: `python -c` puts the working directory first on sys.path, and a
        # checkout there would shadow the one --repo names
        process = subprocess.Popen(command, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        outcome = None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                outcome = f"timeout>{timeout:.0f}s"
                break
            time.sleep(0.01)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr = process.stderr.read().decode(errors="replace").strip()
        process.stderr.close()
        if outcome is None:
            outcome = "ok" if process.returncode == 0 else f"exit {process.returncode}: {stderr[-90:]}"
        if kept is not None and outcome == "ok":
            kept.append((Path(folder) / "k.json").read_text(encoding="utf-8"))
        return outcome, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only the sizes whose label contains this text")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--repo", type=Path, default=REPO, help="the symbp checkout to time (default: this one)")
    parser.add_argument("--format", default="json", choices=["json", "text", "md", "tex"],
                        help="what derive writes (text/md/tex: the worked solution, beside the write floor)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from symbp.spec_limits import parameters, work

    results = []
    print(f"{'size':30s} {'params':>7s} {'work':>7s} {'symbp wall':>10s} {'CPU':>7s} {'RSS MB':>7s} "
          f"{'floor':>7s} {'ratio':>6s} {'job floor':>9s} {'ratio':>6s} {'jobCPU':>7s} {'ratio':>6s}  outcome")
    for label, widths, samples, steps, activation in SIZES:
        if args.only and args.only not in label:
            continue
        text = spec_text(widths, samples, steps, activation)
        # small sizes take a fraction of a second: the best of 3 runs (after one that warms the caches)
        tries = 3 if work(widths, samples, steps) < 5000 else 1
        if tries > 1:
            time_symbp(text, args.timeout, args.repo), time_symbp(text, args.timeout, job_floor=True)
        runs, jobs, outputs = [], [], []
        for _ in range(tries):  # the two in turn: a shared machine's load changes from minute to minute
            runs.append(time_symbp(text, args.timeout, args.repo, fmt=args.format, kept=outputs))
            jobs.append(time_symbp(text, args.timeout, job_floor=True))
        if args.format != "json" and outputs:  # the worked solution beside writing as many numbers
            written = min(write_floor(outputs[0]) for _ in range(3))
            print(f"{'':30s} {args.format}: {len(outputs[0]):,} characters, write floor {written:.3f}s", flush=True)
        outcome, wall, cpu, rss = min(runs, key=lambda run: run[1])
        base = floor(widths, samples, steps, activation)
        ratio = wall / base
        job, job_cpu = min(run[1] for run in jobs), min(run[2] for run in jobs)
        print(f"{label:30s} {parameters(widths):7d} {work(widths, samples, steps):7d} {wall:9.2f}s {cpu:6.2f}s "
              f"{rss:7.0f} {base:6.3f}s {ratio:6.1f} {job:8.2f}s {wall / job:6.1f} {job_cpu:6.2f}s {cpu / job_cpu:6.1f}"
              f"  {outcome}", flush=True)
        results.append({"size": label, "parameters": parameters(widths), "samples": samples, "steps": steps,
                        "symbp_wall_s": round(wall, 3), "symbp_cpu_s": round(cpu, 3), "peak_rss_mb": round(rss),
                        "floor_s": round(base, 4), "ratio": round(ratio, 2), "job_floor_s": round(job, 3),
                        "job_ratio": round(wall / job, 2), "job_floor_cpu_s": round(job_cpu, 3),
                        "job_cpu_ratio": round(cpu / job_cpu, 2), "outcome": outcome})
    print(json.dumps(results))


if __name__ == "__main__":
    main()
