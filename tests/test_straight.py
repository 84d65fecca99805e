"""straight.py (a rational architecture's graph program as integer code) against evaluate's own run
of the graph (Fractions through the number domain), and numbers.round_ratio against the Decimal
rounding it stands in for: the same values, types, rounded names — exact and in the calculator mode."""

from __future__ import annotations

import random
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest

from symbp import evaluate, numbers, straight
from symbp.core.numeric import domain as numeric_domain
from symbp.layout import Layout
from symbp.spec import spec_from_dict

RATIONAL = ("relu", "leaky_relu", "identity")


def rational_spec(seed: int) -> dict:
    """A ReLU/leaky/identity network on a 0.1 grid: 1-2 hidden layers, half_sse or mse, batch or
    not, 1-2 steps, some layers without bias."""
    rng = random.Random(seed)
    widths = [rng.randint(1, 3) for _ in range(rng.randint(2, 3))] + [rng.randint(1, 2)]
    samples = rng.choice((1, 1, 2, 3))
    layers = []
    for l in range(1, len(widths)):
        table = {"weights": [[rng.randint(-9, 9) / 10 for _ in range(widths[l - 1])] for _ in range(widths[l])],
                 "activation": rng.choice(RATIONAL)}
        if rng.random() < 0.25:
            table["bias"] = False
        else:
            table["biases"] = [rng.randint(-5, 5) / 10 for _ in range(widths[l])]
        if table["activation"] == "leaky_relu":
            table["negative_slope"] = rng.choice((0.1, 0.2))
        layers.append(table)
    inputs = [[rng.choice((-2, -1, 1, 2, 0.5)) for _ in range(widths[0])] for _ in range(samples)]
    targets = [[rng.randint(-9, 9) / 10 for _ in range(widths[-1])] for _ in range(samples)]
    data = {"layers": widths, "loss": rng.choice(("half_sse", "mse")), "learning_rate": rng.choice((0.1, 0.5)),
            "steps": rng.randint(1, 2), "layer": layers}
    if samples == 1:
        data |= {"input": inputs[0], "target": targets[0]}
    else:
        data |= {"inputs": inputs, "targets": targets}
    return data


def _solved(spec, round_to, preferred: bool):
    architecture = spec.architecture()
    straight._PREFERRED.discard(architecture)
    if preferred:
        straight.prefer(architecture)
    round_sums = Layout(spec, "auto", carried=True).rounded_sums(evaluate.derive(architecture)) if round_to else frozenset()
    try:
        return evaluate.solve(spec, round_to, round_sums)
    finally:
        straight._PREFERRED.discard(architecture)


def _shape(solution) -> tuple:
    return ([(name, type(value), value) for name, value in solution.values.items()], solution.givens, solution.exact,
            solution.digits, sorted(solution.rounded), sorted(solution.stable), solution.round_to)


@pytest.mark.parametrize("seed", range(24))
def test_the_straight_program_gives_the_graphs_values(seed):
    spec = spec_from_dict(rational_spec(seed))
    for round_to in (None, 3, 4):
        assert _shape(_solved(spec, round_to, True)) == _shape(_solved(spec, round_to, False)), round_to


def test_the_straight_program_runs_and_falls_back_where_a_value_is_lifted():
    """Two steps of a batch outgrow MAX_EXACT_BITS somewhere in the corpus: the graph's run lifts
    them (and the straight program is not used for that spec); most specs run straight."""
    ran = 0
    for seed in range(24):
        spec = spec_from_dict(rational_spec(seed))
        straight.prefer(spec.architecture())
        key = (spec.architecture(), None, frozenset())
        straight._PROGRAMS.pop(key, None)
        solution = evaluate.solve(spec)
        program = straight._PROGRAMS[key][1]
        assert program is not None
        try:
            program.run(evaluate.given_values(spec))
            ran += 1
        except straight.Fallback:
            assert not solution.exact
        straight._PREFERRED.discard(spec.architecture())
    assert ran >= 12


def _decimal_rounding(value: Fraction, digits: int) -> Fraction:
    """round_significant's Decimal way (numbers.to_decimal, then quantize half up)."""
    dec = numbers.to_decimal(value)
    if dec == 0:
        return Fraction(0)
    with localcontext() as ctx:
        ctx.prec = 200
        return Fraction(dec.quantize(Decimal(1).scaleb(dec.adjusted() - digits + 1), rounding="ROUND_HALF_UP"))


def test_rounding_in_integers_is_the_decimal_rounding():
    rng = random.Random(7)
    for i in range(20000):
        digits = rng.randint(1, 12)
        kind = i % 4
        if kind == 0:  # decimals
            value = Fraction(rng.randint(-10**6, 10**6), 10 ** rng.randint(0, 12))
        elif kind == 1:  # ties m5·10^k
            value = Fraction((10 * rng.randint(1, 10**digits) + 5) * (-1) ** i, 10 ** rng.randint(0, 20))
        elif kind == 2:  # next to a power of ten
            value = Fraction(10) ** rng.randint(-10, 10) + Fraction(rng.choice((-1, 1)), rng.randint(1, 10**20))
        else:  # long ratios, up to the integer way's 300 bits
            value = Fraction(rng.getrandbits(rng.randint(1, 300)) * rng.choice((-1, 1)), rng.getrandbits(rng.randint(1, 300)) | 1)
        assert numbers.round_significant(value, digits) == _decimal_rounding(value, digits), (value, digits)


