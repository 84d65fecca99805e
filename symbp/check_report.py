"""A `Marking` -> its report: text, JSON or LaTeX (and so PDF).

In:  a `Marking` (marking.py) and the report's display digits.
Out: the report as a string.  All prose and layout live in templates/:

    text/check.txt.jinja       the terminal report (wrong values first, then the rest, a summary)
    text/check-rule.txt.jinja  the agreement rule, as every report states it (also in the JSON)
    templates/i18n/<code>.toml what each status and slip is called (status.*, slip.*), by language
    tex/check.tex.jinja        the LaTeX report: who and which variant, the score, a legend, the
                               rule, and every line in the worked solution's steps ①–⑧ with the
                               diagnosis under each wrong one

(A class's summary, text/check-class.txt.jinja, is rendered by api/marks.py from grading.py's rows.)
"""

from __future__ import annotations

import json
from fractions import Fraction

from .core.expr import Ref as CoreRef
from .formula import Ref, refs
from .agreement import HALF_UNIT, ONE_UNIT, as_fraction, coarse_significant, within
from .check_json import rule_context
from .check_numbers import MAX_SHOWN_PLACES, _printer, _written_text, as_written, exactly, relation, shown
from .marking import CARRIED, GIVEN, STATUSES, TOO_FEW_DIGITS, Marking
from .option_words import option
from .tasks import TASKS, task_numbers


class NetworkView:
    """How a network's marks print: symbols and formulas (the taught form, f'(z) through a) by
    render/printers.py, lines grouped in the worked solution's steps ①–⑧."""

    def __init__(self, marking: Marking, fmt: str, digits: int):
        self.marking, self.fmt, self.digits = marking, fmt, digits
        self.symbols = _printer(fmt)

    def symbol(self, name: str) -> str:
        from .core import identity as ids
        from .core.identity_parse import parse
        from .render.quantity_notation import quantity_parts

        identity = parse(name) if self.fmt == "tex" else None
        if identity is not None and identity.kind == ids.GRADIENT and quantity_parts(identity) is None:
            # a gradient the notation has no name for, (Wᵀδ)_k as ∂L/∂a^1_0: the derivative, in math
            return self.symbols.partial(self.symbol(ids.name(identity.of)), self.symbol(ids.name(identity.wrt)))
        return self.symbols.symbol(name)

    def formula(self, name: str):
        """The formula a quantity's value is worked out from, or None for a value the spec gives;
        the output layer's δ in the key's form (mse: 2/n·(a − y)·f'(z), render/output_delta.py)."""
        from .carry import taught
        from .derivation_quantities import OUTPUT_DELTA
        from .render.output_delta import output_delta_form

        solution = self.marking.solution
        quantity = solution.derivation.by_name.get(name)
        if quantity is None:
            return None
        form = output_delta_form(solution) if quantity.kind == OUTPUT_DELTA else None
        return taught(form.formula(quantity) if form is not None else quantity.formula)

    def print(self, formula) -> str:
        return self.symbols.print(formula)

    def line_value(self, formula, values: dict):
        """What a formula gives from these numbers (None where it cannot say: e.g. log 0)."""
        from .formula_values import evaluate_formula

        try:
            return evaluate_formula(formula, values, exact=False)
        except (ArithmeticError, ValueError, KeyError, TypeError):
            return None

    def substituted(self, formula, values: dict) -> str:
        """A formula with numbers (name -> value) substituted."""
        return _printer(self.fmt, values=values, digits=self.digits).bare(formula)

    def groups(self, items: dict) -> list[dict]:
        """The lines in the worked solution's steps ①–⑧ (values the spec gives first), for LaTeX."""
        from .render.answers_template import groups

        marking = self.marking
        given = [items[m.name] for m in marking.marks.values() if m.kind == GIVEN]
        out = [{"stage": "given", "step": 1, "layer": None, "sample": None, "items": given}] if given else []
        for group in groups(marking.solution):
            out.append({"stage": group.stage, "step": group.step, "layer": group.layer, "sample": group.sample,
                        "items": [items[name] for name in group.names if name in items]})
        return out

    def exercise(self) -> dict:
        spec = self.marking.solution.spec
        return {"kind": "network", "steps": spec.steps, "batch": spec.batch}


