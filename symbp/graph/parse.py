"""A stage of a graph spec, as text -> an ordered tree of the core, with positions.

In:  `"s = w0*x0 + w1*x1 + w2"` (or just the expression), the names that may be used.
Out: a `Stage`: its name, its tree (`core.expr`: Refs to the names, exact Consts, Calls of
     registered operations, in the order written) and the column (1-based) of every operation,
     keyed by its path in the tree, so that an error at the given point can say where.

User text is never evaluated.  It is read with Python's `tokenize` (only names, decimal numbers
and + − * / ** ^ ( ) , pass) and `ast.parse` (a syntax tree, nothing is run); the tree is then
built from an allow-list of node types, operators and function names.  (SymPy's `parse_expr`
evaluates the text it is given, and even with `evaluate=False` reorders and flattens sums —
`y + x` becomes `x + y`, `-(x + y)` is distributed — which would change the graph a student wrote.)
Sizes are bounded: characters, operations, nesting, exponents.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from ..core import identity as ids
from ..core.identity_parse import parse
from ..core.expr import Call, Const, Ref
from ..errors import SpecError, did_you_mean
from ..number_input import short_repr

MAX_CHARACTERS = 400
MAX_OPERATIONS = 60
MAX_DEPTH = 48
MAX_EXPONENT = 8
MAX_CONSTANT = 10**6
MAX_ARGUMENTS = 6  # of a max or min (SymPy's local derivative of one of 8 took 20 s; stop 66's hostile testers)

# name written -> (operation, fixed parameter, number of arguments; None: two or more)
FUNCTIONS = {
    "exp": ("exp", None, 1), "ln": ("ln", None, 1), "log": ("ln", None, 1), "sqrt": ("sqrt", None, 1),
    "abs": ("abs", None, 1), "max": ("max", None, None), "min": ("min", None, None),
    "sigmoid": ("sigmoid", None, 1), "tanh": ("tanh", None, 1), "relu": ("relu", None, 1),
    "square": ("pow", 2, 1),
}
_CLOSE = 0.75  # how alike a misspelt function name must be to be suggested: sigmod -> sigmoid, sqr -> sqrt; not sin -> min
_TRIGONOMETRIC = {a + f for f in ("sin", "cos", "tan", "cot", "sec", "csc") for a in ("", "a", "arc")}  # (tan is not tanh)
_BINARY = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div"}
_OPERATOR_TEXT = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**"}
_ALLOWED_OPERATORS = {"+", "-", "*", "/", "**", "^", "(", ")", ","}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_NUMBER = re.compile(r"^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


@dataclass
class Stage:
    name: str
    tree: object
    text: str  # the expression as written
    field: str  # where it was written, for messages: "stages[2]" or "expression"
    positions: dict = field(default_factory=dict)  # path in the tree -> 1-based column in `text`

    def where(self, path: tuple) -> str:
        column = self.positions.get(path)
        return f"position {column}" if column else "here"


def identity_of(label: str):
    """A graph node's identity: its label, read by the one name parser (so `L`, `alpha` and
    `y_0` mean what they mean everywhere)."""
    identity = parse(label)
    if identity is None or identity.kind in ids.DERIVATIVES or ids.name(identity) != label:
        return None
    return identity


MAX_LABEL = 32  # characters of a node's name (a drawing's label, a column of the tables)


def check_name(label, field_name: str) -> str:
    if isinstance(label, str) and _NAME.match(label) and len(label) > MAX_LABEL:  # (said as what it is, the
        raise SpecError(field_name, f"a name of {len(label)} characters; at most {MAX_LABEL}")  # hostile-input tester)
    if not isinstance(label, str) or not _NAME.match(label):
        raise SpecError(field_name, f"{short_repr(label, 60)} is not a name (a letter, then letters, digits or _)")
    if label in FUNCTIONS:
        raise SpecError(field_name, f"{label!r} is a function; choose another name")
    if identity_of(label) is None:
        raise SpecError(field_name, f"{label!r} cannot be used as a name; choose another")
    return label


def split_stage(text, field_name: str) -> tuple[str, str, int]:
    """("s", "w0*x0 + …", column offset of the expression) of "s = w0*x0 + …"."""
    if not isinstance(text, str):
        raise SpecError(field_name, f"expected a string such as \"f = x * y\", got {short_repr(text)}")
    if len(text) > MAX_CHARACTERS:
        raise SpecError(field_name, f"is {len(text)} characters long; at most {MAX_CHARACTERS} are allowed")
    left, equals, right = text.partition("=")
    if not equals or right.startswith("="):
        raise SpecError(field_name, f"expected \"name = expression\", got {short_repr(text)}")
    return check_name(left.strip(), field_name), right, len(left) + 1


def _tokens(text: str, field_name: str, offset: int) -> tuple[str, list[int]]:
    """(the expression without surrounding spaces and with ^ written as **, the column in `text` of
    each of its characters), after checking every token; SpecError at the first bad one."""
    carets = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind, string, (_, column) = token.type, token.string, token.start
            if kind in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT) \
                    or (kind == tokenize.ERRORTOKEN and string in (" ", "\t")):  # (the space before '$' or '×', which
                continue  # Python's tokenizer gives as an error token: the '$' is the character to name)
            bad = ((kind == tokenize.OP and string not in _ALLOWED_OPERATORS)
                   or (kind == tokenize.NUMBER and not _NUMBER.match(string))
                   or kind not in (tokenize.OP, tokenize.NAME, tokenize.NUMBER))
            if bad:
                raise SpecError(field_name, f"position {offset + column + 1}: {string!r} is not allowed here")
            if string == "^":
                carets.append(column)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        raise SpecError(field_name, "the expression is incomplete (unbalanced parentheses?)") from None
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    source, columns = [], []
    for i in range(start, end):
        written = "**" if i in carets else text[i]
        source.append(written)
        columns.extend([i] * len(written))
    return "".join(source), columns


class _Reader:
    """ast -> core tree, with the allow-list."""

    def __init__(self, source: str, columns: list[int], known: set, field_name: str, offset: int):
        self.source, self.columns, self.known, self.field = source, columns, known, field_name
        self.offset = offset
        self.positions: dict = {}
        self.operations = 0

    def column(self, source_column: int) -> int:
        """1-based column in the stage's text of a column of the rewritten source."""
        inside = self.columns[min(source_column, len(self.columns) - 1)] if self.columns else 0
        return self.offset + inside + 1

    def fail(self, node_or_column, message: str):
        column = node_or_column if isinstance(node_or_column, int) else node_or_column.col_offset
        raise SpecError(self.field, f"position {self.column(column)}: {message}")

    def operator_column(self, node: ast.BinOp, symbol: str) -> int:
        between = self.source[node.left.end_col_offset:node.right.col_offset]
        found = between.find(symbol)
        return node.left.end_col_offset + (found if found >= 0 else 0)

    def operation(self, path: tuple, column: int, op: str, args: tuple, param=None) -> Call:
        self.operations += 1
        if self.operations > MAX_OPERATIONS:
            self.fail(column, f"too many operations (at most {MAX_OPERATIONS} in one stage)")
        self.positions[path] = self.column(column)
        return Call(op, args, param)

    def read(self, node, path: tuple = ()):
        if len(path) > MAX_DEPTH:
            self.fail(node, f"nested too deeply (at most {MAX_DEPTH} levels)")
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            op = _BINARY[type(node.op)]
            left, right = self.read(node.left, path + (0,)), self.read(node.right, path + (1,))
            return self.operation(path, self.operator_column(node, _OPERATOR_TEXT[op]), op, (left, right))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            exponent = self.read(node.right, path + (1,))
            if not (isinstance(exponent, Const) and exponent.value.denominator == 1
                    and 0 < abs(exponent.value) <= MAX_EXPONENT):
                self.fail(node.right, f"the exponent must be a whole number from -{MAX_EXPONENT} to {MAX_EXPONENT} "
                                      "other than 0 (for a square root write sqrt(x))")
            base = self.read(node.left, path + (0,))
            return self.operation(path, self.operator_column(node, "**"), "pow", (base,), int(exponent.value))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.read(node.operand, path + (0,))
            if isinstance(node.op, ast.UAdd):
                return inner
            if isinstance(inner, Const) and isinstance(node.operand, ast.Constant):
                return Const(-inner.value)
            return self.operation(path, node.col_offset, "neg", (inner,))
        if isinstance(node, ast.Call):
            return self.function(node, path)
        if isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                self.fail(node, f"{node.id} is a function: write {node.id}(…)")
            if node.id not in self.known:
                self.fail(node, f"unknown name {node.id!r}")
            return Ref(identity_of(node.id))
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return self.constant(node)
        self.fail(node, f"{ast.get_source_segment(self.source, node)!r} is not supported")

    def constant(self, node) -> Const:
        text = ast.get_source_segment(self.source, node)
        power = len(str(MAX_CONSTANT)) - 1
        try:
            number = Decimal(text)
            if number and not -power - 1 <= number.adjusted() <= power:  # (before 10^999999999 is made: it hung)
                value = Fraction(MAX_CONSTANT + 1)
            else:
                value = Fraction(number)
        except (InvalidOperation, ValueError):
            self.fail(node, f"{text!r} is not a number")
        if abs(value) > MAX_CONSTANT or (value and abs(value) < Fraction(1, MAX_CONSTANT)):
            self.fail(node, f"the number {text} is out of range (10^-{power} to 10^{power} in size, or 0)")
        return Const(value)

    def function(self, node: ast.Call, path: tuple) -> Call:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name is None:
            self.fail(node, "write * for a product, e.g. 2*(x + y)")
        if name not in FUNCTIONS:
            hint = " (no trigonometric functions)" if name in _TRIGONOMETRIC else did_you_mean(name, sorted(FUNCTIONS), cutoff=_CLOSE)
            self.fail(node, f"unknown function {name!r}{hint}; "
                            f"expected one of: {', '.join(sorted(FUNCTIONS))}")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self.fail(node, f"{name}(…) takes plain arguments")
        op, param, arity = FUNCTIONS[name]
        count = len(node.args)
        if (arity is None and count < 2) or (arity is not None and count != arity):
            expected = "two or more arguments" if arity is None else "one argument"
            self.fail(node, f"{name} takes {expected}, got {count}")
        if arity is None and count > MAX_ARGUMENTS:
            self.fail(node, f"{name} takes at most {MAX_ARGUMENTS} arguments, got {count}")
        args = tuple(self.read(a, path + (i,)) for i, a in enumerate(node.args))
        return self.operation(path, node.col_offset, op, args, param)


def parse_stage(text, field_name: str, known: set, label: str | None = None) -> Stage:
    """A stage "name = expression" (or, with `label`, an expression alone) as a tree."""
    if label is None:
        label, expression, offset = split_stage(text, field_name)
    else:
        expression, offset = text, 0
    if not expression.strip():
        raise SpecError(field_name, "the expression is empty")
    source, columns = _tokens(expression, field_name, offset)
    try:
        parsed = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        at = max(0, min((exc.offset or 1) - 1, len(columns) - 1))
        raise SpecError(field_name, f"position {offset + columns[at] + 1}: not a valid expression") from None
    reader = _Reader(source, columns, known, field_name, offset)
    return Stage(label, reader.read(parsed.body), expression.strip(), field_name, reader.positions)
