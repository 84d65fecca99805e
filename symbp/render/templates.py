"""The Jinja environment for every template (worked solutions, worksheets, reports).

As in Sphinx's LaTeX builder: delimiters that do not fight TeX braces (`<%= value %>`,
`<% for … %>`, `<# comment #>`), a `tex` filter that escapes text for LaTeX, loud failures on
undefined names, and a course's own template folder searched before the built-in one.  The
words come from the current locale's catalogue (`_("key", …)`, `locale`, the `num` filter; see
i18n.py).
Template names are paths relative to templates/, e.g. "tex/solution.tex.jinja".

A template folder shared by a colleague is untrusted: templates render in Jinja's sandbox (no
attribute starting with "_", so no way to Python's globals), with bounds on what one operation
may build (`x * n`, `x ** n`, a call's or filter's numbers, format widths) and on the whole
output; the template files themselves are read only as regular files of bounded size, as UTF-8.
Every error — syntax, runtime, encoding, permission, recursion, a bound — is a SpecError naming
the template file and line (exit code 2).  Time is bounded by the command's time budget (cli.py).
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from functools import lru_cache
from types import FunctionType
from pathlib import Path

from .. import i18n
from ..errors import SpecError
from ..resources import templates_dir
from .tex_text import tex_escape

MAX_TEMPLATE_BYTES = 1_000_000  # one template file
MAX_OUTPUT_CHARS = 64_000_000  # one rendered document (a 1000-variant answer key is ~15 M)
USER_TEMPLATE_MEMORY = 1 << 30  # bytes a course's template folder may add while it renders (x ~ x doubles)
MAX_BUILT = 1_000_000  # items of a string or list one `*` may build
MAX_INT_BITS = 100_000  # bits of an integer one `*` or `**` may build
MAX_ARGUMENT = 1_000_000  # a number passed to a call or filter (a width, a count, a length)

_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_PUNCTUATION = set("\\`*_[]#$|~!")


def md_escape(text) -> str:
    """Plain text made literal in Markdown: no raw HTML (<script> shows as written), no emphasis,
    links or math from the user's characters."""
    return "".join(_MD_ENTITIES.get(ch) or ("\\" + ch if ch in _MD_PUNCTUATION else ch) for ch in str(text))


def aligned_rows(rows, gap: int = 2, brackets: bool = True) -> list[str]:
    """Rows of a matrix or table as text lines with right-aligned columns (for plain-text output)."""
    if not rows:
        return []
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    left, right = ("[", "]") if brackets else ("", "")
    return [left + (" " * gap).join(cell.rjust(w) for cell, w in zip(row, widths)) + right for row in rows]


