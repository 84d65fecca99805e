"""A student's reading of a worked solution: every printed line recomputed from its printed numbers.

Independent of symbp: this module parses the *text* output as a reader sees it and recomputes
each line with its own small evaluator (Fraction for rational arithmetic, mpmath at 60 digits
for exp/log/tanh, the activations written out here).  For every line it checks

  - the result: within one unit in its last printed digit of what the printed numbers give;
  - the relation sign: "=" exactly when the printed numbers give the result exactly, else "≈";
  - the substitution: every number put in for a quantity is the number printed for that
    quantity earlier (a formula and its substituted form are parsed side by side);

for the per-neuron lines, the derivative lines, the matrix and vector blocks (z = W·a + b,
a = f(z), δ = ((W^T δ) ⊙ f'), ∂L/∂W = δ·a^T, W@t = W − α·∂L/∂W), the parameter table and the
sentence on the fall of the cost.  `check_text` returns the list of violations (empty: none).

`relation_sequence` extracts, from text, Markdown or LaTeX, the relation signs with the numbers
that follow them, so that the three formats can be compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath

CTX = mpmath.mp.clone()
CTX.dps = 60

MINUS = "−"
NUMBER = r"−?\d+(?:\.\d+)?(?:·10\^−?\d+)?"
_NUMBER_RE = re.compile(rf"^{NUMBER}$")
_SYMBOL = (r"(?:∂L/∂[wb]_\d+(?:,\d+)?\^\d+|[zawbδ]_\d+(?:,\d+)?\^\d+|y_\d+|L)"
           r"(?:\[\d+\])?(?:@\d+)?|α")
_FUNCTIONS = ["softplus'", "softplus", "softmax", "LReLU'", "LReLU", "ReLU'", "ReLU", "tanh'", "tanh",
              "σ'", "σ", "id'", "id", "log", "exp"]
_TOKEN = re.compile(
    rf"(?P<num>−?\d+(?:\.\d+)?(?:·10\^−?\d+)?)"
    rf"|(?P<func>{'|'.join(re.escape(f) for f in _FUNCTIONS)})(?=\()"
    rf"|(?P<sym>{_SYMBOL})"
    r"|(?P<op> − |−|\+|·|/|²|³|\^\d+|\(|\)|, |_\d+)"
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
    value = {"σ": lambda: _sig(x), "σ'": lambda: _sig(x) * (1 - _sig(x)), "tanh": lambda: CTX.tanh(x),
             "tanh'": lambda: 1 - CTX.tanh(x) ** 2, "softplus": lambda: CTX.log1p(CTX.exp(x)),
             "softplus'": lambda: _sig(x), "log": lambda: CTX.log(x), "exp": lambda: CTX.exp(x)}[name]()
    return inexact(value)


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
            return ("call", value, args, index)
        if value == "(":
            node = self.expr()
            self.take(")")
            return node
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


# ---- the reader -----------------------------------------------------------------------------------
@dataclass
class Reader:
    givens: dict = field(default_factory=dict)  # name -> Fraction: the spec's numbers (optional)
    printed: dict = field(default_factory=dict)  # name -> (Fraction, text) as printed
    derivative: dict = field(default_factory=dict)  # z name -> f'(z) as printed
    notes: dict = field(default_factory=dict)  # name -> the exact value a carried line states
    violations: list = field(default_factory=list)
    slope: Fraction | None = None
    batch: bool = False
    steps: int = 1
    step: int = 1
    sample: int | None = None
    lineno: int = 0
    lines_checked: int = 0

    # names of vector entries, as the text writes them
    def tag(self, step=None, sample="context") -> str:
        s = self.sample if sample == "context" else sample
        t = self.step if step is None else step
        return (f"[{s}]" if self.batch and s else "") + (f"@{t}" if t >= 2 else "")

    @staticmethod
    def idx(*indices) -> str:
        return "".join(map(str, indices)) if all(i < 10 for i in indices) else ",".join(map(str, indices))

    def fail(self, message: str) -> None:
        self.violations.append(f"line {self.lineno}: {message}")

    # -- values of names
    def value_of(self, name: str, first_use=None) -> Fraction | None:
        if name in self.printed:
            return self.printed[name][0]
        if first_use is not None and self.is_given(name):
            self.record(name, first_use)
            return first_use[0]
        self.fail(f"{name} is used but was not printed before")
        return None

    def is_given(self, name: str) -> bool:
        return (re.fullmatch(r"[wb]_\d+(?:,\d+)?\^\d+|a_\d+\^0(?:\[\d+\])?|y_\d+(?:\[\d+\])?|α", name) is not None)

    def record(self, name: str, printed: tuple) -> None:
        value, text = printed
        if name in self.printed and self.printed[name][0] != value:
            self.fail(f"{name} printed as {text}, earlier as {self.printed[name][1]}")
        if name in self.givens and self.givens[name] != value and number_rounds(self.givens[name], text) is False:
            self.fail(f"{name} printed as {text}, but the spec gives {self.givens[name]}")
        self.printed.setdefault(name, (value, text))

    # -- checking computations
    def within(self, what: str, got: Val, result_text: str) -> bool:
        """Whether the printed result is within one unit in its last digit of what was computed;
        returns whether it is *exactly* that."""
        self.lines_checked += 1
        result = number(result_text)
        off = abs(got.approx - CTX.mpf(result.numerator) / result.denominator)
        u = unit(result_text)
        if off > CTX.mpf(u.numerator) / u.denominator * (1 + CTX.mpf(10) ** -30):
            self.fail(f"{what}: printed {result_text}, the printed numbers give {CTX.nstr(got.approx, 12)}")
        return got.exact is not None and got.exact == result

    def check(self, what: str, got: Val, result_text: str, sign: str) -> None:
        is_exact = self.within(what, got, result_text)
        if (sign == "=") != is_exact:
            self.fail(f"{what}: sign {sign!r} before {result_text}, but the printed numbers give "
                      f"{got.exact if got.exact is not None else CTX.nstr(got.approx, 15)}")

    def check_all(self, what: str, entries: list, sign: str) -> None:
        """A vector or matrix: each entry within one unit; "=" exactly when every entry is exact."""
        exactly = [self.within(f"{what}[{n}]", got, text) for n, (got, text) in enumerate(entries)]
        if (sign == "=") != all(exactly):
            self.fail(f"{what}: sign {sign!r}, but the printed numbers give "
                      f"{'every' if all(exactly) else 'not every'} entry exactly")

    def evaluate(self, node, values=None) -> Val:
        kind = node[0]
        if kind == "num":
            return exact(node[1])
        if kind == "sym":
            value = values[node[1]] if values is not None else self.value_of(node[1])
            if value is None:
                raise LookupError(node[1])
            return exact(value)
        if kind == "neg":
            return times(exact(Fraction(-1)), self.evaluate(node[1], values))
        if kind == "pow":
            base = self.evaluate(node[1], values)
            return exact(base.exact ** node[2]) if base.exact is not None else inexact(base.approx ** node[2])
        if kind == "call":
            name = node[1]
            if name.endswith("'") and values is None and node[2][0][0] == "sym":
                z = node[2][0][1]
                if z not in self.derivative:
                    self.fail(f"{show(node)} is used but was not printed before")
                    raise LookupError(show(node))
                return exact(self.derivative[z])
            return apply(name, [self.evaluate(a, values) for a in node[2]], node[3], self.slope)
        _, op, a, b = node
        left, right = self.evaluate(a, values), self.evaluate(b, values)
        if op == "·":
            return times(left, right)
        if op == "/":
            if left.exact == 0:
                return exact(Fraction(0))
            return combine(lambda x, y: x / y, left, right)
        return combine((lambda x, y: x + y) if op == "+" else (lambda x, y: x - y), left, right)

    def match(self, symbolic, substituted) -> None:
        """The substituted form is the formula with the printed numbers put in."""
        kind = symbolic[0]
        if kind == "sym" or (kind == "call" and symbolic[1].endswith("'") and symbolic[2][0][0] == "sym"
                             and substituted[0] == "num"):
            if substituted[0] != "num":
                self.fail(f"{symbolic} is substituted by an expression")
                return
            if kind == "sym":
                label = symbolic[1]
                given = self.printed.get(label)
                if given is not None and "/" in given[1] and number_rounds(given[0], substituted[2]):
                    # a given stated as a fraction (1/3) is substituted rounded (0.3333): from
                    # then on that decimal is the number printed for it
                    self.printed[label] = (substituted[1], substituted[2])
                expected = self.value_of(label, (substituted[1], substituted[2]))
            else:
                expected, label = self.derivative.get(symbolic[2][0][1]), show(symbolic)
            if expected is None or expected != substituted[1]:
                self.fail(f"{label} is substituted as {substituted[2]}, but was printed as {expected}")
            return
        if kind == "neg" and substituted[0] == "num" and substituted[2].startswith(MINUS):
            return self.match(symbolic[1], ("num", -substituted[1], substituted[2][1:]))
        if kind != substituted[0]:
            self.fail(f"the substituted form does not have the formula's shape ({kind} vs {substituted[0]})")
            return
        if kind == "num":
            if symbolic[1] != substituted[1]:
                self.fail(f"constant {symbolic[2]} is substituted as {substituted[2]}")
        elif kind == "neg":
            self.match(symbolic[1], substituted[1])
        elif kind == "pow":
            self.match(symbolic[1], substituted[1])
        elif kind == "call":
            if symbolic[1] != substituted[1] or len(symbolic[2]) != len(substituted[2]):
                self.fail(f"{symbolic[1]} is substituted as {substituted[1]}")
                return
            for a, b in zip(symbolic[2], substituted[2]):
                self.match(a, b)
        else:
            if symbolic[1] != substituted[1]:
                self.fail(f"operator {symbolic[1]} is substituted as {substituted[1]}")
                return
            self.match(symbolic[2], substituted[2])
            self.match(symbolic[3], substituted[3])


def number_rounds(value: Fraction, text: str) -> bool:
    """Whether `text` is `value` or a rounding of it (to within half a unit of its last digit)."""
    return abs(number(text) - value) <= unit(text) / 2


_RELATION = re.compile(r" (=|≈) ")
_NOTE = re.compile(r"\s{4}\(exact: (?:≈ )?(?P<value>\(.*\)|[^()]*)\)$")


def _strip_note(line: str) -> str:
    return _NOTE.sub("", line)
_HEADER_SAMPLE = re.compile(r"^(?:Sample (\d+): )?input a\^0 = (\(.*\)), target y = (\(.*\))$")


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


def check_text(text: str, givens: dict | None = None) -> tuple[list[str], Reader]:
    """Every violation of the invariant in a worked solution's text output (see the docstring)."""
    reader = Reader(givens=dict(givens or {}))
    lines = text.split("\n")
    m = re.search(r"; (\d+) steps of gradient descent", text)
    reader.steps = int(m.group(1)) if m else 1
    m = re.search(r"LReLU'\(z\) = (\S+) if z <= 0", text)
    if m:
        reader.slope = Fraction(m.group(1).replace(MINUS, "-"))
    section = None
    i = 0
    while i < len(lines):
        reader.lineno = i + 1
        raw = lines[i]
        line = raw.strip()
        i += 1
        if not line:
            continue
        # ---- where we are
        if line.startswith("③"):
            section = "formulas"
            continue
        if line.startswith(("④", "⑤")):
            section = "backward"
            continue
        if line.startswith(("①", "②", "⑥", "⑧")):
            section = {"①": "forward", "②": "cost", "⑥": "update", "⑧": "cost"}[line[0]]
            if line[0] == "⑥":
                reader.sample = None
            continue
        if line.startswith("⑦"):
            section, reader.step = "forward", reader.steps + 1
            continue
        m = re.fullmatch(r"======== Step (\d+) ========", line)
        if m:
            reader.step = int(m.group(1))
            continue
        m = re.fullmatch(r"(?:Backward pass, sample|Sample) (\d+)", line)
        if m:
            reader.sample = int(m.group(1))
            continue
        if line.startswith(("Loss of the batch", "Gradients of the batch")):
            reader.sample = None
            continue
        if line.startswith("Losses and parameters at every step"):
            i = _table(reader, lines, i)
            continue
        if section == "formulas" or line.startswith(("Layer ", "w_jk^l is", "Verified", "Values are", "≈ marks",
                                                        "Every shown value")):
            continue
        m = _HEADER_SAMPLE.match(line)
        if m:
            reader.batch = reader.batch or m.group(1) is not None
            suffix = f"[{m.group(1)}]" if m.group(1) else ""
            for k, t in enumerate(vector(m.group(2))):
                reader.record(f"a_{k}^0{suffix}", (number(t), t))
            for j, t in enumerate(vector(m.group(3))):
                reader.record(f"y_{j}{suffix}", (number(t), t))
            continue
        m = re.search(r"learning rate α = ([^;.]+(?:\.\d+)?)[;.]", line)
        if m and line.startswith("Network"):
            reader.record("α", (number(m.group(1)), m.group(1)))
            continue
        if line.startswith("The cost"):
            _cost_sentence(reader, line)
            continue
        block = next((read for pattern, read in _BLOCKS if pattern.match(line)), None)
        if block is not None:
            i = block(reader, lines, i, line)
            continue
        if line.startswith("("):  # a note under a block
            continue
        _computation(reader, line)
    return reader.violations, reader


