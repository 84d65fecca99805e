"""Printed widths, estimated before LaTeX runs: a short piece of math -> its width in cm.

Layout decisions (the network drawing, matrices split into column blocks, the writing space of a
worksheet task, the columns of an answer key's summary) are taken from these measures, never from
a count of neurons.  Widths follow Latin Modern's character widths, rounded up.
"""

from __future__ import annotations

import re
from functools import lru_cache, reduce
from itertools import chain
from operator import add

from .measure_text import COMMAND_EM, PT_CM, SCRIPT, _group, text_width_cm  # noqa: F401 (running text's widths: re-exported)

TEXT_WIDTH_CM = 17.0  # A4 with the preamble's 2 cm margins
TEXT_HEIGHT_CM = 25.7

MATH_PT = 11.0  # displays are set in the document's size
# widths in em of Latin Modern math at display size, with TeX's spacing around binary operators
# (2 × 4/18 em) and relations (2 × 5/18 em) included
_MATH_CHARS = {".": 0.278, ",": 0.45, "(": 0.389, ")": 0.389, "[": 0.278, "]": 0.278, "/": 0.5, "'": 0.3,
               "|": 0.278, "!": 0.278, ";": 0.45, ":": 0.278, "*": 0.5}
_MATH_COMMANDS = {"cdot": 0.722, "odot": 1.222, "approx": 1.333, "sum": 1.444, "partial": 0.556, "delta": 0.45,
                  "sigma": 0.572, "alpha": 0.64, "tanh": 1.8, "ln": 0.85, "log": 1.3, "exp": 1.5, "max": 1.5,
                  ",": 0.167, ":": 0.222, ";": 0.278, "quad": 1.0, "qquad": 2.0, "leq": 1.333, "mathbf": 0.0,
                  "left": 0.0, "right": 0.0, "big": 0.0, "Big": 0.0, "displaystyle": 0.0, "scriptstyle": 0.0,
                  "mathit": 0.0, "mathrm": 0.0, "operatorname": 0.0, "text": 0.0, "tfrac": 0.0, "ldots": 1.17,
                  "cdots": 1.17, "lambda": 0.58, "infty": 1.0, "mathbb": 0.0, "langle": 0.389, "rangle": 0.389}
_LEFT_RIGHT_EM = 0.5  # a \left( or \right) grown around a fraction or a matrix


def math_width_cm(tex: str, size_pt: float = MATH_PT) -> float:
    """The printed width of display math (a row of an alignment), estimated a little on the
    generous side: characters, operators with their spacing, stacked scripts (the wider of a
    superscript and a subscript), display fractions (the wider of numerator and denominator),
    matrices (their widest entry per column, column separation and brackets)."""
    return math_em_cm(_math_em(tex), size_pt)


def math_em_cm(em: float, size_pt: float = MATH_PT) -> float:
    """`math_width_cm` of a text whose `math_em` is `em`."""
    return em * size_pt * PT_CM * 1.1


def math_em(tex: str) -> float:
    """A text's display-math width in em (what `joined_math_em` continues)."""
    return _math_em(tex)


_OPEN_END = re.compile(r"(\\[A-Za-z]*|[-+=^_{])$")


def joined_math_em(head: str, head_em: float | None, tail: str, head_clean: bool = False) -> float:
    """`math_em(head + tail)`, continuing the scan of `head` (whose em is `head_em`, None: not
    known) into `tail`: the same additions in the same order, so exactly the same number, when
    nothing of `head` reads on into `tail` (`tail` begins with a space; `head` ends with no
    command, operator, script or open group) — else `head + tail` is measured anew.
    `head_clean`: `ends_clean(head)` is known to hold."""
    if tail[:1] != " " or not (head_clean or ends_clean(head)):
        return _math_em(head + tail)
    return _scan(tail, False, _math_em(head) if head_em is None else head_em)


