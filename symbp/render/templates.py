"""The Jinja environment for every template (worked solutions, worksheets, reports).

As in Sphinx's LaTeX builder: delimiters that do not fight TeX braces (`<%= value %>`,
`<% for … %>`, `<# comment #>`), a `tex` filter that escapes text for LaTeX, loud failures on
undefined names, and a course's own template folder searched before the built-in one.  The
words come from the current locale's catalogue (`_("key", …)`, `locale`, the `num` filter; see
i18n.py).
Template names are paths relative to templates/, e.g. "tex/solution.tex.jinja".

symbp's own templates (no folder given) are our code, compiled once for every process
(render/template_cache.py), and render in a plain environment, where `memo(macro, …)` keeps a
context-free macro's text by what it read of its arguments (render/memo.py; in a course's sandbox
it only calls the macro).  A template folder shared by a colleague is untrusted: its templates, and
the built-in ones they include, render in Jinja's sandbox (no attribute starting with "_", so no
way to Python's globals), with bounds on what one operation may build (`x * n`, `x ** n`, a call's
or filter's numbers, format widths; render/sandbox.py) and on the whole output; the template files
themselves are read only as regular files of bounded size, as UTF-8.
Every error — syntax, runtime, encoding, permission, recursion, a bound — is a SpecError naming
the template file and line (exit code 2).  Time is bounded by the command's time budget (cli.py).
"""

from __future__ import annotations

import html
import os
import sys
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .. import i18n
from ..errors import SpecError, TimeBudgetExceeded
from ..resources import templates_dir
from ..text_width import fit
from .course_record import named, recording, used
from .example_numbers import EXAMPLES, padded
from .memo import memo, memo_sandboxed
from .running_head import running_title
from .sandbox import bounded_filter, bounded_lipsum, sandbox_class, security_error, trusted_class
from .template_filters import aligned_rows, digest, md_escape, relation_rows, remembered, side_by_side
from .tex_text import as_typed, pdf_text, tex_escape, tex_heading, tex_shown

MAX_TEMPLATE_BYTES = 1_000_000  # one template file
MAX_OUTPUT_CHARS = 64_000_000  # one rendered document (a 1000-variant answer key is ~15 M)
USER_TEMPLATE_MEMORY = 1 << 30  # bytes a course's template folder may add while it renders (x ~ x doubles)

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
                source = read_text(filename, "template", limit=MAX_TEMPLATE_BYTES, alone=False)
                mtime = os.path.getmtime(filename)
            except (SpecError, OSError) as exc:
                raise jinja2.TemplateError(str(exc)) from None

            texts = getattr(environment, "source_texts", None)
            if texts is not None:  # a course's environment: what its templates' own text may print
                from .course_numbers import source_texts

                texts[os.path.normpath(filename)] = source_texts(environment, source, own=folder == self.searchpath[-1])

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


@lru_cache(maxsize=8)
def _environment(user_dir: str | None):
    """A course's folder (user_dir): its templates and the built-in ones they include render in the
    bounded sandbox; without one, symbp's own templates render in a plain environment."""
    import jinja2

    from .template_cache import bytecode_cache

    search = ([user_dir] if user_dir else []) + [str(templates_dir())]
    env = (sandbox_class() if user_dir else trusted_class())(
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
        auto_reload=bool(user_dir),  # a course's files are read again when they change; symbp's own are not
        # a course's constant expressions worked out when rendered, under the sandbox's bounds and the
        # memory cap, not by Jinja's optimizer while compiling ("%*d"|format(900000000, 1): 4 GB)
        optimized=not user_dir,
        bytecode_cache=None if user_dir else bytecode_cache(),  # symbp's own: compiled once (template_cache.py)
    )
    if user_dir:
        env.filters = {name: bounded_filter(name, function) for name, function in env.filters.items()}
        env.globals["lipsum"] = bounded_lipsum(env.globals["lipsum"])
        env.source_texts = {}  # file -> its own text (course_numbers.py)
    env.filters["tex"] = tex_escape
    env.filters["tex_heading"] = tex_heading  # a title, course or date: a long word (no spaces) may break anywhere
    env.filters["as_typed"] = as_typed  # an instructor's text in a French document: no space added before : ; ! ?
    env.filters["fit"] = fit  # a listing's column: padded to its terminal width, or cut with …
    env.filters["tex_shown"] = tex_shown  # a student's name: U+738B for what pdflatex cannot typeset
    env.filters["pdf_text"] = pdf_text  # a document's title in the PDF's information
    env.filters["md"] = md_escape
    env.filters["aligned_rows"] = aligned_rows
    env.filters["side_by_side"] = side_by_side
    env.filters["rows"] = relation_rows  # display math broken into rows that fit (render/rows.py)
    env.filters["digest"] = (lambda text: named(digest(text))) if user_dir else digest  # a short name for a
    # text: the same text, the same name (in a course's document, a name that is no number: course_numbers.py)
    # a macro's text kept by what it read of its arguments (render/memo.py); a course's: only called
    env.globals["memo"] = memo_sandboxed if user_dir else memo
    # the words and numbers of the current locale (i18n.py), read when a template calls them
    env.globals["_"] = remembered(i18n.messages_of(user_dir))
    env.trusted = frozenset({env.globals["_"]})
    if not user_dir:  # (our plain functions, called as Context.call would: no context, no `_loop_vars`)
        env.direct_calls = frozenset({env.globals["_"], env.globals["memo"]})
    env.globals["locale"] = i18n.CURRENT
    env.globals["examples"] = EXAMPLES  # the numbers the prose shows as examples (example_numbers.py)
    env.globals["padded"] = padded
    from .blocks import LEADS

    env.globals["leads"] = LEADS  # a row's lead ("=", "≈", "+", …) as an alignment writes it (render/blocks.py)
    env.globals["running_title"] = running_title  # a page's running head: the title cut to fit (running_head.py)
    # pass_context: Jinja's optimizer folds a filter of a constant ("0.5" | num) when it compiles a
    # template, once for every locale; a filter that takes the context is read at each rendering
    env.filters["num"] = jinja2.pass_context(lambda context, text, fmt="text": i18n.number(text, fmt))
    return env


