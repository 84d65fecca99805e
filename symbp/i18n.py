"""Languages: a locale's words and its way of writing numbers.

In:  a locale code ("en", "de", "fr"); its catalogue templates/i18n/<code>.toml — a [locale]
     table (name, decimal_mark, list_separator, babel language, which counts take the singular)
     and every sentence and word symbp prints, by key, with {placeholders}.
Out: `Locale` objects: `message(key, **params)` (a text in that language; a message given as
     {one = …, other = …} is chosen by the parameter n), `number(text, fmt)` (an ASCII decimal
     as the locale writes it: "−0,5", in LaTeX "-0{,}5").

The locale of a run is a context variable (`current()`), set by the public API around the work
it does for a solution, worksheet or report (`use(code)`), and read by the printers (the one
place a number becomes text) and by the templates (`_(key, …)`, `locale`).  Adding a language
is adding its catalogue (README "Languages").
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .errors import SpecError

DEFAULT = "en"
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_BRACED = re.compile(r"(?<![A-Za-z{])\{(\w*)\}(?!\})")  # {name} or {0} as a placeholder is typed (not \textbf{x}, {{x}})
_FIELD = re.compile(r"(?<![A-Za-z{])\{(\w+)([.\[!:][^{}]*)\}(?!\})")  # {name.attr}, {name[0]}, {name!r:>9}: Python's format
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")


@dataclass(frozen=True)
class Locale:
    code: str
    name: str
    decimal_mark: str  # "." or ","
    list_separator: str  # between the numbers of a vector or an argument list: "," or ";"
    babel: str | None  # the LaTeX babel language (None: LaTeX's own English)
    singular: tuple = (1,)  # the counts that take a message's "one" form
    messages: dict = field(default_factory=dict, compare=False, repr=False)  # "section.key" -> str or {one, other}

    @property
    def separator(self) -> str:
        """The separator of a list of numbers as printed: ", " or "; "."""
        return self.list_separator + " "

    @property
    def csv_delimiter(self) -> str:
        """The field separator of a CSV file a spreadsheet of this locale reads: ";" beside a decimal comma."""
        return ";" if self.decimal_mark == "," else ","

    def message(self, key: str, /, **params) -> str:
        """The message `key` in this language, its {placeholders} filled from `params`."""
        try:
            text = self.messages[key]
        except KeyError:
            raise KeyError(f"no message {key!r} in the {self.code} catalogue") from None
        if isinstance(text, dict):
            text = text["one" if params.get("n") in self.singular else "other"]
        return fill(text, params)

    def grouped(self, n: int) -> str:
        """A whole number with its thousands grouped: 1,000,000; beside a decimal comma 1 000 000
        (a comma there would read as a decimal mark)."""
        text = f"{n:,}"
        return text if self.decimal_mark == "." else text.replace(",", " ")

    def number(self, text: str, fmt: str = "text") -> str:
        """An ASCII number text (0.5, -1.25, 1.715) with this locale's decimal mark; in LaTeX a
        decimal comma is braced ({,}) so that it gets no punctuation space."""
        if self.decimal_mark == ".":
            return text
        mark = "{,}" if fmt == "tex" and self.decimal_mark == "," else self.decimal_mark
        return _DECIMAL.sub(mark, text)


def fill(text: str, params: dict) -> str:
    """`text` with each {name} of `params` replaced (other braces, LaTeX's, are left alone)."""
    form = _FORMS.get(text)
    if form is None:
        form = _form(text)
    if type(form) is str:  # (no placeholder)
        return form
    try:  # (every placeholder given: one `%`, each value made a text by str as below)
        return form[0] % tuple(map(params.__getitem__, form[1]))
    except KeyError:
        return _PLACEHOLDER.sub(lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


_FORMS: dict = {}  # a message's text -> itself without placeholders, else (its format: "%s" for each, "%" doubled; their names)


def _form(text: str):
    pieces = _PLACEHOLDER.split(text)  # texts and names in turn
    form = text if len(pieces) == 1 else ("%s".join([piece.replace("%", "%%") for piece in pieces[0::2]]),
                                          tuple(pieces[1::2]))
    if len(_FORMS) >= 4096:
        _FORMS.clear()
    _FORMS[text] = form
    return form


def placeholders(text) -> set[str]:
    """The {names} a message uses (of every form of a plural message)."""
    forms = text.values() if isinstance(text, dict) else [text]
    return {name for form in forms for name in _PLACEHOLDER.findall(form)}


_NOTICED: set = set()  # (catalogue, keys) a run has warned of


def _locale_not_read(table, locale: Locale | None, shown: str) -> None:
    """A UserWarning where a course catalogue's [locale] sets what the language's own does not: decimal_mark = ","
    in en.toml printed "." all the same, silently (the hostile-input tester of stop 65)."""
    if not isinstance(table, dict) or locale is None:
        return
    own = {"name": locale.name, "decimal_mark": locale.decimal_mark, "list_separator": locale.list_separator,
           "babel": locale.babel or "", "singular": list(locale.singular)}
    differs = sorted(key for key, value in table.items() if key in own and value != own[key])
    if differs and (shown, tuple(differs)) not in _NOTICED:  # (once a run: a sheet reads its catalogue twice)
        _NOTICED.add((shown, tuple(differs)))
        from .notices import notice
        from .numbers import short_repr

        notice(f"{shown}: [locale] is not read from a course's catalogue (only its messages are): "
               + ", ".join(f"{key} stays {short_repr(own[key], 20)}" for key in differs[:5]))


def catalogue_dir():
    from .resources import templates_dir

    return templates_dir() / "i18n"


def available() -> list[str]:
    """The codes of the languages symbp has a catalogue for."""
    return sorted(p.stem for p in catalogue_dir().glob("*.toml"))


def _flatten(table: dict, prefix: str = "", plural: frozenset = frozenset()) -> dict:
    """A catalogue's messages by dotted key; a table is a plural message's forms where its keys are
    one and other, or where its key is one of `plural` (a course's catalogue: its forms checked)."""
    out = {}
    for key, value in table.items():
        name = prefix + key
        if isinstance(value, dict) and not set(value) <= {"one", "other"} and name not in plural:
            out.update(_flatten(value, name + ".", plural))
        else:
            out[name] = value
    return out


@lru_cache(maxsize=None)
def _builtin(code: str) -> Locale:
    """A built-in catalogue: parsed once, then read from the user's cache folder while the file is
    unchanged (its path, size and modification time; `sympy_cache.kept`)."""
    from .sympy_cache import kept

    path = catalogue_dir() / f"{code}.toml"
    if code in _LOADING:  # a message asked for while its own catalogue is read: the catalogue is broken
        raise SpecError(str(path), "symbp's message catalogue cannot be read: reinstall symbp")
    _LOADING.add(code)
    try:
        return _read_builtin(code, path, kept)
    finally:
        _LOADING.discard(code)


_LOADING: set = set()  # the built-in catalogues being read now


def _read_builtin(code: str, path: Path, kept) -> Locale:
    state = path.stat()
    meta, messages = kept(f"catalogue-{code}", f"catalogue {path} {state.st_size} {state.st_mtime_ns}",
                          lambda: _parsed(path), _catalogue)
    return Locale(code, meta["name"], meta["decimal_mark"], meta["list_separator"], meta.get("babel") or None,
                  tuple(meta.get("singular", [1])), messages)


def _parsed(path: Path) -> list:
    """[its [locale] table, its messages by "section.key"] of a catalogue file."""
    from .inputs import parse_toml

    table = parse_toml(path.read_text(encoding="utf-8"), str(path))
    meta = table.pop("locale")
    return [meta, _flatten(table)]


def _catalogue(data) -> list:
    """A parsed catalogue (`_parsed`) as read back from the cache: TypeError unless it has that shape."""
    meta, messages = data
    forms = (form for text in messages.values() for form in (text.values() if isinstance(text, dict) else [text]))
    if not (all(isinstance(meta[key], str) for key in ("name", "decimal_mark", "list_separator"))
            and all(type(n) is int for n in meta.get("singular", [])) and isinstance(meta.get("babel", ""), str)
            and all(isinstance(text, str) or (isinstance(text, dict) and set(text) <= {"one", "other"}) for text in messages.values())
            and all(isinstance(form, str) for form in forms)):
        raise TypeError("not a message catalogue")
    return data


MAX_CATALOGUE_BYTES = 1_000_000


@lru_cache(maxsize=32)
def get(code: str, user_dir: str | None = None) -> Locale:
    """The locale of a code, with a course's own wording from `user_dir`/i18n/<code>.toml (the
    --templates folder) over the built-in one; SpecError (exit code 2) for a language without a
    catalogue, or a course catalogue that is not a table of known keys and strings."""
    if not isinstance(code, str) or code not in available():
        raise SpecError("locale", f"expected one of: {', '.join(available())}; got {code!r}")
    locale = _builtin(code)
    if user_dir is None or not (Path(user_dir) / "i18n" / f"{code}.toml").exists():
        return locale
    _inside(Path(user_dir), Path(user_dir) / "i18n" / f"{code}.toml")
    return replace(locale, messages={**locale.messages, **_course_messages(Path(user_dir) / "i18n" / f"{code}.toml",
                                                                          locale.messages, locale)})


def _inside(folder: Path, path: Path) -> None:
    """A course's catalogue read only from inside its folder, as its templates are: a link (the file's, or its i18n
    folder's) to a file outside is refused (stop 66's hostile tester: an outside file's text was printed)."""
    import os

    real, home = os.path.realpath(path), os.path.realpath(folder)
    if os.path.commonpath([real, home]) != home:
        from .inputs import display_path

        raise SpecError(display_path(path), "a link to a file outside the course's template folder is not read")


def _course_messages(path: Path, known: dict, locale: Locale | None = None) -> dict:
    """A course's catalogue: untrusted, so bounded, and every key one of the built-in ones.  Its [locale] table
    (a whole catalogue copied) is not read: where it differs from the language's own, a warning says so."""
    from .inputs import _printable, as_typed, display_path, parse_toml, read_text

    path = Path(as_typed(path))
    shown = display_path(path)
    table = parse_toml(read_text(path, "catalogue", limit=MAX_CATALOGUE_BYTES, alone=False), shown)
    _locale_not_read(table.pop("locale", None), locale, shown)
    messages = _flatten(table, plural=frozenset(key for key, text in known.items() if isinstance(text, dict)))
    for key, text in messages.items():
        if key not in known:
            from .errors import did_you_mean

            raise SpecError(f"{shown}: {key}", f"not a message of symbp's catalogue{did_you_mean(key, known)} "
                                              "(see templates/i18n/en.toml)")
        forms = text.values() if isinstance(text, dict) else [text]
        if not all(isinstance(form, str) for form in forms) or isinstance(known[key], dict) != isinstance(text, dict):
            raise SpecError(f"{shown}: {key}", "expected " + ("a table {one = …, other = …}" if isinstance(known[key], dict)
                                                             else "a string"))
        if isinstance(text, dict) and set(text) != set(known[key]):  # (a form missing: a KeyError in a template)
            raise SpecError(f"{shown}: {key}", "expected a table of the forms " +
                            ", ".join(f"{form} = …" for form in known[key]) + ", got " +
                            (", ".join(f"{form} = …" for form in text) or "none"))
        allowed = placeholders(known[key])
        for form in forms:  # a placeholder the message is not given prints as typed: {nope}, {0}
            unknown = next((m.group(1) for m in _BRACED.finditer(form) if m.group(1) not in allowed), None)
            if unknown is not None:
                raise SpecError(f"{shown}: {key}", f"{{{unknown}}} is no placeholder of this message; it has "
                                                   f"{', '.join(f'{{{n}}}' for n in sorted(allowed)) or 'none'}")
        for form in forms:  # {widths.__class__}, {widths:>999}: a placeholder with more, which symbp prints as typed
            field = next((m for m in _FIELD.finditer(form) if m.group(1) in allowed), None)
            if field is not None:
                raise SpecError(f"{shown}: {key}", f"{field.group(0)[:60]} is no placeholder of this message: write "
                                                   f"{{{field.group(1)}}} alone (no attribute, index, conversion or width)")
        for form in forms:  # a message reaches stderr and the JSON report outside any template, too
            bad = next((ch for ch in form if ch not in "\n\t" and not _printable(ch)), None)
            if bad is not None:
                raise SpecError(f"{shown}: {key}", f"holds a control character (U+{ord(bad):04X}): an escape code would "
                                                  "reach the terminal, a bidi control reorder what a reader sees")
    return messages



_CURRENT: ContextVar[str] = ContextVar("symbp_locale", default=DEFAULT)


def current() -> Locale:
    code = _CURRENT.get()
    locale = _BUILTIN_OF.get(code)
    if locale is None:
        locale = _BUILTIN_OF[code] = get(code)  # read for every number printed: one dict look-up
    return locale


current_code = _CURRENT.get  # the current locale's code (what current().code is, without the look-up)

_BUILTIN_OF: dict[str, Locale] = {}  # code -> get(code) (the built-in catalogue; it does not change)


def code_of(value, field_name: str = "locale") -> str | None:
    """A locale option or spec key checked: None (not chosen) or a known code."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in available():
        from .number_input import short_repr

        raise SpecError(field_name, f"expected one of: {', '.join(available())}; got {short_repr(value)}")
    return value


@contextmanager
def use(code: str | None):
    """Run the block in the locale `code` (None: keep the current one)."""
    if code is None:
        yield current()
        return
    token = _CURRENT.set(get(code).code)
    try:
        yield current()
    finally:
        _CURRENT.reset(token)


class _Current:
    """The current locale, read at each use (the templates' `locale`: locale.separator, locale.code)."""

    def __getattr__(self, name):
        return getattr(current(), name)


CURRENT = _Current()


def message(key: str, /, **params) -> str:
    """The message `key` in the current locale."""
    return current().message(key, **params)


def messages_of(user_dir: str | None):
    """The templates' `_`: messages of the current locale, worded by the course's folder if any."""

    def message_of_course(key: str, /, **params) -> str:
        return get(_CURRENT.get(), user_dir).message(key, **params)

    return message_of_course


def number(text: str, fmt: str = "text") -> str:
    """An ASCII number text in the current locale (see Locale.number)."""
    return current().number(str(text), fmt)


def localized(method):
    """A method of an API object run in that object's locale (its `locale` attribute)."""
    from functools import wraps

    @wraps(method)
    def in_locale(self, *args, **kwargs):
        with use(self.locale):
            return method(self, *args, **kwargs)

    return in_locale


def choose(*candidates) -> str:
    """The first locale chosen, checked: an option, then the spec's, …; English when none is."""
    for field_name, value in candidates:
        code = code_of(value, field_name)
        if code is not None:
            return code
    return DEFAULT
