"""What a course's HTML may not write: markup that runs code in a browser (render/templates.py asks).

In:  the text a course's HTML, SVG, Markdown, Moodle or PrairieLearn template rendered.
Out: the first piece of active markup found (its tag or attribute as written), or None.

Read as a browser reads it — Python's HTML parser, which decodes character references in attribute
values (`jav&#x61;script:`), takes `/` between attributes (`<svg/onload=…>`) and a `>` inside quotes
(`alt=">"`) as a browser does — not by a pattern over the text: a tag that runs or loads code or sends
a form, any `on…` event handler, any attribute whose value, spaces and control characters removed,
holds javascript:, vbscript: or an HTML/SVG data: URL (SVG's `<set to="javascript:…">` too), and a
style that loads from elsewhere (@import, url(…), read with CSS's escapes decoded: `u\72l(…)`).

Read a second time as the most suspicious browser would (`_Wary`): where browsers and Python's
parser disagree on what is text, a tag there is taken for a tag — in a comment (`<!-->` closes one at
once in a browser), a CDATA section or declaration (`<![CDATA[>` is a bogus comment up to the first
`>` outside SVG/MathML), a processing instruction, a <style> or <script>'s text (inside <svg> or
<math>, a <style>'s text is markup), and a tag's own text (`<noscript><p title="</noscript><img …>">`:
the raw-text element ends inside the quotes).  Markup nested in a tag's text more than
_MAX_NESTING deep is taken as active: no honest page writes it.

MathJax typesets the text of every page symbp's HTML goes to (Moodle, PrairieLearn, Jupyter): its
commands that write HTML, CSS, links or characters or load extensions (\\href, \\url, \\style,
\\class, \\cssId, \\unicode, \\require, \\data, \\bbox, \\html…, \\mmlToken) are active markup too.

`findings` also gives the first piece of markup that reorders text as a browser shows it — a <bdo>
other than <bdo dir="ltr">, a `dir` attribute other than ltr, a style property or SVG attribute
`direction` or `unicode-bidi` (but ltr, normal), a `writing-mode` but horizontal-tb, or one that
mirrors text or turns it upside down (`transform`, `rotate`, `scale`: a negative scale, a turn of
more than a right angle, a matrix or skew; a shift, a label sloped with its wire and a positive
scale are fine) — as the bidi control characters do, which render/templates.py refuses in every
output: a "0.25" a student reads as "52.0".  A property is read by its name as CSS reads it (its
escapes decoded, `d\69rection`; its comments taken out), so that `flex-direction` or
`text-transform` is no reordering.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "meta",
                          "link", "portal", "template", "input", "button", "select", "textarea"})  # (a form's controls:
# with form="responseform" they join Moodle's quiz form, formaction= sends it elsewhere)
_ACTIVE_ATTRIBUTES = frozenset({"form", "formaction", "formmethod", "formtarget", "formenctype", "ping", "srcdoc"})
# MathJax's commands that write HTML, CSS, links or characters, or load extensions (its html, unicode,
# require, bbox extensions): \href{javascript:…}, \style{transform:scaleX(-1)}, \unicode{x202E}; read in the
# text a browser shows (character references decoded: &#92;href is \href to MathJax)
_MATHJAX_ACTIVE = re.compile(r"(?<!\\)(?:\\\\)*\\(href|url|style|class|cssId|unicode|require|data|bbox|html\w*|mmlToken)"
                             r"(?![A-Za-z])")  # (an odd number of backslashes: \\href is a line break and a word)
_MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$|\$[^$]*\$|\\begin\{.*?\\end\{", re.S)  # what MathJax
# typesets: Moodle's and Jupyter's delimiters, PrairieLearn's $…$ too, and environments
# an element MathJax skips (class tex2jax_ignore or mathjax_ignore) up to its first end tag: symbp's own templates
# put there the texts a student or a spec writes; where a page names tex2jax_process (typeset inside skipped
# elements), nothing is taken out
_IGNORED = re.compile(r"<(\w+)\b[^>]*\bclass=[\"']?[^>]*?\b(?:tex2jax|mathjax)_ignore\b[^>]*>.*?</\1\s*>", re.S | re.I)
_UNSEEN = re.compile(r"[\x00-\x20\x7f]+")  # what a browser skips in a URL's scheme (java\tscript:)
_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
_CSS_LOADS = ("@import", "url(", "expression(", "image-set(", "image(", "cross-fade(", "src(")  # a style that loads
# from elsewhere (image-set("https://…" 1x) takes a plain string) or runs script (old IE)
_SVG_REORDERS = frozenset({"direction", "unicode-bidi", "writing-mode", "rotate", "transform"})  # SVG attributes
_CSS_ESCAPE = re.compile(r"\\([0-9a-f]{1,6})[ \t\n\r\f]?|\\(.)", re.I | re.S)  # \69 or \i for i
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
# a style property that may reorder, mirror or turn text (the whole name: not flex-direction or
# text-transform), and its value up to the next property
_CSS_PROPERTY = re.compile(r"(?<![-\w\\])(direction|unicode-bidi|transform|rotate|scale|writing-mode)\s*:\s*([^;}]*)")
_FUNCTION = re.compile(r"([a-z0-9]+)\(([^()]*)\)")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
_ANGLE = re.compile(rf"({_NUMBER})(deg|rad|grad|turn)?")
_DEGREES = {None: 1.0, "deg": 1.0, "rad": 57.29577951308232, "grad": 0.9, "turn": 360.0}


# Attributes by which a browser fetches a resource as the page loads (a link's href waits for a click): a
# course's template may not make one from another server (`<img src="https://…/track.png">` would tell that server
# every student who opens the quiz; stop 69's hostile tester).  `//host/x` is another server as well.
_LOADING = frozenset({"src", "srcset", "poster", "background", "lowsrc", "dynsrc", "data", "codebase", "archive",
                      "manifest", "imagesrcset"})
_LOADING_HREF = frozenset({"href", "xlink:href"})  # on any element but a link (<a>): <use>, <image>, <feImage>, …
_ELSEWHERE = re.compile(r"^\s*(?://|(?!data:)[a-z][a-z0-9+.-]*:)")  # (a data: image is inline: _SCHEMES judge it)


def _loads_from_elsewhere(tag: str, attribute: str, seen: str) -> bool:
    loads = attribute in _LOADING or (attribute in _LOADING_HREF and tag != "a")
    return loads and any(_ELSEWHERE.match(part) for part in seen.split(","))


def _degrees(text: str) -> float | None:
    found = _ANGLE.fullmatch(text.strip())
    return None if found is None else float(found.group(1)) * _DEGREES[found.group(2)]


def _upright(name: str, arguments: str) -> bool:
    """Whether a transform function leaves text readable left to right: a shift, a turn of at most a
    right angle (a label sloped with its wire), a scaling by positive factors — not a mirror (a
    negative scale), a turn upside down, a matrix or a skew."""
    parts = [p for p in re.split(r"[\s,]+", arguments.strip()) if p]
    if name.startswith("translate"):
        return True
    if name in ("rotate", "rotatez"):
        angle = _degrees(parts[0]) if parts else None
        return angle is not None and abs(angle) <= 90
    if name in ("scale", "scalex", "scaley"):
        return bool(parts) and all(re.fullmatch(rf"{_NUMBER}%?", p) and float(p.rstrip("%")) > 0 for p in parts)
    return False


def _keeps_reading(name: str, value: str) -> bool:
    """Whether a style property's (or SVG attribute's) value leaves text as it runs."""
    value = " ".join(value.replace("!important", " ").split())
    if name == "direction":
        return value == "ltr"
    if name == "unicode-bidi":
        return value == "normal"
    if name == "writing-mode":
        return value == "horizontal-tb"
    if name == "rotate":  # CSS's property (one angle), SVG's attribute (one angle per character)
        angles = [_degrees(p) for p in re.split(r"[\s,]+", value) if p] if value != "none" else [0.0]
        return bool(angles) and all(a is not None and abs(a) <= 90 for a in angles)
    if name == "scale":
        return value == "none" or _upright("scale", value)
    functions = _FUNCTION.findall(value)  # transform
    return value == "none" or (bool(functions) and _FUNCTION.sub("", value).strip() == ""
                               and all(_upright(f, a) for f, a in functions))


def _reorders_css(text: str) -> bool:
    """Whether a style (a style attribute's value, a <style>'s text) sets a property that reorders,
    mirrors or turns text upside down (read with CSS's escapes decoded and its comments taken out)."""
    decoded = _CSS_COMMENT.sub(" ", _decoded(text)).lower()
    return any(not _keeps_reading(name, value) for name, value in _CSS_PROPERTY.findall(decoded))


def _decoded(text: str) -> str:
    return _CSS_ESCAPE.sub(lambda m: chr(min(int(m.group(1), 16), 0x10FFFF) or 0xFFFD) if m.group(1) else m.group(2),
                           text)


def _css(text: str) -> str:
    """A style as the check for loads reads it: escapes decoded, what a browser skips in a URL removed,
    lower case (u\\72l( is url()."""
    return _UNSEEN.sub("", _decoded(text)).lower()


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: str | None = None
        self.reorders: str | None = None  # the first markup that reorders text (`findings`)
        self.in_style = 0  # <style> elements open

    def handle_starttag(self, tag, attrs):
        self.in_style += tag == "style"
        self._look(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._look(tag, attrs)

    def handle_data(self, data):
        seen = _css(data) if self.in_style else ""  # (a <style>'s text: not the prose after </style>)
        if self.found is None and any(load in seen for load in _CSS_LOADS):
            self.found = "<style>" + clipped(data.strip(), 40)
        if self.reorders is None and seen and _reorders_css(data):
            self.reorders = "<style>" + clipped(data.strip(), 40)

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = max(self.in_style - 1, 0)
        if self.found is None and tag in _ACTIVE_TAGS:
            self.found = f"</{tag}>"

    def _look(self, tag, attrs):
        if self.reorders is None:
            self._reordering(tag, attrs)
        if self.found is not None:
            return
        if tag in _ACTIVE_TAGS:
            self.found = f"<{tag}>"
            return
        for attribute, value in attrs:
            if attribute.startswith("on") or attribute in _ACTIVE_ATTRIBUTES:
                self.found = f"<{tag} {attribute}=…>"
                return
            seen = _UNSEEN.sub("", value or "").lower()
            if _loads_from_elsewhere(tag, attribute, seen):
                self.found = f"<{tag} {attribute}={clipped(value or '', 30)!r}>"
                return
            if any(scheme in seen for scheme in _SCHEMES) or \
                    (attribute == "style" and any(load in _css(value or "") for load in _CSS_LOADS)):  # (SVG's <set to="javascript:…">)
                self.found = f"<{tag} {attribute}={clipped(value or '', 30)!r}>"
                return


    def _reordering(self, tag, attrs):
        for attribute, value in attrs:
            seen = _UNSEEN.sub("", value or "").lower()
            if ((attribute == "dir" and seen != "ltr") or (attribute == "style" and _reorders_css(value or ""))
                    or (attribute in _SVG_REORDERS and not _keeps_reading(attribute, (value or "").lower()))):
                self.reorders = f"<{tag} {attribute}={clipped(value or '', 30)!r}>"
                return
        if tag == "bdo" and not any(attribute == "dir" for attribute, _ in attrs):  # (dir="ltr": as the text runs)
            self.reorders = "<bdo>"


_MAX_NESTING = 3
_HIDES = re.compile(r"<(?=[!?]|/[^a-zA-Z])")  # what opens a comment, declaration, CDATA or instruction


class _Wary(_Finder):
    """The second reading (see the module docstring): no raw text, nothing hidden in comments,
    declarations or instructions, and a tag's own text read again for tags."""
    CDATA_CONTENT_ELEMENTS = ()
    RCDATA_CONTENT_ELEMENTS = ()  # (Python's parser from its 2025 fixes on: <title>, <textarea> read as text)

    def set_cdata_mode(self, *args, **kwargs):  # (no element's text is text to this reading, whatever the version)
        return

    def __init__(self, depth: int = 0):
        super().__init__()
        self.depth = depth

    def feed(self, data):
        super().feed(_HIDES.sub("< ", data))

    def _look(self, tag, attrs):
        super()._look(tag, attrs)
        inner = (self.get_starttag_text() or "")[1:]
        if (self.found is None or self.reorders is None) and re.search(r"<[a-zA-Z/!?]", inner):
            if self.depth >= _MAX_NESTING:
                self.found = self.found or f"<{tag} …<…>"
                return
            nested = _Wary(self.depth + 1)
            nested.feed(inner)
            nested.close()
            self.found = self.found or nested.found
            self.reorders = self.reorders or nested.reorders


def clipped(text: str, limit: int) -> str:
    """`text` as a refusal quotes it: whole up to `limit` characters, else cut after the last space or
    punctuation that keeps at least half of it (never inside a word where one ends nearby) and "…" added."""
    if len(text) <= limit:
        return text
    cut = max((m.end() for m in re.finditer(r"[\s/.,;:(){}=&?#-]+", text[:limit + 1]) if m.end() >= limit // 2),
              default=limit)
    return text[:min(cut, limit)].rstrip() + "…"


def findings(text: str) -> tuple[str | None, str | None]:
    """(the first active markup, the first markup that reorders text) in `text`, each or None: one reading
    of a rendered document (up to 64 M characters) for both, read as a browser and as a wary browser (see the module docstring)."""
    readings = []
    for finder in (_Finder(), _Wary()):
        finder.feed(text)
        finder.close()
        readings.append(finder)
    mathjax = _mathjax(text) if "\\" in text or "&" in text else None
    wary = readings[1].found and f"{readings[1].found} (inside a comment, CDATA, a <style>'s or a tag's text, which a browser may read as markup)"
    return (readings[0].found or wary or (mathjax and "\\" + mathjax.group(1)),
            readings[0].reorders or readings[1].reorders)


def _mathjax(text: str):
    """The first MathJax command that writes HTML, CSS, links or characters in the math MathJax typesets
    (see the module docstring), read in the text a browser shows; None."""
    shown = unescape(text)
    if not re.search(r"(?:tex2jax|mathjax)_process", shown, re.I):
        shown = _IGNORED.sub(" ", shown)
    for math in _MATH.finditer(shown):
        found = _MATHJAX_ACTIVE.search(math.group())
        if found is not None:
            return found
    return None


def active_markup(text: str) -> str | None:
    """The first active markup in `text` (see the module docstring), or None."""
    return findings(text)[0]
