"""Printed lines: quantities and the numbers shown between them -> the strings of a worked solution.

Every number goes through one `plan.DisplayPlan` (the same printed number for a quantity wherever
it appears) and every printed line is recorded — result, formula, the printed numbers it uses,
its relation sign — for `recheck.recheck`, which re-evaluates each one before anything is written.
"""

from __future__ import annotations

from fractions import Fraction

from .. import derivation_quantities as D
from ..formula import Node
from ..i18n import current
from .plan import UNASKED, DisplayPlan, Relation, formula_refs, shown_formula
from ..numbers import with_digits
from .printers import printer
from .recheck import PrintedLine
from .measure import near_em, piece_measure
from .block_program import BLOCKS, lines_of
from .line_program import filled_line, line_program, printed_line
from .substitution import filled_parts, filled_with, layout


class ExactValues(list):
    """The exact values of a vector or matrix (Lines.notes); `differs`: which differ from the carried ones."""
    differs: list


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
        # parenthesized -> {id(Shown): (Shown, its text, its measure)}, kept across variants (`_FORMS`)
        self._forms = tuple(_FORMS.setdefault((type(self.symbolic), current().code, parenthesized), {})
                            for parenthesized in (False, True))
        self._padded: dict = {}  # key -> its Shown as the result of an "≈" line, where that has more digits
        self._exactly: set = set()  # keys of exact values printed with their digits (0.7500 for 0.75)
        self.locale = current().code  # (a Lines prints in the locale it was made in)
        self._skeletons = _SKELETONS.setdefault((fmt, self.locale), {})
        self._blocks = BLOCKS.setdefault((fmt, self.locale), {})
        self.givens_shown: dict = {}  # key -> worked_forward.given_shown's (read after every line is printed)

    @property
    def typeset(self) -> bool:
        """Whether the lines are also set as aligned rows (blocks.py): in LaTeX and Markdown, and not in
        the pass that only collects which lines are printed (its data is not rendered: worked.py)."""
        return self.fmt != "text" and self.plan.frozen

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
        return {"text": self._text(key, shown, False), "approx": shown.rounded and key not in self._exactly and key not in plan.copied}

    def summary_values(self, keys) -> dict:
        """key -> `printed_value(key)` with "exact": `note(key)` in the calculator mode, of each key (a
        summary's entries, shown.py), in one loop.  A summary has no line beside its values: in the
        calculator mode a value is "=" only where it is the true (exact) value itself — a carried
        value that follows exactly from rounded numbers (z = 0.05020 for the true 0.05018, or a copy
        ∂L/∂b = δ of a rounded δ) is a rounded one there."""
        plan = self.plan
        kept, forms, exactly, copied, note = plan._shown.get, self._forms[False], self._exactly, plan.copied, self.note
        carried, notes = plan.carried, plan._notes.get  # (a note known to be none read at once)
        true_values, values = plan.exact_values, plan.values
        out = {}
        for key in keys:
            shown = kept(key) or plan.shown(key)
            form = forms.get(id(shown))
            if form is None or form[0] is not shown:
                form = self._form(shown, False)
            if carried:
                true = true_values.get(key, values[key])
                if type(true) is Fraction:  # (two Fractions equal by their slots: Fraction.__eq__ asks numbers.Rational)
                    printed = shown.value
                    approx = not (true._numerator == printed._numerator and true._denominator == printed._denominator
                                  if type(printed) is Fraction else true == printed)
                else:
                    approx = True
            else:
                approx = shown.rounded and key not in exactly and key not in copied
            out[key] = {"text": form[1], "approx": approx,
                        "exact": None if not carried or notes(key, UNASKED) is None else note(key)}
        return out

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
        """The exact values of a vector where any differs from the carried one (else None), with
        `.differs`, which do (a block of the matrix where none does prints none: blocks.exact_part)."""
        keys = list(keys)
        differs = [self.plan.note(key) is not None for key in keys]
        if not any(differs):
            return None
        exact = self.plan.exact_values
        found = ExactValues(self.number(exact[key]) for key in keys)
        found.differs = differs
        return found

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
        relation = plan.record(relation)
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
        padded = self._padded[key] = with_digits(shown, self.digits)
        self._exactly.update(self.plan.pad_exact(key, self.digits))  # the value itself: "=" where it is stated alone (tables)
        return padded

    def relate_all(self, pairs) -> bool | int:
        """Several lines shown as one vector or matrix: "≈" when any of them is (marked as held to
        one unit, plan.ONE_UNIT, when any of them is so)."""
        return max([self.relate(result, formula) for result, formula in pairs], default=False)

    def relate_each(self, pairs) -> list:
        """`relate_all`'s signs line by line: a vector or matrix written in blocks of rows (more than
        blocks.ROWS_MAX) puts before each block its own lines' sign (blocks.block_sign)."""
        return [self.relate(result, formula) for result, formula in pairs]

    def symbolic_parts(self, q: D.Quantity) -> tuple:
        """(lhs, chain, unsimplified, symbolic): the same for every variant of an architecture."""
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

    def line(self, q: D.Quantity, kept: bool = False) -> dict:
        """The printed line of `q` (its dict, see `_printed_line`); `kept`: `q` is the same object in every
        variant of the architecture (as the derivation's own quantities are: its skeleton is kept)."""
        entry = self._skeletons.get(id(q))
        skeleton = entry[1] if entry is not None and entry[0] is q else self._skeleton(q, kept)
        if skeleton is None:
            formula = shown_formula(q.formula)
            approx = self.relate(q.name, formula)
            substituted = self.substituted(formula)
            parts = self.symbolic_parts(q)
        elif self.plan.frozen:  # the printing pass: its program (line_program.py), or _filled_line
            program = skeleton.program
            if program is not None:
                return program(self, q)
            skeleton.printed += 1
            if skeleton.printed >= 2:  # printed again (a worksheet's variants): compiled
                skeleton.program = line_program(skeleton.relation, skeleton.found, skeleton.parts, skeleton.holes,
                                                skeleton.measured, self.fmt)
            return self._filled_line(q, skeleton.relation, skeleton.found, skeleton.parts, skeleton.holes,
                                     skeleton.measured)
        else:  # what depends on the architecture only, worked out once
            relation, found, parts = skeleton.relation, skeleton.found, skeleton.parts
            approx = self.record(relation)
            if found is not None:
                pieces = filled_parts(found, self.shown)
                substituted = "".join(pieces)
            else:
                substituted = self.substituted(relation.formula)
        return printed_line(q, parts, substituted, self.result(q.name), approx, self.note(q.name), self.marks.get(q.name))

    lines_of = lines_of  # (block_program.py: a block of lines printed by one program)
    _filled_line = filled_line  # (line_program.py: a line printed before it has a program of its own)

    def _form(self, shown, parenthesized: bool) -> tuple:
        """(shown, its text, its measure: measure.piece_measure of the text, three items — in plain text
        (0.0, False, False)) kept in `_FORMS`: a number's text depends on its Shown, the notation, the
        locale and the parentheses only."""
        forms = self._forms[parenthesized]
        text = self.symbolic.shown_text(shown, parenthesized)
        if len(forms) >= 1 << 16:
            forms.clear()
        form = forms[id(shown)] = (shown, text, *(piece_measure(text) if self.fmt != "text" else _UNMEASURED))
        return form

    def _text(self, key: str, shown, parenthesized: bool) -> str:
        """`shown(key, parenthesized)` of a key whose Shown is `shown`."""
        form = self._forms[parenthesized].get(id(shown))
        if form is None or form[0] is not shown:
            form = self._form(shown, parenthesized)
        return form[1]

    def _skeleton(self, q: D.Quantity, kept: bool = False) -> _Skeleton | None:
        """(relation, substitution layout or None, symbolic parts, the layout's holes as (index in
        the relation's inputs, parenthesized), the layout's measure — see `_filled_line`) of a
        derivation's own quantity (the same object in every variant of an architecture) or a `kept` one;
        None for any other."""
        entry = self._skeletons.get(id(q))
        if entry is not None and entry[0] is q:
            return entry[1]
        if not kept and self.solution.derivation.by_name.get(q.name) is not q:
            return None
        formula = shown_formula(q.formula)
        relation = Relation(q.name, formula)
        found = layout(formula, formula_refs(formula), True) if self.fmt != "text" else None
        holes = measured = None
        if found is not None:
            if all(name in relation.inputs for name, _ in found[1]):
                holes = tuple((relation.inputs.index(name), parenthesized) for name, parenthesized in found[1])
                measured = _layout_measure(found[0])
            else:  # (not met: a layout's holes are its formula's refs) printed by the printer
                found = None
        skeleton = _Skeleton(relation, found, self.symbolic_parts(q), holes, measured)
        if len(self._skeletons) >= 1 << 15:
            self._skeletons.clear()
        self._skeletons[id(q)] = (q, skeleton)
        return skeleton


