"""Trees and SymPy expressions -> closures env -> value in a number domain (`numeric.Domain`).

In:  a tree of `expr.py` (env: Identity -> value) or a SymPy expression (env: symbol name -> value:
     an operation's forward rule, a derivative SymPy worked out, a whole expression), and a domain.
Out: a closure that computes its value with the domain's arithmetic — exact while exact, the
     domain's transcendental functions, piecewise branches chosen by the domain's comparisons.
Compile once, run often: building a SymPy expression per value is what makes wide networks slow.
"""

from __future__ import annotations

import operator
from fractions import Fraction
from functools import reduce
from typing import Callable

from .expr import AllOf, AnyOf, Call, Cases, Compare, Const, Ref

_RELATIONS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt,
              "==": operator.eq, "!=": operator.ne}


def compile_sympy(expr, domain) -> Callable[[dict], object]:
    """A closure env -> value for a SymPy expression (env: symbol name -> value)."""
    import sympy

    if expr.is_Symbol:
        key = expr.name
        return lambda env: env[key]
    if expr.is_Rational:
        value = domain.number(Fraction(int(expr.p), int(expr.q)))
        return lambda env: value
    if expr == sympy.E:
        return lambda env: domain.exp(Fraction(1))
    if expr.is_Add or expr.is_Mul:
        parts = [compile_sympy(arg, domain) for arg in expr.args]
        op = domain.add if expr.is_Add else domain.mul
        return lambda env: reduce(op, (p(env) for p in parts))
    if expr.is_Pow:
        base = compile_sympy(expr.base, domain)
        if expr.exp.is_Integer:
            exponent = int(expr.exp)
            return lambda env: domain.power(base(env), exponent)
        if expr.exp.is_Rational:  # the q-th root of base to the power p
            p, q = int(expr.exp.p), int(expr.exp.q)
            return lambda env: domain.power(domain.root(base(env), q), p)
        if expr.base == sympy.E:
            exponent_of_e = compile_sympy(expr.exp, domain)
            return lambda env: domain.exp(exponent_of_e(env))
    if isinstance(expr, sympy.log) and expr.args[0].is_Add and sympy.S.One in expr.args[0].args:
        function, rest = domain.log1p, compile_sympy(expr.args[0] - 1, domain)  # log(1 + e^z): its digits for z ≪ 0
        return lambda env: function(rest(env))
    for sympy_class, name in ((sympy.exp, "exp"), (sympy.log, "log"), (sympy.tanh, "tanh")):
        if isinstance(expr, sympy_class):
            function, arg = getattr(domain, name), compile_sympy(expr.args[0], domain)
            return lambda env: function(arg(env))
    if isinstance(expr, sympy.Piecewise):
        branches = [(_compile_condition(cond, domain), compile_sympy(value, domain)) for value, cond in expr.args]
        return lambda env: _first_branch(branches, env)
    if isinstance(expr, (sympy.Abs, sympy.sign, sympy.Max, sympy.Min)):  # SymPy's own forms of the kinked rules
        parts = [compile_sympy(arg, domain) for arg in expr.args]
        function = {sympy.Abs: domain.abs, sympy.sign: domain.sign, sympy.Max: domain.largest,
                    sympy.Min: domain.smallest}[type(expr)]
        return lambda env: function(*[p(env) for p in parts])
    if expr in (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        return _undefined
    if isinstance(expr, (sympy.logic.boolalg.Boolean, sympy.core.relational.Relational)):
        return _compile_condition(expr, domain)  # a condition SymPy's cse took out of a Piecewise
    raise TypeError(f"cannot evaluate {expr!r}")


def _undefined(env):
    raise ArithmeticError("the value is undefined")


def _first_branch(branches, env):
    for condition, value in branches:
        if condition(env):
            return value(env)
    raise ArithmeticError("no branch of a piecewise function applies")


def _compile_condition(cond, domain):
    import sympy

    if cond.is_Symbol:  # a condition named by cse
        key = cond.name
        return lambda env: env[key]
    if cond is sympy.true or cond is sympy.false:
        constant = bool(cond)
        return lambda env: constant
    if isinstance(cond, (sympy.And, sympy.Or)):
        parts = [_compile_condition(arg, domain) for arg in cond.args]
        combine = all if isinstance(cond, sympy.And) else any
        return lambda env: combine(p(env) for p in parts)
    if isinstance(cond, sympy.Not):
        inner = _compile_condition(cond.args[0], domain)
        return lambda env: not inner(env)
    if isinstance(cond, sympy.ITE):
        test, then, otherwise = (_compile_condition(arg, domain) for arg in cond.args)
        return lambda env: then(env) if test(env) else otherwise(env)
    op = domain.relation(_RELATIONS[cond.rel_op])
    lhs, rhs = compile_sympy(cond.lhs, domain), compile_sympy(cond.rhs, domain)
    return lambda env: op(lhs(env), rhs(env))


def compile_tree(tree, domain, key: Callable | None = None) -> Callable:
    """A closure env -> value for a tree.  env: Identity -> value, or whatever `key(identity)`
    names a node by (an index into a list of values, which is faster than hashing identities).
    Arithmetic (+ − · ÷, integer powers) is the domain's own; other operations run their rule."""
    again = lambda t: compile_tree(t, domain, key)  # noqa: E731
    if isinstance(tree, Ref):
        slot = tree.identity if key is None else key(tree.identity)
        return lambda env: env[slot]
    if isinstance(tree, Const):
        value = domain.number(tree.value)
        return lambda env: value
    if isinstance(tree, Call):
        if tree.op in _BINARY and len(tree.args) == 2 and all(isinstance(a, Ref) for a in tree.args):
            return _of_two_nodes(getattr(domain, _BINARY[tree.op]), tree.args, key)
        arithmetic = _ARITHMETIC.get(tree.op)
        args = [again(a) for a in tree.args]
        if arithmetic is not None:
            return arithmetic(domain, args, tree.param)
        apply = domain.operation(tree.op, tree.param, len(tree.args))
        return lambda env: apply([a(env) for a in args])
    if isinstance(tree, Cases):
        branches = [(lambda env: True) if c is None else again(c) for _, c in tree.branches]
        values = [again(v) for v, _ in tree.branches]
        return lambda env: _first_branch(zip(branches, values), env)
    if isinstance(tree, Compare):
        op = domain.relation(_RELATIONS[tree.relation])
        left, right = again(tree.left), again(tree.right)
        return lambda env: op(left(env), right(env))
    if isinstance(tree, (AllOf, AnyOf)):
        parts = [again(c) for c in tree.conditions]
        combine = all if isinstance(tree, AllOf) else any
        return lambda env: combine(p(env) for p in parts)
    raise TypeError(f"cannot evaluate {tree!r}")


def _of_two_nodes(op, args, key):
    """x ∘ y of two nodes (the most common definitions: upstream × local, w·a), read straight from env."""
    first, second = (a.identity if key is None else key(a.identity) for a in args)
    return lambda env: op(env[first], env[second])


def _fold(op, args):
    if len(args) == 1:
        return args[0]
    if len(args) == 2:
        first, second = args
        return lambda env: op(first(env), second(env))
    return lambda env: reduce(op, (a(env) for a in args))


def _binary(op, args):
    left, right = args
    return lambda env: op(left(env), right(env))


def _negation(args):
    (arg,) = args
    return lambda env: -arg(env)


def _power(domain, args, exponent):
    (base,) = args
    return lambda env: domain.power(base(env), exponent)


# (domain, compiled arguments, parameter) -> closure: the values their SymPy rules give, computed directly
_ARITHMETIC = {
    "add": lambda domain, args, param: _fold(domain.add, args),
    "mul": lambda domain, args, param: _fold(domain.mul, args),
    "sub": lambda domain, args, param: _binary(domain.sub, args),
    "div": lambda domain, args, param: _binary(domain.div, args),
    "neg": lambda domain, args, param: _negation(args),
    "pow": _power,
}
_BINARY = {"add": "add", "mul": "mul", "sub": "sub", "div": "div"}  # op -> the domain's method