def joined_piece_em(head: str, head_em: float | None, prefix: str, body: str, head_clean: bool = False) -> float:
    """`math_em(head + prefix + body)` for a `prefix` that is clean and ends with a space (" = ",
    " \\approx ", " + ", " "): the additions of `prefix` and then of `body`, each measured once
    (`body` alone is measured too), continued from `head`'s — unless `body` begins with what reads
    back (a script, or a binary + or − after the space), or `head` reads on (`joined_math_em`)."""
    first = body[:1]
    if not first or first in "^_" or (first in "+-" and body[1:2] == " ") or not (head_clean or ends_clean(head)):
        return joined_math_em(head, head_em, prefix + body, head_clean)
    start = _math_em(head) if head_em is None else head_em
    return reduce(add, _additions(body), reduce(add, _additions(prefix), start))


def joins_cleanly(head: str, tail: str) -> bool:
    """Whether `head + tail` is measured as `head` and then `tail` (its additions are theirs, one
    after the other) and ends clean where `tail` does: nothing of `head` reads on, and `tail` begins
    with no script (which would stack on one ending `head`) and no binary + or − after a space."""
    first = tail[:1]
    return ends_clean(head) and first not in ("^", "_") and not (
        first in ("+", "-") and tail[1:2] == " " and head[-1:] == " ")


# A text's width known nearly, from its parts (`know_near`), for a decision taken with a margin
# (rows.pack: a line that surely fits its row is not measured to the last bit): the sum of its
# parts' widths, which are its own additions summed in another order (the same real number; the
# floats within NEAR of each other, relatively, for any text measured here).
NEAR = 1e-9
_NEAR: dict = {}  # text -> (its math_em, nearly; whether it ends clean)
_NEAR_TEXTS = 1 << 15


def know_near(text: str, em: float, clean: bool) -> None:
    """Keep `em` as `text`'s width, nearly (see NEAR), and whether it ends clean: a text made of parts
    joined cleanly (`joins_cleanly`), `em` the sum of their widths, `clean` its last part's."""
    if len(_NEAR) >= _NEAR_TEXTS:
        _NEAR.clear()
    _NEAR[text] = (em, clean)


def know_joined(text: str, em: float, clean: bool, parts: tuple) -> None:
    """`know_near(text, em, clean)` of a text made of `parts` (none empty) joined cleanly (`joins_cleanly`
    at each join), and its additions (`_additions`), exactly: its parts', one after the other — what a
    scan of the text adds (no part reads on into the next, none reads back into the one before)."""
    know_near(text, em, clean)
    if len(text) <= _KEPT_CHARS and text not in _KEPT_ADDITIONS:
        additions = tuple(chain.from_iterable(map(_additions, parts)))
        if len(_KEPT_ADDITIONS) >= _KEPT_TEXTS:
            _KEPT_ADDITIONS.clear()
        _KEPT_ADDITIONS[text] = additions


def near_em(text: str) -> tuple[float, bool]:
    """(`math_em(text)`, nearly (NEAR), `ends_clean(text)`): kept by `know_near`, else measured."""
    found = _NEAR.get(text)
    if found is None:
        found = (_math_em(text), ends_clean(text))
        if len(text) <= _KEPT_CHARS:
            know_near(text, *found)
    return found


_PLAIN_NUMBER = re.compile(r"\(?-?[0-9]+(?:\.[0-9]+)?\)?")  # 0.25, -0.25, (-0.25): a digit, point, parenthesis or sign each
_POINT, _PARENTHESIS, _SIGN = _MATH_CHARS["."] - 0.5, _MATH_CHARS["("] - 0.5, 0.778 - 0.5  # (as _scanned adds them)


