"""The one place that turns formula trees and numbers into math text: LaTeX and plain text.

Like SymPy's printers: dispatch on the node's class (`_print_<Class>`), settings declared with
defaults (an unknown one is an error), every sub-tree printed back through `self.print`.  A
printer prints a formula symbolically (`w_{00}^{1} \\cdot a_{0}^{0}`) or, given `values`, with the
numbers substituted (`0.2 \\cdot 1 + (-0.4) \\cdot 2`): terms stay in the formula's order and
negative numbers get parentheses.  A number is printed from its `numbers.Shown` (the form
`format_decimal` gives, or the one a `plan.DisplayPlan` chose), m·10^e where `Shown.scientific` says.
"""

from __future__ import annotations

import re

from .. import formula as F
from ..core import identity as ids
from ..core.identity_parse import parse
from ..core.tree_printer import SettingsPrinter, text_exp  # e^z, e^(…): one notation for networks and graphs
from ..i18n import current as current_locale
from ..numbers import Shown, format_decimal
from .notation import step_tag, superscript
from .quantity_notation import SUM_OF_EXP, derivative_fraction, quantity_parts
from .training_symbols import training_symbol

_NUMBER_TEXTS: dict = {}  # (Shown's text, rounded, significant, printer class, locale, parentheses) -> its text


class Printer(SettingsPrinter):
    """Base printer; subclasses supply the notation."""

    settings_defaults = {"digits": 4, "values": None, "names": None}

    # ---- entry points ---------------------------------------------------------------------------
    def number(self, value, parenthesize_negative: bool = True) -> str:
        """A value (rounded here to `digits`) or a `Shown` (printed as it is)."""
        shown = value if isinstance(value, Shown) else format_decimal(value, self.digits)
        self.rounded |= shown.rounded
        # the text depends on the Shown (its significant digits too), the notation and the locale
        # only: a worked solution prints each number several times (result, the lines using it)
        key = (shown.text, shown.rounded, shown.significant, type(self), current_locale().code, parenthesize_negative)
        text = _NUMBER_TEXTS.get(key)
        if text is None:
            text = self.shown_text(shown, parenthesize_negative)
            if len(_NUMBER_TEXTS) >= 1 << 16:
                _NUMBER_TEXTS.clear()
            _NUMBER_TEXTS[key] = text
        return text

    def shown_text(self, shown: Shown, parenthesize_negative: bool = True) -> str:
        """`number` of a Shown, worked out (not kept: for a caller that keeps it, lines.Lines)."""
        scientific = shown.scientific()
        if scientific is None:
            text = self.format_number(shown.text)
        else:
            text = self.times_ten(self.format_number(scientific[0]), scientific[1])
        if parenthesize_negative and shown.text.startswith("-"):
            text = self.parens(text)
        return text

    def symbol(self, name: str) -> str:
        if name in self.names:
            return self.names[name]
        if name.startswith(SUM_OF_EXP) and name.endswith(")"):  # Σ_i e^{z_i}: a softmax layer's sum
            return self.sum_over("i", self.exp(self.symbol(name[len(SUM_OF_EXP):-1])))
        if name.startswith("exp(") and name.endswith(")"):  # e^{z_j}
            return self.exp(self.symbol(name[4:-1]))
        identity = parse(name, generic=True)
        parts = quantity_parts(identity) if identity is not None else None
        if parts is None:
            derivative = derivative_fraction(identity)
            if derivative is not None:  # f'(z) as ∂a/∂z, the chain rule's factor in the worked solution
                return self.partial(*(self.symbol(ids.name(part)) for part in derivative))
            return training_symbol(name, self) or self.plain_symbol(name)
        return self.quantity_symbol(*parts)

    # ---- nodes ----------------------------------------------------------------------------------
    def _value(self, node):
        if self.values is not None and isinstance(node, F.Ref) and node.name in self.values:
            return self.values[node.name]
        return None

    def _print_Ref(self, node: F.Ref) -> str:
        value = self._value(node)
        return self.symbol(node.name) if value is None else self.number(value)

    def bare(self, node) -> str:
        """A node printed where a negative number needs no parentheses (alone, as an argument,
        leading a difference)."""
        value = self._value(node)
        if value is not None:
            return self.number(value, parenthesize_negative=False)
        return self.print(node)

    def _print_Const(self, node: F.Const) -> str:
        value = node.value
        if value.denominator == 1:
            return self.format_number(str(value.numerator)) if value >= 0 else self.parens(self.format_number(str(value.numerator)))
        return self.fraction(str(abs(value.numerator)), str(value.denominator), value < 0)

    def _needs_parens_in_product(self, node) -> bool:
        if isinstance(node, F.Add):
            return len(node.terms) > 1 or self._needs_parens_in_product(node.terms[0])
        return isinstance(node, (F.Sub, F.Neg, F.SumOver))

    def _print_Add(self, node: F.Add) -> str:
        parts = []
        for i, term in enumerate(node.terms):
            if isinstance(term, F.Neg):
                inner = self.print(term.arg)
                if self._needs_parens_in_product(term.arg):
                    inner = self.parens(inner)
                parts.append((self.minus_sign if i == 0 else f" {self.minus_sign} ") + inner)
            else:
                parts.append(self.bare(term) if i == 0 else " + " + self.print(term))
        return "".join(parts)

    def _print_Sub(self, node: F.Sub) -> str:
        right = self.print(node.right)
        if isinstance(node.right, (F.Add, F.Sub, F.Neg)) and not (isinstance(node.right, F.Add) and len(node.right.terms) == 1):
            right = self.parens(right)
        return f"{self.bare(node.left)} {self.minus_sign} {right}"

    def _print_Mul(self, node: F.Mul) -> str:
        factors = []
        for factor in node.factors:
            text = self.print(factor)
            if self._needs_parens_in_product(factor):
                text = self.parens(text)
            factors.append(text)
        return self.times.join(factors)

    def _print_Div(self, node: F.Div) -> str:
        return self.fraction(self.bare(node.numerator), self.bare(node.denominator), False)

    def _print_Neg(self, node: F.Neg) -> str:
        inner = self.print(node.arg)
        if self._needs_parens_in_product(node.arg):
            inner = self.parens(inner)
        return self.minus_sign + inner

    def _print_Pow(self, node: F.Pow) -> str:
        base = self.print(node.base)
        # a sum, product, fraction (7/4) or negative number as a base in parentheses: (7/4)^−1, (−3)²
        if not isinstance(node.base, (F.Ref, F.Const)) or (isinstance(node.base, F.Const) and node.base.value.denominator != 1):
            base = self.parens(base)
        return self.power(base, node.exponent)

    def _print_Apply(self, node: F.Apply) -> str:
        if node.function.key == "exp":
            return self.exp(self.bare(node.args[0]))
        if node.function.key in ("sqrt", "abs"):
            return self.root(self.bare(node.args[0])) if node.function.key == "sqrt" else self.bars(self.bare(node.args[0]))
        if node.function.indexed:
            *zs, j = node.args
            vector = self.separator.join(self.bare(z) for z in zs)
            return self.call(self.function_name(node.function), vector) + self.subscript(str(int(j.value)))
        return self.call(self.function_name(node.function), self.separator.join(self.bare(a) for a in node.args))

    @property
    def separator(self) -> str:
        """Between arguments: ", ", or the locale's "; " where numbers with a decimal comma stand."""
        return ", " if self.values is None else current_locale().separator

    def _print_Partial(self, node: F.Partial) -> str:
        return self.partial(self.print(node.of), self.print(node.wrt))

    def _print_SumOver(self, node: F.SumOver) -> str:
        body = self.print(node.body)
        if self._needs_parens_in_product(node.body):
            body = self.parens(body)
        return self.sum_over(node.index, body)


