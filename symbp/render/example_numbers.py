"""The numbers the templates' prose shows as examples, given to every template as `examples`.

The rounding rule (0.5; write 0.3100, not 0.31), an answers file's instructions (0.4712, −1.030),
PrairieLearn's format hints, the "0"/"1"/"−1" a kink's note names: numbers of symbp's, not of a
template's making, so that a course's copy of a built-in template prints them as given
(course_numbers.py) and does not work them out.
"""

from __future__ import annotations

from .course_record import made

EXAMPLES = {
    "zero": "0", "one": "1", "minus_one": "-1", "half": "0.5",  # x0, x1, x_half of the rounding rule
    "short": "0.31",  # "write the zeros at the end too: 0.3100, not 0.31" (padded: `padded(digits)`)
    "answer": "0.4712", "answer_negative": "-1.030",  # an answers file's instructions
    "pl_answer": "0.2984", "pl_negative": "-1.25", "pl_exponent": "1.5e-3",  # PrairieLearn's format hints
}


def padded(digits: int) -> str:
    """The rounding rule's example with its zeros to `digits` significant digits: 0.3100 for 4."""
    return made(EXAMPLES["short"] + "0" * max(int(digits) - 2, 0))
