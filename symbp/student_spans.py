"""What a student's numbers may be, for marking: the values of each, rounded on the way or not.

In:  a verified `Solution`, the student's `Answers`, the marker's own numbers (`env`: the answer's,
     or what follows from them where none was written), the same as the key's calculator chain
     rounds them (`rounded_env`), and the significant digits of the sheet and of the rule.
Out: `StudentValues.explains(quantity, written, rule)`: whether a written value is one the formula
     gives from the answer's own numbers with every value on the way rounded to those digits or
     not, in any mixture (rounding_span.py) — a value worked out on the way (Σ_k w·δ, f'(z)) taken
     as the answer writes it, or worked out again; a number the answer does not write is what
     follows from its own numbers, exact or as the calculator chain rounds it.
     `beyond_rounding(...)`: whether a wrong number is far enough from all of those values (more
     than two units of its last digit) for a slip of the pen to explain it (diagnose.py).

Values left out are followed LEFT_OUT_LEVELS (two) levels down a chain of them as intervals, the last
as points (`number`); where the chain runs deeper (an update written alone: ∂L/∂w, δ, a, e^z of a softmax
all left out), a written value is also right when one whole careful route through the chain gives it
(`route_to`, route_search.py: every value rounded on the way as above, each taken alike wherever it is
read, worked out exactly) — a route found, never an interval's hull.

A number the answer writes (with a decimal point and enough digits) is read, where what follows
uses it, as any value that rounds to it at the digits written — the interval [w − h, w + h], h half
a unit of its last written digit — which its own numbers before it reach (`number`): a student
who writes 0.5128 may work on with 0.51277 kept in the calculator, but one who writes 1.01 for an
exact 1.01 holds 1.01.  The written value itself is marked as written (marking.py); only its use widens.
"""

from __future__ import annotations

from .rounding_span import SLACK, SheetDigits, Values, fewest_on_the_way, holds, reaches, values_of
from .intervals import CAP, _normal
from .student_formulas import DERIVATIVE, formula_names, formula_parts, read_as, read_twice, within_outputs
from .stable_bce import cancelled_formula
from .tasks import ON_THE_WAY

LEFT_OUT_LEVELS = 2  # how far down a chain of values left out their own formulas' rounding is followed


