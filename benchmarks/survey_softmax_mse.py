"""Survey: random softmax networks with a squared-error loss (mse, half_sse), with and without an
optimizer, at --digits 2-6, derived in exact mode; how many end in exit 3 (VerificationError: a line
that cannot be made to follow from the printed numbers) and how many lines are printed "≈†".

    PYTHONPATH=$PWD python benchmarks/survey_softmax_mse.py [--count 115] [--first 0] [--detail auto]

Prints one line per spec (seed, exit, "≈†" lines, digits, optimizer, loss, widths) and the totals.
The specs are drawn from the seed alone (random.Random(seed)), so two trees survey the same specs.
No assertion: a survey counts.
"""

from __future__ import annotations

import argparse
import random
import time

OPTIMIZERS = [None, {"name": "momentum"}, {"name": "momentum", "nesterov": True}, {"name": "adam"},
              {"name": "rmsprop"}, {"name": "adagrad"}]


def _number(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.1f}"


def random_spec(seed: int) -> tuple[dict, int]:
    """A softmax output layer (2-4 outputs) after 0-1 hidden layers, mse or half_sse, 1-3 steps, an
    optimizer or none, learning rates up to 2 (saturating outputs are what is surveyed), --digits 2-6."""
    rng = random.Random(seed)
    outputs = rng.randint(2, 4)
    hidden = [rng.randint(1, 3) for _ in range(rng.choice([0, 1, 1]))]
    widths = [rng.randint(1, 3), *hidden, outputs]
    layers = []
    for l in range(1, len(widths)):
        layer = {"weights": [[_number(rng, -1, 1) for _ in range(widths[l - 1])] for _ in range(widths[l])],
                 "activation": "softmax" if l == len(widths) - 1 else rng.choice(["identity", "relu", "tanh"])}
        if rng.random() < 0.8:
            layer["biases"] = [_number(rng, -1, 1) for _ in range(widths[l])]
        else:
            layer["bias"] = False
        layers.append(layer)
    table = {"layers": widths, "loss": rng.choice(["mse", "half_sse"]), "steps": rng.randint(1, 3), "layer": layers,
             "learning_rate": rng.choice(["0.5", "1", "1", "2"]), "input": [_number(rng, -2, 2) for _ in range(widths[0])]}
    if rng.random() < 0.5:
        hot = rng.randrange(outputs)
        table["target"] = [1 if j == hot else 0 for j in range(outputs)]
    else:
        table["target"] = [_number(rng, -0.5, 1.5) for _ in range(outputs)]
    optimizer = rng.choice(OPTIMIZERS)
    if optimizer is not None:
        table["optimizer"] = dict(optimizer)
    return table, rng.randint(2, 6)


def survey_one(seed: int, detail: str) -> tuple[int, int]:
    """(exit code, "≈†" lines) of one spec's exact worked solution."""
    from symbp import api
    from symbp.errors import SymbpError

    table, digits = random_spec(seed)
    try:
        text = api.derive(api.spec_from_dict(table), digits, detail=detail).to("text")
    except SymbpError as error:
        return error.exit_code, 0
    except Exception:  # noqa: BLE001 (a crash: what the command line reports as exit 70)
        return 70, 0
    return 0, sum(["≈† " in line for line in text.splitlines()])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=115)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--detail", default="auto")
    args = parser.parse_args()
    exits: dict = {}
    marked = 0
    start = time.process_time()
    for seed in range(args.first, args.first + args.count):
        table, digits = random_spec(seed)
        code, lines = survey_one(seed, args.detail)
        exits[code] = exits.get(code, 0) + 1
        marked += lines
        optimizer = (table.get("optimizer") or {"name": "sgd"})["name"]
        print(f"{seed:5d} exit {code} ≈† {lines:3d}  digits {digits} {optimizer:9s} {table['loss']:8s} "
              f"{table['layers']} steps {table['steps']} lr {table['learning_rate']}", flush=True)
    print(f"specs {args.count}: exits {dict(sorted(exits.items()))}, ≈† lines {marked}, "
          f"{time.process_time() - start:.0f} s process time")


if __name__ == "__main__":
    main()
