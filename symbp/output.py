"""Writing output files atomically: a temporary file in the same folder, then a rename
(staging.py: `Batch`, `write_atomic`, `write_all_atomic`, `check_writable`, re-exported here).

Policy (README "Limits and exit codes"):
- `-o LINK` where LINK is a symlink writes through it: the file it points to is replaced, the
  link stays (as a shell's `>` does).  A loop of links is refused.
- A path that is a device, FIFO or socket is refused (exit code 2), never replaced: symbp writes
  regular files only (use stdout and a redirection for anything else).
- Every OS error (no permission, a file where a folder should be, a name too long, a full disk)
  is an OutputError: one line naming the path and the reason, exit code 2.  A failed write
  leaves every destination as it was (no temporary file, no folder it made).
- The renames that put a set of files in place run with SIGINT/SIGTERM/SIGALRM held back, so a
  signal lands before or after the set, never in the middle.

`output_set(folder, names)` is the same for a whole set of files in one folder (a worksheet): a
lock against a second run on the folder, a staging folder inside it, and `OutputSet.commit`
moving the new files in and removing the earlier run's files that this run did not produce —
its own and the exports it wrote inside the folder (recorded there, export_record.py).

A file `-o` names (derive, check) that a run wrote is remembered (`remember`: its real path, size
and BLAKE2b hash, and what it was made from — "check <the answers file>", "derive <the spec>") in
symbp's cache folder (`outputs/record.json`); a later run of the same command on the same input
that fails (exit code 2 or 3) removes that file when it is still exactly those bytes (`withdraw`):
left, it would pass for this run's output.  Any other file is left as it was — symbp never removes
a file it cannot tell it wrote (the record is gone, caching is off, the file was edited since).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .errors import OutputError
from .inputs import display_path
from .option_words import option
from .staging import Batch, check_writable, write_all_atomic, write_atomic
from .write_target import reason, target_of

__all__ = ["Batch", "OutputSet", "check_writable", "output_set", "remember", "target_of", "withdraw", "write_all_atomic",
           "write_atomic"]

STAGING_PREFIX = ".symbp-staging-"
LOCK_NAME = ".symbp-lock"


# ---- a set of files in one folder ----------------------------------------------------------------
class OutputSet:
    """The staging folder of one run into `folder`; `commit` moves its files in."""

    def __init__(self, folder: Path, owned: tuple[str, ...], staging: Path):
        self.folder, self.owned, self.staging = folder, owned, staging

    def commit(self, names, batch: Batch | None = None) -> list[Path]:
        """Move the staged files `names` into the folder and remove the owned files this run did
        not produce — as part of `batch` (its caller commits it), or now, on their own.  Either
        way all or nothing: signals wait until the set is complete, an error puts it back."""
        if batch is None:
            with Batch() as own:
                moved = self.commit(names, own)
                own.commit()
            return moved
        from .export_record import reporter

        report = reporter()
        for name in self.owned:
            if name not in names:
                if report is not None and (self.folder / name).is_file():
                    report(self.folder / name)  # named like an earlier export removed (the PDFs of a run with --pdf)
                batch.remove(self.folder / name)
        self._replace_exports(batch)
        for name in names:
            batch.move(self.staging / name, self.folder / name)
        return [self.folder / name for name in names]

    def _replace_exports(self, batch: Batch) -> None:
        """The exports of the earlier run inside the folder that this run does not write again are
        removed (with the folders they leave empty), and this run's are recorded (export_record.py)."""
        from .export_record import RECORD, earlier, keeper, record_text, reporter

        again, report, keep = {os.path.realpath(target) for target in batch.targets}, reporter(), keeper()
        found, changed = earlier(self.folder)
        for old in found:
            if os.path.realpath(old.path) not in again:
                batch.remove(old.path, prune_up_to=self.folder, expect=(self.folder, old.parts, old.identity), then=report)
        for path in changed:
            if keep is not None and os.path.realpath(path) not in again:
                keep(path)
        text = record_text(self.folder, batch.staged)
        if text is not None:
            write_atomic(self.staging / RECORD, text)
            batch.move(self.staging / RECORD, self.folder / RECORD)
        else:
            batch.remove(self.folder / RECORD)


def _check_owned(folder: Path, owned) -> None:
    """The owned names in the folder must be regular files (or absent): they will be replaced."""
    for name in owned:
        path = folder / name
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise OutputError(display_path(path), "is not a regular file (a link, folder or device); symbp "
                                                  "replaces its own files in the output folder and will not replace this")


def _lock(folder: Path):
    """An exclusive lock on folder/.symbp-lock held by the open file; OutputError when another
    run holds it.  (flock: released by the OS if this process dies.)"""
    import fcntl

    path = folder / LOCK_NAME
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)  # (a link planted as
            # the lock made an empty file where it pointed; stop 66's hostile tester)
        except OSError as error:
            raise OutputError(display_path(folder), f"cannot be written: {reason(error)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(display_path(folder), "another symbp run is writing into this folder right now "
                                                    f"(it holds {LOCK_NAME}); wait for it or choose another {option('out')}") from None
        except OSError:
            return fd, path  # no locking on this file system: go on without
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:  # not a lock file that the previous holder removed meanwhile
            return fd, path
        os.close(fd)


