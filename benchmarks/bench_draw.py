"""Benchmark: drawing verified variants alone (no rendering), per accepted variant.

`variants.draw_variants` for the reference architecture (nn231: 2-3-1 ReLU half_sse) with the
worksheet's default settings (a carried key at 4 digits, SymPy's check of every variant): every
draw (rejected ones too), the exact solve, the constraints, the calculator run of the carried key
and the verification (`pipeline.derive_solution`: float64 path, finite differences, SymPy).  The
verification alone is timed again on the accepted variants (`verify.verify`), so that the rest —
what variants.py, evaluate.py, straight.py and pipeline.carry cost — shows too.  CPU time of this
process (what the other engineers' runs on the shared cores do not change), best of --repeat.

    python benchmarks/bench_draw.py            # 300 variants
    python benchmarks/bench_draw.py --quick    # 100

The last line printed is a JSON object: ms_per_variant, verify_ms_per_variant, draws_per_variant.

Measured (load 5.3 on 2 cores, CPU time, 300 variants from 802 draws, the same minute): main
(88809ec) 2.59 ms per accepted variant, of which verification 0.51 ms; branch vdraw 0.97 ms, of
which verification 0.48 ms (everything but the verification: 2.08 -> 0.49 ms).
Branch startup2 (the SymPy check of an exact variant by integer_code's generated function), each
tree's own benchmark alternating, load 5.8-6.0: main 0.93-0.97 ms, of which verification
0.46-0.48 ms; startup2 0.82-0.88 ms, of which verification 0.35-0.39 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _best(run, repeat: int) -> float:
    best = None
    for attempt in range(repeat):
        started = time.process_time()
        run(attempt)
        elapsed = time.process_time() - started
        best = elapsed if best is None else min(best, elapsed)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 variants")
    parser.add_argument("--variants", type=int, help="variants per run (default 300, quick 100)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best counts (default 3)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    count = args.variants or (100 if args.quick else 300)

    from benchmarks.bench import reference_spec
    from symbp.variants import draw_variants, settings_from_spec
    from symbp.verify import verify
    from symbp.worksheet import SheetOptions, key_settings

    spec = reference_spec()
    settings = key_settings(settings_from_spec(spec), SheetOptions())
    draw_variants(spec, 1, random.Random(args.seed - 1), settings)  # warm-up: derivation, compiled programs
    drawn = {}

    def draw(attempt: int) -> None:
        drawn[attempt] = draw_variants(spec, count, random.Random(args.seed + attempt), settings)

    total = _best(draw, args.repeat)
    result = drawn[0]
    verification = _best(lambda attempt: [verify(v.solution) for v in result.variants], args.repeat)
    per_variant, verify_per_variant = 1000 * total / count, 1000 * verification / count
    try:
        load = f"; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    except (AttributeError, OSError):
        load = ""
    print("symbp draw benchmark: reference architecture 2-3-1 ReLU half_sse, carried key, CPU time")
    print(f"{count} variants from {result.draws} draws: {per_variant:.3f} ms per accepted variant, of which "
          f"verification {verify_per_variant:.3f} ms (rejected: {dict(result.rejections)}{load})")
    print(json.dumps({"ms_per_variant": round(per_variant, 3), "verify_ms_per_variant": round(verify_per_variant, 3),
                      "draws_per_variant": round(result.draws / count, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
