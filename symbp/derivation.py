"""The chain rule, applied locally, layer by layer: architecture -> ordered quantities.

Every quantity of the worked solution (z, a, L, δ, ∂L/∂w, ∂L/∂b, updated parameters, at every
sample and step) becomes a `Quantity`: its ordered display formula (a `formula.Node` tree) and its
SymPy expression in terms of the symbols of the quantities it depends on.  Each chain-rule factor
is SymPy differentiating a *local* definition:

    ∂L/∂a_j^L = diff(L, a_j^L)         ∂a_j/∂z_j = diff(f(z_j), z_j)
    ∂z_j^{l+1}/∂a_k^l = diff(z_j^{l+1}, a_k^l) = w_jk^{l+1}
    ∂z_j^l/∂w_jk^l = diff(z_j^l, w_jk^l) = a_k^{l-1}          ∂z_j^l/∂b_j^l = 1

The whole network is never expanded here.  The result depends only on the architecture, so it is
cached: worksheet variants of one architecture share one derivation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from . import names
from .activations import ACTIVATIONS, derivative_function, forward_function
from .formula import Add, Apply, Const, Mul, Node, Partial, Ref, Sub, from_sympy, to_sympy
from .losses import LOSSES

# Kinds of quantity, in the order a step of the worked solution computes them.
PRE_ACTIVATION = "pre_activation"
ACTIVATION = "activation"
SAMPLE_LOSS = "sample_loss"
LOSS = "loss"
OUTPUT_DELTA = "output_delta"
HIDDEN_DELTA = "hidden_delta"
WEIGHT_GRADIENT = "weight_gradient"
BIAS_GRADIENT = "bias_gradient"
WEIGHT_UPDATE = "weight_update"
BIAS_UPDATE = "bias_update"


@dataclass(frozen=True)
class Quantity:
    name: str
    kind: str
    formula: Node  # ordered, for display and evaluation
    layer: int | None = None
    index: tuple = ()
    sample: int | None = None  # 1-based sample of a batch; None for one sample or a batch mean
    step: int = 1
    chain: Node | None = None  # the chain-rule product as partial derivatives (display only)
    unsimplified: Node | None = None  # the chain-rule product before SymPy simplified it


@dataclass
class Derivation:
    """All quantities in order of computation, and the names of the givens they rest on."""

    architecture: tuple
    quantities: list[Quantity]
    givens: list[str]
    by_name: dict[str, Quantity] = field(default_factory=dict)
    _symbols: dict = field(default_factory=dict, repr=False)
    _exprs: dict = field(default_factory=dict, repr=False)  # name -> SymPy expression, memoized

    def __post_init__(self):
        self.by_name = {q.name: q for q in self.quantities}

    def symbol(self, name: str):
        sym = self._symbols.get(name)
        if sym is None:
            import sympy

            sym = self._symbols[name] = sympy.Symbol(name, real=True)
        return sym

    def expr(self, quantity: Quantity):
        """The SymPy expression of a quantity in terms of the symbols it depends on."""
        expr = self._exprs.get(quantity.name)
        if expr is None:
            expr = self._exprs[quantity.name] = to_sympy(quantity.formula, self.symbol)
        return expr


class _Builder:
    def __init__(self, architecture: tuple):
        import sympy

        self.sympy = sympy
        (self.widths, self.layer_info, self.loss_name, self.samples, self.batch, self.steps) = architecture
        self.depth = len(self.widths) - 1
        self.quantities: list[Quantity] = []
        self.givens: dict[str, None] = {}
        self._symbols: dict = {}
        self._exprs: dict = {}  # local definitions already converted, handed to the Derivation

    def sym(self, name: str):
        sym = self._symbols.get(name)
        if sym is None:
            sym = self._symbols[name] = self.sympy.Symbol(name, real=True)
        return sym

    def diff(self, expr, symbol):
        """SymPy's derivative of a local definition; of a sum, only the terms holding `symbol` are
        differentiated (the others contribute 0), which keeps wide layers fast."""
        if expr.is_Add:
            expr = self.sympy.Add(*[term for term in expr.args if symbol in term.free_symbols])
        if expr.is_Mul:  # constant factors stay outside: d(c·u)/dx = c·du/dx
            independent, dependent = expr.as_independent(symbol, as_Add=False)
            return independent * self.sympy.diff(dependent, symbol)
        return self.sympy.diff(expr, symbol)

    def loss_ref(self, smp, t: int) -> Ref:
        """The loss a chain rule starts from: the sample's own (L[s]) in a batch, at step t."""
        return Ref(names.name("L", None, (), smp, t))

    def add(self, q: Quantity) -> Quantity:
        self.quantities.append(q)
        return q

    def given(self, name: str) -> Ref:
        self.givens.setdefault(name, None)
        return Ref(name)

    def sample_of(self, s: int) -> int | None:
        return s if self.batch else None

    def param(self, kind: str, l: int, idx: tuple, t: int) -> Ref:
        n = names.name(kind, l, idx, None, t)
        return self.given(n) if t == 1 else Ref(n)

    # ---- forward pass -------------------------------------------------------------------------
    def forward(self, t: int, s: int) -> dict:
        """z and a of every layer for sample s at step t; returns the local definitions."""
        smp = self.sample_of(s)
        local = {}
        for l in range(1, self.depth + 1):
            activation, has_bias, slope = self.layer_info[l - 1]
            zs = []
            for j in range(self.widths[l]):
                terms = []
                for k in range(self.widths[l - 1]):
                    prev = (self.given(names.name("a", 0, (k,), smp)) if l == 1
                            else Ref(names.name("a", l - 1, (k,), smp, t)))
                    terms.append(Mul((self.param("w", l, (j, k), t), prev)))
                if has_bias:
                    terms.append(self.param("b", l, (j,), t))
                z = self.add(Quantity(names.name("z", l, (j,), smp, t), PRE_ACTIVATION, Add(tuple(terms)),
                                      l, (j,), smp, t))
                zs.append(z)
                local[z.name] = self._exprs[z.name] = to_sympy(z.formula, self.sym)
            function = forward_function(activation, slope)
            for j in range(self.widths[l]):
                if ACTIVATIONS[activation].elementwise:
                    formula = Apply(function, (Ref(zs[j].name),))
                else:
                    formula = Apply(function, tuple(Ref(z.name) for z in zs) + (Const(Fraction(j)),))
                self.add(Quantity(names.name("a", l, (j,), smp, t), ACTIVATION, formula, l, (j,), smp, t))
        outputs = [names.name("a", self.depth, (j,), smp, t) for j in range(self.widths[-1])]
        targets = [self.given(names.name("y", None, (j,), smp)) .name for j in range(self.widths[-1])]
        loss = self.add(Quantity(names.name("L", None, (), smp, t), SAMPLE_LOSS if self.batch else LOSS,
                                 LOSSES[self.loss_name].build(outputs, targets), None, (), smp, t))
        local[loss.name] = self._exprs[loss.name] = to_sympy(loss.formula, self.sym)
        return local

    def batch_mean(self, kind: str, quantity_name, t: int, **fields) -> Quantity:
        share = Const(Fraction(1, self.samples))
        parts = tuple(Ref(quantity_name(s)) for s in range(1, self.samples + 1))
        return self.add(Quantity(quantity_name(None), kind, Mul((share, Add(parts))), step=t, **fields))

    # ---- backward pass ------------------------------------------------------------------------
    def output_delta(self, t: int, s: int, local: dict, j: int) -> Quantity:
        sp = self.sympy
        smp = self.sample_of(s)
        L = self.depth
        activation, _, slope = self.layer_info[L - 1]
        loss = local[names.name("L", None, (), smp, t)]
        a = [names.name("a", L, (i,), smp, t) for i in range(self.widths[L])]
        z = [names.name("z", L, (i,), smp, t) for i in range(self.widths[L])]
        delta = names.name("delta", L, (j,), smp, t)
        if ACTIVATIONS[activation].elementwise:
            dL_da = from_sympy(sp.factor(sp.diff(loss, self.sym(a[j]))))
            formula = Mul((dL_da, Apply(derivative_function(activation, slope), (Ref(z[j]),))))
            chain = Mul((Partial(self.loss_ref(smp, t), Ref(a[j])), Partial(Ref(a[j]), Ref(z[j]))))
            return self.add(Quantity(delta, OUTPUT_DELTA, formula, L, (j,), smp, t, chain))
        # softmax: δ_j = Σ_i ∂L/∂a_i · ∂a_i/∂z_j with ∂a_i/∂z_j = a_i(δ_ij − a_j)
        terms, product = [], 0
        for i in range(self.widths[L]):
            dL_da = sp.diff(loss, self.sym(a[i]))
            jac = self.sym(a[i]) * ((1 if i == j else 0) - self.sym(a[j]))
            terms.append(Mul((from_sympy(dL_da), Ref(a[i]), Sub(Const(Fraction(int(i == j))), Ref(a[j])))))
            product += dL_da * jac
        chain = Add(tuple(Mul((Partial(self.loss_ref(smp, t), Ref(a[i])), Partial(Ref(a[i]), Ref(z[j])))) for i in range(len(a))))
        if not LOSSES[self.loss_name].targets_sum_to_one:
            # nothing cancels: the chain-rule sum itself is the most readable form
            return self.add(Quantity(delta, OUTPUT_DELTA, Add(tuple(terms)), L, (j,), smp, t, chain))
        # The targets sum to 1: eliminate one target other than y_j (y_r = 1 − Σ_{i≠r} y_i) and
        # expand, so that Σ_i y_i collapses to 1 and y_j survives: δ_j = a_j − y_j.
        ys = [self.sym(names.name("y", None, (i,), smp)) for i in range(self.widths[L])]
        r = next((i for i in range(len(ys) - 1, -1, -1) if i != j), j)
        simplified = sp.expand(sp.expand(product).xreplace({ys[r]: 1 - sp.Add(*(y for i, y in enumerate(ys) if i != r))}))
        return self.add(Quantity(delta, OUTPUT_DELTA, from_sympy(simplified), L, (j,), smp, t, chain,
                                 unsimplified=Add(tuple(terms))))

    def hidden_delta(self, t: int, s: int, local: dict, l: int, k: int) -> Quantity:
        smp = self.sample_of(s)
        activation, _, slope = self.layer_info[l - 1]
        a_k = names.name("a", l, (k,), smp, t)
        z_k = names.name("z", l, (k,), smp, t)
        terms, chain_terms = [], []
        for j in range(self.widths[l + 1]):
            z_next = names.name("z", l + 1, (j,), smp, t)
            dz_da = from_sympy(self.diff(local[z_next], self.sym(a_k)))
            terms.append(Mul((dz_da, Ref(names.name("delta", l + 1, (j,), smp, t)))))
            chain_terms.append(Mul((Partial(Ref(z_next), Ref(a_k)), Partial(self.loss_ref(smp, t), Ref(z_next)))))
        derivative = Apply(derivative_function(activation, slope), (Ref(z_k),))
        chain = Mul((Add(tuple(chain_terms)), Partial(Ref(a_k), Ref(z_k))))
        return self.add(Quantity(names.name("delta", l, (k,), smp, t), HIDDEN_DELTA,
                                 Mul((Add(tuple(terms)), derivative)), l, (k,), smp, t, chain))

    def gradients(self, t: int, s: int, local: dict, l: int) -> None:
        smp = self.sample_of(s)
        _, has_bias, _ = self.layer_info[l - 1]
        for j in range(self.widths[l]):
            z = names.name("z", l, (j,), smp, t)
            delta = Ref(names.name("delta", l, (j,), smp, t))
            for k in range(self.widths[l - 1]):
                w = self.param("w", l, (j, k), t)
                dz_dw = from_sympy(self.diff(local[z], self.sym(w.name)))
                self.add(Quantity(names.name("dw", l, (j, k), smp, t), WEIGHT_GRADIENT, Mul((delta, dz_dw)),
                                  l, (j, k), smp, t, Mul((Partial(self.loss_ref(smp, t), Ref(z)), Partial(Ref(z), w)))))
            if has_bias:
                b = self.param("b", l, (j,), t)
                assert self.diff(local[z], self.sym(b.name)) == 1
                self.add(Quantity(names.name("db", l, (j,), smp, t), BIAS_GRADIENT, delta, l, (j,), smp, t,
                                  Mul((Partial(self.loss_ref(smp, t), Ref(z)), Partial(Ref(z), b)))))

    def backward(self, t: int, s: int, local: dict) -> None:
        for j in range(self.widths[-1]):
            self.output_delta(t, s, local, j)
        self.gradients(t, s, local, self.depth)
        for l in range(self.depth - 1, 0, -1):
            for k in range(self.widths[l]):
                self.hidden_delta(t, s, local, l, k)
            self.gradients(t, s, local, l)

    def parameter_names(self):
        for l in range(1, self.depth + 1):
            _, has_bias, _ = self.layer_info[l - 1]
            for j in range(self.widths[l]):
                for k in range(self.widths[l - 1]):
                    yield "w", "dw", WEIGHT_UPDATE, l, (j, k)
                if has_bias:
                    yield "b", "db", BIAS_UPDATE, l, (j,)

    def step(self, t: int) -> None:
        for s in range(1, self.samples + 1):
            self.backward(t, s, self.forward(t, s))
        if self.batch:
            self.batch_mean(LOSS, lambda s: names.name("L", None, (), s, t), t)
            for _, grad, _, l, idx in self.parameter_names():
                kind = WEIGHT_GRADIENT if grad == "dw" else BIAS_GRADIENT
                self.batch_mean(kind, lambda s, g=grad, l=l, idx=idx: names.name(g, l, idx, s, t), t,
                                layer=l, index=idx)
        alpha = self.given(names.LEARNING_RATE)
        for param, grad, kind, l, idx in self.parameter_names():
            formula = Sub(self.param(param, l, idx, t), Mul((alpha, Ref(names.name(grad, l, idx, None, t)))))
            self.add(Quantity(names.name(param, l, idx, None, t + 1), kind, formula, l, idx, None, t + 1))

    def build(self) -> Derivation:
        for t in range(1, self.steps + 1):
            self.step(t)
        final = self.steps + 1
        for s in range(1, self.samples + 1):
            self.forward(final, s)
        if self.batch:
            self.batch_mean(LOSS, lambda s: names.name("L", None, (), s, final), final)
        derivation = Derivation(self.architecture, self.quantities, list(self.givens))
        derivation._symbols = self._symbols
        derivation._exprs = self._exprs
        return derivation


@lru_cache(maxsize=32)
def derive(architecture: tuple) -> Derivation:
    """The derivation for an architecture (`Spec.architecture()`), cached."""
    builder = _Builder(architecture)
    builder.architecture = architecture
    return builder.build()
