"""How symbp's own templates (no course folder) are compiled and rendered: Jinja's code with two
calls fewer, and no reference cycle left behind.

A worksheet variant reads ~1,900 keys of plain dicts (`row.lhs`) and makes ~130 calls (macros,
`_`) in its three templates.  For the plain `Trusted` environment only (render/sandbox.py; a
course's folder keeps Jinja's sandbox as it is):

    FastGenerator   `x.name` of a plain dict that holds the key reads it in place; anything
                    else (another object, a missing key, a dict method's name) goes to
                    `environment.getattr` as before
    FastContext     a template's macro or a plain Python function is called at once; a
                    function that asks for the context, environment or eval context goes
                    through Jinja's `Context.call` as before
    FastTemplate    after a rendering, the variables of its contexts (the document's, its
                    includes' and its imports' with context) are dropped: a macro refers to its
                    context and the context to the macro, a cycle that kept the whole variant's
                    data alive until the collector ran (~0.3 ms a variant scanning it, ~130 KB a
                    variant until then); now it is freed when the rendering ends

The rendered text is the same: each shortcut is taken only where Jinja's own path would give the
same value (tests/test_templates_trusted.py).
"""

from __future__ import annotations

import threading
from types import FunctionType

from jinja2 import Template
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.runtime import Context, Macro

_DICT_ATTRIBUTES = frozenset(dir(dict))  # `x.items` of a dict is its method (sandbox._DictKeysFirst)


class FastGenerator(CodeGenerator):
    @optimizeconst
    def visit_Getattr(self, node, frame) -> None:
        if node.attr in _DICT_ATTRIBUTES or self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        name = repr(node.attr)
        self.write(f"(_ga[{name}] if type(_ga := ")
        self.visit(node.node, frame)
        self.write(f") is dict and {name} in _ga else environment.getattr(_ga, {name}))")


class FastContext(Context):
    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        kind = type(__obj)
        if kind is Macro or (kind is FunctionType and not hasattr(__obj, "jinja_pass_arg")):
            if kwargs:
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:  # as Context.call
                return __self.environment.undefined("value was undefined because a callable raised a StopIteration"
                                                    " exception")
        return Context.call(__self, __obj, *args, **kwargs)


_MADE = threading.local()  # .contexts: the contexts of this thread's rendering under way (two threads render apart)


class FastTemplate(Template):
    def new_context(self, vars=None, shared=False, locals=None):  # noqa: A002 (Jinja's own signature)
        context = super().new_context(vars, shared, locals)
        made = getattr(_MADE, "contexts", None)
        if shared and made is not None:  # an include's or an import's with context (a cached module's is not)
            made.append(context)
        return context

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
