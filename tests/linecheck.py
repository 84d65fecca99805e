"""A student's reading of a worked solution: every printed line recomputed from its printed numbers.

Independent of symbp: this module parses the *text* output as a reader sees it and recomputes
each line with its own small evaluator (Fraction for rational arithmetic, mpmath at 60 digits
for exp/log/tanh, the activations written out here).  For every line it checks

  - the result: what the printed numbers give rounds (half away from zero) to it — on a line
    marked "≈†" (held to one unit, symbp's plan.fallbacks) it may be one unit off instead, and
    only there: a one-unit miss on an unmarked line is a violation;
  - the relation sign: "=" exactly when the printed numbers give the result exactly, else "≈"
    (also "≈" where a given is printed rounded in the line: one stated as a fraction, 1/3, or
    one whose spec value `givens` holds);
  - the substitution: every number put in for a quantity is the number printed for that
    quantity earlier (a formula and its substituted form are parsed side by side);

for the per-neuron lines, the derivative lines, the matrix and vector blocks (z = W·a + b,
a = f(z), δ = ((W^T δ) ⊙ f'), ∂L/∂W = δ·a^T, W@t = W − α·∂L/∂W), the parameter table and the
sentence on the fall of the cost.  `check_text` returns the list of violations (empty: none).

Its parts: linecheck_numbers (numbers, values, the expression parser), linecheck_blocks (vector
and matrix blocks, the table, the cost sentence).  `relation_sequence` (linecheck_formats)
extracts, from text, Markdown or LaTeX, the relation signs with the numbers that follow them,
so that the three formats can be compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from linecheck_blocks import BLOCKS, read_cost_sentence, read_table
from linecheck_formats import relation_sequence  # noqa: F401 (the tests import it from here)
from linecheck_numbers import (CTX, canonical_steps, MINUS, _NOTE, _NUMBER_RE, Val, _split, apply, combine, exact, has_symbols,
                               inexact, number, number_rounds, parse, show, times, unit, vector)


# ---- the reader -----------------------------------------------------------------------------------
@dataclass
class Reader:
    givens: dict = field(default_factory=dict)  # name -> Fraction: the spec's numbers (optional)
    printed: dict = field(default_factory=dict)  # name -> (Fraction, text) as printed
    derivative: dict = field(default_factory=dict)  # z name -> f'(z) as printed
    exps: dict = field(default_factory=dict)  # z name -> e^z of a softmax layer as printed
    notes: dict = field(default_factory=dict)  # name -> the exact value a carried line states
    violations: list = field(default_factory=list)
    slope: Fraction | None = None
    rounded_given: bool = False  # the line being read uses a given printed rounded
    rounded_givens: set = field(default_factory=set)  # givens stated as a fraction, substituted rounded
    batch: bool = False
    steps: int = 1
    step: int = 1
    sample: int | None = None
    lineno: int = 0
    lines_checked: int = 0
    fallbacks: int = 0  # results one unit off on lines marked "≈†" (accepted there)
    misses: list = field(default_factory=list)  # results one unit off in the line (or block) being read

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
        if name in self.rounded_givens:
            self.rounded_given = True
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
        """Whether what was computed rounds (half away from zero) to the printed result; a result
        within one unit but not so is kept in `misses` (check_text accepts it only where the line
        is marked "≈†"); returns whether it is *exactly* the result."""
        self.lines_checked += 1
        result = number(result_text)
        u = unit(result_text)
        if got.exact is not None:
            off, half = abs(got.exact - result), u / 2
            rounds = off < half or (off == half and abs(result) > abs(got.exact))
        else:
            off = abs(got.approx - CTX.mpf(result.numerator) / result.denominator)
            half = CTX.mpf(u.numerator) / u.denominator / 2
            rounds = off <= half * (1 + CTX.mpf(10) ** -30)
        message = (f"{what}: printed {result_text}, the printed numbers give {CTX.nstr(got.approx, 12)}, "
                   "which does not round to it")
        if not rounds and off <= 2 * half:
            self.misses.append(message + " (within one unit, but the line is not marked ≈†)")
        elif not rounds:
            self.fail(message)
        return got.exact is not None and got.exact == result

    def check(self, what: str, got: Val, result_text: str, sign: str) -> None:
        is_exact = self.within(what, got, result_text)
        rounded_given, self.rounded_given = self.rounded_given, False
        if sign == "≈" and is_exact and rounded_given:
            return  # a given printed rounded in the line (w = 0.12345678901 as 0.12): the true z is not the printed one
        if (sign == "=") != is_exact:
            self.fail(f"{what}: sign {sign!r} before {result_text}, but the printed numbers give "
                      f"{got.exact if got.exact is not None else CTX.nstr(got.approx, 15)}")

    def check_all(self, what: str, entries: list, sign: str) -> None:
        """A vector or matrix: each entry within one unit; "=" exactly when every entry is exact."""
        exactly = [self.within(f"{what}[{n}]", got, text) for n, (got, text) in enumerate(entries)]
        rounded_given, self.rounded_given = self.rounded_given, False
        if sign == "≈" and all(exactly) and rounded_given:
            return
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
            rest = _one_plus(node[2][0]) if name == "log" else None
            if rest is not None:  # ln(1 + u) as log1p(u): ln(1 + e^(−270.7)) is 2.8·10^−118, not ln(1) at 60 digits
                u = self.evaluate(rest, values)
                return exact(Fraction(0)) if u.exact == 0 else inexact(CTX.log1p(u.approx))
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
        if kind == "sym" or (kind == "call" and (symbolic[1].endswith("'") or symbolic[1] == "exp")
                             and symbolic[2][0][0] == "sym" and substituted[0] == "num"):
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
                    self.rounded_givens.add(label)
                expected = self.value_of(label, (substituted[1], substituted[2]))
                if label in self.rounded_givens or (label in self.givens and self.givens[label] != substituted[1]):
                    self.rounded_given = True
            else:
                printed = self.exps if symbolic[1] == "exp" else self.derivative
                expected, label = printed.get(symbolic[2][0][1]), show(symbolic)
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


_RELATION = re.compile(r" (=|≈) ")
MARK = "≈†"  # the sign of a line held to one unit of its last digit
# (a vector of one number is printed alone: y = 1.5)
_HEADER_SAMPLE = re.compile(r"^(?:Sample (\d+): input|Input) a\^0(?:\[\d+\])? [=≈] (\(.*\)|[^(),]+), "
                            r"target y(?:\[\d+\])? [=≈] (\(.*\)|[^(),]+)$")


def _given_values(text: str) -> list[str]:
    """The numbers of a given input or target as the header prints them: (1, 2), or one number alone."""
    return vector(text) if text.startswith("(") else [text.strip()]


def _one_plus(node):
    """u of a parsed 1 + u (terms added left to right), or None."""
    terms = []
    while node[0] == "bin" and node[1] == "+":
        terms.append(node[3])
        node = node[2]
    if not terms or node[0] != "num" or node[1] != 1:
        return None
    rest = terms.pop()
    while terms:
        rest = ("bin", "+", rest, terms.pop())
    return rest


def _settle(reader: Reader, marked: set, start: int, end: int) -> None:
    """The one-unit misses of the lines start..end − 1 (a line, or a block of them): accepted where
    one of them is marked "≈†", violations elsewhere."""
    if reader.misses:
        if marked.intersection(range(start, end)):
            reader.fallbacks += len(reader.misses)
        else:
            reader.violations.extend(f"line {start + 1}: {miss}" for miss in reader.misses)
        reader.misses = []


def check_text(text: str, givens: dict | None = None) -> tuple[list[str], Reader]:
    """Every violation of the invariant in a worked solution's text output (see the docstring)."""
    reader = Reader(givens=dict(givens or {}))
    lines = canonical_steps(text).split("\n")
    marked = {n for n, line in enumerate(lines) if MARK in line}  # read as "≈", one unit allowed
    # read as "≈"; before a matrix "≈ " (two characters still): matrices side by side are told apart by their
    # column on the page, and only the line with the mark would move
    lines = [line.replace(MARK + " [", "≈  [").replace(MARK, "≈") for line in lines]
    m = re.search(r"; (\d+) steps of gradient descent", text)
    reader.steps = int(m.group(1)) if m else 1
    m = re.search(r"LReLU'\(z\) = (\S+) if z (?:<=|≤) 0", text)
    if m:
        reader.slope = Fraction(m.group(1).replace(MINUS, "-"))
    section = None
    i = 0
    start = 0
    while i < len(lines):
        _settle(reader, marked, start, i)  # the line or block read last
        start = i
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
        if line.startswith(("Cost of the batch", "Gradients of the batch")):
            reader.sample = None
            continue
        if line.startswith("Costs and parameters at every step"):
            i = read_table(reader, lines, i)
            continue
        if section == "formulas" or line.startswith(("Layer ", "w_jk^l is", "A suffix", "Verified", "Values are", "≈ marks",
                                                        "Every shown value")):
            continue
        m = _HEADER_SAMPLE.match(line)
        if m:
            reader.batch = reader.batch or m.group(1) is not None
            suffix = f"[{m.group(1)}]" if m.group(1) else ""
            for k, t in enumerate(_given_values(m.group(2))):
                reader.record(f"a_{k}^0{suffix}", (number(t), t))
            for j, t in enumerate(_given_values(m.group(3))):
                reader.record(f"y_{j}{suffix}", (number(t), t))
            continue
        m = re.search(r"learning rate α = ([^;.]+(?:\.\d+)?)[;.]", line)
        if m and line.startswith("The cost is"):
            reader.record("α", (number(m.group(1)), m.group(1)))
            continue
        if line.startswith(("Optimizer:", "L2 regularization", "L1 regularization")):  # hyperparameters, λ
            for name, text in re.findall(r"(β1|β2|β|ρ|ε|λ1|λ) = (−?\d+(?:\.\d+)?(?:·10\^−?\d+)?)", line):
                reader.record(name, (number(text), text))
            continue
        if line.startswith(("A ", "Activation")):  # the network and its activations, in words
            continue
        if line.startswith("The cost"):
            read_cost_sentence(reader, line)
            continue
        block = next((read for pattern, read in BLOCKS if pattern.match(line)), None)
        if block is not None:
            i = block(reader, lines, i, line)
            continue
        if line.startswith("("):  # a note under a block
            continue
        _computation(reader, line)
    _settle(reader, marked, start, i)
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
    elif lhs_tree is not None and lhs_tree[0] == "call" and lhs_tree[1] == "exp" and lhs_tree[2][0][0] == "sym":
        reader.exps[lhs_tree[2][0][1]] = number(result)  # e^{z} of a softmax layer
    elif lhs_tree is not None and lhs_tree[0] == "sym":
        reader.record(lhs, (number(result), result))
