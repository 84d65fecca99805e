"""The engine against independent routes (issue 2, sections 3, 7 and the acceptance values).

1. Every chain-rule product of the derivation (each delta, dL/dw, dL/db) equals SymPy
   differentiating the WHOLE loss, which this file builds itself from the textbook definitions
   (z = W a + b, a = f(z), L = loss(a, y)) without using the engine's network code: symbolically
   (identity networks everywhere, ReLU ones region by region, 1-1-1 sigmoid/tanh by simplify),
   exactly at random rational points for rational networks (Piecewise ReLU), to 40 digits for
   sigmoid/tanh, and numerically against the engine's evaluated numbers.
2. The reference network's values, hand-checked, as printed by `symbp derive --format json`.
3. A sabotaged engine is caught: exit code 3, the quantity named, nothing written.
4. Exact arithmetic is exact: 0.1 is 1/10, and "1/3" stays a fraction.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import pytest
import sympy

from helpers import EXAMPLE_NN231, cli_runner, json_key, naming, symbp_here, spec_table
from symbp import evaluate, verify as verify_module
from symbp.errors import VerificationError
from symbp.evaluate import solve
from symbp.pipeline import derive_solution
from symbp.spec import spec_from_dict
from symbp.verify import verify

CHAIN_RULE_KINDS = ("output_delta", "hidden_delta", "weight_gradient", "bias_gradient")
UPDATE_KINDS = ("weight_update", "bias_update")


# ---------------------------------------------------------------------------------------------
# The independent network: the definitions of the textbook, written here, as one SymPy expression
# ---------------------------------------------------------------------------------------------

def _sym(name: str):
    return sympy.Symbol(name, real=True)


def _activation(name: str, z, slope):
    """f(z), written independently of symbp.activations (ReLU'(0) = 0: the kink belongs to z <= 0)."""
    if name == "relu":
        return sympy.Piecewise((z, z > 0), (0, True))
    if name == "leaky_relu":
        return sympy.Piecewise((z, z > 0), (slope * z, True))
    if name == "sigmoid":
        return 1 / (1 + sympy.exp(-z))
    if name == "tanh":
        return sympy.tanh(z)
    if name == "identity":
        return z
    raise AssertionError(f"no independent definition for {name}")


def _sample_loss(name: str, outputs, targets):
    squares = sympy.Add(*[(a - y) ** 2 for a, y in zip(outputs, targets)])
    if name == "half_sse":
        return squares / 2
    if name == "mse":
        return squares / len(outputs)
    raise AssertionError(f"no independent definition for {name}")


@dataclass(frozen=True)
class Network:
    """A test network: architecture and the numbers of its spec."""

    label: str
    widths: tuple
    activations: tuple
    loss: str
    samples: int = 1
    steps: int = 1
    slope: Fraction = Fraction(1, 10)
    seed: int = 0

    @property
    def batch(self) -> bool:
        return self.samples > 1

    def suffix(self, sample, step) -> str:
        return (f"[{sample}]" if sample else "") + (f"@{step}" if step >= 2 else "")


@dataclass
class WholeLoss:
    """The loss of one step as one expression in the parameters of that step, inputs and targets.

    `perturb[(l, j, s)]` is a symbol ε added to z_j^l of sample s, so that δ_j^l = ∂L_s/∂ε at ε = 0.
    """

    loss: object  # the (batch) loss
    sample_losses: dict  # sample (None for a single sample) -> its loss
    perturb: dict


@lru_cache(maxsize=None)
def whole_loss(net: Network, step: int) -> WholeLoss:
    step_suffix = net.suffix(None, step)
    sample_losses, perturb = {}, {}
    for s in range(1, net.samples + 1):
        smp = s if net.batch else None
        inputs = [_sym(f"a_{k}^0" + net.suffix(smp, 1)) for k in range(net.widths[0])]
        previous = inputs
        for l in range(1, len(net.widths)):
            current = []
            for j in range(net.widths[l]):
                eps = perturb[(l, j, smp)] = sympy.Symbol(f"eps_{j}^{l}[{s}]", real=True)
                z = sympy.Add(*[_sym(f"w_{j}{k}^{l}" + step_suffix) * previous[k] for k in range(net.widths[l - 1])])
                z = z + _sym(f"b_{j}^{l}" + step_suffix) + eps
                current.append(_activation(net.activations[l - 1], z, sympy.Rational(net.slope)))
            previous = current
        targets = [_sym(f"y_{j}" + net.suffix(smp, 1)) for j in range(net.widths[-1])]
        sample_losses[smp] = _sample_loss(net.loss, previous, targets)
    loss = sympy.Add(*sample_losses.values()) / net.samples
    return WholeLoss(loss, sample_losses, perturb)


def independent_derivative(net: Network, quantity):
    """sympy.diff of the whole loss for one chain-rule quantity of the derivation (ε set to 0)."""
    return _derivative(net, quantity.kind, quantity.layer, quantity.index, quantity.sample, quantity.step)


@lru_cache(maxsize=None)
def _derivative(net: Network, kind: str, layer: int, index: tuple, sample, step: int):
    whole = whole_loss(net, step)
    zero = {eps: 0 for eps in whole.perturb.values()}
    suffix = net.suffix(None, step)
    if kind in ("output_delta", "hidden_delta"):
        (j,) = index
        return sympy.diff(whole.sample_losses[sample], whole.perturb[(layer, j, sample)]).xreplace(zero)
    loss = whole.loss if sample is None else whole.sample_losses[sample]
    if kind == "weight_gradient":
        j, k = index
        parameter = _sym(f"w_{j}{k}^{layer}" + suffix)
    else:
        (j,) = index
        parameter = _sym(f"b_{j}^{layer}" + suffix)
    return sympy.diff(loss.xreplace(zero), parameter)


def chain_rule_products(derivation) -> dict:
    """Each chain-rule quantity with its local definitions substituted down to the givens of its
    step (parameters of step t >= 2 stay symbols: they are that step's free parameters)."""
    full, products = {}, {}
    for q in derivation.quantities:
        if q.kind in UPDATE_KINDS:
            continue
        full[derivation.symbol(q.name)] = derivation.expr(q).xreplace(full)
        if q.kind in CHAIN_RULE_KINDS:
            products[q] = full[derivation.symbol(q.name)]
    return products


# ---------------------------------------------------------------------------------------------
# Networks and their numbers
# ---------------------------------------------------------------------------------------------

NETWORKS = [
    Network("1-1-1 relu half_sse", (1, 1, 1), ("relu", "relu"), "half_sse"),
    Network("1-1-1 sigmoid mse", (1, 1, 1), ("sigmoid", "sigmoid"), "mse", seed=1),
    Network("1-1-1 identity half_sse", (1, 1, 1), ("identity", "identity"), "half_sse", seed=2),
    Network("2-2-1 tanh/identity half_sse", (2, 2, 1), ("tanh", "identity"), "half_sse", seed=3),
    Network("2-2-1 leaky_relu mse", (2, 2, 1), ("leaky_relu", "leaky_relu"), "mse", seed=4),
    Network("2-3-1 relu half_sse", (2, 3, 1), ("relu", "relu"), "half_sse", seed=5),
    Network("2-3-1 sigmoid/identity mse", (2, 3, 1), ("sigmoid", "identity"), "mse", seed=6),
    Network("2-2-2-1 relu/tanh/sigmoid half_sse", (2, 2, 2, 1), ("relu", "tanh", "sigmoid"), "half_sse", seed=7),
    Network("2-2-2-1 identity/leaky_relu/relu mse", (2, 2, 2, 1), ("identity", "leaky_relu", "relu"), "mse", seed=8),
    Network("2-2-2 identity mse, two outputs", (2, 2, 2), ("identity", "identity"), "mse", seed=9),
    Network("1-2-2 relu half_sse, batch of 2", (1, 2, 2), ("relu", "identity"), "half_sse", samples=2, seed=10),
    Network("2-2-1 sigmoid/relu half_sse, 2 steps", (2, 2, 1), ("sigmoid", "relu"), "half_sse", steps=2, seed=11),
    Network("2-2-1 relu/identity mse, batch of 2, 2 steps", (2, 2, 1), ("relu", "identity"), "mse",
            samples=2, steps=2, seed=12),
]
RATIONAL = {"relu", "leaky_relu", "identity"}


def _random_rational(rng: random.Random) -> Fraction:
    return Fraction(rng.randint(-12, 12), rng.choice([4, 5, 7, 10]))


def random_spec(net: Network, rng: random.Random):
    """A spec of the network's architecture with random rational numbers (as "p/q" strings)."""
    def matrix(rows, cols):
        return [[_random_rational(rng) for _ in range(cols)] for _ in range(rows)]

    weights = [matrix(net.widths[l], net.widths[l - 1]) for l in range(1, len(net.widths))]
    biases = [[_random_rational(rng) for _ in range(net.widths[l])] for l in range(1, len(net.widths))]
    inputs = matrix(net.samples, net.widths[0])
    targets = matrix(net.samples, net.widths[-1])
    table = spec_table(net.widths, net.activations, net.loss, weights, biases, inputs, targets,
                       learning_rate=Fraction(1, 4), steps=net.steps, negative_slope=net.slope)
    return spec_from_dict(table, name=net.label)


def _to_sympy_number(value):
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.Float(str(value), 50)  # an mpmath value of 50 digits


def point_of(solution, step: int) -> dict:
    """Symbol -> exact value of every leaf of step `step`: givens, and the parameters of that step."""
    point = {_sym(n): sympy.Rational(v.numerator, v.denominator) for n, v in solution.givens.items()}
    if step >= 2:
        for q in solution.derivation.quantities:
            if q.kind in UPDATE_KINDS and q.step == step:
                point[_sym(q.name)] = _to_sympy_number(solution.values[q.name])
    return point


def _agree(left, right, exact: bool) -> bool:
    if exact:
        return left.is_Rational and right.is_Rational and left == right
    difference = sympy.N(left - right, 50)
    scale = max(1, abs(sympy.N(right, 50)))
    return abs(difference) < sympy.Float("1e-40") * scale


def _all_rational(net: Network) -> bool:
    return set(net.activations) <= RATIONAL


@pytest.fixture(scope="module", params=NETWORKS, ids=lambda n: n.label)
def network(request):
    return request.param


def _differences(net: Network, solution, products) -> list[str]:
    """Quantities whose chain-rule product differs from the derivative of the whole loss at the
    solution's own numbers (the derivative of the whole loss is evaluated exactly/to 50 digits)."""
    exact = _all_rational(net)
    wrong = []
    for quantity, product in products.items():
        point = point_of(solution, quantity.step)
        ours = product.xreplace(point)
        theirs = independent_derivative(net, quantity).xreplace(point)
        if not _agree(ours, theirs, exact):
            wrong.append(f"{quantity.name}: chain rule {ours} != diff of whole loss {theirs}")
    return wrong


def test_every_chain_rule_quantity_is_covered(network):
    """The comparison below sees every delta and gradient, at every sample and step."""
    solution = solve(random_spec(network, random.Random(network.seed)))
    products = chain_rule_products(solution.derivation)
    depth = len(network.widths) - 1
    parameters = sum(network.widths[l] * (network.widths[l - 1] + 1) for l in range(1, depth + 1))
    neurons = sum(network.widths[1:])
    per_sample = neurons + parameters  # one delta per neuron, one gradient per parameter
    batch_means = parameters if network.batch else 0
    assert len(products) == network.steps * (network.samples * per_sample + batch_means)


@pytest.mark.parametrize("point", range(3))
def test_chain_rule_equals_diff_of_whole_loss_at_random_points(network, point):
    """At three random rational points: exactly for rational networks, to 40 digits otherwise."""
    solution = solve(random_spec(network, random.Random(1000 * network.seed + point)))
    products = chain_rule_products(solution.derivation)
    assert _differences(network, solution, products) == []


def test_engine_numbers_equal_diff_of_whole_loss(network):
    """The evaluated (compiled) engine values, not just its formulas, equal the whole-loss derivative."""
    solution = solve(random_spec(network, random.Random(network.seed)))
    wrong = []
    for quantity in chain_rule_products(solution.derivation):
        theirs = independent_derivative(network, quantity).xreplace(point_of(solution, quantity.step))
        engine = solution.values[quantity.name]
        if solution.exact:
            ok = theirs.is_Rational and Fraction(int(theirs.p), int(theirs.q)) == engine
        else:
            ok = abs(sympy.N(theirs, 50) - sympy.Float(str(engine), 50)) < sympy.Float("1e-40") * max(1, abs(float(engine)))
        if not ok:
            wrong.append(f"{quantity.name}: engine {engine} != {theirs}")
    assert wrong == []


def on_region(expr, point: dict):
    """The expression on the linear region of every (leaky) ReLU that contains `point`: each
    Piecewise replaced by its branch that holds at the point, symbolically (no number substituted)."""
    def branch(*pairs):
        for pair in pairs:
            if pair.cond == sympy.true or bool(pair.cond.xreplace(point)):
                return pair.expr
        raise AssertionError(f"no branch of {pairs} holds at the point")

    return expr.replace(sympy.Piecewise, branch)


RATIONAL_NETWORKS = [n for n in NETWORKS if set(n.activations) <= RATIONAL]


@pytest.mark.parametrize("net", RATIONAL_NETWORKS, ids=lambda n: n.label)
def test_chain_rule_equals_diff_of_whole_loss_symbolically_on_a_region(net):
    """ReLU/leaky ReLU/identity networks: on the region of a random point each side is a
    polynomial in all the symbols (weights, biases, inputs, targets), and expanding their
    difference gives 0: a symbolic proof on that whole region (for identity networks, everywhere)."""
    solution = solve(random_spec(net, random.Random(net.seed)))
    wrong = []
    for quantity, product in chain_rule_products(solution.derivation).items():
        point = point_of(solution, quantity.step)
        ours, theirs = on_region(product, point), on_region(independent_derivative(net, quantity), point)
        assert not (ours.has(sympy.Piecewise) or theirs.has(sympy.Piecewise))
        if sympy.expand(ours - theirs) != 0:
            wrong.append(quantity.name)
    assert wrong == []


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_chain_rule_equals_diff_of_whole_loss_symbolically_for_smooth_1_1_1(activation):
    """1-1-1 sigmoid/tanh: the difference simplifies to 0 as an expression in all the symbols."""
    net = Network(f"1-1-1 {activation}", (1, 1, 1), (activation, activation), "half_sse")
    solution = solve(random_spec(net, random.Random(0)))
    products = chain_rule_products(solution.derivation)
    wrong = [q.name for q, product in products.items()
             if sympy.simplify((product - independent_derivative(net, q)).rewrite(sympy.exp)) != 0]
    assert wrong == []


def test_relu_derivative_at_the_kink_is_zero():
    """ReLU'(0) = 0, as in the reference document: z_0^1 = 0 exactly gives delta_0^1 = 0."""
    # z_0^1 = 1/2·2 + (−1) = 0; the output layer passes a nonzero error back
    table = spec_table((1, 1, 1), ("relu", "identity"), "half_sse",
                       weights=[[[Fraction(1, 2)]], [[Fraction(3)]]], biases=[[Fraction(-1)], [Fraction(1)]],
                       inputs=[[Fraction(2)]], targets=[[Fraction(5)]])
    solution = solve(spec_from_dict(table))
    assert (solution["z_0^1"], solution["delta_0^2"], solution["delta_0^1"]) == (0, -4, 0)


# ---------------------------------------------------------------------------------------------
# The reference network, nn231 (issue 2's acceptance values, hand-checked)
# ---------------------------------------------------------------------------------------------

NN231 = {
    # step 1 forward pass and cost
    "z_0^1": "-0.5", "z_1^1": "1.1", "z_2^1": "1.8",
    "a_0^1": "0", "a_1^1": "1.1", "a_2^1": "1.8",
    "z_0^2": "0.5", "a_0^2": "0.5", "L": "0.5",
    # output layer
    "delta_0^2": "-1",
    "dL/dw_00^2": "0", "dL/dw_01^2": "-1.1", "dL/dw_02^2": "-1.8", "dL/db_0^2": "-1",
    # hidden layer
    "delta_0^1": "0", "delta_1^1": "-0.9", "delta_2^1": "0.3",
    "dL/dw_00^1": "0", "dL/dw_01^1": "0",
    "dL/dw_10^1": "-0.9", "dL/dw_11^1": "-1.8",
    "dL/dw_20^1": "0.3", "dL/dw_21^1": "0.6",
    "dL/db_0^1": "0", "dL/db_1^1": "-0.9", "dL/db_2^1": "0.3",
    # step 2's parameters
    "w_00^1@2": "0.2", "w_01^1@2": "-0.4",
    "w_10^1@2": "-0.21", "w_11^1@2": "0.98",
    "w_20^1@2": "0.47", "w_21^1@2": "0.64",
    "b_0^1@2": "0.1", "b_1^1@2": "-0.11", "b_2^1@2": "-0.13",
    "w_00^2@2": "-0.6", "w_01^2@2": "1.01", "w_02^2@2": "-0.12", "b_0^2@2": "0.15",
    # step 2's forward pass and cost
    "z_0^1@2": "-0.5", "z_1^1@2": "1.64", "z_2^1@2": "1.62",
    "z_0^2@2": "1.612", "a_0^2@2": "1.612", "L@2": "0.006272",
}


@pytest.fixture(scope="module")
def nn231_key():
    return json_key(symbp_here("derive", EXAMPLE_NN231, "--format", "json"))


@pytest.mark.parametrize("name", NN231)
def test_nn231_exact_value(nn231_key, name):
    assert nn231_key["exact"][name] == NN231[name]


@pytest.mark.parametrize("name", NN231)
def test_nn231_float_value(nn231_key, name):
    assert nn231_key["values"][name] == float(Fraction(NN231[name]))


# ---------------------------------------------------------------------------------------------
# Sabotage: verification must fail loudly, naming the quantity
# ---------------------------------------------------------------------------------------------

def nn231_spec():
    from symbp.spec import load_spec

    return load_spec(EXAMPLE_NN231)


@pytest.mark.parametrize("name", ["z_1^1", "L", "delta_2^1", "dL/dw_10^1", "dL/db_0^2", "w_21^1@2", "L@2"])
def test_verify_names_a_tampered_value(name):
    solution = solve(nn231_spec())
    solution.values[name] += Fraction(1, 1000)
    with pytest.raises(VerificationError, match=naming(name)):
        verify(solution)


@pytest.mark.parametrize("name", ["L", "a_0^1", "w_21^1@2"])
def test_verify_names_a_lost_value(name):
    # a quantity the solution lost (two names run together, a step left out) is no agreement
    solution = solve(nn231_spec())
    del solution.values[name]
    with pytest.raises(VerificationError, match=f"no value for {naming(name)}"):
        verify(solution)


def _tampered_program(monkeypatch, target: str, shift: Fraction):
    """Put one quantity off by `shift` in both engines: the graph's compiled step of it, and what
    the layer-wise engine (layerwise_run.py), which computes an exact solution, gives for it."""
    from dataclasses import replace

    from symbp import layerwise_run, names, straight

    # (a worksheet built earlier in this process lets straight.py solve nn231: not tampered with here)
    monkeypatch.setattr(straight, "_PREFERRED", set())
    computed = layerwise_run.values

    def tampered(compiled, spec):
        numbers, lifted = computed(compiled, spec)
        numbers[target] += shift
        return numbers, lifted

    monkeypatch.setattr(layerwise_run, "values", tampered)

    spec = nn231_spec()
    program = evaluate.compile_program(spec.architecture())
    identity = names.parse(target)
    steps = [replace(step, compute=(lambda f: (lambda env: f(env) + shift))(step.compute))
             if step.identity == identity else step for step in program.steps]
    monkeypatch.setattr(program, "steps", steps)
    return spec


@pytest.mark.parametrize("name", ["delta_1^1", "dL/dw_20^1", "b_2^1@2"])
def test_derive_solution_rejects_a_tampered_compiled_program(monkeypatch, name):
    spec = _tampered_program(monkeypatch, name, Fraction(1, 100))
    with pytest.raises(VerificationError, match=naming(name)):
        derive_solution(spec)


def _collude_float_path(monkeypatch):
    """Make the float path repeat whatever the (tampered) engine computes (its values and its
    steps p − p@2); keep its networks for the finite differences."""
    real = verify_module.float_solution

    def colluding(spec, *args):
        floats, rest = real(spec, *args)
        floats.update({name: float(value) for name, value in solve(spec).values.items()})
        return floats, rest

    monkeypatch.setattr(verify_module, "float_solution", colluding)
    monkeypatch.setattr(verify_module, "_steps", lambda *args: None)  # its steps too


def test_finite_differences_catch_a_gradient_the_float_path_agrees_with(monkeypatch):
    """Even if the float path repeated the engine's mistake, the finite differences catch it."""
    spec = _tampered_program(monkeypatch, "dL/dw_11^1", Fraction(1, 100))
    _collude_float_path(monkeypatch)
    with pytest.raises(VerificationError, match=naming("dL/dw_11^1") + ".*finite differences"):
        derive_solution(spec)


def test_sympy_diff_catches_a_gradient_the_other_paths_agree_with(monkeypatch):
    """With the float path colluding and finite differences switched off, sympy.diff still catches it."""
    spec = _tampered_program(monkeypatch, "dL/db_1^1", Fraction(1, 100))
    _collude_float_path(monkeypatch)
    monkeypatch.setattr(verify_module, "_finite_differences", lambda *args: None)
    with pytest.raises(VerificationError, match=naming("dL/db_1^1") + ".*sympy.diff"):
        derive_solution(spec, symbolic=True)


def test_cli_exits_3_and_writes_nothing_when_the_engine_is_wrong(monkeypatch, tmp_path):
    from symbp.cli import main

    _tampered_program(monkeypatch, "delta_0^2", Fraction(1, 10))
    target = tmp_path / "out" / "nn231.json"
    result = cli_runner().invoke(main, ["derive", "--example", "nn231", "-o", str(target)])
    assert (result.exit_code, bool(re.search(naming("delta_0^2"), result.stderr)),
            "Traceback" in result.stderr + result.stdout) == (3, True, False)
    assert not target.exists() and not any(tmp_path.rglob("*.json*"))


# ---------------------------------------------------------------------------------------------
# Exact arithmetic
# ---------------------------------------------------------------------------------------------

def test_decimals_are_exact():
    """0.3 − 0.1·0.9 is exactly 0.21 (in floats it is 0.21000000000000002)."""
    solution = solve(nn231_spec())
    assert solution.values["w_10^1@2"] == Fraction(-21, 100)


def _one_neuron(x, w, b, y, learning_rate):
    """A 1-1 identity network with half_sse, worked by hand in Fractions."""
    z = w * x + b
    delta = z - y
    return {"z_0^1": z, "L": (y - z) ** 2 / 2, "delta_0^1": delta, "dL/dw_00^1": delta * x,
            "dL/db_0^1": delta, "w_00^1@2": w - learning_rate * delta * x, "b_0^1@2": b - learning_rate * delta}


ONE_THIRD_TABLE = {
    "layers": [1, 1], "activation": "identity", "loss": "half_sse", "learning_rate": "1/3",
    "input": ["1/3"], "target": [1], "layer": [{"weights": [["2/3"]], "biases": [0.1]}],
}
ONE_THIRD = _one_neuron(Fraction(1, 3), Fraction(2, 3), Fraction(1, 10), Fraction(1), Fraction(1, 3))


@pytest.mark.parametrize("name", ONE_THIRD)
def test_thirds_stay_exact_fractions(name):
    solution = solve(spec_from_dict(ONE_THIRD_TABLE))
    assert solution.values[name] == ONE_THIRD[name]


@pytest.fixture(scope="module")
def thirds_key(tmp_path_factory):
    spec_file = tmp_path_factory.mktemp("thirds") / "thirds.toml"
    spec_file.write_text(
        'layers = [1, 1]\nactivation = "identity"\nloss = "half_sse"\nlearning_rate = "1/3"\n'
        'input = ["1/3"]\ntarget = [1]\n[[layer]]\nweights = [["2/3"]]\nbiases = [0.1]\n')
    return json_key(symbp_here("derive", spec_file, "--format", "json"))


@pytest.mark.parametrize("name", ONE_THIRD)
def test_json_exact_of_a_non_terminating_value_is_p_over_q(thirds_key, name):
    value = ONE_THIRD[name]
    assert thirds_key["exact"][name] == f"{value.numerator}/{value.denominator}"
