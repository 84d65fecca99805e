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


# Numbers in names: no leading zeros (z_{01}^1 is not z_1^1), at most 6 digits; samples and steps
# count from 1 (L[0] and w_00^1@0 name nothing); run-together indices are one digit each (z_00^1
# is not z_0^1: an index of 10 or more is written in braces).
_INDEX = r"(?:0|[1-9]\d{0,5})"
_COUNT = r"[1-9]\d{0,5}"
_NAME = re.compile(
    rf"^(?P<kind>z|a|delta|w|b|y|dL/dw|dL/db)_(?P<idx>\d{{1,2}}|\{{{_INDEX}(?:,{_INDEX})*\}})(?:\^(?P<layer>{_INDEX}))?"
    rf"(?:\[(?P<sample>{_COUNT})\])?(?:@(?P<step>{_COUNT}))?$"
    rf"|^(?P<loss>L)(?:\[(?P<lsample>{_COUNT})\])?(?:@(?P<lstep>{_COUNT}))?$"
)
MAX_NAME = 80  # characters: longer text is no quantity name
_KIND = {"dL/dw": "dw", "dL/db": "db"}
_ARITY = {"w": 2, "dw": 2}


def canonical(text: str) -> str | None:
    """The canonical spelling of a quantity name, or None when it is not one."""
    text = text.strip().replace(" ", "")
    if len(text) > MAX_NAME:
        return None
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
    else:
        idx = tuple(int(digit) for digit in raw)  # run together: one digit per index
    if len(idx) != _ARITY.get(kind, 1):
        return None
    layer = match.group("layer")
    if (layer is None) != (kind == "y"):
        return None
    sample = int(match.group("sample")) if match.group("sample") else None
    step = int(match.group("step")) if match.group("step") else 1
    return name(kind, int(layer) if layer else None, idx, sample, step)
