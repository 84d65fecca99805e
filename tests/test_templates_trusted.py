"""symbp's own templates compiled with render/trusted.py give what Jinja's own code gives: the
shortcuts (a plain dict's key read in place, a macro or plain function called at once) are taken
only where Jinja's path gives the same value, and every other case still goes through Jinja."""

from __future__ import annotations

import jinja2
import pytest

from symbp.render.sandbox import trusted_class

SOURCE = (
    "{{ d.a }}|{{ d.items is defined }}|{{ d.missing is defined }}|{{ o.real }}|{{ n.x.y }}|"
    "{% macro m(x, y=2) %}{{ x }}+{{ y }}{% endmacro %}{{ m(1) }}|{{ m(1, y=3) }}|{{ f(4) }}|{{ ctx_f() }}|"
    "{% for i in [1, 2] %}{{ f(i) }}{{ ctx_f() }}{% endfor %}|{{ env_f() }}|{{ stop() is defined }}|"
    "{% set ns = namespace(v=1) %}{{ ns.v }}|{{ call_me() }}|{{ d.get('a') }}|"
    # loop.x of a LoopContext, items of dicts and lists (a missing key, a dict method's name, an
    # unhashable key, an item's key that is itself an item), macros with defaults, caller, varargs
    "{% for i in [1, 2, 3] %}{{ loop.first }}{{ loop.last }}{{ loop.index }}{{ loop.length }}{{ loop.revindex }}{% endfor %}|"
    "{{ d['a'] }}{{ d['missing'] is defined }}{{ d['items'] }}{{ d['get'] is defined }}{{ d[[1]] is defined }}|"
    "{{ l[0] }}{{ l[-1] }}{{ l[5] is defined }}{{ l[l[0]] }}{{ d[keys[0]] }}{{ n['x']['y'] }}{{ o[0] is defined }}|"
    "{% macro g(a, b=2, c='c') %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ g(1) }}{{ g(1, 3) }}{{ g(1, 3, 4) }}{{ g(1, c=5) }}|"
    "{% macro v() %}{{ varargs | join(',') }}{% endmacro %}{{ v(1, 2) }}|"
    "{% macro k(a) %}{{ kwargs }}{% endmacro %}{{ k(1, z=2) }}|"
    "{% macro w(a) %}<{{ caller() }}{{ a }}>{% endmacro %}{% call w(1) %}in{% endcall %}"
)

# loops over a list or tuple (render/trusted_runtime.py ListLoop) and over anything else, with every loop.x
LOOPS = (
    "{% macro each(xs) %}{% for x in xs %}{{ x }}:{{ loop.index0 }}{{ loop.index }}{{ loop.first }}{{ loop.last }}"
    "{{ loop.length }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.depth }}{{ loop.previtem is defined }}"
    "{{ loop.previtem if not loop.first }}{{ loop.nextitem is defined }}{{ loop.nextitem if not loop.last }}"
    "{{ loop.cycle('o', 'e') }}{{ loop.changed(x) }}{{ loop | length }};{% else %}empty{% endfor %}{% endmacro %}"
    "{{ each([3, 4, 4]) }}|{{ each((5,)) }}|{{ each([]) }}|{{ each(()) }}|{{ each(gen) }}|{{ each({'a': 1, 'b': 2}) }}|"
    "{{ each('xy') }}|{% for x in [1, 2, 3] if x > 1 %}{{ x }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{% endfor %}|"
    "{% for x in [[1, 2], [3]] %}{% for y in x %}{{ loop.index }}{{ loop.last }}{% endfor %}{{ loop.last }}{% endfor %}|"
    "{% for x in [1, [2, [3]]] recursive %}{{ loop.depth }}{{ loop.last }}{% if x is iterable %}{{ loop(x) }}"
    "{% else %}{{ x }}{% endif %}{% endfor %}"
)


class Callable:
    def __call__(self):
        return "called"


def _stop():
    raise StopIteration


def _environments():
    plain = type("Plain", (trusted_class().__mro__[1], jinja2.Environment), {"trusted": frozenset()})
    made = []
    for cls in (trusted_class(), plain):
        env = cls(undefined=jinja2.StrictUndefined)
        env.globals.update({
            "f": lambda x: x * 10,
            "ctx_f": jinja2.pass_context(lambda context: context.get("tag", "none")),
            "env_f": jinja2.pass_environment(lambda environment: type(environment).__name__ != ""),
            "stop": _stop, "call_me": Callable(),
        })
        made.append(env)
    return made


def test_the_fast_code_renders_as_jinjas_own():
    fast, plain = _environments()
    context = {"d": {"a": 1, "items": "key"}, "o": 3, "n": {"x": {"y": "z"}}, "tag": "T", "l": [1, 2, 3], "keys": ["a"]}
    assert fast.from_string(SOURCE).render(**context) == plain.from_string(SOURCE).render(**context)
    assert "_ga" in fast.compile(SOURCE, raw=True) and "_ga" not in plain.compile(SOURCE, raw=True)