class _Skeleton:
    """What a derivation's own quantity's line is made of, the same in every variant (`Lines._skeleton`),
    and its compiled printing pass (`program`, made once it is printed a second time: `printed`)."""

    __slots__ = ("relation", "found", "parts", "holes", "measured", "program", "printed")

    def __init__(self, relation, found, parts, holes, measured):
        self.relation, self.found, self.parts, self.holes, self.measured = relation, found, parts, holes, measured
        self.program, self.printed = None, 0


_UNMEASURED = (0.0, False, False)  # a number's measure in plain text (not measured)


def _layout_measure(pieces) -> tuple[float, bool, bool]:
    """(the summed width of a layout's pieces, whether each joins its numbers cleanly — a piece before a
    number ends clean, one after a number begins with no script —, whether the last piece ends clean)."""
    em, clean = 0.0, True
    for n, piece in enumerate(pieces):
        if not piece:
            continue
        piece_em, piece_clean = near_em(piece)
        em += piece_em
        if n < len(pieces) - 1 and not piece_clean or n > 0 and piece[:1] in ("^", "_"):
            clean = False
    return em, clean, near_em(pieces[-1])[1] if pieces[-1] else True


_SKELETONS: dict = {}  # (fmt, locale) -> {id of a derivation's quantity: (quantity, Lines._skeleton's)}
# (printer class, locale, parenthesized) -> {id(Shown): Lines._form's}: a Shown made once per value
# (numbers.format_decimal keeps them) recurs across variants; the entry keeps it (its id stays its own)
_FORMS: dict = {}
_SYMBOLIC: dict = {}
_SYMBOLS: dict = {}  # (name, fmt, locale) -> its symbol (a name's symbol depends on nothing else)
_SYMBOLIC_OF: dict = {}  # (id of a derivation's quantity, fmt, locale) -> (quantity, _SYMBOLIC's entry)
