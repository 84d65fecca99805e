"""answers.json's writer (symbp/answers_json.py) gives json.dumps(indent=2, ensure_ascii=False)'s
bytes: on random nested values (unicode, NaN, ±inf, −0.0, huge and tiny floats, bools, None, empty
containers, tuples, non-string keys, subclasses) and, indented, in place inside a larger document."""

from __future__ import annotations

import json
import math
import random
from enum import IntEnum

from symbp.answers_json import Encoded, VARIANT_INDENT, dumps


class Level(IntEnum):
    LOW = 1


class Text(str):
    pass


def _scalar(rng):
    return rng.choice([
        lambda: rng.uniform(-1e6, 1e6), lambda: rng.choice([math.nan, math.inf, -math.inf, -0.0, 0.0, 1e300, 5e-324]),
        lambda: rng.randint(-10**30, 10**30), lambda: rng.choice([True, False, None]),
        lambda: "".join(rng.choice('aé"\\\n\t\x01€𝑥/ ') for _ in range(rng.randint(0, 6))),
        lambda: Level.LOW, lambda: Text("sub\"class"), lambda: 1.5,
    ])()


def _value(rng, depth=0):
    if depth > 3 or rng.random() < 0.35:
        return _scalar(rng)
    size = rng.randint(0, 4)
    shape = rng.random()
    if shape < 0.4:
        return {str(_scalar(rng)): _value(rng, depth + 1) for _ in range(size)}
    if shape < 0.5:
        return {rng.choice([1, 2.5, True, None]): _value(rng, depth + 1) for _ in range(size)}
    if shape < 0.8:
        return [_value(rng, depth + 1) for _ in range(size)]
    return tuple(_value(rng, depth + 1) for _ in range(size))


def test_the_writer_gives_json_dumps_bytes():
    rng = random.Random(16)
    for _ in range(600):
        value = _value(rng)
        assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_an_encoded_part_stands_in_its_place():
    rng = random.Random(17)
    for _ in range(100):
        parts = [{"id": i, "values": _value(rng)} for i in range(rng.randint(1, 4))]
        document = {"seed": 3, "variants": parts}
        texts = [Encoded(dumps(part, VARIANT_INDENT)) for part in parts]
        assert dumps({"seed": 3, "variants": texts}) == json.dumps(document, indent=2, ensure_ascii=False)
