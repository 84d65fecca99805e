"""SymPy's derivatives of the whole loss -> one generated function over integers (verify_symbolic.py).

In:  frozen SymPy expressions (core/frozen.py): the common subexpressions in order, then the
     results, over named inputs.
Out: a function of the inputs' Fractions giving the results' exact values (or their floats),
     written by integer_code.py's `Writer` and `Frozen`; None where an expression is not rational.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from typing import Callable

from .integer_code import Frozen, Unsupported, Writer, is_atom

_CONDITIONS = ("rel", "and", "or", "not", "true", "false", "ite")


def compile_expressions(shared: list, results: list, inputs) -> Callable | None:
    """Frozen SymPy expressions (core/frozen.py) as one generated function over integers: `shared`
    [(name, expression)] computed in order (each may use the inputs and the shared ones before it,
    by name: common subexpressions), then `results` [(name, expression)].  The function takes
    {input name: Fraction (or a number Fraction() takes)} and gives the results' exact values, as Fractions (floats=True: as
    their floats), in order — what
    `closures.compile_frozen` gives in an exact domain (verify_symbolic.py's SymPy check evaluates the
    whole loss's derivatives so).  None where an expression is not rational (exp, log, a root);
    the function raises ArithmeticError (ZeroDivisionError) where a value is undefined."""
    writer = Writer({})
    symbols, conditions = {}, {}
    frozen = Frozen(writer, symbols, conditions)
    if inputs:  # (the inputs' Fractions; their integers read from the slots)
        writer.line("".join(f"g{i}, " for i in range(len(inputs))) + "= givens")
    for i, name in enumerate(inputs):
        symbols[name] = f"gn{i}", f"gd{i}"
        writer.reduced.add(symbols[name])
        writer.line(f"gn{i}, gd{i} = g{i}._numerator, g{i}._denominator")
    try:
        for i, (name, expression) in enumerate(shared):
            if expression[0] in _CONDITIONS or (expression[0] == "sym" and expression[1] in conditions):
                writer.line(f"sb{i} = {frozen.condition(expression)}")
                conditions[name] = f"sb{i}"
                continue
            n, d = frozen.value(expression)
            if (n, d) in writer.reduced:  # (a copy, a number, a branch of them: read where it is)
                symbols[name] = n, d
                continue
            if not (is_atom(n) and is_atom(d)):
                writer.line(f"sn{i}, sd{i} = {n}, {d}")
                n, d = f"sn{i}", f"sd{i}"
            writer.line(f"g = gcd({n}, {d})")
            writer.line(f"sn{i}, sd{i} = {n} // g, {d} // g")
            symbols[name] = f"sn{i}", f"sd{i}"
            writer.reduced.add(symbols[name])
        out = []
        for name, expression in results:
            n, d = frozen.value(expression)
            out.append(f"({n}, {d})")
    except Unsupported:
        return None
    writer.line("return [" + ", ".join(out) + "]")
    source = "def run(givens):\n" + "\n".join("    " + line for line in writer.lines) + "\n"
    scope = {"gcd": gcd}
    exec(compile(source, "<symbp straight-line expressions>", "exec"), scope)  # noqa: S102 (our own generated code)
    run, order = scope["run"], list(inputs)

    def evaluate(givens: dict, floats: bool = False) -> list:
        inputs = [givens[name] for name in order]
        try:
            values = run(inputs)
        except AttributeError:  # (an input not a Fraction: its slots are a Fraction's)
            values = run([Fraction(value) for value in inputs])
        if floats:  # each as float() of its Fraction gives it: n / d, correctly rounded
            return [n / d for n, d in values]
        return [Fraction(n, d) for n, d in values]

    return evaluate