def _computation(reader: Reader, line: str) -> None:
    note = _NOTE.search(line)
    if note:
        line = line[:note.start()]
    parts, signs = _split(line)
    if len(parts) < 2 or not _NUMBER_RE.match(parts[-1].strip()):
        return  # a chain-rule line: no numbers
    lhs, result, sign = parts[0].strip(), parts[-1].strip(), signs[-1]
    if note:
        reader.notes[lhs] = note.group("value")
    middle = [p.strip() for p in parts[1:-1]]
    try:
        trees = [parse(p) for p in middle]
    except ValueError as exc:
        reader.fail(f"cannot read {line!r}: {exc}")
        return
    symbolic = [t for t in trees if has_symbols(t)]
    substituted = [t for t in trees if not has_symbols(t)]
    try:
        lhs_tree = parse(lhs)
    except ValueError:
        lhs_tree = None
    if not symbolic and lhs_tree is not None and lhs_tree[0] == "call":
        symbolic = [lhs_tree]  # f'(z_0^1) = f'(0.3) ≈ …: the left side is the formula
    try:
        if substituted:
            if symbolic:
                reader.match(symbolic[-1], substituted[-1])
            value = reader.evaluate(substituted[-1])
        elif symbolic:
            value = reader.evaluate(symbolic[-1])
        else:
            value = None  # a definition: "id'(z) = 1"
    except LookupError:
        return
    if value is not None:
        reader.check(lhs, value, result, sign)
    if lhs_tree is not None and lhs_tree[0] == "call" and lhs_tree[1].endswith("'") and lhs_tree[2][0][0] == "sym":
        reader.derivative[lhs_tree[2][0][1]] = number(result)
    elif lhs_tree is not None and lhs_tree[0] == "sym":
        reader.record(lhs, (number(result), result))


