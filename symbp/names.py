"""Quantity names: the one scheme shared by answer keys, `symbp check` and exports.

    z_j^l  a_j^l  L  delta_j^l  dL/dw_jk^l  dL/db_j^l      forward pass and gradients of step 1
    w_jk^l@t  b_j^l@t  z_j^l@t  L@t  ...                  the same at step t >= 2
    z_1^1[2]@2                                            sample 2 of a batch, step 2

Indices are 0-based, written together while all are below 10 (`w_10^1`: j = 1, k = 0), else in
braces with commas (`w_{10,2}^1`), a form always accepted on input.  Givens use the same scheme:
inputs `a_k^0`, targets `y_j`, the learning rate `alpha`.
"""

from __future__ import annotations

import re

LEARNING_RATE = "alpha"

_PREFIX = {
    "z": "z_", "a": "a_", "delta": "delta_", "w": "w_", "b": "b_", "y": "y_",
    "dw": "dL/dw_", "db": "dL/db_",
}


def indices(*idx: int) -> str:
    if all(i < 10 for i in idx):
        return "".join(str(i) for i in idx)
    return "{" + ",".join(str(i) for i in idx) + "}"


def suffix(sample: int | None = None, step: int = 1) -> str:
    return (f"[{sample}]" if sample else "") + (f"@{step}" if step >= 2 else "")


def name(kind: str, layer: int | None, idx: tuple[int, ...], sample: int | None = None, step: int = 1) -> str:
    """The name of one quantity, e.g. name("dw", 1, (1, 0)) == "dL/dw_10^1"."""
    if kind == "L":
        return "L" + suffix(sample, step)
    if kind == "y":
        return f"y_{indices(*idx)}" + suffix(sample, 1)
    return f"{_PREFIX[kind]}{indices(*idx)}^{layer}" + suffix(sample, step)


_NAME = re.compile(
    r"^(?P<kind>z|a|delta|w|b|y|dL/dw|dL/db)_(?P<idx>\d+|\{\s*\d+(?:\s*,\s*\d+)*\s*\})(?:\^(?P<layer>\d+))?"
    r"(?:\[(?P<sample>\d+)\])?(?:@(?P<step>\d+))?$"
    r"|^(?P<loss>L)(?:\[(?P<lsample>\d+)\])?(?:@(?P<lstep>\d+))?$"
)
_KIND = {"dL/dw": "dw", "dL/db": "db"}
_ARITY = {"w": 2, "dw": 2}


def canonical(text: str) -> str | None:
    """The canonical spelling of a quantity name, or None when it is not one."""
    text = text.strip().replace(" ", "")
    match = _NAME.match(text)
    if not match:
        return None
    if match.group("loss"):
        sample = int(match.group("lsample")) if match.group("lsample") else None
        step = int(match.group("lstep")) if match.group("lstep") else 1
        return name("L", None, (), sample, step)
    kind = _KIND.get(match.group("kind"), match.group("kind"))
    raw = match.group("idx")
    if raw.startswith("{"):
        idx = tuple(int(p) for p in raw.strip("{}").split(","))
    elif _ARITY.get(kind, 1) == 2:
        if len(raw) != 2:
            return None
        idx = (int(raw[0]), int(raw[1]))
    else:
        idx = (int(raw),)
    if len(idx) != _ARITY.get(kind, 1):
        return None
    layer = match.group("layer")
    if (layer is None) != (kind == "y"):
        return None
    sample = int(match.group("sample")) if match.group("sample") else None
    step = int(match.group("step")) if match.group("step") else 1
    return name(kind, int(layer) if layer else None, idx, sample, step)
