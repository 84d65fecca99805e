"""Independent verification: the exact engine's numbers against paths that share none of its code.

1. A plain float64 forward/backward/update (float_path.py) written from the textbook equations,
   with its own activation and loss functions (math.exp, not SymPy), computing every named
   quantity, numerically stable (log-sigmoid, log-sum-exp) so that only undefined values fail
   (within REL_TOL, or 1e-12 absolutely).  Each step is recomputed from the exact engine's
   parameters of that step (as floats), and each update and state by the optimizer's float twin
   (float_optimizers.py, plain SGD's too) from the engine's ∂J/∂p and states of the step before:
   float64 is asked only what it can know.  Each step p@t − p@t+1 (exactly, from the engine's
   values) is also compared with the twin's α·d (`_steps`), so that a wrong update shows even
   where p − α·d cannot show it (α = 1e-12).  A float64 run from the spec's numbers alone cannot
   know an update that is ill-conditioned: at a gradient that is exactly 0 its float64 value is round-off
   (0.1 + 0.2 − 0.3 ≈ 5.6e−17), which Adam's m̂/(√v̂ + ε) (RMSprop's, AdaGrad's g/(√v + ε)) turns
   into a step of α·g/(|g| + ε) ≈ 5.6e−9·α — and then every later step differs as well.  From
   the exact inputs each formula is well-conditioned (v is a sum of squares, exact 0 stays 0)
   and agrees to ~1e−16; each gradient is still compared with the float path's own and with
   finite differences (2.), so that every value is checked and a wrong state or update (a wrong
   bias correction, sign, ε placement, another parameter's step) still disagrees.  A spec whose
   values exceed FLOAT_RANGE (a product of two overflows float64) cannot be verified: that is
   bad input (SpecError naming the value, exit 2), not a disagreement.
2. Central finite differences of the float64 loss for every gradient of every step (beyond
   FD_PER_GRADIENT_LIMIT parameters along random ±1 directions per layer, which shift by exactly
   the error of any single wrong gradient).
3. For small networks, SymPy differentiating the *whole* loss with respect to each parameter at
   step 1 (the slow, naive path), evaluated exactly (verify_symbolic.py) — where it is affordable:
   up to SYMBOLIC_LIMIT parameters, SYMBOLIC_TERMS parameters × samples, and SYMBOLIC_BRANCHES
   branches of kinks nested in kinks.

`verify(solution)` raises VerificationError naming the first quantity that disagrees, and returns
a `Report` of what was checked otherwise.
"""

from __future__ import annotations

import math
import random
import sys
from dataclasses import dataclass, field
from fractions import Fraction

from .errors import SpecError, VerificationError
from .float_batch import differences
from .fd_second_look import roundoff as _roundoff, second_look as _second_look
from .float_path import float_net, float_solution, layer_names, quantity_name  # noqa: F401 (float_net: also used by variants)
from .names import reader_name
from .verify_training import overflow, verify_training

REL_TOL = 1e-9
FD_STEP = 1e-6
FD_TOL = 1e-5
FD_PER_GRADIENT_LIMIT = 1200  # parameters: up to this, finite differences per gradient ...
FD_DIRECTIONS = 2  # ... beyond, along this many random ±1 directions per layer and step (one suffices for a single
# wrong gradient; the second for a direction that meets a ReLU kink)
SYMBOLIC_LIMIT = 20  # parameters: up to this, also sympy.diff of the whole loss ...
SYMBOLIC_TERMS = 60  # ... while parameters × samples stay within this (its cost grows with both: 17 s for 2-3-1 × 64)
FLOAT_RANGE = 1e150  # values beyond it cannot be verified: a product of two of them overflows float64 (1.8·10^308)
_EPSILON = sys.float_info.epsilon


