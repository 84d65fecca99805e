"""A TeX command line -> the same command confined by bubblewrap (`bwrap`), when it can run here.

pdfTeX's `\\pdfobj file {…}` ignores `openin_any`, and a course's template controls the whole
document, so the fence is what TeX sees: /usr, the linker's files, the TeX trees kpathsea searches
(TEXINPUTS's course folders among them) read-only, its own folder read-write, an empty /tmp, no
/proc, no network, only TeX's environment variables.  A folder that is / or holds the home folder or
the working folder (TEXINPUTS=~//, TEXMFROOT = $SELFAUTOPARENT = /) is never shown.  Without a
working bwrap (probed once per process) the command is returned unchanged: `available()` is False.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

# The options of every confined run (and of the probe): no namespace shared, no capability.
ISOLATION = ["--unshare-all", "--die-with-parent", "--cap-drop", "ALL", "--dev", "/dev"]  # no /proc: nothing TeX needs
# (No --new-session: _run_tex already starts bwrap in a new session, without a terminal, and its
# process group must stay the sandbox's, so that `_kill` reaches pdflatex inside too.)
SYSTEM = ("/usr",)
LINKER_ROOTS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")  # folders, or links into /usr
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/localtime")
# kpathsea's variables whose folders pdflatex reads (a course's assets on TEXINPUTS among them).
TEX_PATHS = ("TEXMFROOT", "TEXMF", "TEXMFCNF", "TEXMFDBS", "TEXINPUTS", "TEXFORMATS", "TEXPOOL", "TFMFONTS",
             "VFFONTS", "T1FONTS", "ENCFONTS", "TEXFONTMAPS", "TEXPSHEADERS", "OPENTYPEFONTS", "TTFONTS", "PKFONTS")
# The environment a confined pdflatex keeps: these names (kpathsea's own among them), LC_*.  Named one
# by one: a rule such as "contains TEX" kept OTEL_EXPORTER_OTLP_HEADERS or VERTEX_API_KEY too.
KEPT_NAMES = {"PATH", "HOME", "LANG", "LANGUAGE", "TZ", "SOURCE_DATE_EPOCH", "FORCE_SOURCE_DATE",
              "openin_any", "openout_any", *TEX_PATHS, "TEXMFHOME", "TEXMFVAR", "TEXMFCONFIG", "TEXMFLOCAL",
              "TEXMFSYSVAR", "TEXMFSYSCONFIG", "TEXMFDIST", "TEXMFMAIN", "TEXMFCACHE", "TEXMFDOTDIR",
              "TEXMFOUTPUT", "TEXFONTS", "TEXPICTS", "BIBINPUTS", "BSTINPUTS", "KPATHSEA_DEBUG", "KPATHSEA_DPI",
              "KPATHSEA_WARNING"}
PROBE_SECONDS = 10


def _kept(name: str) -> bool:
    return name in KEPT_NAMES or name.startswith("LC_")


@functools.lru_cache(maxsize=None)
def _runs(bwrap: str) -> bool:
    """Whether `bwrap` can make a sandbox with ISOLATION here (once per process and binary)."""
    try:
        return subprocess.run([bwrap, *ISOLATION, "--ro-bind", "/", "/", "true"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=PROBE_SECONDS).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _bwrap() -> str | None:
    bwrap = shutil.which("bwrap")
    return bwrap if bwrap and _runs(bwrap) else None


def available() -> bool:
    """True when pdflatex runs confined here (bwrap on PATH, and it works)."""
    return _bwrap() is not None


def anchored(search_path: str) -> str:
    """A TeX search path (TEXINPUTS) with its relative folders made absolute from symbp's own working
    folder: pdflatex runs in a temporary one, where `assets//` would name nothing.  "." (the document's
    folder), empty entries (TeX's default path) and entries kpathsea expands ($VAR, ~, {a,b}, !!) stay."""
    def entry(folder: str) -> str:
        if folder in ("", ".") or folder.startswith(("/", "!", "$", "~", "{")):
            return folder
        stem = folder.rstrip("/")
        return os.path.abspath(stem) + folder[len(stem):] if stem else folder
    return os.pathsep.join(entry(folder) for folder in search_path.split(os.pathsep))


def _outermost(folders) -> list[str]:
    """The existing folders among `folders`, without those inside another one, sorted."""
    existing = [os.path.normpath(f) for f in folders if os.path.isabs(f) and os.path.isdir(f)]
    kept: list[str] = []
    for folder in sorted({*existing, *map(os.path.realpath, existing)}):  # a link, and where it leads
        if not kept or os.path.commonpath([kept[-1], folder]) != kept[-1]:
            kept.append(folder)
    return kept


@functools.lru_cache(maxsize=8)
def _tex_folders(kpsewhich: str, tex_env: tuple) -> tuple[str, ...]:
    """The folders of TEX_PATHS as kpsewhich expands them for pdflatex in environment `tex_env`."""
    query = ":".join(f"${name}" for name in TEX_PATHS)
    try:
        expanded = subprocess.run([kpsewhich, "-engine=pdftex", "-progname=pdflatex", "-expand-braces", query],
                                  env=dict(tex_env), stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  timeout=PROBE_SECONDS).stdout.strip()
    except (OSError, subprocess.SubprocessError):  # then TeX sees /usr and its binary's folders: a TeX
        return ()  # installed elsewhere stops with "file not found", it is not run unconfined
    # "!!/usr/share/texmf/tex//" -> "/usr/share/texmf/tex": !! (only the ls-R database) and //
    # (with subfolders) change how kpathsea searches a folder, not which folder
    return tuple(dict.fromkeys(entry.lstrip("!").rstrip("/") or "/" for entry in expanded.split(os.pathsep) if entry))


def _holds_any(folder: str, inner: tuple) -> bool:
    """Whether `folder` is one of `inner` or holds one of them."""
    return any(os.path.commonpath([folder, path]) == folder for path in inner)


def binds(tex_binary: str, work_dir: Path, env: dict) -> list[str]:
    """bwrap's options that show pdflatex the files it needs and nothing else."""
    options = ["--tmpfs", "/tmp"]  # first: a course's folder on TEXINPUTS may lie in /tmp
    for root in LINKER_ROOTS:
        if os.path.islink(root):
            options += ["--symlink", os.readlink(root), root]
        elif os.path.isdir(root):
            options += ["--ro-bind", root, root]
    for path in SYSTEM_FILES:
        options += ["--ro-bind-try", path, path]
    kpsewhich = shutil.which("kpsewhich", path=os.path.dirname(tex_binary)) or shutil.which("kpsewhich")
    tex = _tex_folders(kpsewhich, tuple(sorted(env.items()))) if kpsewhich else ()
    programs = (os.path.dirname(tex_binary), os.path.dirname(os.path.realpath(tex_binary)))
    work = os.path.realpath(work_dir)
    hidden = (os.path.realpath(os.path.expanduser("~")), work)  # nor any folder holding them: / , ~ , /tmp …
    shown = [f for f in (*SYSTEM, *tex, *programs) if os.path.isabs(f) and not _holds_any(os.path.realpath(f), hidden)]
    for folder in _outermost(shown):
        options += ["--ro-bind", folder, folder]
    return [*options, "--bind", work, work, "--chdir", work]


def confined(command: list[str], work_dir: Path, env: dict) -> tuple[list[str], dict]:
    """(command, env) that run `command` in `work_dir` inside the sandbox; as given without one."""
    bwrap = _bwrap()
    if bwrap is None:
        return command, env
    tex_env = {name: value for name, value in env.items() if _kept(name)}
    return [bwrap, *ISOLATION, *binds(command[0], work_dir, tex_env), "--", *command], tex_env