def _rows(lines: list[str], i: int) -> tuple[list[list[str]], int, str | None]:
    """Matrix rows from line i on: (rows, next line index, text after the first row)."""
    rows, first_tail = [], None
    while i < len(lines) and lines[i].strip().startswith("["):
        text = lines[i].strip()
        end = text.index("]") + 1
        rows.append(row(text[:end]))
        if first_tail is None:
            first_tail = text[end:].strip()
        i += 1
    while i < len(lines) and lines[i].strip().startswith("(exact:"):
        i += 1
    return rows, i, first_tail


def _values(reader: Reader, names: list[str], texts: list[str], what: str) -> None:
    """Printed vector entries that must be the numbers printed for these quantities."""
    if len(names) != len(texts):
        reader.fail(f"{what}: {len(texts)} entries for {len(names)} quantities")
        return
    for name, text in zip(names, texts):
        expected = reader.value_of(name, (number(text), text))
        if expected is not None and expected != number(text):
            reader.fail(f"{what}: {name} is written {text}, but was printed as {reader.printed[name][1]}")


def _forward_block(reader: Reader, lines, i, header) -> int:
    l = int(re.match(r"^z\^(\d+)", header).group(1))
    has_bias = "+ b^" in header
    assert lines[i].strip() == f"W^{l} =", lines[i]
    weights, i, _ = _rows(lines, i + 1)
    step = reader.step
    width_out, width_in = len(weights), len(weights[0])
    _values(reader, [f"w_{reader.idx(j, k)}^{l}" + reader.tag(step, None) for j in range(width_out) for k in range(width_in)],
            [t for r in weights for t in r], f"W^{l}")
    a_line = lines[i].strip()
    i += 1
    prev_tag = reader.tag(1 if l == 1 else step)
    a_prev = vector(a_line.split(" = ", 1)[1])
    _values(reader, [f"a_{k}^{l - 1}" + prev_tag for k in range(width_in)], a_prev, f"a^{l - 1}")
    biases = [Fraction(0)] * width_out
    if has_bias:
        b_line = lines[i].strip()
        i += 1
        b_texts = vector(b_line.split(" = ", 1)[1])
        _values(reader, [f"b_{j}^{l}" + reader.tag(step, None) for j in range(width_out)], b_texts, f"b^{l}")
        biases = [number(t) for t in b_texts]
    z_line = _strip_note(lines[i].strip())
    i += 1
    parts, signs = _split(z_line)
    z_texts = vector(parts[-1])
    reader.check_all(f"z^{l}", [(exact(sum((number(w) * number(a) for w, a in zip(weights[j], a_prev)), Fraction(0))
                                        + biases[j]), z_text) for j, z_text in enumerate(z_texts)], signs[-1])
    for j, z_text in enumerate(z_texts):
        reader.record(f"z_{j}^{l}" + reader.tag(step), (number(z_text), z_text))
    a_line = _strip_note(lines[i].strip())
    i += 1
    parts, signs = _split(a_line)
    function = re.match(r"(\S+)\(z\^", parts[1]).group(1)
    a_texts = vector(parts[-1])
    zs = [exact(number(t)) for t in z_texts]
    reader.check_all(f"a^{l}", [(apply(function, zs, j, reader.slope) if function == "softmax"
                                 else apply(function, [zs[j]], None, reader.slope), a_text)
                                for j, a_text in enumerate(a_texts)], signs[-1])
    for j, a_text in enumerate(a_texts):
        reader.record(f"a_{j}^{l}" + reader.tag(step), (number(a_text), a_text))
    return i


