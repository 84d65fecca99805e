"""answers.json of a worksheet: verified variants -> the document's text, and each variant's part.

    answers_document(...)       the whole document as a dict (what json.loads of the file gives)
    variant_entry(variant)      one variant's part of it (the document's "variants" list)
    variant_text(variant)       that part as text, indented as it stands in the file: made where
                                the variant is made (a worker process), only joined by the sheet
    document_text(..., texts)   the file, from the sheet's fields and the variants' texts

The text is byte for byte `json.dumps(document, indent=2, ensure_ascii=False) + "\\n"`, written
faster: dicts and lists of strings, numbers, booleans and None by one recursive function, a dict
filled into the text of its keys written out once (every variant of a sheet has the same keys);
anything else (a subclass, a key that is not a string) by json.dumps itself, indented to its place
(the JSON text of a value has no raw line breaks, so indenting every line is exact).
"""

from __future__ import annotations

import json
from fractions import Fraction
from itertools import repeat
from json.encoder import encode_basestring
from math import isfinite
from operator import itemgetter

from . import __version__
from .fraction_kept import kept_by_value
from .numbers import exact_string
from .render.answer_key import printed_carried_values
from .spec import spec_to_dict
from .tasks import asked_names

_STEP = "  "  # json.dumps(indent=2)
VARIANT_INDENT = _STEP * 2  # a variant's entry: in the document's "variants" list


class Encoded(str):
    """A value already written as JSON text (at its place's indentation): inserted as it is."""


def answers_document(spec, seed: int, variants, ask, digits: int | None = None, key: str = "exact",
                     locale: str = "en", detail: str = "auto", entries: list | None = None,
                     seals: list | None = None, title: str | None = None) -> dict:
    """answers.json: the sheet's digits, the key's detail and rule (and its locale, when not English: the
    language `symbp check --key` reports in); per variant its id, seed, complete spec (TOML
    schema), values and exact values (`symbp check --key answers.json` marks against it), and the
    carried values of a carried key, as the key prints them (significant zeros kept).
    `entries`: the variants' parts when already made (`variant_text`), else made here; `seals`:
    their `key_seal.variant_seal`s when made with them (None for one that was not); `title`: the
    sheet's, where it is not the spec's (`worksheet.key_title`: what a marked report names)."""
    from .key_seal import sealed

    return sealed({
        "symbp_version": __version__,
        "spec_name": spec.name,
        **({"title": title} if title else {}),
        "seed": seed,
        **({"digits": digits} if digits is not None else {}),
        "detail": detail,  # the key's worked solutions: which sums its calculator chain rounds
        "tasks": list(ask),
        "key": key,  # "carried": the key shows the "carried" values (rounded to `digits`, carried on)
        **({"locale": locale} if locale != "en" else {}),
        "variants": entries if entries is not None else [variant_entry(v, ask) for v in variants],
    }, seals)


def variant_entry(v, ask, written: bool = False) -> dict:
    """One variant's part of answers.json.  `written`: its values, exact values and carried values
    as their JSON text already (Encoded, at their place in the file; `variant_text`)."""
    values = v.solution.values
    carried = printed_carried_values(v.solution) if v.solution.carried is not None else None
    if written:  # the texts of the three dicts, each filled into its keys' text (the same for every variant)
        indent = VARIANT_INDENT + _STEP
        float_texts, exact_texts = _number_texts(values.values())
        numbers, exact = _written(values, float_texts, indent), _written(values, exact_texts, indent)
        if carried is not None:
            carried = _written(carried, map(encode_basestring, carried.values()), indent)
    else:
        numbers = {name: float(value) for name, value in values.items()}
        exact = {name: exact_string(value) for name, value in values.items()}
    return {
        "id": v.id,
        "seed": v.seed,
        "spec": spec_to_dict(v.spec),
        "asked": _asked_text(asked_names(v.solution, tuple(ask))) if written else asked_names(v.solution, tuple(ask)),
        "values": numbers,
        "exact": exact,
        **({"carried": carried} if carried is not None else {}),
        "verified": {
            "quantities_against_float64": v.report.quantities,
            "gradients_against_finite_differences": v.report.finite_differences,
            "gradients_against_sympy_diff_of_whole_loss": v.report.symbolic,
        },
    }


def variant_text(v, ask) -> Encoded:
    return Encoded(dumps(variant_entry(v, ask, written=True), VARIANT_INDENT))


