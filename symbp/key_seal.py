"""The seal of an answer key: its marking rule and each variant's content, hashed.

In:  answers.json as a dict (`symbp worksheet`, a graph sheet); its variants as dicts or as the
     JSON text the worksheet already wrote for each (answers_json.variant_text).
Out: `seal`: the key's digits, detail, key and tasks, and its variant seals and other fields
     (HEAD), hashed (16 hex digits); `variant_seals`: per variant a hash (16 hex digits) of each of its fields (spec,
     asked, exact, carried, ...) over the field's JSON text; `sealed`: the document with its
     "variant_seals" and "seal" before its variants; `edited_variant`: the first variant field that
     no longer has its seal, as (index, field).  `symbp check --key` (key_file.py) refuses a key
     that no longer has its seals, naming the field, before any answer is marked.

The seal holds no secret: it catches a careless edit, not someone who reads this file.  A field's
text is `"name": ` and json.dumps(value, indent=2, ensure_ascii=False), the way answers.json
writes it (at the variant's indentation, which is taken off): hashing the worksheet's own text of
a variant costs one split and a hash per field, no second serialization.
"""

from __future__ import annotations

import json
import re

SEALED = ("digits", "detail", "key", "tasks")  # the marking rule of a key: what its "seal" covers
VARIANT_SEALS = "variant_seals"  # each variant's fields' hashes (a key from before them has none)
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
