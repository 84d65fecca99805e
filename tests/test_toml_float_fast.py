"""toml_float's fast path (a plain decimal of at most 15 digits, read at once as its float) gives what its general
path gives: 20,000 numbers drawn here, each read by toml_float and by the rule the docstring states (a plain decimal
of at most 15 significant digits, no exponent, no _ or +, not ending in 0, without "0.0000": its float; else the
number as written: a float whose repr or kept text is it, or its Decimal)."""

from __future__ import annotations

import random
from decimal import Decimal

from symbp.inputs import toml_float


def _plain(text: str) -> bool:
    digits = text.lstrip("+-").replace(".", "").lstrip("0")
    return (len(digits) <= 15 and "e" not in text.lower() and "_" not in text and not text.startswith("+")
            and not text.endswith("0") and "0.0000" not in text and Decimal(text) != 0)


def test_the_fast_path_reads_as_the_rule_says():
    rng = random.Random(64)
    for _ in range(20000):
        sign = rng.choice(["", "-", "+"])
        whole = rng.choice(["0", str(rng.randint(1, 10 ** rng.randint(0, 9)))])
        text = f"{sign}{whole}.{''.join(rng.choice('0123456789') for _ in range(rng.randint(1, 12)))}"
        value = toml_float(text)
        if _plain(text):
            assert type(value) is float and value == float(text), text
        else:  # (as written: a float whose repr or kept text is the text, or the Decimal of the text)
            written = getattr(value, "text", None) or (repr(value) if isinstance(value, float) else str(value))
            assert written == text or Decimal(written) == Decimal(text) and type(value) is not float, (text, value)