# How each kind of exercise prints its marks: `Marking.kind` -> (module, class); a view has
# symbol(name), formula(name), print(formula), substituted(formula, values), groups(items), exercise().
REPORT_VIEWS = {"network": ("symbp.check_report", "NetworkView"), "graph": ("symbp.graph.report_view", "GraphView")}


def _view(marking: Marking, fmt: str, digits: int):
    from importlib import import_module

    module, view = REPORT_VIEWS[marking.kind]
    return getattr(import_module(module), view)(marking, fmt, digits)


class _Items:
    """The report's line for each mark, printed in one format."""

    def __init__(self, marking: Marking, digits: int, fmt: str):
        self.marking, self.digits, self.fmt = marking, digits, fmt
        self.view = _view(marking, fmt, digits)

    def line(self, node, inputs: dict, value, places: int, own: bool = True,
             beside=None) -> tuple[str, str | None]:
        """A formula with the answer's own numbers (as written) and the values worked out from them
        (`own` False: the true values `inputs` only), and its result `value` ("= 1.8", "≈ 0.4981"):
        a value not written is shown with guard digits until what the shown numbers give rounds to
        the shown result, and "=" only where they give it exactly."""
        from .numbers import format_decimal, round_significant
        from .render.plan import GUARD_DIGITS

        values = {name: as_fraction(v) for name, v in inputs.items()}
        answers = self.marking.answers.values if own else {}
        written = {name: as_written(answers[name]) for name in inputs if name in answers}
        follows = getattr(self.view, "line_value", None)
        result = relation(value, places, self.fmt, beside) if value is not None else None
        for extra in range(GUARD_DIGITS + 1):  # as many more digits as a worked solution's line may take
            shown = {**{name: format_decimal(v, self.digits + extra) for name, v in values.items()}, **written}
            given = follows(node, {n: s.value for n, s in shown.items()}) if follows and value is not None else None
            if not follows or value is None or (
                    given is not None and round_significant(given, places) == round_significant(value, places)):
                break  # (None from the shown numbers: undefined, log(1 − 1.000) — more digits)
        if given is not None and exactly(given) != as_fraction(value) and not result.startswith(("≈", "\\approx")):
            result = ("\\approx " if self.fmt == "tex" else "≈ ") + result[2:]
        return self.view.substituted(node, shown), result

    def places(self, value, written) -> int:
        """The significant digits a value needs beside a written one: the sheet's, or more where the
        written one rounded alike would look the same (at most as many as the answer shows and one
        more, at most MAX_SHOWN_PLACES: a number may have 1000)."""
        from .numbers import round_significant

        most = min(max(self.digits, written.significant + 1), MAX_SHOWN_PLACES) if written else self.digits
        for places in range(self.digits, most):
            if value is None or round_significant(value, places) != round_significant(written.value, places):
                return places
        return most

    def shared_places(self, m) -> int:
        """The significant digits of every value shown beside a written number — the expected one,
        the key's, the one from the answer's own numbers — the same for all, so that a student
        compares them digit by digit: the most any of them needs (`places`; not a carried value's
        own, which the written one follows), and as many as an exact one among them shows
        (1.105485 beside ≈ 1.105906, not ≈ 1.10591).  Each is rounded half away from zero (`shown`)."""
        from .numbers import _significant, format_decimal

        values = [v for v in (m.expected, m.key, m.carried if m.status != CARRIED else None) if v is not None]
        places = max((self.places(v, m.written) for v in values), default=self.digits)
        for value in values:
            printed = format_decimal(as_fraction(value), places)
            if not printed.rounded:
                places = max(places, min(_significant(printed.text), MAX_SHOWN_PLACES))
        # a value shown with more digits than the sheet's rounds, once rounded again to the sheet's, as the value
        # does: ≈ −0.534447, not ≈ −0.53445, which a student rounds to −0.5345 for −0.5344466 (stop 67's graph tester)
        while places < MAX_SHOWN_PLACES and any(_rounds_twice(as_fraction(v), places, self.digits) for v in values):
            places += 1
        return places

    def key_value(self, m, places: int) -> str | None:
        """The value a carried key prints for a quantity, as it prints it ("≈ 1.964", "≈ 0.5250": its
        zeros at the end too), where it differs from the exact one at `places` ("≈ 1.963"): a student
        compares the report with the key, which gives the carried value first.  None where there is no
        such key or the two agree at `places` (0.5250 beside ≈ 0.5250)."""
        from types import SimpleNamespace

        from .numbers import round_significant

        if m.key is None:
            return None
        key = as_fraction(m.key)
        if round_significant(key, places) == round_significant(as_fraction(m.expected), places):
            return None
        printed = SimpleNamespace(significant=self.digits, decimals=self.digits - 1 - _lead(key)) if key else None
        carried = shown(m.key, places, self.fmt, printed)
        approx = "\\approx " if self.fmt == "tex" else "≈ "
        return carried if carried.startswith(approx) or key == as_fraction(m.expected) else approx + carried

    def item(self, m) -> dict:
        formula = self.view.formula(m.name) if m.kind != GIVEN else None
        places = self.shared_places(m)
        carried_differs = m.carried is not None and as_fraction(m.carried) != as_fraction(m.expected)
        item = {
            "name": m.name,
            "symbol": self.view.symbol(m.name),
            "status": m.status,
            "given": _written_text(m.written, self.fmt) if m.written else None,
            "significant": (coarse_significant(m.written, (m.expected, m.carried, m.key)) if m.status == TOO_FEW_DIGITS
                            else m.written.significant) if m.written else None,
            "expected": shown(m.expected, places, self.fmt, m.written),
            "key": self.key_value(m, places),
            "carried": shown(m.carried, places, self.fmt, m.written) if carried_differs else None,
            "carried_from": [self.view.symbol(n) for n in m.carried_from],
            "carried_from_names": list(m.carried_from),
            "carried_because": carried_because(self.marking, [m]) if m.status == "carried" else None,
            "is_given": m.kind == GIVEN,
            "asked": m.asked,
            "formula": None,
            "substituted": None,
            "result": None,
            "diagnosis": None,
            "points": _points_text(m.points),
            "earned": _points_text(m.earned),
        }
        if formula is not None:
            item["formula"] = self.view.print(formula)
            if m.carried is not None:
                item["substituted"], item["result"] = self.line(formula, m.inputs, m.carried, places, beside=m.written)
            else:  # the answer's own numbers give nothing (log(1 − 1)): the line of the true ones
                truth = _true_values(self.marking.solution)
                item["substituted"], item["result"] = self.line(formula, {n: truth[n] for n in m.inputs}, m.expected,
                                                                places, own=False, beside=m.written)
            if item["substituted"] == item["formula"]:  # a formula of numbers alone (∂f.3/∂f.2 = 1): once
                item["substituted"] = None
            restated = _restates(item["result"], item["substituted"] or item["formula"])
            if restated == "=":  # ∂f.2/∂f.1 = f.2 = 0.3679
                item["result"] = None
            elif restated:  # ∂f.1/∂x = f.1 ≈ 2.014 (f.1 not written), not "f.1 = 2.014 ≈ 2.014"
                item["substituted"] = None
        if m.diagnosis is not None:
            d = m.diagnosis
            places = self.places(d.value, m.written)
            inputs, own = (m.inputs, True) if d.inputs is None else (d.inputs, d.own_inputs)  # own: as written
            substituted, result = self.line(d.formula, inputs, d.value, places, own) if d.formula is not None \
                else (None, None)
            if isinstance(d.formula, Ref):  # a value copied (the old parameter): its name, not "0.6 = 0.6"
                substituted = self.view.symbol(d.formula.name)
            elif d.as_decimal is not None:  # 1/8 claimed exact: the rounded decimal that is right (exact_claimed)
                substituted = _written_text(d.as_decimal, self.fmt)
            elif substituted is not None and not set(refs(d.formula)) <= set(m.inputs):
                # numbers the quantity does not take (another neuron's a_1^0): which, by the slip's formula
                substituted = f"{self.view.print(d.formula)} = {substituted}"
            if _restates(result, substituted):  # "sign flipped: −1 = −1" says no more than "sign flipped";
                # another number taken for it says which ("x = 0.7", "f.2 ≈ 1.0954" where f.2 is not written)
                substituted, result = (self.view.print(d.formula), result) if isinstance(d.formula, CoreRef) else (None, None)
            item["diagnosis"] = {
                "key": d.key,
                "substituted": substituted,
                "result": result if result is not None else
                (relation(d.value, places, self.fmt) if d.value is not None else None),
                # the slip's value does not round to the number written, but is within one unit of its
                # last digit (agrees_carried): the report says so, or 0.298085 would seem to give 0.2981
                "within_unit": item["given"] if d.value is not None and not within(m.written, d.value, HALF_UNIT)
                and within(m.written, d.value, ONE_UNIT) else None,
            }
        return item


