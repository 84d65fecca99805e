"""The cache of symbp's own compiled templates (symbp/render/template_cache.py): a warm environment
compiles nothing and renders what Jinja's own compilation renders; code is read only from a
private folder and file of the current user (no link), so that a file planted by someone else —
code printing something else under the right checksum — is never run; a corrupt file is
compiled again; SYMBP_NO_CACHE=1 writes nothing; other sources, another Jinja, another folder.

The expected texts are rendered without any cache (Jinja compiling every template itself).
"""

from __future__ import annotations

import marshal
import os
import pickle
import stat
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

import symbp
from symbp import sympy_cache
from symbp.render.template_cache import PrivateBytecodeCache, bytecode_cache
from symbp.render.templates import _environment

FORMATS = ("text", "md")
OTHER_USER = 4242  # a uid that is not ours (the tests run as root here: os.chown gives a file away)
PLANTED = "PLANTED BY SOMEONE ELSE"


@pytest.fixture(scope="module")
def solution():
    return symbp.derive(symbp.example("nn231"))


@pytest.fixture(scope="module")
def expected(solution):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SYMBP_NO_CACHE", "1")
        texts, _ = _rendered(solution, patch)
    return texts


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """SYMBP_CACHE_DIR in a folder of this test; the environment made anew before and after."""
    monkeypatch.setenv("SYMBP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMBP_NO_CACHE", raising=False)
    _environment.cache_clear()
    yield tmp_path / "cache"
    _environment.cache_clear()


def _rendered(solution, patch) -> tuple[list[str], list[tuple]]:
    """The solution's texts from a new environment of symbp's own templates, and the (name,
    filename) of every template Jinja compiled for them."""
    compiled, compile_ = [], jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append((name, filename))
        return compile_(self, source, name, filename, *args, **kwargs)

    _environment.cache_clear()
    patch.setattr(jinja2.Environment, "compile", counted)
    try:
        return [solution.to(fmt) for fmt in FORMATS], compiled
    finally:
        patch.setattr(jinja2.Environment, "compile", compile_)
        _environment.cache_clear()


def _folder() -> Path:
    return Path(bytecode_cache().folder)


def _plant(template) -> Path:
    """The cache file of `template` (name, filename) replaced by code printing PLANTED, under the
    checksum of the template's real text: what someone who may write the folder could write."""
    name, filename = template
    cache = PrivateBytecodeCache(str(_folder()))
    bucket = jinja2.bccache.Bucket(None, cache.get_cache_key(name, filename),
                                   cache.get_source_checksum(Path(filename).read_text(encoding="utf-8")))
    bucket.code = jinja2.Environment().compile(PLANTED, name, filename)
    path = _folder() / (bucket.key + ".cache")
    path.write_bytes(bucket.bytecode_to_string())
    return path


def test_a_warm_environment_compiles_nothing_and_renders_the_same(cache, solution, expected, monkeypatch):
    cold, compiled = _rendered(solution, monkeypatch)
    assert cold == expected and compiled
    assert stat.S_IMODE(_folder().stat().st_mode) == 0o700
    files = sorted(_folder().iterdir())
    assert len(files) == len(set(compiled))  # one file a template, no temporary one left
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in files)
    warm, compiled = _rendered(solution, monkeypatch)
    assert (warm, compiled) == (expected, [])


def test_a_planted_file_in_a_private_folder_runs(cache, solution, monkeypatch):
    """The danger the rules below guard against: the cache's code runs (the folder is ours)."""
    _, compiled = _rendered(solution, monkeypatch)
    _plant(compiled[0])
    texts, _ = _rendered(solution, monkeypatch)
    assert texts[0] == PLANTED


def _folder_writable(folder, file, mode):
    os.chmod(folder, mode)


def _file_writable(folder, file, mode):
    os.chmod(file, mode)


def _given_away(folder, file, which):
    os.chown(folder if which == "folder" else file, OTHER_USER, -1)