def _number_texts(values) -> tuple[list[str], list[str]]:
    """The JSON texts of float(value) (a Fraction's float is its integers divided, as
    Fraction.__float__ divides them) and of exact_string(value) of each value, kept per value
    (`kept_by_value`): ~3 in 4 values of a sheet recur (0, 1, the grid's numbers, a dead neuron's)."""
    texts = kept_by_value(list(values), _TEXTS, _texts_of)
    return list(map(_FIRST, texts)), list(map(_SECOND, texts))


def _texts_of(value) -> tuple[str, str]:
    """(JSON text of float(value), JSON text of exact_string(value))."""
    # (a Fraction's float as numbers.Rational.__float__ divides its integers, read from the slots)
    number = value._numerator / value._denominator if type(value) is Fraction else float(value)
    return _float(number), encode_basestring(exact_string(value))


_TEXTS: dict = {}  # (numerator, denominator) -> its float's and its exact text as JSON (they depend on nothing else)
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _asked_text(names: list) -> Encoded:
    """The asked names' list as `dumps` writes it in a variant's entry: the same for every variant
    of a sheet, written once (`_ASKED`)."""
    key = tuple(names)
    text = _ASKED.get(key)
    if text is None:
        if len(_ASKED) >= 64:
            _ASKED.clear()
        text = _ASKED[key] = Encoded(dumps(names, VARIANT_INDENT + _STEP))
    return text


_ASKED: dict = {}


def _written(named: dict, texts, indent: str) -> Encoded:
    """A dict of string keys whose values' JSON texts are `texts` (in its order), as `dumps` writes it at `indent`."""
    if not named:
        return Encoded("{}")
    keys = tuple(named)
    form = _FORMS.get((keys, indent)) or _form(keys, indent)
    return Encoded(form % tuple(texts))


def document_text(spec, seed: int, ask, digits, key: str, locale: str, detail: str, texts: list,
                  seals: list | None = None, title: str | None = None) -> str:
    return dumps(answers_document(spec, seed, None, ask, digits, key, locale, detail, entries=texts, seals=seals,
                                  title=title)) + "\n"


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_SCALARS = {str: encode_basestring, float: _float, int: int.__repr__, Encoded: str.__str__,
            bool: lambda value: "true" if value else "false", type(None): lambda value: "null"}


def dumps(value, indent: str = "") -> str:
    """json.dumps(value, indent=2, ensure_ascii=False), every line after the first indented by `indent`."""
    kind = type(value)
    scalar = _SCALARS.get(kind)
    if scalar is not None:
        return scalar(value)
    inner = indent + _STEP
    if kind is dict:
        if not value:
            return "{}"
        keys = tuple(value)
        form = _FORMS.get((keys, indent))
        if form is None and all(type(k) is str for k in keys):
            form = _form(keys, indent)
        if form is not None:
            return form % tuple(_items(value.values(), inner))
    elif kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[\n" + inner + (",\n" + inner).join(_items(value, inner)) + "\n" + indent + "]"
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)


def _items(values, indent: str) -> list[str]:
    """`[_item(value, indent) for value in values]`; values of one kind that a C function writes
    (strings, ints, texts written already, finite floats: float.__repr__ as `_float`) written by it."""
    values = list(values)
    kinds = set(map(type, values))
    if len(kinds) == 1:
        kind = kinds.pop()
        write = _C_SCALARS.get(kind)
        if write is not None and (kind is not float or all(map(isfinite, values))):
            return list(map(write, values))
    return list(map(_item, values, repeat(indent)))


_C_SCALARS = {str: encode_basestring, int: int.__repr__, Encoded: str.__str__, float: float.__repr__}


def _item(value, indent: str) -> str:
    """An item of a dict or list: a number or string at once (most of answers.json), else `dumps`."""
    scalar = _SCALARS.get(type(value))
    return scalar(value) if scalar is not None else dumps(value, indent)


_FORMS: dict = {}  # (a dict's keys, its indentation) -> its text with a %s for each value
_FORMS_KEPT = 256


def _form(keys: tuple, indent: str) -> str:
    """The text of a dict with these (string) keys, a %s where each value goes: a worksheet's
    variants have the same keys (values, exact values, the spec), written out once.  (A key equal
    to a string is a string or a subclass of str: json.dumps writes both alike.)"""
    inner = indent + _STEP
    form = ("{\n" + inner + (",\n" + inner).join(encode_basestring(k).replace("%", "%%") + ": %s" for k in keys)
            + "\n" + indent + "}")
    if len(_FORMS) >= _FORMS_KEPT:
        _FORMS.clear()
    _FORMS[(keys, indent)] = form
    return form
