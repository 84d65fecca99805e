"""render/lazy.py: a part of a worked solution's data made only when read (the parameter table split to
the page where the table is not shown, the drawing in text and Markdown) reads as what its function
makes, and pickles as that plain dict or list (a course's templates get the context, with workers pickled)."""

from __future__ import annotations

import pickle

from symbp.render.lazy import LazyList, LazyMapping
from symbp.render.worked_updates import table_parts


def test_a_lazy_part_is_made_once_when_read_and_pickles_plain():
    calls = []

    def made(n):
        calls.append(n)
        return [{"n": n}]

    lazy = LazyList(made, 3)
    assert calls == []
    assert list(lazy) == [{"n": 3}] and lazy[0] == {"n": 3} and len(lazy) == 1 and calls == [3]
    again = pickle.loads(pickle.dumps(LazyList(made, 4)))
    assert type(again) is list and again == [{"n": 4}]
    mapping = pickle.loads(pickle.dumps(LazyMapping(lambda: {"a": 1})))  # (made, then pickled: not its function)
    assert type(mapping) is dict and mapping == {"a": 1}


def test_the_table_split_to_the_page_is_made_when_read_where_the_table_is_not_shown():
    from symbp.pipeline import derive_solution
    from symbp.render.worked import solution_context
    from symbp.resources import example_path
    from symbp.spec import load_spec

    solution, report = derive_solution(load_spec(example_path("nn231")), round_to=4)
    context = solution_context(solution, report)
    assert not context["show_table"] and type(context["table_parts"]) is LazyList
    assert list(context["table_parts"]) == table_parts(context["table"])
