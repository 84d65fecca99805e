"""A key summary's count of columns (render/sheet._summary_columns: an entry's width from its symbol's
kept width and its number's) is the count from every entry measured whole as `symbol=number`
(written out here as the layout rule states it), on sheets of several architectures, both key
rules and a locale with a decimal comma; and on made-up entries whose symbols do or do not end
clean (a trailing script or an open brace reads on into "=", so those are measured whole)."""

from __future__ import annotations

import random

from symbp import i18n
from symbp.render.measure import TEXT_WIDTH_CM, text_width_cm
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.worksheet import SheetOptions, build_worksheet


def _whole(entries, word) -> int:
    widths = []
    for e in entries:
        width = text_width_cm(e["symbol"] + "=" + e["text"], 11.0)
        if e.get("exact"):
            width = max(width, text_width_cm(word + " " + ("\\approx " if e["exact"]["approx"] else "")
                                             + e["exact"]["text"], 9.0))
        widths.append(width + 0.3)
    widest = max(widths, default=1.0) + 0.4
    return max(1, min(5, int((TEXT_WIDTH_CM - 0.3) // widest)))


def test_summary_columns_are_those_of_entries_measured_whole():
    from symbp.render.sheet import _exact_word, summary

    seen = set()
    for example, key, locale in [("nn231", "carried", "en"), ("mazur", "exact", "de"), ("softmax3", "carried", "fr"),
                                 ("batch3", "exact", "en")]:
        with i18n.use(locale):
            sheet = build_worksheet(load_spec(example_path(example)), 4, 9, SheetOptions(key=key, locale=locale))
            word = _exact_word()
            for variant in sheet.variants:
                from symbp.render.worked import solution_context

                context = solution_context(variant.solution, variant.report, digits=4, fmt="tex")
                ask = [t for t in ("forward", "loss", "output_layer", "hidden_layers", "update", "new_forward", "new_loss")]
                numbers = {t: i + 1 for i, t in enumerate(ask)} | {"formulas": None}
                for section in summary(variant.solution, context, ask, numbers):
                    assert section["columns"] == _whole(section["entries"], word), (example, section["task"])
                    seen.add(section["columns"])
    assert len(seen) >= 2  # sections of different widths were met


def test_made_up_entries_with_clean_and_open_symbols():
    from symbp.render.sheet import _summary_columns

    rng = random.Random(29)
    symbols = ["a^{1}_{2}", "\\frac{\\partial L}{\\partial w^{2}_{11}}", "z^{2}", "x^", "y_", "w{", "\\delta", "L"]
    for _ in range(400):
        entries = [{"symbol": rng.choice(symbols), "exact": None,
                    "text": rng.choice(["0.5", "-0.2500", "(-1.25)", "12.75", "0", "1.5 \\cdot 10^{-7}"])
                    + "7" * rng.randint(0, 12)} for _ in range(rng.randint(1, 6))]
        assert _summary_columns(entries, "exact") == _whole(entries, "exact")


def test_writing_space_of_the_compiled_sums_is_that_of_the_loop(monkeypatch):
    """sheet_tasks' lines per task from the sums compiled once per architecture (render/writing_space.py
    _lines_function) and from the loop kept for big sheets: the same spaces, for several
    architectures, digits and locales in one process (the compiled sums kept per architecture, tasks
    and locale must not be mixed up)."""
    import symbp.render.sheet as sheet_module
    import symbp.render.writing_space as space

    cases = [("nn231", 4, "en"), ("mazur", 3, "de"), ("batch3", 5, "en"), ("steps3", 4, "fr"), ("softmax3", 4, "en"),
             ("nn231", 5, "de")]
    sheets = []
    for example, digits, locale in cases:
        with i18n.use(locale):
            sheet = build_worksheet(load_spec(example_path(example)), 3, 4, SheetOptions(digits=digits, locale=locale))
            sheets.append((example, digits, locale, sheet))
    spaces = {}
    for most in (space._COMPILED_MOST, 0):  # compiled, then the loop
        monkeypatch.setattr(space, "_COMPILED_MOST", most)
        space._WRITTEN.clear()
        for example, digits, locale, sheet in sheets:
            with i18n.use(locale):
                for variant in sheet.variants:
                    ask = list(sheet_module.TASKS)
                    numbers = sheet_module.task_numbers(ask, variant.spec.depth)
                    tasks = sheet_module.sheet_tasks(variant.solution, ask, numbers, digits)
                    spaces.setdefault((example, digits, locale, variant.id), []).append(tasks)
    assert all(compiled == looped for compiled, looped in spaces.values())
    assert len({task["space"] for tasks, _ in spaces.values() for task in tasks}) >= 4  # spaces that differ were met
