"""TOML read as written: the standard parser (tomllib; tomli before Python 3.11), with the text of
the values it gives no hook for kept beside them.

In:  TOML text and the `parse_float` hook (inputs.toml_float keeps a float's text itself).
Out: the table, where an integer written otherwise than its decimal (0x10, 1_000, +5) is a
     number_input.SpelledInt and a one-line string written otherwise than JSON would quote it
     ('x y', "caf\\u00e9") a number_input.SpelledStr: the value itself in every use, and the text
     the file wrote, which refusals echo (number_input.short_repr).  `TOMLDecodeError`: the error
     of a text that is no TOML.

The standard parser reads every value with its module's `parse_value(src, pos, parse_float)`;
a private copy of that module (never the one other code imports) has it wrapped.  Where the
module has no such function, the values are read as the standard parser gives them.
"""

from __future__ import annotations

import importlib.util
import json
import sys

from .number_input import SpelledInt, SpelledStr

_PARSER = "tomllib._parser" if sys.version_info >= (3, 11) else "tomli._parser"


def _private_parser():
    """A copy of the standard TOML parser's module whose parse_value keeps the written text."""
    found = importlib.util.find_spec(_PARSER)
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    plain = getattr(module, "parse_value", None)
    if plain is None:  # pragma: no cover (a parser of another shape: values as it gives them)
        return module

    def parse_value(src, pos, parse_float):
        end, value = plain(src, pos, parse_float)
        kind = type(value)
        if kind is int:
            if src[pos] in "0+" or "_" in src[pos:end]:  # (a plain decimal is its own text)
                text = src[pos:end]
                if text != str(value):
                    return end, SpelledInt(value, text)
        elif kind is str and src[pos] in "'\"" and not src.startswith(src[pos] * 3, pos):  # one-line strings
            text = src[pos:end]
            if text != json.dumps(value, ensure_ascii=False):
                return end, SpelledStr(value, text)
        return end, value

    module.parse_value = parse_value
    if all(hasattr(module, n) for n in ("parse_key", "parse_key_part", "skip_chars", "suffixed_err", "TOML_WS")):
        module.parse_key = _bounded_keys(module)
    return module


MAX_KEY_PARTS = 10  # a dotted key's parts (a spec needs 2: variants.weights): inputs.MAX_NESTING's bound


def _bounded_keys(module):
    """The parser's parse_key, refusing a dotted key of more than MAX_KEY_PARTS parts as it reads it: the
    standard one builds the key a tuple at a time (a.a.a.…b of 600,000 parts took minutes)."""
    part, skip, error, spaces = module.parse_key_part, module.skip_chars, module.suffixed_err, module.TOML_WS

    def parse_key(src, pos):
        pos, first = part(src, pos)
        key = [first]
        pos = skip(src, pos, spaces)
        while src.startswith(".", pos):
            if len(key) >= MAX_KEY_PARTS:
                raise error(src, pos, f"a dotted key of more than {MAX_KEY_PARTS} parts")
            pos = skip(src, pos + 1, spaces)
            pos, following = part(src, pos)
            key.append(following)
            pos = skip(src, pos, spaces)
        return pos, tuple(key)

    return parse_key


_MODULE = _private_parser()
TOMLDecodeError = _MODULE.TOMLDecodeError


def loads(text: str, parse_float=float) -> dict:
    """The table of a TOML text, values as written (see the module docstring)."""
    return _MODULE.loads(text, parse_float=parse_float)
