"""Benchmark: computational-graph exercises, and the network engine on the same core.

(a) graph.solve (build, chain rule, values, the three verifications) of each built-in graph example;
(b) graph.render of the worked solution in every format;
(c) 30 worksheet variants of the fan-out example (draws, constraints, each variant solved and verified);
(d) the network engine (derivation + evaluation, `evaluate.solve`), on examples/steps3.toml and
    examples/batch3.toml (its prototype, core/network.py, became the engine in a94d9a9).

Times are per CPU second of this process (best of --repeat), so that they do not depend on what else
the machine runs.

    python benchmarks/bench_graph.py [--repeat 3]

The last line printed is a JSON object of the timings in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat

    from symbp import graph
    from symbp.evaluate import solve as engine_solve
    from symbp.graph.variants import draw_variants
    from symbp.spec import load_spec

    results = {}
    graph.solve(graph.load(ROOT / "examples" / "graph-circuit.toml"))  # imports SymPy once
    for example in ("graph-circuit", "graph-neuron", "graph-fanout-max"):
        spec = graph.load(ROOT / "examples" / f"{example}.toml")
        results[f"solve {example}"] = best(lambda: graph.solve(spec), repeat)
        solution = graph.solve(spec)
        results[f"render {example} (text, md, tex, json)"] = best(
            lambda: [graph.render(fmt, solution) for fmt in ("text", "md", "tex", "json")], repeat)
    fanout = graph.load(ROOT / "examples" / "graph-fanout-max.toml")
    results["30 variants graph-fanout-max"] = best(lambda: draw_variants(fanout, 30, seed=2026), repeat)
    for example in ("steps3", "batch3"):
        spec = load_spec(ROOT / "examples" / f"{example}.toml")
        results[f"engine {example} (derive + values, derivation cached after the first)"] = best(
            lambda: engine_solve(spec), repeat)
    width = max(len(k) for k in results)
    for key, ms in results.items():
        print(f"{key:<{width}}  {ms:8.1f} ms")
    print(json.dumps({k: round(v, 1) for k, v in results.items()}))


if __name__ == "__main__":
    main()