class LatexPrinter(Printer):
    latex = True
    minus_sign = "-"
    times = r" \cdot "

    def times_ten(self, mantissa: str, exponent: int) -> str:
        return rf"{mantissa} \cdot 10^{{{exponent}}}"

    def format_number(self, text: str) -> str:
        return current_locale().number(text, "tex")

    def parens(self, text: str) -> str:
        tall = "\\frac" in text or "\\sum" in text or "matrix" in text
        return rf"\left({text}\right)" if tall else f"({text})"

    def fraction(self, num: str, den: str, negative: bool) -> str:
        return ("-" if negative else "") + rf"\frac{{{num}}}{{{den}}}"

    def power(self, base: str, exponent: int) -> str:
        if ("^" in base or "_" in base) and not base.endswith(")"):
            base = self.parens(base)  # (a^{2}_{0})^{2}: a power of a name with a superscript
        return f"{base}^{{{exponent}}}"

    def call(self, name: str, args: str) -> str:
        return name + self.parens(args)

    def function_name(self, function) -> str:
        return {r"\log": r"\ln"}.get(function.latex, function.latex)  # the natural logarithm, named

    def subscript(self, text: str) -> str:
        return f"_{{{text}}}"

    def root(self, text: str) -> str:
        return rf"\sqrt{{{text}}}"

    def bars(self, text: str) -> str:
        return rf"\left|{text}\right|"

    def exp(self, argument: str) -> str:
        return f"e^{{{argument}}}"

    def partial(self, of: str, wrt: str) -> str:
        return rf"\frac{{\partial {of}}}{{\partial {wrt}}}"

    def sum_over(self, index: str, body: str) -> str:
        return rf"\sum_{{{index}}} {body}"

    def plain_symbol(self, name: str) -> str:
        return {"alpha": r"\alpha"}.get(name, rf"\mathit{{{name}}}")

    def quantity_symbol(self, kind, idx, layer, sample, step) -> str:
        """Textbook superscripts (notation.py): sample i as (i), training step t as ⟨t⟩, both as
        (i)⟨t⟩; the loss of sample i is L_i (L^{⟨t⟩} is the loss at step t); a gradient carries the
        sample on L and the step on the parameter: ∂L_i/∂w^{l⟨t⟩}_{jk}."""
        if kind == "L":
            return "L" + (f"_{{{sample}}}" if sample else "") + (f"^{{{step_tag(step)}}}" if step else "")
        base = {"delta": r"\delta", "dL/dw": "w", "dL/db": "b"}.get(kind, kind)
        if kind in ("dL/dw", "dL/db"):
            upper = superscript(layer, None, step)
            core = base + (f"^{{{upper}}}" if upper else "") + f"_{{{idx}}}"
            loss = "L" + (f"_{{{sample}}}" if sample else "")
            return rf"\frac{{\partial {loss}}}{{\partial {core}}}"
        upper = superscript(layer, sample, step)
        return base + (f"^{{{upper}}}" if upper else "") + f"_{{{idx}}}"


