"""Printed widths in running text (measure.py's first stage, re-exported there): a number or a name -> its
width in cm, estimated before LaTeX runs from Latin Modern's character widths, rounded up."""

from __future__ import annotations

import re
from functools import lru_cache, reduce
from operator import add

PT_CM = 2.54 / 72.27

# widths of characters in em; every other character counts 0.5 em (a digit)
_EM = {".": 0.278, ",": 0.278, "-": 0.778, "−": 0.778, "+": 0.778, "=": 0.778, "(": 0.389, ")": 0.389,
       "/": 0.5, " ": 0.333, "[": 0.278, "]": 0.278}
_COMMANDS = {",": 0.17, ";": 0.28, "quad": 1.0, "qquad": 2.0, "left": 0.0, "right": 0.0, "scriptstyle": 0.0,
             "displaystyle": 0.0, "text": 0.0, "mathit": 0.0, "operatorname": 0.0, "mathrm": 0.0,
             "langle": 0.389, "rangle": 0.389}
COMMAND_EM = 0.8  # \cdot, \sigma, \partial, \approx: one wide symbol
SCRIPT = 0.7  # sub- and superscripts, and fractions in running text, are set this much smaller


@lru_cache(maxsize=1 << 16)  # (a drawing, a summary, an overview measure the same texts: one call in C)
def text_width_cm(tex: str, size_pt: float) -> float:
    """The printed width of a short piece of math (a number, a name) in running text,
    estimated on the generous side."""
    return _em(tex) * size_pt * PT_CM * 1.05


def _group(tex: str, i: int) -> tuple[str, int]:
    """The braced group (or single character) at tex[i]: (its text, the index after it)."""
    if i < len(tex) and tex[i] == "{":
        depth = 0
        for j in range(i, len(tex)):
            ch = tex[j]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return tex[i + 1:j], j + 1
        return tex[i + 1:], len(tex)
    return tex[i:i + 1], i + 1


class _PlainEm(dict):
    """Character -> its width in em in running text (`_em`), for a character that is only its width:
    every one but a command's backslash, scripts and braces (KeyError), 0.5 em where `_EM` has none (kept
    at its first reading: a dict's look-up in C from then on)."""

    def __missing__(self, ch: str) -> float:
        if ch in _NOT_PLAIN:
            raise KeyError(ch)
        self[ch] = 0.5
        return 0.5


_NOT_PLAIN = frozenset("\\^_{}")
_SPECIAL = re.compile(r"[\\^_{}]")  # the first character of `_NOT_PLAIN` from a position on
_PLAIN_EM = _PlainEm({ch: width for ch, width in _EM.items() if ch not in _NOT_PLAIN})


@lru_cache(maxsize=1 << 16)  # numbers and names recur in every drawing and variant
def _em(tex: str) -> float:
    em, i, n = 0.0, 0, len(tex)
    while i < n:
        # a run of plain characters (a whole number): their widths added in order, one by one
        special = _SPECIAL.search(tex, i)
        if special is None:
            return reduce(add, map(_PLAIN_EM.__getitem__, tex[i:]), em)
        j = special.start()
        if j > i:
            em = reduce(add, map(_PLAIN_EM.__getitem__, tex[i:j]), em)
            i = j
        ch = tex[i]
        if ch == "\\":
            j = i + 1
            while j < len(tex) and tex[j].isalpha():
                j += 1
            name = tex[i + 1:j] or tex[i + 1:i + 2]
            i = max(j, i + 2) if j == i + 1 else j
            if name == "frac":
                numerator, i = _group(tex, i)
                denominator, i = _group(tex, i)
                em += SCRIPT * max(_em(numerator), _em(denominator)) + 0.2
            else:
                em += _COMMANDS.get(name, COMMAND_EM)
                if name == "langle" and tex.startswith(" ", i):  # a step's tag, ⟨2⟩ (notation.py): TeX
                    i += 1  # skips the space after the command; as wide as a sample's (2)
        elif ch in "^_":
            script, i = _group(tex, i + 1)
            em += SCRIPT * _em(script)
        else:  # a brace
            i += 1
    return em
