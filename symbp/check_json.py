"""The JSON report of `symbp check`, and the agreement rule as data (every report states it).

In:  a `Marking` (marking.py).
Out: `report_json`: {"student", "variant", "key", "rule", "quantities": {name: {given, expected,
     key_value, carried_expected, status, diagnosis, …}}, "summary"}; `rule_context`, `rule_text`
     (text/check-rule.txt.jinja) for every format; `slip_label`, what the locale calls a slip.
"""

from __future__ import annotations

import math
from pathlib import Path

from .agreement import as_fraction
from .formula import refs
from .marking import Marking

MINUS = "\u2212"


def rule_context(marking: Marking) -> dict:
    rule = marking.rule
    from .agreement import JUDGED_DIGITS, MACHINE_DIGITS, machine_written, rule_examples

    machine = any(m.written is not None and machine_written(m.written) for m in marking.marks.values())
    from .rounding_span import fewest_on_the_way

    fewest = fewest_on_the_way(rule.minimum)
    return {"digits": rule.digits, "min_digits": rule.minimum, "carry": marking.carry,
            # f'(z) and Σ_k w·δ left out may be rounded to this many (None: to the sheet's digits, as the rest)
            "fewest_on_the_way": fewest if fewest < rule.digits else None,
            "more_digits": rule.digits + 1,  # a calculator chain's one more digit (graph/chains.CHAINS)
            "most_digits": rule.digits + 2,  # and two more
            "sheet": marking.variant is not None,  # against a worksheet's key (else --digits set the digits)
            "rel_tol": float(rule.rel_tol) if rule.rel_tol is not None else None,
            "examples": rule_examples(rule.minimum, rule.digits),
            "machine": {"above": MACHINE_DIGITS, "judged": JUDGED_DIGITS} if machine else None,
            "cut": any(m.written is not None and m.written.cut for m in marking.marks.values()),  # "0.8698…"
            # a key printed at other digits: what else counts as right (marking.in_chain)
            "printed_key": {"digits": marking.printed_key[0], "min_digits": min(rule.minimum, marking.printed_key[0]),
                            "carried": marking.printed_key[1]} if marking.printed_key else None}


def slip_label(key: str, templates_dir=None) -> str:
    """What the current locale calls a slip, in plain text (the JSON report's "diagnosis")."""
    from .i18n import messages_of

    words = {"plus": "+", "minus": MINUS, "half": "½", "m": "m", "v": "v", "mhat": "m̂", "vhat": "v̂", "beta": "β",
             "alpha": "α", "one_minus_beta": "1 − β", "one_minus_beta_t": "1 − β^t", "abs_g": "|g|", "g": "g",
             "g_squared": "g²", "eps": "ε", "lam": "λ", "extra": "a(1 − a)", "delta": "δ", "error": "a − y"}
    return messages_of(str(Path(templates_dir).resolve()) if templates_dir else None)(f"slip.{key}", **words)


def rule_text(marking: Marking, templates_dir=None) -> str:
    from .render.templates import render_template

    from .option_words import option

    return render_template("text/check-rule.txt.jinja", templates_dir, rule=rule_context(marking),
                           kind=marking.kind, carry_option=option("no_carry")).strip()


def _json_number(value):
    """A float for the JSON report; null beyond float64's range (a student's 1e400: its text is
    in given_text, as written or, when long, as m e k)."""
    if value is None:
        return None
    try:
        number = float(as_fraction(value))
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def report_json(marking: Marking, templates_dir=None, key: str | None = None, fits=None, same_as=()) -> dict:
    """The JSON report: {"student", "variant", "quantities": {name: {...}}, "summary": {...}}, and
    "fits_variant" (variant, fit, own, written, by: "agreement" or "marking") where the numbers fit another variant far better
    (variant_fit.py), "same_student_as" (in a class: the other files of the same student and
    variant) where there are any."""
    quantities = {}
    for m in marking.marks.values():
        quantities[m.name] = {
            "given": _json_number(m.written.value) if m.written else None,
            "given_text": m.written.bounded_text if m.written else None,
            "expected": _json_number(m.expected),
            "key_value": _json_number(m.key),  # what a carried key prints (its first value), or null
            "carried_expected": _json_number(m.carried),
            "status": m.status,
            "diagnosis": slip_label(m.diagnosis.key, templates_dir) if m.diagnosis else None,
            "diagnosis_key": m.diagnosis.key if m.diagnosis else None,
            # the value the slip gives and the numbers its formula takes (another neuron's a_1^0: which one)
            "diagnosis_value": _json_number(m.diagnosis.value) if m.diagnosis else None,
            # exact_claimed: the number as the rounded decimal that is right ("0.125" for 1/8), else null
            "diagnosis_decimal": m.diagnosis.as_decimal.text if m.diagnosis and m.diagnosis.as_decimal is not None else None,
            "diagnosis_uses": sorted(refs(m.diagnosis.formula)) if m.diagnosis and m.diagnosis.formula is not None
            else None,
            "recomputed_as": m.way,
            "carried_from": list(m.carried_from),
            "asked": m.asked,
            "points": float(m.points),
            "earned": float(m.earned),
        }
    summary = dict(marking.counts)
    summary.update({
        "not_asked": len(marking.not_asked),
        "given": sum(1 for m in marking.marks.values() if m.written is not None),
        "points": float(marking.earned),
        "possible": float(marking.possible),
        "exit_code": marking.exit_code,
    })
    return {
        "answers": marking.answers.source,
        "student": marking.answers.student,
        "variant": marking.variant or marking.answers.variant,
        "key": key,
        "rule": {**{k: v for k, v in rule_context(marking).items() if k not in ("examples", "sheet")},
                 "text": rule_text(marking, templates_dir)},
        "quantities": quantities,
        "summary": summary,
        **({"fits_variant": fits_context(fits)} if fits is not None else {}),
        **({"not_read": unread_context(marking.answers)} if getattr(marking.answers, "unread", None) else {}),
        **({"same_student_as": list(same_as)} if same_as else {}),
    }


def unread_context(answers) -> list[dict]:
    """The numbers an answers file gives that symbp cannot read (marked as not given): name, text, why."""
    return [{"name": name, "text": text, "reason": reason} for name, (text, reason) in getattr(answers, "unread", {}).items()]


def fits_context(fits) -> dict:
    """A variant_fit.Fit as reports show it."""
    return {"variant": fits.variant, "fit": fits.fit, "own": fits.own, "written": fits.written, "by": fits.by}
