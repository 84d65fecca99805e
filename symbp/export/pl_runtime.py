"""What a PrairieLearn question made by symbp runs: generate, parse and grade (its server.py).

In:  PrairieLearn's `data` dictionary and the question folder (symbp-question.json: spec, rule,
     asked quantities).
Out: `data` filled in place —
     generate: params (the variant's spec, seed, givens_html, network_svg, solution_html) and
               correct_answers (floats, for PrairieLearn's own display), the variant drawn from
               `data["variant_seed"]` exactly as `symbp worksheet` draws a variant from its seed,
               and verified before it is shown;
     parse:    format_errors for a blank, non-numeric, NaN or infinite answer, or one beyond a float
               (1e309) or symbp's number limits (never an exception), read by `symbp check`'s
               rule (written.parse_written: full-width digits too);
     grade:    partial_scores (score, weight, feedback per part) and score from `symbp check`'s
               marking with error carried forward, against the solution recomputed (and verified)
               from params — not redrawn, so that an upgrade of symbp cannot change a variant.
Each runs in the question's language (its config's "locale"); a decimal comma is read in any.
The answers are read as the student typed them (raw_submitted_answers), since the agreement rule
judges the digits written.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MAX_ANSWER_LENGTH = 60
FLOAT_MAX = 1.7976931348623157e308  # the largest number PrairieLearn stores (a float): 1e309 is a format error
TEXTS = "prairielearn/texts.jinja"
# variants.py's way out where draws failed as carried_off, for the course's instructor: a question
# always grades with the carried key (no --exact-key here), drawn at the digits it was exported with
DRIFT_WAY = ("; or export the question again with more --digits (symbp worksheet --prairielearn): the "
             "carried_off draws met every constraint, but the answers carried at the question's digits drift "
             "from their exact values")


def _folder(data: dict, here) -> Path:
    path = (data.get("options") or {}).get("question_path") or (Path(here).parent if here else ".")
    return Path(path)


def load_config(data: dict, here=None) -> dict:
    from .prairielearn import CONFIG

    return json.loads((_folder(data, here) / CONFIG).read_text(encoding="utf-8"))


def seed_of(variant_seed) -> int:
    """PrairieLearn's variant seed (a string) as a 32-bit draw seed; a number stays itself."""
    text = str(variant_seed).strip()
    if text.isdigit() and int(text) < 2**32:
        return int(text)
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


def _rule(config: dict):
    from ..agreement import Rule

    return Rule(config["digits"], config["min_digits"])


def _texts():
    from ..render.templates import environment

    return environment(None).get_template(TEXTS).module


def _in_locale(step):
    """generate/parse/grade in the question's language (symbp-question.json "locale", else English)."""
    from functools import wraps

    @wraps(step)
    def run(data: dict, here=None) -> None:
        from ..i18n import use

        with use(load_config(data, here).get("locale")):
            step(data, here)

    return run


@_in_locale
def generate(data: dict, here=None) -> None:
    import random
    from collections import Counter

    from ..pipeline import derive_solution
    from ..spec import spec_from_dict, spec_to_dict
    from ..variants import Variant, draw_variant, settings_from_spec
    from ..worksheet import SheetOptions, key_settings
    from . import view

    config = load_config(data, here)
    spec = spec_from_dict(config["spec"], name=config["name"])
    seed = seed_of(data["variant_seed"])
    options = SheetOptions(digits=config["digits"], detail=config.get("detail", "auto"), key=config.get("key", "carried"))
    settings = key_settings(settings_from_spec(spec), options)  # the answer panel shows the sheet's key
    candidate, drawn, draws = draw_variant(spec, settings, random.Random(seed), set(), Counter(), drift_way=DRIFT_WAY)
    solution, report = derive_solution(candidate, solution=drawn)
    variant = Variant(1, seed, candidate, solution, report, draws)
    context = view.variant_view(variant, tuple(config["ask"]), options)
    from ..render.templates import render_template

    data["params"].update({
        "seed": seed,
        "spec": spec_to_dict(candidate),
        "givens_html": render_template("html/givens.html.jinja", None, v=context),
        "network_svg": view.network_svg(solution, options.digits),
        "solution_html": view.solution_html(context["context"]),
    })
    for part in config["parts"]:
        data["correct_answers"][part["slug"]] = float(solution.values[part["name"]])


def _written(data: dict, config: dict) -> dict:
    """The parts' numbers as written (written.Written), after recording a format error for each
    part that is not a number."""
    from ..written import parse_written
    from ..errors import SpecError
    from ..number_input import OutOfRange

    raw_answers = data.get("raw_submitted_answers") or {}
    errors = data.setdefault("format_errors", {})
    texts, rule = _texts(), _rule(config)
    written = {}
    for part in config["parts"]:
        raw = raw_answers.get(part["slug"], (data.get("submitted_answers") or {}).get(part["slug"]))
        raw = "" if raw is None else str(raw)
        if len(raw) > MAX_ANSWER_LENGTH:
            errors[part["slug"]] = str(texts.format_error("too_long", rule))
            continue
        try:
            number = parse_written(raw, part["slug"])  # the rule of `symbp check`, in one place
        except OutOfRange as error:  # 1e1001, 1e-1001: symbp's number limits
            number, kind = None, "too_large" if error.large else "too_small"
        except SpecError:
            number, kind = None, "not_a_number"
        else:
            kind = "blank" if number is None else None if abs(number.value) <= FLOAT_MAX else "too_large"
        if kind is not None:
            errors[part["slug"]] = str(texts.format_error(kind, rule))
        else:
            written[part["name"]] = number
            # pl-number-input reads only a decimal point: a number symbp reads ("0,47") is no format error
            errors.pop(part["slug"], None)
            data.setdefault("submitted_answers", {})[part["slug"]] = float(number.value)
    return written


@_in_locale
def parse(data: dict, here=None) -> None:
    _written(data, load_config(data, here))


@_in_locale
def grade(data: dict, here=None) -> None:
    from ..check import Answers
    from ..check_report import report_context
    from ..marking import mark
    from ..pipeline import derive_solution
    from ..spec import spec_from_dict

    config = load_config(data, here)
    written = _written(data, config)
    if data["format_errors"]:
        return  # PrairieLearn does not grade a submission with format errors
    rule = _rule(config)
    spec = spec_from_dict(data["params"]["spec"], name=config["name"])
    solution, _ = derive_solution(spec, symbolic=False)
    parts = config["parts"]
    answers = Answers(written, {}, source="PrairieLearn")
    marking = mark(solution, answers, rule, carry=True, asked=[p["name"] for p in parts])
    context = report_context(marking, rule.digits, fmt="tex")
    items = {item["name"]: item for status in context["items"].values() for item in status}
    texts = _texts()
    scores = data.setdefault("partial_scores", {})
    for part in parts:
        m = marking.marks[part["name"]]
        feedback = str(texts.part_feedback(items[part["name"]], rule))
        scores[part["slug"]] = {"score": float(m.earned / m.points) if m.points else 0.0,
                                "weight": part["points"], "feedback": feedback}
    total = sum(s["weight"] for s in scores.values())
    data["score"] = sum(s["score"] * s["weight"] for s in scores.values()) / total if total else 0.0
    data.setdefault("feedback", {})["symbp"] = str(texts.summary(marking.counts))
