"""Writing output files atomically: a temporary file in the same folder, then a rename.

Policy (README "Limits and exit codes"):
- `-o LINK` where LINK is a symlink writes through it: the file it points to is replaced, the
  link stays (as a shell's `>` does).  A loop of links is refused.
- A path that is a device, FIFO or socket is refused (exit code 2), never replaced: symbp writes
  regular files only (use stdout and a redirection for anything else).
- Every OS error (no permission, a file where a folder should be, a name too long, a full disk)
  is an OutputError: one line naming the path and the reason, exit code 2.  A temporary file
  left by a failed write is removed.
- The renames that put a set of files in place run with SIGINT/SIGTERM/SIGALRM held back, so a
  signal lands before or after the set, never in the middle.

`output_set(folder, names)` is the same for a whole set of files in one folder (a worksheet): a
lock against a second run on the folder, a staging folder inside it, and `OutputSet.commit`
moving the new files in and removing the earlier run's files that this run did not produce.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError
from .inputs import display_path

STAGING_PREFIX = ".symbp-staging-"
LOCK_NAME = ".symbp-lock"
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGALRM", signal.SIGTERM)}


def _file_mode() -> int:
    """rw for whoever the umask allows (mkstemp alone would make the file private, 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def target_of(path: str | Path) -> Path:
    """The regular file that writing `path` replaces: through symlinks; OutputError for a device,
    FIFO, socket, folder or a loop of links."""
    path = Path(path)
    shown = display_path(path)
    try:
        if path.is_symlink():
            resolved = Path(os.path.realpath(path))
            if resolved.is_symlink():
                raise OutputError(shown, "a loop of symbolic links")
            path = resolved
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return path  # a new file (its folders are made when it is written)
    except NotADirectoryError:
        raise OutputError(shown, "cannot be written: a file stands where a folder should be") from None
    except OSError as error:
        raise OutputError(shown, f"cannot be written: {_reason(error)}") from None
    if stat.S_ISDIR(mode):
        raise OutputError(shown, "is a folder (expected a file name)")
    if not stat.S_ISREG(mode):
        raise OutputError(shown, "is a device, FIFO or socket, not a regular file; symbp writes regular files "
                                 "only (write to stdout and redirect instead)")
    return path


def check_writable(paths) -> None:
    """OutputError now, before any work, for a path that writing would refuse."""
    for path in paths:
        target_of(path)


@contextmanager
def _signals_held():
    """SIGINT and SIGTERM held back while the renames run, and delivered after them; a SIGALRM
    (the time budget) that falls in between is dropped: the work it would stop is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = {s: signal.getsignal(s) for s in _HELD_SIGNALS}
    for s in _HELD_SIGNALS:
        signal.signal(s, lambda signum, frame: pending.append(signum))
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        for s in pending:
            if s != getattr(signal, "SIGALRM", None):
                signal.raise_signal(s)


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write one file atomically (a temporary file, then a rename)."""
    write_all_atomic({path: data})


def _stage(target: Path, data: str | bytes, shown: str) -> str:
    """A temporary file beside `target` holding `data`; its name."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(shown, f"cannot create its folder: {_reason(error)}") from None
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        mode = _file_mode()
    try:
        # a short name: the user's own may already be as long as the file system allows
        fd, tmp = tempfile.mkstemp(prefix=".symbp-", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise OutputError(shown, f"cannot be written: {_reason(error)}") from None
    try:
        binary = isinstance(data, bytes)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as fh:
            fh.write(data)
        os.chmod(tmp, mode)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(shown, f"cannot be written: {_reason(error)}") from None
        raise
    return tmp


def write_all_atomic(files: dict) -> None:
    """Write several files so that either all appear or none: every temp first, then the renames."""
    targets = [(target_of(path), display_path(path), data) for path, data in files.items()]
    staged: list[tuple[str, Path, str]] = []
    try:
        for target, shown, data in targets:
            staged.append((_stage(target, data, shown), target, shown))
        with _signals_held():
            for tmp, target, shown in staged:
                try:
                    os.replace(tmp, target)
                except OSError as error:
                    raise OutputError(shown, f"cannot be written: {_reason(error)}") from None
    finally:
        for tmp, _, _ in staged:
            Path(tmp).unlink(missing_ok=True)


# ---- a set of files in one folder ----------------------------------------------------------------
class OutputSet:
    """The staging folder of one run into `folder`; `commit` moves its files in."""

    def __init__(self, folder: Path, owned: tuple[str, ...], staging: Path):
        self.folder, self.owned, self.staging = folder, owned, staging

    def commit(self, names) -> list[Path]:
        """Move the staged files `names` into the folder and remove the owned files this run did
        not produce; signals wait until the set is complete."""
        moved = []
        with _signals_held():
            for name in self.owned:
                if name not in names:
                    stale = self.folder / name
                    try:
                        stale.unlink(missing_ok=True)
                    except OSError as error:
                        raise OutputError(display_path(stale), f"cannot remove the earlier run's file: {_reason(error)}") from None
            for name in names:
                try:
                    os.replace(self.staging / name, self.folder / name)
                except OSError as error:
                    raise OutputError(display_path(self.folder / name), f"cannot be written: {_reason(error)}") from None
                moved.append(self.folder / name)
        return moved


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
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise OutputError(display_path(folder), f"cannot be written: {_reason(error)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(display_path(folder), "another symbp run is writing into this folder right now "
                                                    f"(it holds {LOCK_NAME}); wait for it or choose another --out") from None
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
        raise OutputError(shown, f"cannot be created: {_reason(error)}") from None
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
            raise OutputError(shown, f"cannot be written: {_reason(error)}") from None
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
