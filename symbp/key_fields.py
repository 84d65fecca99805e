"""The fields of an answer key, checked before anything in it is used.

In:  answers.json as parsed (a dict), and its path (named in every message).
Out: nothing, or a SpecError (exit 2) naming the field: a field missing, null, of the wrong type,
     or unknown (a key written by symbp has none), at the top level or in a variant
     (`answers.json: variants[3] (variant 4): carried: missing; was the key edited?`).  What the
     fields hold (values, rule, seals) is checked by key_file.py.
"""

from __future__ import annotations

from pathlib import Path

from .errors import SpecError

EDITED = "was the key edited?"  # every refusal of a key's content ends so
KEY_FORMAT = 2  # answers.json's "key_format": 2 adds it and "field_seals" (key_seal.py); a key without it is of format 1


def _text(value) -> bool:
    return isinstance(value, str)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is(kind):
    return lambda value: isinstance(value, kind)


# field -> (what it must be, as a message says it; the test; required; what each item must be, its test)
TOP = {
    "key_format": ("a whole number", _whole, False, None),
    "symbp_version": ("a version text", _text, False, None),
    "kind": ("\"graph\"", lambda value: value == "graph", False, None),
    "spec_name": ("a text", _text, False, None),
    "title": ("a text", _text, False, None),  # the sheet's, where not the spec's: what reports name
    "seed": ("a whole number", _whole, False, None),
    "digits": ("a whole number", _whole, False, None),
    "detail": ("a text", _text, False, None),
    "tasks": ("a list of task names", _is(list), False, ("a task name", _text)),
    "key": ("\"carried\" or \"exact\"", _text, False, None),
    "locale": ("a language code", _text, False, None),
    "variant_seals": ("a list of tables of hashes", _is(list), False, ("a table of hashes", _is(dict))),
    "field_seals": ("a table of hashes", _is(dict), False, ("a hash", _text)),
    "seal": ("a hash", _text, False, None),
    "variants": ("a list of variants", lambda value: isinstance(value, list) and bool(value), True, None),
}
VARIANT = {
    "id": ("a variant number or text", lambda value: _whole(value) or _text(value), True, None),
    "seed": ("a whole number or its text", lambda value: _whole(value) or _text(value), False, None),
    "spec": ("a table (the variant's spec)", _is(dict), True, None),
    "asked": ("a list of quantity names", _is(list), True, ("a quantity name", _text)),
    "values": ("a table of numbers", _is(dict), False, ("a number", _number)),
    "exact": ("a table of numbers written as text", _is(dict), True, ("a number written as text", _text)),
    "carried": ("a table of numbers written as text", _is(dict), False, ("a number written as text", _text)),
    "verified": ("a table of counts", _is(dict), False, None),
}


def shown(table, name) -> str:
    """A field's value as a message shows it: `missing`, `null`, or as the file wrote it."""
    from .written import shown_value

    if isinstance(table, dict) and name not in table:
        return "missing"
    return shown_value(table[name])


def _check(table: dict, fields: dict, where: str) -> None:
    from .numbers import short_repr

    for name in table:
        if name not in fields:
            raise SpecError(f"{where}: {short_repr(name, 40)}", f"unknown field (symbp writes none such); {EDITED}")
    for name, (expected, test, required, items) in fields.items():
        if name not in table:
            if required:
                raise SpecError(f"{where}: {name}", f"missing (expected {expected}); {EDITED}")
        elif not test(table[name]):
            raise SpecError(f"{where}: {name}", f"expected {expected}, got {shown(table, name)}; {EDITED}")
        elif items is not None:
            value = table[name]
            what, item_test = items
            for item in (value if isinstance(value, dict) else range(len(value))):
                if not item_test(value[item]):
                    label = f"{name}.{short_repr(item, 40) if not isinstance(item, str) or len(item) > 40 else item}" \
                        if isinstance(value, dict) else f"{name}[{item}]"
                    raise SpecError(f"{where}: {label}", f"expected {what}, got {shown(value, item)}; {EDITED}")


MAX_KEY_VARIANTS = 1000  # worksheet.MAX_VARIANT_NUMBER: a sheet's variants are numbered 1 to this
MAX_ID_CHARS = 20


def _variant_id(value) -> bool:
    """A variant's id as symbp writes it: its number (1 to MAX_KEY_VARIANTS), or a short text."""
    return 1 <= value <= MAX_KEY_VARIANTS if _whole(value) else len(value) <= MAX_ID_CHARS


def check_fields(data, path: Path) -> None:
    """Every field of a key there, of its type, none unknown (see the module docstring)."""
    if not isinstance(data, dict):
        raise SpecError(str(path), "expected the answers.json of `symbp worksheet` (a table with a list of variants)")
    if "key_format" in data:
        _check_format(data["key_format"], path)
    _check(data, TOP, str(path))
    if len(data["variants"]) > MAX_KEY_VARIANTS:  # (a key of 14,500 copies of a variant, 58 MB, under the size limit:
        # 23 s a file marked; the hostile-input tester of stop 65)
        raise SpecError(f"{path}: variants", f"{len(data['variants'])} variants; a worksheet's key has at most "
                                             f"{MAX_KEY_VARIANTS}; {EDITED}")
    seen: set[str] = set()
    places = []
    for index, variant in enumerate(data["variants"]):  # the ids first: a variant given twice says so
        where = f"{path}: variants[{index}]"
        if not isinstance(variant, dict):
            raise SpecError(where, f"expected a table (a variant), got {shown(data['variants'], index)}; {EDITED}")
        _check({"id": variant.get("id")} if "id" in variant else {}, {"id": VARIANT["id"]}, where)
        if not _variant_id(variant["id"]):
            raise SpecError(f"{where}: id", f"expected a variant number from 1 to {MAX_KEY_VARIANTS} (or its text, "
                                            f"at most {MAX_ID_CHARS} characters), got {shown(variant, 'id')}; {EDITED}")
        if str(variant["id"]) in seen:
            raise SpecError(f"{where}: id", f"the variant id {str(variant['id'])[:60]!r} is given twice")
        seen.add(str(variant["id"]))
        places.append(f"{where} (variant {variant['id']})" if len(str(variant["id"])) <= 20 else where)
    for variant, where in zip(data["variants"], places):
        _check(variant, VARIANT, where)


def _check_format(found, path: Path) -> None:
    """A key's format first: one this symbp cannot read says so, before any field is named unknown."""
    from .numbers import short_repr

    if _whole(found) and found > KEY_FORMAT:
        raise SpecError(f"{path}: key_format", f"{found}: the key was made by a newer symbp (this one reads key "
                                               f"format {KEY_FORMAT} and earlier); update symbp")
    if found != KEY_FORMAT or not _whole(found):
        raise SpecError(f"{path}: key_format", f"expected {KEY_FORMAT}, got {short_repr(found, 40)}; {EDITED}")