def test_loops_over_lists_are_walked_as_jinjas_own():
    fast, plain = _environments()
    texts = [env.from_string(LOOPS).render(gen=(g for g in "ab")) for env in (fast, plain)]
    assert texts[0] == texts[1]
    assert "environment.list_loop" in fast.compile(LOOPS, raw=True)


# loops that set a variable (a context function called in them sees it) and loops that do not, in a
# macro and outside; attributes of loop targets and macro arguments, dicts or not, a key missing
LOOP_SETS = (
    "{% for x in [{'a': 1}, 2] if x.a is defined %}{{ x.a }}{% else %}none{% endfor %}"
    "{% for x in [] %}{{ x.a }}{% else %}none{% endfor %}{% for x in [[{'a': 3}]] %}{% for y in x %}{{ y.a }}{% endfor %}{% endfor %}"
    "{% macro plain(xs) %}{% for x in xs %}{{ ctx_f() }}{{ x.a is defined }}{{ x.real is defined }}{% endfor %}{% endmacro %}"
    "{% macro setting(xs) %}{% for x in xs %}{% set tag = x.a %}{{ ctx_f() }}{% endfor %}{{ ctx_f() }}{% endmacro %}"
    "{{ plain([{'a': 1}, {'b': 2}, 3]) }}|{{ setting([{'a': 'A'}, {'a': 'B'}]) }}|"
    "{% for x in [{'a': 'C'}] %}{{ ctx_f() }}{% set tag = x.a %}{{ ctx_f() }}{% for y in [1] %}{{ ctx_f() }}{% endfor %}"
    "{{ ctx_f() }}{% endfor %}{{ ctx_f() }}"
)


def test_a_loop_passes_its_variables_to_calls_only_where_one_is_set():
    fast, plain = _environments()
    assert fast.from_string(LOOP_SETS).render(tag="T") == plain.from_string(LOOP_SETS).render(tag="T")
    code = fast.compile(LOOP_SETS, raw=True)
    made = code.split("def macro(")  # the two macros' functions, then the template's own
    assert "_loop_vars" not in made[1] and "_loop_vars=_loop_vars" in made[2]
    assert "_dict_l_2_x = type(l_2_x) is dict" in made[1] and "l_2_x['a'] if _dict_l_2_x and" in made[1]
    assert "l_2_x['a'] if type(l_2_x) is dict" in made[2]  # (a loop that sets a variable tests at each read)


def test_an_output_of_many_pieces_is_one_yield_and_its_errors_name_their_line():
    fast, plain = _environments()
    source = "a {{ d.a }} b {{ d.b }}\n{% for i in [1, 2] %}x{{ i }}y{{ d[i] }}\n{% endfor %}"
    assert "_root_output.append('a %s b %s\\n' % (" in fast.compile(source, raw=True) and \
        " % (" not in plain.compile(source, raw=True)
    assert fast.from_string(source).render(d={"a": 1, "b": 2, 1: 3, 2: 4}) == \
        plain.from_string(source).render(d={"a": 1, "b": 2, 1: 3, 2: 4})
    lines = []
    for env in (fast, plain):
        with pytest.raises(jinja2.UndefinedError) as caught:
            env.from_string(source).render(d={"a": 1, "b": 2, 1: 3})
        lines.append([frame.lineno for frame in caught.traceback if frame.path == "<template>"])
    assert lines[0] == lines[1] and lines[0][-1] == 1  # (0-based: the second line)


@pytest.mark.parametrize("source", ["{{ d.missing }}", "{{ d.a.b.c }}", "{{ nothing.x }}", "{{ m() }}{% macro m(x) %}{{ x }}{% endmacro %}"])
def test_an_undefined_name_fails_alike(source):
    fast, plain = _environments()
    errors = []
    for env in (fast, plain):
        with pytest.raises(jinja2.UndefinedError) as caught:
            env.from_string(source).render(d={"a": 1})
        errors.append(str(caught.value))
    assert errors[0] == errors[1]


def test_an_output_made_by_one_format_prints_each_value_as_str_does():
    """The pieces of an output joined by one `%` (its constant text the format, a literal % in it
    doubled): each value printed as Jinja's str(value) prints it, in a macro's buffer too."""
    from fractions import Fraction

    fast, plain = _environments()
    source = ("{% macro m(v) %}[{{ v }}|100%]{% endmacro %}{% for v in values %}{{ v }} % {{ m(v) }}%s{{ v }}\n{% endfor %}"
              "{{ 5 }}%{{ 'x' }}")
    values = [1, -2.5, 1e-20, None, True, Fraction(3, 4), "50%", (1, 2), [3], {"k": "%s"}]
    assert " % (" in fast.compile(source, raw=True)
    assert fast.from_string(source).render(values=values) == plain.from_string(source).render(values=values)


