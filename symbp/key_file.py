"""A worksheet's answers.json as the key to mark against: read, and checked before it is trusted.

In:  answers.json (from `symbp worksheet`, or a graph sheet).
Out: a `Key`: its variants by id and, per variant on first use, the verified solution recomputed
     from the spec it stores and the calculator chain it printed (calculator_chain.Chain: its digits and
     detail), for marking.py.

A key is refused (SpecError, exit 2, one line naming the field) when anything in it is not what it
says it is: its exact values not those of its spec, its asked quantities not those of its tasks,
its carried values not those printed at its digits and detail, its fields not those it was sealed with (key_seal.py).
A key written before "detail" and "seal" were recorded is checked by its values; its detail is the
one whose chain prints its carried values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import SpecError
from .key_fields import EDITED

MAX_KEY_BYTES = 64 * 1024 * 1024
KEY_AGREES_TO = 1e-20  # relative: the key's 30-digit exact values against the recomputed ones


@dataclass
class Key:
    """A worksheet's answers.json: its variants by id, and their verified solutions once needed."""

    path: Path
    spec_name: str
    digits: int | None
    variants: dict  # id (str) -> the variant's entry of answers.json
    locale: str | None = None  # the sheet's language (answers.json "locale"; None: English)
    detail: str | None = None  # the key's worked solutions' --detail (None: a key from before it was recorded)
    tasks: tuple | None = None  # the tasks the sheet asks (answers.json "tasks")
    rule: str | None = None  # "carried" (the key prints the calculator chain) or "exact"
    title: str | None = None  # the sheet's title, where not the spec's (answers.json "title"): what reports name
    seal: str | None = None  # answers.json "seal": a copy of this key has it (grading.sheet_own), another key not
    size: int = 0  # its text's length in characters (a copy saved again is about as long)
    sheet: str | None = None  # key_seal.sheet_id of its spec's name and seed (None: a key without a seed)
    _solutions: dict = field(default_factory=dict)
    _printed: dict = field(default_factory=dict)  # id -> the calculator chain the key printed (calculator_chain.Chain)

    @property
    def shown(self) -> str:
        """The key as messages name it: its path as given (week5/answers.json), not only its file name;
        "stdin" where it was read from stdin."""
        from .inputs import spec_source

        return spec_source(self.path)

    def ids_text(self) -> str:
        ids = list(self.variants)
        from .i18n import message

        return ", ".join(ids) if len(ids) <= 8 else message("input.ids_from_to", first=ids[0], last=ids[-1])  # (de: bis)

    def entry(self, variant: str) -> dict:
        if variant not in self.variants:
            raise SpecError("variant", f"{variant} is not a variant of {self.shown} (it has {self.ids_text()})")
        return self.variants[variant]

    def kind(self, variant: str) -> str:
        """The kind of exercise of a variant ("network" or "graph")."""
        spec = self.entry(variant).get("spec")
        return spec.get("kind", "network") if isinstance(spec, dict) else "network"

    def asked(self, variant: str) -> list:
        """The names the variant asks for (checked against the sheet's tasks by `solution`)."""
        return list(self.entry(variant)["asked"])

    def printed(self, variant: str):
        """The calculator chain the key printed for a variant (calculator_chain.Chain), or None (no digits)."""
        self.solution(variant)
        return self._printed[variant]

    def solution(self, variant: str):
        """The variant's verified solution, checked against the key's own exact values, asked
        quantities and printed (carried) values: an edited key is refused, naming the field."""
        if variant not in self._solutions:
            entry = self.entry(variant)
            where = f"{self.shown}, variant {variant}"  # its spec and exact values are tables (key_fields.py)
            if self.kind(variant) not in EXERCISES:
                raise SpecError(where, f"its spec is of an unknown kind {self.kind(variant)!r}")
            exercise = EXERCISES[self.kind(variant)]
            try:
                solution, values = exercise.solve(entry["spec"], f"{self.spec_name}-variant-{variant}")
            except SpecError as error:  # (a key from before the seals, edited: its spec refused, the key named)
                if str(error).startswith(f"{where}: "):
                    raise
                raise SpecError(f"{where}: spec", f"{error}; {EDITED}") from None
            _compare(values, entry["exact"], where)
            _compare_asked(exercise.asked(solution, self.tasks, where), entry.get("asked"), where)
            self._printed[variant] = exercise.printed(self, solution, entry.get("carried"), where)
            self._solutions[variant] = solution
        return self._solutions[variant]


