"""A printed expression's shape (its text between its numbers) tokenized and parsed into a tree.

In:  the shape's pieces (readback_read.py splits a text at its numbers; a hole stands between two
     pieces for the number there).
Out: `parse(shape)` -> the tree: ("h", i) a hole; (op, left, right) for add/sub/mul/div/odot/pow;
     ("neg", x); ("fn", name, [args]); ("softmax", [args], j); ("mat", rows); Unreadable where the
     text is not one of the closed set of tokens or not an expression of them.
"""

from __future__ import annotations

import re

from .readback_source import Unreadable


_TOKEN = re.compile(r"""\s+
 |(?P<lp>\\left\(|\\left\[|\()
 |(?P<rp>\\right\)|\\right\]|\))
 |(?P<mat>\\begin\{bmatrix\})
 |(?P<endmat>\\end\{bmatrix\})
 |(?P<cell>&)
 |(?P<row>\\\\)
 |(?P<odot>\\odot)
 |(?P<skip>\\left\.|\\right\.|\\,|\\;|\\!)
 |(?P<bar>\\left\||\\right\||\|)
 |(?P<mul>\\cdot|·)
 |(?P<add>\+)
 |(?P<sub>-|−)
 |(?P<frac>\\frac\{)
 |(?P<mid>\}\{)
 |(?P<sqrtb>\\sqrt\{)
 |(?P<sqrt>√)
 |(?P<exp>e\^)
 |\^\{(?P<pe>[-−]?\d+)\}|\^(?P<pt>[-−]?\d+)|(?P<sup>[²³])
 |_\{(?P<si>\d+)\}|_(?P<st>\d+)
 |(?P<fn>\\operatorname\{\w+\}'?|\\sigma'?|\\tanh'?|\\ln|σ'?|tanh'?|LReLU'?|ReLU'?|id'?|softplus'?|softmax|sign|ln)
 |(?P<lb>\{)
 |(?P<rb>\})
 |(?P<sep>;|,)
 |(?P<div>/)
""", re.X)

# a function's printed name (LaTeX or text) -> its name here
_FUNCTIONS = {}
for _name, _latex, _text in (("relu", r"\operatorname{ReLU}", "ReLU"), ("leaky_relu", r"\operatorname{LReLU}", "LReLU"),
                             ("sigmoid", r"\sigma", "σ"), ("tanh", r"\tanh", "tanh"), ("identity", r"\operatorname{id}", "id"),
                             ("softplus", r"\operatorname{softplus}", "softplus")):
    _FUNCTIONS[_latex], _FUNCTIONS[_text] = _name, _name
    _FUNCTIONS[_latex + "'"], _FUNCTIONS[_text + "'"] = _name + "'", _name + "'"
_FUNCTIONS.update({r"\ln": "ln", "ln": "ln", r"\operatorname{softmax}": "softmax", "softmax": "softmax",
                   r"\operatorname{sign}": "sign", "sign": "sign"})


def tokens(shape: tuple) -> list:
    """The shape's pieces tokenized, a hole ("h", i) between two pieces."""
    out = []
    for i, piece in enumerate(shape):
        if i:
            out.append(("h", i - 1))
        pos = 0
        while pos < len(piece):
            m = _TOKEN.match(piece, pos)
            if m is None or m.end() == pos:
                raise Unreadable(piece[pos:pos + 12])
            pos = m.end()
            kind = m.lastgroup
            if kind is None or kind == "skip":
                continue
            if kind in ("pe", "pt"):
                out.append(("pow", int(m.group(kind).replace("−", "-"))))
            elif kind == "sup":
                out.append(("pow", 2 if m.group(kind) == "²" else 3))
            elif kind in ("si", "st"):
                out.append(("index", int(m.group(kind))))
            elif kind == "fn":
                out.append(("fn", _FUNCTIONS[m.group(kind)]))
            else:
                out.append((kind, None))
    return out


class _Parser:
    """expr := term (± term)*; term := unary ((· | /) unary)*; unary := − unary | power;
    power := primary (^k)*; primary := number | (expr) | {expr} | \\frac{expr}{expr} | f(args)[_j]
    | e^{expr} | e^(expr) | √… | |expr|."""

    def __init__(self, tokens):
        self.tokens, self.pos = tokens, 0

    def peek(self):
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self, kind):
        if self.peek() != kind:
            raise Unreadable(f"expected {kind}")
        token = self.tokens[self.pos]
        self.pos += 1
        return token[1]

    def whole(self):
        node = self.expr()
        if self.pos != len(self.tokens):
            raise Unreadable("trailing text")
        return node

    def expr(self):
        node = self.term()
        while self.peek() in ("add", "sub"):
            op = self.take(self.peek()) or self.tokens[self.pos - 1][0]
            node = (op, node, self.term())
        return node

    def term(self):
        node = self.unary()
        while self.peek() in ("mul", "div", "odot", "mat", "lp"):
            op = self.tokens[self.pos][0]
            if op in ("mul", "div", "odot"):
                self.pos += 1
            node = ("mul" if op in ("mat", "lp") else op, node, self.unary())  # (W a: written side by side)
        return node

    def unary(self):
        if self.peek() == "sub":
            self.pos += 1
            return ("neg", self.unary())
        return self.power()

    def power(self):
        node = self.primary()
        while self.peek() == "pow":
            node = ("pow", node, self.take("pow"))
        return node

    def group(self, close):
        node = self.expr()
        self.take(close)
        return node

    def primary(self):
        kind = self.peek()
        if kind == "h":
            return ("h", self.take("h"))
        self.pos += 1
        if kind == "lp":
            return self.group("rp")
        if kind == "lb":
            return self.group("rb")
        if kind == "mat":  # \begin{bmatrix} cells: & between, \\ between rows \end{bmatrix}
            rows, cells = [], [self.expr()]
            while self.peek() != "endmat":
                separator = self.peek()
                if separator not in ("cell", "row"):
                    raise Unreadable("matrix")
                self.pos += 1
                if separator == "row":
                    rows.append(cells)
                    cells = []
                cells.append(self.expr())
            self.pos += 1
            rows.append(cells)
            return ("mat", rows)
        if kind == "frac":
            top = self.group("mid")
            return ("div", top, self.group("rb"))
        if kind == "bar":
            return ("fn", "abs", [self.group("bar")])
        if kind == "sqrtb":
            return ("fn", "sqrt", [self.group("rb")])
        if kind == "sqrt":
            if self.peek() == "h":
                return ("fn", "sqrt", [("h", self.take("h"))])
            opening = self.peek()
            self.pos += 1
            return ("fn", "sqrt", [self.group({"lp": "rp", "lb": "rb"}.get(opening, "?"))])
        if kind == "exp":
            opening = self.peek()
            if opening not in ("lp", "lb"):
                raise Unreadable("e^")
            self.pos += 1
            return ("fn", "exp", [self.group("rp" if opening == "lp" else "rb")])
        if kind == "fn":
            name = self.tokens[self.pos - 1][1]
            self.take("lp")
            args = [self.expr()]
            while self.peek() == "sep":
                self.pos += 1
                args.append(self.expr())
            self.take("rp")
            if name == "softmax":
                return ("softmax", args, self.take("index"))
            return ("fn", name, args)
        raise Unreadable(f"unexpected {kind}")


def parse(shape: tuple):
    """The tree of a shape (see the module docstring)."""
    return _Parser(tokens(shape)).whole()