@contextmanager
def output_set(folder: str | Path, owned: tuple[str, ...]):
    """Lock `folder`, give a fresh staging folder inside it, and clean up whatever happens.

    A folder this run created is removed again when the run fails, so a failed run leaves no
    trace; staging folders of killed earlier runs are removed under the lock."""
    folder = Path(folder)
    shown = display_path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(shown, "is not a folder")
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(shown, f"cannot be created: {reason(error)}") from None
    ok = False
    fd = lock = staging = None
    try:
        fd, lock = _lock(folder)
        _check_owned(folder, owned)
        for old in folder.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(old, ignore_errors=True)
        try:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
        except OSError as error:
            raise OutputError(shown, f"cannot be written: {reason(error)}") from None
        yield OutputSet(folder, owned, staging)
        ok = True
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if lock is not None:
            lock.unlink(missing_ok=True)
            os.close(fd)
        if created and not ok:
            try:
                folder.rmdir()
            except OSError:
                pass


# ---- the files -o wrote, remembered: a failed run removes its earlier output of the same input ----------
RECORD_FOLDER = "outputs"
RECORD_FORMAT = 1
MAX_REMEMBERED = 1000  # files, the most recent kept
MAX_RECORD_BYTES = 1 << 20
MAX_HASHED_BYTES = 256 << 20  # a larger output is not remembered (hashing it would cost more than it saves)
_MADE_FROM: ContextVar[str | None] = ContextVar("symbp_made_from", default=None)


@contextmanager
def made_from(source: str | tuple | None):
    """The outputs `remember` records inside the block are made from `source` ("check /abs/ada.toml");
    `withdraw` takes a tuple of sources too (a usage error's command line naming a spec and an example)."""
    token = _MADE_FROM.set(source)
    try:
        yield
    finally:
        _MADE_FROM.reset(token)


def _record_folder() -> Path | None:
    from .sympy_cache import cache_dir

    folder = cache_dir()
    return None if folder is None else folder / RECORD_FOLDER


@contextmanager
def _locked_record():
    """The record's entries (real path -> {size, blake2b, source}), read under a lock on the record's
    folder; the caller's changes are written back when the block ends (nothing on any failure: the
    record only ever spares the user a stale file)."""
    try:
        import fcntl
    except ImportError:  # (no fcntl: Windows; nothing remembered there)
        yield None
        return
    folder = _record_folder()
    if folder is None:
        yield None
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        yield None
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass
        entries = _read_record(folder / "record.json")
        before = json.dumps(entries, sort_keys=True)
        yield entries
        if json.dumps(entries, sort_keys=True) != before:
            _write_record(folder / "record.json", entries)
    finally:
        os.close(fd)


def _read_record(path: Path) -> dict:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            state = os.fstat(fh.fileno())
            if not stat.S_ISREG(state.st_mode) or state.st_uid != os.geteuid() or state.st_mode & 0o022 \
                    or state.st_size > MAX_RECORD_BYTES:
                return {}  # not the user's own private file: nothing in it is trusted
            data = json.loads(fh.read(MAX_RECORD_BYTES + 1).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT or not isinstance(data.get("outputs"), dict):
        return {}
    return {path: entry for path, entry in data["outputs"].items() if isinstance(path, str) and isinstance(entry, dict)}


def _write_record(path: Path, entries: dict) -> None:
    while len(entries) > MAX_REMEMBERED:
        del entries[next(iter(entries))]
    text = json.dumps({"format": RECORD_FORMAT, "outputs": entries}, indent=0)
    if len(text) > MAX_RECORD_BYTES:
        return
    temporary = path.with_name(f".record.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(temporary, path)
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass


def _fingerprint(path: str) -> tuple[os.stat_result, str] | None:
    """The state and BLAKE2b hash of the regular file `path` (no link followed on the last step)
    when it is this user's, with one link; else None."""
    from .export_record import fingerprint

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        state = os.fstat(fh.fileno())
        if not stat.S_ISREG(state.st_mode) or state.st_nlink != 1 or state.st_uid != os.geteuid() \
                or state.st_size > MAX_HASHED_BYTES:
            return None
        return state, fingerprint(fh.read(state.st_size + 1))


def remember(paths) -> None:
    """The files a run just wrote with -o, recorded as made from `made_from`'s source (see the module
    docstring); nothing happens outside `made_from` or with caching off."""
    source = _MADE_FROM.get()
    if source is None:
        return
    with _locked_record() as entries:
        if entries is None:
            return
        for path in paths:
            real = os.path.realpath(path)
            found = _fingerprint(real)
            entries.pop(real, None)  # (the most recent last)
            if found is not None:
                entries[real] = {"size": found[0].st_size, "blake2b": found[1], "source": source}


def withdraw(paths) -> tuple[list, list]:
    """After a failed run: each of `paths` (its -o files) that an earlier run made from the same
    source (`made_from`) and that is still exactly what it wrote is removed.  Returns (the paths
    removed, the paths there that were left as they were).  An input of the run is never removed."""
    from .staging import _is_input

    source, removed, left = _MADE_FROM.get(), [], []
    sources = source if isinstance(source, tuple) else (source,)  # (a command line naming two inputs: either's)
    present = [path for path in dict.fromkeys(paths) if path is not None and os.path.isfile(path)]  # (not /dev/null)
    if not present:
        return removed, left
    with _locked_record() as entries:
        for path in present:
            real = os.path.realpath(path)
            entry = (entries or {}).get(real)
            found = _fingerprint(real) if entry is not None and source is not None else None
            if (found is None or entry.get("source") not in sources or _is_input(path) is not None
                    or entry.get("size") != found[0].st_size or entry.get("blake2b") != found[1]):
                left.append(path)
                continue
            try:
                os.unlink(real)
            except OSError:
                left.append(path)
                continue
            del entries[real]
            removed.append(path)
    return removed, left