class _Network:
    @staticmethod
    def solve(table: dict, name: str):
        """(the verified solution, its values by name) of a network spec's table."""
        from .pipeline import derive_solution
        from .spec import spec_from_dict

        solution, _ = derive_solution(spec_from_dict(table, name=name), symbolic=False)
        return solution, solution.values

    @staticmethod
    def names(solution):
        return solution.derivation

    @staticmethod
    def shown_names(solution) -> list:
        """Its names in the order the key shows them (grades.csv's columns): the givens, then the worked
        solution's order (∂L/∂w before ∂L/∂b, the output layer's update first)."""
        from .render.answers_template import display_order

        return list(solution.derivation.givens) + [q.name for q in display_order(solution)]

    @staticmethod
    def asked(solution, tasks, where: str) -> list:
        from .tasks import TASKS, asked_names

        if tasks is None or any(task not in TASKS for task in tasks) or len(set(tasks)) != len(tasks):
            raise SpecError(f"{where}: tasks", f"expected some of {', '.join(TASKS)}, each once; {EDITED}")
        return asked_names(solution, tuple(tasks))

    @staticmethod
    def printed(key: Key, solution, carried, where: str):
        """The chain the key printed: at its digits and detail, which its carried values (as a
        carried key prints them) must show — an edited digits or detail is refused."""
        from types import SimpleNamespace

        from .api import DETAILS
        from .calculator_chain import Chain, calculator_chain
        from .numbers import short_repr
        from .pipeline import calculator_run
        from .render.answer_key import printed_carried_values

        if carried is None:
            if key.rule == "carried":
                raise SpecError(f"{where}: carried", f"a carried key without its carried values; {EDITED}")
            # an exact key prints the true values at its digits, no calculator chain: none of the
            # chain's values is "printed" (a chain at the rule's digits is still right, marking.py)
            return Chain(key.digits, key.detail or "auto", {}, frozenset()) if key.digits is not None else None
        if not isinstance(carried, dict) or key.digits is None or key.rule != "carried":
            raise SpecError(f"{where}: carried", f"carried values in a key that is not a carried one; {EDITED}")
        def printed_at(digits: int, detail: str):
            run = calculator_run(solution, digits, detail)
            return run, printed_carried_values(SimpleNamespace(carried=run, derivation=solution.derivation,
                                                               values=solution.values))

        for detail in [key.detail] if key.detail else DETAILS:  # a key from before "detail" was recorded: its own
            run, printed = printed_at(key.digits, detail)
            if printed == carried or _padded(printed, carried):
                return Chain(key.digits, detail, run.values, frozenset(run.rounded))
        # which field was edited: the digits or the detail (the carried values show others), or a value
        detail = key.detail or "auto"
        forms = [key.detail] if key.detail else DETAILS  # a key from before "detail": its digits in any form
        shown = next((d for d in range(1, 16) for form in forms if d != key.digits and printed_at(d, form)[1] == carried), None)
        if shown is not None:
            raise SpecError(f"{key.shown}: digits", f"{key.digits}, but its carried values are printed with "
                                                        f"{shown}; {EDITED}")
        other = next((d for d in DETAILS if d != detail and printed_at(key.digits, d)[1] == carried), None)
        if other is not None:
            raise SpecError(f"{key.shown}: detail", f"{detail}, but its carried values are those of "
                                                        f"{other}; {EDITED}")
        printed = printed_at(key.digits, detail)[1]
        name = next((n for n in printed if carried.get(n) != printed[n]), None) or next(iter(set(carried) - set(printed)))
        raise SpecError(f"{where}: carried.{name}", f"{short_repr(carried[name]) if name in carried else 'missing'}, not the value printed at "
                        f"{key.digits} digits ({'it is ' + printed[name] if name in printed else 'the key prints none'}); "
                        f"{EDITED}")

    @staticmethod
    def mark(*args, **options):
        from .marking import mark

        return mark(*args, **options)


def _padded(printed: dict, carried: dict) -> bool:
    """Whether a key's carried values are the printed ones but for zeros these append: a key made
    before a carried value that is not the exact one was printed with its digits ("-74.7", now
    "-74.70": render.answer_key.padded_names)."""
    return printed.keys() == carried.keys() and all(
        [p == c or (isinstance(c, str) and p.startswith(c) and _same_number(p, c)) for p, c in
         zip(printed.values(), map(carried.get, printed))])


def _same_number(printed: str, written: str) -> bool:
    """Whether two decimal texts are one number; an edited key's text that is no number ("-") is not."""
    from fractions import Fraction

    try:
        return Fraction(printed) == Fraction(written)
    except (ValueError, ZeroDivisionError):
        return False


class _Graph:
    @staticmethod
    def solve(table: dict, name: str):
        from .graph import from_dict, solve
        from .graph.quantities import answer_names

        solution = solve(from_dict(table, name))
        inputs = {label for label, _ in solution.spec.inputs}
        return solution, {n: solution.value(n) for n in answer_names(solution) if n not in inputs}

    @staticmethod
    def names(solution):
        from .graph.quantities import written_names

        return written_names(solution)

    @staticmethod
    def shown_names(solution) -> list:
        return list(_Graph.names(solution))

    @staticmethod
    def asked(solution, tasks, where: str) -> list:
        from .graph.quantities import asked_names

        return asked_names(solution)

    @staticmethod
    def printed(key: Key, solution, carried, where: str):
        if carried is not None:
            raise SpecError(f"{where}: carried", f"carried values in a graph's key; {EDITED}")
        return None

    @staticmethod
    def mark(*args, printed=None, **options):
        from .graph.marking import mark

        return mark(*args, **options)


