"""Files shipped with symbp: templates and built-in examples.

In an installed wheel they live inside the package (symbp/templates, symbp/examples); in a source
checkout (editable install) they are the top-level templates/ and examples/ folders.
"""

from __future__ import annotations

from pathlib import Path

from .errors import SpecError, did_you_mean

_PACKAGE = Path(__file__).resolve().parent


def _shipped(folder: str) -> Path:
    inside = _PACKAGE / folder
    return inside if inside.is_dir() else _PACKAGE.parent / folder


def templates_dir() -> Path:
    return _shipped("templates")


def examples_dir() -> Path:
    return _shipped("examples")


def list_examples() -> list[str]:
    """Names of the built-in example specs (answer files excluded)."""
    return sorted(p.stem for p in examples_dir().glob("*.toml") if not p.stem.endswith("-answers"))


def example_path(name: str) -> Path:
    path = examples_dir() / f"{name}.toml"
    if name not in list_examples():
        from .option_words import option

        raise SpecError(option("example"), f"unknown example {name!r}{did_you_mean(name, list_examples())}; "
                                     f"expected one of: {', '.join(list_examples())}")
    return path
