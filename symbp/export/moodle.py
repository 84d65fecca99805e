"""A worksheet's variants -> one Moodle XML file: a category and one Cloze question per variant.

In:  the spec, the built `Worksheet` (its verified variants), the sheet's seed and `SheetOptions`.
Out: Moodle XML text.  Each question holds the variant's givens with the network as an SVG image
(`@@PLUGINFILE@@/network.svg`, the file base64-encoded in the question text, as Moodle exports
files), one NUMERICAL gap per asked quantity (Cloze syntax in cloze.py; tolerances from the
agreement rule in tolerance.py, full credit for the exact value and, with a carried key, for the
carried value the key prints; one point each, as `symbp check --key` marks), and the variant's
worked solution as general feedback (MathJax `\\( … \\)`).  The variant's id and seed are in the
question's name and idnumber, so that a question leads back to its row of answers.json.

Templates (override by name with `--templates DIR`):

    moodle/texts.jinja           category path, question name and idnumber, gap feedback
    moodle/category.html.jinja   the category's description
    moodle/question.html.jinja   the question text: givens, image, tasks with their gaps
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

TEXTS = "moodle/texts.jinja"
CATEGORY = "moodle/category.html.jinja"
QUESTION = "moodle/question.html.jinja"
IMAGE = "network.svg"
IDNUMBER_MAX = 100  # characters Moodle keeps of a question's idnumber


def _catalogue(templates_dir):
    from ..render.templates import template_macros

    return template_macros(TEXTS, templates_dir)


def _html(name: str, templates_dir, **context) -> str:
    from ..render.templates import render_template

    return render_template(name, templates_dir, **context)


def _element(parent, tag: str, text: str | None = None, **attributes):
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        ET.SubElement(element, "text").text = text
    return element


def idnumber(spec_name: str, sheet_seed: int, variant, language: str = "") -> str:
    """symbp-<spec>-s<sheet seed>-v<id>-<variant seed>, then -<language> for a sheet not in English
    (DEFAULT_LANGUAGE: a bank imported before keeps its ids), so that the English and the French
    export of one seed can share a question bank."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "-", spec_name)[:40]
    tail = f"-{language}" if language else ""
    return f"symbp-{safe}-s{sheet_seed}-v{variant.id}-{variant.seed}{tail}"[:IDNUMBER_MAX]


DEFAULT_LANGUAGE = "en"  # its category and ids name no language (as before there were others)


def language_tag(options) -> str:
    """"" for the default language, else its code: what keeps another language's category and ids apart."""
    return "" if options.locale == DEFAULT_LANGUAGE else options.locale


def _sheet(spec, seed: int, options) -> dict:
    from .. import __version__
    from ..worksheet import sheet_identity, sheet_metadata
    from . import cloze

    meta = sheet_metadata(spec, options)
    # the category is named by the sheet's identity: untitled sheets of one architecture share a heading, not a pool
    named = {**meta, "title": sheet_identity(spec, options)}
    return {**meta, "html": {k: cloze.text(v) for k, v in {**meta, "spec_name": spec.name}.items()},
            "path": {k: v.replace("/", "//") for k, v in named.items()},  # a / in a category name is //
            "spec_name": spec.name, "seed": seed, "version": __version__, "language": language_tag(options)}


def _gap(part: dict, texts) -> str:
    from .cloze import Answer, gap

    answers = [Answer(1, _number(band.centre), _number(band.tolerance),
                      texts.correct_feedback(part, band))
               for band in part["bands"] + part["carried_bands"]]
    answers.append(Answer(0, None, feedback=texts.wrong_feedback(part)))
    return gap(part["points"], answers)


def _number(value) -> str:
    from .tolerance import plain_number

    return plain_number(value)


def question_xml(quiz, spec, sheet: dict, variant, ask, options, rule) -> None:
    """Append the Cloze question of one variant to the <quiz> element."""
    from . import view

    texts = _catalogue(options.templates_dir)
    context = view.variant_view(variant, ask, options)
    asked = view.parts(variant.solution, ask, rule)
    for part in asked:
        part["gap"] = _gap(part, texts)
    groups = view.task_groups(context["tasks"], asked)
    question = ET.SubElement(quiz, "question", {"type": "cloze"})
    _element(question, "name", str(texts.question_name(sheet, variant)).strip())
    text = _html(QUESTION, options.templates_dir, sheet=sheet, v=context, groups=groups, rule=rule, image=IMAGE)
    if options.templates_dir is not None:
        _gaps_kept(text, [part["gap"] for part in asked])
    body = _element(question, "questiontext", text, format="html")
    svg = view.network_svg(variant.solution, options.digits, options.templates_dir)
    ET.SubElement(body, "file", {"name": IMAGE, "path": "/", "encoding": "base64"}).text = \
        base64.b64encode(svg.encode("utf-8")).decode("ascii")
    feedback = view.solution_html(context["context"], options.templates_dir)
    _element(question, "generalfeedback", feedback, format="html")
    ET.SubElement(question, "idnumber").text = idnumber(spec.name, sheet["seed"], variant, sheet["language"])


_CLOZE = re.compile(r"\{\d*:[A-Z_]+:(?:\\.|[^\\}])*\}")  # any Cloze gap: {1:NUMERICAL:…}, {:MULTICHOICE:…} (\} escaped)


def _gaps_kept(text: str, gaps: list[str]) -> None:
    """A course's question text prints each of symbp's gaps once, as it is, and no other gap: what
    Moodle grades (answers, tolerances, points) is symbp's (a number check alone would let 0.5 in)."""
    from collections import Counter

    from ..errors import SpecError

    if Counter(_CLOZE.findall(text)) != Counter(gaps):
        raise SpecError(f"template {QUESTION}", "changes, repeats or leaves out a graded gap: print each part.gap "
                                                "once, as it is, and no gap of its own")


def moodle_quiz(spec, worksheet, seed: int, options, rule=None) -> str:
    """The Moodle XML of a built worksheet (see the module docstring)."""
    from ..agreement import Rule
    from ..variants import settings_from_spec

    rule = rule or Rule(options.digits)
    ask = settings_from_spec(spec).ask
    sheet = _sheet(spec, seed, options)
    texts = _catalogue(options.templates_dir)
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    _element(category, "category", str(texts.category_path(sheet)).strip())
    _element(category, "info", _html(CATEGORY, options.templates_dir, sheet=sheet, rule=rule,
                                     count=len(worksheet.variants)), format="html")
    for variant in worksheet.variants:
        question_xml(quiz, spec, sheet, variant, ask, options, rule)
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
