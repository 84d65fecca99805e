"""The structure of the core's printer (display.py): what every notation of a tree shares.

In:  a tree (`expr.py`), and optionally the values of the nodes it refers to.
Out: its text through the notation's own pieces (`parens`, `fraction`, `power`, … of display.py's
     LatexPrinter and TextPrinter): precedences and parentheses, negative numbers in parentheses
     after an operator, numbers rounded once (`numbers.format_decimal`) and constants printed
     exactly; dispatch by class (`_print_<Class>`) and by an operation's display style
     (`_style_<style>`).
"""

from __future__ import annotations

import re

from ..i18n import current as current_locale
from ..numbers import Shown, exact_string, format_decimal, terminating_digits
from . import identity as ids
from .expr import AllOf, AnyOf, Call, Cases, Compare, Const, Ref
from .operations import OPERATIONS

ATOM = 100
SCIENTIFIC_PRECEDENCE = 21  # a number written m·10^e binds as a product's right factor does


class SettingsPrinter:
    """What symbp's two printers (this module's, render/printers.py's) share, as SymPy's printers do:
    settings declared with defaults (an unknown one is an error), dispatch by the node's class."""

    settings_defaults: dict = {"digits": 4, "values": None, "names": None}

    def __init__(self, **settings):
        unknown = set(settings) - set(self.settings_defaults)
        if unknown:
            raise TypeError(f"unknown printer settings: {', '.join(sorted(unknown))}")
        self.settings = {**self.settings_defaults, **settings}
        self.digits = self.settings["digits"]
        self.values = self.settings["values"]
        self.names = self.settings["names"] or {}
        self.rounded = False  # set when a printed number was rounded

    def print(self, node) -> str:
        return getattr(self, f"_print_{type(node).__name__}")(node)