def _backprop_block(reader: Reader, lines, i, header) -> int:
    m = re.match(r"^δ\^(\d+)(\S*) = \(\(W\^(\d+)\)\^T δ\^(\d+)(\S*)\) ⊙ f'\(z\^(\d+)(\S*)\)$", header)
    l, tag = int(m.group(1)), m.group(2)
    transposed, i, first_tail = _rows(lines, i)
    delta_next = vector(first_tail.lstrip("· ").strip())
    _values(reader, [f"δ_{j}^{l + 1}{tag}" for j in range(len(delta_next))], delta_next, f"δ^{l + 1}")
    step_tag = "@" + tag.split("@")[1] if "@" in tag else ""
    _values(reader, [f"w_{reader.idx(j, k)}^{l + 1}{step_tag}" for k in range(len(transposed)) for j in range(len(delta_next))],
            [t for r in transposed for t in r], f"(W^{l + 1})^T")
    result = _strip_note(lines[i].strip())
    i += 1
    while i < len(lines) and lines[i].strip().startswith("(exact:"):
        i += 1
    sign_s, rest = result[0], result[2:]
    parts, signs = _split(rest)
    sums_text, derivatives_text = (vector(p) for p in parts[0].split(" ⊙ "))
    deltas_text = vector(parts[1])
    reader.check_all(f"(W^{l + 1})^T δ^{l + 1}{tag}", [
        (exact(sum((number(w) * number(d) for w, d in zip(row_k, delta_next)), Fraction(0))), s_text)
        for row_k, s_text in zip(transposed, sums_text)], sign_s)
    for k, f_text in enumerate(derivatives_text):
        z = f"z_{k}^{l}{tag}"
        if reader.derivative.get(z) != number(f_text):
            reader.fail(f"f'({z}) is written {f_text}, but was printed as {reader.derivative.get(z)}")
    reader.check_all(f"δ^{l}{tag}", [(times(exact(number(s_text)), exact(number(f_text))), d_text)
                                     for s_text, f_text, d_text in zip(sums_text, derivatives_text, deltas_text)], signs[0])
    for k, d_text in enumerate(deltas_text):
        reader.record(f"δ_{k}^{l}{tag}", (number(d_text), d_text))
    return i


