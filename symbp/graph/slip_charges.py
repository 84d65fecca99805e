"""What a graph's marks are charged with after each is diagnosed (graph/marking.py): a fan-out's branch forgotten
that is a max's routing seen in another gradient (`routed_away`), and the slip a value worked right from local
derivatives written wrong is charged with (`charged_slip`).  Moved out of slips.py (its size), unchanged."""

from __future__ import annotations

from ..core.expr import Call, Ref
from ..marking import TOO_FEW_DIGITS, WRONG, WRONG_ON_THE_WAY
from .slips import Diagnosis, _through_max


def _max_terms(solution, identity, picked: bool) -> set:
    """The max and min gates a gradient's terms come through that picked (`picked`) or did not pick its node."""
    return {t.consumer for t in solution.built.graph[identity].terms if _through_max(solution, t, picked)}


def routed_away(solution, marks: dict, identities: dict) -> None:
    """A fan-out's branch forgotten that is the branch a max or min picked, where the same answer passed that
    gate's gradient to an argument it did not pick: the gate's slip (max_not_routed), not a sum forgotten —
    one slip seen in two gradients (stop 60, a student helper's MEDIUM).  Where nothing else shows the max
    routed away, a branch forgotten is the likelier slip."""
    routed = {gate for label, m in marks.items() if m.diagnosis is not None and m.diagnosis.key == "max_routed_to_both"
              for gate in _max_terms(solution, identities[label], picked=False)}
    for label, m in marks.items():
        d = m.diagnosis
        if d is None or d.key != "fan_out_sum_forgotten" or not isinstance(d.formula, Call) or d.formula.op != "mul":
            continue
        kept = {t.consumer for t in solution.built.graph[identities[label]].terms if Ref(t.local) in d.formula.args}
        dropped = _max_terms(solution, identities[label], picked=True) - kept
        if dropped and dropped <= routed and len(solution.built.graph[identities[label]].terms) == len(kept) + len(dropped):
            m.diagnosis = Diagnosis("max_not_routed", d.value, d.formula, d.inputs, d.own_inputs)


def charged_slip(marks: dict, charged) -> str:
    """What a value worked right from local derivatives written wrong on the way is charged with: the slip of
    each wrong one where they share one (one with too few digits beside it aside); a number with too few digits
    on the way where all are such; else a wrong local derivative."""
    slips = {marks[n].diagnosis.key if marks[n].diagnosis is not None else marks[n].status for n in charged} - {TOO_FEW_DIGITS}
    if len(slips) == 1 and slips != {WRONG}:  # each local's own slip, the same (one with too few digits aside):
        return slips.pop()  # its minus sign forgotten, a sign flipped (the student tester of stop 63), …
    return "wrong_local_derivative" if slips else WRONG_ON_THE_WAY
