"""A worksheet run into a folder that holds an earlier key: which variants now have other numbers.

In:  the folder's answers.json before the run writes (`variants_of`, read once, bounded, never
     raising: a file that is no key, too large or broken is no earlier key) and after.
Out: `changed(before, after)`: the ids of the variants both keys have whose spec (the numbers a
     student was given) differ, and the two keys' seeds — the command line warns on stderr, as a
     sheet handed out from the earlier key no longer matches the folder's key.
"""

from __future__ import annotations

import json

from .staging import small_text


def variants_of(path) -> dict | None:
    """{"seed": the key's seed, "specs": {variant id: its spec}} of a worksheet's answers.json, or None."""
    text = small_text(path)
    if text is None:
        return None
    try:
        data = json.loads(text)
        specs = {str(v["id"]): v["spec"] for v in data["variants"] if isinstance(v, dict) and "id" in v and "spec" in v}
        return {"seed": data.get("seed"), "specs": specs}
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def changed(before: dict | None, after: dict | None) -> tuple[list[str], object, object] | None:
    """(the ids of the variants whose numbers differ, the earlier seed, this run's), or None: none differ."""
    if not before or not after:
        return None
    ids = [i for i, spec in after["specs"].items() if i in before["specs"] and before["specs"][i] != spec]
    return (ids, before["seed"], after["seed"]) if ids else None
