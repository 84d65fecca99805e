"""memo (render/memo.py): a macro's kept text is the text the macro itself makes, for arguments of
every shape, in every locale, for every architecture and option in one process; a course's
templates render sandboxed with nothing kept, and an edited file of theirs is read again."""

from __future__ import annotations

import jinja2
import pytest

from symbp.errors import SpecError
from symbp.render import memo as memo_module
from symbp.render.sandbox import trusted_class

PARTS = (
    "{% macro m(d, xs) %}{{ d.a }}|{{ d.missing is defined }}|{{ d.get('b', 'none') }}|{{ 'k' in d }}|"
    "{{ xs | length }}|{{ xs | join(',') }}|{{ 'q' in xs }}|{{ d['update'] if 'update' in d else '' }}|"
    "{% for k in d %}{{ k }};{% endfor %}|{% if d.flag %}F{% endif %}|{{ xs[0] if xs else '' }}|{{ d.n }}{% endmacro %}"
    "{% macro holes(d) %}{{ d.a }}<{{ varargs[0] }}>{{ varargs[1] }}{% endmacro %}"
    "{% macro bad_hole(d) %}{{ d.a }}<{{ varargs[0] | upper }}>{% endmacro %}"
    "{% macro items(d) %}{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}{% endmacro %}"
    "{% macro kinds(d) %}{{ d.x is mapping }}{{ d.x is sequence }}{{ d.xs is mapping }}{% endmacro %}"
    "{% macro keys(d) %}{% for k in d %}{{ k }};{% endfor %}{% endmacro %}"
    "{% macro maybe(d) %}{% if 'a' in d %}{{ d.a }}{% else %}none{% endif %}{{ d.b.c if 'b' in d }}{% endmacro %}"
)

CASES = [
    ({"a": "1", "b": "x", "k": 0, "flag": True, "n": 1}, ["p", "q"]),
    ({"a": "1", "b": "x", "k": 0, "flag": True, "n": True}, ["p", "q"]),  # True prints apart from 1
    ({"a": "1", "b": "x", "k": 0, "flag": 1, "n": "1"}, ["p", "q"]),
    ({"a": "1", "flag": False, "n": 1, "missing": None}, ["p"]),
    ({"a": 2, "update": "u", "n": None, "flag": ""}, []),
    ({"n": 1, "a": "1", "b": "x", "k": 0, "flag": True}, ["p", "q"]),  # the same keys in another order
    ({"a": "1", "b": "x", "k": 0, "flag": True, "n": 1}, ["q", "p"]),
    ({"a": "5% of %s %%(x)s", "b": "x", "k": 0, "flag": True, "n": 1}, ["%d"]),  # % in the text and holes
    ({"a": "1", "b": "x", "k": 0, "flag": True, "n": 1}, ["p", "q"]),  # the first again: kept
]


@pytest.fixture()
def env(tmp_path):
    (tmp_path / "parts").write_text(PARTS, encoding="utf-8")  # a file: memo reads a macro's syntax tree from it
    environment = trusted_class()(loader=jinja2.FileSystemLoader(tmp_path), undefined=jinja2.StrictUndefined)
    environment.globals["memo"] = memo_module.memo
    return environment


def test_kept_texts_are_the_macros_own_for_every_shape(env):
    parts = env.get_template("parts").module
    for d, xs in CASES * 2:
        assert memo_module.memo(parts.m, d, xs) == parts.m(d, xs)
        assert memo_module.memo(parts.holes, d, holes=(d["a"], len(xs))) == parts.holes(d, d["a"], len(xs))
    assert memo_module._KEPT[(parts.holes, "en")].holes_checked is True and memo_module._KEPT[(parts.holes, "en")].shapes
    kept = memo_module._KEPT[(parts.m, "en")]
    assert sum(len(texts) for _, texts in kept.shapes.values()) == len(CASES) - 1  # the repeated case was found


def test_a_hole_changed_before_it_is_printed_is_not_kept(env):
    parts = env.get_template("parts").module
    assert memo_module.memo(parts.bad_hole, {"a": "1"}, holes=("12",)) == "1<12>"
    assert memo_module.memo(parts.bad_hole, {"a": "1"}, holes=("ab",)) == "1<AB>"
    assert memo_module._KEPT[(parts.bad_hole, "en")].holes_checked is False


def test_what_the_copies_cannot_follow_is_run(env):
    parts = env.get_template("parts").module
    d = {"a": 1, "b": 2.5}
    assert memo_module.memo(parts.items, d) == "a=1;b=2.5;"
    d["b"] = -0.0
    assert memo_module.memo(parts.items, d) == "a=1;b=-0.0;"


