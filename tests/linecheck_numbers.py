"""The arithmetic of a reader of worked solutions (independent of symbp): numbers as printed,
values that are exact where they are, and the expressions of a printed line parsed into trees.

    number("1.715·10^−5"), unit("0.6190") = 0.0001, vector("(0.3, −0.1)"), row("[0.3  −0.1]")
    Val: an mpmath value at 60 digits and, where known, the exact Fraction; `apply` evaluates
         the activations and functions a solution prints, from their definitions
    parse(text): a tree (num / sym / call / neg / pow / bin) of a printed expression
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import mpmath

CTX = mpmath.mp.clone()
CTX.dps = 60

MINUS = "−"
NUMBER = r"−?\d+(?:\.\d+)?(?:·10\^−?\d+)?"
_NUMBER_RE = re.compile(rf"^{NUMBER}$")
_SYMBOL = (r"(?:∂[LJ]/∂[wb]_\d+(?:,\d+)?\^\d+|(?:m̂|v̂|m|v|s)_[wb]_\d+(?:,\d+)?\^\d+|[zawbδ]_\d+(?:,\d+)?\^\d+|y_\d+"
           r"|L|R|J|Σ_i e\^\(z_i\^\d+(?:\[\d+\])?(?:@\d+)?\))"
           r"(?:\[\d+\])?(?:@\d+)?|α|β1|β2|β|ρ|ε|λ1|λ")  # an optimizer's state, ∂J/∂w, R, J, its hyperparameters
_FUNCTIONS = ["softplus'", "softplus", "softmax", "LReLU'", "LReLU", "ReLU'", "ReLU", "tanh'", "tanh",
              "σ'", "σ", "id'", "id", "ln", "e^", "sign"]
_CALLED = {"ln": "log", "e^": "exp"}  # the printed names of the natural logarithm and e^(…), as computed here
_TOKEN = re.compile(
    rf"(?P<num>−?\d+(?:\.\d+)?(?:·10\^−?\d+)?)"
    rf"|(?P<func>{'|'.join(re.escape(f) for f in _FUNCTIONS)})(?=\()"
    rf"|(?P<sym>{_SYMBOL})"
    r"|(?P<op> − |−|\+|·|/|²|³|\^\d+|\(|\)|, |_\d+|√|\|)"
    r"|(?P<space> )"
)


# ---- numbers as printed ---------------------------------------------------------------------------
def number(text: str) -> Fraction:
    text = text.strip().replace(MINUS, "-")
    if "·10^" in text:
        mantissa, exponent = text.split("·10^")
        return Fraction(mantissa) * Fraction(10) ** int(exponent)
    return Fraction(text)


def unit(text: str) -> Fraction:
    """One unit in the last printed digit."""
    text = text.strip().replace(MINUS, "-").lstrip("-")
    exponent = 0
    if "·10^" in text:
        text, e = text.split("·10^")
        exponent = int(e)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Fraction(10) ** (exponent - decimals)


def vector(text: str) -> list[str]:
    text = text.strip()
    assert text.startswith("(") and text.endswith(")"), text
    return [part.strip() for part in text[1:-1].split(", ")]


def row(text: str) -> list[str]:
    text = text.strip()
    assert text.startswith("[") and text.endswith("]"), text
    return text[1:-1].split()


# ---- values: exact where they are -----------------------------------------------------------------
@dataclass(frozen=True)
class Val:
    approx: object  # mpmath mpf
    exact: Fraction | None = None


def exact(x: Fraction) -> Val:
    return Val(CTX.mpf(x.numerator) / x.denominator, Fraction(x))


def inexact(x) -> Val:
    return Val(CTX.mpf(x))


def combine(op, a: Val, b: Val) -> Val:
    if a.exact is not None and b.exact is not None:
        return exact(op(a.exact, b.exact))
    return inexact(op(a.approx, b.approx))


def times(a: Val, b: Val) -> Val:
    if a.exact == 0 or b.exact == 0:
        return exact(Fraction(0))
    return combine(lambda x, y: x * y, a, b)


def _sig(x):
    return 1 / (1 + CTX.exp(-x))


def apply(name: str, args: list[Val], index: int | None, slope: Fraction | None) -> Val:
    """The activations and functions of the text, from their definitions."""
    if name == "softmax":
        if all(a.exact is not None for a in args) and len({a.exact for a in args}) == 1:
            return exact(Fraction(1, len(args)))
        exps = [CTX.exp(a.approx) for a in args]
        return inexact(exps[index] / sum(exps))
    (z,) = args
    if name in ("√", "abs", "sign"):  # an optimizer's square root, the L1 penalty's |w| and sign(w)
        return _elementary(name, z)
    if name in ("ReLU", "ReLU'", "LReLU", "LReLU'", "id", "id'"):
        assert z.exact is not None, f"{name} of an inexact number"
        s = slope if slope is not None else Fraction(0)
        value = {"ReLU": z.exact if z.exact > 0 else 0, "ReLU'": 1 if z.exact > 0 else 0,
                 "LReLU": z.exact if z.exact > 0 else s * z.exact, "LReLU'": 1 if z.exact > 0 else s,
                 "id": z.exact, "id'": 1}[name]
        return exact(Fraction(value))
    special = {"σ": Fraction(1, 2), "σ'": Fraction(1, 4), "tanh": Fraction(0), "tanh'": Fraction(1),
               "softplus'": Fraction(1, 2), "exp": Fraction(1)}
    if name in special and z.exact == 0:
        return exact(special[name])
    if name == "log" and z.exact == 1:
        return exact(Fraction(0))
    x = z.approx
    # σ' and tanh' from forms that do not cancel at a large |z| (σ(150)·(1 − σ(150)) is 0 at 60 digits)
    value = {"σ": lambda: _sig(x), "σ'": lambda: CTX.exp(-abs(x)) / (1 + CTX.exp(-abs(x))) ** 2, "tanh": lambda: CTX.tanh(x),
             "tanh'": lambda: 1 / CTX.cosh(x) ** 2, "softplus": lambda: CTX.log1p(CTX.exp(x)),
             "softplus'": lambda: _sig(x), "log": lambda: CTX.log(x), "exp": lambda: CTX.exp(x)}[name]()
    return inexact(value)


def _elementary(name: str, z: Val) -> Val:
    if name == "√":
        if z.exact is not None:
            top, bottom = CTX.sqrt(z.exact.numerator), CTX.sqrt(z.exact.denominator)
            if top == int(top) and bottom == int(bottom):
                return exact(Fraction(int(top), int(bottom)))
        return inexact(CTX.sqrt(z.approx))
    if z.exact is not None:
        return exact(abs(z.exact) if name == "abs" else Fraction((z.exact > 0) - (z.exact < 0)))
    return inexact(abs(z.approx)) if name == "abs" else exact(Fraction(int(CTX.sign(z.approx))))


# ---- expressions ------------------------------------------------------------------------------------
def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read {text[pos:pos + 20]!r} in {text!r}")
        kind = m.lastgroup
        if kind != "space":
            tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


class Parser:
    """expr := term ((+|−) term)*; term := unary ((·|/) unary)*; unary := − unary | power;
    power := atom (²|³|^n)*; atom := number | symbol | f(args)[_j] | (expr)."""

    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.i = 0

    def parse(self):
        node = self.expr()
        if self.i != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.i]}")
        return node

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, value=None):
        token = self.peek()
        if value is not None and token[1] != value:
            raise ValueError(f"expected {value!r}, got {token}")
        self.i += 1
        return token

    def expr(self):
        node = self.term()
        while self.peek()[1] in ("+", " − "):
            op = self.take()[1].strip()
            node = ("bin", op, node, self.term())
        return node

    def term(self):
        node = self.unary()
        while self.peek()[1] in ("·", "/"):
            op = self.take()[1]
            node = ("bin", op, node, self.unary())
        return node

    def unary(self):
        if self.peek()[1] == "−":
            self.take()
            return ("neg", self.unary())
        if self.peek()[1] == "√":  # √x, √(x): the square root of what follows
            self.take()
            return ("call", "√", [self.power()], None)
        return self.power()

    def power(self):
        node = self.atom()
        while True:
            op = self.peek()[1]
            if op in ("²", "³"):
                self.take()
                node = ("pow", node, 2 if op == "²" else 3)
            elif op is not None and op.startswith("^"):
                self.take()
                node = ("pow", node, int(op[1:]))
            else:
                return node

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return ("num", number(value), value)
        if kind == "sym":
            return ("sym", value)
        if kind == "func":
            self.take("(")
            args = [self.expr()]
            while self.peek()[1] == ", ":
                self.take()
                args.append(self.expr())
            self.take(")")
            index = None
            if self.peek()[0] == "op" and self.peek()[1].startswith("_"):
                index = int(self.take()[1][1:])
            return ("call", _CALLED.get(value, value), args, index)
        if value == "(":
            node = self.expr()
            self.take(")")
            return node
        if value == "|":  # |x|
            node = self.expr()
            self.take("|")
            return ("call", "abs", [node], None)
        raise ValueError(f"unexpected {value!r}")


def parse(text: str):
    return Parser(text).parse()


def has_symbols(node) -> bool:
    kind = node[0]
    if kind == "sym":
        return True
    if kind == "num":
        return False
    if kind == "call":
        return any(has_symbols(a) for a in node[2])
    if kind == "neg":
        return has_symbols(node[1])
    if kind == "pow":
        return has_symbols(node[1])
    return has_symbols(node[2]) or has_symbols(node[3])


def show(node) -> str:
    """A call on one symbol as printed: σ'(z_0^2)."""
    return f"{node[1]}({node[2][0][1]})"