SMALL = {  # ReLU (the reference network), and leaky ReLU into identity with mse, a batch of 2, one layer without bias
    "nn231": None,
    "leaky": {"layers": [2, 2, 1], "loss": "mse", "learning_rate": 0.1, "inputs": [[1, -2], [2, 1]], "targets": [[0.5], [-1]],
              "layer": [{"weights": [[0.2, -0.4], [-0.3, 0.8]], "biases": [0.1, -0.2], "activation": "leaky_relu",
                         "negative_slope": 0.1},
                        {"weights": [[-0.6, 0.9]], "bias": False, "activation": "identity"}]},
}


@pytest.mark.parametrize("name", SMALL)
def test_frozen_expressions_in_integers_are_the_closures_values(name):
    """integer_expressions.compile_expressions of SymPy's whole-loss derivatives (verify_symbolic.py's check, with
    their common subexpressions, booleans among them) gives the exact values compile_frozen's
    closures give, for random numbers on the spec's architecture."""
    from symbp.core.closures import compile_frozen
    from symbp.integer_expressions import compile_expressions
    from symbp.resources import example_path
    from symbp.spec import load_spec
    from symbp.verify_symbolic import _whole_loss_frozen

    spec = load_spec(example_path(name)) if SMALL[name] is None else spec_from_dict(SMALL[name])
    shared, reduced = _whole_loss_frozen(spec.architecture())
    givens = evaluate.given_values(spec)
    compiled = compile_expressions(shared, reduced, list(givens))
    assert compiled is not None
    domain = numeric_domain(rational_only=True)
    closures = ([(n, compile_frozen(e, domain)) for n, e in shared], [compile_frozen(e, domain) for _, e in reduced])
    rng = random.Random(name)
    for _ in range(30):
        numbers = {n: Fraction(rng.randint(-20, 20), 10) for n in givens}
        env = dict(numbers)
        for n, closure in closures[0]:
            env[n] = closure(env)
        assert compiled(numbers) == [closure(env) for closure in closures[1]]
    integers = {n: rng.randint(-2, 2) for n in givens}  # (inputs that are not Fractions: taken as Fraction() takes them)
    assert compiled(integers) == compiled({n: Fraction(v) for n, v in integers.items()})


@pytest.mark.parametrize("name", ["nn231", "leaky", "sigmoid"])
def test_the_sympy_check_refuses_a_wrong_gradient_by_either_evaluation(name):
    """verify_symbolic evaluates the whole-loss derivatives by the domain's closures, and from an
    architecture's second exact solution on by the generated integer function (not for sigmoid: 50
    digits): each counts every parameter's gradient, and each refuses a gradient off by 1/1000."""
    import copy

    from symbp import verify_symbolic
    from symbp.errors import VerificationError
    from symbp.resources import example_path
    from symbp.spec import load_spec
    from symbp.verify import Report, _as_floats

    if name == "sigmoid":
        table = dict(SMALL["leaky"], activation="sigmoid", loss="bce", targets=[[0.5], [1]])
        table["layer"] = [dict(layer, activation="sigmoid") for layer in table["layer"]]
        table["layer"][0].pop("negative_slope")
        spec = spec_from_dict(table)
    else:
        spec = load_spec(example_path(name)) if SMALL[name] is None else spec_from_dict(SMALL[name])
    solution = evaluate.solve(spec)
    key = (spec.architecture(), solution.exact, solution.digits)
    verify_symbolic._COMPILED_GRADIENTS.pop(key, None)
    gradients = [n for n in solution.values if n[:5] in ("dL/dw", "dL/db") and not n.endswith("]") and "@" not in n]
    for use in ("closures", "integer function where exact"):  # the first solution of an architecture, then later ones
        report = Report()
        verify_symbolic.symbolic_gradients(solution, report)
        assert report.symbolic == len(gradients) == {"nn231": 13, "leaky": 8, "sigmoid": 8}[name]  # the parameters
        assert (verify_symbolic._COMPILED_GRADIENTS[key].get("integer") is not None) == (use != "closures" and name != "sigmoid")
        for target in (gradients[0], gradients[-1]):
            tampered = copy.copy(solution)
            tampered.values = {**solution.values, target: solution.values[target] + Fraction(1, 1000)}
            with pytest.raises(VerificationError, match="sympy.diff"):
                verify_symbolic.symbolic_gradients(tampered, Report())
            with pytest.raises(VerificationError, match="sympy.diff"):  # with the floats verify passes it
                verify_symbolic.symbolic_gradients(tampered, Report(), _as_floats(tampered))


def test_a_short_decimal_is_what_rounding_gives_back():
    """The calculator's generated code leaves a value unrounded where `_scales` shows it a decimal of
    at most `digits` significant digits: there the rounding itself gives it back unchanged."""
    from math import gcd

    scales = straight._scales()
    rng = random.Random(11)
    short = 0
    for _ in range(20000):
        digits = rng.randint(1, 8)
        n, d = rng.randint(-10**6, 10**6), 2 ** rng.randint(0, 12) * 5 ** rng.randint(0, 12) * rng.choice((1, 1, 3, 7))
        g = gcd(n, d)
        n, d = n // g, d // g
        m = scales.get(d)
        if m is not None and abs(n * m) < 10 ** digits:
            short += 1
            assert straight._rounded(n, d, digits) == (n, d), (n, d, digits)
    assert short > 1000
