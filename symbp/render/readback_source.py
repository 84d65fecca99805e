"""Straight-line Python source for a parsed printed expression (readback_read's trees).

In:  a tree from readback_read's parser (("h", k) the k-th printed number, ("add", a, b), ("fn", name,
     args), ...).
Out: `Source(exact).emit(tree)` -> the number of the variable holding its value, the lines in
     `Source.lines`: integer pairs (n_k, d_k) where the tree is rational (`transcendental(tree)` False),
     else Decimals (v_k); only identifiers and operators made here, never printed text.  `Unreadable`:
     what cannot be read.
"""

from __future__ import annotations

from .readback_numbers import RATIONAL


class Unreadable(Exception):
    """The piece is not a numeric expression this reader knows (a symbol, an unknown sign)."""


def transcendental(node) -> bool:
    """Whether the tree goes through a function that is not rational (a softmax, tanh, ln …); walked
    with a stack, not recursion: the printed sum of a penalty R = λ/2·(w² + w² + …) of a 20-64-1
    network is a tree 1,300 levels deep."""
    stack = [node]
    while stack:
        node = stack.pop()
        kind = node[0]
        if kind == "h":
            continue
        if kind == "softmax" or (kind == "fn" and node[1] not in RATIONAL):
            return True
        stack.extend(node[2] if kind == "fn" else (node[1],) if kind == "pow" else
                     [child for child in node[1:] if isinstance(child, tuple)])
    return False


def depth(node) -> int:
    """The tree's depth (a stack, not recursion)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        children = node[2] if node[0] == "fn" else node[1] if node[0] == "softmax" else node[1:]
        stack.extend((child, level + 1) for child in children if isinstance(child, tuple))
    return deepest


def rule_name(name: str) -> str:
    """The identifier a reading calls a function's rule by (RATIONAL_RULES' / DECIMAL_RULES' names
    with `'` spelled `_d`: relu' -> RULE_relu_d; DECIMAL_RULE_… for the Decimal one)."""
    return "RULE_" + name.replace("'", "_d")


class Source:
    """Straight-line source for a parsed shape: in pairs (n_k, d_k) or in Decimals (v_k)."""

    def __init__(self, exact: bool):
        self.exact, self.lines, self.count, self.slope = exact, [], 0, False
        self.holes: dict = {}  # a printed number's index -> the variable(s) it is read into

    def unpacked(self, holes: int) -> list:
        """The line that reads the printed numbers `h` into their variables, all at once (one of each
        index 0 … holes − 1: each number is one leaf of the tree), first among `lines`."""
        if sorted(self.holes) != list(range(holes)):
            raise Unreadable("a printed number read twice or never")
        return [f"{''.join(self.holes[i] + ', ' for i in range(holes))}= h"] if holes else []

    def new(self) -> int:
        self.count += 1
        return self.count

    def emit(self, node) -> int:
        k = self.new()
        kind, out = node[0], self.lines.append
        if kind == "h":  # (read by `unpacked`)
            self.holes[node[1]] = f"(n{k}, d{k})" if self.exact else f"v{k}"
            return k
        if kind == "neg":
            a = self.emit(node[1])
            out(f"n{k}, d{k} = -n{a}, d{a}" if self.exact else f"v{k} = -v{a}")
            return k
        if kind == "pow":
            a, e = self.emit(node[1]), node[2]
            if self.exact:
                out(f"n{k}, d{k} = n{a} ** {abs(e)}, d{a} ** {abs(e)}" if e >= 0 else
                    f"n{k}, d{k} = inverse(n{a} ** {-e}, d{a} ** {-e})")
            else:
                out(f"v{k} = v{a} ** {e}")
            return k
        if kind in ("add", "sub", "mul", "div"):
            a, b = self.emit(node[1]), self.emit(node[2])
            if not self.exact:
                out(f"v{k} = v{a} {dict(add='+', sub='-', mul='*', div='/')[kind]} v{b}")
            elif kind in ("add", "sub"):
                sign = "+" if kind == "add" else "-"
                out(f"n{k}, d{k} = (n{a} {sign} n{b}, d{a}) if d{a} == d{b} else (n{a} * d{b} {sign} n{b} * d{a}, d{a} * d{b})")
            elif kind == "mul":
                out(f"n{k}, d{k} = n{a} * n{b}, d{a} * d{b}")
            else:
                out(f"n{k}, d{k} = inverse(n{a} * d{b}, d{a} * n{b})")
            return k
        if kind == "mat":
            raise Unreadable("a matrix (readback_blocks.py)")
        if kind == "softmax":
            args = [self.emit(a) for a in node[1]]
            out(f"v{k} = softmax([{', '.join(f'v{a}' for a in args)}], {node[2]})")
            return k
        name, args = node[1], [self.emit(a) for a in node[2]]
        if len(args) != 1:
            raise Unreadable(name)
        a = args[0]
        if name.startswith("leaky_relu"):
            self.slope = True
        if self.exact:
            out(f"n{k}, d{k} = {rule_name(name)}(n{a}, d{a}, s)")
        else:
            out(f"v{k} = DECIMAL_{rule_name(name)}(v{a}, s)")
        return k