_RELATIONS = {"= ": "=", "≈ ": "≈", "\\approx ": "≈"}


def _restates(result: str | None, text: str | None) -> str | None:
    """Whether a line's result ("= −1", "≈ 1.0954") is the very text before it (−1, 1.0954): "−1 = −1"
    and "1.0954 ≈ 1.0954" tell nothing.  Which relation ("=", "≈"), else None."""
    if result is None or text is None:
        return None
    return next((sign for start, sign in _RELATIONS.items() if result.startswith(start)
                 and (result[len(start):] == text or _same_number(result[len(start):], text))), None)


def _same_number(one: str, other: str) -> bool:
    """Two printed numbers of the same value: −0.7 and −0.7000 ("y = −0.7 = −0.7000" says nothing more)."""
    from fractions import Fraction

    def read(text):
        text = text.replace("−", "-").replace("{,}", ".").replace(",", ".").strip("()")
        try:
            return Fraction(text)
        except ValueError:
            return None

    number = read(one)
    return number is not None and number == read(other)


def _points_text(value: Fraction) -> str:
    from .i18n import number
    from .numbers import format_decimal

    return number(format_decimal(value, 4).text)


def _marked_groups(groups: list[dict]) -> list[dict]:
    """The groups, each with items its page mark's id ("group3": the LaTeX report's heading and first line),
    given here, not counted in the template — a course's copy of it may print no number it works out."""
    shown = 0
    for group in groups:
        if group["items"]:
            shown += 1
            group["mark"] = f"group{shown}"
    return groups