def templates_folder(user_dir) -> Path | None:
    """A course's templates folder as given (--templates, templates= in Python), or None for symbp's
    own; one that is no folder is refused where it is given, with the command line's message:
    `templates: /nope: no such folder` (option_words.py names the option)."""
    if user_dir is None or user_dir == "":
        return None
    from ..option_words import option

    if not isinstance(user_dir, (str, os.PathLike)):
        raise SpecError(option("templates"), f"expected a folder's path, got {type(user_dir).__name__}")
    folder = Path(user_dir)
    if not folder.is_dir():
        raise SpecError(option("templates"), f"{user_dir}: {'is a file (expected a folder)' if folder.exists() else 'no such folder'}")
    return folder


def environment(user_dir: str | Path | None = None):
    """The templates' environment: symbp's own, or a course's folder (which must exist: a mistyped
    folder given to the Python API is refused, not silently replaced by the built-in templates)."""
    if not user_dir:
        return _environment(None)
    return _environment(str(templates_folder(user_dir).resolve()))


def _loaded(name: str, user_dir):
    """A template, compiled: a course's with bounded memory too (its constant expressions are not
    worked out at compile time — `optimized` off in its environment — but its parsing is its own)."""
    if user_dir is None:
        return environment(None).get_template(name)
    with _memory_bounded():
        return environment(user_dir).get_template(name)


def render_template(name: str, user_dir=None, **context) -> str:
    """A template rendered; a broken template (a course's own, say) is a short error naming the
    file and line (exit code 2), not a traceback."""
    try:
        template = _loaded(name, user_dir)
        if user_dir is None:  # symbp's own templates: rendered at once, the output bounded all the same
            text = template.render(**context)
            if len(text) > MAX_OUTPUT_CHARS:
                raise security_error(f"the output grew beyond {MAX_OUTPUT_CHARS:,} characters")
            return text
        return _course_text(name, template.filename, user_dir, context, lambda: _bounded(template.generate(**context)))
    except SpecError:
        raise  # e.g. a title pdflatex cannot typeset, from the tex filter: it names the text
    except (Exception, RecursionError) as exc:  # syntax, runtime, encoding, permission, recursion, a bound
        raise _template_error(exc, name) from None
    except TimeBudgetExceeded as stop:  # a course's template that runs and runs: which one, and where
        if user_dir is None:
            raise
        from ..inputs import as_typed, display_path

        where, _ = _innermost_template(stop, name)  # (its line is the compiled code's: Jinja maps only Exceptions)
        raise TimeBudgetExceeded(f"template {display_path(as_typed(where))}: {stop}") from None


def template_macros(name: str, user_dir=None):
    """The macros of template `name` (its module: moodle/texts.jinja, tex/training.jinja); a course's
    each checked as a rendered document is (`_course_text`: their arguments are what they are given), and
    its errors reported as a template's."""
    try:
        template = _loaded(name, user_dir)
        module = template.module
    except SpecError:
        raise
    except (Exception, RecursionError) as exc:
        raise _template_error(exc, name) from None
    return module if user_dir is None else _CheckedMacros(module, name, template.filename, user_dir)


class _CheckedMacros:
    """A course's template module: `module.macro(*args)` rendered and checked (course_numbers.py)."""

    def __init__(self, module, name: str, filename: str, user_dir):
        self._module, self._name, self._filename, self._user_dir = module, name, filename, user_dir

    def __getattr__(self, macro: str):
        function = getattr(self._module, macro)

        def call(*args, **kwargs) -> str:
            try:
                return _course_text(self._name, self._filename, self._user_dir, [args, kwargs],
                                    lambda: str(function(*args, **kwargs)))
            except SpecError:
                raise
            except (Exception, RecursionError) as exc:
                raise _template_error(exc, self._name) from None

        return call


def _bounded(chunks) -> str:
    """A template's chunks joined, at most MAX_OUTPUT_CHARS (a SecurityError beyond)."""
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise security_error(f"the output grew beyond {MAX_OUTPUT_CHARS:,} characters")
        parts.append(chunk)
    return "".join(parts)


