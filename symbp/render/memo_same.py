"""`memo_same(macro, value)`: a macro's text given again for the very same object, once.

In: a context-free macro of symbp's own templates and one argument, a plain dict that nothing
changes once it is made (a worked solution's network drawing).  Out: `macro(value)`.
A worksheet prints a variant's drawing twice, in the worked solution and in the sheet's givens,
from the one dict (worksheet.variant_context): the second call finds the object it printed last,
in the same locale with the same macro, and gives its text back without rendering it again (the
macro's text depends on its argument, `_` and `locale` alone).  One slot, let go when it is used
or replaced: it holds no drawing longer than until the next one is printed.  In a course's
sandbox the macro is only called (`memo_same_sandboxed`).
"""

from __future__ import annotations

from ..i18n import current_code

_LAST: list = [None]  # (value, macro, locale code, text) of the last call that rendered


def memo_same(macro, value):
    """`macro(value)`, kept for one more call with the same object (see the module's docstring)."""
    last = _LAST[0]
    code = current_code()
    if last is not None and last[0] is value and last[1] is macro and last[2] == code:
        _LAST[0] = None
        return last[3]
    text = macro(value)
    _LAST[0] = (value, macro, code, text)
    return text


def memo_same_sandboxed(macro, value):
    """In a course's sandbox: the macro called, nothing kept."""
    from jinja2.runtime import Macro

    if type(macro) is not Macro:
        raise TypeError("memo_same() takes a template macro")
    return macro(value)