def report_context(marking: Marking, digits: int = 4, fmt: str = "text", key: str | None = None,
                   title: str | None = None, fits=None) -> dict:
    """Everything the check templates show, as plain strings and lists; `title`: the sheet's (a
    key's, where not the spec's), `fits`: a variant_fit.Fit (the numbers fit another variant)."""
    from .check_json import fits_context, unread_context

    spec = marking.solution.spec
    printed = _Items(marking, digits, fmt)
    items = {m.name: printed.item(m) for m in marking.marks.values()}
    answers = marking.answers
    from .key_file import shown_places

    order = shown_places(marking.kind, marking.solution)

    def shown(mark) -> int:
        return order.get(mark.name, len(order))
    return {
        "title": title or spec.title or spec.name,
        "fits": {**fits_context(fits), "message_key": fits.message_key} if fits is not None else None,
        "unread": unread_context(answers),
        "spec_name": spec.name,
        "answers": answers.source,
        "student": answers.student,
        "variant": marking.variant or answers.variant,
        # the file names a variant and is marked against a spec, which has none (its own numbers)
        "spec_variant": marking.variant is None and bool(answers.variant),
        "key": key,
        # each status's values in the order the key shows them (grades.csv's columns, the exports')
        "items": {status: [items[m.name] for m in sorted(marking.by_status(status), key=shown)] for status in STATUSES},
        "not_asked": [items[m.name] for m in marking.not_asked],  # given, but the sheet does not ask for them
        "groups": _marked_groups(printed.view.groups(items)),
        "counts": marking.counts,
        "given_count": sum(1 for m in marking.marks.values() if m.written is not None),
        "earned": _points_text(marking.earned),
        "possible": _points_text(marking.possible),
        "rule": rule_context(marking),
        "carry_option": option("no_carry"),  # how the caller turned carrying off (the rule's points sentence)
        **printed.view.exercise(),
        "failed": marking.failed,
        # values that fail the check though they earn no points (the summary says why the exit code is 1)
        "failing_without_points": [items[m.name] for m in marking.failing_without_points],
        "carried_because": carried_because(marking),
        # each step's number, as the worked solution numbers them (a network without a hidden layer: ① … ⑦)
        "step_numbers": task_numbers(TASKS, getattr(spec, "depth", 2)),
    }


