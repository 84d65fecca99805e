"""What a file given as `check --key` seems to be, when it is not a worksheet's answers.json.

In:  the file's path and text (read already), and the parsed JSON table where it is JSON.
Out: one line for the refusal (SpecError, exit 2) naming what the file seems to be and which
     file the key is — "the blank answers template of a worksheet, not a key: the key is the
     answers.json `symbp worksheet` wrote beside it, ws/answers.json" — or None (then the usual
     refusal stands: not valid JSON, an unknown field).  Asked only on the way to a refusal.
"""

from __future__ import annotations

from pathlib import Path

NOT_A_KEY = "{what}, not a key: the key is the answers.json `symbp worksheet` wrote{beside}"

_SPEC_FIELDS = ("layers", "layer", "loss", "nodes", "edges")  # a network's or a graph's spec


def _toml_kind(text: str) -> str | None:
    from .check import nothing_given
    from .toml_read import loads

    try:
        data = loads(text)
    except Exception:  # noqa: BLE001 (tomllib's TOMLDecodeError, or a value parse_float refuses: not TOML we know)
        return None
    if not isinstance(data, dict) or not data:
        return None
    if any(field in data for field in _SPEC_FIELDS):
        return "a spec (the network a worksheet was drawn from)"
    if nothing_given(data):
        return "the blank answers template of a worksheet"
    return "a student's answers file"


def _json_kind(data) -> str | None:
    if isinstance(data, dict) and "values" in data and "exact" in data and "variants" not in data:
        return "the JSON answer key of `symbp derive` (one network's values)"
    return None


# (test of the file's first bytes or its text -> what it seems to be), tried in order
_TEXT_KINDS = (
    (lambda text: text.startswith("%PDF"), lambda text: "a PDF file"),
    (lambda text: "\\documentclass" in text[:2000] or "\\begin{document}" in text,
     lambda text: "a LaTeX document (a worksheet or its printed answer key)"),
    (lambda text: text.lstrip()[:1] not in ("{", "["), _toml_kind),
)


def refuse_other_file(path, text: str, data=None) -> None:
    """A SpecError naming what a file given as the key seems to be, if it is something else we
    know (module docstring); else nothing (the caller's refusal stands)."""
    from .errors import SpecError

    line = what_it_is(path, text, data)
    if line is not None:
        raise SpecError(str(path), line) from None


def what_it_is(path, text: str, data=None) -> str | None:
    """The refusal's line for a file given as the key that is something else (module docstring)."""
    what = _json_kind(data) if data is not None else next(
        (kind(text) for test, kind in _TEXT_KINDS if test(text)), None)
    if what is None:
        return None
    beside = Path(path).parent / "answers.json"
    found = beside.is_file() and beside != Path(path)
    return NOT_A_KEY.format(what=what, beside=f" beside it, {beside}" if found else "")
