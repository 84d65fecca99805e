"""The one printer of the core's trees and names: LaTeX and plain text (the notations here, the
structure they share in tree_printer.py).

In:  a tree (`expr.py`), and optionally the values of the nodes it refers to.
Out: its math text — symbolically (`w_0 · x_0 + w_1 · x_1 + w_2`) or with the numbers substituted
     (`2 · (−1) + (−3) · (−2) + (−3)`), terms in the order written, parentheses only where the
     precedences need them, negative numbers in parentheses after an operator; in the notation of
     the networks' pages (e^x, ln, ≤).  Values are rounded here, once (`numbers.format_decimal`);
     constants are printed exactly, by the same rule for m·10^e (1·10^6).  Like SymPy's printers:
dispatch by class (`_print_<Class>`) and by an operation's display style (`_style_<style>`); declared
settings (an unknown one is an error); `names` lets the caller decide how a node prints.
"""

from __future__ import annotations

import re

from ..i18n import current as current_locale
from . import identity as ids
from .tree_printer import ATOM, Printer

_LABEL = re.compile(r"^(?P<base>[A-Za-z]+)_?(?P<digits>\d+)$")
# a gate's name numbered after its stage (f.3), not a number (1.9): as a power's base it is bracketed, (f.3)², or
# −1/f.3² reads as f.(3²) (the new user's LOW of stop 61)
_DOTTED_NAME = re.compile(r"\\?[^\W\d][\w{}]*\.\d+$")  # (LaTeX: h_{10}.1, \alpha.2)
_GATE = re.compile(r"^(?P<stage>.+)\.(?P<number>\d+)$")  # a gate of a stage: h_10.1 is gate 1 of h_10


class LatexPrinter(Printer):
    latex = True
    minus = "-"
    stacked_fractions = True
    fraction_precedence = ATOM
    relations = {"<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq", "==": "=", "!=": r"\neq"}
    conjunction, disjunction = r"\wedge", r"\vee"

    def number_text(self, text: str) -> str:
        return current_locale().number(text, "tex")

    def times_ten(self, mantissa: str, exponent: int) -> str:
        return rf"{mantissa} \cdot 10^{{{exponent}}}"

    def parens(self, text: str) -> str:
        tall = "\\frac" in text or "\\sqrt" in text
        return rf"\left({text}\right)" if tall else f"({text})"

    def fraction(self, num: str, den: str, negative: bool) -> str:
        return ("-" if negative else "") + rf"\frac{{{num}}}{{{den}}}"

    def power(self, base: str, exponent: int) -> str:
        if _DOTTED_NAME.fullmatch(base):
            base = self.parens(base)
        if "^" in base and not base.endswith(")"):
            base = "{" + base + "}"
        return f"{base}^{{{exponent}}}"

    def root(self, text: str) -> str:
        return rf"\sqrt{{{text}}}"

    def bars(self, text: str) -> str:
        return rf"\left|{text}\right|"

    def call(self, name: str, args: str) -> str:
        return name + self.parens(args)

    def subscript(self, text: str) -> str:
        return f"_{{{text}}}"

    def iverson(self, condition: str) -> str:
        return rf"\left[{condition}\right]"

    def cases(self, rows) -> str:
        otherwise = r"\text{" + (self.settings["otherwise"] or current_locale().message("formula.otherwise")) + "}"
        body = r" \\ ".join(f"{v} & {c if c is not None else otherwise}" for v, c in rows)
        return rf"\begin{{cases}} {body} \end{{cases}}"

    def derivative(self, of: str, wrt: str, partial: bool) -> str:
        d = r"\partial " if partial else r"\mathrm{d}"
        return rf"\frac{{{d}{of}}}{{{d}{wrt}}}"

    def label(self, label: str) -> str:
        gate = _GATE.match(label)
        if gate:  # h_{10}.1, \alpha.2 as their stage prints (h_10.1 set h_1 and then 0.1: the stop-62 reviewer's LOW)
            stage = gate.group("stage")
            return (self.plain(stage) if stage == "alpha" else self.label(stage)) + "." + gate.group("number")
        match = _LABEL.match(label)
        base, digits = (match.group("base"), match.group("digits")) if match else (label, None)
        if digits is None and "_" in base:  # a_b_c, x_, x1_2: its first _ a subscript, any other printed as _ (set
            head, _, rest = base.partition("_")  # as they were they made a double subscript: pdflatex stopped;
            head = self.label(head)  # stop 66's hostile tester)
            head = "{" + head + "}" if "_" in head else head
            return head + (f"_{{{rest.replace('_', chr(92) + '_')}}}" if rest else r"\_")
        base = base if len(base) == 1 or not base.isalpha() else rf"\mathit{{{base}}}"
        return base + (f"_{{{digits}}}" if digits else "")

    def plain(self, kind: str) -> str:
        return {"alpha": r"\alpha"}.get(kind, kind)

    def indexed_symbol(self, kind: str, layer, indices) -> str:
        base = {"delta": r"\delta"}.get(kind, kind)
        index = ids.indices_text(indices).strip("{}")
        return base + (f"^{{{layer}}}" if layer is not None else "") + f"_{{{index}}}"

    def tag(self, identity) -> str:
        return (f"[{identity.sample}]" if identity.sample else "") + \
            (rf"\,{{\scriptstyle @{identity.step}}}" if identity.step >= 2 else "")