class Printer(SettingsPrinter):
    settings_defaults = {"digits": 4, "values": None, "names": None, "otherwise": None}  # None: the locale's word
    leading_bare = True  # whether what is printed now stands first (alone, leading, an argument): a negative number bare there

    # entry points ---------------------------------------------------------------------------------

    def number(self, value, parenthesize_negative: bool = False) -> str:
        """A value (rounded here) or a `Shown`, m·10^e where `Shown.scientific` says (below 10^−4,
        from 10^6 on, a rounded whole number), as the networks' printer writes it."""
        shown = self._shown(value)
        self.rounded |= shown.rounded
        scientific = shown.scientific()
        text = self.number_text(shown.text) if scientific is None else \
            self.times_ten(self.number_text(scientific[0]), scientific[1])
        return self.parens(text) if parenthesize_negative and shown.negative else text

    def _shown(self, value) -> Shown:
        return value if isinstance(value, Shown) else format_decimal(value, self.settings["digits"])

    def symbol(self, identity) -> str:
        if identity in self.names:
            return self.names[identity]
        kind = identity.kind
        if kind == ids.GRADIENT:
            if identity.of.kind == ids.LOSS and identity.wrt.kind == ids.PRE_ACTIVATION:
                wrt = identity.wrt
                return self.indexed_symbol("delta", wrt.layer, wrt.indices) + self.tag(identity)
            # ∂L/∂w for networks, df/dx for graphs — also dL/dx of a graph's output named L: its gradient and
            # the local derivative of its last gate were both ∂L/∂L.2 (stop 67's graph tester)
            partial = identity.of.kind == ids.LOSS and identity.wrt.kind in ids.LAYERED
            return self.derivative(self.symbol(identity.of), self.symbol(identity.wrt), partial)
        if kind == ids.LOCAL:
            return self.derivative(self.symbol(identity.of), self.symbol(identity.wrt), True)
        if kind == ids.NODE:
            return self.label(identity.label) + self.tag(identity)
        if kind in (ids.LOSS, ids.LEARNING_RATE):
            return self.plain(kind) + self.tag(identity)
        if kind in ids.PLAIN_KINDS:  # a graph's node labelled like a hyperparameter (eps) or R, J
            return self.label(kind) + self.tag(identity)
        return self.indexed_symbol(kind, identity.layer, identity.indices) + self.tag(identity)

    # helpers --------------------------------------------------------------------------------------
    def word(self, display) -> str:  # an operation's operator or name: \cdot or ·, \max or max
        return display.latex if self.latex else display.text

    def _value(self, tree):
        if self.values is not None and isinstance(tree, Ref) and tree.identity in self.values:
            return self.values[tree.identity]
        return None

    def precedence(self, tree) -> int:
        if isinstance(tree, Call):
            display = OPERATIONS[tree.op].display
            return self.fraction_precedence if display.style == "fraction" else display.precedence
        decimal = _decimal(tree.value) if isinstance(tree, Const) else None  # 1/3 is a fraction, 1·10^6 a product
        if isinstance(tree, Const) and decimal is None:
            return self.fraction_precedence
        return SCIENTIFIC_PRECEDENCE if decimal is not None and decimal.scientific() else ATOM

    def child(self, tree, minimum: int, bare: bool = False) -> str:
        """A sub-tree, in parentheses when it binds less tightly than `minimum`; a negative number
        in parentheses unless `bare` (alone, leading, or an argument)."""
        value = self._value(tree)
        if value is not None:
            text = self.number(value, parenthesize_negative=not bare)
            tight = minimum > SCIENTIFIC_PRECEDENCE and not text.startswith("(")
            # m·10^e as a power's base or beside a fraction's slash: (1.5·10^−5)², 1/(1.5·10^−5)
            return self.parens(text) if tight and self._shown(value).scientific() is not None else text
        if isinstance(tree, Const) and tree.value < 0 and not bare:
            return self.parens(self.print(tree))
        leading, self.leading_bare = self.leading_bare, bare  # (a fraction's first number: −(−2.6)/2.69², not −−2.6/2.69²)
        try:
            text = self.print(tree)
        finally:
            self.leading_bare = leading
        # a sign of its own after a sign or an operator (a − (−w), not a − −w) stands in parentheses
        return self.parens(text) if self.precedence(tree) < minimum or not bare and text.startswith(self.minus) else text

    # nodes ----------------------------------------------------------------------------------------
    def _print_Ref(self, tree: Ref) -> str:
        value = self._value(tree)
        return self.symbol(tree.identity) if value is None else self.number(value)

    def _print_Const(self, tree: Const) -> str:
        """A given (0.00003) exactly by the networks' rule (3·10^−5, 1·10^6), a fraction (1/3) as such."""
        value, decimal = tree.value, _decimal(tree.value)
        if decimal is not None:
            return self.number(decimal)
        return self.fraction(self.number_text(str(abs(value.numerator))), str(value.denominator), value < 0)

    def _print_Call(self, tree: Call) -> str:
        display = OPERATIONS[tree.op].display
        return getattr(self, f"_style_{display.style}")(tree, display)

    def _print_Cases(self, tree: Cases) -> str:
        values = [v for v, _ in tree.branches]
        if len(tree.branches) == 2 and tree.branches[1][1] is None and {values[0], values[1]} == {Const(0), Const(1)}:
            condition = tree.branches[0][1]
            return self.iverson(self.print(condition if values[0] == Const(1) else self._negated(condition)))
        rows = [(self.child(v, 0, bare=True), self.print(c) if c is not None else None) for v, c in tree.branches]
        return self.cases(rows)

    def _negated(self, condition):
        flip = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
        if isinstance(condition, Compare):
            return Compare(flip[condition.relation], condition.left, condition.right)
        negated = tuple(self._negated(c) for c in condition.conditions)  # De Morgan
        return AnyOf(negated) if isinstance(condition, AllOf) else AllOf(negated)

    def _print_Compare(self, tree: Compare) -> str:
        left, right = self.child(tree.left, 11, bare=True), self.child(tree.right, 11, bare=True)
        return f"{left} {self.relations[tree.relation]} {right}"

    def _print_AllOf(self, tree: AllOf | AnyOf) -> str:
        word = self.conjunction if isinstance(tree, AllOf) else self.disjunction
        return f" {word} ".join(self._condition(c) for c in tree.conditions)

    _print_AnyOf = _print_AllOf

    def _condition(self, tree) -> str:
        text = self.print(tree)
        return self.parens(text) if isinstance(tree, (AllOf, AnyOf)) else text

    # operation styles -----------------------------------------------------------------------------
    def _style_infix(self, tree: Call, display) -> str:
        parts, operator = [], self.word(display)
        for i, arg in enumerate(tree.args):
            if i and tree.op == "add" and isinstance(arg, Call) and arg.op == "neg":
                parts.append(f" {self.minus} " + self.child(arg.args[0], display.precedence + 1))
            elif i:
                parts.append(f" {operator} " + self.child(arg, display.precedence + 1))
            else:
                parts.append(self.child(arg, display.precedence, bare=tree.op != "mul"))
        return "".join(parts)

    def _style_prefix(self, tree: Call, display) -> str:
        return self.minus + self.child(tree.args[0], display.precedence + 1)

    def _style_fraction(self, tree: Call, display) -> str:
        numerator, denominator = tree.args
        if self.stacked_fractions:
            return self.fraction(self.child(numerator, 0, bare=True), self.child(denominator, 0, bare=True), False)
        return self.fraction(self.child(numerator, self.fraction_precedence, bare=self.leading_bare),
                             self.child(denominator, self.fraction_precedence + 1), False)

    def _style_power(self, tree: Call, display) -> str:  # a stacked fraction as a base: \left(\frac{7}{4}\right)^{-1}
        base = tree.args[0]
        stacked = self.stacked_fractions and ((isinstance(base, Const) and _decimal(base.value) is None) or (
            isinstance(base, Call) and OPERATIONS[base.op].display.style == "fraction"))
        return self.power(self.child(base, ATOM + stacked), tree.param)

    def _style_exponential(self, tree: Call, display) -> str:  # e^{x}; the text's e^x, e^(−s)
        argument = self.child(tree.args[0], 0, bare=True)
        return f"e^{{{argument}}}" if self.latex else text_exp(argument)

    def _style_root(self, tree: Call, display) -> str:  # √(x) and |x|: `root` and `bars` around the argument
        return getattr(self, display.style)(self.child(tree.args[0], 0, bare=True))

    _style_bars = _style_root

    def _style_function(self, tree: Call, display) -> str:
        separator = current_locale().separator  # "; " beside a decimal comma (min(x; 0,9), as min(1; 0,9))
        return self.call(self.word(display), separator.join(self.child(a, 0, bare=True) for a in tree.args))

    def _style_indexed(self, tree: Call, display) -> str:
        return self._style_function(tree, display) + self.subscript(str(tree.param))

    def gate(self, tree: Call, variable: str = "x") -> str:
        """The operation's short sign (a drawing's node, a table's column): ×, e^x, x²; its argument
        written `variable` (a letter no name of the graph uses: graph/worked.py)."""
        op = OPERATIONS[tree.op]
        if op.display.style == "power":
            return self.power(variable, tree.param)
        return _PLACEHOLDER.sub(lambda m: variable, op.gate_latex if self.latex else op.gate_text)


_PLACEHOLDER = re.compile(r"(?<![A-Za-z\\])x(?![A-Za-z])")  # the x of e^x, |x|, \sqrt{x} (not of \max)


def text_exp(argument: str) -> str:  # e^z for a one-letter name, e^(…) else (e^(z_0^2), e^(−1), e^(f.1))
    return f"e^{argument}" if re.fullmatch(r"[A-Za-z]", argument) else f"e^({argument})"


def _decimal(value) -> Shown | None:  # a constant's exact decimal (never rounded); None: 1/3
    return None if terminating_digits(value) is None else Shown(exact_string(value), False)
