"""The leftovers of killed runs beside a destination, and which of them may go.

In:  a folder a batch writes into (staging.Batch).
Out: `sweep(folder)` removes the files a killed run left there: `.symbp-<pid>-<8 characters>.tmp`
     (a staged file) and `.symbp-<pid>-<16 hex digits>.old` (a backup), when no process of that
     id is alive here AND the file is over an hour old (a live run in another pid namespace — a
     container, another host on a shared file system — touches its files within seconds, and no
     run holds a staged file for an hour); the ones named before the process id was part of the
     name when they are a day old.  Anything else stays, and so does a leftover whenever deciding
     fails (a pid beyond the OS's range, an error asking): it is taken for a live run's.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

# The names staging.py gives: a temporary file (mkstemp's 8 characters between STAGED_PREFIX and
# STAGED_SUFFIX) or a backup (backup_name), with the process id of its run
_PREFIX = ".symbp-"
STAGED_SUFFIX = ".tmp"
_BACKUP_SUFFIX = ".old"
_BACKUP_HEX = 8  # bytes of the backup's random part (16 hex digits)
_LEFTOVER = re.compile(re.escape(_PREFIX) + r"(?:(\d{1,10})-)?(?:[a-z0-9_]{8}" + re.escape(STAGED_SUFFIX)
                       + r"|[0-9a-f]{%d}" % (2 * _BACKUP_HEX) + re.escape(_BACKUP_SUFFIX) + ")")
DEAD_RUN_AGE = 3600  # seconds: a leftover of a pid not alive here is older than this before it goes
UNNAMED_LEFTOVER_AGE = 24 * 3600  # seconds: a leftover named without its run's process id


def staged_prefix() -> str:
    """The start of a staged file's name (mkstemp adds 8 characters and STAGED_SUFFIX)."""
    return f"{_PREFIX}{os.getpid()}-"


def backup_name() -> str:
    """A fresh name for a backup beside its file."""
    return f"{_PREFIX}{os.getpid()}-{secrets.token_hex(_BACKUP_HEX)}{_BACKUP_SUFFIX}"


def _gone(pid: int) -> bool:
    """True only when no process `pid` is alive here, for sure; any doubt (another user's process,
    a number the OS cannot take) is False."""
    if pid == os.getpid() or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError, ValueError):
        return False
    return False


def sweep(folder: Path) -> None:
    """Remove the leftovers of killed runs from `folder` (see the module docstring)."""
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _LEFTOVER.fullmatch(entry.name)
        if match is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
            gone = (age > DEAD_RUN_AGE and _gone(int(match.group(1))) if match.group(1) else
                    age > UNNAMED_LEFTOVER_AGE)
            if gone:
                os.unlink(entry.path)
        except (OSError, OverflowError, ValueError):
            pass