def _gradient_block(reader: Reader, lines, i, header) -> int:
    m = re.match(r"^∂L/∂W\^(\d+) = δ\^\d+·\(a\^(\d+)\)\^T (=|≈)$", header)
    l, sign = int(m.group(1)), m.group(3)
    weights, i, _ = _rows(lines, i)
    tag = reader.tag()
    prev_tag = reader.tag(1 if l == 1 else None)
    entries = []
    for j, r in enumerate(weights):
        delta = reader.value_of(f"δ_{j}^{l}{tag}")
        for k, text in enumerate(r):
            a = reader.value_of(f"a_{k}^{l - 1}{prev_tag}")
            if delta is not None and a is not None:
                entries.append((times(exact(delta), exact(a)), text))
            reader.record(f"∂L/∂w_{reader.idx(j, k)}^{l}{tag}", (number(text), text))
    reader.check_all(f"∂L/∂W^{l}{tag}", entries, sign)
    if i < len(lines) and lines[i].strip().startswith(f"∂L/∂b^{l} = δ^{l} "):
        def bias_gradient(j):
            delta = reader.value_of(f"δ_{j}^{l}{tag}")
            return None if delta is None else exact(delta)

        _vector_line(reader, lines[i], lambda j: f"∂L/∂b_{j}^{l}{tag}", bias_gradient, f"∂L/∂b^{l}{tag}")
        i += 1
    return i


