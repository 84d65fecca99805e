"""A given input or target of one number is printed alone, as a number: beside a decimal comma the
vector "(1,5)" reads as the pair (1, 5) (a reviewer's German worksheet: "Zielausgabe y = (−1,7)").
Vectors of two or more numbers keep their parentheses and the locale's separator."""

from __future__ import annotations

import re

from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO


def _catalogue_given(language: str) -> str:
    """sheet.given_sample of a catalogue, read as text: "Eingabe {input}, Zielausgabe {target}"."""
    text = (REPO / "templates" / "i18n" / f"{language}.toml").read_text(encoding="utf-8")
    section = text[text.index("\n[sheet]"):]
    return re.search(r'^given_sample = "(.*)"$', section, re.M).group(1)


def test_a_one_number_target_is_printed_alone_in_every_format(tmp_path):
    runner = CliRunner()
    text = runner.invoke(main, ["derive", "--example", "nn231", "--locale", "de"]).output
    assert "a^0 = (1; 2), Zielausgabe y = 1,5\n" in text, text[:600]
    sheet = tmp_path / "sheet"
    done = runner.invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "3", "--locale", "de",
                                "-o", str(sheet), "--moodle", str(tmp_path / "m.xml")])
    assert done.exit_code == 0, done.output
    words = _catalogue_given("de").split("{target}")[0].split("{input}")[-1]  # ", Zielausgabe "
    tex = (sheet / "worksheet.tex").read_text(encoding="utf-8")
    target = re.search(re.escape(words) + r"\$y = ([^$]*)\$", tex).group(1)
    assert not target.startswith("(") and re.fullmatch(r"-?\d+(\{,\}\d+)?", target), target
    inputs = re.search(r"\$a\^\{0\} = ([^$]*)\$" + re.escape(words), tex).group(1)
    assert inputs.startswith("(") and ";" in inputs, inputs  # two numbers: still a vector
    moodle = (tmp_path / "m.xml").read_text(encoding="utf-8")
    assert re.search(re.escape(words) + r"\\\(y = -?\d", moodle), moodle[:2000]
    assert r"\(y = \left(" not in moodle