def piece_measure(text: str) -> tuple[float, bool, bool]:
    """(`math_em(text)`, nearly (NEAR), whether `text` joins cleanly inside a longer text on both sides,
    whether it ends clean) of a short piece such as a printed number: inside, nothing of it reads on
    into what follows (it ends clean, and with no space), and it begins with no script and no binary
    + or − (`joins_cleanly` holds before and after it, whatever the neighbours are).  A plain decimal
    (0.25, (-0.25)) is counted at once: half an em a digit, and its point, parentheses and sign."""
    if _PLAIN_NUMBER.fullmatch(text):
        em = 0.5 * len(text) + _POINT * text.count(".") + _PARENTHESIS * (text.count("(") + text.count(")")) + _SIGN * text.count("-")
        know_near(text, em, True)
        return em, True, True
    em, clean = near_em(text)
    first = text[:1]
    inside = clean and first not in ("^", "_") and text[-1:] != " " and not (first in ("+", "-") and text[1:2] == " ")
    return em, inside, clean


def ends_clean(text: str) -> bool:
    """Whether nothing of `text` reads on into a text after it (see `joined_math_em`).  Two such
    texts joined, the second beginning with a space, are again such a text (`rows.pack` keeps
    that instead of scanning a growing row again)."""
    if len(text) > _CLEAN_CHARS:
        return _ends_clean(text)
    clean = _CLEAN.get(text)
    if clean is None:  # (kept: a derivation's first pieces recur in every variant)
        if len(_CLEAN) >= 1 << 15:
            _CLEAN.clear()
        clean = _CLEAN[text] = _ends_clean(text)
    return clean


_CLEAN_CHARS = 256
_CLEAN: dict = {}  # text -> ends_clean(text), for texts of at most _CLEAN_CHARS


def _ends_clean(text: str) -> bool:
    return not (_OPEN_END.search(text) or not _closed(text) or _reads_on(text))


_PAIR = re.compile(r"\{[^{}]*\}")


def _closed(text: str) -> bool:
    """Whether every brace of `text` has its partner in it (counted as `_group` counts them)."""
    while "{" in text or "}" in text:
        shorter = _PAIR.sub("", text)
        if shorter == text:
            return False
        text = shorter
    return True


_READS_ON = re.compile(r"\\(t?frac|begin)(?![A-Za-z])")


def _reads_on(text: str) -> bool:
    """Whether a \\frac of `text` lacks a group, or a \\begin{env} its \\end{env}, in `text`."""
    n = len(text)
    for match in _READS_ON.finditer(text):
        i = match.end()
        if match.group(1) == "begin":
            env, i = _group(text, i)
            if i > n or text.find("\\end{" + env + "}", i) < 0:
                return True
            continue
        for _ in range(2):
            if i >= n:
                return True
            _, i = _group(text, i)
    return False


@lru_cache(maxsize=1 << 16)  # the same pieces (names, formulas, numbers) recur in every line and variant
def _math_em(tex: str, script: bool = False) -> float:
    return reduce(add, _additions(tex, script), 0.0)


def _scan(tex: str, script: bool, em: float) -> float:
    """`em` plus the width of `tex`: its additions (`_additions`) added to `em` one by one, in order."""
    return reduce(add, _additions(tex, script), em)


def _additions(tex: str, script: bool = False) -> tuple:
    """`_scanned` of `tex`, kept for a short text (a long one, a row of a wide matrix, is scanned anew)."""
    if script:
        return _short_additions(tex, script) if len(tex) <= _KEPT_CHARS else _scanned(tex, script)
    found = _KEPT_ADDITIONS.get(tex)
    if found is None:
        found = _scanned(tex, script)
        if len(tex) <= _KEPT_CHARS:
            if len(_KEPT_ADDITIONS) >= _KEPT_TEXTS:
                _KEPT_ADDITIONS.clear()
            _KEPT_ADDITIONS[tex] = found
    return found


_KEPT_CHARS, _KEPT_TEXTS = 400, 1 << 13
_KEPT_ADDITIONS: dict = {}  # text -> its additions (display size), for texts of at most _KEPT_CHARS


