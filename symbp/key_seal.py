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

import hashlib
import json
from pathlib import Path

from .errors import SpecError
from .key_fields import EDITED, KEY_FORMAT, shown

SEALED = ("digits", "detail", "key", "tasks")  # the marking rule of a key: what its "seal" covers
VARIANT_SEALS = "variant_seals"  # each variant's fields' hashes (a key from before them has none)
PRECISE = ("exact", "carried", "asked")  # a variant's fields whose edit its values' check names more precisely than its seal
HEAD = ("symbp_version", "kind", "spec_name", "seed", "locale")  # sealed too in a key with variant seals
TITLE = "title"  # the sheet's title, where not the spec's: sealed when the key has it
ORDER = "order"  # edited_variant: the variants are all there, in another order
FIELD_SEALS = "field_seals"  # a hash of each sealed field alone, and "variants" of the variants' ids in order
# fields a key from before the seals has none of, newest first -> the seals a key with it was written with
LATER = (("key_format", ("key_format", FIELD_SEALS, VARIANT_SEALS, "seal")),
         (FIELD_SEALS, ("key_format", FIELD_SEALS, VARIANT_SEALS, "seal")),
         (VARIANT_SEALS, (VARIANT_SEALS, "seal")), ("seal", ("seal",)), ("detail", ("seal",)))


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def seal(document: dict) -> str:
    names = SEALED + ((VARIANT_SEALS, *HEAD) if VARIANT_SEALS in document else ())
    names += ("key_format", FIELD_SEALS) if "key_format" in document else ()
    names += (TITLE,) if TITLE in document else ()
    text = json.dumps({name: document.get(name) for name in names}, sort_keys=True, ensure_ascii=True)
    return _hash(f"symbp answer key\n{text}")


def _fields_of_text(text: str) -> dict:
    """A variant's JSON text (a dict, indent=2, written at any indentation) -> {field: its text}."""
    body = text[text.index("\n") + 1:text.rindex("\n")]
    base = len(body) - len(body.lstrip(" "))
    # taken off every line at once: a field then starts a line with its name's quote (a deeper line
    # starts with spaces, and a JSON text holds no raw line break); each field's text is its part
    body = body[base:].replace("\n" + " " * base, "\n")
    fields = {}
    for i, part in enumerate(body.split(',\n"')):
        if i:
            part = '"' + part
        name, _ = json.decoder.scanstring(part, 1)
        fields[name] = part
    return fields


def _fields_of_dict(entry: dict) -> dict:
    from json.encoder import encode_basestring

    return {name: f"{encode_basestring(name)}: {json.dumps(value, indent=2, ensure_ascii=False)}"
            for name, value in entry.items()}


def sheet_id(spec_name: str, seed) -> str:
    """What a worksheet's answers template writes as `sheet-id = "…"` and its key is known by: its spec's name
    and seed (what its variants' numbers come from; the same sheet drawn again has it), hashed to 8 hex
    digits — a file checked against another sheet's key is refused before it is marked (grading.py)."""
    return field_seal("sheet", [str(spec_name), str(seed)])[:8]


def variant_seal(entry) -> dict:
    """{field: hash} of one variant: its dict, or its JSON text as answers.json holds it."""
    fields = _fields_of_text(entry) if isinstance(entry, str) else _fields_of_dict(entry)
    return {name: _hash(text) for name, text in fields.items()}


def field_seal(name: str, value) -> str:
    return _hash(f"{name}\n{json.dumps(value, sort_keys=True, ensure_ascii=True)}")


def _order(seals, ordered: bool = True) -> str:
    """The variants' ids (their "id" seals) in order, or as a set: a reordering shows."""
    ids = [str(entry.get("id")) if isinstance(entry, dict) else "" for entry in seals]
    return field_seal("variants" if ordered else "variant_set", ids if ordered else sorted(ids))


def field_seals(head: dict) -> dict:
    seals = {name: field_seal(name, head[name]) for name in (*SEALED, *HEAD, TITLE) if name in head}
    return {**seals, "variants": _order(head[VARIANT_SEALS]), "variant_set": _order(head[VARIANT_SEALS], False)}


def sealed(document: dict, seals: list | None = None) -> dict:
    """The document with its seals; `seals`: its variants' `variant_seal`s where already made (None: made here)."""
    head = {name: value for name, value in document.items() if name != "variants"}
    if "variants" in document:
        variants = document["variants"]
        seals = [made if made is not None else variant_seal(entry)
                 for entry, made in zip(variants, seals)] if seals is not None else list(map(variant_seal, variants))
        head = {"key_format": KEY_FORMAT, **head, VARIANT_SEALS: seals}
        head[FIELD_SEALS] = field_seals(head)
    return {**head, "seal": seal(head), **({"variants": document["variants"]} if "variants" in document else {})}


def edited_variant(seals, variants: list):
    """(index, field) of the first variant field that is not what its seal says — a field edited,
    added ("field" not sealed) or deleted — or (index, None) for a variant added or removed; None
    when every variant has its seal."""
    if not isinstance(seals, list) or len(seals) != len(variants):
        return (min(len(seals), len(variants)) if isinstance(seals, list) else 0), None
    found = [variant_seal(entry) for entry in variants]
    if found != seals and sorted(map(str, found)) == sorted(map(str, seals)):
        return next(index for index, (a, b) in enumerate(zip(seals, found)) if a != b), ORDER
    for index, (expected, got) in enumerate(zip(seals, found)):
        if not isinstance(expected, dict):
            return index, None
        for name in (*expected, *got):
            if expected.get(name) != got.get(name):
                return index, name
    return None