class StudentValues:
    def __init__(self, solution, answers, env: dict, rounded_env: dict, digits: tuple, minimum: int):
        from .carry import taught

        self.answers, self.env, self.rounded_env = answers, env, rounded_env
        # f'(z) and Σ_k w·δ left out, where the answer writes their neuron's a or z (with neither, a value written
        # alone — 0.008800 for δ = 0.008771 — was right: the suite)
        left_out = [q for q in solution.derivation.quantities if q.kind in ON_THE_WAY
                    and answers.values.get(q.name) is None and _neuron_written(q, answers)]
        on_the_way = [node for q in left_out for node in (q.formula, taught(q.formula))] + \
            [_z_of(q) for q in left_out if q.kind == "activation_derivative"]  # (f'(z) in δ's formula: by its z)
        fewest = fewest_on_the_way(minimum)
        self.digits = SheetDigits(digits, fewest, on_the_way) if fewest < min(digits) else digits
        self.written = _Written(self)  # a formula node, or an f'(z)'s local name -> the written value
        self.names: dict = {}  # each key of `written` -> the name of the quantity written
        self.rounding: dict = {}  # a worked-out quantity's name -> every value that rounds to its written number
        self.read: dict = {}  # a quantity's name -> the values it may be where it is read (`number`: made then)
        self.as_written: dict = {}  # the same, each number exactly as written (`reaches_exactly`)
        self.by_name = solution.derivation.by_name
        self.order = {q.name: i for i, q in enumerate(solution.derivation.quantities)}
        self.spec = solution.spec
        self.kept: dict = {}  # a quantity not written down -> the values a student's own working gives it
        # per level k = 1, 2, …: a value not written down, k levels down a chain of such values -> `number`'s values
        self.deeper: list[dict] = [{} for _ in range(LEFT_OUT_LEVELS - 1)]
        self.route_values: dict = {}  # (a quantity's name, a written value, its unit) -> (`route_to`'s value,
        # the units it searched within, whether with an `accepts`)
        self.route_program = None  # route_program.Routes of this answer's numbers, made when first needed
        for q in solution.derivation.quantities:
            w = answers.values.get(q.name)
            if w is not None:
                self.rounding[q.name] = within_outputs(read_as(w, minimum), q, self.spec)
                self.as_written[q.name] = Values.of(w.value)
            if q.kind in ON_THE_WAY and w is not None:
                # read as `number` gives it (Σ_k w·δ, a ReLU's f'(z): what the numbers before it reach, as any
                # number written); a σ'(z) as every value that rounds to it (worked in steps, beyond the ways)
                if q.kind == "activation_derivative" and not _exact_derivative(q, self.spec):
                    self.read[q.name] = self.rounding[q.name]
                for node in (q.formula, taught(q.formula)):
                    self.written.setdefault(node, q.name)
                    self.names.setdefault(node, q.name)
                if q.kind == "activation_derivative":
                    self.written[q.name] = q.name
                    self.names[q.name] = q.name
        self.written_as_written = {key: self.as_written[name] for key, name in self.names.items()}

    def explains(self, quantity, written, rule, truth: dict | None = None) -> bool:
        """Whether the written value of `quantity` follows from the answer's own numbers (or,
        with `truth`, from the true ones), rounded on the way in any mixture (module docstring);
        a number that claims an exact value (0, 12) also when it is exactly what one gives."""
        from .agreement import HALF_UNIT, could_be_rounding

        if self._reached(quantity, truth, lambda values: holds(written, values, rule)):
            return True
        if truth is None:
            route = self.route_to(quantity, written, HALF_UNIT, lambda value: holds(written, Values.of(value), rule))
            if route is not None and holds(written, Values.of(route), rule):
                return True
        return not could_be_rounding(written) and self.reaches_exactly(quantity, written, truth)

    def explains_formula(self, formula, written, rule) -> bool:
        """Whether the written number follows from the answer's own numbers by `formula` (a slip's,
        diagnose.py), rounded on the way in any mixture as `explains` allows for the quantity's own:
        σ'(a) for σ'(z) with σ(a) and σ'(a) rounded to 4 digits is that slip too."""
        env = _Numbers(self, None)
        for through_output in ((True, False) if DERIVATIVE in formula_parts(formula) else (True,)):
            outer = values_of(formula, env, self.digits, through_output, {}, coarse=True)
            if outer is None or not holds(written, outer, rule):
                continue
            if holds(written, values_of(formula, env, self.digits, through_output, {}, formula_names(formula),
                                        split=read_twice(formula)), rule):
                return True
        return False

    def reaches_exactly(self, quantity, written, truth: dict | None = None) -> bool:
        """Whether a number that claims an exact value (0, 12; no decimal point) is exactly what
        arithmetic on rounded numbers gives `quantity` in some mixture: at z = 8, 1 + e^−8 kept to 4
        digits is 1.000, so a = 1 and σ'(z) = a(1 − a) = 0, written "0" — right with a = 1.0000
        written (a(1 − a) through it), and as right with a left out.  The numbers written count as
        written (not as the values that round to them: 1 − a for a written 0.9000 is 0 only at
        0.9000 itself), one left out as any value the student's own working gives it, rounded or
        not.  A function value is never exact however it is rounded (σ(20) is not 1: "1" stays
        wrong), and neither is an f'(z) worked from z rather than through a."""
        from .formula import Apply

        top = quantity.formula
        if isinstance(top, Apply) and not top.function.is_derivative:
            return False
        for args in self._ways(quantity, truth, exact=True):
            if isinstance(top, Apply) and not args[3]:  # f'(z) from z: a function value
                continue
            outer = values_of(*args, coarse=True)  # quick: a value outside it, no mixture gives
            if outer is not None and not reaches(written, outer):
                continue
            if reaches(written, values_of(*args, formula_names(top), split=read_twice(top))):
                return True
        return False

    def worked(self, name: str, env: "_Numbers") -> Values:
        """The values a quantity left out may have in a student's own working (`reaches_exactly`):
        what its formula gives from the numbers before it, rounded or not, and the values the
        marking carries on (exact, and as the key's chain rounds it)."""
        from .intervals import rounded_or_not

        if name not in self.kept:
            quantity = self.by_name[name]
            found = self.own(name)
            for through_output in (True, False):
                values = values_of(quantity.formula, env, self.digits, through_output, {},
                                   formula_names(quantity.formula))
                found = found.union(rounded_or_not(values, self.digits) if values is not None else None)
            self.kept[name] = found
        return self.kept[name]

    def number(self, name: str) -> Values:
        """The values a number may be where a formula reads it, in a careful student's working.
        Written (`rounding`): those that round to it which its formula reaches from the numbers
        before it — a calculator holds no other: an a = 1.01 written for an exact 1.01 stands for
        1.01 itself, not for [1.005, 1.015] (which let a wrong L = ½(0.4 − 1.015)² = 0.1891 pass
        for ½(0.4 − 1.01)² = 0.18605), one written for 1.0149 for 1.0149 and its roundings; where
        they reach none of them (a wrong number, carried as written), all that round to it.  Left
        out: what its formula gives from the numbers before it, rounded on the way in any mixture
        (f'(z) from z, products rounded: a δ not written but worked so, then ∂L/∂w = δ·x) and kept
        to the sheet's digits or more, besides the marker's own (`own`).  The values left out before
        it count there as their own formula gives them, rounded on the way, with the ones left out
        before those as the marker's own: LEFT_OUT_LEVELS (two) levels of such rounding (a z and a δ
        left out, f'(z) from z), not a whole chain — intervals worked through a chain lose what ties
        them (Adam's m̂/√v̂, ±1 for any g, became [−1, 1] where g cancels); three levels accepted
        values 5 units off (a tanh network with every third value written: 10 of 144 slips more).  And one interval, their hull: a union
        of many, read twice (z_1 in e^{z_1}/Σ e^{z_i}), was taken apart at each reading, and
        a = 0.6567 for 0.6556 was "right".
        A given: its value.  The numbers it reads are worked out first, in order of computation
        (no recursion along a long chain)."""
        if name not in self.by_name:
            return self.own(name)
        if name not in self.read:
            self._work_out(name)
        return self.read[name]

    def _work_out(self, name: str) -> None:
        """`number` of `name` and of what it reads, in order of computation: a written number reads
        `number` of those before it; one left out at level k (k values left out above it in the
        chain: `number`'s own, level 0) reads `number` of the written ones and level k + 1 of those
        left out, which are points (the marker's own) from level LEFT_OUT_LEVELS on."""
        wanted: dict = {}  # (name, level) -> True, in the order found
        todo = [(name, 0)]
        while todo:
            n, level = todo.pop()
            if (n, level) in wanted or n in (self.read if level == 0 else self.deeper[level - 1]):
                continue
            wanted[n, level] = True
            below = level + (n not in self.rounding)  # the level of a value left out that n reads
            for d in formula_names(self._resolved(self.by_name[n]).formula):
                if d in self.by_name and (d in self.rounding or below < LEFT_OUT_LEVELS):
                    todo.append((d, 0 if d in self.rounding else below))
        for n, level in sorted(wanted, key=lambda item: (self.order[item[0]], -item[1])):
            reads = None if n in self.rounding else level + 1
            if level == 0:
                self.read[n] = self._worked_out(n, reads)
            else:
                self.deeper[level - 1][n] = self._worked_out(n, reads)

    def _resolved(self, quantity):
        """The quantity whose working a value left out copies (∂L/∂b = δ): a copy is the same number, worked
        as its source is — no value deeper in the chain of those left out (∂L/∂b_0^2@2 = 2.564 written alone
        was wrong where δ_0^2@2 = 2.564 alone was right: ∂L/∂b read δ one level deeper than δ reads its own)."""
        from .formula import Ref

        while isinstance(quantity.formula, Ref) and quantity.formula.name in self.by_name \
                and quantity.formula.name not in self.rounding:
            quantity = self.by_name[quantity.formula.name]
        return quantity

    def own(self, name: str) -> Values:
        """The marker's own values of a number: the answer's, or what follows from its numbers exactly
        and as the key's calculator chain rounds it (points: not marking.WHOLE_CHAINS's too — a hull
        of those with these accepted values between them that no way gives)."""
        return Values.of(self.env[name], *([self.rounded_env[name]] if name in self.rounded_env else []))

    def _worked_out(self, name: str, left_out: int | None) -> Values:
        """`number`'s values of one quantity, the numbers it reads worked out already (`left_out`:
        how it reads those left out, _Numbers)."""
        from .intervals import CAP_IN_USE, intersection, rounded_or_not, widened

        quantity = self.by_name[name]
        rounding = self.rounding.get(name)
        ways = list(self._ways(quantity, None, left_out=left_out))

        def reach(coarse: bool = False) -> Values | None:
            found = None
            for args in ways:
                values = values_of(*args, coarse=True) if coarse else \
                    values_of(*args, formula_names(args[0]), split=read_twice(args[0]))
                found = values.union(found) if values is not None else found
            return rounded_or_not(found, self.digits) if found is not None else None

        if rounding is None:  # left out: one interval (values_of splits it alike where read twice), so
            token = CAP_IN_USE.set(1)  # worked out as one on the way (quick)
            try:
                found = reach()
            finally:
                CAP_IN_USE.reset(token)
            return Values((self.own(name).union(found).hull(),))
        outer = reach(coarse=True)  # quick: what it does not meet, no mixture reaches (a wrong number)
        if outer is None or intersection(rounding, widened(outer, SLACK)) is None:
            return rounding
        fine = reach()
        found = intersection(rounding, widened(fine, SLACK)) if fine is not None else None
        # and the number as written, carried on as the sheet says ("go on with the rounded values"): a_0^1 = 1.45
        # written with the rule's 3 digits for 1.447948 is 1.45 where it is read, which rounding to the sheet's 4
        # digits and more never gives (stop 66's student tester: 1.3·1.45 − 0.9·1.1065298 + 0.1 = 0.9891 was wrong)
        return found or rounding

    def written_steps_used(self, quantity, written, rule) -> tuple:
        """The names of the values written on the way (f'(z), (W^T δ)_k) that `explains` needs to
        give the written value: () when their worked-out values give it too.  A value that follows
        from a wrong f'(z) as written is carried from it, not right (marking.py)."""
        if self._reached(quantity, None, lambda values: holds(written, values, rule), use_written=False):
            return ()
        parts = formula_parts(quantity.formula)
        return tuple(dict.fromkeys(self.names[key] for key in self._written_before(quantity) if key in parts))

    def near(self, quantity, written, units, truth: dict | None = None) -> bool:
        """Whether the written number is at most `units` units of its last digit from a value some
        way of working `quantity` reaches (as `explains`, but with that margin)."""
        from .agreement import unit

        margin, w = units * unit(written), written.value
        return self._reached(quantity, truth, lambda values: values is not None and any(
            s.low - margin <= w <= s.high + margin for s in values.spans))

    def route_to(self, quantity, written, units, accepts=None) -> "Fraction | None":
        """Where the chain of values left out before `quantity` runs deeper than LEFT_OUT_LEVELS: the value
        of a careful route through it (route_search.py: each value left out worked from its own formula
        all the way back, rounded on the way as the module docstring says, and read alike wherever it is
        read) within `units` units of the written number's last digit that `accepts` (default: any), or
        the closest the search found; None where the levels reach every value left out (or no route is
        searched or defined).  One search answers a later one as wide or wider, with no `accepts` or the
        same (its passes stop only nearer the written number, past every route that does not accept, so
        they come at least as near): a wrong value's `beyond_rounding` reads `explains`' search."""
        from fractions import Fraction

        from .agreement import unit
        from .carry import taught
        from .route_program import Routes
        from .route_search import closest

        step = unit(written)
        if step is None:  # (a number without digits to count: 1/3)
            return None
        key = (quantity.name, written.value, step)
        known = self.route_values.get(key)
        if known is None or known[1] > units or (accepts is not None and not known[2]):
            quantity = self._resolved(quantity)
            found = None
            if self._deeper_than_levels(quantity):
                if self.route_program is None:
                    self.route_program = Routes(self._source, formula_names, self._place,
                                                dict(self.names), self.digits)
                cancelled = cancelled_formula(self.spec, quantity)
                formulas = (quantity.formula,) + ((cancelled,) if cancelled is not None else ())
                skip = frozenset((quantity.formula, taught(quantity.formula), quantity.name))
                margin = Fraction(units) * step
                found = closest(self.route_program, formulas, written.value - margin, written.value + margin, skip,
                                accepts or (lambda value: True))
            self.route_values[key] = found, units, accepts is not None
        return self.route_values[key][0]

    def _deeper_than_levels(self, quantity) -> bool:
        """Whether a chain of values left out that `quantity` reads runs past LEFT_OUT_LEVELS (where
        `number` reads the last as points: the answer's own values and the key's chain's)."""
        todo, seen = [(quantity, -1)], set()
        while todo:
            q, level = todo.pop()
            for d in formula_names(q.formula):
                if d not in self.by_name or d in self.rounding:
                    continue
                below = self._resolved(self.by_name[d])
                if below.name in self.rounding:  # (a copy of a number written)
                    continue
                if level + 1 >= LEFT_OUT_LEVELS:
                    return True
                if (below.name, level + 1) not in seen:
                    seen.add((below.name, level + 1))
                    todo.append((below, level + 1))
        return False

    def _source(self, name: str):
        """Where a number comes from, for route_program.Routes: a given's value, what a number written stands
        for where it is read (`number`), a copy's source (∂L/∂b = δ), a value left out's ways of working it."""
        if name not in self.by_name:
            return ("given", self.env[name]) if name in self.env else None
        if name in self.rounding:
            return "written", self.number(name)
        quantity = self._resolved(self.by_name[name])
        if quantity.name != name:
            return "same", quantity.name
        cancelled = cancelled_formula(self.spec, quantity)
        return "left out", (quantity.formula,) + ((cancelled,) if cancelled is not None else ())

    def _place(self, name: str) -> int:
        return self.order.get(name, -1)

    def _reached(self, quantity, truth: dict | None, accepts, use_written: bool = True) -> bool:
        """Whether some way of working `quantity` gives `Values` that `accepts` (a test that holds
        of an interval whenever it holds of a part of it); the outer ends, quick to work out, first:
        what they do not accept, no mixture gives."""
        for args in self._ways(quantity, truth, use_written):
            outer = values_of(*args, coarse=True)
            if outer is not None and not accepts(outer):
                continue
            if accepts(values_of(*args, formula_names(args[0]), split=read_twice(args[0]))):
                return True
        return False

    def beyond_rounding(self, quantity, written, references: tuple, truth: dict) -> bool | None:
        """Whether a wrong number is more than diagnose.ROUNDING_UNITS units of its last digit from
        every value accepted as right (the `references`: true, carried, printed; and what rounding
        on the way reaches from the answer's or the true numbers): only then may a slip of the pen
        explain it.  None: a number without digits to count (1/3)."""
        from .agreement import unit, within
        from .diagnose import ROUNDING_UNITS

        if unit(written) is None:
            return None
        if any(v is not None and within(written, v, ROUNDING_UNITS) for v in references):
            return False
        if quantity is None:
            return True
        if any(self.near(quantity, written, ROUNDING_UNITS, t) for t in (None, truth)):
            return False
        route = self.route_to(quantity, written, ROUNDING_UNITS)  # (a chain left out past the levels)
        return route is None or not within(written, route, ROUNDING_UNITS)

    def _ways(self, quantity, truth: dict | None, use_written: bool = True, exact: bool = False,
              left_out: int | None = None):
        """values_of's arguments for each way: f'(z) through a or from z, values written on the way
        taken as written where the formula has them, else worked out (`exact`: numbers as written,
        reaches_exactly; `left_out`: how a number left out is read, _Numbers)."""
        env = _Numbers(self, truth, exact, left_out)
        quantity = self._resolved(quantity)
        parts = formula_parts(quantity.formula)
        written = self._written_before(quantity, self.written_as_written if exact else self.written)
        uses_written = use_written and truth is None and any(node in written for node in parts)
        for through_output in ((True, False) if DERIVATIVE in parts else (True,)):
            for steps in ((written,) if uses_written else ({},)):
                yield quantity.formula, env, self.digits, through_output, steps
        cancelled = cancelled_formula(self.spec, quantity)  # sigmoid + bce: δ = 1/n·(a − y), as taught
        if cancelled is not None:
            yield cancelled, env, self.digits, True, {}

    def _written_before(self, quantity, written: dict | None = None) -> dict:
        """The values written on the way that may stand for a step of `quantity`: all of them but
        its own — a value written on the way (f'(z), (W^T δ)_k) taken as written for itself would
        explain any number at all (σ'(z) = −3 was marked right, and what followed from it too)."""
        from .carry import taught

        written = self.written if written is None else written
        own = (quantity.formula, taught(quantity.formula), quantity.name)
        if not any(key in written for key in own):
            return written
        return {key: value for key, value in written.items() if key not in own} \
            if type(written) is dict else written.without(own)