def _vector_line(reader: Reader, line: str, result, compute, what: str) -> None:
    """`… REL (v_0, v_1, …)`: entry j is the quantity result(j), worked out as compute(j)."""
    parts, signs = _split(_strip_note(line.strip()))
    entries = []
    for j, text in enumerate(vector(parts[-1])):
        got = compute(j)
        if got is not None:
            entries.append((got, text))
        reader.record(result(j), (number(text), text))
    reader.check_all(what, entries, signs[-1])


def _update_block(reader: Reader, lines, i, header) -> int:
    m = re.match(r"^W\^(\d+)@(\d+) = W\^\d+ − α·∂L/∂W\^\d+ (=|≈)$", header)
    l, new_step, sign = int(m.group(1)), int(m.group(2)), m.group(3)
    old = reader.tag(new_step - 1, None)
    weights, i, _ = _rows(lines, i)
    alpha = reader.value_of("α")
    entries = []
    for j, r in enumerate(weights):
        for k, text in enumerate(r):
            w = reader.value_of(f"w_{reader.idx(j, k)}^{l}{old}")
            g = reader.value_of(f"∂L/∂w_{reader.idx(j, k)}^{l}{old}")
            if None not in (w, g, alpha):
                entries.append((exact(w - alpha * g), text))
            reader.record(f"w_{reader.idx(j, k)}^{l}@{new_step}", (number(text), text))
    reader.check_all(f"W^{l}@{new_step}", entries, sign)
    if i < len(lines) and lines[i].strip().startswith(f"b^{l}@{new_step} = "):
        def bias(j):
            b, g = reader.value_of(f"b_{j}^{l}{old}"), reader.value_of(f"∂L/∂b_{j}^{l}{old}")
            return None if None in (b, g, alpha) else exact(b - alpha * g)

        _vector_line(reader, lines[i], lambda j: f"b_{j}^{l}@{new_step}", bias, f"b^{l}@{new_step}")
        i += 1
    return i


