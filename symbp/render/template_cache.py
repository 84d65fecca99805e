"""symbp's own templates compiled once, not in every process: Jinja's bytecode cache for the
trusted environment (render/templates.py, no course folder; a course's templates are compiled
anew in each process, in the sandbox).

In:  `bytecode_cache()` when the environment is made.
Out: a jinja2.BytecodeCache over the folder CACHE/templates-TAG-HASH (CACHE: sympy_cache.py's
     `cache_dir()`; TAG: Python's, e.g. cpython-311; HASH: of symbp's sources, as sympy_cache's
     key, and Jinja's version, which the compiled code depends on (trusted.py writes it); a
     template's own text is Jinja's checksum in each file), or None: caching off
     (SYMBP_NO_CACHE=1), or a system without user ids or directory descriptors.

The cache folder is untrusted (someone else may write it: sympy_cache.py reads only data from
it), and a compiled template is code.  So code is read only from a folder that is no link, owned
by the current user and writable by no one else (made with mode 0o700), and only from a file in
it that is a regular file (no link), owned by the current user and writable by no one else; each
checked on the descriptor that is then read (no name looked up twice).  A file is written
whole under a temporary name, then renamed (a concurrent process never reads half a file).
Anything else — another owner, a group- or world-writable folder or file, a link, a corrupt or
truncated file, any error reading or writing — and the template is compiled as without a cache:
the cache only ever saves time.
"""

from __future__ import annotations

import os
import stat
import sys
from types import CodeType

import jinja2

_NO_LINK = getattr(os, "O_NOFOLLOW", 0)
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NO_LINK
_FILE_FLAGS = os.O_RDONLY | _NO_LINK | getattr(os, "O_NONBLOCK", 0)  # (a FIFO would block an open)
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_LINK


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """The cache of symbp's own compiled templates, or None (see the module's docstring)."""
    from ..sympy_cache import _digest, _source_hash, cache_dir

    base = cache_dir()
    if base is None or not _NO_LINK or not hasattr(os, "getuid") \
            or not {os.open, os.rename, os.unlink} <= os.supports_dir_fd:  # (os.replace: as rename)
        return None
    try:
        key = f"{_source_hash()} jinja {jinja2.__version__}"
    except (OSError, ValueError, ImportError, AttributeError, TypeError):  # (as sympy_cache.session)
        return None
    tag = sys.implementation.cache_tag or "python"
    return PrivateBytecodeCache(os.path.join(base, f"templates-{tag}-{_digest(key.encode()).hexdigest()[:16]}"))


def _private(state) -> bool:
    """Owned by the current user, writable by no one else."""
    return state.st_uid == os.getuid() and not state.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class PrivateBytecodeCache(jinja2.BytecodeCache):
    """A file a template, KEY.cache (Jinja's key: of the template's name and path), in one private folder."""

    def __init__(self, folder: str):
        self.folder = folder

    def _open_folder(self) -> int | None:
        """A descriptor of the folder, or None where it is not private."""
        folder = os.open(self.folder, _FOLDER_FLAGS)
        state = os.fstat(folder)
        if stat.S_ISDIR(state.st_mode) and _private(state):
            return folder
        os.close(folder)
        return None

    def load_bytecode(self, bucket) -> None:
        try:
            folder = self._open_folder()
            if folder is None:
                return
            try:
                file = os.open(bucket.key + ".cache", _FILE_FLAGS, dir_fd=folder)
            finally:
                os.close(folder)
            with open(file, "rb") as cached:
                state = os.fstat(cached.fileno())
                if stat.S_ISREG(state.st_mode) and _private(state):
                    bucket.load_bytecode(cached)  # (Jinja's header, its checksum of the template's text, the code)
            if not isinstance(bucket.code, (CodeType, type(None))):
                bucket.reset()
        except Exception:  # noqa: BLE001 (a missing, unreadable or corrupt file: compiled as without a cache)
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.folder, mode=0o700, exist_ok=True)
            folder = self._open_folder()
            if folder is None:
                return
            name = bucket.key + ".cache"
            temporary = f".{name}.{os.urandom(6).hex()}.tmp"
            try:
                with open(os.open(temporary, _NEW_FILE_FLAGS, 0o600, dir_fd=folder), "wb") as file:
                    bucket.write_bytecode(file)
                os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
            except BaseException:
                try:
                    os.unlink(temporary, dir_fd=folder)
                except OSError:
                    pass
                raise
            finally:
                os.close(folder)
        except Exception:  # noqa: BLE001 (an unwritable folder, a full disk: the next run compiles again)
            pass
