"""Reaching a file inside a folder without following a symbolic link on the way.

In:  a folder (trusted: the user's own --out) and a path below it as its parts.
Out: `open_folder` — a file descriptor of the folder holding the file, each folder on the way
     opened with O_NOFOLLOW (a link anywhere is an OSError, never followed), so that what is
     checked or removed through it (`os.stat(..., dir_fd=fd)`, `os.replace(..., src_dir_fd=fd)`)
     is the file inside the folder even when a folder on the way is swapped for a link meanwhile;
     `identity` — what a check remembers of a file to see that it is still the same one;
     `inside` — a path's place below a folder (links resolved), or None when it lies elsewhere.
"""

from __future__ import annotations

import os

_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)


def inside(folder, path) -> str | None:
    """`path` relative to `folder` (POSIX form) when it lies strictly inside it, links resolved; else None."""
    home, where = os.path.realpath(folder), os.path.realpath(path)
    if not where.startswith(home + os.sep):
        return None
    return os.path.relpath(where, home).replace(os.sep, "/")


def open_folder(root, parts) -> int:
    """A descriptor of root/parts[0]/…/parts[-1] (the caller closes it); OSError when a part is a
    link, not a folder, or missing."""
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for part in parts:
            inner = os.open(part, _FOLDER_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def identity(st: os.stat_result) -> tuple:
    """The file (device, inode) as it was (size, modification time): any change shows."""
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns
