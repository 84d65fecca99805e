"""SymPy's derivative of the whole loss, the slow, naive path of the verification (verify.py, for
small networks): every step-1 gradient against sympy.diff of the whole step-1 loss (the graph's
forward definitions substituted into each other), evaluated at the spec's numbers exactly or at
50 digits; the derivatives kept in the architecture's cache file (`sympy_cache`).

In:  a solution and the verification `Report`.
Out: report.symbolic counted, or a VerificationError naming the first gradient that disagrees.
"""

from __future__ import annotations

from . import names
from .core import identity as ids
from .core.closures import compile_frozen
from .errors import VerificationError
from .core.numeric import domain as number_domain
from .float_net import KINKED  # (not activations.py: a warm run imports no formula trees)
from .network import Architecture, build
from .verify import REL_TOL, _close


_WHOLE_LOSS_GRADIENTS: dict = {}
# The whole loss with kinks nested in kinks grows fast: SymPy folds the Piecewise of each ReLU's input
# into its condition, so a kinked neuron carries about the product of its kinked inputs' branches.
# Up to this estimate (`branches` × samples) its derivative is affordable; measured (sympy.diff of the
# whole loss, one sample): 2-4-1 ReLU/ReLU 40, 0.3 s; 2-4-4-1 ReLU/ReLU/identity 136, 1.3 s; 3-1-4-1
# leaky/leaky/ReLU 530, 2.9 s (3 samples: 1,590, 10 s); 2-3-3-1 ReLU 8,246, 15 s; 2-2-2-2-2-1 65,812, 91 s.
SYMBOLIC_BRANCHES = 1000


def affordable(architecture: tuple) -> bool:
    """Whether SymPy's whole loss of this architecture stays within SYMBOLIC_BRANCHES branches."""
    return branches(architecture) * architecture[3] <= SYMBOLIC_BRANCHES


def branches(architecture: tuple) -> int:
    """An estimate of the branches of one sample's whole loss once SymPy has folded it (up to just
    past SYMBOLIC_BRANCHES), summed over the kinked neurons: a kinked neuron has 2 × the product of
    its inputs' branches; a smooth one passes that product on unfolded (it multiplies where a kinked
    neuron above folds it)."""
    widths, layers = architecture[0], architecture[1]
    size, total = 1, 0
    for width_below, width, (activation, _, _) in zip(widths, widths[1:], layers):
        size = min(size ** width_below, SYMBOLIC_BRANCHES + 1)
        if activation in KINKED:
            size *= 2
            total += width * size
    return min(total, SYMBOLIC_BRANCHES + 1)
_FORWARD = (ids.PRE_ACTIVATION, ids.ACTIVATION, ids.LOSS)


def _whole_loss_gradients(architecture: tuple) -> list:
    """[(gradient name, SymPy expression)]: sympy.diff of the whole step-1 loss, built by
    substituting the graph's definitions of the forward pass into each other, for every
    parameter.  Once per architecture; the expressions are in the givens only."""
    key = architecture
    if key not in _WHOLE_LOSS_GRADIENTS:
        import sympy

        from .core.symbolic import to_sympy

        network = build(architecture)
        graph = network.graph
        full: dict = {}

        def symbol(identity):
            return full[identity] if identity in full else sympy.Symbol(names.name(identity), real=True)

        for node in graph:
            identity = node.identity
            if node.definition is not None and identity.step == 1 and identity.kind in _FORWARD:
                full[identity] = to_sympy(node.definition, symbol)
        loss = ids.value(ids.LOSS)
        _WHOLE_LOSS_GRADIENTS[key] = [(names.name(ids.gradient(loss, p)), sympy.diff(full[loss], symbol(p)))
                                      for p in network.architecture.parameters(1)]
    return _WHOLE_LOSS_GRADIENTS[key]


def _whole_loss_frozen(architecture: tuple) -> tuple:
    """(shared, gradients): [(name, frozen SymPy expression)] of SymPy's derivatives of the whole
    loss (`_whole_loss_gradients`), their common subexpressions taken out once (the gradients share
    the whole forward pass); kept in the architecture's cache file (`sympy_cache`), read back only
    when it holds a gradient for every parameter, in order, and nothing else."""
    from .core.frozen import freeze
    from .sympy_cache import recall

    def compute():
        import sympy

        gradients = _whole_loss_gradients(architecture)
        shared, reduced = sympy.cse([expr for _, expr in gradients], symbols=sympy.numbered_symbols("cse_"))
        return [[[symbol.name, freeze(expr)] for symbol, expr in shared],
                [[name, freeze(expr)] for (name, _), expr in zip(gradients, reduced)]]

    loss = ids.value(ids.LOSS)
    expected = [names.name(ids.gradient(loss, p)) for p in Architecture(*architecture).parameters(1)]
    return recall("whole_loss_gradients", "step 1", compute, lambda data: _read_frozen_gradients(data, expected))


def _read_frozen_gradients(data, expected: list) -> tuple:
    from .core.frozen import checked

    shared, reduced = data
    shared = [(name, checked(expr)) for name, expr in shared if isinstance(name, str) and name.startswith("cse_")]
    reduced = [(name, checked(expr)) for name, expr in reduced]
    if len(shared) != len(data[0]) or [name for name, _ in reduced] != expected:
        raise ValueError("not the whole loss's gradients")
    return shared, reduced


_COMPILED_GRADIENTS: dict = {}


def symbolic_gradients(solution, report, engine: dict | None = None) -> None:
    """Every step-1 gradient against SymPy's derivative of the whole loss, evaluated at the
    spec's numbers (exactly, or at 50 digits) by the number domain's closures; from the second
    exact solution of an architecture on (a worksheet's variants) by one generated function over
    integers where the derivatives are rational (`integer_expressions.compile_expressions`: the closures'
    values in a quarter of the time, but compiling it costs more than one evaluation saves).
    `engine`: the solution's values as floats (verify's), if the caller has them."""
    architecture = solution.spec.architecture()
    key = (architecture, solution.exact, solution.digits)
    domain = number_domain(solution.digits, solution.exact)  # the solution's own precision (σ(120) needs more than 50)
    made = _COMPILED_GRADIENTS.get(key)
    if made is None:
        frozen = _whole_loss_frozen(architecture)
        made = _COMPILED_GRADIENTS[key] = {"frozen": frozen, "closures": tuple(
            [(name, compile_frozen(expr, domain)) for name, expr in part] for part in frozen)}
    elif solution.exact and "integer" not in made:
        from .integer_expressions import compile_expressions

        made["integer"] = compile_expressions(*made["frozen"], list(solution.givens))  # None: not rational
    if made.get("integer") is not None:  # (as floats: n / d of each exact value, as float() of its Fraction)
        values = zip([name for name, _ in made["frozen"][1]], made["integer"](solution.givens, floats=True))
    else:
        shared, compiled = made["closures"]
        env = {n: domain.number(v) for n, v in solution.givens.items()}
        for name, subexpression in shared:
            env[name] = subexpression(env)
        values = ((grad_name, gradient(env)) for grad_name, gradient in compiled)
    for grad_name, exact in values:
        value = exact if type(exact) is float else float(exact)
        here = engine[grad_name] if engine is not None else float(solution.values[grad_name])
        if not _close(here, value, REL_TOL, 1e-12):
            raise VerificationError(f"verification failed: {grad_name} = {here!r}, but sympy.diff of the whole loss gives {value!r}")
        report.symbolic += 1