def carried_because(marking: Marking, carried=None) -> str:
    """What carried values (default: all of them) follow from, as the heading over them says it:
    earlier wrong values ("wrong"), values written with too few digits only ("coarse"), or both
    ("mixed") — a student who was only short of digits is not told that an earlier value was wrong."""
    from .marking import WRONG

    carried = marking.by_status("carried") if carried is None else carried
    sources = {marking.marks[name].status for m in carried for name in m.carried_from if name in marking.marks}
    return "coarse" if sources == {TOO_FEW_DIGITS} else "mixed" if {TOO_FEW_DIGITS, WRONG} <= sources else "wrong"


REPORT_TEMPLATES = {"text": "text/check.txt.jinja", "tex": "tex/check.tex.jinja"}


def render_report(marking: Marking, fmt: str = "text", digits: int = 4, templates_dir=None,
                  key: str | None = None, title: str | None = None, fits=None, same_as=()) -> str:
    """The report as text, JSON or LaTeX (`same_as`: in a class, the other files of the same
    student and variant, which the JSON report names)."""
    if fmt == "json":
        from .check_json import report_json

        return json.dumps(report_json(marking, templates_dir, key, fits, same_as), indent=2, ensure_ascii=False) + "\n"
    from .render.templates import render_template

    return render_template(REPORT_TEMPLATES[fmt], templates_dir,
                           **report_context(marking, digits, fmt, key, title, fits))


def _rounds_twice(value, places: int, digits: int) -> bool:
    """Whether `value` rounded to `places` significant digits, then to `digits`, differs from it rounded
    to `digits` once (half away from zero)."""
    from .numbers import round_significant

    return places > digits and round_significant(round_significant(value, places), digits) != \
        round_significant(value, digits)


def _lead(value: Fraction) -> int:
    """The power of ten of a nonzero value's first significant digit (0.525: −1)."""
    from decimal import Decimal, localcontext

    with localcontext() as context:
        context.prec = 40
        return (Decimal(abs(value.numerator)) / Decimal(value.denominator)).adjusted()


def _true_values(solution) -> dict:
    """name -> true value of a network's solution (its givens and values) or a graph's (keyed by identity)."""
    if hasattr(solution, "givens"):
        return {**solution.givens, **solution.values}
    from .core.identity import name

    return {name(identity): value for identity, value in solution.values.items()}

