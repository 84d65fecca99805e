"""Plain text (titles, course names, instructions) -> LaTeX that pdflatex typesets as written.

`tex_escape` escapes TeX's special characters and passes on every character the preamble
(T1 fonts, utf8 inputenc, amssymb) can typeset: ASCII, the characters LaTeX's own encoding files
declare (t1enc.dfu, ts1enc.dfu, ot1enc.dfu, omsenc.dfu: Latin letters with accents, quotes,
dashes, €, …), and Greek letters and common math symbols set in math mode.  Text is put in
Unicode's composed form first (e + combining acute -> é).  Any other character (CJK, emoji,
right-to-left scripts, combining marks that compose to nothing) is refused with a SpecError
(exit code 2) before pdflatex runs: `latex_problem(text)` says which one.  `tex_shown` is for text
a student wrote (a name in a marked report): such a character is shown as its code point, U+738B.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import SpecError

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
    '"': r"\textquotedbl{}",  # (German babel makes " a shorthand: "-1.03" lost its quote, "o printed ö)
    "\u2026": r"\ldots{}",
    "`": r"\textasciigrave{}",  # (TeX's opening quote: `--key` printed as ‘--key‘, ?` as ¿ — stop 68's hostile tester)  # (the … that cuts a long text symbp echoes: it was U+2026 in small sans — stop 68's hostile tester)
}

# Code points declared by LaTeX's t1enc.dfu, ts1enc.dfu, ot1enc.dfu and omsenc.dfu (TeX Live's
# latex-base; the fonts loaded by templates/tex/preamble.tex.jinja), as inclusive ranges.
_DECLARED = (
    (0x00A0, 0x0125), (0x0128, 0x0137), (0x0139, 0x013E), (0x0141, 0x0148), (0x014A, 0x0165),
    (0x0168, 0x017E), (0x0192, 0x0192), (0x01C4, 0x01D4), (0x01E2, 0x01E3), (0x01E6, 0x01EB),
    (0x01F0, 0x01F0), (0x01F4, 0x01F5), (0x0218, 0x021B), (0x0232, 0x0233), (0x0237, 0x0237),
    (0x02C7, 0x02C7), (0x02D8, 0x02D9), (0x02DB, 0x02DB), (0x02DD, 0x02DD), (0x0E3F, 0x0E3F),
    (0x1E02, 0x1E03), (0x1E0D, 0x1E0D), (0x1E1E, 0x1E21), (0x1E25, 0x1E25), (0x1E30, 0x1E31),
    (0x1E37, 0x1E37), (0x1E43, 0x1E43), (0x1E45, 0x1E45), (0x1E47, 0x1E47), (0x1E5B, 0x1E5B),
    (0x1E63, 0x1E63), (0x1E6D, 0x1E6D), (0x1E8E, 0x1E91), (0x1E9E, 0x1E9E), (0x1EF2, 0x1EF3),
    (0x2010, 0x2016), (0x2018, 0x201A), (0x201C, 0x201E), (0x2020, 0x2022),
    (0x2030, 0x2031), (0x2039, 0x203B), (0x203D, 0x203D), (0x2044, 0x2044), (0x204E, 0x204E),
    (0x2052, 0x2052), (0x20A1, 0x20A1), (0x20A4, 0x20A4), (0x20A6, 0x20A6), (0x20A9, 0x20A9),
    (0x20AB, 0x20AC), (0x20B1, 0x20B1), (0x2103, 0x2103), (0x2116, 0x2117), (0x211E, 0x211E),
    (0x2120, 0x2120), (0x2122, 0x2122), (0x2126, 0x2127), (0x212E, 0x212E), (0x2190, 0x2193),
    (0x2329, 0x232A), (0x2422, 0x2423), (0x25E6, 0x25E6), (0x25EF, 0x25EF), (0x266A, 0x266A),
    (0x27E8, 0x27E9), (0x3008, 0x3009), (0xFB00, 0xFB06),
)

_GREEK = dict(zip(
    "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩϑϕϵ",
    r"\alpha \beta \gamma \delta \varepsilon \zeta \eta \theta \iota \kappa \lambda \mu \nu \xi \pi "
    r"\rho \sigma \tau \upsilon \varphi \chi \psi \omega \Gamma \Delta \Theta \Lambda \Xi \Pi \Sigma "
    r"\Upsilon \Phi \Psi \Omega \vartheta \phi \epsilon".split()))
_MATH_SYMBOLS = {
    "\u2212": "-", "≤": r"\leq", "≥": r"\geq", "≠": r"\neq", "≈": r"\approx", "∑": r"\sum", "∏": r"\prod",
    "∂": r"\partial", "∇": r"\nabla", "∞": r"\infty", "√": r"\surd", "∈": r"\in", "∘": r"\circ",
    "⊙": r"\odot", "⋅": r"\cdot", "′": r"\prime", "↦": r"\mapsto", "⇒": r"\Rightarrow", "∀": r"\forall",
    "∃": r"\exists", "∫": r"\int", "∓": r"\mp",
}
_GREEK.update(zip("οςϱϖ", r"o \varsigma \varrho \varpi".split()))  # (omicron is an italic o, as TeX sets it)
# the capitals TeX has no command for: they are the Latin letters' shapes (Α is A)
_GREEK_AS_LATIN = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX"))
_IN_MATH = {**{ch: f"\\ensuremath{{{cmd}}}" for ch, cmd in _GREEK.items()},
            **{ch: f"\\ensuremath{{{cmd}}}" for ch, cmd in _MATH_SYMBOLS.items()}, **_GREEK_AS_LATIN}


def _declared(code: int) -> bool:
    return any(low <= code <= high for low, high in _DECLARED)


def _typesettable(ch: str) -> bool:
    code = ord(ch)
    return (0x20 <= code < 0x7F) or _declared(code) or ch in _IN_MATH or ch in _TEX_SPECIALS or ch == "\n"


def latex_problem(text: str) -> str | None:
    """Why pdflatex cannot typeset `text` (its first such character), or None when it can."""
    for ch in unicodedata.normalize("NFC", str(text)):
        if not _typesettable(ch):
            name = unicodedata.name(ch, "unnamed")
            return (f"the character {ch!r} (U+{ord(ch):04X} {name}) cannot be typeset by pdflatex; "
                    "LaTeX and PDF output take Latin letters with accents, Greek letters (no accents) and common "
                    "symbols (text, Markdown and JSON output take any)")
    return None


def check_latex_text(text, field: str) -> None:
    """SpecError naming `field` when pdflatex cannot typeset `text`."""
    problem = latex_problem(text) if text else None
    if problem:
        raise SpecError(field, problem)


_ESCAPED: dict = {}  # text (a str) -> its escaped form: a sheet's title, course and date, escaped on every variant's pages
_ESCAPED_KEPT, _ESCAPED_CHARS = 1024, 2000  # texts kept at most, and their length


def tex_escape(text) -> str:
    """Plain text made safe for LaTeX: `50% of \\input{x} & more` prints exactly as written.

    A character pdflatex cannot typeset is a SpecError (quoting the text), never a LaTeX error."""
    if type(text) is str:
        escaped = _ESCAPED.get(text)
        if escaped is None:
            escaped = _escaped(text)
            if len(text) <= _ESCAPED_CHARS:
                if len(_ESCAPED) >= _ESCAPED_KEPT:
                    _ESCAPED.clear()
                _ESCAPED[text] = escaped
        return escaped
    return _escaped(text)


def tex_shown(text) -> str:
    """Text from a student's file (the name a report is for) for LaTeX: what pdflatex can typeset as
    tex_escape writes it, a space for any other white space, and any other character as its code
    point in a small sans-serif U+738B (王), so that one student's name never stops a PDF; the text
    report and grades.csv keep the name as written."""
    text = unicodedata.normalize("NFC", str(text))
    if latex_problem(text) is None:  # (a long word in it — a student's echoed text — may break anywhere)
        return _long_words_broken(text)
    parts, code_before = [], False
    for ch in text:
        code = not _typesettable(ch) and not ch.isspace()
        parts.append(("\\,\\allowbreak{}" if code_before else "") + f"\\textsf{{\\footnotesize U+{ord(ch):04X}}}"
                     if code else " " if ch.isspace() else _escaped(ch))
        code_before = code
    return "".join(parts)


def _escaped(text) -> str:
    text = unicodedata.normalize("NFC", str(text))
    problem = latex_problem(text)
    if problem:
        shown = text if len(text) <= 60 else text[:59] + "…"
        raise SpecError(f"text {shown!r}", problem)
    escaped = "".join(_TEX_SPECIALS.get(ch) or _IN_MATH.get(ch, ch) for ch in text)
    # (two hyphens are TeX's en dash, three its em dash: an option such as --key prints as typed; '' and ,, are
    # the T1 fonts' closing and low double quotes: two apostrophes print as typed too)
    for pair in _LIGATURES:
        if pair in escaped:
            escaped = escaped.replace(pair, pair[0] + "{}" + pair[1]).replace(pair, pair[0] + "{}" + pair[1])
    return escaped


_LIGATURES = ("--", "''", ",,")


LONG_WORD = 30  # a heading's word of more characters than this (a title without spaces) may break anywhere: a German
# compound of 27 (Backpropagationsübungsblatt) keeps its hyphenation


def tex_heading(text, babel: str | None = None) -> str:
    """A title, course or date for a heading: as tex_escape writes it, but a word longer than LONG_WORD
    characters may break after any of its characters (a 50-letter title without a space ran off the page: stop
    64's instructor).  A word of common length is left whole; TeX's hyphenation takes care of it.  `babel`: the
    document's language (as_typed)."""
    return as_typed(_long_words_broken(unicodedata.normalize("NFC", str(text))), babel)


def _long_words_broken(text: str) -> str:
    """tex_escape's text, a word longer than LONG_WORD characters free to break after any of its characters."""
    escaped = tex_escape(text)  # (refuses what pdflatex cannot typeset, naming the whole text)
    if any(len(word) > LONG_WORD for word in text.split()):
        # (the words and the white space between them, both kept)
        escaped = "".join(_breakable(word) if len(word) > LONG_WORD else tex_escape(word)
                          for word in re.split(r"(\s+)", text))
    return escaped


_SPACED_BEFORE = frozenset(":;!?")  # babel-french sets a thin space before them, typed or not


def as_typed(tex: str, babel: str | None) -> str:
    """An instructor's text (a title, a course) in a French document as typed: babel-french puts a space before
    : ; ! ? even where none is typed ("Midterm: …" became "Midterm : …", against the README's "as written"; stop 65's
    instructor), so such a text is set with babel's \\NoAutoSpacing (where defined: a course's own preamble may
    load no babel). Other languages, and a text without those marks, as they are."""
    if babel != "french" or not _SPACED_BEFORE.intersection(tex):
        return tex
    return "{\\ifdefined\\NoAutoSpacing\\NoAutoSpacing\\fi " + tex + "}"


def _breakable(word: str) -> str:
    """A long word escaped character by character, a break allowed between any two (a combining mark stays with
    the character before it)."""
    pieces = []
    for ch in word:
        if pieces and unicodedata.combining(ch):
            pieces[-1] += ch
        else:
            pieces.append(ch)
    return r"\allowbreak{}".join(tex_escape(piece) for piece in pieces)


_PDF_SPECIALS = {ch: escaped for ch, escaped in _TEX_SPECIALS.items() if ch not in '<>|"'}


def pdf_text(text) -> str:
    """Text for a PDF string (a document's title in its information, hyperref's pdftitle): TeX's special
    characters escaped, white space as one space, every other character as written — hyperref writes
    the string in UTF-16, so α and ≤, which the page sets in math mode, are themselves there."""
    text = " ".join(unicodedata.normalize("NFC", str(text)).split())
    return "".join(_PDF_SPECIALS.get(ch, ch) for ch in text)