def test_what_a_test_of_kind_sees_is_the_values_own(env):
    """`x is mapping` asks isinstance: a copy of a dict is a mapping, of a list not."""
    parts = env.get_template("parts").module
    d = {"x": {"a": "1"}, "xs": ["p"]}
    assert memo_module.memo(parts.kinds, d) == parts.kinds(d) == "TrueTrueFalse"


def test_keys_equal_but_printed_apart_are_not_confused(env):
    """1 and True are equal dict keys: the text of one is not the other's."""
    parts = env.get_template("parts").module
    for d in ({1: "a"}, {True: "a"}, {"1": "a"}, {1: "a"}):
        assert memo_module.memo(parts.keys, d) == parts.keys(d)


def test_a_key_read_before_and_missing_now_is_not_the_kept_text(env):
    """A key found and read is not tested again by the kept observations (reading it fails where it
    is missing): a later call without it gets the macro's own text."""
    parts = env.get_template("parts").module
    for d in ({"a": "x", "b": {"c": "1"}}, {}, {"a": "y"}, {"b": {"c": "2"}}, {"a": "x", "b": {"c": "1"}}, {"b": {}},
              {"a": "x"}, {}):
        if d == {"b": {}}:
            with pytest.raises(jinja2.UndefinedError):
                parts.maybe(d)
            continue
        assert memo_module.memo(parts.maybe, d) == parts.maybe(d)


def _solution_texts(spec, digits, locale):
    from symbp.i18n import use
    from symbp.pipeline import derive_solution
    from symbp.render.worked import render_latex

    with use(locale):
        solution, report = derive_solution(spec)
        return render_latex(solution, report, digits=digits)


@pytest.mark.parametrize("name", ["nn231", "softmax3"])
def test_two_architectures_locales_and_digits_in_one_process(name, monkeypatch):
    """Each text equals the one made with nothing kept (memo only calling the macro)."""
    from symbp.render.templates import environment
    from symbp.resources import example_path
    from symbp.spec import load_spec

    specs = [load_spec(example_path(n)) for n in (name, "batch3")]
    runs = [(spec, digits, locale) for spec in specs for digits in (3, 4) for locale in ("en", "de", "fr")]
    kept = [_solution_texts(*run) for run in runs]
    monkeypatch.setitem(environment().globals, "memo", memo_module.memo_sandboxed)
    assert kept == [_solution_texts(*run) for run in runs]
    assert len({text for text, (_, digits, _) in zip(kept, runs) if digits == 4}) == 6  # each architecture and locale its own


def test_a_course_folder_renders_sandboxed_and_its_edits_are_seen(tmp_path):
    from symbp.render.templates import environment, render_template
    from symbp.resources import example_path
    from symbp.spec import load_spec
    from symbp.worksheet import SheetOptions, build_worksheet

    course = tmp_path / "course"
    (course / "tex").mkdir(parents=True)
    skeleton = course / "tex" / "network-skeleton.jinja"
    skeleton.write_text("<% macro skeleton(network) %>% course drawing one<% endmacro %>\n", encoding="utf-8")
    env = environment(course)
    assert env.globals["memo"] is memo_module.memo_sandboxed and isinstance(env, jinja2.sandbox.SandboxedEnvironment)
    spec = load_spec(example_path("nn231"))
    build_worksheet(spec, 2, 1)  # symbp's own templates keep their texts meanwhile
    first = build_worksheet(spec, 2, 1, SheetOptions(templates_dir=course)).files["answer-key.tex"]
    assert "% course drawing one" in first
    skeleton.write_text("<% macro skeleton(network) %>% course drawing two<% endmacro %>\n", encoding="utf-8")
    import os

    os.utime(skeleton, (1, 1))  # another modification time, however fast the file system's clock
    second = build_worksheet(spec, 2, 1, SheetOptions(templates_dir=course)).files["answer-key.tex"]
    assert "% course drawing two" in second and "% course drawing one" not in second
    with pytest.raises(SpecError):  # in the sandbox, memo calls only a template's macro
        (course / "tex" / "x.jinja").write_text("<%= memo('a'.center, 10) %>", encoding="utf-8")
        render_template("tex/x.jinja", course)


def test_escaped_texts_are_kept_alike_and_refusals_repeated():
    from symbp.render import tex_text

    for text in ["50% of \\input{x} & more", "Übung ~ #1_a", "α ≤ β", "plain"] * 2:
        assert tex_text.tex_escape(text) == tex_text._escaped(text)
    assert tex_text.tex_escape("50% & $") == r"50\% \& \$"
    for _ in range(2):
        with pytest.raises(SpecError):
            tex_text.tex_escape("漢字")
