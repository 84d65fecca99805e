"""The file that writing a path replaces, by symbp's policy (README "Limits and exit codes").

In:  a destination path.
Out: the regular file to write (a symlink written through: its target replaced, the link kept; a
     new file as it is), or an OutputError naming the path for a loop of links, a device, FIFO,
     socket or folder (never replaced), or an OS error (`reason`: its reason as a message says it).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import OutputError
from .inputs import display_path


def reason(error: OSError) -> str:
    """An OS error's reason, as a message says it ("Permission denied")."""
    return error.strerror or str(error)


NOT_REGULAR = "is a device, FIFO or socket, not a regular file; symbp writes regular files only (write to stdout and " \
              "redirect instead)"


def target_of(path: str | Path) -> Path:
    """The regular file that writing `path` replaces: through symlinks; OutputError for a device,
    FIFO, socket, folder or a loop of links."""
    path = Path(path)
    shown = display_path(path)
    try:  # (/dev/stdout on a pipe: a link to "pipe:[…]", which is no path, but stat reaches the pipe itself)
        followed = os.stat(path).st_mode
    except OSError:
        followed = None
    if followed is not None and not stat.S_ISREG(followed) and not stat.S_ISDIR(followed):
        raise OutputError(shown, NOT_REGULAR)
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
        raise OutputError(shown, f"cannot be written: {reason(error)}") from None
    if stat.S_ISDIR(mode):
        raise OutputError(shown, "is a folder (expected a file name)")
    if not stat.S_ISREG(mode):
        raise OutputError(shown, NOT_REGULAR)
    return path
