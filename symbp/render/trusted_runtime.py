"""The runtime of symbp's own compiled templates (trusted.py compiles them; render/sandbox.py's
`Trusted` environment uses both; a course's folder keeps Jinja's sandbox as it is):

    ListLoop        a loop over a list or tuple walked by a generator, `last`, `previtem` and
                    `nextitem` read by index
    FastContext     a template's macro or a plain Python function is called at once (a macro
                    without caller, varargs or kwargs called with positional arguments: its
                    function, the missing arguments `missing` as Macro.__call__ gives them); a
                    function that asks for the context, environment or eval context goes
                    through Jinja's `Context.call` as before
    FastTemplate    a context's globals read from one dict (not a ChainMap, iterated in Python),
                    an include's variables and locals merged in C;
                    an import (without context) finds its kept module without testing the
                    globals' names one by one in Python; after a rendering, the variables of its contexts (the document's, its
                    includes' and its imports' with context) are dropped: a macro refers to its
                    context and the context to the macro, a cycle that kept the whole variant's
                    data alive until the collector ran (~0.3 ms a variant scanning it, ~130 KB a
                    variant until then); now it is freed when the rendering ends

The rendered text is the same: each shortcut is taken only where Jinja's own path would give the
same value (tests/test_templates_trusted.py).
"""

from __future__ import annotations

import threading
from collections import ChainMap
from itertools import repeat
from operator import is_
from types import FunctionType

from jinja2 import Template
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, LoopContext, Macro, missing, new_context


class ListLoop(LoopContext):
    """LoopContext over a list or a tuple: its items walked by a generator (Jinja's `__next__`
    keeps the items before and after in Python, ~0.6 µs an item), `last`, `previtem` and
    `nextitem` read from the list by index; anything else (another iterable, a loop iterated
    again) as LoopContext."""

    _items = None

    def __init__(self, iterable, undefined, recurse=None, depth0=0):
        self._iterable, self._undefined, self._recurse, self.depth0 = iterable, undefined, recurse, depth0
        if type(iterable) is list or type(iterable) is tuple:
            self._items = iterable
        else:
            self._iterator = iter(iterable)

    def __iter__(self):
        items = self._items
        if items is not None:
            if self.index0 == -1:
                return self._walk(items)
            self._items, self._iterator = None, iter(())  # iterated again: as LoopContext (nothing left)
        return self

    def _walk(self, items):
        for self.index0, item in enumerate(items):  # noqa: B020 (the loop's index, as LoopContext.__next__ sets it)
            yield item, self

    @property
    def last(self) -> bool:
        if self._items is None:
            return LoopContext.last.fget(self)
        return self.index0 == len(self._items) - 1

    @property
    def previtem(self):
        if self._items is None:
            return LoopContext.previtem.fget(self)
        return self._items[self.index0 - 1] if self.index0 > 0 else self._undefined("there is no previous item")

    @property
    def nextitem(self):
        if self._items is None:
            return LoopContext.nextitem.fget(self)
        if self.index0 + 1 < len(self._items):
            return self._items[self.index0 + 1]
        return self._undefined("there is no next item")


class FastContext(Context):
    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        kind = type(__obj)
        if kind is Macro or (kind is FunctionType and not hasattr(__obj, "jinja_pass_arg")):
            if kwargs:
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
            try:
                if kind is Macro and not kwargs and (__obj.__dict__.get("symbp_plain") or _plain(__obj)) and \
                        len(args) <= __obj._argument_count and not (args and isinstance(args[0], EvalContext)):
                    # Macro.__call__ for positional arguments: the missing ones `missing` (their defaults)
                    return __obj._func(*args, *(missing,) * (__obj._argument_count - len(args)))
                return __obj(*args, **kwargs)
            except StopIteration:  # as Context.call
                return __self.environment.undefined("value was undefined because a callable raised a StopIteration"
                                                    " exception")
        return Context.call(__self, __obj, *args, **kwargs)


def _plain(macro) -> bool:
    """A macro without `caller`, `varargs` or `kwargs`, not autoescaped: Macro.__call__ with
    positional arguments only calls its function with them (kept on the macro as `symbp_plain`:
    what decides it is set when the macro is made)."""
    plain = macro.symbp_plain = not (macro.caller or macro.catch_kwargs or macro.catch_varargs
                                     or macro._default_autoescape or macro._environment.is_async)
    return plain


_DICTS_ONLY = frozenset({dict})  # (a ChainMap whose maps are all plain dicts)
_MADE = threading.local()  # .contexts: the contexts of this thread's rendering under way (two threads render apart)


class FastTemplate(Template):
    def new_context(self, vars=None, shared=False, locals=None):  # noqa: A002 (Jinja's own signature)
        names = self.globals  # a ChainMap of dicts: read as one dict merged in C (the first map wins, as in the ChainMap)
        if type(names) is ChainMap and _DICTS_ONLY.issuperset(map(type, names.maps)):
            merged: dict = {}
            for part in reversed(names.maps):
                merged.update(part)
            names = merged
        if shared and locals and vars is not None and not any(map(is_, locals.values(), repeat(missing))):
            # (an include's: its includer's variables and locals in one dict made in C, as new_context makes it)
            context = self.environment.context_class(self.environment, {**vars, **locals}, self.name, self.blocks, names)
        else:
            context = new_context(self.environment, self.name, self.blocks, vars, shared, names, locals)
        made = getattr(_MADE, "contexts", None)
        if shared and made is not None:  # an include's or an import's with context (a cached module's is not)
            made.append(context)
        return context

    def _get_default_module(self, ctx=None):
        """Template._get_default_module with its test for globals the importing context has and
        this template has not made by set.difference over the globals' dicts (a ChainMap's
        `keys()` tested each name in Python: ~5 µs an import)."""
        if ctx is not None and not self.environment.is_async and type(ctx.globals_keys) is set and \
                type(self.globals) is ChainMap and _DICTS_ONLY.issuperset(map(type, self.globals.maps)):
            keys = ctx.globals_keys.difference(*self.globals.maps)
            if keys:
                return self.make_module({k: ctx.parent[k] for k in keys})
            if self._module is None:
                self._module = self.make_module()
            return self._module
        return super()._get_default_module(ctx)

    def render(self, *args, **kwargs) -> str:
        if self.environment.is_async:
            return super().render(*args, **kwargs)
        outer, made = getattr(_MADE, "contexts", None), []
        _MADE.contexts = made
        try:
            context = self.new_context(dict(*args, **kwargs))
            made.append(context)
            try:
                return self.environment.concat(self.root_render_func(context))
            except Exception:  # as Template.render
                self.environment.handle_exception()
        finally:
            for context in made:
                context.vars.clear()
            _MADE.contexts = outer
