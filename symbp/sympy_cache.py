"""SymPy's results for one architecture, kept on disk, so that a warm run need not import SymPy.

In:  `session(architecture)` around a command's work; inside it, `recall(kind, key, compute, read,
     write)` wherever SymPy works something out (a derivative, an operation's rule, the whole
     loss's derivative, a display form).  `write(value)` gives plain JSON data (trees:
     `core/tree_data.py`, SymPy expressions: `core/frozen.py`, strings); `read(data)` turns it
     back and raises on anything malformed.
Out: the value, read from the cache file when it holds a valid entry, else computed (and written
     back at the end of the session).
Also `kept(name, key, compute, read)`: one value of plain data in a file of its own (i18n.py's
parsed message catalogues: tomllib took 4 ms of every run), under the same rules.

The file is untrusted input (someone else may write the folder): it holds data only (JSON, never
code), at most MAX_BYTES; it must name exactly this key (the architecture, symbp's version and a
hash of symbp's source files and SymPy's version); an entry that does not read back is recomputed.
Any failure to read or write is ignored: the cache only ever saves time.  (The one kind of code
in the folder, symbp's compiled templates, is read only from a folder and a file that are the
current user's alone: render/template_cache.py.)  Location:
$SYMBP_CACHE_DIR, else $XDG_CACHE_HOME/symbp, else ~/.cache/symbp; SYMBP_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

try:  # hashlib's own BLAKE2, without hashlib's import, which loads OpenSSL (3 ms of a small key's run)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover (a Python without it)
    from hashlib import blake2b

MAX_BYTES = 8 << 20  # a cache file larger than this is ignored (and never written)
FORMAT = 1

_session: dict | None = None  # {"path", "key", "entries": {kind: {key: data}}, "dirty"}


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get("SYMBP_NO_CACHE", "") not in ("", "0"):
        return None
    if os.environ.get("SYMBP_CACHE_DIR"):
        return Path(os.environ["SYMBP_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "symbp"
    return Path.home() / ".cache" / "symbp"


_SOURCE_HASH: list = []


def _source_hash() -> str:
    """A hash of every Python source file of symbp and of SymPy's version (its release.py), each by
    its name, size and modification time (as Python's own bytecode cache tells a changed source;
    reading the 1 MB of sources took 25 ms of every run): a changed rule, printer or derivative,
    or another SymPy, invalidates every cache file."""
    if not _SOURCE_HASH:
        from importlib.util import find_spec

        package = os.path.dirname(os.path.abspath(__file__))
        sympy = find_spec("sympy")  # found, not imported: its release.py names its version
        digest = _digest((Path(sympy.origin).parent / "release.py").read_bytes())
        for name, state in sorted(_sources(package, ""), key=lambda source: source[0]):
            digest.update(f"{name}\0{state.st_size}\0{state.st_mtime_ns}\0".encode())
        _SOURCE_HASH.append(digest.hexdigest())
    return _SOURCE_HASH[0]


def _sources(folder: str, prefix: str):
    """(path relative to the package, its stat) of every .py file in `folder` and below (os.scandir:
    a fifth of pathlib's rglob's time)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".py") and entry.is_file():
                yield prefix + entry.name, entry.stat()
            elif entry.is_dir() and entry.name != "__pycache__":
                yield from _sources(entry.path, prefix + entry.name + "/")


def _digest(data: bytes = b""):
    return blake2b(data, digest_size=32)


def _key(architecture) -> str:
    from . import __version__

    return f"symbp {__version__} format {FORMAT} source {_source_hash()} architecture {architecture!r}"


@contextmanager
def session(architecture):
    """The cache file of an architecture open for the block (nothing happens with caching off, for
    no architecture or inside another session); written when the block computed something new
    and succeeded, removed when the verification disagreed."""
    global _session
    from .errors import VerificationError

    folder = cache_dir()
    if folder is None or architecture is None or _session is not None:
        yield
        return
    try:
        key = _key(architecture)
    except (OSError, ValueError, ImportError, AttributeError, TypeError):  # no SymPy found, an unreadable file
        yield
        return
    path = folder / (_digest(key.encode()).hexdigest()[:32] + ".json")
    entries = _load(path, key)
    _session = {"path": path, "key": key, "entries": entries, "dirty": False}
    try:
        yield
    except VerificationError:
        if entries:  # a verification that disagrees: this file is never trusted again
            _discard(path)
        raise
    else:
        if _session["dirty"]:
            _save(_session)
    finally:
        _session = None


def of_spec(spec):
    """`session` of a loaded spec's architecture (a network's; a graph has none): the API's derive,
    rendering and worksheets open it, so that Python gets the command line's warm runs; inside the
    command line's own session it does nothing."""
    return session(getattr(spec, "architecture", lambda: None)())


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _load(path: Path, key: str) -> dict:
    try:
        with open(path, "rb") as file:
            if hasattr(os, "getuid") and os.fstat(file.fileno()).st_uid != os.getuid():
                return {}  # another user's file
            raw = file.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return {}
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("entries"), dict):
        return {}
    return {kind: entries for kind, entries in data["entries"].items() if isinstance(entries, dict)}


def _save(current: dict) -> None:
    path = current["path"]
    try:
        text = json.dumps({"key": current["key"], "entries": current["entries"]}, separators=(",", ":"))
        if len(text) > MAX_BYTES:
            return
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # private to the user
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(temporary, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, path)
        finally:
            if temporary.exists():
                temporary.unlink()
    except (OSError, ValueError, RecursionError):
        pass


def kept(name: str, key: str, compute, read):
    """read(data) of the file kept/`name`-HASH.json (HASH: of the key) in the cache folder where it
    holds this `key` (say, a source file's path, size and modification time), else compute() —
    plain data, then written there.  `read` gives what compute() gives, and raises on anything
    malformed (ValueError, TypeError, KeyError …): then it is computed again."""
    from . import __version__

    folder = cache_dir()
    if folder is None:
        return compute()
    key = f"symbp {__version__} format {FORMAT} {key}"
    path = folder / "kept" / f"{name}-{_digest(key.encode()).hexdigest()[:16]}.json"
    data = _load(path, key).get("kept", {}).get("data")
    if data is not None:
        try:
            return read(data)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            pass
    data = compute()
    _save({"path": path, "key": key, "entries": {"kept": {"data": data}}})
    return data


class Unrepresentable(Exception):
    """A value that has no plain data form: it is used, but not kept on disk."""


def recall(kind: str, key: str, compute, read=None, write=None):
    """The value of (kind, key): read(its data) when the session's file holds a valid entry, else
    compute(), whose data write(value) records for the file (read and write: plain data as is).
    `key`: a string, or a function giving it (called only with a file open)."""
    if _session is not None and callable(key):
        try:
            key = key()
        except Unrepresentable:
            return compute()
    if _session is not None:
        data = _session["entries"].get(kind, {}).get(key)
        if data is not None:
            try:
                return data if read is None else read(data)
            except (ValueError, TypeError, KeyError, IndexError, RecursionError, ArithmeticError):
                pass  # a malformed entry: worked out again
    value = compute()
    if _session is not None:
        try:
            data = value if write is None else write(value)
        except Unrepresentable:
            return value
        _session["entries"].setdefault(kind, {})[key] = data
        _session["dirty"] = True
    return value
