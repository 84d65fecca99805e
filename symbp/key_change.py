"""A worksheet run into a folder that holds an earlier key: which variants now have other numbers.

In:  the folder's answers.json before the run writes (`variants_of`, read once, bounded, never
     raising: a file that is no key, too large or broken is no earlier key) and after.
Out: `changed(before, after)`: the ids of the variants both keys have whose spec (the numbers a
     student was given) differ, and the two keys' seeds; `dropped(before, after)`: the ids of the
     earlier key's variants this one does not have (a rerun with fewer variants, or another
     --first-variant) — the command line warns on stderr of both, as a sheet handed out from the
     earlier key no longer matches the folder's key, or can no longer be marked against it.
"""

from __future__ import annotations

import json

from .staging import small_text


def variants_of(path) -> dict | None:
    """{"seed": the key's seed, "specs": {variant id: its spec}} of a worksheet's answers.json, or None."""
    return variants_in(small_text(path))


def variants_in(text: str | None) -> dict | None:
    """`variants_of` a key's text (the one a run writes: no need to read it back)."""
    from .inputs import too_many_values

    if text is None or too_many_values(text):
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


def dropped(before: dict | None, after: dict | None) -> list[str]:
    """The ids of the earlier key's variants that this key does not have (in the earlier key's order)."""
    if not before or not after:
        return []
    return [i for i in before["specs"] if i not in after["specs"]]


def id_ranges(ids: list[str], most: int = 8) -> str:
    """Variant ids as a reader scans them: runs of consecutive numbers as "4–30", at most `most` parts."""
    runs: list[list[str]] = []
    for i in ids:
        if runs and i.isdigit() and runs[-1][-1].isdigit() and int(i) == int(runs[-1][-1]) + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = [run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs]
    return ", ".join(parts[:most]) + (", …" if len(parts) > most else "")


def replaced_warnings(before: dict | None, after: dict | None, key: str) -> list[str]:
    """The warnings of a key written over `before` (`variants_of` of the file before and after), in the
    current language: its variants with other numbers, and those it no longer holds; `key`: the file as shown."""
    from .i18n import message

    out = []
    found = changed(before, after)
    if found is not None:
        ids, old, new = found
        words = dict(key=key, count=len(ids), ids=id_ranges(ids))
        out.append(message("progress.key_changed", old=old, new=new, **words) if old != new else
                   message("progress.key_changed_options", seed=new, **words))
    gone = dropped(before, after)
    if gone:
        out.append(message("progress.key_dropped", key=key, n=len(gone), ids=id_ranges(gone)))
    return out
