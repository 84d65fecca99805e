"""What a course's HTML may not write: markup that runs code in a browser (render/templates.py asks).

In:  the text a course's HTML, SVG, Markdown, Moodle or PrairieLearn template rendered.
Out: the first piece of active markup found (its tag or attribute as written), or None.

Read as a browser reads it — Python's HTML parser, which decodes character references in attribute
values (`jav&#x61;script:`), takes `/` between attributes (`<svg/onload=…>`) and a `>` inside quotes
(`alt=">"`) as a browser does — not by a pattern over the text: a tag that runs or loads code or sends
a form, any `on…` event handler, any attribute whose value, spaces and control characters removed,
holds javascript:, vbscript: or an HTML/SVG data: URL (SVG's `<set to="javascript:…">` too), and a
style that loads from elsewhere (@import, url(…), read with CSS's escapes decoded: `u\72l(…)`).

`findings` also gives the first piece of markup that reorders text as a browser shows it — a <bdo>
other than <bdo dir="ltr">, a `dir` attribute other than ltr, a style property `direction` or
`unicode-bidi`, or one that mirrors or turns it (`transform`, `rotate`, `scale`, `writing-mode`) — as
the bidi control characters do, which render/templates.py refuses in every output: a "0.25" a
student reads as "52.0".  A property is read by its name as CSS reads it (its escapes decoded:
`d\69rection`), so that `flex-direction` or `text-transform` is no reordering.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "meta",
                          "link", "portal", "template"})
_UNSEEN = re.compile(r"[\x00-\x20\x7f]+")  # what a browser skips in a URL's scheme (java\tscript:)
_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
_CSS_LOADS = ("@import", "url(", "expression(")  # a style that loads from elsewhere or runs script (old IE)
# a style property that may reorder, mirror or turn text (not flex-direction, text-transform: the whole name),
# and its value up to the next property; each is fine only with a value that leaves text as it runs
_CSS_PROPERTY = re.compile(r"(?<![-\w\\])(direction|unicode-bidi|transform|rotate|scale|writing-mode):([^;}]*)")
_AS_IT_RUNS = {"direction": re.compile(r"ltr"), "unicode-bidi": re.compile(r"normal"),
               "writing-mode": re.compile(r"horizontal-tb"), "rotate": re.compile(r"none|0(?:deg)?"),
               "scale": re.compile(r"none|1|11"),  # (spaces are gone: "1 1" reads "11")
               "transform": re.compile(r"none|(?:translate(?:x|y|z|3d)?\([^()]*\))+")}  # translateX(-50%): centring
_SVG_REORDERS = frozenset({"direction", "unicode-bidi", "writing-mode", "rotate"})  # SVG's presentation attributes
_NEVER = re.compile(r"(?!)")
_CSS_ESCAPE = re.compile(r"\\([0-9a-f]{1,6})[ \t\n\r\f]?|\\(.)", re.I | re.S)  # \69 or \i for i


def _reorders_css(text: str) -> bool:
    """Whether a style (a style attribute's value, a <style>'s text) sets a property that reorders,
    mirrors or turns text."""
    return any(not _AS_IT_RUNS[name].fullmatch(value.removesuffix("!important"))
               for name, value in _CSS_PROPERTY.findall(_css(text)))
def _css(text: str) -> str:
    """A style as CSS reads its names: escapes decoded, then what a browser skips removed, lower case."""
    decoded = _CSS_ESCAPE.sub(lambda m: chr(min(int(m.group(1), 16), 0x10FFFF) or 0xFFFD) if m.group(1) else m.group(2),
                              text)
    return _UNSEEN.sub("", decoded).lower()


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: str | None = None
        self.reorders: str | None = None  # the first markup that reorders text (`findings`)

    def handle_starttag(self, tag, attrs):
        self._look(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._look(tag, attrs)

    def handle_data(self, data):
        seen = _css(data) if self.lasttag == "style" else ""
        if self.found is None and any(load in seen for load in _CSS_LOADS):
            self.found = "<style>" + data.strip()[:40]
        if self.reorders is None and seen and _reorders_css(data):
            self.reorders = "<style>" + data.strip()[:40]

    def handle_endtag(self, tag):
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
            if attribute.startswith("on"):
                self.found = f"<{tag} {attribute}=…>"
                return
            seen = _UNSEEN.sub("", value or "").lower()
            if any(scheme in seen for scheme in _SCHEMES) or \
                    (attribute == "style" and any(load in _css(value or "") for load in _CSS_LOADS)):  # (SVG's <set to="javascript:…">)
                self.found = f"<{tag} {attribute}={(value or '')[:30]!r}>"
                return


    def _reordering(self, tag, attrs):
        for attribute, value in attrs:
            seen = _UNSEEN.sub("", value or "").lower()
            if ((attribute == "dir" and seen != "ltr") or (attribute == "style" and _reorders_css(value or ""))
                    or (attribute in _SVG_REORDERS and not _AS_IT_RUNS.get(attribute, _NEVER).fullmatch(seen))
                    or (attribute == "transform" and not _AS_IT_RUNS["transform"].fullmatch(seen))):
                self.reorders = f"<{tag} {attribute}={(value or '')[:30]!r}>"
                return
        if tag == "bdo" and not any(attribute == "dir" for attribute, _ in attrs):  # (dir="ltr": as the text runs)
            self.reorders = "<bdo>"


def findings(text: str) -> tuple[str | None, str | None]:
    """(the first active markup, the first markup that reorders text) in `text`, each or None: one reading
    of a rendered document (up to 64 M characters) for both (see the module docstring)."""
    finder = _Finder()
    finder.feed(text)
    finder.close()
    return finder.found, finder.reorders


def active_markup(text: str) -> str | None:
    """The first active markup in `text` (see the module docstring), or None."""
    return findings(text)[0]