def _close(a: float, b: float, rel: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


@dataclass
class Report:
    """What was verified, for the closing line of a worked solution."""

    quantities: int = 0
    finite_differences: int = 0
    kinks_skipped: int = 0
    finite_difference_directions: int = 0  # large networks: directions compared (per layer and step)
    symbolic: int = 0
    notes: list = field(default_factory=list)
    approximates_exact: bool = False  # the report is of the exact solution a rounded one approximates
    symbolic_updates: int = 0  # optimizer/regularization formulas SymPy evaluated (verify_training.py)
    finite_differences_of_j: int = 0  # regularized gradients ∂J/∂p against finite differences of J
    directions_of_j: int = 0  # large networks: J along random directions (per layer and step)
    penalty_differences: int = 0  # large networks: each ∂J/∂p − ∂L/∂p against finite differences of R


def _layer_parameters(net, l: int, t: int) -> list:
    """[(gradient name, holder, position, neuron)] of layer l's (0-based) weights and biases at step t."""
    params = [(quantity_name("dw", l + 1, (j, k), None, t), net.W[l][j], k, j)
              for j in range(len(net.W[l])) for k in range(len(net.W[l][j]))]
    if net.B[l] is not None:
        params += [(quantity_name("db", l + 1, (j,), None, t), net.B[l], j, j) for j in range(len(net.B[l]))]
    return params


def _parameter_count(net) -> int:
    """The weights and biases of a float network (counted, not listed: 50,000 for 64 × 12)."""
    return sum(len(W) * len(W[0]) + (len(B) if B is not None else 0) for W, B in zip(net.W, net.B))


def _finite_differences(spec, solution_values, nets, X, Y, report: Report) -> None:
    """Central differences of the batch loss for every step: per gradient up to
    FD_PER_GRADIENT_LIMIT parameters, beyond along FD_DIRECTIONS random ±1 directions per layer.

    Along a direction v ∈ {−1, 1}^n of a layer's parameters the difference quotient is Σ v_i·g_i:
    a single wrong gradient g_i shifts it by exactly its error, so any single wrong gradient beyond
    the tolerance is caught, at the cost of a few forward passes per layer instead of two per
    parameter (O(parameters) rather than O(parameters²)).

    A moved parameter of layer l changes nothing below it, nor, for one neuron's parameter, the
    layer's other neurons: each perturbed pass starts from the unperturbed one of the step
    (`FloatNet.loss_from`) and recomputes only what the move changes, by the same operations as a
    whole pass — the batch losses are bit for bit those of whole passes.  Up to
    float_batch.MAX_PARAMETERS, for a shape verified before, every parameter's two passes run
    written out as one generated function (float_batch.py): the same operations, fewer calls.

    A ReLU/leaky-ReLU input at its kink, or crossing it within ±h, makes the loss not
    differentiable (or its difference quotient meaningless) in that parameter: such a gradient
    (or direction) alone is skipped, and counted in `report.kinks_skipped`.  It is still checked
    against the float64 path, which applies ReLU'(0) = 0 as the engine does.
    """
    m, isclose = len(X), math.isclose
    first = nets[0]
    per_gradient = _parameter_count(first) <= FD_PER_GRADIENT_LIMIT
    compiled = differences(first, m) if per_gradient else None  # the same passes, by generated code (float_batch.py)
    for t, net in enumerate(nets[:-1], start=1):
        if compiled is not None:
            gradients = [name for l, (W, B) in enumerate(zip(net.W, net.B), start=1)  # (_layer_parameters' order)
                         for name in (*layer_names("dw", l, len(W), len(W[0]), None, t),
                                      *(layer_names("db", l, len(B), None, None, t) if B is not None else ()))]
            counted = 0
            for grad_name, (h, up, down, same) in zip(gradients, compiled(net.W, net.B, X, Y, FD_STEP)):
                engine = solution_values[grad_name]  # (a float: what float() of the engine's value gives)
                if same and isclose(engine, (up - down) / (2 * h), rel_tol=FD_TOL,
                                    abs_tol=FD_TOL + _roundoff(up, down, h)):
                    counted += 1  # (`_judge`'s verdict written in place where it passes)
                else:  # a kink input changed sides (skipped), or they disagree (a second look, then raises)
                    _judge(grad_name, engine, h, up, down, same, report, closer=_closer_of(net, X, Y, t, grad_name))
            report.finite_differences += counted
            continue
        samples = [(x, y, net.forward(x)) for x, y in zip(X, Y)]
        for l in range(len(net.W)):
            batch_loss, sides_here = _layer_loss(net, samples, l)
            params = _layer_parameters(net, l, t)
            if per_gradient:
                for grad_name, holder, pos, j in params:
                    original = holder[pos]
                    h = FD_STEP * max(1.0, abs(original))
                    _compare(grad_name, float(solution_values[grad_name]), [(holder, pos, original, 1)], h,
                             lambda j=j: batch_loss(j), sides_here, report)
                continue
            rng = random.Random(f"{t}/{l}")
            h = FD_STEP * max(1.0, max(abs(holder[pos]) for _, holder, pos, _ in params))
            gradients = [float(solution_values[g]) for g, _, _, _ in params]
            for d in range(FD_DIRECTIONS):
                signs = [rng.choice((-1, 1)) for _ in params]
                engine = math.fsum(v * g for v, g in zip(signs, gradients))
                # as strict as per gradient for the largest one: any single error beyond it shows
                tolerance = FD_TOL * (1 + max(map(abs, gradients)))
                moves = [(holder, pos, holder[pos], v) for v, (_, holder, pos, _) in zip(signs, params)]
                label = f"the gradients of layer {l + 1} at step {t} along a random direction"
                if _compare(label, engine, moves, h, batch_loss, sides_here, report, tolerance, counted=0):
                    report.finite_difference_directions += 1


def _compare(label: str, engine: float, moves: list, h: float, batch_loss, sides_here, report: Report,
             tolerance: float | None = None, counted: int = 1) -> bool:
    """Central difference of the batch loss along `moves` [(holder, position, original, sign)]
    against `engine` (within FD_TOL, relative and absolute, or an absolute `tolerance`); False when
    a kink lies within ±h (skipped), raises when they disagree."""
    def closer(step: float) -> tuple:
        return _losses_at(moves, step, batch_loss, sides_here)

    up, down, same = closer(h)
    return _judge(label, engine, h, up, down, same, report, tolerance, counted, closer)


def _losses_at(moves: list, step: float, batch_loss, sides_here) -> tuple:
    """(loss up, loss down, whether no kink input changed sides) with `moves` [(holder, position,
    original, sign)] taken ±step; the holders are left as they were."""
    for holder, pos, original, v in moves:
        holder[pos] = original + v * step
    up, sides_up = batch_loss()
    for holder, pos, original, v in moves:
        holder[pos] = original - v * step
    down, sides_down = batch_loss()
    for holder, pos, original, _ in moves:
        holder[pos] = original
    return up, down, sides_up == sides_here and sides_down == sides_here


def _layer_loss(net, samples: list, l: int) -> tuple:
    """(batch loss with layer l's neuron j moved — (loss, kink sides) —, the kink sides unmoved)."""
    m = len(samples)

    def batch_loss(j=None):
        losses, sides = net.losses_from(l, j, samples)
        return sum(losses) / m, sides

    return batch_loss, tuple(net.kink_sides(zs[l:], l) for _, _, (zs, _) in samples)


def _closer_of(net, X, Y, t: int, grad_name: str):
    """`_judge`'s `closer` for one gradient of the generated differences (float_batch.py): the same
    losses, by the per-parameter passes."""
    samples = [(x, y, net.forward(x)) for x, y in zip(X, Y)]
    for l in range(len(net.W)):
        for name, holder, pos, j in _layer_parameters(net, l, t):
            if name == grad_name:
                batch_loss, sides_here = _layer_loss(net, samples, l)
                return lambda step: _losses_at([(holder, pos, holder[pos], 1)], step, lambda: batch_loss(j), sides_here)
    return None


def _judge(label: str, engine: float, h: float, up: float, down: float, same_sides: bool, report: Report,
           tolerance: float | None = None, counted: int = 1, closer=None) -> bool:
    """`_compare`'s verdict on the batch losses `up` and `down` at ±h: False (skipped) where a kink
    input changed sides, raises where the difference quotient disagrees with `engine` — and with
    fd_second_look's Richardson extrapolation (`closer(step)`: the losses at ±step)."""
    if not same_sides:
        report.kinks_skipped += 1
        return False
    numeric = (up - down) / (2 * h)
    rel, abs_tol = (FD_TOL, FD_TOL) if tolerance is None else (0.0, tolerance)
    allowed = abs_tol + _roundoff(up, down, h)
    if not _close(engine, numeric, rel, allowed) and not (closer is not None and _second_look(engine, h, closer, rel, allowed)):
        raise VerificationError(
            f"verification failed: {label} = {engine!r}, but finite differences of L give {numeric!r}")
    report.finite_differences += counted
    return True


def _as_floats(solution) -> dict:
    """The engine's values as floats, by name; a SpecError (bad input, exit 2) naming the first one
    beyond FLOAT_RANGE: such a spec's numbers cannot be verified in float64, however right they are."""
    values = solution.values
    try:  # (a Fraction's float is its numerator / denominator, float() of it without its method call)
        out = {name: value._numerator / value._denominator if type(value) is Fraction else float(value)
               for name, value in values.items()}
        if all(map(FLOAT_RANGE.__ge__, map(abs, out.values()))):  # (NaN is not ≤ anything)
            return out
    except OverflowError:
        pass
    for name, value in values.items():  # the first value beyond the range, named
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not abs(number) <= FLOAT_RANGE:
            import mpmath

            raise SpecError(reader_name(name), f"its value ≈ {mpmath.nstr(_high(value), 2)} is beyond 1e150 in size, the most float64 can "
                                  "verify (a product of two such values overflows); use smaller inputs, weights or learning rate")
    raise AssertionError("unreachable: a value is beyond the range")


def _high(value):
    import mpmath

    return mpmath.mpf(value.numerator) / value.denominator if isinstance(value, Fraction) else value


def _ratio(value) -> tuple[int, int]:
    """(numerator, denominator) of an exact or a 50-digit (binary: m·2^e) value, exactly."""
    if isinstance(value, Fraction):
        return value._numerator, value._denominator  # (the properties' slots)
    sign, mantissa, exponent, _ = value._mpf_  # (finite: _as_floats has refused anything beyond FLOAT_RANGE)
    mantissa = -mantissa if sign else mantissa
    return (mantissa << exponent, 1) if exponent >= 0 else (mantissa, 1 << -exponent)


def _difference(before, after) -> float:
    """before − after exactly, as a float: an int quotient is correctly rounded, the float that
    float() of the exact difference gives."""
    n1, d1 = _ratio(before)
    n2, d2 = _ratio(after)
    if d1 == d2:
        return (n1 - n2) / d1
    return (n1 * d2 - n2 * d1) / (d1 * d2)


def _steps(solution, steps: dict, engine: dict) -> None:
    """Every update's step p@t − p@t+1, from the engine's values exactly, against the float twin's
    α·d from the step's exact inputs — within REL_TOL, or 1e-12 of the step its inputs' magnitudes
    give (cancellation in m = β1·m + (1 − β1)·g), and the engine's own precision (50 digits
    of p): an update's error shows here even where p@t+1 = p − α·d hides it (α = 1e-12)."""
    values, givens = solution.values, solution.givens
    precision = 10.0 ** (5 - solution.digits)
    for new, (old, step, magnitude) in steps.items():
        before, after = givens[old] if old in givens else values[old], values[new]
        tolerance = 1e-12 * magnitude
        if isinstance(before, Fraction) and isinstance(after, Fraction):  # (`_difference` written in place)
            n1, d1, n2, d2 = before._numerator, before._denominator, after._numerator, after._denominator
            exact = (n1 - n2) / d1 if d1 == d2 else (n1 * d2 - n2 * d1) / (d1 * d2)
        else:
            exact = _difference(before, after)
            tolerance += precision * (abs(engine.get(old, 0.0)) + abs(engine[new]) + abs(float(givens.get(old, 0))))
        if abs(exact - step) > REL_TOL * max(abs(exact), abs(step)) + tolerance:
            raise VerificationError(f"verification failed: {old} − {new} = {exact!r} exactly, but float64 "
                                    f"from the step's exact gradient and states gives {step!r}")


def verify(solution, symbolic: bool | None = None) -> Report:
    spec = solution.spec
    report = Report()
    exact_run = solution.round_to is None
    engine = _as_floats(solution)
    steps: dict = {}
    try:
        floats, (nets, X, Y) = float_solution(spec, engine if exact_run else None, steps)
    except KeyError as missing:  # a parameter of a later step the float path starts from (`_anchored`)
        raise VerificationError(f"verification failed: no value for {missing.args[0]}, which plain float64 "
                                "arithmetic computes") from None
    except OverflowError as exc:
        raise overflow(exc) from None
    except (ValueError, ZeroDivisionError) as exc:
        raise VerificationError(
            f"cannot be verified: plain float64 arithmetic fails on these numbers ({exc}); "
            "use smaller weights or inputs") from None
    isclose = math.isclose
    for name, value in engine.items():
        other = floats.get(name)
        if other is None:
            raise VerificationError(f"verification failed: the float path has no value for {reader_name(name)}")
        if exact_run and value != other and not isclose(value, other, rel_tol=REL_TOL, abs_tol=1e-12):
            raise VerificationError(
                f"verification failed: {reader_name(name)} = {value!r} exactly, but plain float64 arithmetic gives {other!r}")
    report.quantities = len(engine)
    if report.quantities != len(floats):  # every quantity has a value (a lost one would pass the loop above)
        missing = next(name for name in floats if name not in solution.values)
        raise VerificationError(f"verification failed: no value for {missing}, which plain float64 arithmetic computes")
    if exact_run:
        _steps(solution, steps, engine)
        try:
            _finite_differences(spec, engine, nets, X, Y, report)  # (the engine's values as floats: `_as_floats`)
        except OverflowError as exc:
            raise overflow(exc) from None
        except (ValueError, ZeroDivisionError) as exc:
            raise VerificationError(f"cannot be verified: finite differences in float64 fail on these numbers ({exc})") from None
        n_params = _parameter_count(nets[0])
        verify_training(solution, nets, X, Y, report, exact_run, n_params <= FD_PER_GRADIENT_LIMIT, FD_DIRECTIONS)
        small = n_params <= SYMBOLIC_LIMIT and n_params * spec.samples <= SYMBOLIC_TERMS
        if symbolic is None and small:  # ... and kinks nested in kinks keep SymPy's whole loss small
            small = _symbolic().affordable(spec.architecture())
        if symbolic if symbolic is not None else small:
            _symbolic().symbolic_gradients(solution, report, engine)
    return report


def _symbolic():
    """The module verify_symbolic.py (imported at first use: it imports this module)."""
    global _SYMBOLIC
    if _SYMBOLIC is None:
        from . import verify_symbolic as _SYMBOLIC
    return _SYMBOLIC


_SYMBOLIC = None
