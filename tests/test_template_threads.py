"""Review rev24: render/trusted_runtime.FastTemplate keeps the contexts of the rendering under way in a
module global (`_MADE`), shared by every thread.  Two renderings of symbp's own templates that
overlap in two threads (A starts, B starts, A ends, B ends) break B: A's end clears B's contexts and
sets `_MADE` to None, and B's end fails with "TypeError: 'NoneType' object is not iterable" (with
plain jinja2.Template.render both give their text).  Seen without any forcing too: four threads
rendering symbp.derive(example).to(fmt) for nn231/mazur/softmax3 fail a few renders in 90
(SpecError "template text/solution.txt.jinja: TypeError: 'NoneType' object is not iterable")."""

from __future__ import annotations

import threading

import pytest


def test_overlapping_renderings_in_two_threads_both_give_their_text():
    from symbp.render.templates import environment

    env = environment(None)
    a_started, b_started, a_done = threading.Event(), threading.Event(), threading.Event()

    def hold_a():
        a_started.set()
        assert b_started.wait(10)
        return "a"

    def hold_b():
        b_started.set()
        assert a_done.wait(10)
        return "b"

    template = env.from_string('<% set x = {"k": 1} %><%= hold() %><%= x.k %>')
    results = {}

    def render_b():
        assert a_started.wait(10)
        try:
            results["b"] = template.render(hold=hold_b)
        except Exception as exc:  # noqa: BLE001 (the failure is what the test reports)
            results["b"] = repr(exc)

    thread = threading.Thread(target=render_b)
    thread.start()
    results["a"] = template.render(hold=hold_a)
    a_done.set()
    thread.join(20)
    assert results == {"a": "a1", "b": "b1"}