class TextPrinter(Printer):
    latex = False
    minus_sign = "−"
    times = "·"

    def times_ten(self, mantissa: str, exponent: int) -> str:
        return f"{mantissa}·10^{self.format_number(str(exponent))}"

    def format_number(self, text: str) -> str:
        return current_locale().number(text).replace("-", "−")

    def parens(self, text: str) -> str:
        return f"({text})"

    def fraction(self, num: str, den: str, negative: bool) -> str:
        text = f"{self._operand(num)}/{self._operand(den)}"
        return ("−" if negative else "") + text

    @staticmethod
    def _operand(text: str) -> str:
        """A numerator or denominator as written beside /: a name, a number (its decimal mark a point or a
        comma: a list's separator has a space after it) or one call or power (e^(z_0^2)) as it is,
        anything else in parentheses."""
        simple = re.fullmatch(r"[\w.,^\[\]@−]+(?:\([^()\s]*\))?", text) and not text.startswith("−")
        return text if simple and "−" not in text.split("(")[0][1:] else f"({text})"

    def power(self, base: str, exponent: int) -> str:
        if "^" in base and not base.endswith(")"):
            base = self.parens(base)  # (a_0^2)², not a_0^2² (a to the 22)
        return base + {2: "²", 3: "³"}.get(exponent, "^" + str(exponent).replace("-", "−"))

    def call(self, name: str, args: str) -> str:
        return f"{name}({args})"

    def function_name(self, function) -> str:
        return {"log": "ln"}.get(function.text, function.text)  # the natural logarithm, named as the header names it

    def subscript(self, text: str) -> str:
        return f"_{text}"

    def root(self, text: str) -> str:
        return f"√({text})" if not re.fullmatch(r"[\w.^@]+", text) else f"√{text}"

    def bars(self, text: str) -> str:
        return f"|{text}|"

    def exp(self, argument: str) -> str:
        return text_exp(argument)

    def partial(self, of: str, wrt: str) -> str:
        return f"∂{of}/∂{wrt}"

    def sum_over(self, index: str, body: str) -> str:
        return f"Σ_{index} {body}"

    def plain_symbol(self, name: str) -> str:
        return {"alpha": "α"}.get(name, name)

    def quantity_symbol(self, kind, idx, layer, sample, step) -> str:
        base = {"delta": "δ", "dL/dw": "∂L/∂w", "dL/db": "∂L/∂b"}.get(kind, kind)
        if kind == "L":
            text = "L"
        else:
            if layer is not None and any(ch in layer for ch in "+-"):
                layer = "(" + layer.replace("-", "−") + ")"
            text = f"{base}_{idx}" + (f"^{layer}" if layer is not None else "")
        return text + (f"[{sample}]" if sample else "") + (f"@{step}" if step else "")


PRINTERS = {"tex": LatexPrinter, "md": LatexPrinter, "text": TextPrinter}


def printer(fmt: str, **settings) -> Printer:
    return PRINTERS[fmt](**settings)