EXERCISES = {"network": _Network, "graph": _Graph}  # a spec's kind -> how its key's variants are solved and marked


def shown_places(kind: str, solution) -> dict:
    """name -> its place in the order the key shows an exercise's values (grades.csv's columns, a check
    report's lists)."""
    return {name: place for place, name in enumerate(EXERCISES[kind].shown_names(solution))}


def _compare(values: dict, exact: dict, where: str) -> None:
    """The key's exact values must be the recomputed ones (to 20 digits)."""
    from .agreement import as_fraction
    from .numbers import parse_exact

    if set(exact) != set(values):
        extra = next((n for n in exact if n not in values), None)
        missing = next((n for n in values if n not in exact), None)
        what = (f"lists {str(extra)[:60]!r}, which is no quantity of this exercise" if extra is not None else
                f"leaves out {missing!r}")
        raise SpecError(f"{where}: exact", f"{what}; {EDITED}")
    for name, value in values.items():
        ours = as_fraction(value)
        theirs = parse_exact(exact[name], f"{where}: exact.{name}")
        if abs(theirs - ours) > KEY_AGREES_TO * max(1, abs(ours)):
            raise SpecError(f"{where}: exact.{name}", f"the key's {name} = {exact[name]} is not what its spec gives "
                                   f"({float(ours)!r}); was the key edited, or made by another symbp version?")


def _compare_asked(asked: list, written, where: str) -> None:
    """The key's asked quantities must be those its sheet's tasks ask for."""
    if written != asked:
        listed = written if isinstance(written, list) else []
        extra = next((n for n in listed if n not in asked), None)
        left_out = next((n for n in asked if n not in listed), None)
        what = (f"lists {str(extra)[:60]!r}, which the sheet's tasks do not ask" if extra is not None else
                f"leaves out {left_out!r}, which the sheet's tasks ask" if left_out is not None else
                "is not the list of what the sheet's tasks ask, in order")
        raise SpecError(f"{where}: asked", f"{what}; {EDITED}")


def load_key(path: str | Path) -> Key:
    """answers.json read and checked up front — its fields (key_fields.py), its rule's and its
    variants' seals (key_seal.py), its rule's values — before any answer is marked against it.
    Read from stdin (`-`), messages name it "stdin", as a spec read so."""
    from .inputs import is_stdin

    try:
        return _load_key(Path(path))
    except SpecError as error:
        if not is_stdin(path) or not (error.field == "-" or error.field.startswith("-: ")):
            raise
        raise SpecError("stdin" + error.field[1:], str(error)[len(error.field) + 2:]) from None


def _load_key(path: Path) -> Key:
    from .inputs import check_text, parse_json, read_text
    from .key_fields import check_fields
    from .key_seal import check_seal, check_variant_seals, sheet_id

    text, data = read_text(path, "key_file", MAX_KEY_BYTES), None
    if not text.strip():
        raise SpecError(str(path), "empty (expected the answers.json of `symbp worksheet`)")
    try:
        data = parse_json(text, str(path))
        check_fields(data, path)
    except SpecError:  # the answers template, a worksheet .tex, … given as the key: say what it is
        from .key_sniff import refuse_other_file

        refuse_other_file(path, text, data)
        raise
    from .api import DETAILS
    from .i18n import code_of
    from .numbers import short_repr

    check_seal(data, path)
    for name in ("title", "spec_name"):  # printed by every report: one line of text, as a spec's title (an escape
        if data.get(name) is not None:  # code of a forged key reached the terminal and the reports)
            check_text(data[name], f"{path}: {name}")

    digits, detail, tasks, rule = (data.get(name) for name in ("digits", "detail", "tasks", "key"))
    if digits is not None and not 1 <= digits <= 15:
        raise SpecError(f"{path}: digits", f"expected a whole number from 1 to 15, got {short_repr(digits)}; {EDITED}")
    if detail is not None and detail not in DETAILS:
        raise SpecError(f"{path}: detail", f"expected one of {', '.join(DETAILS)}, got {short_repr(detail)}; {EDITED}")
    if rule not in (None, "carried", "exact"):
        raise SpecError(f"{path}: key", f"expected \"carried\" or \"exact\", got {short_repr(rule)}; {EDITED}")
    key = Key(path, str(data.get("spec_name") or path.stem), digits, {str(v["id"]): v for v in data["variants"]},
              code_of(data.get("locale"), f"{path}: locale"), detail, tuple(tasks) if tasks is not None else None, rule,
              data.get("title"), data.get("seal") if isinstance(data.get("seal"), str) else None, len(text),
              sheet_id(data.get("spec_name") or path.stem, data["seed"]) if data.get("seed") is not None else None)
    check_variant_seals(data, path, lambda variant: key.solution(str(variant)))
    return key
