"""Memory of a long-lived process (a Jupyter session, a service) deriving again and again.

    python benchmarks/bench_collector.py                    # nn231, 200 derives
    python benchmarks/bench_collector.py SPEC.toml -n 10    # another network

`collector.paused()` keeps the collector from scanning what a derive made; a frozen object in a
reference cycle would never be freed.  This derives the same spec N times in one process (as the
API does: `symbp.derive(...).to("json")`, solution dropped each time) and prints, every few
rounds, the resident memory and the number of frozen objects, and at the end the garbage cycles
the collector has yet to free (all objects unfrozen, then collected) and their size.  No assertion: a
benchmark measures.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time


def resident_mb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() // 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", nargs="?", help="a spec file (default: the nn231 example)")
    parser.add_argument("-n", type=int, default=200, help="derives in one process")
    args = parser.parse_args()
    import symbp
    import symbp.spec_limits

    symbp.spec_limits.MAX_WORK = 10**9  # sizes beyond the documented limit too
    spec = symbp.load(args.spec) if args.spec else symbp.example("nn231")
    started = time.process_time()
    for i in range(args.n):
        symbp.derive(spec).to("json")
        if i % max(1, args.n // 5) == 0 or i == args.n - 1:
            print(f"derive {i + 1:4d}: resident {resident_mb()} MB, frozen objects {gc.get_freeze_count()}")
    print(f"CPU {time.process_time() - started:.2f} s")
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)  # keep what the collector finds, to weigh it
    found = gc.collect()
    size = sum(sys.getsizeof(o) for o in gc.garbage) / 2**20
    print(f"garbage cycles not yet freed (frozen ones never would be): {found} objects, {size:.1f} MB")


if __name__ == "__main__":
    main()
