"""Benchmark: how fast `symbp check` marks, one answers file and a whole class.

(a) one file: deeper and wider sigmoid/tanh networks with a softmax output, every quantity
    written as a calculator student would (symbp's calculator mode: 4 digits, carried), once as
    it is and once worked from a miscopied weight w_00^1 (then nearly every value is carried, and
    each is recomputed in every way carry.py knows).  Marking only, the solution given.
(b) a class: `symbp check --key answers.json FOLDER` in-process on a 30-variant worksheet of
    Mazur's network, 30 files, grades.csv and 30 text reports written.

    python benchmarks/bench_check.py

The last line printed is a JSON object with the timings in seconds.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def network(widths, hidden: str, rng: random.Random) -> dict:
    layers = [{"activation": hidden if l < len(widths) - 1 else "softmax",
               "weights": [[str(rng.randint(-10, 10) / 10) for _ in range(widths[l - 1])] for _ in range(widths[l])],
               "biases": [str(rng.randint(-10, 10) / 10) for _ in range(widths[l])]}
              for l in range(1, len(widths))]
    return {"layers": list(widths), "loss": "cross_entropy", "learning_rate": "0.1",
            "input": [rng.choice([-1, 1]) for _ in range(widths[0])], "target": [1] + [0] * (widths[-1] - 1),
            "layer": layers}


def four_digits(value) -> str:
    """A value as a careful student writes it: 4 significant digits, trailing zeros kept."""
    from decimal import Decimal

    from symbp.numbers import round_significant, to_decimal

    rounded = to_decimal(round_significant(value, 4))
    return "0" if rounded == 0 else format(rounded.quantize(Decimal(1).scaleb(rounded.adjusted() - 3)), "f")


def calculator_answers(table: dict, miscopied: bool = False) -> dict:
    """Every quantity as symbp's calculator mode writes it; `miscopied`: worked from w_00^1 + 0.05."""
    import copy

    from symbp.evaluate import solve
    from symbp.spec import spec_from_dict

    if miscopied:
        table = copy.deepcopy(table)
        table["layer"][0]["weights"][0][0] = str(float(table["layer"][0]["weights"][0][0]) + 0.05)
    answers = {name: four_digits(value) for name, value in solve(spec_from_dict(table), round_to=4).values.items()}
    if miscopied:
        answers["w_00^1"] = table["layer"][0]["weights"][0][0]
    return answers


def bench_one_file(widths, hidden: str, rng) -> dict:
    from symbp.agreement import Rule
    from symbp.check import answers_from_table
    from symbp.evaluate import solve
    from symbp.marking import mark
    from symbp.spec import spec_from_dict

    table = network(widths, hidden, rng)
    solution = solve(spec_from_dict(table))
    out = {"quantities": len(solution.values)}
    for label, miscopied in (("as_written", False), ("from_a_miscopied_weight", True)):
        answers = answers_from_table(calculator_answers(table, miscopied), solution.derivation)
        started = time.perf_counter()
        marking = mark(solution, answers, Rule(4))
        out[label] = round(time.perf_counter() - started, 3)
        out[label + "_counts"] = marking.counts
    return out


def bench_class(students: int) -> float:
    from click.testing import CliRunner

    from symbp.cli import main
    from symbp.evaluate import solve
    from symbp.spec import spec_from_dict

    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        runner = CliRunner()
        result = runner.invoke(main, ["worksheet", "--example", "mazur", "-n", str(students), "--out", str(work / "sheet")])
        assert result.exit_code == 0, result.output
        key = json.loads((work / "sheet" / "answers.json").read_text())
        (work / "subs").mkdir()
        for v in key["variants"]:
            values = solve(spec_from_dict(v["spec"]), round_to=4).values
            lines = [f'student = "S{v["id"]}"', f'variant = {v["id"]}']
            lines += [f'"{n}" = {four_digits(x)}' for n, x in values.items()]
            (work / "subs" / f"s{v['id']}.toml").write_text("\n".join(lines) + "\n")
        started = time.perf_counter()
        result = runner.invoke(main, ["check", "--key", str(work / "sheet" / "answers.json"), str(work / "subs"),
                                      "--out", str(work / "marked")])
        elapsed = time.perf_counter() - started
        assert result.exit_code in (0, 1), result.output
        return elapsed


def main() -> None:
    rng = random.Random(2026)
    results = {}
    for widths, hidden in (([4, 8, 3], "sigmoid"), ([9, 9, 9, 9], "tanh"), ([9, 9, 9, 9, 9, 9], "sigmoid")):
        key = "-".join(map(str, widths)) + "-" + hidden
        results[key] = bench_one_file(widths, hidden, rng)
        print(key, results[key])
    results["class_of_30_mazur_s"] = round(bench_class(30), 2)
    print(f"a class of 30 (Mazur, 2-2-2 sigmoid): {results['class_of_30_mazur_s']} s")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
