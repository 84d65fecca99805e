"""The JSON answer key: every quantity's value (full float precision) and exact value, and, for the
calculator mode, the carried values its worked solution shows.  Keys and numbers are the same in
every locale; the one prose value (verified.of) is in the current locale's words.  The carried
values are written as the worked solution prints them, trailing zeros included (as answers.json)."""

from __future__ import annotations

import json
from fractions import Fraction
from itertools import compress

from ..fraction_kept import kept_by_value
from ..i18n import message
from ..numbers import exact_string, format_decimal, with_digits


def printed_carried_values(solution) -> dict | None:
    """The calculator mode's values as its worked solution prints them, in plain ASCII decimals
    (answers.json "carried"): a rounded value, a copy of one (∂L/∂b = δ), or any other value that
    is not the exact one (`padded_names`: "-74.70" = −0.6 − 1000·0.07410), with its digits
    (`carried.round_to`), trailing zeros included ("0.3000", "-0.03810", "0.00001099"); an exact
    value as `format_decimal` shows it ("1.6", "0.5").  None without the calculator mode."""
    carried = solution.carried
    if carried is None:
        return None
    chains, rounded, digits = _copy_chains(solution.derivation), carried.rounded, carried.round_to
    # as plan.DisplayPlan decides it: rounded, a copy of a rounded value (a name along its chain of
    # copies is), or not the exact value (padded_names)
    was_rounded = rounded.union([name for name, chain in chains.items() if not rounded.isdisjoint(chain)],
                                padded_names(solution))
    names, values = list(carried.values), list(carried.values.values())
    known = _TEXTS.get(digits)
    if known is None:
        if len(_TEXTS) >= 16:
            _TEXTS.clear()
        known = _TEXTS[digits] = {}
    # every value's text as a value not rounded (kept per value: most recur), then the few rounded ones'
    texts = kept_by_value(values, known, lambda value: format_decimal(value, digits).text)
    for i in compress(range(len(names)), map(was_rounded.__contains__, names)):
        texts[i] = format_decimal(values[i], digits, was_rounded=True).text
    return dict(zip(names, texts))


def padded_names(solution) -> frozenset:
    """The calculator mode's values printed with their digits though not rounded themselves: those
    that are not the exact value (they came from rounded numbers) and show fewer digits as they are
    (−0.6 − 1000·0.07410 = −74.70, not −74.7, a value of 3 digits to a reader).  Worked out once per run (the
    worked solution's plan and the answer key ask)."""
    carried = solution.carried
    kept = _PADDED.get(id(carried))
    if kept is not None and kept[0] is carried:
        return kept[1]
    padded = frozenset()
    rounded = carried.rounded
    if rounded:  # (nothing rounded: every value is the exact one)
        exact, digits = solution.values, carried.round_to
        padded = frozenset([name for name, value in carried.values.items() if name not in rounded
                            and not _is_exact(value, exact[name]) and _short(format_decimal(value, digits), digits)])
    if len(_PADDED) >= 16:
        _PADDED.clear()
    _PADDED[id(carried)] = (carried, padded)
    return padded


_PADDED: dict = {}  # id(carried values) -> (them, kept alive while their id is a key; padded_names)


def _is_exact(value, exact) -> bool:
    """Whether a carried value is its quantity's exact value (two Fractions compared by their
    integers, as kept in lowest terms: most carried values, where nothing upstream was rounded)."""
    if value is exact:
        return True
    if type(value) is Fraction and type(exact) is Fraction:  # (the slots, not the properties)
        return value._numerator == exact._numerator and value._denominator == exact._denominator
    return value == exact


def _short(shown, digits: int) -> bool:
    """Whether an exact text shows fewer than `digits` significant digits (−74.7 at 4)."""
    return not shown.rounded and with_digits(shown, digits) is not shown


_TEXTS: dict = {}  # digits -> {(numerator, denominator): format_decimal(value, digits).text}


_CHAINS: dict = {}  # id(derivation) -> (the derivation, kept alive while its id is a key; its copy chains)