def _exact_derivative(quantity, spec) -> bool:
    """Whether an f'(z) is one no student rounds (an identity's, a ReLU's: 0, 1 or a slope): then a
    written 1.000 stands for 1 (read as [0.9995, 1.0005] inside a δ left out, it let dL/da = 0.6006
    for exactly 0.6 pass)."""
    from .marked_form import as_marked

    marked = as_marked(quantity, spec)
    return hasattr(marked, "activation") and marked.activation.rational


class _Written(dict):
    """The values written on the way, by formula node (and an f'(z) by its local name): kept as the
    name of the quantity written, read as the values `StudentValues.number` gives it."""

    def __init__(self, values: StudentValues, names: dict | None = None):
        super().__init__(names or {})
        self.values = values

    def __getitem__(self, key) -> Values:
        return self.values.number(dict.__getitem__(self, key))

    def get(self, key, default=None):
        return self[key] if key in self else default

    def without(self, keys) -> "_Written":
        return _Written(self.values, {key: name for key, name in dict.items(self) if key not in keys})


class _Numbers(dict):
    """The values of the answer's numbers (or of the true ones), made when a formula reads them;
    `exact`: the numbers written as written, one left out as its own working gives it
    (StudentValues.reaches_exactly); else as `StudentValues.number` gives them."""

    def __init__(self, values: StudentValues, truth: dict | None, exact: bool = False, left_out: int | None = None):
        super().__init__()
        self.values, self.truth, self.exact, self.left_out = values, truth, exact, left_out

    def __missing__(self, name: str) -> Values:
        v = self.values
        if self.truth is not None:
            found = Values.of(self.truth[name])
        elif self.exact:
            found = v.as_written.get(name) or (v.worked(name, self) if name in v.by_name else Values.of(v.env[name]))
        elif self.left_out is None and name in v.rounding:
            found = v.number(name)
            if found is not v.rounding[name]:  # (consistent with the numbers before it)
                # and as written, carried on as the sheet says ("go on with the rounded values"): a_0^1 = 1.45 written
                # with the rule's 3 digits for 1.447948 is 1.45 where a value written is worked from it, which its
                # rounding to the sheet's 4 digits and more never gives (stop 66's student tester: 1.3·1.45 −
                # 0.9·1.1065298 + 0.1 = 0.9891 was wrong) — never joined into one hull with the others, and not where a
                # value left out reads it (its one interval would join the two: a δ left out between 0.1000 from a
                # dL/da written 0.100 and the true 0.1005, stop 65's reviewer)
                found = Values(_normal([*found.spans, *v.as_written[name].spans], CAP))
        else:
            found = v.number(name) if self.left_out is None or name in v.rounding or name not in v.by_name else \
                v.deeper[self.left_out - 1][name] if self.left_out < LEFT_OUT_LEVELS else v.own(name)
        self[name] = found
        return found

    def __contains__(self, name) -> bool:
        return name in (self.truth if self.truth is not None else self.values.env)


def _z_of(quantity) -> str | None:
    """The z an activation derivative's local name is taken with respect to: z_1^2 of local:da_1^2/dz_1^2."""
    return quantity.name.rsplit("/d", 1)[1] if "/d" in quantity.name else None


def _neuron_written(quantity, answers) -> bool:
    """Whether the answer writes the a or the z of the neuron a value on the way belongs to: of f'(z) the a or z it
    is worked from (local:da_1^2/dz_1^2), of Σ_k w·δ (dL/da_0^1) the a it is the gradient of, or that a's z."""
    of, _, wrt = quantity.name.removeprefix("local:").partition("/")
    names = [name[1:] for name in (of, wrt) if name.startswith(("da_", "dz_"))]  # (not dL's L: a cost written)
    names += [name.replace("a_", "z_", 1) for name in names if name.startswith("a_")]
    return any(answers.values.get(name) is not None for name in names)