def check_seal(data: dict, path: Path) -> None:
    """A key's rule must be the one it was sealed with: the field edited is named with the value it
    was made with (a key from before the seal has none: its values are checked all the same)."""
    _check_present(data, path)
    if "seal" not in data:  # a key from before the seals: its values are checked when marked
        return
    if data["seal"] == seal(data):
        return
    from itertools import combinations

    from .api import DETAILS
    from .graph.sheets import TASKS as GRAPH_TASKS
    from .i18n import available
    from .tasks import TASKS

    subsets = [list(c) for tasks in (tuple(TASKS), GRAPH_TASKS) for n in range(len(tasks) + 1)
               for c in combinations(tasks, n)]
    candidates = {"digits": [*range(1, 16), None], "detail": [*DETAILS, None], "key": ["carried", "exact", None],
                  "tasks": subsets, "locale": [*available(), None], "kind": ["graph", None]}
    seals = data.get(FIELD_SEALS) if isinstance(data.get(FIELD_SEALS), dict) else {}
    edited = [name for name in (*SEALED, *HEAD, TITLE) if name in seals and field_seal(name, data.get(name)) != seals[name]]
    variant_seals = data.get(VARIANT_SEALS) if isinstance(data.get(VARIANT_SEALS), list) else []
    if not edited and seals.get("variants") not in (None, _order(variant_seals)):
        what = ("in another order than the key was made with" if seals.get("variant_set") == _order(variant_seals, False)
                else "not the variants the key was made with (one added or removed)")
        raise SpecError(f"{path}: variants", f"{what}; {EDITED}")
    for name in edited or ((*SEALED, "locale", "kind") if VARIANT_SEALS in data else SEALED):
        for value in candidates.get(name, ()):
            if value != data.get(name) and (field_seal(name, value) == seals[name] if edited else
                                            seal({**data, name: value}) == data["seal"]):
                raise SpecError(f"{path}: {name}", f"{_difference(data, name, value)}; {EDITED}")
    if edited:  # a value no list of candidates holds (a name, a seed, a version)
        raise SpecError(f"{path}: {edited[0]}", f"{shown(data, edited[0])}, not what the key was made with; {EDITED}")
    covered = ((*SEALED, *HEAD, VARIANT_SEALS) if VARIANT_SEALS in data else SEALED) + \
        (("key_format", FIELD_SEALS) if "key_format" in data else ()) + ((TITLE,) if TITLE in data else ())
    raise SpecError(f"{path}: seal", f"does not match the key's {', '.join(covered)}; {EDITED}")


def _check_present(data: dict, path: Path) -> None:
    """The seals a key was written with must all be there: a key of format 2 (or with field_seals)
    has key_format, field_seals, variant_seals and seal; one with variant_seals (format 1) also
    seal; one with detail, seal (they came together).  Only a key with none of these fields is
    one from before the seals (its seals deleted, a variant's id swapped would go unseen)."""
    made_with = next(((name, needed) for name, needed in LATER if name in data), None)
    if made_with is None:
        return
    missing = [name for name in made_with[1] if name not in data]
    if missing:
        because = (f"a key of key_format {data['key_format']} has {'them' if len(missing) > 1 else 'it'}"
                   if "key_format" in data else f"a key with {made_with[0]} has {'them' if len(missing) > 1 else 'it'}")
        raise SpecError(f"{path}: {', '.join(missing)}", f"missing ({because}); {EDITED}")


def _difference(data: dict, name: str, made) -> str:
    """What an edited field is against the value the key was made with: for a list of tasks the
    task left out or added, else both values."""
    from .numbers import short_repr

    now = data.get(name)
    if isinstance(now, list) and isinstance(made, list):
        gone, added = [t for t in made if t not in now], [t for t in now if t not in made]
        if gone or added:
            return "; ".join([*(f"leaves out {short_repr(t, 40)}, which the key was made with" for t in gone[:3]),
                              *(f"lists {short_repr(t, 40)}, which the key was made without" for t in added[:3])])
        return f"in another order than the key was made with ({', '.join(map(str, made))})"
    return f"{shown(data, name)}, but the key was made {f'with {short_repr(made)}' if made is not None else 'without it'}"


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
                                              f"{len(data[VARIANT_SEALS])}; {EDITED}")
    variant = data["variants"][index]
    if name == ORDER:
        return SpecError(f"{path}: variants", f"in another order than the key was made with (variant "
                                              f"{str(variant['id'])[:20]} is now at [{index}]); {EDITED}")
    where = f"{path}: variants[{index}] (variant {str(variant['id'])[:20]}): {name}"
    sealed_fields = data[VARIANT_SEALS][index]
    what = ("missing, but the key was made with it" if name not in variant else
            "not a field of the key as it was made" if name not in sealed_fields else
            "not what the key was made with (its seal differs)")
    return SpecError(where, f"{what}; {EDITED}")
