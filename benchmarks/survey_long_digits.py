"""Survey: how many significant digits the exact mode prints, and why (stop 37).

Random networks (widths 1-4, 2-5 layers of neurons, every activation, loss and optimizer, weight
decay or L1 now and then, batches of 1-3, 1-3 steps) and the built-in examples, derived in exact mode
at --digits 4 (text, --detail auto).  Per derivation: the most significant digits of any number
printed rounded (the plan's `precision`); for each number printed with --min or more digits, the line
that gave it its last guard digit (`raised_by`) and how near that line's true value lies to a rounding
tie at its printed result's digits (in units of the result's last digit: 0 is on the tie, 0.5 is as
far as can be).

    PYTHONPATH=$PWD python benchmarks/survey_long_digits.py [--count 150] [--first 0] [--min 8] [--quiet]

The specs are drawn from the seed alone (random.Random(seed)), so two trees survey the same specs.
No assertion: a survey counts.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter
from fractions import Fraction

ELEMENTWISE = ["relu", "leaky_relu", "sigmoid", "tanh", "identity", "softplus"]
OPTIMIZERS = [None, {"name": "momentum", "beta": "0.9"}, {"name": "momentum", "beta": "0.8", "nesterov": True},
              {"name": "adam"}, {"name": "rmsprop"}, {"name": "adagrad"}]
EXAMPLES = ["nn231", "mazur", "softmax3", "batch3", "steps3", "nobias", "momentum2", "adam1"]


def _number(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.1f}"


def random_spec(seed: int) -> dict:
    """A random dense network (see the module docstring), drawn from `seed` alone."""
    rng = random.Random(seed)
    loss = rng.choice(["half_sse", "mse", "bce", "cross_entropy"])
    if loss in ("bce", "cross_entropy"):
        output = rng.choice(["sigmoid", "softmax"])
    else:
        output = rng.choice(ELEMENTWISE + ["softmax"])
    outputs = rng.randint(2, 4) if output == "softmax" or loss == "cross_entropy" else rng.randint(1, 3)
    hidden = [rng.randint(1, 4) for _ in range(rng.randint(0, 3))]
    widths = [rng.randint(1, 4), *hidden, outputs]
    layers = []
    for l in range(1, len(widths)):
        activation = output if l == len(widths) - 1 else rng.choice(ELEMENTWISE)
        layer = {"weights": [[_number(rng, -1, 1) for _ in range(widths[l - 1])] for _ in range(widths[l])],
                 "activation": activation}
        if rng.random() < 0.85:
            layer["biases"] = [_number(rng, -1, 1) for _ in range(widths[l])]
        else:
            layer["bias"] = False
        if activation == "leaky_relu":
            layer["negative_slope"] = rng.choice(["0.01", "0.1"])
        layers.append(layer)

    def target():
        if loss == "cross_entropy":
            hot = rng.randrange(outputs)
            return [1 if j == hot else 0 for j in range(outputs)]
        if loss == "bce":
            return [rng.choice(["0", "1", "0.5", "0.2"]) for _ in range(outputs)]
        return [_number(rng, -1, 2) for _ in range(outputs)]

    samples = rng.choice([1, 1, 2, 3])
    xs = [[_number(rng, -2, 2) for _ in range(widths[0])] for _ in range(samples)]
    ys = [target() for _ in range(samples)]
    table = {"layers": widths, "loss": loss, "steps": rng.choice([1, 2, 2, 3]), "layer": layers,
             "learning_rate": rng.choice(["0.1", "0.5", "0.25", "0.05"])}
    if samples == 1:
        table.update(input=xs[0], target=ys[0])
    else:
        table.update(inputs=xs, targets=ys)
    optimizer = rng.choice(OPTIMIZERS)
    if optimizer is not None:
        table["optimizer"] = dict(optimizer)
    regularizer = rng.random()
    if regularizer < 0.1:
        table["weight_decay"] = "0.05"
    elif regularizer < 0.15:
        table["l1"] = "0.02"
    return table


LAST_PLAN: list = []  # the plan `survey` read last


class Plans:
    """Every DisplayPlan solved while this is active (the last one is the printed solution's)."""

    def __enter__(self):
        from symbp.render import plan_grow

        self.solved, self._solve = [], plan_grow.GuardDigits.solve
        plans = self.solved
        original = self._solve

        def solve(plan):
            original(plan)
            plans.append(plan)

        plan_grow.GuardDigits.solve = solve
        return self

    def __exit__(self, *_):
        from symbp.render import plan_grow

        plan_grow.GuardDigits.solve = self._solve


def tie_distance(plan, relation) -> float | None:
    """How far the line's true value lies from the nearest rounding tie of its printed result, in
    units of the result's last digit (0: on the tie; 0.5: midway between two ties)."""
    from symbp.numbers import as_fraction

    shown = plan.shown(relation.result)
    if not shown.rounded:
        return None
    unit = shown.unit
    value = as_fraction(plan.values[relation.result])
    offset = (value / unit) - (value / unit).__floor__()  # in [0, 1): 0.5 is the tie
    return float(abs(offset - Fraction(1, 2)))


def survey(spec, digits: int, minimum: int) -> tuple[int, list, int]:
    """(the most significant digits of a number printed rounded, [(key, digits, forcing line,
    its tie distance, the chain length)] for the numbers printed with `minimum` or more, the number
    of numbers printed rounded)."""
    from symbp import api
    from symbp.render.plan_reach import demand_chain
    from symbp.render.plan_links import links

    with Plans() as plans:
        api.derive(spec, digits).to("text")
    plan = plans.solved[-1]
    LAST_PLAN[:] = [plan]
    _, source, _ = links(tuple(plan.relations))
    printed = {key: plan.precision.get(key, digits) for key in plan.values
               if key in plan._shown and plan._shown[key].rounded}
    if not printed:
        return digits, [], 0
    long = []
    for key, count in sorted(printed.items(), key=lambda item: -item[1]):
        if count < minimum:
            break
        chain = demand_chain(plan, key, source)
        ties = [(distance, line) for line in chain if (distance := tie_distance(plan, line)) is not None]
        nearest = min(ties, key=lambda tie: tie[0]) if ties else (None, None)
        long.append((key, count, chain[0] if chain else None, nearest, len(chain), chain[-1] if chain else None))
    return max(printed.values()), long, len(printed)


def stem(key: str) -> str:
    """A key's kind: its name without indices, "@t" for a later step (w_00^1@2 -> w@t)."""
    return re.sub(r"[_^\[@(].*", "", key) + ("@t" if "@" in key else "")


def plan_digits(relation) -> str:
    return str(LAST_PLAN[0].precision.get(relation.result, LAST_PLAN[0].digits))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--digits", type=int, default=4)
    parser.add_argument("--min", type=int, default=8)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    from symbp import api
    from symbp.errors import SymbpError
    from symbp.render.printers import printer
    from symbp.resources import example_path

    symbol = printer("text").symbol
    cases = [(name, lambda name=name: api.load(example_path(name))) for name in EXAMPLES]
    cases += [(f"seed {seed}", lambda seed=seed: api.spec_from_dict(random_spec(seed)))
              for seed in range(args.first, args.first + args.count)]
    most, exits, numbers, long_numbers, near_tie, roots = Counter(), Counter(), 0, 0, 0, Counter()
    start = time.process_time()
    for name, load in cases:
        try:
            top, long, count = survey(load(), args.digits, args.min)
        except SymbpError as error:
            exits[error.exit_code] += 1
            print(f"{name}: exit {error.exit_code}", flush=True)
            continue
        except Exception as error:  # noqa: BLE001 (a crash: what the command line reports as exit 70)
            exits[70] += 1
            print(f"{name}: exit 70 ({type(error).__name__}: {error})", flush=True)
            continue
        most[top] += 1
        numbers += count
        long_numbers += len(long)
        for key, count, line, (distance, nearest), chain, root in long:
            near_tie += distance is not None and distance < 0.01
            roots[stem(root.result) if root is not None else "-"] += 1
            if not args.quiet:
                by = "-" if line is None else f"{symbol(line.result)}, chain of {chain}"
                if nearest is not None:
                    by += f"; nearest a tie: {symbol(nearest.result)} ({distance:.1e} unit, {plan_digits(nearest)} digits)"
                print(f"{name}: {symbol(key)} {count} digits, asked by {by}", flush=True)
    print(f"derivations {sum(most.values())}, exits {dict(exits)}; most digits per derivation: "
          + ", ".join(f"{d}: {n}" for d, n in sorted(most.items())))
    print(f"numbers printed rounded {numbers}, with >= {args.min} digits {long_numbers} "
          f"(asked by a line within 0.01 unit of a tie: {near_tie}); {time.process_time() - start:.0f} s process time")
    print("the line at the start of each one's demand, by kind: "
          + ", ".join(f"{kind} {n}" for kind, n in roots.most_common()))


if __name__ == "__main__":
    main()
