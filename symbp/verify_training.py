"""Verification of the optimizer and the regularization beyond the float twin (verify.py calls it).

In:  a solution whose spec has an `[optimizer]` or regularization, the float networks of every
     step (float_path.py), the verification `Report`.
Out: nothing, or a VerificationError naming the first value that disagrees:
  1. central finite differences of the float64 regularized cost J = L + R for every ∂J/∂p of
     every step (an L1-regularized parameter within ±h of its kink at 0, or a ReLU/leaky-ReLU input
     at or crossing its kink within ±h, as verify.py skips it for L, is skipped and counted); each
     perturbed pass starts from the step's unperturbed one (`FloatNet.losses_from`).  Beyond
     verify.FD_PER_GRADIENT_LIMIT parameters, as for L: along random ±1 directions per layer and
     step (a single wrong ∂J/∂p shifts one by exactly its error), and each ∂J/∂p − ∂L/∂p against
     the central difference of R in p alone (R is a sum of one term per parameter);
  2. for small networks, SymPy evaluating each update, state, R, J and ∂J/∂p formula as the
     worked solution writes it (formula.py → SymPy, 40 digits) from the engine's values — a path
     that shares nothing with the compiled graph.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

from .core import identity as ids
from .errors import SpecError, VerificationError
from .fd_second_look import roundoff, second_look
from .float_optimizers import float_penalty

KINDS = ("optimizer_state", "regularized_gradient", "penalty", "regularized_cost", "weight_update", "bias_update")
FD_STEP, FD_TOL = 1e-6, 1e-5
DIGITS, SYMPY_TOL = 45, 10 ** -30  # SymPy's working digits; agreement relative to the largest number involved
SYMPY_LIMIT = 400  # quantities: beyond this the SymPy path is skipped (its cost grows with them)


def overflow(exc: OverflowError) -> SpecError:
    """Bad input (exit 2): numbers whose float64 verification overflows."""
    return SpecError("", f"cannot be verified: float64 overflows on these numbers ({exc}); "
                         "use smaller inputs, weights or learning rate")


def _finite_differences(solution, nets, X, Y, report, per_gradient: bool = True, directions: int = 2) -> None:
    """Central differences of J for every ∂J/∂p (`per_gradient`), or, for a large network, along
    `directions` random ±1 directions per layer and step (as verify.py's of L) with each ∂J/∂p −
    ∂L/∂p against the central difference of R in p alone (`_penalty_gradients`)."""
    spec = solution.spec
    if spec.training.weight_decay is None and spec.training.l1 is None:
        return
    m = len(X)
    wd = float(spec.training.weight_decay or 0)
    l1 = float(spec.training.l1 or 0)

    def term(x: float) -> float:  # one parameter's part of R: R changes by it alone
        return wd / 2 * x * x + l1 * abs(x)

    for t, net in enumerate(nets[:-1], start=1):
        penalty = float_penalty(spec, net)
        samples = [(x, y, net.forward(x)) for x, y in zip(X, Y)]

        for l in range(len(net.W)):
            # a moved parameter of neuron j changes nothing below layer l nor layer l's other neurons: each
            # perturbed pass starts from the unperturbed one (`FloatNet.losses_from`, bit for bit a whole pass)
            def cost(j, moved, l=l):  # (J, the sides of every ReLU/leaky kink of layers l, l + 1, …)
                losses, sides = net.losses_from(l, j, samples)
                total = sum(losses) / m + penalty
                for original, value in moved:  # R changes by the moved parameters' terms alone
                    total = total - term(original) + term(value)
                return total, sides

            sides_here = tuple(net.kink_sides(zs[l:], l) for _, _, (zs, _) in samples)
            params = [("w", (j, k), net.W[l][j], k) for j in range(len(net.W[l])) for k in range(len(net.W[l][j]))]
            if net.B[l] is not None and spec.training.regularize_biases:
                params += [("b", (j,), net.B[l], j) for j in range(len(net.B[l]))]
            named = []
            layer_h = None if per_gradient else FD_STEP * max(1.0, *(abs(holder[pos]) for _, _, holder, pos in params))
            for kind, idx, holder, pos in params:
                parameter = ids.value(ids.WEIGHT if kind == "w" else ids.BIAS, l + 1, idx, t)
                name = ids.name(ids.gradient(ids.Identity(ids.REGULARIZED, step=t), parameter))
                original = holder[pos]
                h = FD_STEP * max(1.0, abs(original)) if per_gradient else layer_h
                if spec.training.l1 is not None and abs(original) <= h:
                    report.kinks_skipped += 1  # |p| is not differentiable at 0
                    continue
                if not per_gradient:
                    named.append((name, parameter, holder, pos, original, h))
                    continue
                def closer(step, moves=((holder, pos, original, 1),), j=idx[0]):  # (J up, J down, no kink crossed)
                    return _costs_at(cost, j, moves, step, sides_here)

                up, down, same = closer(h)
                if not same:
                    report.kinks_skipped += 1  # a ReLU/leaky input at (or crossing) its kink: L has no derivative
                    continue
                numeric = (up - down) / (2 * h)
                engine = float(solution.values[name])
                allowed = FD_TOL + 1e-12 * max(abs(up), 1) / h
                if not math.isclose(engine, numeric, rel_tol=FD_TOL, abs_tol=allowed) \
                        and not second_look(engine, h, closer, FD_TOL, allowed):
                    raise VerificationError(f"verification failed: {name} = {engine!r}, but finite differences of J give {numeric!r}")
                report.finite_differences_of_j += 1
            if named:
                _penalty_gradients(solution, named, term, report)
                _directions(solution, named, cost, sides_here, t, l, directions, report)


def _penalty_gradients(solution, named, term, report) -> None:
    """Each ∂J/∂p − ∂L/∂p (the engine's) against the central difference of R in p alone: R is a
    sum of one term per parameter (a large network's ∂L/∂p are checked along directions, verify.py)."""
    for name, parameter, _, _, original, h in named:
        loss_gradient = ids.name(ids.gradient(ids.value(ids.LOSS, step=parameter.step), parameter))
        numeric = (term(original + h) - term(original - h)) / (2 * h)
        engine = float(solution.values[name]) - float(solution.values[loss_gradient])
        roundoff = 1e-12 * max(abs(float(solution.values[name])), 1) + 1e-12 * max(term(original), 1) / h
        if not math.isclose(engine, numeric, rel_tol=FD_TOL, abs_tol=FD_TOL + roundoff):
            raise VerificationError(f"verification failed: {name} − {loss_gradient} = {engine!r}, but finite differences "
                                    f"of the penalty R give {numeric!r}")
        report.penalty_differences += 1


def _costs_at(cost, j, moves, step: float, sides_here) -> tuple:
    """(J up, J down, whether no kink input changed sides) with `moves` [(holder, position, original,
    sign)] taken ±step (`cost(j, [(original, moved)])`: J, neuron j's layer worked again, or all for
    None); the holders are left as they were."""
    found = []
    for direction in (1, -1):
        moved = []
        for holder, pos, original, v in moves:
            holder[pos] = original + direction * v * step
            moved.append((original, holder[pos]))
        found.append(cost(j, moved))
        for holder, pos, original, _ in moves:
            holder[pos] = original
    (up, sides_up), (down, sides_down) = found
    return up, down, sides_up == sides_here and sides_down == sides_here


def _directions(solution, named, cost, sides_here, t: int, l: int, directions: int, report) -> None:
    """J along random ±1 directions v of a layer's regularized parameters: its central difference
    is Σ v_i·∂J/∂p_i, which a single wrong ∂J/∂p shifts by exactly its error."""
    rng = random.Random(f"J {t}/{l}")
    gradients = [float(solution.values[name]) for name, *_ in named]
    h = named[0][5]  # (one step for the layer: FD_STEP·max(1, max |p|))
    tolerance = FD_TOL * (1 + max(map(abs, gradients)))
    for _ in range(directions):
        signs = [rng.choice((-1, 1)) for _ in named]
        engine = math.fsum(v * g for v, g in zip(signs, gradients))

        moves = [(holder, pos, original, v) for v, (_, _, holder, pos, original, _) in zip(signs, named)]

        def closer(step, moves=moves) -> tuple:  # (J up, J down, no kink crossed) along the direction at ±step
            return _costs_at(cost, None, moves, step, sides_here)

        up, down, same = closer(h)
        if not same:
            report.kinks_skipped += 1  # a ReLU/leaky input crosses its kink: skipped, as verify.py does for L
            continue
        numeric = (up - down) / (2 * h)
        allowed = tolerance + roundoff(up, down, h)
        if abs(engine - numeric) > allowed and not second_look(engine, h, closer, 0.0, allowed):
            raise VerificationError(f"verification failed: the regularized gradients ∂J/∂p of layer {l + 1} at step {t} "
                                    f"along a random direction = {engine!r}, but finite differences of J give {numeric!r}")
        report.directions_of_j += 1


def _sympy_formulas(solution) -> int:
    """Every update, state and regularization formula, evaluated by SymPy from the engine's values."""
    import sympy

    quantities = [q for q in solution.derivation.quantities if q.kind in KINDS]
    if len(quantities) > SYMPY_LIMIT:
        return 0
    values = {**solution.givens, **solution.values}

    def number(value):
        if isinstance(value, Fraction):
            return sympy.Rational(value.numerator, value.denominator)
        return sympy.Float(str(value), DIGITS)

    for q in quantities:
        expression = solution.derivation.expr(q)
        inputs = {symbol: number(values[symbol.name]) for symbol in expression.free_symbols}
        got = expression.xreplace(inputs).evalf(DIGITS)
        scale = max([1, abs(got)] + [abs(v) for v in inputs.values()])
        if abs(number(values[q.name]) - got) > SYMPY_TOL * scale:
            raise VerificationError(f"verification failed: {q.name} = {float(values[q.name])!r}, but SymPy evaluating "
                                    f"its formula gives {float(got)!r}")
    return len(quantities)


def verify_training(solution, nets, X, Y, report, exact_run: bool, per_gradient: bool = True, directions: int = 2) -> None:
    """`per_gradient`: the finite differences of J per ∂J/∂p, else along `directions` random
    directions per layer and step (a large network, verify.FD_PER_GRADIENT_LIMIT)."""
    if solution.spec.training.plain or not exact_run:
        return
    try:
        _finite_differences(solution, nets, X, Y, report, per_gradient, directions)
    except OverflowError as exc:
        raise overflow(exc) from None
    except (ValueError, ZeroDivisionError) as exc:
        raise VerificationError(f"cannot be verified: finite differences of J in float64 fail ({exc})") from None
    report.symbolic_updates = _sympy_formulas(solution)