class Data(dict):
    """A variant's data (a dict that can be weakly referenced)."""


def test_a_rendering_leaves_no_cycle_that_holds_its_data(tmp_path):
    import gc
    import weakref

    from symbp.render.templates import environment

    env = _environments()[0]
    env.loader = jinja2.DictLoader({
        "macros.jinja": "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}",
        "part.jinja": "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}{{ twice(v.a) }}",
        "page.jinja": "{% import 'macros.jinja' as shared %}{% import 'macros.jinja' as mine with context %}"
                      "{% macro m(x) %}[{{ f(1) }}{{ x }}]{% endmacro %}{{ m(v.a) }}{% include 'part.jinja' %}"
                      "{{ shared.twice(1) }}{{ mine.twice(2) }}",
    })
    data = Data(a="x")
    alive = weakref.ref(data)
    gc.disable()
    try:
        assert env.get_template("page.jinja").render(v=data) == "[10x]xx1122"
        del data
        assert alive() is None  # freed when the rendering ended, not by a later collection
    finally:
        gc.enable()
    assert environment().get_template("tex/solution-body.tex.jinja")  # symbp's own: the same classes


def test_our_functions_and_plain_macros_given_every_argument_are_called_at_once(monkeypatch):
    """A function of `direct_calls` (our `_` and `memo`) and a plain macro given all its arguments are
    called without Context.call, in a loop that sets a variable too; a function taking the context
    still goes through it and sees the loop's variable, a macro given fewer arguments gets its
    defaults: the text is Jinja's own."""
    from jinja2.runtime import Context

    from symbp.render.trusted_runtime import FastContext

    fast, plain = _environments()
    fast.direct_calls = frozenset({fast.globals["f"]})
    source = ("{% macro m(a, b=0) %}{{ a }}{{ b }}{% endmacro %}{{ f(1) }}{{ m(2, 3) }}"
              "{% for x in [4, 5] %}{% set tag = x %}{{ f(x) }}{{ m(x, tag) }}{{ ctx_f() }}{{ m(x) }}{% endfor %}")
    called = []

    def call(self, obj, *args, **kwargs):
        called.append(getattr(obj, "name", obj))
        return Context.call(self, obj, *args, **kwargs)

    monkeypatch.setattr(FastContext, "call", call)
    assert fast.from_string(source).render(tag="T") == plain.from_string(source).render(tag="T")
    assert called == [fast.globals["ctx_f"], "m"] * 2


def test_a_root_yields_its_text_once_with_its_includes_and_imports_as_jinjas_own():
    """A template without blocks: its root's pieces (an include's too: a loop's locals passed, a
    filter with an async variant called as its sync function) joined and yielded once."""
    sources = {
        "inc.j": "[{{ x }}|{{ key }}|{{ d.a }}]{% set y = 2 %}",
        "mod.j": "{% macro m(v) %}<{{ v }}>{% endmacro %}top{% if d is defined %} {{ d.a }}{% endif %}",
        "page.j": ("{% import 'mod.j' as mod with context %}{% from 'mod.j' import m %}{% set key = 'K' %}"
                   "{% for x in l %}{{ x }}{% include 'inc.j' %}{{ m(x) }}{% endfor %}{% if d %}{% include 'inc.j' ignore missing %}{% endif %}"
                   "{{ l | join(', ') }} {{ l | map('string') | list }} {{ rows | selectattr('e') | list | length }} {{ mod.m(1) }}{{ mod }}"),
    }
    fast, plain = _environments()
    texts = []
    for env in (fast, plain):
        env.loader = jinja2.DictLoader(sources)
        texts.append(env.get_template("page.j").render(l=[1, 2], x="X", d={"a": 1}, rows=[{"e": 1}, {"e": 0}]))
        pieces = list(env.get_template("page.j").generate(l=[1], x="X", d={"a": 1}, rows=[]))
        assert (len(pieces) == 1) == (env is fast)
    assert texts[0] == texts[1] and "[1|K|1]" in texts[0]
    assert fast.filters["join"] is jinja2.filters.sync_do_join and "extend(gen)" in fast.compile(sources["page.j"], raw=True)


def test_an_include_without_context_keeps_its_place_in_a_buffered_root():
    """Review: Jinja writes an include without context as `yield from …_body_stream` whatever the frame's
    buffer, so in a root collected in one list its text came first: '[B]A1  A2 [B] A3'."""
    import jinja2

    from symbp.render.sandbox import trusted_class

    pages = {"a": "A1 {% include 'b' without context %} A2 {% include 'b' %} A3", "b": "[B]"}
    ours = trusted_class()(loader=jinja2.DictLoader(pages)).get_template("a").render()
    assert ours == jinja2.Environment(loader=jinja2.DictLoader(pages)).get_template("a").render() == "A1 [B] A2 [B] A3"
