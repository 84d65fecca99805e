"""Trees and frozen SymPy expressions -> Python statements computing exact values over integers.

In:  a tree of core/expr.py (a graph node's definition; `Writer.value`) or a frozen SymPy
     expression (core/frozen.py: an operation's rule, a derivative SymPy worked out; `Frozen`),
     whose operations are rational: + − · ÷, integer powers, comparisons, piecewise branches,
     max/min/|x|/sign.
Out: lines of Python (`Writer.lines`) that compute its value as a pair of integer expressions
     (numerator, denominator > 0, not necessarily in lowest terms) from variables named by the
     caller; `Unsupported` for anything else (exp, log, roots: not rational).
Exact arithmetic has one result in any order, so the values are those the number domain's
Fractions give (`closures.compile_tree`, `closures.compile_frozen`); conditions are decided
exactly, branches chosen as `_first_branch` chooses them.  Used by straight.py (a graph program
as one function) and integer_expressions.py (a list of frozen expressions: SymPy's derivatives of
the whole loss with their common subexpressions).
"""

from __future__ import annotations

from math import gcd

from .core.expr import AllOf, AnyOf, Call, Cases, Compare, Const, Ref


class Unsupported(Exception):
    """A node this compiler has no integer form for."""


_RELATIONS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "!=": "!="}


