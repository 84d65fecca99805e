"""The exports a worksheet's run wrote inside its own folder, recorded there, so that the next run
into the folder replaces them: a folder never holds files of two runs.

In:  a worksheet's folder and the destinations of a run's batch (staging.Batch.targets).
Out: `RECORD` (`.symbp-exports` in the folder: a JSON list of those exports' paths, relative to
     it), its text for this run (`record_text`), and the files of the earlier run's record that are
     still there (`earlier`) — which the run removes unless it writes them again (output.py).

The record is read as untrusted: an entry that is not a plain relative path to a regular file
inside the folder (no "..", no link, not symbp's own bookkeeping) is ignored, never removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

RECORD = ".symbp-exports"
MAX_RECORD_BYTES = 1024 * 1024


def _inside(folder: Path, path) -> str | None:
    """`path` relative to `folder` (POSIX form) when it lies inside it (links resolved), else None."""
    home, where = os.path.realpath(folder), os.path.realpath(path)
    if not where.startswith(home + os.sep):
        return None
    return Path(os.path.relpath(where, home)).as_posix()


def exports_inside(folder: Path, targets) -> list[str]:
    """The destinations among `targets` that lie inside `folder`, relative to it, in order."""
    return sorted(filter(None, (_inside(folder, target) for target in targets)))


def record_text(paths: list[str]) -> str:
    return json.dumps(paths, indent=0, ensure_ascii=False) + "\n"


def earlier(folder: Path) -> list[Path]:
    """The files the earlier run's record lists that are still in the folder (see the docstring)."""
    record = folder / RECORD
    try:
        if record.is_symlink() or not record.is_file() or record.stat().st_size > MAX_RECORD_BYTES:
            return []
        entries = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    found = []
    for entry in entries:
        if not isinstance(entry, str) or not entry or entry.startswith("/") or "\\" in entry:
            continue
        parts = entry.split("/")
        if any(part in ("", ".", "..") or part.startswith(".symbp") for part in parts):
            continue
        path = folder.joinpath(*parts)
        if _inside(folder, path) == entry and path.is_file() and not path.is_symlink():
            found.append(path)
    return found
