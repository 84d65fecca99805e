"""A worksheet's variants rendered page by page where each is made (worksheet.variant_parts; in
worker processes with many variants) give the files that whole documents rendered from every
variant's context give — the way a course's template folder is rendered, in the sandbox.  And the
plain environment of symbp's own templates never reaches a course's templates: a course's part of
a sheet, alone or with workers, is still sandboxed."""

from __future__ import annotations

import pytest
from jinja2.sandbox import SandboxedEnvironment

from helpers import run_symbp
from symbp.render.templates import environment
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.worksheet import SheetOptions, build_worksheet


@pytest.mark.parametrize("example, count, workers, options", [
    ("nn231", 9, "2", {"key": "carried"}),
    ("batch3", 3, "1", {"key": "exact", "locale": "de"}),
])
def test_pages_rendered_apart_are_the_whole_documents(monkeypatch, tmp_path, example, count, workers, options):
    from symbp.i18n import use

    spec = load_spec(example_path(example))
    monkeypatch.setenv("SYMBP_WORKERS", workers)
    with use(options.get("locale", "en")):
        apart = build_worksheet(spec, count, 3, SheetOptions(**options))
        # an empty course folder: every built-in template, rendered as whole documents in the sandbox
        whole = build_worksheet(spec, count, 3, SheetOptions(**options, templates_dir=tmp_path))
    assert apart.files.keys() == whole.files.keys()
    for name in apart.files:
        assert apart.files[name] == whole.files[name], name


def test_only_symbp_s_own_templates_render_outside_the_sandbox(tmp_path):
    assert not isinstance(environment(None), SandboxedEnvironment)
    assert isinstance(environment(tmp_path), SandboxedEnvironment)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_course_s_part_of_a_sheet_is_sandboxed(tmp_path, workers):
    own = tmp_path / "own" / "tex"
    own.mkdir(parents=True)
    marker = tmp_path / "PWNED"
    for part in ("worksheet-header.tex.jinja", "answer-key-variant.tex.jinja"):
        (own / part).write_text(f'<%= cycler.__init__.__globals__.os.system("touch {marker}") %>\n')
    result = run_symbp("worksheet", "--example", "nn231", "-n", "9", "--out", tmp_path / "out",
                       "--templates", tmp_path / "own", env={"SYMBP_WORKERS": workers})
    assert result.returncode == 2, result.stderr
    assert "unsafe" in result.stderr and "line 1" in result.stderr
    assert not marker.exists() and not (tmp_path / "out" / "worksheet.tex").exists()


def test_a_page_that_cannot_render_is_the_same_error_with_workers(monkeypatch):
    """Every variant's pages fail (a title pdflatex cannot typeset): the sheet renders again from
    the contexts and raises what one process raises."""
    from symbp.errors import SpecError

    spec = load_spec(example_path("nn231"))
    messages = []
    for workers in ("1", "2"):
        monkeypatch.setenv("SYMBP_WORKERS", workers)
        with pytest.raises(SpecError) as error:
            build_worksheet(spec, 9, 4, SheetOptions(title="\u05e8\u05e9\u05ea"))
        messages.append(str(error.value))
    assert messages[0] == messages[1]
    assert "U+05E8" in messages[0] and "cannot be typeset" in messages[0]


def test_the_header_is_kept_per_sheet_and_each_page_names_its_variant(monkeypatch):
    """tex/worksheet-header-parts.jinja is kept per sheet (memo) with the texts naming the variant
    as holes: each page's running head is its own variant's (as rendered in the sandbox above)."""
    from symbp.render import memo as memo_module

    monkeypatch.setenv("SYMBP_WORKERS", "1")
    sheet = build_worksheet(load_spec(example_path("nn231")), 3, 5)
    kept = [kept for (macro, _), kept in memo_module._KEPT.items() if macro.name == "header"]
    assert kept and all(k.holes_checked for k in kept) and any(k.shapes for k in kept)
    for name in ("worksheet.tex", "answer-key.tex"):
        heads = [line for line in sheet.files[name].splitlines() if line.startswith(r"\def\runningright{")]
        variant_heads = heads[-3:]  # (the key's overview has a head of its own first)
        assert len(set(variant_heads)) == 3
        assert all(f" {i} " in head for i, head in zip((1, 2, 3), variant_heads))
