"""A course catalogue's SVG title is escaped: "&" or "<" in it made the network's SVG in a Moodle export malformed
XML (the stop-68 reviewer)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from click.testing import CliRunner

from symbp.cli import main


def test_svg_title_with_markup_characters(tmp_path):
    course = tmp_path / "course" / "i18n"
    course.mkdir(parents=True)
    (course / "en.toml").write_text('[drawing]\nsvg_title = "Net & weights <b>"\n', encoding="utf-8")
    quiz = tmp_path / "out" / "q.xml"
    result = CliRunner().invoke(main, ["worksheet", "--example", "mazur", "-n", "1", "--seed", "1", "--templates",
                                       str(tmp_path / "course"), "--out", str(tmp_path / "out"), "--moodle", str(quiz)])
    assert result.exit_code == 0, result.output
    import base64

    svgs = [base64.b64decode(f.text) for f in ET.parse(quiz).iter("file") if f.get("name", "").endswith(".svg")]
    assert svgs
    for svg in svgs:
        title = ET.fromstring(svg).find("{http://www.w3.org/2000/svg}title")
        assert title is not None and title.text == "Net & weights <b>"
