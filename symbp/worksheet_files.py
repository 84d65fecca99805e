"""Writing a worksheet's files: a made `worksheet.Worksheet` -> its .tex files, answers.json and
the answers template (and, with `pdf`, the compiled PDFs) moved into the output folder together, with
the platform exports: all of them or none (worksheet.py re-exports these names).
"""

from __future__ import annotations

from pathlib import Path

FILES = {"worksheet": "worksheet.tex", "key": "answer-key.tex", "answers": "answers.json",
         "template": "answers-template.toml"}
PDFS = {"worksheet": "worksheet.pdf", "key": "answer-key.pdf"}
# Every file a run writes into its folder: a run replaces them all — the ones it does not produce
# (the PDFs, without --pdf or on a LaTeX error) are removed — and never touches any other file.
OWNED_FILES = (*FILES.values(), *PDFS.values())


def write_worksheet(worksheet, out, pdf: bool = False, exports: dict | None = None) -> list[Path]:
    """Write the whole set — .tex, answers.json and, with `pdf`, the compiled PDFs — into a
    staging folder and move it into the output folder at the end (`output.output_set`), together
    with the platform `exports` (path -> text, each staged beside its destination first, before
    any PDF is compiled): all of them or, on any failure, none (`staging.Batch`).

    `out` is the folder, or the OutputSet of a run that already holds the folder's lock.  On a
    LaTeX error the .tex files (whose lines the error names) and answers.json are moved in and
    the earlier run's PDFs removed, so that no PDF contradicts answers.json, the exports are not
    written; then the error is raised.  Interrupted, nothing is moved in."""
    from .output import Batch, OutputSet, output_set, write_all_atomic

    if not isinstance(out, OutputSet):
        with output_set(out, OWNED_FILES) as target:
            return write_worksheet(worksheet, target, pdf, exports)
    exports = exports or {}
    with Batch() as batch:
        for path, text in exports.items():
            batch.stage(path, text)
        write_all_atomic({out.staging / name: text for name, text in worksheet.files.items()})
        names = list(worksheet.files)
        if pdf:
            from .render.pdf import LatexError

            try:
                documents = compile_worksheet_pdfs(worksheet, out.folder)
            except LatexError:
                out.commit(names)
                raise
            write_all_atomic({out.staging / name: data for name, data in documents.items()})
            names += list(documents)
        written = out.commit(names, batch)
        batch.commit()
    return written + [Path(path) for path in exports]


def compile_worksheet_pdfs(worksheet, folder: Path | None = None) -> dict[str, bytes]:
    """{"worksheet.pdf": bytes, "answer-key.pdf": bytes}, compiled side by side; the first error
    (in that order) is raised, naming the .tex in `folder` (where its lines are to be read)."""
    from concurrent.futures import ThreadPoolExecutor

    from .inputs import display_path
    from .render.pdf import build_pdf

    def source(key: str) -> str:
        return display_path(Path(folder) / FILES[key]) if folder is not None else FILES[key]

    jobs = {PDFS[key]: (worksheet.files[FILES[key]], source(key)) for key in ("worksheet", "key")}
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = {name: pool.submit(build_pdf, tex, source) for name, (tex, source) in jobs.items()}
        return {name: future.result() for name, future in futures.items()}
