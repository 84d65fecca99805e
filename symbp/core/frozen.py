"""A SymPy expression as plain data ("frozen"): nested lists of strings and integers, which JSON
holds and which can be kept on disk and read back without SymPy.

In:  a SymPy expression (an operation's forward rule, a derivative SymPy worked out).
Out: its frozen form (`freeze`), which `closures.compile_frozen` evaluates; and `is_frozen`,
     which checks that untrusted data (a cache file) has exactly this form, bounded in depth.

    ["sym", name]  ["rat", p, q]  ["e"]  ["undefined"]  ["true"]  ["false"]
    ["add", x, …]  ["mul", x, …]  ["powi", x, n]  ["powq", x, p, q]  ["exp"|"log"|"log1p"|"tanh", x]
    ["abs"|"sign"|"max"|"min", x, …]  ["cases", [value, condition], …]
    ["and"|"or", c, …]  ["not", c]  ["ite", c, c, c]  ["rel", "<"|"<="|…, x, y]
"""

from __future__ import annotations

_FUNCTIONS = ("exp", "log", "log1p", "tanh")
_KINKED = ("abs", "sign", "max", "min")
_RELATIONS = ("<", "<=", ">", ">=", "==", "!=")
MAX_DEPTH = 200


def freeze(expr) -> list:
    """The frozen form of a SymPy expression (TypeError for one it has no form for)."""
    import sympy

    if expr.is_Symbol:
        return ["sym", expr.name]
    if expr.is_Rational:
        return ["rat", int(expr.p), int(expr.q)]
    if expr == sympy.E:
        return ["e"]
    if expr.is_Add or expr.is_Mul:
        return ["add" if expr.is_Add else "mul"] + [freeze(arg) for arg in expr.args]
    if expr.is_Pow:
        if expr.exp.is_Integer:
            return ["powi", freeze(expr.base), int(expr.exp)]
        if expr.exp.is_Rational:  # the q-th root of base to the power p
            return ["powq", freeze(expr.base), int(expr.exp.p), int(expr.exp.q)]
        if expr.base == sympy.E:
            return ["exp", freeze(expr.exp)]
    if isinstance(expr, sympy.log) and expr.args[0].is_Add and sympy.S.One in expr.args[0].args:
        return ["log1p", freeze(expr.args[0] - 1)]  # log(1 + e^z): its digits for z ≪ 0
    for sympy_class, name in ((sympy.exp, "exp"), (sympy.log, "log"), (sympy.tanh, "tanh")):
        if isinstance(expr, sympy_class):
            return [name, freeze(expr.args[0])]
    if isinstance(expr, sympy.Piecewise):
        return ["cases"] + [[freeze(value), _freeze_condition(cond)] for value, cond in expr.args]
    if isinstance(expr, (sympy.Abs, sympy.sign, sympy.Max, sympy.Min)):  # SymPy's own forms of the kinked rules
        name = {sympy.Abs: "abs", sympy.sign: "sign", sympy.Max: "max", sympy.Min: "min"}[type(expr)]
        return [name] + [freeze(arg) for arg in expr.args]
    if expr in (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan, sympy.I):
        return ["undefined"]  # i: √ of a negative number in a branch of a kink not taken here
    if isinstance(expr, (sympy.logic.boolalg.Boolean, sympy.core.relational.Relational)):
        return _freeze_condition(expr)  # a condition SymPy's cse took out of a Piecewise
    raise TypeError(f"cannot evaluate {expr!r}")


def _freeze_condition(cond) -> list:
    import sympy

    if cond.is_Symbol:  # a condition named by cse
        return ["sym", cond.name]
    if cond is sympy.true or cond is sympy.false:
        return ["true" if cond is sympy.true else "false"]
    if isinstance(cond, (sympy.And, sympy.Or)):
        return ["and" if isinstance(cond, sympy.And) else "or"] + [_freeze_condition(arg) for arg in cond.args]
    if isinstance(cond, sympy.Not):
        return ["not", _freeze_condition(cond.args[0])]
    if isinstance(cond, sympy.ITE):
        return ["ite"] + [_freeze_condition(arg) for arg in cond.args]
    return ["rel", cond.rel_op, freeze(cond.lhs), freeze(cond.rhs)]


def is_frozen(data, depth: int = 0) -> bool:
    """Whether untrusted data is a frozen expression (or condition), at most MAX_DEPTH deep."""
    if depth > MAX_DEPTH or not isinstance(data, list) or not data or not isinstance(data[0], str):
        return False
    tag, rest = data[0], data[1:]
    below = lambda items: all(is_frozen(item, depth + 1) for item in items)  # noqa: E731
    if tag == "sym":
        return len(rest) == 1 and isinstance(rest[0], str)
    if tag == "rat":
        return len(rest) == 2 and all(type(n) is int for n in rest) and rest[1] > 0
    if tag in ("e", "undefined", "true", "false"):
        return not rest
    if tag in ("add", "mul", "and", "or") + _KINKED:
        return len(rest) >= 1 and below(rest)
    if tag in _FUNCTIONS or tag == "not":
        return len(rest) == 1 and below(rest)
    if tag == "powi":
        return len(rest) == 2 and type(rest[1]) is int and below(rest[:1])
    if tag == "powq":
        return len(rest) == 3 and all(type(n) is int for n in rest[1:]) and rest[2] > 0 and below(rest[:1])
    if tag == "ite":
        return len(rest) == 3 and below(rest)
    if tag == "rel":
        return len(rest) == 3 and rest[0] in _RELATIONS and below(rest[1:])
    if tag == "cases":
        return len(rest) >= 1 and all(isinstance(b, list) and len(b) == 2 and below(b) for b in rest)
    return False


def checked(data):
    """Untrusted data (read from a cache file) if it is a frozen expression; else ValueError."""
    if not is_frozen(data):
        raise ValueError("not a frozen expression")
    return data
