"""The seal of an answer key's marking rule.

In:  answers.json as a dict (`symbp worksheet`, a graph sheet).
Out: `seal`: its digits, detail, key and tasks hashed (16 hex digits); `sealed`: the document with
     its "seal" before its variants.  `symbp check --key` (grading.py) refuses a key whose rule no
     longer has its seal — an edited digits of an exact key shows nowhere else — naming the field.
"""

from __future__ import annotations

import json

SEALED = ("digits", "detail", "key", "tasks")  # the marking rule of a key: what its "seal" covers


def seal(document: dict) -> str:
    import hashlib

    text = json.dumps({name: document.get(name) for name in SEALED}, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(f"symbp answer key\n{text}".encode()).hexdigest()[:16]


def sealed(document: dict) -> dict:
    head = {name: value for name, value in document.items() if name != "variants"}
    return {**head, "seal": seal(document), **({"variants": document["variants"]} if "variants" in document else {})}
