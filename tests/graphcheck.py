"""A student's reading of a graph's worked solution (independent of symbp): every printed line of
the text form recomputed from the numbers printed in it.

For `symbol = formula = numbers ≈ result` (the forward pass, each local derivative, each
upstream × local = downstream, the fan-out sums) it checks (a line `symbol = formula ≈ result`
shows no numbers to work from: only its sign is checked)

  - the result: what the printed numbers give rounds (half away from zero) to it — within one
    unit on a line marked "≈†" (held to one unit: render/plan.py's fallbacks), and only there;
  - the sign before the result: "=" exactly when the printed numbers give the result exactly;
  - the substitution: the formula, with every symbol replaced by the number printed for it
    earlier, gives what the numbers give (exactly when they are exact);
  - every quantity is printed with the same digits wherever it appears (⑤ repeats ②);
  - ③, the wires: each carries its source's printed value and gradient — where the source fans
    out, its branch's term of the sum in ②, worked out from the numbers printed there (`check_wires`);
    no "≈" before a value or gradient known to be exact.

Its own arithmetic: Fraction where rational, mpmath at 60 digits for exp/ln/σ/tanh/√, max/min and
the Iverson brackets [x ≥ z] of the kinked derivatives read from the text.
`check_graph_text(text)` returns the violations (empty: none) and the number of lines checked.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

import mpmath

CTX = mpmath.mp.clone()
CTX.dps = 60
MINUS = "−"
_NAME = r"[A-Za-z][A-Za-z0-9_]*(?:\.\d+)?"
_TOKEN = re.compile(
    r"(?P<num>\d+(?:\.\d+)?(?:·10\^−?\d+)?)"
    r"|(?P<func>(?:exp|ln|max|min|σ|tanh|ReLU|sign|id)(?=\()|e\^(?=[(A-Za-z]))"  # e^(…), e^x: exp
    rf"|(?P<sym>∂{_NAME}/∂{_NAME}|d{_NAME}/d{_NAME}|{_NAME})"
    r"|(?P<op> − | \+ |·|/|²|³|\^−?\d+|\(|\)|, |; |−|√|\||\[| < | ≤ | > | ≥ |\])"
    r"|(?P<space> )")


def number(text: str) -> Fraction:
    text = text.replace(MINUS, "-")
    if "·10^" in text:
        mantissa, exponent = text.split("·10^")
        return Fraction(mantissa) * Fraction(10) ** int(exponent)
    return Fraction(text)


def unit(text: str) -> Fraction:
    """One unit in the last printed digit."""
    mantissa, _, exponent = text.replace(MINUS, "-").partition("·10^")
    whole, _, decimals = mantissa.partition(".")
    digits = whole.lstrip("-")
    # 59870: a whole number rounded to 4 significant digits (symbp prints no 5.987·10^4 here)
    places = len(decimals) if decimals or digits == "0" else len(digits.rstrip("0")) - len(digits)
    return Fraction(10) ** (int(exponent or 0) - places)


@dataclass(frozen=True)
class Val:
    approx: object
    exact: Fraction | None = None


def _exact(x) -> Val:
    x = Fraction(x)
    return Val(CTX.mpf(x.numerator) / x.denominator, x)


def _both(op, a: Val, b: Val) -> Val:
    if a.exact is not None and b.exact is not None:
        return _exact(op(a.exact, b.exact))
    return Val(op(a.approx, b.approx))


class Reader:
    def __init__(self, text: str):
        self.tokens, pos = [], 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ValueError(f"cannot read {text[pos:]!r} in {text!r}")
            if m.lastgroup != "space":
                self.tokens.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, value=None):
        token = self.peek()
        if value is not None and token[1] != value:
            raise ValueError(f"expected {value!r}, got {token} in {self.tokens}")
        self.i += 1
        return token

    def value(self, env: dict, inexact=frozenset()) -> Val:
        """The value, with the numbers printed for symbols (those in `inexact`: rounded ones)."""
        self.env, self.inexact = env, inexact
        result = self.condition()
        if self.i != len(self.tokens):
            raise ValueError(f"unexpected {self.peek()} in {self.tokens}")
        return result

    def condition(self) -> Val:
        left = self.expr()
        if self.peek()[1] in (" < ", " ≤ ", " > ", " ≥ "):
            op = self.take()[1].strip()
            right = self.expr()
            both = left.exact is not None and right.exact is not None
            a, b = (left.exact, right.exact) if both else (left.approx, right.approx)
            return _exact(int({"<": a < b, "≤": a <= b, ">": a > b, "≥": a >= b}[op]))
        return left

    def expr(self) -> Val:
        node = self.term()
        while self.peek()[1] in (" + ", " − "):
            op = self.take()[1].strip()
            node = _both((lambda a, b: a + b) if op == "+" else (lambda a, b: a - b), node, self.term())
        return node

    def term(self) -> Val:
        node = self.unary()
        while self.peek()[1] in ("·", "/"):
            op = self.take()[1]
            right = self.unary()
            if (op == "·" and (node.exact == 0 or right.exact == 0)) or (op == "/" and node.exact == 0):
                node = _exact(0)
            else:
                node = _both((lambda a, b: a * b) if op == "·" else (lambda a, b: a / b), node, right)
        return node

    def unary(self) -> Val:
        if self.peek()[1] == "−":
            self.take()
            return _both(lambda a, b: a * b, _exact(-1), self.unary())
        if self.peek()[1] == "√":
            self.take()
            return self._function("√", [self.power()])
        return self.power()

    def power(self) -> Val:
        node = self.atom()
        while True:
            op = self.peek()[1]
            if op in ("²", "³"):
                self.take()
                node = _both(lambda a, b: a ** int(b), node, _exact(2 if op == "²" else 3))
            elif op is not None and op.startswith("^"):
                self.take()
                node = _both(lambda a, b: a ** int(b), node, _exact(int(op[1:].replace(MINUS, "-"))))
            else:
                return node

    def atom(self) -> Val:
        kind, value = self.take()
        if kind == "num":
            return _exact(number(value))
        if kind == "sym":
            shown = _exact(number(self.env[value]))
            return Val(shown.approx) if value in self.inexact else shown
        if kind == "func" and value == "e^":  # e^(…) or e^x, as the text writes exp
            return self._function("exp", [self.atom()])
        if kind == "func":
            self.take("(")
            args = [self.expr()]
            while self.peek()[1] in (", ", "; "):
                self.take()
                args.append(self.expr())
            self.take(")")
            return self._function(value, args)
        if value in ("(", "[", "|"):
            node = self.condition()
            self.take({"(": ")", "[": "]", "|": "|"}[value])
            return self._function("abs", [node]) if value == "|" else node
        raise ValueError(f"unexpected {value!r} in {self.tokens}")

    @staticmethod
    def _function(name: str, args: list) -> Val:
        if name in ("max", "min"):
            return (max if name == "max" else min)(args, key=lambda v: v.approx)
        (z,) = args
        if z.exact is not None:
            if name in ("abs", "ReLU", "sign", "id"):
                return _exact({"abs": abs(z.exact), "ReLU": max(z.exact, 0), "sign": (z.exact > 0) - (z.exact < 0),
                               "id": z.exact}[name])
            if name == "√" and all(math.isqrt(n) ** 2 == n for n in (z.exact.numerator, z.exact.denominator)):
                return _exact(Fraction(math.isqrt(z.exact.numerator), math.isqrt(z.exact.denominator)))
            special = {("exp", 0): 1, ("ln", 1): 0, ("σ", 0): Fraction(1, 2), ("tanh", 0): 0}
            if (name, z.exact) in special:
                return _exact(special[(name, z.exact)])
        x = z.approx
        return Val({"exp": CTX.exp, "ln": CTX.log, "tanh": CTX.tanh, "√": CTX.sqrt, "abs": abs,
                    "σ": lambda t: 1 / (1 + CTX.exp(-t)), "ReLU": lambda t: max(t, 0), "id": lambda t: t}[name](x))


def _split(line: str) -> tuple[list[str], list[str]]:
    """Segments and the signs between them (never inside brackets)."""
    parts, signs, depth, start, i = [], [], 0, 0, 0
    while i < len(line):
        depth += line[i] in "(["
        depth -= line[i] in ")]"
        if depth == 0 and line.startswith((" = ", " ≈ "), i):
            parts.append(line[start:i])
            signs.append(line[i + 1])
            start = i = i + 3
            continue
        i += 1
    return parts + [line[start:]], signs


_RESULT = re.compile(r"^−?\d+(?:\.\d+)?(?:·10\^−?\d+)?$")


def _close(value: Val, text: str) -> bool:
    off = abs(value.approx - CTX.mpf(number(text).numerator) / number(text).denominator)
    return off <= CTX.mpf(unit(text).numerator) / unit(text).denominator * (1 + CTX.mpf(10) ** -40)


def _rounds(value: Val, text: str, marked: bool = False) -> bool:
    """Whether the value rounds, half away from zero, to the printed result (on a `marked` line,
    "≈†": is within one unit of it)."""
    result, u = number(text), unit(text)
    if value.exact is not None:
        off, half = abs(value.exact - result), u / 2
        if off < half or (off == half and abs(result) > abs(value.exact)):
            return True
    else:
        off = abs(value.approx - CTX.mpf(result.numerator) / result.denominator)
        half = CTX.mpf(u.numerator) / u.denominator / 2
        if off <= half * (1 + CTX.mpf(10) ** -40):
            return True
    return marked and off <= 2 * half


def _equal(a: Val, b: Val) -> bool:
    if a.exact is not None and b.exact is not None:
        return a.exact == b.exact
    return abs(a.approx - b.approx) <= CTX.mpf(10) ** -40 * max(1, abs(a.approx))


def check_graph_text(text: str, gradients: dict | None = None) -> tuple[list[str], int]:
    """`gradients`: the true d(output)/d(input) by name (df/dx0 -> mpf), from an independent
    implementation: the signs of ⑤ are then checked against them ("=" only on the true value)."""
    printed: dict[str, str] = {}
    exact: dict[str, bool] = {}  # whether the value printed for a symbol is known to be exact
    violations, checked = [], 0
    head, rest = text[:text.index("\n①")], text[text.index("\n①"):]
    for given in re.findall(r"^\S.*?: (.*=.*)$", head, re.M)[-1].split(", "):  # the inputs' line
        symbol, _, value = given.partition(" = ")
        printed[symbol], exact[symbol] = value, True
    start = re.search(r"\n② .*? (\S+) = (\S+?)\.? ", rest)
    printed[start.group(1)], exact[start.group(1)] = start.group(2), True
    body = rest[:rest.index("\n③")] + rest[rest.index("\n⑤"):]
    for raw in body.split("\n"):
        line = raw.strip()
        marked = "≈†" in line  # held to one unit; read as "≈"
        line = line.replace("≈†", "≈")
        if not line or line.startswith(("①", "②", "⑤")) or not re.search(r" [=≈] ", line):
            continue
        line = line.split(":  ", 1)[-1]  # "local derivative of f:  ∂f/∂f.3 = …"
        parts, signs = _split(line)
        symbol, result = parts[0], parts[-1]
        if not _RESULT.match(result):
            violations.append(f"no number at the end of {line!r}")
            continue
        checked += 1
        if symbol in printed:  # ⑤: a gradient again
            if printed[symbol] != result:
                violations.append(f"{symbol} printed as {printed[symbol]} and as {result}: {line!r}")
            if len(parts) == 2 and signs[0] == "≈" and exact[symbol]:
                violations.append(f"'≈' on a value that is exact: {line!r}")
            if len(parts) == 2 and gradients is not None and symbol in gradients:
                true = gradients[symbol]
                equal = abs(true - CTX.mpf(number(result).numerator) / number(result).denominator) <= \
                    CTX.mpf(10) ** -30 * max(1, abs(true))
                if (signs[0] == "=") != equal:
                    violations.append(f"'{signs[0]}' where the true value is {mpmath.nstr(true, 15)}: {line!r}")
            continue
        printed[symbol] = result
        if "{" in line or "∧" in line or "∨" in line:  # a piecewise derivative of a whole stage: not read
            exact[symbol] = signs[-1] == "="
            continue
        try:
            readers = [Reader(part) for part in parts[1:-1]]
            values = [r.value(printed) for r in readers]
            inexact = frozenset(name for name, known in exact.items() if not known)
            truth = Reader(parts[1]).value(printed, inexact) if values else None
        except (KeyError, ValueError, ZeroDivisionError) as exc:
            violations.append(f"cannot read ({exc!r}) {line!r}")
            continue
        if not values:  # symbol = constant
            exact[symbol] = signs[0] == "="
            continue
        for before, after, sign in zip(values, values[1:], signs[1:]):
            if sign != "=" or not _equal(before, after):
                violations.append(f"the substitution does not give the same number: {line!r}")
        last = values[-1]
        if _shows_numbers(parts[-2]) and not _rounds(last, result, marked):
            violations.append(f"{result}: what its numbers give does not round to it "
                              f"({mpmath.nstr(last.approx, 12)}): {line!r}")
        # "=": the printed numbers give the result exactly; symbol = formula = result (no numbers):
        # the formula's values are exact and give it
        if _shows_numbers(parts[-2]):
            holds = last.exact is not None and last.exact == number(result)
        elif truth.exact is not None:  # from values known to be exact
            holds = truth.exact == number(result)
        else:  # from rounded values: "=" may be right (4.179 − 0.1786 is exactly 4): close at least
            holds = signs[-1] == "=" and _close(truth, result)
        if (signs[-1] == "=") != holds:
            violations.append(f"'{signs[-1]}' where the printed numbers give {mpmath.nstr(last.approx, 12)}: {line!r}")
        exact[symbol] = truth.exact is not None and truth.exact == number(result)  # known to be exact
    wires = check_wires(rest, printed, start.group(1).split("/")[0], exact)
    return violations + wires[0], checked + wires[1]


_FANS_OUT = re.compile(r"^  (\S+) fans out to (.+?): .*\n(?:    .*\n)*?    (d\S+ = .*)$", re.M)
_WIRE = re.compile(r"^  (\S+) → (\S+):  value (≈ )?(\S+),  gradient (≈† |≈ )?(\S+)$")


def check_wires(rest: str, printed: dict, output: str, exact: dict) -> tuple[list[str], int]:
    """③'s wires against the numbers printed in ① and ② (`printed`: symbol -> its printed number;
    `output`: "df" of df/dx; `exact`: symbol -> whether its printed number is known to be exact).  A
    wire out of a value that fans out carries its branch's term of the sum (upstream · local, in the
    order "fans out to" names the consumers): what its printed numbers give rounds to the wire's
    gradient (is within one unit of it where marked "≈†"); any other wire carries its source's
    gradient.  No "≈" on a value or gradient known to be exact (whether one not known to be exact is
    rounded takes the true values: tests/test_graph_lines.py checks the marks of the neuron's wires)."""
    terms = {}
    for source, consumers, line in _FANS_OUT.findall(rest[:rest.index("\n③")]):
        numbers = _split(line)[0][-2]
        depth, start, found = 0, 0, []
        for i, char in enumerate(numbers):
            depth += char in "(["
            depth -= char in ")]"
            if depth == 0 and numbers.startswith(" + ", i):
                found.append(numbers[start:i])
                start = i + 3
        terms.update({(source, consumer): term for consumer, term in zip(re.split(r", | and ", consumers), found + [numbers[start:]])})
    violations, checked = [], 0
    section = rest[rest.index("\n③"):rest.index("\n④")].strip("\n").split("\n")[1:]
    for line in section:
        wire = _WIRE.match(line)
        if not wire:
            violations.append(f"cannot read the wire {line!r}")
            continue
        source, target, value_sign, value, marked, gradient = wire.groups()
        checked += 1
        if printed.get(source) != value:
            violations.append(f"wire {source} → {target} carries {value}, {source} is printed {printed.get(source)}")
        if value_sign and exact.get(source, False):
            violations.append(f"wire {source} → {target}: '≈' on an exact value: {line!r}")
        if (source, target) in terms:
            worked = Reader(terms[(source, target)]).value(printed)
            if not _rounds(worked, gradient, marked == "≈† "):
                violations.append(f"wire {source} → {target}: {terms[(source, target)]} gives "
                                  f"{mpmath.nstr(worked.approx, 12)}, not {gradient}")
            # its numbers are upstream · local: the term is exact when both are and give it exactly
            gradient_exact = (exact.get(f"{output}/d{target}", False) and exact.get(f"∂{target}/∂{source}", False)
                              and worked.exact == number(gradient))
        else:
            gradient_exact = exact.get(f"{output}/d{source}", False)
            if printed.get(f"{output}/d{source}") != gradient:
                violations.append(f"wire {source} → {target}: gradient {gradient}, {output}/d{source} is printed "
                                  f"{printed.get(f'{output}/d{source}')}")
        if marked and gradient_exact:
            violations.append(f"wire {source} → {target}: '≈' on an exact gradient: {line!r}")
    return violations, checked


def _shows_numbers(part: str) -> bool:
    """Whether a segment is numbers (a substitution), not a formula of symbols."""
    return not any(kind == "sym" for kind, _ in Reader(part).tokens)