class Writer:
    """Statements computing a tree's value as (numerator, denominator) variables."""

    def __init__(self, index: dict, names: dict | None = None):
        self.index, self.lines, self.depth, self.count = index, [], 0, 0
        self.scope: dict = {}  # constants the lines name, for the caller's function
        # slot -> its (numerator, denominator) expressions where not (n<slot>, d<slot>): a number, or
        # another variable holding the same value (a copy is not written out)
        self.names = {} if names is None else names
        # pairs of expressions known to hold a reduced pair / a pair of at most `small_bits` bits
        # (a number's, the caller's); a piecewise value whose every branch is one is one too
        self.reduced, self.small, self.small_bits = set(), set(), None
        # ... and pairs that rounding gives back (a number where `is_short` says so, the caller's)
        self.short, self.is_short = set(), None

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def fresh(self) -> tuple[str, str]:
        self.count += 1
        return f"n_{self.count}", f"d_{self.count}"

    def value(self, tree) -> tuple[str, str]:
        kind = type(tree)
        if kind is Ref:
            slot = self.index[tree.identity]
            return self.names.get(slot) or (f"n{slot}", f"d{slot}")
        if kind is Const:
            return self.number(tree.value.numerator, tree.value.denominator)
        if kind is Call:
            args = [self.value(a) for a in tree.args]
            arithmetic = _ARITHMETIC.get(tree.op)
            if arithmetic is not None:
                return arithmetic(self, args, tree.param)
            return self.operation(tree.op, tree.param, args)
        if kind is Cases:
            return self.cases([(value, None if condition is None else (lambda c=condition: self.condition(c)))
                               for value, condition in tree.branches], self.value)
        raise Unsupported(kind.__name__)

    def condition(self, tree) -> str:
        if type(tree) is Compare:
            return self.compare(tree.relation, self.value(tree.left), self.value(tree.right))
        if type(tree) in (AllOf, AnyOf):
            parts = [self.condition(c) for c in tree.conditions]
            return "(" + (" and " if type(tree) is AllOf else " or ").join(f"({p})" for p in parts) + ")"
        raise Unsupported(type(tree).__name__)

    def cases(self, branches: list, value_of) -> tuple[str, str]:
        """The first branch whose condition holds (conditions: callables giving an expression, None: otherwise)."""
        n, d = self.fresh()
        opened, values = 0, []
        for value, condition in branches:
            test = "True" if condition is None else condition()
            if test == "True":  # (the branches after it are never taken)
                values.append(value_of(value))
                self.line(f"{n}, {d} = {values[-1][0]}, {values[-1][1]}")
                break
            self.line(f"if {test}:")
            self.depth += 1
            values.append(value_of(value))
            self.line(f"{n}, {d} = {values[-1][0]}, {values[-1][1]}")
            self.depth -= 1
            self.line("else:")
            self.depth += 1
            opened += 1
        else:
            self.line("raise ArithmeticError('no branch of a piecewise function applies')")
        self.depth -= opened
        for known in (self.reduced, self.small, self.short):
            if all(value in known for value in values):
                known.add((n, d))
        return n, d

    def number(self, numerator: int, denominator: int) -> tuple[str, str]:
        """A number's pair of literals (reduced where the Fraction is; small where its bits are)."""
        pair = str(numerator), str(denominator)
        if gcd(numerator, denominator) == 1:
            self.reduced.add(pair)
        if self.small_bits is not None and max(numerator.bit_length(), denominator.bit_length()) <= self.small_bits:
            self.small.add(pair)
        if self.is_short is not None and pair in self.reduced and self.is_short(numerator, denominator):
            self.short.add(pair)
        return pair

    # arithmetic on (numerator, denominator) pairs, denominators > 0 -------------------------------
    def add(self, args) -> tuple[str, str]:
        terms = [term for term in args if term[0] != "0"] or [("0", "1")]  # (+ 0: the same value)
        if len(terms) == 1:
            return terms[0]
        n, d = self.fresh()
        (sum_n, sum_d), rest = terms[0], terms[1:]
        for tn, td in rest:  # (the first line adds the first two terms: no copy of the first)
            if td == "1" and sum_d == d:
                self.line(f"{n} = {n} + {_times(tn, d)}")
            elif td == "1":
                self.line(f"{n}, {d} = {_atom(sum_n)} + {_times(tn, sum_d)}, {sum_d}")
            else:
                self.line(f"{n}, {d} = {_times(sum_n, td)} + {_times(tn, sum_d)}, {_times(sum_d, td)}")
            sum_n, sum_d = n, d
        return n, d

    def mul(self, args) -> tuple[str, str]:
        if any(a == "0" for a, _ in args):  # 0 (denominators > 0)
            return "0", "1"
        numerators, denominators = [a for a, _ in args if a != "1"], [b for _, b in args if b != "1"]
        if len(numerators) <= 1 and len(denominators) <= 1:  # a product of one factor: no new variable
            return _atom(numerators[0] if numerators else "1"), _atom(denominators[0] if denominators else "1")
        n, d = self.fresh()
        self.line(f"{n}, {d} = " + ("*".join(f"({a})" for a in numerators) or "1") + ", "
                  + ("*".join(f"({b})" for b in denominators) or "1"))
        return n, d

    def div(self, x, y) -> tuple[str, str]:
        n, d = self.fresh()
        self.line(f"if {y[0]} == 0: raise ZeroDivisionError('division by zero')")
        self.line(f"{n}, {d} = {_times(x[0], y[1])}, {_times(x[1], y[0])}")
        self.line(f"if {d} < 0: {n}, {d} = -{n}, -{d}")
        return n, d

    def power(self, base, exponent: int) -> tuple[str, str]:
        if not isinstance(exponent, int) or isinstance(exponent, bool):
            raise Unsupported("pow")
        if exponent >= 0:
            n, d = self.fresh()
            self.line(f"{n}, {d} = ({base[0]})**{exponent}, ({base[1]})**{exponent}")
            return n, d
        return self.div(("1", "1"), self.power(base, -exponent))

    def negate(self, x) -> tuple[str, str]:
        return f"(-({x[0]}))", x[1]

    def compare(self, relation: str, x, y) -> str:
        return f"{_times(x[0], y[1])} {_RELATIONS[relation]} {_times(y[0], x[1])}"

    def operation(self, op: str, param, args) -> tuple[str, str]:
        """A registry operation by its SymPy rule (frozen, as the domain compiles it)."""
        from .core.frozen import checked, freeze
        from .core.operations import OPERATIONS, placeholders
        from .sympy_cache import recall

        def rule():
            return freeze(OPERATIONS[op].rule(placeholders(len(args)), param))

        frozen = recall("operation_rule", f"{op}/{param!r}/{len(args)}", rule, checked)
        return Frozen(self, {f"_{i}": a for i, a in enumerate(args)}).value(frozen)