def _scanned(tex: str, script: bool) -> tuple:
    """What the width of `tex` is made of, character by character: each a float worked out from
    `tex` alone, in the order they are added (the same float sums wherever a text is measured)."""
    out = []
    put = out.append
    i, n = 0, len(tex)
    scale = SCRIPT if script else 1.0
    plain = _PLAIN_SCRIPT if script else _PLAIN
    while i < n:
        ch = tex[i]
        width = plain.get(ch)
        if width is not None:  # the common case first: a character that is only its width (· scale)
            put(width)
            i += 1
            continue
        if ch == "\\":
            j = i + 1
            while j < n and tex[j].isalpha():
                j += 1
            name = tex[i + 1:j] if j > i + 1 else tex[i + 1:i + 2]
            i = j if j > i + 1 else i + 2
            if name in ("frac", "tfrac"):
                numerator, i = _group(tex, i)
                denominator, i = _group(tex, i)
                inner = script or name == "tfrac"
                put(max(_math_em(numerator, inner), _math_em(denominator, inner)) * (SCRIPT if inner and not script else 1.0) + 0.24)
            elif name == "begin":
                env, i = _group(tex, i)
                end = tex.find("\\end{" + env + "}", i)
                body = tex[i:end if end >= 0 else n]
                i = (end + len(env) + 6) if end >= 0 else n
                put(_matrix_em(body, env) * scale)
            elif name in ("left", "right"):
                if i < n and tex[i] in "([.":
                    put((0.0 if tex[i] == "." else _LEFT_RIGHT_EM) * scale)
                    i += 1
                elif i < n and tex[i] in ")]":
                    put(_LEFT_RIGHT_EM * scale)
                    i += 1
            elif name == "text":
                body, i = _group(tex, i)
                put(0.5 * len(body) * scale)
            elif name == "operatorname":
                body, i = _group(tex, i)
                put((0.6 * len(body) + 0.17) * scale)
            else:
                put(_MATH_COMMANDS.get(name, 0.8) * scale)
        elif ch in "^_":
            first, i = _group(tex, i + 1)
            width = _math_em(first, True)
            if i < n and tex[i] in "^_" and tex[i] != ch:  # a superscript and a subscript stack
                second, i = _group(tex, i + 1)
                width = max(width, _math_em(second, True))
            put(width * (SCRIPT if script else 1.0) / (SCRIPT if script else 1.0))
        elif ch in "{}&":
            i += 1
        elif ch == " ":
            i += 1
        elif ch in "+-=":
            binary = ch != "=" and i > 0 and tex[i - 1] == " " and tex[i + 1:i + 2] == " "
            put((0.778 + (0.444 if binary else 0.0) + (0.556 if ch == "=" else 0.0)) * scale)
            i += 1
        else:
            put(_MATH_CHARS.get(ch, 0.5 if ch.isdigit() else 0.56) * scale)
            i += 1
    return tuple(out)


_short_additions = lru_cache(maxsize=1 << 16)(_scanned)


# The characters the scan above meets most that are only their width (not \\ ^ _ { } & space + - =):
# digits, letters, punctuation.  Others take the general branches (the same widths).
_PLAIN = {ch: _MATH_CHARS.get(ch, 0.5 if ch.isdigit() else 0.56)
          for ch in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,()[]/'|!;:*<>"}
# the same widths times SCRIPT, worked out once (the same floats as each product; kept texts share them)
_PLAIN_SCRIPT = {ch: width * SCRIPT for ch, width in _PLAIN.items()}


def _matrix_em(body: str, env: str) -> float:
    """A matrix: the widest entry of each column, 2 × \\arraycolsep between columns, brackets."""
    import re

    rows = [r.split("&") for r in re.split(r"\\\\", body)]
    columns = max(len(r) for r in rows)
    widths = [max((_math_em(r[c]) if c < len(r) else 0.0) for r in rows) for c in range(columns)]
    brackets = 1.1 if env in ("bmatrix", "pmatrix") else 0.2
    return sum(widths) + (columns - 1) * 0.91 + brackets + (0.2 if env == "cases" else 0.0)
