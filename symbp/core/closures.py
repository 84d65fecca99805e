"""Trees and (frozen) SymPy expressions -> closures env -> value in a number domain (`numeric.Domain`).

In:  a tree of `expr.py` (env: Identity -> value) or a SymPy expression (env: symbol name -> value:
     an operation's forward rule, a derivative SymPy worked out, a whole expression), and a domain.
Out: a closure that computes its value with the domain's arithmetic — exact while exact, the
     domain's transcendental functions, piecewise branches chosen by the domain's comparisons.
Compile once, run often: building a SymPy expression per value is what makes wide networks slow.
"""

from __future__ import annotations

import operator
from fractions import Fraction
from functools import partial, reduce
from typing import Callable

from .expr import AllOf, AnyOf, Call, Cases, Compare, Const, Ref

_RELATIONS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt,
              "==": operator.eq, "!=": operator.ne}


def compile_sympy(expr, domain) -> Callable[[dict], object]:
    """A closure env -> value for a SymPy expression (env: symbol name -> value)."""
    from .frozen import freeze

    return compile_frozen(freeze(expr), domain)


def compile_frozen(data, domain) -> Callable[[dict], object]:
    """A closure env -> value for a frozen SymPy expression (`frozen.py`; env: symbol name -> value)."""
    tag, args = data[0], data[1:]
    if tag == "sym":
        key = args[0]
        return lambda env: env[key]
    if tag == "rat":
        value = domain.number(Fraction(args[0], args[1]))
        return lambda env: value
    if tag == "e":
        return lambda env: domain.exp(Fraction(1))
    if tag in ("add", "mul"):
        parts = [compile_frozen(arg, domain) for arg in args]
        op = domain.add if tag == "add" else domain.mul
        return lambda env: reduce(op, (p(env) for p in parts))
    if tag == "powi":
        base, exponent = compile_frozen(args[0], domain), args[1]
        return lambda env: domain.power(base(env), exponent)
    if tag == "powq":  # the q-th root of base to the power p
        base, p, q = compile_frozen(args[0], domain), args[1], args[2]
        return lambda env: domain.power(domain.root(base(env), q), p)
    if tag in _FUNCTIONS:
        function, arg = getattr(domain, _FUNCTIONS[tag]), compile_frozen(args[0], domain)
        return lambda env: function(arg(env))
    if tag == "cases":
        branches = [(compile_frozen(cond, domain), compile_frozen(value, domain)) for value, cond in args]
        return lambda env: _first_branch(branches, env)
    if tag in _KINKED:  # SymPy's own forms of the kinked rules
        parts = [compile_frozen(arg, domain) for arg in args]
        function = getattr(domain, _KINKED[tag])
        return lambda env: function(*[p(env) for p in parts])
    if tag == "undefined":
        return _undefined
    if tag in ("true", "false"):
        constant = tag == "true"
        return lambda env: constant
    if tag in ("and", "or"):
        parts = [compile_frozen(arg, domain) for arg in args]
        combine = all if tag == "and" else any
        return lambda env: combine(p(env) for p in parts)
    if tag == "not":
        inner = compile_frozen(args[0], domain)
        return lambda env: not inner(env)
    if tag == "ite":
        test, then, otherwise = (compile_frozen(arg, domain) for arg in args)
        return lambda env: then(env) if test(env) else otherwise(env)
    if tag == "rel":
        op = domain.relation(_RELATIONS[args[0]])
        lhs, rhs = compile_frozen(args[1], domain), compile_frozen(args[2], domain)
        return lambda env: op(lhs(env), rhs(env))
    raise TypeError(f"cannot evaluate {data!r}")


_FUNCTIONS = {"exp": "exp", "log": "log", "log1p": "log1p", "tanh": "tanh"}  # tag -> the domain's method
_KINKED = {"abs": "abs", "sign": "sign", "max": "largest", "min": "smallest"}


def _undefined(env):
    raise ArithmeticError("the value is undefined")


def _first_branch(branches, env):
    for condition, value in branches:
        if condition(env):
            return value(env)
    raise ArithmeticError("no branch of a piecewise function applies")


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


def compile_slots(tree, domain, slot: Callable) -> Callable:
    """As `compile_tree` with env a list of values and `slot(identity)` a node's index in it, the
    most common definitions (a node, x ∘ y of two nodes, a sum of nodes and products of two nodes:
    z = Σ_k w_jk·a_k + b_j, a gradient's Σ upstream × local; an update p − α·g) as one small
    object each, computed in the same order with the same arithmetic."""
    kind = type(tree)
    if kind is Ref:
        return operator.itemgetter(slot(tree.identity))
    if kind is Call and tree.param is None:
        args = tree.args
        if tree.op in _BINARY and len(args) == 2 and type(args[0]) is Ref and type(args[1]) is Ref:
            return partial(_two_slots, getattr(domain, _BINARY[tree.op]), slot(args[0].identity), slot(args[1].identity))
        if tree.op == "sub" and len(args) == 2 and type(args[0]) is Ref:  # an update p − α·g
            product = _term_slots(args[1], slot)
            if product is not None and product[1] is not None:
                return partial(_minus_product, domain.sub, domain.mul, slot(args[0].identity), *product)
        if tree.op == "add" and len(args) > 1:
            terms = tuple(_term_slots(a, slot) for a in args)
            if all(t is not None for t in terms):
                return partial(_sum_of_products, domain.add, domain.mul, terms)
        if tree.op not in _ARITHMETIC and all(type(a) is Ref for a in args):  # f(z) of the registry
            return partial(_operation_of_slots, domain.operation(tree.op, None, len(args)),
                           tuple(slot(a.identity) for a in args))
    return compile_tree(tree, domain, slot)


def _term_slots(term, slot):
    """(x, None) for a node x, (x, y) for x·y of two nodes, else None."""
    if type(term) is Ref:
        return slot(term.identity), None
    if type(term) is Call and term.op == "mul" and term.param is None and len(term.args) == 2 and \
            type(term.args[0]) is Ref and type(term.args[1]) is Ref:
        return slot(term.args[0].identity), slot(term.args[1].identity)
    return None


def _two_slots(op, first, second, env):
    return op(env[first], env[second])


def _operation_of_slots(apply, slots, env):
    return apply([env[i] for i in slots])


def _minus_product(sub, mul, first, second, third, env):
    return sub(env[first], mul(env[second], env[third]))


def _sum_of_products(add, mul, terms, env):
    """((t_1 + t_2) + t_3) + …, as `_fold` adds."""
    total = None
    for first, second in terms:
        value = env[first] if second is None else mul(env[first], env[second])
        total = value if total is None else add(total, value)
    return total