class TextPrinter(Printer):
    latex = False
    minus = "−"
    stacked_fractions = False
    fraction_precedence = 25
    relations = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
    conjunction, disjunction = "∧", "∨"

    def number_text(self, text: str) -> str:
        return current_locale().number(text).replace("-", "−")

    def times_ten(self, mantissa: str, exponent: int) -> str:
        return f"{mantissa}·10^{self.number_text(str(exponent))}"

    def parens(self, text: str) -> str:
        return f"({text})"

    def fraction(self, num: str, den: str, negative: bool) -> str:
        return ("−" if negative else "") + f"{num}/{den}"

    def power(self, base: str, exponent: int) -> str:
        base = self.parens(base) if _DOTTED_NAME.fullmatch(base) else base
        return base + {2: "²", 3: "³"}.get(exponent, "^" + self.number_text(str(exponent)))

    def root(self, text: str) -> str:
        return f"√({text})"

    def bars(self, text: str) -> str:
        return f"|{text}|"

    def call(self, name: str, args: str) -> str:
        return f"{name}({args})"

    def subscript(self, text: str) -> str:
        return f"_{text}"

    def iverson(self, condition: str) -> str:
        return f"[{condition}]"

    def cases(self, rows) -> str:
        locale = current_locale()
        otherwise = self.settings["otherwise"] or locale.message("formula.otherwise")
        return "{" + "; ".join(f"{v} {locale.message('formula.if')} {c}" if c is not None else f"{v} {otherwise}"
                               for v, c in rows) + "}"

    def derivative(self, of: str, wrt: str, partial: bool) -> str:
        d = "∂" if partial else "d"
        return f"{d}{of}/{d}{wrt}"

    def label(self, label: str) -> str:
        return label

    def plain(self, kind: str) -> str:
        return {"alpha": "α"}.get(kind, kind)

    def indexed_symbol(self, kind: str, layer, indices) -> str:
        base = {"delta": "δ"}.get(kind, kind)
        index = ids.indices_text(indices).strip("{}")
        return f"{base}_{index}" + (f"^{layer}" if layer is not None else "")

    def tag(self, identity) -> str:
        return (f"[{identity.sample}]" if identity.sample else "") + (f"@{identity.step}" if identity.step >= 2 else "")


PRINTERS = {"tex": LatexPrinter, "md": LatexPrinter, "text": TextPrinter}


def printer(fmt: str, **settings) -> Printer:
    return PRINTERS[fmt](**settings)