_BLOCKS = [  # the first line of a matrix/vector block -> its reader
    (re.compile(r"^z\^\d+ = W\^\d+·a\^\d+"), lambda *args: _forward_block(*args)),
    (re.compile(r"^δ\^\d+\S* = \(\(W\^\d+\)\^T"), lambda *args: _backprop_block(*args)),
    (re.compile(r"^∂L/∂W\^\d+ = δ\^\d+·\(a\^\d+\)\^T"), lambda *args: _gradient_block(*args)),
    (re.compile(r"^W\^\d+@\d+ = W\^\d+ − α·∂L/∂W"), lambda *args: _update_block(*args)),
]


def _table(reader: Reader, lines, i) -> int:
    header = lines[i].split()
    assert header[:2] == ["t", "="], header
    steps = [int(t) for t in header[2:]]
    i += 1
    while i < len(lines) and lines[i].startswith("    ") and lines[i].strip():
        cells = lines[i].split()
        name, texts = cells[0], cells[1:]
        for t, text in zip(steps, texts):
            # a cell is the number printed for that quantity (the first print of later steps' values)
            reader.record(name + (f"@{t}" if t >= 2 else ""), (number(text), text))
        i += 1
    return i


def _cost_sentence(reader: Reader, line: str) -> None:
    strip = lambda t: t.replace("≈ ", "").strip()
    final = f"L@{reader.steps + 1}"
    m = re.fullmatch(r"The cost stayed at (≈ )?(\S+)\.", line)
    if m:
        if reader.value_of("L") != number(m.group(2)) or reader.value_of(final) != number(m.group(2)):
            reader.fail(f"the cost did not stay at {m.group(2)}")
        return
    m = re.fullmatch(r"The cost (fell|rose) from (≈ )?(\S+) to (≈ )?(\S+) \(by (≈ )?([^;)]+)(?:; exact: (≈ )?([^)]+))?\)\.", line)
    if not m:
        reader.fail(f"cannot read the cost sentence {line!r}")
        return
    before, after = number(m.group(3)), number(m.group(5))
    if reader.value_of("L") != before or reader.value_of(final) != after:
        reader.fail(f"the cost sentence does not use the printed costs ({m.group(3)}, {m.group(5)})")
    change = before - after if m.group(1) == "fell" else after - before
    if change <= 0:
        reader.fail(f"the cost {m.group(1)}, but the printed costs differ by {before - after}")
    reader.check("the fall of the cost", exact(change), m.group(7), "≈" if m.group(6) else "=")


# ---- the three formats side by side -------------------------------------------------------------------
_LATEX = [
    (r"\\frac\{(\d+)\}\{(\d+)\}", r"\1/\2"),
    (r"-\\frac\{(\d+(?:\.\d+)?)\}", r"\\frac{−\1}"),  # −y/a: the text writes −0.5/0.97
    (r"\\begin\{bmatrix\}", "("), (r"\\end\{bmatrix\}", ")"),
    (r"\s*\\\\\s*(?=[^\n]*?\))", ", "),
    (r"\\approx", "≈"), (r"\s*\\cdot 10\^\{(-?\d+)\}", r"·10^\1"), (r"\\cdot", "·"), (r"\\odot", "⊙"),
    (r"\\left|\\right|\\,|\\quad|\\qquad|\$|\\text\{|\{\\scriptstyle", ""),
]


