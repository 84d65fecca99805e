"""One-line messages for a list of numbers of the wrong shape in a spec (exit code 2): what was
given ("a flat list of 3 numbers", "2 rows") and what is expected ("1 row of 3 numbers"), counted
with the catalogue's plural forms (count.* of templates/i18n/en.toml: error messages are English).
"""

from __future__ import annotations

from .errors import SpecError


def count(word: str, n: int) -> str:
    """"1 row", "3 numbers": English, as every error message (the catalogue's plural rule, count.*)."""
    from .i18n import get

    return get("en").message(f"count.{word}", n=n)


def rejections(counts, reasons: dict) -> str:
    """Draws rejected, for a message: "2000 a sigmoid argument beyond max_saturation (saturated), 3 …"
    (most frequent first; `reasons`: name -> meaning), or "none"."""
    return ", ".join(f"{n} {reasons[r]} ({r})" for r, n in counts.most_common() if r in reasons) or "none"


def shape(value) -> str:
    """What a list of rows was given as: "3 rows", "a flat list of 2 numbers", or the value."""
    from .numbers import short_repr

    if not isinstance(value, list):
        return short_repr(value)
    if value and not any(isinstance(v, list) for v in value):
        return count("flat_list", len(value))
    return count("row", len(value))


def rows_error(field_name: str, value, rows: int, cols: int, each: str) -> SpecError:
    """A list of rows of the wrong shape: what was given, then what is expected (a flat list that
    holds the right numbers is shown as rows)."""
    expected = f"{count('row', rows)} of {count('number', cols)} ({each})"
    hint = ""
    if isinstance(value, list) and len(value) == rows * cols and not any(isinstance(v, list) for v in value) \
            and rows * cols <= 12:
        shown = ", ".join("[" + ", ".join(map(str, value[j * cols:(j + 1) * cols])) + "]" for j in range(rows))
        key = field_name.rsplit(": ", 1)[-1].rsplit(".", 1)[-1]  # weights, of "the 2nd [[layer]] table (layer 2): weights"
        hint = f": {key} = [{shown}]"
    return SpecError(field_name, f"{shape(value)}; expected {expected}{hint}")
