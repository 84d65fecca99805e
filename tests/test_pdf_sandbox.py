"""symbp.render.tex_sandbox: pdflatex under bubblewrap sees no file outside its folder, the TeX
installation and TEXINPUTS — not even through pdfTeX's `\\pdfobj file`, which ignores openin_any;
without bwrap symbp compiles as before and warns when a course's templates are in play."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

from symbp.render import tex_sandbox
from symbp.render.pdf import TEX_FLAGS, LatexError, build_pdf

SECRET = "SYMBP-SECRET-7f3a"
GOOD = "\\documentclass{article}\n\\begin{document}\nHello.\n\\end{document}\n"


def embedding(path, how: str) -> str:
    """A document that embeds the file at `path` uncompressed (a leak shows in the PDF's bytes)."""
    return ("\\pdfcompresslevel=0\n\\documentclass{article}\n\\begin{document}\nX\n"
            f"\\immediate\\pdfobj {how} {{{path}}}\\pdfrefobj\\pdflastobj\n\\end{{document}}\n")


def compiled_or_refused(tex: str) -> bytes:
    """The PDF's bytes; none when LaTeX stopped (the file it asked for was not found)."""
    try:
        return build_pdf(tex)
    except LatexError:
        return b""


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n", encoding="ascii")
    return path


@pytest.fixture
def without_bwrap(monkeypatch):
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None if name == "bwrap"
                        else which(name, *args, **kwargs))


def plain_pdflatex(tex: str, folder) -> bytes:
    """The old way: pdflatex with openin_any = p, openout_any = p and no shell escape, unconfined."""
    folder.mkdir()
    (folder / "t.tex").write_text(tex, encoding="ascii")
    env = dict(os.environ, openin_any="p", openout_any="p")
    subprocess.run([shutil.which("pdflatex"), *TEX_FLAGS, "t.tex"], cwd=folder, env=env,
                   stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    return (folder / "t.pdf").read_bytes()


@pytest.mark.parametrize("how", ["stream file", "file"])
def test_pdfobj_file_reaches_no_file_outside(requires_tex_sandbox, secret, tmp_path, how):
    tex = embedding(secret, how)
    assert SECRET.encode() in plain_pdflatex(tex, tmp_path / "plain")  # the probe leaks where nothing confines TeX
    assert SECRET.encode() not in compiled_or_refused(tex)


SECRET_NAMES = ("SYMBP_TEST_TOKEN", "OTEL_EXPORTER_OTLP_HEADERS", "VERTEX_API_KEY", "MY_CONTEXT", "X_TEXT")


def test_no_environment_variable_but_texs_reaches_the_pdf(requires_tex_sandbox, tmp_path, monkeypatch):
    """No /proc in the sandbox, and of the environment only TeX's own variables, named one by one
    (names that merely contain TEX or end in HEADERS are not TeX's)."""
    for name in SECRET_NAMES:
        monkeypatch.setenv(name, SECRET)
    tex = embedding("/proc/self/environ", "stream file")
    assert SECRET.encode() in plain_pdflatex(tex, tmp_path / "plain")
    assert SECRET.encode() not in compiled_or_refused(tex)
    monkeypatch.setenv("TEXINPUTS", f"{tmp_path}//:")
    _, env = tex_sandbox.confined(["pdflatex", "symbp.tex"], tmp_path, dict(os.environ, openin_any="p"))
    assert SECRET not in "".join(env.values()) and not set(SECRET_NAMES) & set(env)
    assert env["TEXINPUTS"] == f"{tmp_path}//:" and env["openin_any"] == "p" and env["PATH"] == os.environ["PATH"]


@pytest.mark.parametrize("texinputs", ["/:", "~//:", "{}//:"])
def test_a_tex_path_that_holds_home_or_the_temporary_folder_is_not_shown(requires_tex_sandbox, secret, monkeypatch,
                                                                          texinputs):
    """TEXINPUTS=/ (or TEXMFROOT = $SELFAUTOPARENT = /, or ~, or the folder holding symbp's working
    folder) would show everything below it: such a folder is left out."""
    monkeypatch.setenv("TEXINPUTS", texinputs.format(tempfile.gettempdir()))  # (the secret is in it too)
    assert SECRET.encode() not in compiled_or_refused(embedding(secret, "stream file"))
    assert build_pdf(GOOD).startswith(b"%PDF")  # TeX's own trees are still shown
    bound = tex_sandbox.binds(shutil.which("pdflatex"), secret.parent, dict(os.environ))
    shown = [bound[i + 1] for i, option in enumerate(bound) if option == "--ro-bind"]
    home = os.path.realpath(os.path.expanduser("~"))
    assert shown and not [f for f in shown if f == "/" or os.path.commonpath([f, home]) == f]


def test_a_course_folder_on_texinputs_is_still_read(requires_tex_sandbox, tmp_path, monkeypatch):
    assets = tmp_path / "course" / "assets"
    assets.mkdir(parents=True)
    (assets / "course-logo.txt").write_text(SECRET + "\n", encoding="ascii")
    monkeypatch.setenv("TEXINPUTS", f"{tmp_path / 'course'}//:")
    assert SECRET.encode() in build_pdf(embedding("course-logo.txt", "stream file"))


def test_without_bwrap_pdflatex_runs_unconfined(requires_tex, without_bwrap, secret):
    """The documented fallback: the PDF is made as before, and \\pdfobj file is then still open."""
    assert not tex_sandbox.available()
    assert build_pdf(GOOD).startswith(b"%PDF")
    assert SECRET.encode() in build_pdf(embedding(secret, "stream file"))


def test_a_bwrap_that_cannot_run_is_not_used(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    command = ["pdflatex", "symbp.tex"]
    assert tex_sandbox.confined(command, tmp_path, {"PATH": "/usr/bin"}) == (command, {"PATH": "/usr/bin"})


@pytest.mark.parametrize("templates, pdf, warned", [(True, True, True), (False, True, False), (True, False, False)])
def test_a_course_folder_compiled_unconfined_is_warned_of(without_bwrap, tmp_path, capsys, templates, pdf, warned):
    from symbp.cli_shared import warn_unconfined_tex
    from symbp.i18n import message

    warn_unconfined_tex(tmp_path if templates else None, pdf, "en")
    assert capsys.readouterr().err == (f"symbp: {message('progress.unconfined_tex')}\n" if warned else "")


def test_a_relative_course_folder_on_texinputs_is_found_from_where_symbp_runs(requires_tex, tmp_path, monkeypatch):
    """pdflatex runs in a temporary folder: TEXINPUTS=assets//: named nothing there (a new user's
    README reading, stop 42).  Relative folders are taken from symbp's own working folder; ".",
    empty entries and the ones kpathsea expands stay as written."""
    (tmp_path / "assets" / "logos").mkdir(parents=True)
    (tmp_path / "assets" / "logos" / "course-logo.txt").write_text(SECRET + "\n", encoding="ascii")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEXINPUTS", "assets//:")
    assert SECRET.encode() in build_pdf(embedding("course-logo.txt", "stream file"))
    assert tex_sandbox.anchored(os.pathsep.join(["a/b//", ".", "", "/x", "$HOME/t", "~/t", "!!/y", "{c,d}"])) == \
        os.pathsep.join([f"{tmp_path}/a/b//", ".", "", "/x", "$HOME/t", "~/t", "!!/y", "{c,d}"])