def number_rounds(value: Fraction, text: str) -> bool:
    """Whether `text` is `value` or a rounding of it (to within half a unit of its last digit)."""
    return abs(number(text) - value) <= unit(text) / 2
_NOTE = re.compile(r"\s{4}\(exact: (?:≈ )?(?P<value>\(.*\)|[^()]*)\)$")


def _strip_note(line: str) -> str:
    return _NOTE.sub("", line)


def _split(line: str) -> tuple[list[str], list[str]]:
    """Segments of a line and the relation signs between them (never inside parentheses)."""
    parts, signs, depth, start, i = [], [], 0, 0, 0
    while i < len(line):
        ch = line[i]
        depth += ch in "([" 
        depth -= ch in ")]"
        if depth == 0 and line.startswith((" = ", " ≈ "), i):
            parts.append(line[start:i])
            signs.append(line[i + 1])
            start = i + 3
            i += 3
            continue
        i += 1
    parts.append(line[start:])
    return parts, signs


def side_by_side(lines: list[str], i: int) -> tuple[list[list[list[str]]], list[str], int]:
    """Matrices written side by side from line i on, `[W] − 0.1·[G] ≈ [R]` on the middle line:
    (each matrix's rows, the texts between them — the operators, from whichever line holds them —,
    the next line index)."""
    columns, between = {}, []  # (a matrix shorter than the others, [δ]·[a]: its rows on the middle lines only)
    while i < len(lines) and lines[i].strip().startswith("["):
        text = lines[i]
        found = list(re.finditer(r"\[[^\]]*\]", text))
        gaps = [text[a.end():b.start()].strip() for a, b in zip(found, found[1:])]
        for m in found:
            columns.setdefault(m.start(), []).append(row(m.group(0)))
        if len(gaps) > len(between):
            between = gaps
        elif len(gaps) == len(between):
            between = [g or h for g, h in zip(between, gaps)]
        i += 1
    while i < len(lines) and lines[i].strip().startswith("(exact:"):
        i += 1
    return [columns[c] for c in sorted(columns)], between, i


# a step's heading (English) -> its number in a network with a hidden layer: one without numbers its steps
# ① … ⑦ (no "⑤ Hidden layer"), so the readers tell a step by its words, not its number
_STEP_WORDS = (("Forward pass with", "⑦"), ("Forward pass", "①"), ("Cost", "②"), ("Formulas", "③"),
               ("Output layer", "④"), ("Hidden layer", "⑤"), ("Gradient descent update", "⑥"), ("Update", "⑥"),
               ("New cost", "⑧"), ("Final cost", "⑧"))
_CIRCLED = "①②③④⑤⑥⑦⑧⑨"


def canonical_steps(text: str) -> str:
    """`text` with each step heading's circled number the one its words have with a hidden layer (a graph's
    headings, other words, as they are)."""
    def canonical(line: str) -> str:
        if line[:1] not in _CIRCLED or line[1:2] != " ":
            return line
        words = line[2:]
        number = next((n for start, n in _STEP_WORDS if words.startswith(start)), line[:1])
        return number + line[1:]
    return "\n".join(canonical(line) for line in text.split("\n"))
