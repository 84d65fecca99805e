"""What a course's HTML may not write: markup that runs code in a browser (render/templates.py asks).

In:  the text a course's HTML, SVG, Markdown, Moodle or PrairieLearn template rendered.
Out: the first piece of active markup found (its tag or attribute as written), or None.

Read as a browser reads it — Python's HTML parser, which decodes character references in attribute
values (`jav&#x61;script:`), takes `/` between attributes (`<svg/onload=…>`) and a `>` inside quotes
(`alt=">"`) as a browser does — not by a pattern over the text: a tag that runs or loads code or sends
a form, any `on…` event handler, any attribute whose value, spaces and control characters removed,
holds javascript:, vbscript: or an HTML/SVG data: URL (SVG's `<set to="javascript:…">` too), and a
style that loads from elsewhere (@import, url(…)).

`findings` also gives the first piece of markup that reorders text as a browser shows it — a <bdo>, a
`dir` attribute other than ltr, a style setting `direction` or `unicode-bidi` — as the bidi control
characters do, which render/templates.py refuses in every output: a "0.25" a student reads as "52.0".
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "meta",
                          "link", "portal", "template"})
_UNSEEN = re.compile(r"[\x00-\x20\x7f]+")  # what a browser skips in a URL's scheme (java\tscript:)
_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
_CSS_LOADS = ("@import", "url(", "expression(")  # a style that loads from elsewhere or runs script (old IE)
_CSS_REORDERS = ("direction", "unicode-bidi")  # a style that reorders text


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
        seen = _UNSEEN.sub("", data).lower() if self.lasttag == "style" else ""
        if self.found is None and any(load in seen for load in _CSS_LOADS):
            self.found = "<style>" + data.strip()[:40]
        if self.reorders is None and any(word in seen for word in _CSS_REORDERS):
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
                    (attribute == "style" and any(load in seen for load in _CSS_LOADS)):  # (SVG's <set to="javascript:…">)
                self.found = f"<{tag} {attribute}={(value or '')[:30]!r}>"
                return


    def _reordering(self, tag, attrs):
        for attribute, value in attrs:
            seen = _UNSEEN.sub("", value or "").lower()
            if (attribute == "dir" and seen != "ltr") or (attribute == "style" and any(w in seen for w in _CSS_REORDERS)):
                self.reorders = f"<{tag} {attribute}={(value or '')[:30]!r}>"
                return
        if tag == "bdo":
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
