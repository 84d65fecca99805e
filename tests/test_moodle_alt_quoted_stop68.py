"""A course catalogue's words for the Moodle image's alt text are escaped inside the attribute (stop 68's hostile
tester: image_alt = 'x" style="position:fixed;…' added a full-window style to the quiz's image, and a plain
'The "network"' made the HTML malformed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from symbp.cli import main


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


@pytest.mark.parametrize("alt", ['x" style="position:fixed;top:0;left:0;width:100vw;height:100vh', 'The "network": 2-3-1'])
def test_alt_text_stays_in_its_attribute(tmp_path, alt):
    course = tmp_path / "course" / "i18n"
    course.mkdir(parents=True)
    (course / "en.toml").write_text(f"[moodle]\nimage_alt = '{alt}'\nimage_alt_nobias = '{alt}'\n", encoding="utf-8")
    quiz = tmp_path / "out" / "q.xml"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--templates",
                                       str(tmp_path / "course"), "--out", str(tmp_path / "out"), "--moodle", str(quiz)])
    assert result.exit_code == 0, result.output
    texts = [t.text for t in ET.parse(quiz).iter("text") if t.text and "<img" in t.text]
    assert texts
    for html in texts:
        parser = _Images()
        parser.feed(html)
        assert [image["alt"] for image in parser.images] == [alt]
        assert all(set(image) == {"src", "alt", "style"} and image["style"] == "max-width: 100%;"
                   for image in parser.images)
