"""What Python's TOML reader says is wrong with a file, in the run's language.

In:  tomllib's message ("Expected '=' after a key in a key/value pair (at line 1, column 5)").
Out: `toml_reason(text)`: the same in the current locale (catalogue sections [toml_error] and
     input.toml_at / input.toml_at_end); a message the catalogue does not know is kept as it is.
"""

from __future__ import annotations

import re

# tomllib's English message (a pattern: its one variable part, a character or what was expected) -> the key
TOML_ERRORS = {
    "Cannot overwrite a value": "overwrite",
    "Escaped character is not a Unicode scalar value": "not_scalar",
    "Expected '=' after a key in a key/value pair": "equals",
    "Expected ']' at the end of a table declaration": "table_end",
    "Expected ']]' at the end of an array declaration": "array_table_end",
    "Expected newline or end of document after a statement": "newline",
    "Invalid date or datetime": "date",
    "Invalid hex value": "hex",
    "Invalid initial character for a key part": "key_start",
    "Invalid statement": "statement",
    "Invalid value": "value",
    "Unclosed array": "unclosed_array",
    "Unclosed inline table": "unclosed_table",
    "Unescaped '\\' in a string": "backslash",
    "Unterminated string": "unterminated",
}
_WITH_PART = ((re.compile(r"Illegal character (?P<char>.+)"), "illegal"),
              (re.compile(r"Found invalid character (?P<char>.+)"), "invalid_character"),
              (re.compile(r"Expected (?P<what>'.+')"), "expected"))
_AT = re.compile(r"^(?P<what>.*?) \((?:at line (?P<line>\d+), column (?P<column>\d+)|(?P<end>at end of document))\)$", re.S)


def toml_reason(text: str) -> str:
    """tomllib's message in the current locale (unchanged where the catalogue has no words for it)."""
    from .i18n import message

    at = _AT.match(text)
    what = at.group("what") if at else text
    key = TOML_ERRORS.get(what)
    if key is not None:
        said = message("toml_error." + key)
    else:
        found = next(((pattern.fullmatch(what), key) for pattern, key in _WITH_PART if pattern.fullmatch(what)), None)
        if found is None:
            return text
        said = message("toml_error." + found[1], **found[0].groupdict())
    if at is None:
        return said
    where = (message("input.toml_at_end") if at.group("end") else
             message("input.toml_at", line=at.group("line"), column=at.group("column")))
    return f"{said} {where}"