# A course's HTML, SVG, Markdown and platform templates (PrairieLearn's question.html, Moodle's question
# text, Jupyter's report, an SVG or Markdown page) are read as a browser reads them (render/markup_check.py)
_MARKUP_FOLDERS, _MARKUP_ENDINGS = ("html/", "svg/", "md/", "moodle/", "prairielearn/"), (".html.jinja", ".svg.jinja", ".md.jinja")


# what no course template may write: C0/C1 controls but tab and line break (ANSI/OSC escapes begin
# with ESC, U+001B), and the bidi controls (inputs.py refuses them in text fields for the same reasons)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _course_text(name: str, filename: str, user_dir, context, produce) -> str:
    """A course's template `name` (file `filename`) rendered by `produce()` with bounded memory, and
    checked: every number in its text given or its templates' own (course_numbers.py)."""
    from .course_numbers import check

    with _memory_bounded(), recording() as record:
        used(os.path.normpath(filename))  # (the templates it includes and imports: on loading)
        text = produce()
    markup = name.startswith(_MARKUP_FOLDERS) or name.endswith(_MARKUP_ENDINGS)
    if markup:
        from .markup_check import clipped, findings

        active, reorders = findings(text)
        if active is not None:
            raise SpecError(f"template {name}", f"writes {clipped(active, 160)!r}: active content (a script, "
                                                "an on… handler, javascript:, a frame, form or its controls, a MathJax "
                                                "\\href, \\style or \\unicode) or a style, an image or another resource that loads "
                                                "from another server would reach the students' browsers (PrairieLearn, "
                                                "Moodle) or your notebook; a course's templates word and lay out, they "
                                                "run no code and load nothing")
        if reorders is not None:
            raise SpecError(f"template {name}", f"writes {clipped(reorders, 60)!r}: markup that reorders text (as a bidi control "
                                                "does) would show students numbers other than those written; a course's "
                                                "templates write text left to right")
    # (in markup as a browser reads it: &#x202E; is the override itself)
    control = _CONTROL.search(html.unescape(text) if markup else text)
    if control is not None:
        line = control.string.count("\n", 0, control.start()) + 1
        raise SpecError(f"template {name}", f"writes a control character (U+{ord(control.group()):04X}) on line {line} "
                                            "of its output: an escape code would reach your terminal, a bidi control "
                                            "reorder what a reader sees; a course's templates write text")
    folder = str(templates_folder(user_dir).resolve())
    comma = i18n.current().decimal_mark == ","
    check(text, name, context, _environment(folder).source_texts, _catalogue_numbers(i18n.current_code(), folder, comma),
          record, comma, folder)
    return text


@lru_cache(maxsize=16)
def _catalogue_numbers(code: str, folder: str, comma: bool) -> frozenset:
    """The numbers of the locale's catalogue, worded by the course's folder."""
    from .course_numbers import readable

    messages = i18n.get(code, folder).messages
    return frozenset(readable([form for text in messages.values()
                               for form in (text.values() if isinstance(text, dict) else [text])], comma))


@contextmanager
def _memory_bounded():
    """A course's templates render with at most USER_TEMPLATE_MEMORY more address space (a string
    doubled 20 times is 1 GB): beyond it a MemoryError, reported as the template's error.  (symbp's
    own templates render without it: they never read the process's memory.)"""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm", encoding="ascii") as statm:
            taken = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError, IndexError):  # (no such limit on this system: unbounded)
        yield
        return
    limit = min([taken + USER_TEMPLATE_MEMORY] + [lim for lim in (soft, hard) if lim != resource.RLIM_INFINITY])
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _innermost_template(exc: BaseException, name: str) -> tuple[str, int | None]:
    """(file, line) of the innermost template frame of `exc`'s traceback, else (name, None)."""
    where, line, tb = name, None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".jinja"):
            where, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return where, line


def _template_error(exc: BaseException, name: str) -> SpecError:
    """SpecError "template FILE, line N: what went wrong" for any error raised by a template."""
    where = getattr(exc, "filename", None) or name
    line = getattr(exc, "lineno", None)
    if line is None:  # an error while rendering: the innermost template frame in the traceback
        where, line = _innermost_template(exc, where)
    if isinstance(exc, (RecursionError, MemoryError)):
        what = ("templates include or call themselves without end (recursion)" if isinstance(exc, RecursionError)
                else f"needs more than {USER_TEMPLATE_MEMORY >> 20} MB more memory to render")
    else:
        from ..inputs import display_path

        text = str(exc).strip().splitlines()
        what = display_path(text[0][:300] if text else "") or type(exc).__name__
        if isinstance(exc, ValueError) and "integer string conversion" in what:  # (Python's own advice: no use here)
            what = f"prints a whole number of more than {sys.get_int_max_str_digits():,} digits"
        elif type(exc).__module__ == "builtins":
            what = f"{type(exc).__name__}: {what}"
    return SpecError(f"template {where}" + (f", line {line}" if line else ""), what)