def _copy_chains(derivation) -> dict:
    """name -> the names its value is a copy of (∂L/∂b = δ: a Ref formula, followed from Ref to Ref,
    a cycle ended), for every quantity whose formula is a Ref: the same for every variant of an
    architecture, worked out once per derivation."""
    kept = _CHAINS.get(id(derivation))
    if kept is not None and kept[0] is derivation:
        return kept[1]
    from ..formula import Ref  # (once per derivation: a warm run imports no formula trees)

    by_name, chains = derivation.by_name, {}
    for name, quantity in by_name.items():
        chain, seen = [], {name}
        while isinstance(quantity.formula, Ref) and quantity.formula.name not in seen:
            name_copied = quantity.formula.name
            chain.append(name_copied)
            seen.add(name_copied)
            quantity = by_name.get(name_copied)
            if quantity is None:
                break
        if chain:
            chains[name] = tuple(chain)
    if len(_CHAINS) >= 16:
        _CHAINS.clear()
    _CHAINS[id(derivation)] = (derivation, chains)
    return chains


def answer_key(solution, report=None) -> dict:
    from ..spec import spec_to_dict

    key = {
        "title": solution.spec.title,
        "mode": solution.mode,
        "values": {name: float(value) for name, value in solution.values.items()},
        "exact": {name: exact_string(value) for name, value in solution.values.items()},
        "spec": spec_to_dict(solution.spec),
    }
    if solution.carried is not None:
        key["carried"] = printed_carried_values(solution)  # as answers.json: as printed
        key["rounded_to_significant_digits"] = solution.carried.round_to
    if report is not None:
        key["verified"] = {
            "quantities_against_float64": report.quantities,
            "gradients_against_finite_differences": report.finite_differences,
            "gradients_against_sympy_diff_of_whole_loss": report.symbolic,
            # with an optimizer or regularization (verify_training.py); absent for plain SGD
            **({"regularized_gradients_against_finite_differences_of_J": report.finite_differences_of_j}
               if report.finite_differences_of_j else {}),
            **({"regularized_gradients_along_random_directions_of_J": report.directions_of_j,
                "penalty_gradients_against_finite_differences_of_R": report.penalty_differences}
               if report.directions_of_j or report.penalty_differences else {}),
            **({"update_formulas_against_sympy": report.symbolic_updates} if report.symbolic_updates else {}),
            "of": message("key_json.of_exact" if report.approximates_exact else "key_json.of_values"),
        }
        if report.finite_difference_directions:  # a large network's (verify.FD_PER_GRADIENT_LIMIT)
            key["verified"]["random_directions_against_finite_differences"] = report.finite_difference_directions
    return key


_SCALARS = (str, int, float, bool, type(None))


def json_text(data, level: int = 1) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)`, byte for byte, in linear time with small
    constants: a map or list of plain values (a key's 100,000 values) goes through json's C encoder
    in one call, its item separator carrying the newline and indentation (json's indenting encoder
    is pure Python, 3× slower, and leaves a reference cycle behind)."""
    pad, close = "\n" + "  " * level, "\n" + "  " * (level - 1)
    if isinstance(data, dict) and data and all(type(k) is str for k in data):
        if all(isinstance(v, _SCALARS) for v in data.values()):
            inner = json.dumps(data, ensure_ascii=False, separators=("," + pad, ": "))
            return "{" + pad + inner[1:-1] + close + "}"
        items = (json.dumps(k, ensure_ascii=False) + ": " + json_text(v, level + 1) for k, v in data.items())
        return "{" + pad + ("," + pad).join(items) + close + "}"
    if isinstance(data, (list, tuple)) and data:
        if all(isinstance(v, _SCALARS) for v in data):
            inner = json.dumps(data, ensure_ascii=False, separators=("," + pad, ": "))
            return "[" + pad + inner[1:-1] + close + "]"
        return "[" + pad + ("," + pad).join(json_text(v, level + 1) for v in data) + close + "]"
    if isinstance(data, _SCALARS) or not data:
        return json.dumps(data, ensure_ascii=False)
    text = json.dumps(data, indent=2, ensure_ascii=False)  # anything else (non-string keys): json itself
    return text.replace("\n", "\n" + "  " * (level - 1))


def render_json(solution, report=None, **_options) -> str:
    return json_text(answer_key(solution, report)) + "\n"
