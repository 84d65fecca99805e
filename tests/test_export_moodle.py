"""`symbp worksheet --moodle`: a Moodle XML quiz that imports as it is (issue 13).

The XML is parsed; every gap is read with Moodle's multianswer grammar (moodle_cloze.py, written
from Moodle's syntax); each gap must accept the key's value and every number the agreement rule
accepts (the exact value rounded at any precision with enough significant digits), and reject a
slip; the worked-solution feedback must show the key's numbers; titles and feedback with the
characters Cloze breaks on must come out exactly as written.
"""

from __future__ import annotations

import base64
import html
import json
import re
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

import moodle_cloze
from helpers import cli_runner
from symbp.agreement import Rule, agrees
from symbp.written import parse_written
from symbp.cli import main
from symbp.numbers import parse_exact
from symbp.render.printers import printer

TITLE = 'Week 5 {1:NUMERICAL:=9} } # ~ / " \\ <b>&'
COURSE = "ML/101"
VARIANTS = 2
RULE = Rule(4)  # the sheet's digits: 4 (default), so at least 3 significant digits
TEX = printer("tex", digits=4)  # (the gaps found by their symbols: tests/test_export_order.py checks their order)


def run(*args):
    result = cli_runner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output + (result.stderr if hasattr(result, "stderr") else "")
    return result


@pytest.fixture(scope="module")
def quiz(tmp_path_factory):
    out = tmp_path_factory.mktemp("moodle")
    run("worksheet", "--example", "nn231", "-n", VARIANTS, "--seed", 5, "--out", out, "--title", TITLE,
        "--course", COURSE, "--moodle", out / "quiz.xml")
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    return ET.parse(out / "quiz.xml").getroot(), key


def clozes(root):
    return [q for q in root.findall("question") if q.get("type") == "cloze"]


def test_one_category_then_one_cloze_per_variant(quiz):
    root, key = quiz
    assert root.tag == "quiz"
    types = [q.get("type") for q in root.findall("question")]
    assert types == ["category"] + ["cloze"] * VARIANTS
    path = root.find("question/category/text").text
    assert path == "$course$/top/ML//101/" + TITLE.replace("/", "//")  # a / in a name is // in a path


def test_name_and_idnumber_name_the_variant_and_its_seed(quiz):
    root, key = quiz
    for question, variant in zip(clozes(root), key["variants"]):
        name = question.find("name/text").text
        idnumber = question.find("idnumber").text
        assert name.startswith(TITLE) and f"variant {variant['id']}" in name and str(variant["seed"]) in name
        assert idnumber.endswith(f"-v{variant['id']}-{variant['seed']}") and len(idnumber) <= 100


def test_every_gap_reads_with_moodles_grammar(quiz):
    root, key = quiz
    for question, variant in zip(clozes(root), key["variants"]):
        text = question.find("questiontext/text").text
        found = moodle_cloze.gaps(text)
        assert len(found) == len(variant["asked"])  # the title's {1:NUMERICAL:=9} is no gap
        assert len(moodle_cloze.GAP_START.findall(text)) == len(found)  # no broken gap either
        assert all(points == 1 for points, _ in found)
        for _, alts in found:
            assert alts[0].fraction == 1.0 and alts[-1].answer == "*" and alts[-1].fraction == 0.0


