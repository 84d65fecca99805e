"""Untrusted input, bounded before it is used: file -> text -> parsed table -> checked text fields.

`read_text(path)`: the UTF-8 text of a regular file, or of stdin for "-", at most MAX_INPUT_BYTES
(a FIFO or a device is refused before it is read: one would hang, /dev/zero never ends).
`parse_toml` / `parse_json`: the table, no deeper than MAX_NESTING (JSON objects with a key given
twice are refused).  `check_text`: a title-like text field — its length, no control characters,
no newline where none belongs; `check_name`: a file name shown in output.  Every problem is a
SpecError (exit code 2) naming the file or the field.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import unicodedata
from pathlib import Path

from .errors import SpecError
from .i18n import current, message
from .number_input import spelled

MAX_INPUT_BYTES = 2_000_000  # a spec or answers file (the answers template of the largest admitted network is ~0.6 MB)
MAX_JSON_VALUES = 4_000_000  # in one JSON file (a 64 MB key symbp wrote holds ~2.2 M); counted before it is read
MAX_NESTING = 10  # arrays and tables inside each other (a spec needs 5: layer -> table -> weights -> row)
MAX_TITLE = 200  # characters of a one-line text field (title, course, date)
MAX_INSTRUCTIONS = 2000  # characters of the worksheet's instructions (may hold line breaks)
STDIN = "-"

# Characters no text field may hold: they would move the terminal's cursor, recolour it, set its
# title (ANSI/OSC escapes start with the control character ESC), or reorder what a reader sees.
_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
JOINERS = set("\u200c\u200d")  # zero-width (non-)joiners: part of how Persian, Hindi, emoji are written
_FORBIDDEN_CATEGORIES = {"Cc", "Cs", "Cn", "Zl", "Zp"}  # controls, surrogates, unassigned, line/paragraph separators


def display_path(path) -> str:
    """A file name as it may be printed: control characters shown escaped, never sent raw."""
    text = str(path)
    return text if all(_printable(ch) for ch in text) else repr(text)[1:-1]



def as_typed(path) -> str:
    """A path symbp resolved (a course's templates folder) as a user in the current folder would type it:
    relative to it when inside it (`course/i18n/de.toml`), else whole: the same file while the current
    folder stays (print it with display_path)."""
    where, here = os.path.abspath(path), os.getcwd()
    return os.path.relpath(where, here) if where.startswith(here.rstrip(os.sep) + os.sep) else str(path)


def spec_source(path) -> str:
    """A spec file as its refusals name it: as the user gave it, "stdin" for -."""
    return "stdin" if is_stdin(path) else display_path(path)


# what a SpecError names when it is about a command's option, not the spec (the API's parameter names)
OPTION_FIELDS = frozenset({"digits", "min_digits", "rel_tol", "detail", "format", "locale", "templates", "title",
                           "course", "date", "instructions", "first_variant", "variant", "seed", "count"})


def in_spec_file(spec_path, work, not_the_spec=lambda error: False, from_spec=frozenset()):
    """`work()`, every SpecError about the spec beginning with the spec file as the user gave it
    (`symbp: net.toml: z_0^1: …`; "stdin" for -), once: not one about an option (OPTION_FIELDS, but
    those of `from_spec`: a title the spec gave, no --title; `--moodle`), an output file, or what
    `not_the_spec(error)` says is another input's; and every VerificationError (exit 3: its
    solution cannot be printed or verified)."""
    from .errors import OutputError, VerificationError, in_file

    try:
        return work()
    except VerificationError as error:  # (exit 3: a line of this spec's solution that cannot be printed, …)
        source = spec_source(spec_path) if spec_path is not None else None
        if source is None or str(error).startswith(f"{source}: "):
            raise
        raise VerificationError(f"{source}: {error}") from None
    except SpecError as error:
        if spec_path is None or isinstance(error, OutputError) or error.field in OPTION_FIELDS - from_spec or \
                error.field.startswith("-") or not_the_spec(error):
            raise
        raise in_file(error, spec_source(spec_path)) from None


def _printable(ch: str) -> bool:
    return unicodedata.category(ch) not in _FORBIDDEN_CATEGORIES and ch not in _BIDI_CONTROLS


def is_stdin(path) -> bool:
    return str(path) == STDIN


PDF_MAGIC = b"%PDF-"  # the first bytes of every PDF file


def read_text(path, what: str, limit: int = MAX_INPUT_BYTES, alone: bool = True) -> str:
    """The text of a regular file (or stdin for "-"), at most `limit` bytes of UTF-8.  `what` the
    kind of file expected (a key of the catalogue's input.what_…: "answers_file", "spec_file", …);
    a refusal is worded in the current locale.  `alone` False: a file of a folder, whose refusal
    does not suggest reading standard input instead (a FIFO among a class's answers files)."""
    name = spec_source(path)  # ("stdin" for -, as every other message names it)
    if is_stdin(path):
        try:
            data = sys.stdin.buffer.read(limit + 1)
        except OSError as error:  # (`<&-`: the shell closed it)
            raise SpecError(name, f"cannot read standard input: {error.strerror or error}") from None
    else:
        data = _read_regular_file(Path(path), name, what, limit, alone)
    if data.startswith(PDF_MAGIC):  # named before its bytes are decoded (not "not UTF-8 text")
        raise SpecError(name, message("input.pdf", what=message(f"input.what_{what}")))
    if len(data) > limit:
        raise SpecError(name, message("input.too_large", limit=current().grouped(limit),
                                      what=message(f"input.what_{what}")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\0" in data[:BINARY_SNIFF] and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):  # no text: a program, an
            # image (a UTF-16 file holds NULs too, said by _not_utf8; a stray NUL in UTF-8 text, by the TOML reader)
            raise SpecError(name, message("input.binary", what=message(f"input.what_{what}"))) from None
        raise SpecError(name, _not_utf8(data, exc.start)) from None
    return text.removeprefix("\ufeff")


BINARY_SNIFF = 8192  # bytes looked at for a NUL: a program, an image or an archive, no text file at all


def _not_utf8(data: bytes, at: int) -> str:
    """Why bytes are no UTF-8 text, and how to make them so: a UTF-16 file (Notepad's "Unicode") by its
    byte-order mark, else the first byte that is not, by line and column (the bytes before it are UTF-8)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return message("input.utf16", bom=data[:2].hex())
    start = data.rfind(b"\n", 0, at) + 1
    return message("input.not_utf8", byte=f"{data[at]:02x}", line=data.count(b"\n", 0, at) + 1,
                   column=len(data[start:at].decode("utf-8")) + 1)


def _near_name(path: Path, most: int = 1000) -> str:
    """" (did you mean 'exam.toml'?)" for a file of the same folder named almost so (exam.tom), or ""."""
    from .errors import did_you_mean

    try:
        folder = Path(path).parent
        names = []
        with os.scandir(folder) as entries:  # (a folder of a million files: the first `most` names)
            for entry in entries:
                names.append(entry.name)
                if len(names) >= most:
                    break
    except (OSError, ValueError):
        return ""
    return did_you_mean(Path(path).name, names, cutoff=0.8)


def _read_regular_file(path: Path, name: str, what: str, limit: int, alone: bool) -> bytes:
    def expected() -> str:  # (worded only for a refusal: every file read would look it up)
        return message(f"input.what_{what}")

    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then says what it is
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        if os.path.islink(path):  # a link whose target is gone: not "did you mean" its own name
            from .number_input import _escaped  # (a newline or an escape code in the target: written out)

            target = os.readlink(path)
            target = _escaped(target[:120]) + ("…" if len(target) > 120 else "")
            raise SpecError(name, message("input.dangling_link", target=target, what=expected())) from None
        raise SpecError(name, message("input.no_such_file", what=expected()) + _near_name(path)) from None
    except IsADirectoryError:
        raise SpecError(name, message("input.folder", what=expected())) from None
    except OSError as exc:
        raise SpecError(name, message("input.unreadable", reason=exc.strerror or exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise SpecError(name, message("input.folder", what=expected()))
        if not stat.S_ISREG(mode):
            raise SpecError(name, message("input.not_regular", what=expected())
                            + (message("input.use_stdin", stdin=STDIN) if alone else ""))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            fd = None
            return handle.read(limit + 1)
    except OSError as exc:
        raise SpecError(name, message("input.unreadable", reason=exc.strerror or exc)) from None
    finally:
        if fd is not None:
            os.close(fd)


def check_nesting(data, source: str) -> None:
    """SpecError when arrays and tables lie more than MAX_NESTING deep (checked without recursion)."""
    stack = [(data, 1)] if isinstance(data, (list, dict)) else []
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            raise SpecError(source, message("input.nested", n=MAX_NESTING))
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, (list, dict)))


def toml_float(text: str):
    """A TOML float as written: a float where it holds the decimal (at most 15 significant digits:
    its shortest repr is that decimal, as numbers.parse_exact reads it), else the Decimal of its
    text — 1.00000000000000000001 is not 1, 1e-400 is not 0, 1e500 is not inf (each field's own
    limit refuses it, in its own words), and 1,200 digits meet the number limits.  A float whose
    repr would echo it otherwise (1e9 as 1000000000.0) keeps its text (number_input.spelled)."""
    if len(text) <= 16 and _PLAIN_FLOAT.fullmatch(text) and "0.0000" not in text:
        return float(text)  # (the common case, found at once: a spec of 50,000 weights reads ~0.1 s sooner)
    from decimal import Decimal

    mantissa = text.lower().split("e")[0].lstrip("+-").replace("_", "").replace(".", "").lstrip("0")
    if len(mantissa) <= 15 or not mantissa.isdigit():
        value = float(text)
        if (value or not mantissa.isdigit() or not mantissa) and (value - value == 0 or not mantissa.isdigit()):
            # (inf and nan as such, +inf keeping its text; a number float() overflows, 1e500, as written: below)
            if value - value != 0:
                return spelled(value, text)
            if not ("e" in text or "E" in text or "_" in text or text[0] == "+"  # 1e9 keeps its text
                    or text[-1] == "0" or "0.0000" in text):
                return value  # (a plain decimal of at most 15 digits, no trailing 0, from 10^-4 on: its repr)
            return spelled(value, text)
    try:
        return Decimal(text)  # (also a nonzero decimal that float() would underflow to 0: 1e-400)
    except ArithmeticError:  # (an exponent beyond even Decimal's: 1e<40 nines>, refused by its field, echoed)
        return spelled(float("-inf") if text.startswith("-") else float("inf"), text)


def toml_decimal(text: str):
    """An answers file's TOML float: the Decimal of its text; inf and nan as floats that keep
    their text (+inf, -nan: number_input.spelled), which the refusal echoes; one beyond even Decimal's
    exponents (1e<30 nines>) as its text, which that value's NOT READ line says is too large (the
    file's other values are marked)."""
    from decimal import Decimal

    if text[-1] in "fn":  # inf, nan
        return spelled(float(text), text)
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


def parse_toml(text: str, source: str, parse_float=toml_float, hint="") -> dict:
    """A TOML table, within the limits; SpecError naming `source` otherwise (floats: `toml_float`).
    `hint`: what a syntax error's message ends with, or a function of the line it is on."""
    from . import toml_read

    try:
        data = toml_read.loads(text, parse_float=parse_float)
    except toml_read.TOMLDecodeError as exc:
        hidden = _TOML_CONTROL.search(text)
        line = text.count("\n", 0, hidden.start()) + 1 if hidden is not None else 0
        column = hidden.start() - (text.rfind("\n", 0, hidden.start()) + 1) + 1 if hidden is not None else 0
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if hidden is not None and (at is None or (line, column) <= (int(at.group(1)), int(at.group(2)))):
            # (tomllib's message names what it expected there, not the character; one after the place tomllib
            # stopped at is not why: that place is)
            raise SpecError(source, message("input.toml_control", code=f"{ord(hidden.group()):04X}", line=line,
                                          column=column)) from None
        twice = defined_twice(text) if str(exc).startswith(_DUPLICATE) else None
        if callable(hint):
            at = re.search(r"\(at line (\d+),", str(exc))
            lines = text.splitlines()
            hint = hint(lines[int(at.group(1)) - 1] if at and 0 < int(at.group(1)) <= len(lines) else "")
        from .input_errors import toml_reason

        raise SpecError(source, message("input.toml_invalid", reason=twice or toml_reason(str(exc))) + ("" if twice else hint)) from None
    except RecursionError:
        raise SpecError(source, message("input.nested", n=MAX_NESTING)) from None
    except ValueError as exc:  # a whole number of thousands of digits (Python reads at most 4,300)
        if parse_float is toml_decimal and (quoted := _quoted_long_values(text)) != text:
            # an answers file: the value as a text, which its own NOT READ line refuses (the rest is marked)
            return parse_toml(quoted, source, parse_float, hint)
        long = _LONG_WHOLE.search(text)
        if long is None:
            raise SpecError(source, message("input.beyond_limits", detail=_first_line(exc))) from None
        line = text.count("\n", 0, long.start()) + 1
        key = _KEY.match(text.splitlines()[line - 1])
        where = f"{source}: {key.group(1).strip().strip(chr(34) + chr(39))}" if key else source
        raise SpecError(where, message("input.long_whole", digits=current().grouped(len(long.group(0).replace('_', ''))),
                                     line=line)) from None
    except ArithmeticError:  # decimal.InvalidOperation: an exponent beyond even Decimal's range
        raise SpecError(source, message("input.beyond_limits", detail=f"10^±{_max_exponent()}")) from None
    check_nesting(data, source)
    return data


# a plain decimal that toml_float gives as its float: at most 15 digits (16 characters with a point and maybe a sign),
# no exponent, no _ or +, not ending in 0, nonzero (a 0 after the point ends in 0); "0.0000" is kept out by a test
_PLAIN_FLOAT = re.compile(r"-?(?:0|[1-9]\d*)\.\d*[1-9]")
_TOML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what TOML allows nowhere (tab, LF, CR aside)
_LONG_WHOLE = re.compile(r"(?<![\d_])\d(?:_?\d){4300,}")  # what Python will not read as an int (each run of digits tried once)
_DUPLICATE = ("Cannot overwrite a value", "Cannot declare", "Cannot mutate")  # tomllib's words for a key given twice
_HEADER = re.compile(r"""^\s*(\[\[?)\s*([A-Za-z_"'][^\]]*?)\s*\]\]?\s*(?:#.*)?$""")
_KEY = re.compile(r"""^\s*((?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_.\- ]+?))\s*=""")


def _quoted_long_values(text: str) -> str:
    """The text with each `key = 999…9` value (a whole number Python reads as no int, alone after its
    key on its line) in quotes, so that its own NOT READ line refuses it.  Found by `_LONG_WHOLE` and
    the line around it tested by string methods: a pattern spanning the line backtracked over its
    whitespace (100,000 blank lines after such a value: 84 s)."""
    parts, end = [], 0
    for found in _LONG_WHOLE.finditer(text):
        start = found.start()
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", found.end())
        before, after = text[line_start:start], text[found.end():line_end if line_end >= 0 else len(text)]
        sign = before[-1:] if before[-1:] in ("+", "-") else ""
        head = before[:len(before) - len(sign)].rstrip(" \t")
        key = head[:-1]
        tail = after.lstrip(" \t")
        if head.endswith("=") and key.strip() and "#" not in key and "=" not in key and (not tail or tail[0] == "#"):
            parts += [text[end:start - len(sign)], '"', sign, found.group(0), '"']
            end = found.end()
    return "".join(parts) + text[end:] if parts else text


def defined_twice(text: str) -> str | None:
    """Which key or table a TOML text defines twice, with both lines ("learning_rate is defined twice,
    at lines 3 and 4"), read line by line (a multi-line string may hide one: then None)."""
    seen: dict[tuple, int] = {}
    table: tuple = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = tuple(part.strip().strip('"\'') for part in header.group(2).split("."))
            if header.group(1) == "[[":
                table += (number,)  # each [[x]] is a table of its own
            elif table in seen:
                name = ".".join(table)
                return message("input.table_twice", name=name, first=abs(seen[table]), second=number)
            else:
                seen[table] = number
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).strip()
            full = table + tuple(part.strip().strip('"\'') for part in (name.split(".") if name[0] not in "\"'" else [name]))
            if full in seen:
                return message("input.key_twice", name=name, first=abs(seen[full]), second=number)
            seen[full] = -number  # negative: a key, not a table
    return None


def _no_duplicates(pairs):
    table = {}
    for key, value in pairs:
        if key in table:
            raise ValueError(f"the key {key[:60]!r} is given twice")
        table[key] = value
    return table


def _bounded_int(text: str):
    from .numbers import MAX_DIGITS

    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a whole number of {len(text)} digits; at most {MAX_DIGITS} are accepted")
    return int(text)


def _reject_constant(name):
    raise ValueError(f"{name} is not a number")


def too_many_values(text: str) -> bool:
    """Whether a JSON text may hold MAX_JSON_VALUES values or more: counted at C speed before json
    builds them (30 M numbers or empty lists took 2.9 GB and 30 s)."""
    return len(text) > MAX_JSON_VALUES and text.count(",") + text.count("[") + text.count("{") > MAX_JSON_VALUES


def parse_json(text: str, source: str, parse_float=float, answers: bool = False) -> object:
    """A JSON value, within the limits: no key twice in one object, no NaN/Infinity.  `answers`: a
    student's file, where NaN, Infinity, a number beyond the limits are each kept as its text, for that
    value's NOT READ line (number_input.py says why), and the file's other values are marked."""
    def kept(number):
        def read(token: str):
            try:
                return number(token)
            except (ValueError, ArithmeticError):
                return token
        return read if answers else number

    if too_many_values(text):
        raise SpecError(source, message("input.many_values", n=MAX_JSON_VALUES))
    try:
        data = json.loads(text, parse_float=kept(parse_float), parse_int=kept(_bounded_int),
                          parse_constant=kept(_reject_constant), object_pairs_hook=_no_duplicates)
    except RecursionError:
        raise SpecError(source, message("input.nested_json", n=MAX_NESTING)) from None
    except ArithmeticError:  # decimal.InvalidOperation: an exponent beyond even Decimal's range
        raise SpecError(source, message("input.beyond_limits", detail=f"10^±{_max_exponent()}")) from None
    except ValueError as exc:
        raise SpecError(source, message("input.json_invalid", reason=_first_line(exc))) from None
    check_nesting(data, source)
    return data


def _max_exponent() -> int:
    from .numbers import MAX_EXPONENT

    return MAX_EXPONENT


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def check_text(value, field: str, multiline: bool = False, limit: int | None = None) -> str:
    """A text field as given, when it is a string of at most `limit` characters without control
    characters (line breaks only where `multiline`, and never a blank line); else SpecError."""
    limit = limit or (MAX_INSTRUCTIONS if multiline else MAX_TITLE)
    if not isinstance(value, str):
        from .numbers import short_repr

        raise SpecError(field, f"expected a string, got {short_repr(value)}")
    if len(value) > limit:
        raise SpecError(field, f"{len(value)} characters; at most {limit} are accepted")
    lines = value.split("\n") if multiline else [value]
    for line in lines:
        for ch in line:
            if not _printable(ch) or ch == "\t":
                what = "a line break" if ch in "\r\n\u2028\u2029" else "a control character"
                raise SpecError(field, f"contains {what} ({_code_point(ch)}); expected one line of text"
                                if not multiline else f"contains {what} ({_code_point(ch)})")
            if unicodedata.category(ch) == "Cf" and ch not in JOINERS:  # (pasted from a web page: unseen in print)
                name = unicodedata.name(ch, "")
                before = line[:line.index(ch)][-20:]
                raise SpecError(field, f"contains an invisible character ({_code_point(ch)}{' ' + name if name else ''}) "
                                       f"{f'after {before!r}' if before else 'at its start'}; delete it")
    if multiline and any(not line.strip() for line in lines[1:-1]):
        raise SpecError(field, "contains a blank line; expected one paragraph")
    return value


def _code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def check_name(name: str, what: str) -> str:
    """A spec's name (its file name without extension): it is printed and names output files."""
    return check_text(name, what)