def is_atom(expression: str) -> bool:
    """Whether the expression is a name or an integer."""
    return expression.isidentifier() or expression.lstrip("-").isdigit()


def _atom(expression: str) -> str:
    """The expression as an operand: a name or an integer as it is, anything else in parentheses."""
    return expression if is_atom(expression) else f"({expression})"


def _times(x: str, y: str) -> str:
    """x·y as an expression (× 1 and × 0 folded)."""
    if x == "0" or y == "0":
        return "0"
    if y == "1" or x == "1":
        return _atom(x if y == "1" else y)
    return f"({x})*({y})"


def _sub(writer, args, param):
    (xn, xd), (yn, yd) = args
    return writer.add([(xn, xd), (f"(-({yn}))", yd)])


_ARITHMETIC = {
    "add": lambda w, args, param: args[0] if len(args) == 1 else w.add(args),
    "mul": lambda w, args, param: args[0] if len(args) == 1 else w.mul(args),
    "sub": _sub,
    "div": lambda w, args, param: w.div(*args),
    "neg": lambda w, args, param: w.negate(args[0]),
    "pow": lambda w, args, param: w.power(args[0], param),
}


class Frozen:
    """A frozen SymPy rule (core/frozen.py) over placeholder values, written by a `Writer`."""

    def __init__(self, writer: Writer, symbols: dict, conditions: dict | None = None):
        self.writer, self.symbols = writer, symbols
        self.conditions = {} if conditions is None else conditions

    def value(self, data) -> tuple[str, str]:
        tag, args = data[0], data[1:]
        w = self.writer
        if tag == "sym":
            if args[0] not in self.symbols:
                raise Unsupported(f"sym {args[0]}")
            return self.symbols[args[0]]
        if tag == "rat":
            return w.number(int(args[0]), int(args[1]))
        if tag == "add":
            return w.add([self.value(a) for a in args])
        if tag == "mul":
            return w.mul([self.value(a) for a in args])
        if tag == "powi":
            return w.power(self.value(args[0]), args[1])
        if tag == "cases":
            return w.cases([(value, lambda c=condition: self.condition(c)) for value, condition in args], self.value)
        if tag in ("max", "min"):
            values = [self.value(a) for a in args]
            best = values[0]
            for other in values[1:]:  # b if b > a (max) or b < a (min), as the domain reduces
                n, d = w.fresh()
                w.line(f"{n}, {d} = ({other[0]}, {other[1]}) if {w.compare('>' if tag == 'max' else '<', other, best)} "
                       f"else ({best[0]}, {best[1]})")
                best = n, d
            return best
        if tag == "abs":
            x = self.value(args[0])
            return f"abs({x[0]})", x[1]
        if tag == "sign":
            x = self.value(args[0])
            return f"(({x[0]}) > 0) - (({x[0]}) < 0)", "1"
        raise Unsupported(tag)

    def condition(self, data) -> str:
        tag, args = data[0], data[1:]
        if tag == "sym" and args[0] in self.conditions:  # a condition SymPy took out as a common subexpression
            return self.conditions[args[0]]
        if tag == "ite":
            test, then, otherwise = (self.condition(a) for a in args)
            return f"(({then}) if ({test}) else ({otherwise}))"
        if tag == "true":
            return "True"
        if tag == "false":
            return "False"
        if tag == "rel":
            return self.writer.compare(args[0], self.value(args[1]), self.value(args[2]))
        if tag in ("and", "or"):
            return "(" + f" {tag} ".join(f"({self.condition(a)})" for a in args) + ")"
        if tag == "not":
            return f"(not ({self.condition(args[0])}))"
        raise Unsupported(tag)
