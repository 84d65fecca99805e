"""A worksheet run into a folder that holds an earlier key: which variants now have other numbers.

In:  the folder's answers.json before the run writes (`variants_of`, read once, bounded, never
     raising: a file that is no key, too large or broken is no earlier key) and after.
Out: `changed(before, after)`: the ids of the variants both keys have whose spec (the numbers a
     student was given) differ, and the two keys' seeds — the command line warns on stderr, as a
     sheet handed out from the earlier key no longer matches the folder's key.
"""

from __future__ import annotations

import json
import os
import stat

from .staging import MAX_KEY_SNIFFED


def variants_of(path) -> dict | None:
    """{"seed": the key's seed, "specs": {variant id: its spec}} of a worksheet's answers.json, or None."""
    try:
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)), "rb") as fh:
            state = os.fstat(fh.fileno())
            if not stat.S_ISREG(state.st_mode) or not 0 < state.st_size <= MAX_KEY_SNIFFED:
                return None
            data = json.loads(fh.read(MAX_KEY_SNIFFED).decode("utf-8"))
        variants = data["variants"]
        specs = {str(v["id"]): v["spec"] for v in variants if isinstance(v, dict) and "id" in v and "spec" in v}
        return {"seed": data.get("seed"), "specs": specs}
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def changed(before: dict | None, after: dict | None) -> tuple[list[str], object, object] | None:
    """(the ids of the variants whose numbers differ, the earlier seed, this run's), or None: none differ."""
    if not before or not after:
        return None
    ids = [i for i, spec in after["specs"].items() if i in before["specs"] and before["specs"][i] != spec]
    return (ids, before["seed"], after["seed"]) if ids else None
