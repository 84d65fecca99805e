"""`symbp worksheet --prairielearn`: a PrairieLearn question whose server.py draws and marks (issue 13).

The exported server.py is imported as a module and called with PrairieLearn's data dictionaries.
Expected values come from the careful student (careful_student.py: the textbook equations in
Decimal arithmetic, independent of symbp's engine), who works the variant generate() drew.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import uuid
from decimal import Decimal

import pytest

from careful_student import CarefulStudent, as_text
from helpers import cli_runner
from symbp.cli import main

SPEC = """
title = "Sigmoid 2-2-1"
layers = [2, 2, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
input = [1, -1]
target = [0.8]

[[layer]]
weights = [[0.1, 0.2], [0.3, 0.4]]
biases = [0.1, -0.1]

[[layer]]
weights = [[0.5, -0.5]]
biases = [0.2]
"""


def run(*args):
    result = cli_runner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def question(tmp_path_factory):
    root = tmp_path_factory.mktemp("pl")
    (root / "sig221.toml").write_text(SPEC, encoding="utf-8")
    folder = root / "questions" / "backprop"
    run("worksheet", root / "sig221.toml", "-n", 1, "--seed", 4, "--out", root / "sheet", "--prairielearn", folder)
    spec = importlib.util.spec_from_file_location("server", folder / "server.py")
    server = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(server)
    return folder, server


def generated(question, seed: str) -> dict:
    folder, server = question
    data = {"params": {}, "correct_answers": {}, "variant_seed": seed, "options": {"question_path": str(folder)}}
    server.generate(data)
    return data


def submission(question, data: dict, raw: dict) -> dict:
    folder, _ = question
    return {"params": data["params"], "correct_answers": data["correct_answers"], "variant_seed": data["variant_seed"],
            "submitted_answers": {}, "raw_submitted_answers": raw, "format_errors": {}, "partial_scores": {},
            "score": 0.0, "feedback": {}, "options": {"question_path": str(folder)}}


def slugs(question) -> dict:
    folder, _ = question
    config = json.loads((folder / "symbp-question.json").read_text(encoding="utf-8"))
    return {p["name"]: p["slug"] for p in config["parts"]}


def test_folder_files(question):
    folder, _ = question
    info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
    assert uuid.UUID(info["uuid"]).version == 5 and info["type"] == "v3" and info["title"] == "Sigmoid 2-2-1"
    html = (folder / "question.html").read_text(encoding="utf-8")
    for slug in slugs(question).values():
        assert f'answers-name="{slug}"' in html
    assert html.count("<pl-number-input") == len(slugs(question))


def test_uuid_is_reproducible_and_differs_between_questions(tmp_path, question):
    folder, _ = question
    (tmp_path / "sig221.toml").write_text(SPEC, encoding="utf-8")
    for digits, out in ((4, "same"), (3, "other")):
        run("worksheet", tmp_path / "sig221.toml", "-n", 1, "--seed", 9, "--digits", digits, "--out", tmp_path / "s",
            "--prairielearn", tmp_path / out)
    ours = json.loads((folder / "info.json").read_text())["uuid"]
    assert json.loads((tmp_path / "same" / "info.json").read_text())["uuid"] == ours
    assert json.loads((tmp_path / "other" / "info.json").read_text())["uuid"] != ours


def test_same_seed_same_variant_other_seed_other_variant(question):
    first, again, other = (generated(question, s) for s in ("k3x9", "k3x9", "z81q"))
    assert first["params"] == again["params"] and first["correct_answers"] == again["correct_answers"]
    assert first["params"]["spec"] != other["params"]["spec"]
    assert json.loads(json.dumps(first)) == first  # PrairieLearn stores data as JSON
    assert "<svg" in first["params"]["network_svg"] and "\\(" in first["params"]["givens_html"]


def test_correct_answers_are_the_careful_students(question):
    data = generated(question, "k3x9")
    careful = CarefulStudent(data["params"]["spec"], digits=12).work()
    for name, slug in slugs(question).items():
        assert math.isclose(data["correct_answers"][slug], float(careful[name]), rel_tol=1e-9, abs_tol=1e-12), name


def test_correct_submission_scores_1(question):
    data = generated(question, "k3x9")
    careful = CarefulStudent(data["params"]["spec"]).work()  # 4 significant digits, rounded and carried
    graded = submission(question, data, {slug: as_text(careful[name]) for name, slug in slugs(question).items()})
    question[1].grade(graded)
    assert graded["format_errors"] == {}
    assert graded["score"] == 1.0
    assert all(part["score"] == 1.0 for part in graded["partial_scores"].values())


def test_one_slip_loses_exactly_that_part_and_carried_parts_are_credited(question):
    data = generated(question, "k3x9")
    names = slugs(question)
    slipped = "z_1^1"

    def slip(name, value, context):
        return value + Decimal(1) if name == slipped else value

    careful = CarefulStudent(data["params"]["spec"]).work()
    student = CarefulStudent(data["params"]["spec"], slip=slip).work()
    graded = submission(question, data, {slug: as_text(student[name]) for name, slug in names.items()})
    question[1].grade(graded)
    scores = {name: graded["partial_scores"][slug]["score"] for name, slug in names.items()}
    assert scores[slipped] == 0.0
    assert all(score == 1.0 for name, score in scores.items() if name != slipped)
    assert math.isclose(graded["score"], (len(names) - 1) / len(names))
    # the slip really moved what follows: those parts are credited as carried, and say so
    moved = [n for n in names if n != slipped and abs(student[n] - careful[n]) > Decimal("0.002")]
    assert len(moved) >= 5  # each would be wrong without error carried forward
    for name in moved:
        assert "carried" in graded["partial_scores"][names[name]]["feedback"]
    assert "Wrong" in graded["partial_scores"][names[slipped]]["feedback"]


def test_carried_feedback_says_when_earlier_values_were_only_short_of_digits(question):
    """A student who wrote the first value that has more than 2 significant digits with 2 (right
    at that precision) and carried it on is told that the values after it are off because of those digits, as `symbp check`'s
    report says it (check.heading_carried_coarse), not that an earlier value was wrong."""
    from careful_student import written

    from symbp import i18n

    data = generated(question, "k3x9")
    names = slugs(question)
    careful = CarefulStudent(data["params"]["spec"]).work()
    coarse = next(n for n in names if written(careful[n], 2) != careful[n])

    def short(name, value, context):
        return written(value, 2) if name == coarse else value

    student = CarefulStudent(data["params"]["spec"], slip=short).work()
    graded = submission(question, data, {slug: as_text(student[name]) for name, slug in names.items()})
    question[1].grade(graded)
    feedback = {name: graded["partial_scores"][slug]["feedback"] for name, slug in names.items()}
    moved = [n for n in names if n != coarse and student[n] != careful[n]]
    assert moved  # the coarse z really moved what follows
    catalogue = i18n.get("en").messages
    wrong_only = catalogue["prairielearn.carried"].split("{")[0]  # "Wrong only because of your earlier "
    too_few = catalogue["status.too_few_digits"]  # "too few significant digits"
    for name in moved:
        assert graded["partial_scores"][names[name]]["score"] == 1.0, name
        assert wrong_only not in feedback[name] and too_few in feedback[name], (name, feedback[name])


@pytest.mark.parametrize("bad", ["", "   ", "abc", "NaN", "nan", "inf", "-Infinity", "1/0", "0.5.1", "1" * 200])
def test_bad_submissions_get_a_format_error_not_an_exception(question, bad):
    data = generated(question, "k3x9")
    careful = CarefulStudent(data["params"]["spec"]).work()
    names = slugs(question)
    raw = {slug: as_text(careful[name]) for name, slug in names.items()}
    raw[names["L"]] = bad
    for step in ("parse", "grade"):
        graded = submission(question, data, dict(raw))
        getattr(question[1], step)(graded)
        assert list(graded["format_errors"]) == [names["L"]], step
        assert graded["format_errors"][names["L"]]
        assert graded["score"] == 0.0 and graded["partial_scores"] == {}  # not graded


def test_the_givens_matrices_write_a_negative_entry_with_its_minus_not_in_brackets(question):
    """W^l and b^l in the HTML givens (here and in Moodle: export/view.py) are matrices: −0.5 is an
    entry, not a factor, so it is written -0.5, never (-0.5) (review: brackets in pmatrix)."""
    data = generated(question, "17")
    givens = data["params"]["givens_html"]
    matrices = re.findall(r"\\begin\{pmatrix\}(.*?)\\end\{pmatrix\}", givens)
    assert matrices
    entries = [e.strip() for m in matrices for e in re.split(r"&amp;|\\\\", m)]
    assert any(e.startswith("-") for e in entries), entries  # the drawn variant has negative entries
    for entry in entries:
        assert re.fullmatch(r"-?\d+(\.\d+)?", entry), entry


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_the_question_states_the_carry_rule_it_marks_by(question, locale):
    """The question's rule sentence says what grade() credits (the test above): a value off because of an
    earlier value that was wrong *or* written with too few significant digits (it said only "wrong")."""
    from symbp import i18n

    catalogue = i18n.get(locale).messages
    rule = catalogue["prairielearn.carry_rule"]
    significant = max(catalogue["status.too_few_digits"].split(), key=len)[:10]  # significant / signifikant…
    assert significant in rule, rule
    if locale == "en":
        html = (question[0] / "question.html").read_text(encoding="utf-8")
        assert rule in html


ARABIC_INDIC = str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")  # and the Arabic decimal separator
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


@pytest.mark.parametrize("script", [ARABIC_INDIC, DEVANAGARI])
def test_digits_of_another_script_are_read_as_check_reads_them(question, script):
    """٠٫٥١٢٨ (an Arabic keyboard's 0.5128) is read as 0.5128, and graded as it: the same rule as
    `symbp check` (written.parse_written); PrairieLearn shows the number read (submitted_answers)."""
    data = generated(question, "k3x9")
    careful = CarefulStudent(data["params"]["spec"]).work()
    names = slugs(question)
    ascii_raw = {slug: as_text(careful[name]) for name, slug in names.items()}
    graded = submission(question, data, {slug: text.translate(script) for slug, text in ascii_raw.items()})
    question[1].grade(graded)
    assert graded["format_errors"] == {} and graded["score"] == 1.0
    assert graded["submitted_answers"] == {slug: float(Decimal(text)) for slug, text in ascii_raw.items()}


def test_a_question_whose_draws_drift_names_what_its_instructor_can_do(tmp_path):
    """Draws failing as carried_off (nn231 carried at 1 digit, 3 draws: test_worksheet_draws) in the
    question's generate(): the refusal names a new export with more --digits, not --exact-key,
    which is no option of a PrairieLearn question (it always grades with the carried key)."""
    from symbp.errors import SpecError
    from symbp.export import pl_runtime
    from symbp.resources import example_path
    from symbp.spec import load_spec, spec_to_dict

    spec = spec_to_dict(load_spec(example_path("nn231")))
    config = {"name": "nn231", "spec": {**spec, "variants": {"max_draws": 3}}, "digits": 1, "min_digits": 1,
              "detail": "auto", "ask": ["forward"], "parts": []}
    (tmp_path / "symbp-question.json").write_text(json.dumps(config), encoding="utf-8")
    data = {"params": {}, "correct_answers": {}, "variant_seed": "1", "options": {"question_path": str(tmp_path)}}
    with pytest.raises(SpecError) as refused:
        pl_runtime.generate(data)
    assert "carried_off" in str(refused.value) and "--exact-key" not in str(refused.value)
    assert "export the question again with more --digits" in str(refused.value)