def _latex_to_text(text: str) -> str:
    out = []
    for line in text.split("\n"):
        # matrices: & separates the entries of a row, \\ the rows (inside bmatrix only)
        line = re.sub(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}",
                      lambda m: "(" + ", ".join(e.strip() for e in re.split(r"\\\\|&", m.group(1))) + ")", line)
        line = line.replace("&", " ")
        for pattern, replacement in _LATEX:
            line = re.sub(pattern, replacement, line)
        line = re.sub(r"(?<![\w])-(?=\d)", MINUS, line)
        line = re.sub(r"\s+", " ", line)
        out.append(line)
    return "\n".join(out)


def _without(text: str, starts, ends) -> str:
    """Text with the sections from a line `starts(line)` up to a line `ends(line)` removed."""
    out, skipping = [], False
    for line in text.split("\n"):
        stripped = line.strip()
        if starts(stripped):
            skipping = True
        elif skipping and ends(stripped):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


_HEADINGS = ("\\subsection*{", "\\subsubsection*{", "### ", "#### ", "## ")
_LEFT_OUT = ("Formulas", "Losses and parameters")  # numbered as the sheet's tasks in a key


def relation_sequence(text: str, fmt: str) -> list[tuple[str, tuple]]:
    """The relation signs of a worked solution with the numbers right after them, in order:
    [("=", ("0.3775",)), ("≈", ("0.2913", "0.2913")), …] (formulas and the table left out)."""
    if fmt == "text":
        text = _without(text, lambda line: line.startswith(("③", "Losses and parameters")),
                        lambda line: line.startswith(("④", "⑤", "⑦", "======")))
        lines = text.split("\n")
        joined = []
        for n, line in enumerate(lines):
            s = line.strip()
            if s.startswith(("[", "===")) or re.fullmatch(r"=+", s):  # rows (joined below), rulers
                continue
            if re.match(r"^[ab]\^\d+ = \(", s):  # the inputs of a matrix block
                continue
            if re.search(r" (=|≈)$", s):  # a matrix follows on the next lines
                rows = []
                for nxt in lines[n + 1:]:
                    if not nxt.strip().startswith("["):
                        break
                    rows.extend(row(nxt.strip()[:nxt.strip().index("]") + 1]))
                s += " (" + ", ".join(rows) + ")"
            joined.append(s)
        text = "\n".join(joined)
    else:
        heading = lambda line: line.startswith(_HEADINGS)
        text = _without(text, lambda line: heading(line) and any(w in line for w in _LEFT_OUT),
                        lambda line: heading(line) and not any(w in line for w in _LEFT_OUT))
        text = text.split("\\begin{document}")[-1]
        text = re.sub(r"% network drawing begins.*?% network drawing ends", "", text, flags=re.S)  # its labels
        text = re.sub(r"(=|≈)[ \t]*\n", r"\1 ", _latex_to_text(text))  # a matrix on the next line
    pairs = []
    for line in text.split("\n"):
        pieces = re.split(r"(?<![<>])\s*(=|≈)\s*", line)  # text, sign, text, sign, …
        for sign, segment in zip(pieces[1::2], pieces[2::2]):
            if _PRODUCT.match(segment):  # ((W^T) δ) ⊙ f' written out (LaTeX and Markdown only)
                continue
            first = _VECTOR_START.match(segment)
            numbers = tuple(vector(first.group(0))) if first else tuple(_LOOSE_NUMBER.findall(segment))
            if numbers:
                pairs.append((sign, numbers))
    return pairs


_PRODUCT = re.compile(r"^\(\([^()]*\) \(")
# a vector right after a sign; numbers that are no part of a name (z_0^1, a^{2}_{0}, y_0[2])
_VECTOR_START = re.compile(rf"^\((?:{NUMBER}(?:, )?)+\)")
_LOOSE_NUMBER = re.compile(rf"(?<![A-Za-z^_\[@.\d])(?<!\^{{)(?<!_{{)(?:{NUMBER})(?![A-Za-z_.\d])")
