"""The number domain's fast paths (raw mpmath arithmetic, the sign test against 0, the kept lifts)
give what the plain mpmath operations and the SAME_TO rule give, near cancellation and near 0 too."""

import operator
import random
from fractions import Fraction

from symbp.core.numeric import SAME_TO, Domain


def _plain_sum(domain, x, y):
    """The rule of `Domain.add`, written with mpmath's own operators."""
    total = x + y
    if abs(total) <= domain.cancellation * max(abs(x), abs(y)):
        return Fraction(0)
    return total


def _plain_relation(op, x, y):
    if y == 0 and 0 < abs(x) < float("inf"):  # against ReLU's kink, a nonzero value is its sign however small (1e-70 > 0)
        return op(x, 0)
    return op(0, 0) if abs(x - y) <= SAME_TO * max(1, abs(x), abs(y)) else op(x, y)


def test_add_mul_and_compare_agree_with_plain_mpmath():
    domain = Domain()
    mpf = domain.context.mpf
    rng = random.Random(16)
    values = [mpf(0), mpf(1), mpf(-1), domain.context.inf]
    for _ in range(300):
        values.append(mpf(rng.uniform(-2, 2)) * mpf(2) ** rng.randint(-140, 40))
    near = []
    for x in values[4:40]:  # sums that cancel all but a few digits, or all of them
        for shift in (0, -150, -160, -170, -200):
            near.append((x, -x + x * mpf(2) ** shift))
    pairs = [(rng.choice(values), rng.choice(values)) for _ in range(2000)] + near
    for x, y in pairs:
        if domain.context.isinf(x) and domain.context.isinf(y):
            continue
        assert repr(domain.add(x, y)) == repr(_plain_sum(domain, x, y)), (x, y)
        assert repr(domain.mul(x, y)) == repr(x * y), (x, y)
    wide = object.__new__(mpf)  # a value of more bits than the precision (only made by hand)
    wide._mpf_ = (1, (1 << 200) + 1, -200, 201)
    for value in values + [wide]:  # x · 1, x · (−1) and x + 0, either way round
        for sign in (Fraction(1), Fraction(-1)):
            assert repr(domain.mul(value, sign)) == repr(domain.mul(sign, value)) == repr(value * mpf(int(sign)))
        assert repr(domain.add(value, Fraction(0))) == repr(domain.add(Fraction(0), value)) == \
            repr(_plain_sum(domain, value, mpf(0)))
    less, greater = domain.relation(operator.lt), domain.relation(operator.gt)
    for x in values[:4] + values[4:] + [mpf(2) ** -100, -mpf(2) ** -100, mpf(2) ** -101, mpf(10) ** -41]:
        for relation, op in ((less, operator.lt), (greater, operator.gt)):
            assert relation(x, Fraction(0)) == _plain_relation(op, x, mpf(0)), x


def test_a_lifted_fraction_is_the_same_number_every_time():
    domain = Domain()
    third = domain.lift(Fraction(1, 3))
    assert third == domain.context.mpf(1) / 3 and domain.lift(Fraction(1, 3)) == third
    assert domain.add(third, Fraction(2, 3)) == domain.context.mpf(1) / 3 + domain.context.mpf(2) / 3