def _linked(folder, file, which):
    """The folder or file moved to a private place of ours and a link to it put in its place."""
    elsewhere = folder.parent / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    moved = folder if which == "folder" else file
    target = elsewhere / moved.name
    moved.rename(target)
    moved.symlink_to(target)


UNSAFE = {
    "folder writable by its group": (_folder_writable, 0o770),
    "folder writable by anyone": (_folder_writable, 0o707),
    "file writable by its group": (_file_writable, 0o620),
    "file writable by anyone": (_file_writable, 0o602),
    "folder of another user": (_given_away, "folder"),
    "file of another user": (_given_away, "file"),
    "folder a link": (_linked, "folder"),
    "file a link": (_linked, "file"),
}


@pytest.mark.parametrize("case", list(UNSAFE))
def test_a_folder_or_file_someone_else_may_write_is_not_read(case, cache, solution, expected, monkeypatch):
    change, argument = UNSAFE[case]
    if change is _given_away and os.getuid() != 0:
        pytest.skip("only root can give a file to another user")
    _, compiled = _rendered(solution, monkeypatch)
    folder = _folder()
    change(folder, _plant(compiled[0]), argument)
    texts, again = _rendered(solution, monkeypatch)
    assert texts == expected
    assert again[0] == compiled[0]  # compiled anew


CORRUPT = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "noise": lambda data: bytes(range(256)) * 4,
    "no code in it": lambda data: data[: len(bc_magic)] + _checksum_part(data) + marshal.dumps(42),
}


def _checksum_part(data: bytes) -> bytes:
    checksum = pickle.loads(data[len(bc_magic):])  # (pickle stops at its own end)
    return pickle.dumps(checksum, 2)


@pytest.mark.parametrize("case", list(CORRUPT))
def test_a_corrupt_file_is_compiled_again(case, cache, solution, expected, monkeypatch):
    _, compiled = _rendered(solution, monkeypatch)
    for path in _folder().iterdir():
        path.write_bytes(CORRUPT[case](path.read_bytes()))
    texts, again = _rendered(solution, monkeypatch)
    assert texts == expected
    assert sorted(again) == sorted(compiled)
    warm, none = _rendered(solution, monkeypatch)  # written again whole
    assert (warm, none) == (expected, [])


def test_no_cache_writes_nothing(cache, solution, expected, monkeypatch):
    monkeypatch.setenv("SYMBP_NO_CACHE", "1")
    assert bytecode_cache() is None
    texts, compiled = _rendered(solution, monkeypatch)
    assert texts == expected and compiled
    assert not cache.exists() or not any(cache.rglob("*"))


@pytest.mark.parametrize("change", ["sources", "jinja"])
def test_other_sources_or_another_jinja_use_another_folder(change, cache, solution, expected, monkeypatch):
    _, compiled = _rendered(solution, monkeypatch)
    before = _folder()
    if change == "sources":
        monkeypatch.setattr(sympy_cache, "_SOURCE_HASH", ["0" * 64])
    else:
        monkeypatch.setattr(jinja2, "__version__", jinja2.__version__ + ".post1")
    assert _folder() != before and _folder().parent == before.parent
    texts, again = _rendered(solution, monkeypatch)
    assert texts == expected and sorted(again) == sorted(compiled)


def test_no_filter_of_symbp_is_worked_out_when_a_template_compiles():
    """Compiled code is kept across processes: a filter of ours given constants (`"…" | fit`, whose
    width is the terminal's) must run when the template renders, not once when it compiles."""
    from jinja2 import nodes

    from symbp.resources import templates_dir

    env = _environment(None)
    ours = set(env.filters) - set(jinja2.filters.FILTERS)
    assert {"fit", "tex", "rows"} <= ours
    folded = []
    for path in sorted(templates_dir().rglob("*.jinja")):
        name = path.relative_to(templates_dir()).as_posix()
        for node in env.parse(path.read_text(encoding="utf-8"), name).find_all(nodes.Filter):
            if node.name in ours:
                try:
                    folded.append((name, node.lineno, node.as_const(nodes.EvalContext(env, name))))
                except nodes.Impossible:
                    pass
    assert folded == []
