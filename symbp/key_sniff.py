"""What a file given in the wrong slot of `symbp check` seems to be: the key (--key), the
answers, or the spec of the one-spec form; and what a SPEC of `symbp derive` or `symbp worksheet`
seems to be when it is no spec (slot "network").

In:  the slot, the file's path and text (read already), and its parsed table where there is one.
Out: one line for the refusal (SpecError, exit 2) naming what the file seems to be and what the
     slot takes — "the blank answers template of a worksheet, not a key: the key is the
     answers.json `symbp worksheet` wrote beside it, ws/answers.json" — or None (then the usual
     refusal stands: not valid JSON, an unknown field).  Asked only on the way to a refusal.
     A PDF is named before its bytes are decoded (inputs.read_text, PDF_MAGIC).
"""

from __future__ import annotations

import json
from pathlib import Path

NOT_A_KEY = "{what}, not a key: the key is the answers.json `symbp worksheet` wrote{beside}"
NOT_ANSWERS = "{what}, not answers to mark (a student's TOML or JSON file of quantity names and numbers)"
NOT_A_SPEC = "{what}, not a spec: `symbp check SPEC ANSWERS` takes the network's TOML spec first, then the answers"
KEY_AS_SPEC = "{what}, not a spec: pass it with --key (`symbp check --key {path} ANSWERS`)"
NOT_A_NETWORK = "{what}, not a spec: `symbp derive` and `symbp worksheet` take a TOML spec (a network's or a graph's)"
KEY_AS_NETWORK = ("{what}, not a spec: `symbp derive` and `symbp worksheet` take a TOML spec (a network's or a graph's); to mark answers "
                  "with this key: `symbp check --key {path} ANSWERS`")

_SPEC_FIELDS = ("layers", "layer", "nodes", "edges")  # a network's spec (or "loss" with another field)
_GRAPH_FIELDS = ("expression", "gates", "stages", "output")  # a computational graph's (graph/spec.py KEYS)

# kind -> what a file of it seems to be
KINDS = {
    "latex": "a LaTeX document (a worksheet or its printed answer key)",
    "spec": "a spec (the network a worksheet was drawn from)",
    "template": "the blank answers template of a worksheet",
    "answers": "a student's answers file",
    "unknown_table": "a student's answers file",  # (no spec's field and no student or variant: a guess)
    "derive_key": "the JSON answer key of `symbp derive` (one network's values)",
    "sheet_key": "a worksheet's answer key (the answers.json of `symbp worksheet`)",
}
# slot -> the kinds it refuses by name, and its line
SLOTS = {
    "key": (("latex", "spec", "template", "answers", "unknown_table", "derive_key"), NOT_A_KEY),
    "answers": (("latex", "spec", "derive_key"), NOT_ANSWERS),
    # (a spec whose every field is misspelt is refused for its fields, not guessed to be answers)
    "spec": (("latex", "template", "answers", "derive_key", "sheet_key"), NOT_A_SPEC),
    "network": (("latex", "template", "answers", "derive_key", "sheet_key"), NOT_A_NETWORK),
}
_OWN_LINES = {("spec", "sheet_key"): KEY_AS_SPEC, ("network", "sheet_key"): KEY_AS_NETWORK}  # (slot, kind) -> its line, where not the slot's


def _table_kind(data) -> str | None:
    from .check import STUDENT_KEY, VARIANT_KEY, is_key, nothing_given
    from .spec import TOP_KEYS

    if not isinstance(data, dict) or not data:
        return None
    if "values" in data and "exact" in data and "variants" not in data:
        return "derive_key"
    if is_key(data):
        return "sheet_key"
    if any(field in data for field in _SPEC_FIELDS) or ("loss" in data and len(TOP_KEYS.intersection(data)) > 1) \
            or data.get("kind") == "graph" or any(field in data for field in _GRAPH_FIELDS):
        return "spec"
    if nothing_given(data):
        return "template"
    if STUDENT_KEY in data or VARIANT_KEY in data:
        return "answers"
    if not TOP_KEYS.intersection(data):
        return "unknown_table"
    return None


def _parsed_kind(text: str) -> str | None:
    from .inputs import too_many_values
    from .toml_read import loads

    if too_many_values(text):  # (none of the files it names)
        return None
    try:
        data = json.loads(text) if text.lstrip()[:1] in ("{", "[") else loads(text)
    except Exception:  # noqa: BLE001 (a JSON or TOML syntax error, or a value parse_float refuses: not a file we know)
        return None
    return _table_kind(data)


def _text_kind(text: str) -> str | None:
    """The kind of a file by its text (a PDF never gets here: inputs.read_text names it)."""
    if "\\documentclass" in text[:2000] or "\\begin{document}" in text:
        return "latex"
    return _parsed_kind(text)


def refuse_other_file(path, text: str, data=None, slot: str = "key") -> None:
    """A SpecError naming what a file given in `slot` seems to be, if it is something else we
    know (module docstring); else nothing (the caller's refusal stands)."""
    from .errors import SpecError

    line = what_it_is(path, text, data, slot)
    if line is not None:
        raise SpecError(str(path), line) from None


def what_it_is(path, text: str | None, data=None, slot: str = "key") -> str | None:
    """The refusal's line for a file given in `slot` that is something else (module docstring)."""
    kind = _table_kind(data) if data is not None else _text_kind(text)
    kinds, line = SLOTS[slot]
    if kind not in kinds:
        return None
    from .inputs import display_path

    beside = Path(path).parent / "answers.json"
    found = beside.is_file() and beside != Path(path)
    return _OWN_LINES.get((slot, kind), line).format(
        what=KINDS[kind], beside=f" beside it, {display_path(beside)}" if found else "", path=display_path(path))


def what_text_is(path, slot: str) -> str | None:
    """what_it_is of a file read again (a spec refused: asked only then); None if it cannot be read."""
    from .errors import SpecError
    from .inputs import is_stdin, read_text

    if is_stdin(path):
        return None
    try:
        return what_it_is(path, read_text(path, "file"), None, slot)
    except SpecError:
        return None


def loaded_or_named(path, slot: str, load):
    """`load()`, or, where it refuses the file (SpecError), the refusal naming what the file seems to be
    for `slot` (a worksheet's answers.json given as a spec), else its own refusal."""
    from .errors import SpecError
    from .inputs import display_path

    try:
        return load()
    except SpecError as error:
        line = what_text_is(path, slot)
        if line is None:
            raise
        raise SpecError(display_path(path), line) from error
