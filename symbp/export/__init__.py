"""Exports of a worksheet to course platforms: Moodle XML, a PrairieLearn question, a plain CSV.

In:  the spec, the built `Worksheet` (verified variants), the sheet's seed and `SheetOptions`, and
     where each export goes.
Out: the files to write (path -> text), built before anything is written.

EXPORTS maps an export to its builder ("module:function", imported only when used); each
builder takes (spec, worksheet, seed, options) and returns the text of one file, or a folder's
files (name -> text).  The agreement rule is `symbp check`'s with the sheet's digits.
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path

EXPORTS = {
    "moodle": "symbp.export.moodle:moodle_quiz",
    "prairielearn": "symbp.export.prairielearn:question_folder",
    "csv": "symbp.export.csv_export:variants_csv",
}

# the exports a spreadsheet reads: their files begin with a byte order mark (csv_cells.EXCEL_BOM; not
# the text `Worksheet.exports` returns), as grades.csv does
WITH_BOM = ("csv",)


def as_files(targets: dict, files: dict[Path, str]) -> dict[Path, str]:
    """build_exports' files as they are written: a spreadsheet's with a byte order mark first."""
    from ..csv_cells import EXCEL_BOM

    marked = {Path(targets[name]) for name in WITH_BOM if targets.get(name) is not None}
    return {path: EXCEL_BOM + text if path in marked else text for path, text in files.items()}


def build_exports(spec, worksheet, seed: int, options, targets: dict) -> dict[Path, str]:
    """The files of every requested export: `targets` maps an export name to its file (or, for
    a folder export, its folder); None means not requested."""
    files: dict[Path, str] = {}
    owners: dict[str, str] = {}  # each file's real path -> the export writing it: no two write one file
    for name, target in targets.items():
        if target is None:
            continue
        module, function = EXPORTS[name].split(":")
        made = getattr(import_module(module), function)(spec, worksheet, seed, options)
        made = {Path(target) / file: text for file, text in made.items()} if isinstance(made, dict) else {Path(target): made}
        for path in made:
            first = owners.setdefault(os.path.realpath(path), name)
            if first != name:  # a CSV named pl/info.json would replace the PrairieLearn question's own file
                from ..errors import OutputError

                raise OutputError(str(path), f"is given for two exports (--{first} and --{name}); choose two names")
        files.update(made)
    return files
