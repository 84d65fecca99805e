"""Printed numbers and the functions of a printed line, for the reader of the printed text.

In:  a printed number's text (`0.7500`, `-0.4` without its sign, `1{,}5`, `1.2 \\cdot 10^{-5}`,
     `1.2·10^−5`); a function's name (readback_read.py's names).
Out: `pair(text)` (numerator, denominator): its digits over a power of ten; `unit(text)`: its last
     digit's unit; `number_of(text)`: both, or None where the text is not a number; the activations
     and elementary functions on integer pairs (RATIONAL_RULES: the rational ones) and on Decimals at
     DIGITS digits (DECIMAL_RULES), written out from their textbook definitions here.
"""

from __future__ import annotations

import re
from decimal import Decimal

DIGITS = 50  # the precision of a transcendental expression's value
RATIONAL = {"relu", "relu'", "leaky_relu", "leaky_relu'", "identity", "identity'", "sign", "abs"}


def inverse(n: int, d: int) -> tuple:
    if d == 0:
        raise ZeroDivisionError("division by a printed 0")
    return (-n, -d) if d < 0 else (n, d)


def _relu(n, d, s):
    return (n, d) if n > 0 else (0, 1)


def _leaky(n, d, s):
    return (n, d) if n > 0 else (n * s.numerator, d * s.denominator)


RATIONAL_RULES = {
    "relu": _relu, "relu'": lambda n, d, s: (1 if n > 0 else 0, 1),
    "leaky_relu": _leaky, "leaky_relu'": lambda n, d, s: (1, 1) if n > 0 else (s.numerator, s.denominator),
    "identity": lambda n, d, s: (n, d), "identity'": lambda n, d, s: (1, 1),
    "sign": lambda n, d, s: ((n > 0) - (n < 0), 1), "abs": lambda n, d, s: (abs(n), d),
}


def _sigmoid(x: Decimal) -> Decimal:
    if x < 0:
        e = x.exp()
        return e / (1 + e)
    return 1 / (1 + (-x).exp())


def _tanh(x: Decimal) -> Decimal:
    e = (-2 * abs(x)).exp()
    t = (1 - e) / (1 + e)
    return t if x >= 0 else -t


def softmax(xs: list, j: int) -> Decimal:
    top = max(xs)
    exps = [(x - top).exp() for x in xs]
    return exps[j] / sum(exps)


def _ln(x: Decimal) -> Decimal:
    if x <= 0:
        raise ArithmeticError("ln of a printed number <= 0")
    return x.ln()


def _sqrt(x: Decimal) -> Decimal:
    if x < 0:
        raise ArithmeticError("square root of a printed negative number")
    return x.sqrt()


DECIMAL_RULES = {
    "relu": lambda x, s: x if x > 0 else Decimal(0), "relu'": lambda x, s: Decimal(1 if x > 0 else 0),
    "leaky_relu": lambda x, s: x if x > 0 else s * x, "leaky_relu'": lambda x, s: Decimal(1) if x > 0 else s,
    "identity": lambda x, s: x, "identity'": lambda x, s: Decimal(1),
    "sign": lambda x, s: Decimal((x > 0) - (x < 0)), "abs": lambda x, s: abs(x),
    "sigmoid": lambda x, s: _sigmoid(x), "sigmoid'": lambda x, s: _sigmoid(x) * (1 - _sigmoid(x)),
    "tanh": lambda x, s: _tanh(x), "tanh'": lambda x, s: 1 - _tanh(x) ** 2,
    "softplus": lambda x, s: max(x, Decimal(0)) + (1 + (-abs(x)).exp()).ln(), "softplus'": lambda x, s: _sigmoid(x),
    "exp": lambda x, s: x.exp(), "ln": lambda x, s: _ln(x), "sqrt": lambda x, s: _sqrt(x),
}

_MANTISSA = re.compile(r"(\d+)(?:(?:\.|\{,\}|,)(\d+))?(?: \\cdot 10\^\{(-?\d+)\}|·10\^([−-]?\d+))?")


def pair(text: str) -> tuple:
    """A printed number's text -> (numerator, denominator): its digits as an integer over a power of
    ten (no Fraction made); kept per text (`PAIRS`: text -> pair)."""
    found = PAIRS.get(text)
    return found if found is not None else _parsed(text)[0]


def unit(text: str) -> tuple:
    """The unit of a printed number's last digit, (1, 10^k) or (10^k, 1)."""
    found = _PAIRS.get(text)
    return (found or _parsed(text))[1]


def number_of(text: str) -> tuple | None:
    """(`pair`, `unit`) of a printed number's text (no sign), or None where it is not one."""
    found = _PAIRS.get(text)
    if found is None and _MANTISSA.fullmatch(text) is not None:
        found = _parsed(text)
    return found


def _parsed(text: str) -> tuple:
    """(`pair`, `unit`) of a printed number's text, kept."""
    whole, fraction, tex_power, text_power = _MANTISSA.fullmatch(text).groups()
    fraction = fraction or ""
    power = int((tex_power or text_power or "0").replace("−", "-")) - len(fraction)
    digits = int(whole + fraction)
    found = ((digits * 10 ** power, 1), (10 ** power, 1)) if power >= 0 else ((digits, 10 ** -power), (1, 10 ** -power))
    if len(_PAIRS) >= 1 << 16:
        _PAIRS.clear()
        PAIRS.clear()
    _PAIRS[text] = found
    PAIRS[text] = found[0]
    return found


_PAIRS: dict = {}  # a number's text -> (`pair`, `unit`) of it
PAIRS: dict = {}  # a number's text -> its `pair`
