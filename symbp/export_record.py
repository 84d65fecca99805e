"""The exports a worksheet's run wrote inside its own folder, recorded there, so that the next run
into the folder replaces them: a folder never holds files of two runs.

In:  a worksheet's folder and the files a run's batch stages (staging.Batch.staged).
Out: `RECORD` (`.symbp-exports` in the folder: {"format": 3, "exports": [{"path", "size",
     "blake2b"}], "seal"} — each export's path relative to the folder, and the size and BLAKE2b hash
     of the exact bytes symbp wrote; `seal`, the exports' keyed BLAKE2b under this user's secret,
     `record-key` in symbp's cache folder, made on the first record), its text for this run (`record_text`), the earlier run's
     exports still exactly as written (`earlier`) — which the run removes unless it writes them
     again (output.py) — and `collect_removed`, the list the run's removed exports go to (the
     CLI names each).

The record is read as untrusted and never fails a run: a record that is not a regular file of
this user, too large, of another format (the first ones, without hashes or seal) or without this
user's seal (one planted in a folder the user copied: it could name a file by its true size and
hash) removes nothing, and neither does any record where there is no secret (SYMBP_NO_CACHE=1, the
cache cleared, a secret others could read: records are then written unsealed, and a class's
reports such a record lists may be replaced by the next run's, as before seals); an
entry that is not a short plain relative path (no "..", no link on the way, not symbp's own
bookkeeping) to a regular file of this user, with one link, of the recorded size and hash, is
left alone — a file edited by hand, a student's file, a hard link, a name the OS refuses.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from .nofollow import identity, inside, open_folder

RECORD = ".symbp-exports"
REPORTS = ".symbp-reports"  # the same record, of the reports a class's `check --out` wrote (api/marks.py)
FORMAT = 3
SECRET = "record-key"  # in the cache folder: 32 random bytes, readable by this user alone
MAX_RECORD_BYTES = 256 * 1024
MAX_ENTRIES = 2000
MAX_PATH_CHARS = 1024
MAX_DEPTH = 16
MAX_NAME_BYTES = 255
_REMOVED: ContextVar[list | None] = ContextVar("symbp_removed_exports", default=None)


@dataclass(frozen=True)
class Earlier:
    path: Path  # the export, inside the folder
    parts: tuple  # its path below the folder
    identity: tuple  # nofollow.identity of the file as checked


def fingerprint(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def _secret(make: bool) -> bytes | None:
    """This user's secret that seals records (made if `make` and missing), or None: no cache folder,
    or a file there that is not this user's private 32 bytes."""
    from .sympy_cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    path = folder / SECRET
    flags = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        if make and not os.path.lexists(path):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | flags, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(os.urandom(32))
            except FileExistsError:  # (another run made it first)
                pass
        with os.fdopen(os.open(path, os.O_RDONLY | flags), "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
                return None
            secret = fh.read(33)
    except OSError:
        return None
    return secret if len(secret) == 32 else None


def sealing() -> bool:
    """Whether records are sealed here (a secret to read them with): an unsealed one is then honoured for nothing."""
    return _secret(make=False) is not None


def _seal(secret: bytes, name: str, entries: list) -> str:
    text = json.dumps([name, entries], sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.blake2b(text.encode("ascii"), key=secret, digest_size=32).hexdigest()


def record_text(folder: Path, staged: dict, name: str = RECORD) -> str | None:
    """The record `name` of this run's exports inside `folder` (destination -> staged file), sealed
    where there is a secret, or None (none inside)."""
    entries = []
    for target, staged_file in staged.items():
        relative = inside(folder, target)
        if relative is not None:
            data = Path(staged_file).read_bytes()
            entries.append({"path": relative, "size": len(data), "blake2b": fingerprint(data)})
    if not entries:
        return None
    entries.sort(key=lambda e: e["path"])
    secret = _secret(make=True)
    sealed = {} if secret is None else {"seal": _seal(secret, name, entries)}
    return json.dumps({"format": FORMAT, "exports": entries, **sealed}, indent=1) + "\n"


def _read_record(folder: Path, name: str = RECORD, unsealed: bool = False) -> list:
    """The entries of the folder's record `name` when this user sealed it; with `unsealed`, also those
    of an unsealed record (format 2 or 3) where there is no secret to seal with (SYMBP_NO_CACHE=1)."""
    fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_size > MAX_RECORD_BYTES:
            return []
        record = json.loads(fh.read(MAX_RECORD_BYTES + 1).decode("utf-8"))
    if not isinstance(record, dict) or record.get("format") not in (2, FORMAT) or not isinstance(record.get("exports"), list):
        return []  # another format (the first had no hashes): nothing symbp can tell it wrote
    secret = _secret(make=False)
    if secret is None:
        return record["exports"][:MAX_ENTRIES] if unsealed else []
    if record.get("format") != FORMAT or not isinstance(record.get("seal"), str) \
            or not hmac.compare_digest(record["seal"], _seal(secret, name, record["exports"])):
        return []  # not sealed by this user: planted (or written before seals, or with the cache off)
    return record["exports"][:MAX_ENTRIES]


def _parts(path) -> tuple:
    """The parts of a recorded path; ValueError unless it is a short plain relative path."""
    if not isinstance(path, str) or not 0 < len(path) <= MAX_PATH_CHARS or path.startswith("/") or "\\" in path or "\0" in path:
        raise ValueError(path)
    parts = tuple(path.split("/"))
    if len(parts) > MAX_DEPTH or any(part in ("", ".", "..") or part.startswith(".symbp")
                                     or len(os.fsencode(part)) > MAX_NAME_BYTES for part in parts):
        raise ValueError(path)
    return parts


def _check(folder: Path, entry) -> Earlier | None:
    """The recorded export when it is still exactly what symbp wrote; None when a regular file is
    there (reached without a link) but not those bytes; OSError/ValueError for anything else."""
    if not isinstance(entry, dict):
        raise ValueError(entry)
    parts = _parts(entry.get("path"))
    fd = open_folder(folder, parts[:-1])
    try:
        st = os.stat(parts[-1], dir_fd=fd, follow_symlinks=False)
        if not stat.S_ISREG(st.st_mode):
            raise ValueError(entry)
        if (not isinstance(entry.get("size"), int) or not isinstance(entry.get("blake2b"), str) or st.st_nlink != 1
                or st.st_uid != os.geteuid() or st.st_size != entry["size"]):
            return None
        file = os.open(parts[-1], os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0), dir_fd=fd)
        with os.fdopen(file, "rb") as fh:
            if identity(os.fstat(fh.fileno())) != identity(st) or fingerprint(fh.read(st.st_size + 1)) != entry["blake2b"]:
                return None
    finally:
        os.close(fd)
    return Earlier(folder.joinpath(*parts), parts, identity(st))


def earlier(folder: Path, name: str = RECORD, unsealed: bool = False) -> tuple[list[Earlier], list[Path]]:
    """(the earlier run's exports still exactly as it wrote them, see the docstring; those still
    there but no longer what it wrote — edited by hand or written over: kept, and named to the
    user, as they may not agree with this run's key).  `unsealed`: also from a record without a
    seal where there is no secret (to replace a report with this run's, never to remove one)."""
    try:
        entries = _read_record(folder, name, unsealed)
    except (OSError, ValueError):
        return [], []
    found, kept = [], []
    for entry in entries:
        try:
            old = _check(folder, entry)
        except (OSError, ValueError, OverflowError):
            continue
        if old is not None:
            found.append(old)
        else:
            kept.append(folder.joinpath(*_parts(entry["path"])))
    return found, kept


class Removed(list):
    """The earlier exports a run removed; `.kept`: those it kept because they were changed since."""

    def __init__(self):
        super().__init__()
        self.kept: list = []


@contextmanager
def collect_removed():
    """A list that receives each earlier export a run inside the block removes (and, in `.kept`,
    each it keeps because it was changed since it was written)."""
    removed = Removed()
    token = _REMOVED.set(removed)
    try:
        yield removed
    finally:
        _REMOVED.reset(token)


def reporter():
    """What a removal calls once done: the collecting list's append, or None."""
    collected = _REMOVED.get()
    return None if collected is None else collected.append


def keeper():
    """What a kept (changed) earlier export is told to: the collecting list's append, or None."""
    collected = _REMOVED.get()
    return None if collected is None else collected.kept.append
