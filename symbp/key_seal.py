"""The seal of an answer key: its marking rule and each variant's content, hashed.

In:  answers.json as a dict (`symbp worksheet`, a graph sheet); its variants as dicts or as the
     JSON text the worksheet already wrote for each (answers_json.variant_text).
Out: `seal`: the key's digits, detail, key and tasks, and its variant seals and other fields
     (HEAD), hashed (16 hex digits); `variant_seals`: per variant a hash (16 hex digits) of each of its fields (spec,
     asked, exact, carried, ...) over the field's JSON text; `sealed`: the document with its
     "variant_seals" and "seal" before its variants; `edited_variant`: the first variant field that
     no longer has its seal, as (index, field).  `symbp check --key` (key_file.py) refuses a key
     that no longer has its seals, naming the field, before any answer is marked (`check_seal`,
     `check_variant_seals`: a SpecError, exit 2).

The seal holds no secret: it catches a careless edit, not someone who reads this file.  A field's
text is `"name": ` and json.dumps(value, indent=2, ensure_ascii=False), the way answers.json
writes it (at the variant's indentation, which is taken off): hashing the worksheet's own text of
a variant costs one split and a hash per field, no second serialization.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import SpecError

SEALED = ("digits", "detail", "key", "tasks")  # the marking rule of a key: what its "seal" covers
VARIANT_SEALS = "variant_seals"  # each variant's fields' hashes (a key from before them has none)
PRECISE = ("exact", "carried", "asked")  # a variant's fields whose edit its values' check names more precisely than its seal
HEAD = ("symbp_version", "kind", "spec_name", "seed", "locale")  # sealed too in a key with variant seals


def _hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:16]


def seal(document: dict) -> str:
    names = SEALED + ((VARIANT_SEALS, *HEAD) if VARIANT_SEALS in document else ())
    text = json.dumps({name: document.get(name) for name in names}, sort_keys=True, ensure_ascii=True)
    return _hash(f"symbp answer key\n{text}")


def _fields_of_text(text: str) -> dict:
    """A variant's JSON text (a dict, indent=2, written at any indentation) -> {field: its text}."""
    body = text[text.index("\n") + 1:text.rindex("\n")]
    base = len(body) - len(body.lstrip(" "))
    fields = {}
    for part in re.split(rf",\n(?= {{{base}}}\")", body):
        name, _ = json.decoder.scanstring(part, base + 1)
        fields[name] = part[base:].replace("\n" + " " * base, "\n")
    return fields


def _fields_of_dict(entry: dict) -> dict:
    from json.encoder import encode_basestring

    return {name: f"{encode_basestring(name)}: {json.dumps(value, indent=2, ensure_ascii=False)}"
            for name, value in entry.items()}


def variant_seal(entry) -> dict:
    """{field: hash} of one variant: its dict, or its JSON text as answers.json holds it."""
    fields = _fields_of_text(entry) if isinstance(entry, str) else _fields_of_dict(entry)
    return {name: _hash(text) for name, text in fields.items()}


def sealed(document: dict) -> dict:
    head = {name: value for name, value in document.items() if name != "variants"}
    if "variants" in document:
        head[VARIANT_SEALS] = [variant_seal(entry) for entry in document["variants"]]
    return {**head, "seal": seal(head), **({"variants": document["variants"]} if "variants" in document else {})}


def edited_variant(seals, variants: list):
    """(index, field) of the first variant field that is not what its seal says — a field edited,
    added ("field" not sealed) or deleted — or (index, None) for a variant added or removed; None
    when every variant has its seal."""
    if not isinstance(seals, list) or len(seals) != len(variants):
        return (min(len(seals), len(variants)) if isinstance(seals, list) else 0), None
    for index, (expected, entry) in enumerate(zip(seals, variants)):
        if not isinstance(expected, dict):
            return index, None
        found = variant_seal(entry)
        for name in (*expected, *found):
            if expected.get(name) != found.get(name):
                return index, name
    return None


def check_seal(data: dict, path: Path) -> None:
    """A key's rule must be the one it was sealed with: the field edited is named with the value it
    was made with (a key from before the seal has none: its values are checked all the same)."""
    from .key_fields import shown

    if "seal" not in data:
        # recorded together with the seal (a key from before has neither); a carried key's values
        # show its digits and detail, an exact key's nothing but its seal does
        if VARIANT_SEALS in data or ("detail" in data and data.get("key") != "carried"):
            raise SpecError(f"{path}: seal", "missing; was the key edited?")
        return
    if data["seal"] == seal(data):
        return
    from itertools import combinations

    from .api import DETAILS
    from .graph.sheets import TASKS as GRAPH_TASKS
    from .i18n import available
    from .numbers import short_repr
    from .tasks import TASKS

    subsets = [list(c) for tasks in (tuple(TASKS), GRAPH_TASKS) for n in range(len(tasks) + 1)
               for c in combinations(tasks, n)]
    candidates = {"digits": [*range(1, 16), None], "detail": [*DETAILS, None], "key": ["carried", "exact", None],
                  "tasks": subsets, "locale": [*available(), None], "kind": ["graph", None]}
    for name in (*SEALED, "locale", "kind") if VARIANT_SEALS in data else SEALED:
        for value in candidates[name]:
            if value != data.get(name) and seal({**data, name: value}) == data["seal"]:
                made = f"with {short_repr(value)}" if value is not None else "without it"
                raise SpecError(f"{path}: {name}", f"{shown(data, name)}, but the key was made {made}; was the key edited?")
    covered = (*SEALED, *HEAD, VARIANT_SEALS) if VARIANT_SEALS in data else SEALED
    raise SpecError(f"{path}: seal", f"does not match the key's {', '.join(covered)}; was the key edited?")


def check_variant_seals(data: dict, path: Path, solve) -> None:
    """Each variant's fields must be those it was sealed with (a key from before the variant
    seals has none: its variants are checked by their values when marked).  A variant that is
    not is checked by its values at once (`solve(its id)`, key_file.Key.solution), which name the
    number edited where they can."""
    from .errors import SymbpError

    if VARIANT_SEALS not in data:
        return
    edited = edited_variant(data[VARIANT_SEALS], data["variants"])
    if edited is None:
        return
    error = _edited_variant(data, path, *edited)
    index, name = edited
    if name in PRECISE and name in data["variants"][index] and name in data[VARIANT_SEALS][index]:
        try:
            solve(data["variants"][index]["id"])
        except SpecError as precise:
            raise precise from None
        except SymbpError:
            pass
    raise error


def _edited_variant(data: dict, path: Path, index: int, name: str | None) -> SpecError:
    if name is None:
        return SpecError(f"{path}: variants", f"{len(data['variants'])} variants, but the key was made with "
                                              f"{len(data[VARIANT_SEALS])}; was the key edited?")
    variant = data["variants"][index]
    where = f"{path}: variants[{index}] (variant {str(variant['id'])[:20]}): {name}"
    sealed_fields = data[VARIANT_SEALS][index]
    what = ("missing, but the key was made with it" if name not in variant else
            "not a field of the key as it was made" if name not in sealed_fields else
            "not what the key was made with (its seal differs)")
    return SpecError(where, f"{what}; was the key edited?")
