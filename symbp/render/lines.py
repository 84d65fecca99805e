"""Printed lines: quantities and the numbers shown between them -> the strings of a worked solution.

Every number goes through one `plan.DisplayPlan` (the same printed number for a quantity wherever
it appears) and every printed line is recorded — result, formula, the printed numbers it uses,
its relation sign — for `recheck.recheck`, which re-evaluates each one before anything is written.
"""

from __future__ import annotations

from .. import derivation as D
from ..formula import Node
from .plan import DisplayPlan, Relation, formula_refs, shown_formula
from .plan_links import all_copies, links
from ..numbers import with_digits
from .printers import printer
from .recheck import PrintedLine
from .measure import know_joined
from .substitution import filled_parts, filled_with, layout


class Lines:
    """Prints quantities as lines (lhs, chain rule, formula, numbers substituted, result) and
    vectors of printed numbers; records each printed relation."""

    def __init__(self, solution, fmt: str, digits: int, marks: dict | None, plan: DisplayPlan | None = None):
        self.solution = solution
        self.fmt = fmt
        self.digits = digits
        # without a plan (a drawing's numbers only): the exact values, each rounded to `digits`
        self.plan = plan or DisplayPlan({**solution.givens, **solution.values}, digits)
        self.symbolic = printer(fmt, digits=digits)
        self._plain = printer(fmt, digits=digits)  # numbers that are not planned (`number`)
        self.marks = marks or {}
        self.printed: list[PrintedLine] = []
        # parenthesized -> {key: (its Shown, its text)}: a quantity is printed in several lines
        self._texts: dict = {False: {}, True: {}}
        self._padded: dict = {}  # key -> its Shown as the result of an "≈" line, where that has more digits
        self._exactly: set = set()  # keys of exact values printed with their digits (0.7500 for 0.75)
        from ..i18n import current

        self.locale = current().code  # (a Lines prints in the locale it was made in)

    # ---- numbers ---------------------------------------------------------------------------------
    def number(self, value) -> str:
        """A value that is not a planned quantity (the givens as the spec states them)."""
        return self._plain.number(value, parenthesize_negative=False)

    def shown(self, key: str, parenthesized: bool = False) -> str:
        """The printed number of a quantity (or of f'(z), (W^T δ)_k); `parenthesized`: a negative
        one in parentheses."""
        plan = self.plan
        return self._text(key, plan._shown.get(key) or plan.shown(key), parenthesized)

    def printed_value(self, key: str) -> dict:
        """{"text": the printed number, "approx": whether it is a rounded value} (for summaries)."""
        plan = self.plan
        shown = plan._shown.get(key) or plan.shown(key)
        return {"text": self._text(key, shown, False), "approx": shown.rounded and key not in self._exactly}

    def shown_all(self, keys) -> list[str]:
        return [self.shown(key) for key in keys]

    def result(self, key: str) -> str:
        """The printed number of a quantity as the result of its own line: after "≈" with its
        digits (0.7500 where the exact 0.75 follows only nearly from the line's numbers)."""
        padded = self._padded.get(key)
        return self.shown(key) if padded is None else self.symbolic.number(padded, parenthesize_negative=False)

    def results(self, keys) -> list[str]:
        return [self.result(key) for key in keys]

    def note(self, key: str) -> dict | None:
        """Calculator mode: the exact value where it differs from the carried one."""
        exact = self.plan.note(key)
        if exact is None:
            return None
        return {"text": self.symbolic.number(exact, parenthesize_negative=False), "approx": exact.rounded}

    def notes(self, keys) -> list | None:
        """The exact values of a vector where any differs from the carried one (else None)."""
        keys = list(keys)
        if not any(self.plan.note(key) is not None for key in keys):
            return None
        exact = self.plan.exact_values
        return [self.number(exact[key]) for key in keys]

    def symbol(self, name: str) -> str:
        key = (name, self.fmt, self.locale)
        text = _SYMBOLS.get(key)
        if text is None:
            if len(_SYMBOLS) >= 1 << 15:
                _SYMBOLS.clear()
            text = _SYMBOLS[key] = self.symbolic.symbol(name)
        return text

    # ---- relations -------------------------------------------------------------------------------
    def relate(self, result: str, formula: Node) -> bool | int:
        """Record a printed line: `result` = `formula` of printed numbers; its sign (plan.sign: True
        "≈", ONE_UNIT "≈" held to one unit)."""
        return self.record(self.plan.relate(result, formula))

    def record(self, relation: Relation) -> bool:
        """`relate` of a relation made before (kept with what depends on the architecture only)."""
        plan = self.plan
        plan.record(relation)
        if not plan.frozen:
            return False  # the first pass only collects the lines, to plan the digits
        result = plan.shown(relation.result)
        inputs = plan._inputs(relation)
        approx = plan.sign(relation, result, inputs)
        if approx and with_digits(result, self.digits) is not result:  # "≈ 0.7500", not "≈ 0.75"
            result = self._pad(relation.result, result)
        self.printed.append(PrintedLine(relation.result, relation.formula, dict(zip(relation.inputs, inputs)), result, approx))
        return approx

    def _pad(self, key: str, shown):
        """The result of an "≈" line with its digits (an exact 0.75 as 0.7500), and so wherever it is
        printed after it — where it is used, in a copy of it (∂L/∂b = δ), the tables: one printed
        form per quantity (the same value: no line's sign changes)."""
        plan = self.plan
        padded = self._padded[key] = with_digits(shown, self.digits)
        for copy in [key, *all_copies(key, links(tuple(plan.relations))[0])]:
            if not (plan._shown.get(copy) or plan.shown(copy)).rounded:
                plan._shown[copy] = with_digits(plan.shown(copy), self.digits)
                self._exactly.add(copy)  # the value itself: "=" where it is stated alone (tables)
        return padded

    def relate_all(self, pairs) -> bool | int:
        """Several lines shown as one vector or matrix: "≈" when any of them is (marked as held to
        one unit, plan.ONE_UNIT, when any of them is so)."""
        return max([self.relate(result, formula) for result, formula in pairs], default=False)

    def symbolic_parts(self, q: D.Quantity) -> tuple:
        """(lhs, chain, unsimplified, symbolic): the same for every variant of an architecture."""
        from ..i18n import current

        # a shown form may differ (output_delta.py); a constant in it has the locale's decimal mark
        derivation = self.solution.derivation
        own = derivation.by_name.get(q.name) is q  # the derivation's: the same object in every variant
        if own:  # found by the object (kept in the entry, so that its id stays its own)
            entry = _SYMBOLIC_OF.get((id(q), self.fmt, current().code))
            if entry is not None and entry[0] is q:
                return entry[1]
        key = (derivation.architecture, self.fmt, q.name, q.formula, current().code)
        parts = _SYMBOLIC.get(key)
        if parts is None:
            p = self.symbolic
            parts = _SYMBOLIC[key] = (
                self.symbol(q.name),
                p.print(q.chain) if q.chain is not None else None,
                p.print(q.unsimplified) if q.unsimplified is not None else None,
                p.print(q.formula),
            )
        if own:
            if len(_SYMBOLIC_OF) >= 1 << 15:
                _SYMBOLIC_OF.clear()
            _SYMBOLIC_OF[(id(q), self.fmt, current().code)] = (q, parts)
        return parts

    def substituted(self, formula: Node, bare: bool = True) -> str:
        """A formula with the printed numbers of its quantities substituted (in LaTeX from its
        layout, `substitution.py`, where it has one)."""
        names = formula_refs(formula)
        if self.fmt != "text":
            found = layout(formula, names, bare)
            if found is not None:
                return filled_with(found, self.shown)
        values = {name: self.plan.shown(name) for name in names}
        subst = printer(self.fmt, digits=self.digits, values=values)
        return subst.bare(formula) if bare else subst.print(formula)

    def line(self, q: D.Quantity) -> dict:
        skeleton = self._skeleton(q)
        if skeleton is None:
            formula = shown_formula(q.formula)
            approx = self.relate(q.name, formula)
            substituted = self.substituted(formula)
            parts = self.symbolic_parts(q)
        elif self.plan.frozen:  # the printing pass: its program (_filled_line)
            return self._filled_line(q, *skeleton)
        else:  # what depends on the architecture only, worked out once
            relation, found, parts = skeleton
            approx = self.record(relation)
            if found is not None:
                pieces = filled_parts(found, self.shown)
                substituted = "".join(pieces)
                if self.fmt != "text":  # its width from its numbers' (rows.pack measures it)
                    know_joined(substituted, pieces)
            else:
                substituted = self.substituted(relation.formula)
        return _printed_line(q, parts, substituted, self.result(q.name), approx, self.note(q.name), self.marks.get(q.name))

    def _filled_line(self, q: D.Quantity, relation: Relation, found, parts) -> dict:
        """`line` of a derivation's own quantity in the printing pass, its skeleton filled in one go:
        each printed number's Shown read once (for the relation sign, the recheck's record and the
        holes), the same steps as `record`, `shown` and `filled_parts` written out."""
        plan = self.plan
        if plan.replayed is not None:
            plan.replayed.setdefault(relation, None)  # (plan.record)
        kept = plan._shown.get
        name = relation.result
        result_shown = kept(name) or plan.shown(name)
        names = relation.inputs
        inputs = tuple([kept(key) or plan.shown(key) for key in names])
        approx = plan.sign(relation, result_shown, inputs)
        if approx and with_digits(result_shown, self.digits) is not result_shown:  # "≈ 0.7500", not "≈ 0.75"
            result_shown = self._pad(name, result_shown)
        numbers = dict(zip(names, inputs))
        self.printed.append(PrintedLine(name, relation.formula, numbers, result_shown, approx))
        text = self._text
        if found is not None:
            pieces, holes = found
            parts_ = [pieces[0]] if pieces[0] else []
            for (key, parenthesized), piece in zip(holes, pieces[1:]):
                shown = numbers.get(key) or kept(key) or plan.shown(key)
                parts_.append(text(key, shown, parenthesized))
                if piece:
                    parts_.append(piece)
            substituted = "".join(parts_)
            if self.fmt != "text":  # its width from its numbers' (rows.pack measures it)
                know_joined(substituted, parts_)
        else:
            substituted = self.substituted(relation.formula)
        return _printed_line(q, parts, substituted, text(name, result_shown, False), approx,
                             self.note(q.name) if plan.carried else None, self.marks.get(q.name) if self.marks else None)

    def _text(self, key: str, shown, parenthesized: bool) -> str:
        """`shown(key, parenthesized)` of a key whose Shown is `shown`."""
        texts = self._texts[parenthesized]
        kept = texts.get(key)
        if kept is not None and kept[0] is shown:
            return kept[1]
        text = self.symbolic.number(shown, parenthesize_negative=parenthesized)
        texts[key] = (shown, text)
        return text

    def _skeleton(self, q: D.Quantity) -> tuple | None:
        """(relation, substitution layout or None, symbolic parts) of a derivation's own quantity
        (the same object in every variant of an architecture); None for any other."""
        key = (id(q), self.fmt, self.locale)
        entry = _SKELETONS.get(key)
        if entry is not None and entry[0] is q:
            return entry[1]
        if self.solution.derivation.by_name.get(q.name) is not q:
            return None
        formula = shown_formula(q.formula)
        found = layout(formula, formula_refs(formula), True) if self.fmt != "text" else None
        skeleton = (Relation(q.name, formula), found, self.symbolic_parts(q))
        if len(_SKELETONS) >= 1 << 15:
            _SKELETONS.clear()
        _SKELETONS[key] = (q, skeleton)
        return skeleton


def _printed_line(q: D.Quantity, parts: tuple, substituted: str, result: str, approx: bool, exact, mark) -> dict:
    """A printed line as the templates read it: its symbolic parts, the numbers substituted (None where
    that says nothing more than the result or the formula), the result, its sign, note and mark."""
    lhs, chain, unsimplified, symbolic = parts
    return {
        "name": q.name,
        "lhs": lhs,
        "chain": chain,
        "unsimplified": unsimplified,
        "symbolic": symbolic,
        "substituted": substituted if substituted != result and substituted != symbolic else None,
        "result": result,
        "approx": approx,
        "exact": exact,
        "mark": mark,
    }


_SKELETONS: dict = {}  # (id of a derivation's quantity, fmt, locale) -> (quantity, Lines._skeleton's)
_SYMBOLIC: dict = {}
_SYMBOLS: dict = {}  # (name, fmt, locale) -> its symbol (a name's symbol depends on nothing else)
_SYMBOLIC_OF: dict = {}  # (id of a derivation's quantity, fmt, locale) -> (quantity, _SYMBOLIC's entry)