def _loader(search: list[str]):
    """A FileSystemLoader that reads only regular files of bounded size, as strict UTF-8."""
    import jinja2

    class BoundedLoader(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            try:
                pieces = jinja2.loaders.split_template_path(template)
            except jinja2.TemplateNotFound:  # a ".." in the name
                raise jinja2.TemplateNotFound(template, _refused(template, "'..' leads out of the template folder")) from None
            for folder in self.searchpath:
                filename = os.path.join(folder, *pieces)
                if os.path.lexists(filename):
                    break
            else:
                raise jinja2.TemplateNotFound(template, f"{template!r} is neither in the course's nor the built-in templates")
            from ..inputs import read_text

            real, home = os.path.realpath(filename), os.path.realpath(folder)
            if os.path.commonpath([real, home]) != home:  # a link out of the folder: /etc/passwd, ~/.ssh/…
                raise jinja2.TemplateError("a link to a file outside the template folder is not read")
            try:
                source = read_text(filename, "a template", limit=MAX_TEMPLATE_BYTES)
                mtime = os.path.getmtime(filename)
            except (SpecError, OSError) as exc:
                raise jinja2.TemplateError(str(exc)) from None

            def uptodate() -> bool:  # compiled once, again only when the file changes
                try:
                    return os.path.getmtime(filename) == mtime
                except OSError:
                    return False

            return source, os.path.normpath(filename), uptodate

    return BoundedLoader(search)


def _refused(template: str, why: str) -> str:
    return (f"{template!r} refused: {why} (a template may include, import or extend only templates inside "
            f"the course's or the built-in template folder)")


_FORMAT_WIDTH = re.compile(r"%[-+ #0]*(\d+)|%[-+ #0]*\d*\.(\d+)|\{[^{}]*?:[^{}]*?(\d+)[^{}]*\}")


def _check_format(text) -> None:
    """A %- or {}-format string may not ask for a width or precision beyond MAX_ARGUMENT."""
    if isinstance(text, str):
        for match in _FORMAT_WIDTH.finditer(text):
            if any(g and len(g) > 6 and int(g) > MAX_ARGUMENT for g in match.groups()):
                raise _security(f"a format width or precision beyond {MAX_ARGUMENT:,}")


def _security(message: str):
    from jinja2.exceptions import SecurityError

    return SecurityError(message)


def _check_numbers(args, kwargs) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            raise _security(f"a width or count beyond {MAX_ARGUMENT:,}")


# What can build a huge string or list from one small number: these filters and str methods.
_SIZING_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice"}
_SIZING_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _bounded_filter(name: str, function):
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


def _size(value) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


# getattr of a plain dict succeeds only for these names (its methods and object's); for any other
# name Jinja's sandbox reads the key, after an AttributeError (the common case in our templates)
_DICT_ATTRIBUTES = frozenset(dir(dict))


def _sandbox_class():
    from jinja2.runtime import Macro
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        """Jinja's sandbox, with every `*`, `**` and `%` and every call checked against the bounds."""

        intercepted_binops = frozenset({"*", "**", "%"})
        trusted: frozenset = frozenset()  # functions of ours the templates call (not the sandbox's str.format wrapper)

        def getattr(self, obj, attribute):
            """`row.lhs` of a plain dict: its key, as the sandbox reads it, without the AttributeError first."""
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except (TypeError, LookupError):
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

        def call_binop(self, context, operator, left, right):
            if operator == "*":
                for seq, count in ((left, right), (right, left)):
                    if _size(seq) is not None and isinstance(count, int) and _size(seq) * max(count, 0) > MAX_BUILT:
                        raise _security(f"`*` would build more than {MAX_BUILT:,} items")
                if isinstance(left, int) and isinstance(right, int) and \
                        left.bit_length() + right.bit_length() > MAX_INT_BITS:
                    raise _security(f"`*` would build a number of more than {MAX_INT_BITS:,} bits")
            elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and \
                    max(left.bit_length(), 1) * right > MAX_INT_BITS:
                raise _security(f"`**` would build a number of more than {MAX_INT_BITS:,} bits")
            elif operator == "%":
                _check_format(left)
            return super().call_binop(context, operator, left, right)

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


@lru_cache(maxsize=8)
def _environment(user_dir: str | None):
    import jinja2

    search = ([user_dir] if user_dir else []) + [str(templates_dir())]
    env = _sandbox_class()(
        loader=_loader(search),
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<%=",
        variable_end_string="%>",
        comment_start_string="<#",
        comment_end_string="#>",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters = {name: _bounded_filter(name, function) for name, function in env.filters.items()}
    env.filters["tex"] = tex_escape
    env.filters["md"] = md_escape
    env.filters["aligned_rows"] = aligned_rows
    env.filters["rows"] = _relation_rows  # display math broken into rows that fit (render/rows.py)
    env.filters["digest"] = _digest  # a short name for a text: the same text, the same name
    # the words and numbers of the current locale (i18n.py), read when a template calls them
    env.globals["_"] = _remembered(i18n.messages_of(user_dir))
    env.trusted = frozenset({env.globals["_"]})
    env.globals["locale"] = i18n.CURRENT
    # pass_context: Jinja's optimizer folds a filter of a constant ("0.5" | num) when it compiles a
    # template, once for every locale; a filter that takes the context is read at each rendering
    env.filters["num"] = jinja2.pass_context(lambda context, text, fmt="text": i18n.number(text, fmt))
    return env


_MESSAGES_KEPT = 4096
_MESSAGE_KEPT_CHARS = 4000  # a kept text and its parameters at most (a template may build huge strings)


def _remembered(message):
    """`message` (the templates' `_`), each text kept by its locale, key and parameters with their
    types (2 and 2.0 print apart): a worksheet asks for the same words in every variant."""
    texts: dict = {}

    def message_of_course(key, /, **params):
        try:
            memo = (i18n.current().code, key, *((name, type(value), value) for name, value in params.items()))
            text = texts.get(memo)
        except Exception:  # noqa: BLE001 (a parameter that is no dictionary key: a list, an undefined name)
            return message(key, **params)  # worded anew, as without keeping: the same result or error
        if text is None:
            text = message(key, **params)
            size = len(text) + sum(len(value) for value in params.values() if isinstance(value, str))
            if size <= _MESSAGE_KEPT_CHARS:  # huge words or parameters (a course template's) are not kept
                if len(texts) >= _MESSAGES_KEPT:
                    texts.clear()
                texts[memo] = text
        return text

    return message_of_course


def _digest(text) -> str:
    import hashlib

    return hashlib.sha256(str(text).encode("utf-8")).hexdigest()[:16]


def _relation_rows(lhs, *texts):
    from .rows import relation_rows

    return relation_rows(lhs, *texts)


def environment(user_dir: str | Path | None = None):
    return _environment(str(Path(user_dir).resolve()) if user_dir else None)


def render_template(name: str, user_dir=None, **context) -> str:
    """A template rendered; a broken template (a course's own, say) is a short error naming the
    file and line (exit code 2), not a traceback."""
    try:
        template = environment(user_dir).get_template(name)
        parts, size = [], 0
        with _memory_bounded(user_dir is not None):
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise _security(f"the output grew beyond {MAX_OUTPUT_CHARS:,} characters")
                parts.append(chunk)
        return "".join(parts)
    except SpecError:
        raise  # e.g. a title pdflatex cannot typeset, from the tex filter: it names the text
    except (Exception, RecursionError) as exc:  # syntax, runtime, encoding, permission, recursion, a bound
        raise _template_error(exc, name) from None


@contextmanager
def _memory_bounded(bounded: bool):
    """A course's templates render with at most USER_TEMPLATE_MEMORY more address space (a string
    doubled 20 times is 1 GB): beyond it a MemoryError, reported as the template's error."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError, IndexError):  # (no such limit on this system: unbounded)
        bounded = False
    if not bounded:
        yield
        return
    limit = min([used + USER_TEMPLATE_MEMORY] + [lim for lim in (soft, hard) if lim != resource.RLIM_INFINITY])
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _template_error(exc: BaseException, name: str) -> SpecError:
    """SpecError "template FILE, line N: what went wrong" for any error raised by a template."""
    where = getattr(exc, "filename", None) or name
    line = getattr(exc, "lineno", None)
    if line is None:  # an error while rendering: the innermost template frame in the traceback
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(".jinja"):
                where, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    if isinstance(exc, (RecursionError, MemoryError)):
        what = ("templates include or call themselves without end (recursion)" if isinstance(exc, RecursionError)
                else f"needs more than {USER_TEMPLATE_MEMORY >> 20} MB more memory to render")
    else:
        from ..inputs import display_path

        text = str(exc).strip().splitlines()
        what = display_path(text[0][:300] if text else "") or type(exc).__name__
        if type(exc).__module__ == "builtins":
            what = f"{type(exc).__name__}: {what}"
    return SpecError(f"template {where}" + (f", line {line}" if line else ""), what)
