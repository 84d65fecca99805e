"""The bounds of a course's templates and the two Jinja environment classes (render/templates.py).

A course's template folder is hostile until checked: it renders in `BoundedSandbox` — Jinja's
immutable sandbox (no attribute starting with "_", no modifying method of a dict, list or set) with every `*`, `**` and `%`, every call and every
sizing filter checked against the bounds below (a huge string, list, number or format width from
one small number is a SecurityError).  symbp's own templates render in `Trusted`, a plain
environment.  Both read a plain dict's key at once (`row.lhs`), as the sandbox reads it.
"""

from __future__ import annotations

import os
import re
from types import FunctionType

from .course_record import used

MAX_BUILT = 1_000_000  # items of a string or list one `*` may build
MAX_INT_BITS = 100_000  # bits of an integer one `*` or `**` may build
MAX_ARGUMENT = 1_000_000  # a number passed to a call or filter (a width, a count, a length)

_FORMAT_WIDTH = re.compile(r"%[-+ #0]*(\d+)|%[-+ #0]*\d*\.(\d+)|\{[^{}]*?:[^{}]*?(\d+)[^{}]*\}")


_ARGUMENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d*\.\*)|\{[^{}]*:[^{}]*\{")


def _check_format(text) -> None:
    """A %- or {}-format string may not ask for a width or precision beyond MAX_ARGUMENT, nor take
    one from its arguments ("%*d", "{:{}}": the number is not in the format string to check)."""
    if isinstance(text, str):
        if _ARGUMENT_WIDTH.search(text.replace("%%", "").replace("{{", "").replace("}}", "")):  # (escapes: no fields)
            raise security_error("a format width or precision taken from an argument (* or a nested {})")
        for match in _FORMAT_WIDTH.finditer(text):
            if any(g and len(g) > 6 and int(g) > MAX_ARGUMENT for g in match.groups()):
                raise security_error(f"a format width or precision beyond {MAX_ARGUMENT:,}")


def security_error(message: str):
    from jinja2.exceptions import SecurityError

    return SecurityError(message)


def _check_numbers(args, kwargs) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            raise security_error(f"a width or count beyond {MAX_ARGUMENT:,}")


# What can build a huge string or list from one small number: these filters and str methods.
_SIZING_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice"}
_SIZING_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def bounded_filter(name: str, function):
    """The filter with its width/count arguments (or, for `format`, its format string) bounded."""
    from functools import wraps

    from jinja2.utils import _PassArg

    skip = 1 + (_PassArg.from_obj(function) is not None)  # the environment/context, then the value

    @wraps(function)
    def bounded(*args, **kwargs):
        if name == "format" and len(args) >= skip:
            _check_format(args[skip - 1])
        elif name in _SIZING_FILTERS:
            _check_numbers(args[skip:], kwargs)
        return function(*args, **kwargs)

    return bounded


MAX_LIPSUM = 100  # paragraphs of placeholder text (a course's lipsum(n=1000000): 67 s and 1 GB, the hostile-input
# hunter's HIGH of stop 56; MAX_ARGUMENT bounds a count, not what each item costs)


def bounded_lipsum(function):
    """Jinja's lipsum with its paragraph count (n, its first argument) at most MAX_LIPSUM."""
    from functools import wraps

    @wraps(function)
    def bounded(*args, **kwargs):
        n = kwargs.get("n", args[0] if args else 5)
        if isinstance(n, int) and n > MAX_LIPSUM:
            raise security_error(f"lipsum of more than {MAX_LIPSUM} paragraphs")
        return function(*args, **kwargs)

    return bounded


def _size(value) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


# getattr of a plain dict succeeds only for these names (its methods and object's); for any other
# name Jinja's sandbox reads the key, after an AttributeError (the common case in our templates)
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _DictKeysFirst:
    """`row.lhs` of a plain dict: its key, as Jinja's sandbox reads it, without the AttributeError first."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def sandbox_class():
    from jinja2.runtime import Macro
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

    class BoundedSandbox(_DictKeysFirst, ImmutableSandboxedEnvironment):
        """Jinja's immutable sandbox (no dict's, list's or set's modifying method: a course's template
        cannot change the process's catalogue, `locale.messages`, nor the data it is given, which
        later renderings in the same process would print), with every `*`, `**` and `%` and every
        call checked against the bounds."""

        intercepted_binops = frozenset({"*", "**", "%"})
        trusted: frozenset = frozenset()  # functions of ours the templates call (not the sandbox's str.format wrapper)

        def call_binop(self, context, operator, left, right):
            if operator == "*":
                for seq, count in ((left, right), (right, left)):
                    if _size(seq) is not None and isinstance(count, int) and _size(seq) * max(count, 0) > MAX_BUILT:
                        raise security_error(f"`*` would build more than {MAX_BUILT:,} items")
                if isinstance(left, int) and isinstance(right, int) and \
                        left.bit_length() + right.bit_length() > MAX_INT_BITS:
                    raise security_error(f"`*` would build a number of more than {MAX_INT_BITS:,} bits")
            elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and \
                    max(left.bit_length(), 1) * right > MAX_INT_BITS:
                raise security_error(f"`**` would build a number of more than {MAX_INT_BITS:,} bits")
            elif operator == "%":
                _check_format(left)
            return super().call_binop(context, operator, left, right)

        def _load_template(self, name, globals):  # noqa: A002 (Jinja's own signature)
            """A template of the document being rendered: its own text counts for it (course_record.used)."""
            template = super()._load_template(name, globals)
            used(os.path.normpath(template.filename))
            return template

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
            if type(__obj) is Macro:  # a template's own macro: safe to call, and no str method to bound
                return __context.call(__obj, *args, **kwargs)
            if type(__obj) is FunctionType and __obj in __self.trusted:  # our own `_`: no str method either
                return SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
            method = getattr(__obj, "__name__", None)
            # str.format comes wrapped by the sandbox: the bound method is its __wrapped__
            owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
            if isinstance(owner, str) and method in ("format", "format_map"):
                _check_format(owner)
            elif (isinstance(owner, str) and method in _SIZING_METHODS) or method == "generate_lorem_ipsum":
                _check_numbers(args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

    return BoundedSandbox


def trusted_class():
    import jinja2

    from .trusted import FastGenerator
    from .trusted_runtime import FastContext, FastTemplate, ListLoop

    class Trusted(_DictKeysFirst, jinja2.Environment):
        """symbp's own templates (no course folder): our code, rendered without the sandbox's
        checks on every attribute and call, compiled with two calls fewer and freed at once (render/trusted.py, trusted_runtime.py)."""

        trusted: frozenset = frozenset()
        direct_calls: frozenset = frozenset()  # plain functions of ours called at once (trusted.FastGenerator.visit_Call)
        code_generator_class = FastGenerator
        context_class = FastContext
        template_class = FastTemplate
        list_loop = ListLoop  # a loop over a list, in symbp's own templates

        def __init__(self, *args, **kwargs):
            """Jinja's filters with an async variant (join, map, list, select, …) as their sync
            function: the wrapper that chooses between the two tests the environment at each call
            (this one is never async)."""
            super().__init__(*args, **kwargs)
            if not self.is_async:
                self.filters.update({name: function.__wrapped__ for name, function in self.filters.items()
                                     if getattr(function, "jinja_async_variant", False)})

        def _load_template(self, name, globals):  # noqa: A002 (Jinja's own signature)
            """A template found by its name in a plain dict: symbp's own files are compiled once and
            never read again (no auto_reload), so Jinja's LRU cache (a deque searched and moved on
            every include and import) is asked only the first time."""
            if self.auto_reload or globals:
                return super()._load_template(name, globals)
            kept = self.__dict__.setdefault("_kept_templates", {})
            template = kept.get(name)
            if template is None:
                template = kept[name] = super()._load_template(name, globals)
            return template

    return Trusted