def _roundings(exact: Fraction):
    """The exact value rounded half up at 0…15 decimals, as texts with exactly that many decimals."""
    value = Decimal(exact.numerator) / Decimal(exact.denominator) if exact.denominator != 1 else Decimal(exact.numerator)
    for places in range(16):
        yield format(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")


def test_each_gap_accepts_what_the_agreement_rule_accepts_and_rejects_slips(quiz):
    root, key = quiz
    checked = 0
    for question, variant in zip(clozes(root), key["variants"]):
        gaps = moodle_cloze.gaps_by_name(question, variant["asked"], TEX.symbol)
        for name, alts in gaps.items():
            exact = parse_exact(variant["exact"][name], name)
            assert moodle_cloze.credit(alts, repr(variant["values"][name])) == 1.0, name  # the key's value
            for text in _roundings(exact):
                if agrees(parse_written(text, name), exact, RULE):
                    assert moodle_cloze.credit(alts, text) == 1.0, (name, text)
                    checked += 1
            slips = [exact * Fraction(11, 10), -exact] if exact else [Fraction(1, 100), Fraction(-1, 100)]
            for slip in slips:
                assert moodle_cloze.credit(alts, str(float(slip))) == 0.0, (name, float(slip))
            tolerance = Fraction(alts[0].tolerance)
            if tolerance:  # just outside the tolerance: rejected
                assert moodle_cloze.credit(alts, str(float(exact + 2 * tolerance))) == 0.0, name
    assert checked > 100


def test_tolerance_is_half_a_unit_of_the_third_significant_digit(quiz):
    root, key = quiz
    variant = key["variants"][0]
    gaps = moodle_cloze.gaps_by_name(clozes(root)[0], variant["asked"], TEX.symbol)
    for name, alts in gaps.items():
        exact = parse_exact(variant["exact"][name], name)
        if exact == 0:
            assert Fraction(alts[0].tolerance) == 0
            continue
        third_digit = Decimal(str(float(exact))).adjusted() - 2  # exponent of the 3rd significant digit
        assert Fraction(alts[0].tolerance) == Fraction(1, 2) * Fraction(10) ** third_digit, name


def test_title_shows_exactly_as_written(quiz):
    root, _ = quiz
    text = clozes(root)[0].find("questiontext/text").text
    # the question text is HTML: what a browser shows is the text with its entities decoded
    shown = html.unescape(re.sub(r"<[^>]+>", "", text))
    assert TITLE in shown


def test_image_is_an_svg_file_of_the_network(quiz):
    root, key = quiz
    for question in clozes(root):
        assert '@@PLUGINFILE@@/network.svg' in question.find("questiontext/text").text
        file = question.find("questiontext/file")
        assert file.get("name") == "network.svg" and file.get("encoding") == "base64"
        svg = ET.fromstring(base64.b64decode(file.text))
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(svg.findall("{http://www.w3.org/2000/svg}circle")) == 2 + 3 + 1  # nn231: one per neuron


def _numbers(text: str) -> list[str]:
    return re.findall(r"(?<![\w^_{.])-?\d+(?:\.\d+)?", text)


def test_worked_solution_feedback_shows_the_keys_numbers(quiz):
    root, key = quiz
    for question, variant in zip(clozes(root), key["variants"]):
        feedback = html.unescape(question.find("generalfeedback/text").text)
        assert question.find("generalfeedback").get("format") == "html"
        assert "\\[" in feedback and "\\(" in feedback  # MathJax delimiters
        shown = [parse_written(n, "feedback") for n in set(_numbers(feedback))]
        for name in variant["asked"]:
            exact = parse_exact(variant["exact"][name], name)
            # some number printed in the worked solution is the value by the agreement rule
            assert any(agrees(n, exact, RULE) for n in shown), name


def test_feedback_with_special_characters_reads_back_exactly(tmp_path):
    special = 'Richtig } # ~ / " \\ { <b> & done'
    templates = tmp_path / "templates" / "moodle"
    templates.mkdir(parents=True)
    (templates / "texts.jinja").write_text(
        "<% macro category_path(sheet) %>$course$/top/<%= sheet.path.title %><% endmacro %>\n"
        "<% macro question_name(sheet, v) %>Q <%= v.id %><% endmacro %>\n"
        f"<% macro correct_feedback(part, band) %>{special}<% endmacro %>\n"
        f"<% macro wrong_feedback(part) %>Nein: {special}<% endmacro %>\n", encoding="utf-8")
    run("worksheet", "--example", "nn231", "-n", 1, "--seed", 2, "--out", tmp_path / "out",
        "--templates", tmp_path / "templates", "--moodle", tmp_path / "quiz.xml")
    question = clozes(ET.parse(tmp_path / "quiz.xml").getroot())[0]
    found = moodle_cloze.gaps(question.find("questiontext/text").text)
    assert len(found) == 48
    for _, alts in found:
        # Moodle stores the feedback as HTML; a browser shows it with its entities decoded
        assert html.unescape(alts[0].feedback) == special
        assert html.unescape(alts[-1].feedback) == "Nein: " + special


def _catalogue(code: str) -> dict:
    import tomllib

    from helpers import REPO

    return tomllib.loads((REPO / "templates" / "i18n" / f"{code}.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("code", ["en", "de", "fr"])
def test_an_optimizer_worksheet_speaks_the_sheets_language(tmp_path, code):
    """An Adam sheet with weight decay (tests/test_export_carried.py checks its values): the Moodle
    question and the PrairieLearn givens state the optimizer and λ, and the update task asks for
    the optimizer's state, in the catalogue's words of the sheet's language."""
    import importlib.util

    run("worksheet", "--example", "adam1", "-n", "1", "--locale", code, "--out", tmp_path / "out",
        "--moodle", tmp_path / "quiz.xml", "--prairielearn", tmp_path / "pl")
    words = _catalogue(code)
    question = [q for q in ET.parse(tmp_path / "quiz.xml").getroot().findall("question") if q.get("type") == "cloze"][0]
    text = question.find("questiontext/text").text
    loader = importlib.util.spec_from_file_location(f"server_adam_{code}", tmp_path / "pl" / "server.py")
    server = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(server)
    data = {"params": {}, "correct_answers": {}, "variant_seed": "7", "options": {"question_path": str(tmp_path / "pl")}}
    server.generate(data)
    pl = (tmp_path / "pl" / "question.html").read_text(encoding="utf-8")

    def opening(key: str) -> str:  # a message's words up to its first placeholder
        section, name = key.split(".")
        return html.escape(words[section][name].split("{")[0], quote=True)

    for givens in (text, data["params"]["givens_html"]):
        assert opening("optimizer.settings") in givens and opening("optimizer.weight_decay") in givens
        assert opening("optimizer.biases_not_regularized") in givens
    for tasks in (text, pl):
        assert opening("task.update_optimizer") + "Adam" in tasks and opening("task.update_regularized") in tasks
        assert opening("task.loss_regularized") in tasks and opening("task.update") not in tasks


def test_a_batch_sheet_asks_for_every_sample_and_the_mean(tmp_path):
    """batch3 (three samples): the tasks say what the printed sheet's say — every sample's forward
    pass and loss, each layer's gradients for every sample and then their mean."""
    run("worksheet", "--example", "batch3", "-n", "1", "--out", tmp_path / "out", "--moodle", tmp_path / "quiz.xml")
    words = _catalogue("en")["task"]
    question = [q for q in ET.parse(tmp_path / "quiz.xml").getroot().findall("question") if q.get("type") == "cloze"][0]
    tasks = dict(re.findall(r"<p><strong>([①-⑧])</strong> (.*?)</p>", question.find("questiontext/text").text))
    assert tasks["①"].endswith(words["of_every_sample"] + ".")
    assert tasks["②"] == words["loss_batch"].replace("{L}", r"\(L\)")
    for task in "④⑤":
        assert tasks[task].endswith(words["mean_over_batch"] + ".")
    assert words["of_every_sample"] in tasks["⑦"]
