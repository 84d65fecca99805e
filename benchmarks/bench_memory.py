"""Peak memory: the resident set (peak RSS) of `symbp derive SPEC --format F`, per size and format.

    python benchmarks/bench_memory.py                          # 16x4, 32x6 and 64x12, every format
    python benchmarks/bench_memory.py --only 64x12 --formats text,json
    python benchmarks/bench_memory.py --repo /path/to/other/checkout   # "before"

Each run is one fresh interpreter (as a user runs the command; the work limit lifted, as in
bench_scaling.py, whose specs and runner it uses), its peak RSS read from the kernel's rusage of the
child (what `/usr/bin/time -v` reports as "Maximum resident set size") beside its CPU time.  Issue 16
asks the largest allowed network under 1 GB.  It prints the load average before and after, a line
per run, and last a line of JSON.  No assertion: a benchmark measures.

Branch mem36 (process time, load 10-12 on the 2 shared cores), 64x12 relu --format text: main at
13a0210 1573 MB, 44.4 s CPU -> 1308 MB, 42.4 s (the recheck keeps no closures of formulas printed
once: -265 MB; the plan's node-by-node sums let go once solved).
Branch mem36b (same load for both): 1372 -> 1179 MB (slotted formula nodes and Identity, one formula Ref
per name and one Identity per identity, a quantity's trees a tuple).  Main 0664f57 on free cores (load 1.0):
64x12 relu text 1146 MB, 38.4 s CPU; json 178 MB, 1.8 s.  Still over 1 GB for text: formula_values._FORMULAS (up to
65 k compiled formulas whose keys hold the first pass's trees), the graph's definition/link tuples, the
__dict__ of Shown/Relation/_Shape and names.name's cache (smaller than the 155 k quantities) are next.
Branch mem37 (64x12 relu text, /usr/bin/time -v, base f36c72e and branch alternately, load 5-10):
1111-1112 MB -> 936-971 MB peak (three pairs); CPU 44.9, 45.9, 41.7 -> 47.9, 47.8, 40.3 s (the load
moved; by stage, one process each, 45.2 -> 45.4 s, no stage slower beyond its noise); 32x6 237-270 ->
253-270 MB (its peak is solve's, unchanged).  Where it went (tracemalloc by stage, then RSS by stage): formula_values._FORMULAS
at most 4096 compiled formulas (the plan compiled ~35 k, each evaluated about once: -70 MB of closures
kept to the end; 822 more compiles), derive()'s own network sealed once its quantities are read (the
graph's links and the chain rules' records: -53 MB), a printing pass's lines on the first pass's
relations and shown_formula sharing the parts without f'(z) (-30 and -31 MB).  Still held at the peak
(the read-back's end): the derivation (~320 MB, its quantities' converted trees among them), the
plan's relations and kept line values, the lines' records, the context (the network drawing's 196 k
edge dicts, 23 MB, though the text template reads none of them) and the read-back's shape caches.
Branch mem37b (same spec, base 2607bf0 and branch alternately, load 6-8): 970, 938, 938 MB (46.2, 43.7,
46.2 s CPU) -> 950 (the lazy drawing alone), 936, 903 MB (44.5, 45.7, 47.0 s): within the run-to-run
noise (~30 MB) of a peak set by the GC's timing.  The drawing of a text or Markdown solution is built only
when a template reads it; the plan keeps its lines' links (no 105 k-item tuple per padded line); the
read-back's shape caches are emptied at 256 k pieces as well as at 16 k shapes.  Left: the plan's kept
line values, plan_links' `using` (~19 MB), Shown's and _Read's __dict__.
Stop 37, the end (main cc93732, load 1.0-2.0, one run each in the same quarter hour): 64x12 relu text
934 MB, 42.5 s CPU (f36c72e: 1113 MB, 39.0 s; 2607bf0, mem37 alone: 965 MB, 40.2 s; f264f81, with
page37's tie digits: 971 MB, 45.9 s -- plan_ties works near-tie lines out twice, the most of the CPU
added); json 178 MB, 1.95 s.  Under 1 GB, the issue's bound.
"""

from __future__ import annotations

import argparse
import json
import os

from bench_scaling import REPO, SIZES, spec_text, time_symbp

LABELS = ("16x4 sigmoid", "32x6 sigmoid", "64x12 relu")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only the sizes whose label contains this text")
    parser.add_argument("--formats", default="json,text,md,tex", help="comma-separated formats (default: all four)")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--repo", default=REPO, help="the symbp checkout measured (default: this one)")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print(f"{'size':16s} {'format':6s} {'peak RSS MB':>11s} {'CPU s':>7s} {'wall s':>7s}  outcome")
    results = []
    for label, widths, samples, steps, activation in SIZES:
        if label not in LABELS or (args.only and args.only not in label):
            continue
        text = spec_text(widths, samples, steps, activation)
        for fmt in args.formats.split(","):
            outcome, wall, cpu, rss = time_symbp(text, args.timeout, args.repo, fmt=fmt)
            print(f"{label:16s} {fmt:6s} {rss:11.0f} {cpu:7.2f} {wall:7.2f}  {outcome}", flush=True)
            results.append({"size": label, "format": fmt, "peak_rss_mb": round(rss), "cpu_s": round(cpu, 2),
                            "wall_s": round(wall, 2), "outcome": outcome})
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
