"""Files written as one: each staged beside its destination, all moved in together, or none.

In:  destinations (paths) and their contents (text or bytes), or files already staged elsewhere
     (a worksheet's staging folder) to move to their destinations, and files to remove.
Out: the files in place — or, on any failure (an OS error while staging or while moving, an
     exception, SIGINT/SIGTERM), every destination as it was: no file, no folder this run made.

A `Batch` stages each file as a temporary file in its destination's folder (making the folders
that are missing, and remembering them), and `commit` moves them all in with signals held back:
an existing destination is first hard-linked (else copied) to a backup beside it, so that an
error in the middle of the moves puts every file back — the replaced ones from their backups,
the new ones removed.  Leaving the `with` block removes the temporary files, the backups and,
unless the batch was committed, the folders it made.  `check_writable` is a batch that is never
committed: it tries each destination before any work.

A run killed outright (SIGKILL, a power cut) can leave its temporary files and backups beside a
destination: a batch removes those of runs surely gone from every folder it writes into
(leftovers.py: `sweep`); nothing else.  A file to remove inside a folder (`remove` with `expect`)
is reached without following links (nofollow.py) and removed only when still the file checked.

Policy (README "Limits and exit codes"; the destination a path names: write_target.py): a symlink
is written through (its target replaced, the link kept), a loop of links is refused; a device,
FIFO, socket or folder is refused, never replaced; every OS error is an OutputError naming the
path and the reason (exit code 2).

No output is an input: inside `reading(inputs, outputs)` (each command's run: the spec, the answers
file, the key, a --templates folder's templates and catalogues, symbp's own files) every file a
batch stages, moves in or removes that is the same file as an input — the same inode when it exists
(a link, `ws/../ws/x`, a hard link), else the same real path; a file of an input folder — is refused before anything
is moved in: an OutputError naming the option that names it ("-o: ws/answers.json is the key this
run reads; choose another file"), exit code 2.  `reading` checks the outputs it is given at once,
before any work.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .errors import OutputError
from .inputs import display_path
from .leftovers import STAGED_SUFFIX, backup_name, staged_prefix, sweep
from .nofollow import identity, inside, open_folder
from .write_target import reason, target_of

_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGALRM", signal.SIGTERM)}


def _file_mode() -> int:
    """rw for whoever the umask allows (mkstemp alone would make the file private, 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


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


# ---- the inputs of a run: never written over ---------------------------------------------------------
_RUN: ContextVar = ContextVar("symbp_run_files", default=None)  # (inputs, outputs) of `reading`
MAX_FOLDER_FILES = 20_000  # an input folder's files compared by inode (a hard link into it), at most


def _identity(path) -> tuple:
    """The file `path` names (through links): its device and inode, else (no such file) its real path."""
    try:
        state = os.stat(path)
        return ("inode", state.st_dev, state.st_ino)
    except (OSError, ValueError):
        try:
            return ("path", os.path.realpath(path))
        except (OSError, ValueError):
            return ("path", str(path))


def _template_file(relative: str) -> bool:
    """Whether a file at `relative` (below a templates folder) is one a run reads: a template
    (*.jinja, at any depth) or a catalogue (i18n/<code>.toml)."""
    parts = relative.split(os.sep)
    return parts[-1].endswith(".jinja") or (len(parts) == 2 and parts[0] == "i18n" and parts[1].endswith(".toml"))


def _inside(path, folder, templates: bool = False) -> bool:
    """Whether the existing file `path` is one of the files in `folder` (or below it): its real
    path lies there, or (a hard link) it is the same inode as one of them.  `templates`: only its
    templates and catalogues count (`_template_file`: an --out folder inside a course's folder is not
    a template)."""
    try:
        state = os.stat(path)
        top = os.path.realpath(folder)
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return False
    if real.startswith(top.rstrip(os.sep) + os.sep) and (not templates or _template_file(os.path.relpath(real, top))):
        return True
    if state.st_nlink < 2:
        return False
    wanted, seen = (state.st_dev, state.st_ino), 0
    for root, _, names in os.walk(top):
        for name in names:
            seen += 1
            if seen > MAX_FOLDER_FILES:
                return False
            other = os.path.join(root, name)
            if templates and not _template_file(os.path.relpath(other, top)):
                continue
            try:
                other = os.stat(other)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == wanted:
                return True
    return False


def _is_input(target) -> str | None:
    """The role of the input of this run that `target` is (see `reading`), or None."""
    run = _RUN.get()
    if run is None:
        return None
    inputs, _ = run
    identity = None
    for path, role, folder in inputs:
        if folder:
            if _inside(target, path, folder == "templates"):
                return role
            continue
        if identity is None:
            identity = _identity(target)
        if identity == _identity(path):
            return role
    return None


def _option_for(target) -> tuple[str | None, bool]:
    """The option of `reading`'s outputs that names `target` (the file, or a folder it lies in), and
    whether that is a folder."""
    run = _RUN.get()
    if run is None:
        return None, False
    real = os.path.realpath(target)
    for option, path, folder in run[1]:
        top = os.path.realpath(path)
        if real == top or (folder and real.startswith(top.rstrip(os.sep) + os.sep)):
            return option, folder
    return None, False


def refuse_input(path, shown: str | None = None) -> None:
    """OutputError when writing `path` would replace an input of this run (see `reading`)."""
    role = _is_input(path)
    if role is None:
        return
    shown = shown or display_path(path)
    option, folder = _option_for(path)
    choose = "choose another folder" if folder else "choose another file"
    if option is None:
        raise OutputError(shown, f"is {role} this run reads; {choose}")
    raise OutputError(option, f"{shown} is {role} this run reads; {choose}")


MAX_KEY_SNIFFED = 256 << 20  # bytes of an existing .json output read to tell a worksheet's key


def small_text(path) -> str | None:
    """The UTF-8 text of an existing output file read to tell what it is: a regular file of at most
    MAX_KEY_SNIFFED bytes (a FIFO is never opened, a device never read), else None; never raises."""
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # (a FIFO is never opened: it is refused when written)
            return None
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as fh:
            state = os.fstat(fh.fileno())
            if not stat.S_ISREG(state.st_mode) or not 0 < state.st_size <= MAX_KEY_SNIFFED:
                return None
            return fh.read(MAX_KEY_SNIFFED).decode("utf-8")
    except (OSError, ValueError):
        return None


def is_sheet_key(path) -> bool:
    """Whether `path` is a worksheet's answer key (the answers.json `symbp worksheet` wrote): a
    regular file of at most MAX_KEY_SNIFFED bytes whose JSON is a key; never raises."""
    if not str(path).lower().endswith(".json"):
        return False
    text = small_text(path)
    if text is None or ('"key_format"' not in text and '"variants"' not in text):
        return False
    import json

    from .check import is_key
    from .inputs import too_many_values

    if too_many_values(text):  # (no key symbp wrote)
        return False

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and is_key(data)


def refuse_sheet_key(option: str, path) -> None:
    """OutputError when `path` (a file an option names) is a worksheet's answer key, of this run or
    another (the answers.json `symbp worksheet` wrote): a key is never written over, it is what a
    class's sheets are marked against."""
    if is_sheet_key(os.path.realpath(path)):  # (the file itself, also through a link of another name)
        raise OutputError(option, f"{display_path(path)} is a worksheet's answer key (the answers.json of `symbp worksheet`); "
                                  "symbp writes nothing over a key: choose another file")


def refuse_sheet_file(option: str, path) -> None:
    """OutputError when `path` (a file an option names) is one of the files `symbp worksheet` writes
    (worksheet.tex/.pdf, answer-key.tex/.pdf, answers-template.toml; the name compared case-folded,
    as a case-insensitive file system does) in a folder whose answers.json is a worksheet's key:
    a report or a solution written there would replace the sheet handed out, or its key's pages."""
    from .worksheet_files import OWNED_FILES

    # (a link to ws/worksheet.tex is the sheet's file too: the file a link names, shown where it is)
    real = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    name = real.name.casefold()
    if name not in {owned.casefold() for owned in OWNED_FILES}:
        return
    folder = real.parent
    key = folder / "answers.json"
    if name == key.name or not is_sheet_key(key):
        return  # (the key itself: refuse_sheet_key)
    raise OutputError(option, f"{display_path(path)} is a file of the worksheet in {display_path(folder)} (its key is "
                              f"{display_path(key)}); symbp writes nothing over a worksheet's files: choose another file")


@contextmanager
def reading(inputs, outputs=()):
    """The block's batches refuse to write over `inputs`: (path, role), (path, role, True) for a
    folder (every file in it) or (path, role, "templates") for a templates folder (its templates and
    catalogues) — "the key", "the spec", …; a path None or "-" (stdin) is left out.  `outputs`:
    (option, path) or (option, folder, True), the files and folders the options name: each file is
    checked now (before any work), also for being a worksheet's key (`refuse_sheet_key`) or one of its
    other files (`refuse_sheet_file`), and a
    refusal names its option."""
    kept = _kept_inputs(inputs)
    named = tuple((entry[0], Path(entry[1]), bool(entry[2:] and entry[2])) for entry in outputs if entry[1] is not None)
    token = _RUN.set((kept, named))
    try:
        for option, path, folder in named:
            if not folder:
                refuse_input(path)
                refuse_sheet_key(option, path)
                refuse_sheet_file(option, path)
        yield
    finally:
        _RUN.reset(token)


def _kept_inputs(inputs) -> tuple:
    """`reading`'s inputs as (path, role, folder), None and stdin ("-") left out."""
    from .inputs import is_stdin

    return tuple((Path(entry[0]), entry[1], entry[2] if entry[2:] else False) for entry in inputs
                 if entry[0] is not None and not is_stdin(entry[0]))


@contextmanager
def inputs_only(inputs):
    """The block knows the run's `inputs` (as `reading` takes them) without checking any output: after a
    usage error, nothing the command line names as an input is withdrawn (cli_shared)."""
    token = _RUN.set((_kept_inputs(inputs), ()))
    try:
        yield
    finally:
        _RUN.reset(token)


def missing_folders(path: Path, itself: bool = False) -> list[Path]:
    """The folders a run writing `path` makes, the outermost first: those of its folder (of `path`
    itself, `itself`: a folder -o names) and above it that do not exist yet (-o new/sub/x.txt:
    new, new/sub).  The CLI names them (cli_shared.echo_made); staging makes them."""
    folder, missing = Path(path) if itself else Path(path).parent, []
    while not os.path.isdir(folder) and folder != folder.parent:
        if folder.name not in ("..", "."):  # (-o new/../x.txt: new is made, new/.. then is a folder that exists)
            missing.append(folder)
        folder = folder.parent
    return missing[::-1]


class Batch:
    """Destinations written as one (see the module docstring); use it in a `with` block."""

    def __init__(self):
        self._moves: list[tuple[Path, Path, str]] = []  # (staged file, destination, its name as shown)
        self._removals: list[tuple[Path, str]] = []
        self._guarded: dict[Path, tuple] = {}  # removal -> (folder, parts, identity, told when done)
        self._temps: list[Path] = []  # staged files: removed at the end, whatever happens
        self._backups: list[Path] = []  # the replaced files' backups: removed at the end
        self._made: list[Path] = []  # folders made, outermost first: removed unless committed
        self._targets: set[Path] = set()
        self._swept: set[str] = set()  # folders cleared of killed runs' leftovers (`sweep`)
        self._pruned: list[tuple[Path, Path]] = []  # (folder, up to): emptied by the removals, removed after
        self.committed = False

    def __enter__(self) -> "Batch":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _folders(self, folder: Path, shown: str) -> None:
        """Make `folder` and its missing parents, remembering each."""
        for path in missing_folders(folder, itself=True):
            try:
                path.mkdir()
            except FileExistsError:
                if os.path.isdir(path):  # a name such as new/.. that the folders made before it made
                    continue
                raise OutputError(shown, "cannot create its folder: a file stands where a folder should be") from None
            except OSError as error:
                raise OutputError(shown, f"cannot create its folder: {reason(error)}") from None
            self._made.append(path)

    def _sweep(self, folder: Path) -> None:
        key = os.path.realpath(folder)
        if key not in self._swept:
            self._swept.add(key)
            sweep(folder)

    @property
    def targets(self) -> frozenset:
        """Every destination this batch writes (as `target_of` gives it)."""
        return frozenset(self._targets)

    def _claim(self, target: Path, shown: str) -> None:
        refuse_input(target, shown)
        if target in self._targets:
            raise OutputError(shown, "is given twice (two outputs would write the same file); choose two names")
        self._targets.add(target)

    def stage(self, path: str | Path, data: str | bytes) -> Path:
        """A temporary file beside `path`'s destination holding `data`, to be moved in by `commit`;
        OutputError now when it cannot be made."""
        target, shown = target_of(path), display_path(path)
        self._claim(target, shown)
        self._folders(target.parent, shown)
        self._sweep(target.parent)
        try:
            mode = os.stat(target).st_mode & 0o7777
        except OSError:
            mode = _file_mode()
        try:
            # a short name: the user's own may already be as long as the file system allows
            fd, tmp = tempfile.mkstemp(prefix=staged_prefix(), suffix=STAGED_SUFFIX, dir=target.parent)
        except OSError as error:
            raise OutputError(shown, f"cannot be written: {reason(error)}") from None
        self._temps.append(Path(tmp))
        try:
            binary = isinstance(data, bytes)
            with os.fdopen(fd, "wb" if binary else "w",
                           **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as fh:
                fh.write(data)
            os.chmod(tmp, mode)
        except OSError as error:
            raise OutputError(shown, f"cannot be written: {reason(error)}") from None
        self._moves.append((Path(tmp), target, shown))
        return Path(tmp)

    def move(self, staged: Path, target: Path) -> None:
        """A file staged elsewhere in `target`'s file system, moved to `target` by `commit`."""
        self._claim(target, display_path(target))
        self._sweep(target.parent)
        self._moves.append((staged, target, display_path(target)))

    @property
    def staged(self) -> dict:
        """Destination -> the staged file `commit` moves there."""
        return {target: staged for staged, target, _ in self._moves}

    def remove(self, target: Path, prune_up_to: Path | None = None, expect: tuple | None = None, then=None) -> None:
        """A file `commit` removes (put back if the commit fails); with `prune_up_to`, its folders
        below that one are removed too when that leaves them empty.  With `expect` (folder, parts
        below it, `nofollow.identity`) it is reached without following links and removed only
        when still that file (else left alone); `then(target)` is called once it is removed."""
        refuse_input(target)
        self._removals.append((target, display_path(target)))
        if expect is not None:
            self._guarded[target] = (*expect, then)
        if prune_up_to is not None:
            self._pruned.append((target.parent, prune_up_to))

    def _backup(self, target: Path, keep: bool) -> Path:
        """`target` kept beside itself under a fresh name: hard-linked (or copied) when `keep`,
        else moved there."""
        backup = target.parent / backup_name()
        if not keep:
            os.replace(target, backup)
        else:
            try:
                os.link(target, backup)
            except OSError:  # a file system without hard links
                shutil.copy2(target, backup)
        self._backups.append(backup)
        return backup

    def commit(self) -> None:
        """Remove the files to remove and move every staged file in, with signals held back; on
        any error put every destination back as it was and raise."""
        done: list[tuple[Path, Path | None]] = []
        with _signals_held():
            try:
                for target, shown in self._removals:
                    if target in self._guarded:
                        backup = self._remove_checked(target, *self._guarded[target][:3])
                        if backup is not None:
                            done.append((target, backup))
                    elif os.path.lexists(target):
                        try:
                            done.append((target, self._backup(target, keep=False)))
                        except OSError as error:
                            raise OutputError(shown, f"cannot remove the earlier run's file: {reason(error)}") from None
                for staged, target, shown in self._moves:
                    try:
                        backup = self._backup(target, keep=True) if os.path.lexists(target) else None
                        os.replace(staged, target)
                    except OSError as error:
                        raise OutputError(shown, f"cannot be written: {reason(error)}") from None
                    done.append((target, backup))
            except BaseException:
                self._undo(done)
                raise
            self.committed = True  # before a held signal is delivered: the set is in place
            for target, _ in done:
                then = self._guarded.get(target, (None,))[-1]
                if then is not None:
                    then(target)

    def _remove_checked(self, target: Path, folder: Path, parts: tuple, expected: tuple) -> Path | None:
        """`target` (folder/parts) moved to a backup beside it when, reached without following a
        link, it is still the file `expected`; else nothing is done (None)."""
        try:
            fd = open_folder(folder, parts[:-1])
        except OSError:
            return None
        try:
            if identity(os.stat(parts[-1], dir_fd=fd, follow_symlinks=False)) != expected:
                return None
            name = backup_name()
            os.replace(parts[-1], name, src_dir_fd=fd, dst_dir_fd=fd)
        except OSError:
            return None
        finally:
            os.close(fd)
        self._backups.append(target.parent / name)
        return target.parent / name

    def _prune(self) -> None:
        """The folders the removals emptied, up to (not including) their `prune_up_to`."""
        for folder, top in self._pruned:
            while inside(top, folder) is not None:
                try:
                    folder.rmdir()  # only when empty
                except OSError:
                    break
                folder = folder.parent

    def _undo(self, done) -> None:
        for target, backup in reversed(done):
            try:
                if backup is None:
                    target.unlink()
                else:
                    os.replace(backup, target)
            except OSError:
                if backup is not None:  # could not be put back: keep the earlier file beside it
                    self._backups.remove(backup)

    def close(self) -> None:
        """Remove the temporary files and backups, and the folders made unless committed."""
        for path in (*self._temps, *self._backups):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
        self._temps, self._backups = [], []
        if self.committed:
            self._prune()
            self._pruned = []
        else:
            for folder in reversed(self._made):
                try:
                    folder.rmdir()
                except OSError:
                    pass


def check_writable(paths) -> None:
    """OutputError now, before any work, for a path that writing would refuse or fail on: each
    destination is tried (a temporary file beside it, removed again with any folder made)."""
    for path in paths:
        with Batch() as batch:
            batch.stage(path, b"")


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write one file atomically (a temporary file, then a rename)."""
    write_all_atomic({path: data})


def write_all_atomic(files: dict) -> None:
    """Write several files so that either all appear or none (`Batch`)."""
    with Batch() as batch:
        for path, data in files.items():
            batch.stage(path, data)
        batch.commit()
