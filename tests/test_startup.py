"""Start-up of a small answer key (issue 16: a small network's `derive --format json` within 3× of
the same job written plainly, most of which is imports): a warm run of an exact network imports
neither mpmath (its numbers stay Fractions) nor the chain rule's formula trees (derivation.py,
formula.py: the layer-wise engine computes without them), and writes what a cold run writes; a
number domain makes its mpmath side at the first value that needs it, with the same sizes as before;
a message catalogue is parsed once and then read from the cache folder."""

from __future__ import annotations

import json
import math
import operator
import tomllib
from fractions import Fraction
from pathlib import Path

import mpmath

from helpers import run_python, run_symbp
from symbp.core.numeric import KEPT_DIGITS, Domain

_WARM = ("import sys\nfrom symbp.cli import main\nsys.argv = ['symbp', 'derive', '--example', 'nn231', '--format', 'json']\n"
         "try:\n    main()\nfinally:\n    print(sorted(m for m in ('sympy', 'mpmath', 'symbp.derivation', 'symbp.formula')"
         " if m in sys.modules), file=sys.stderr)")


def test_a_warm_exact_answer_key_imports_neither_mpmath_nor_the_formula_trees(tmp_path):
    cold = run_symbp("derive", "--example", "nn231", "--format", "json", env={"SYMBP_CACHE_DIR": str(tmp_path)})
    warm = run_python(_WARM, env={"SYMBP_CACHE_DIR": str(tmp_path)})
    assert cold.returncode == warm.returncode == 0, warm.stderr[-2000:]
    assert warm.stdout == cold.stdout and '"dL/dw_10^1"' in warm.stdout
    assert warm.stderr.strip().splitlines()[-1] == "[]"


def test_a_domain_makes_its_mpmath_side_when_a_value_first_needs_it():
    domain = Domain()
    assert domain.add(Fraction(1, 3), Fraction(1, 6)) == Fraction(1, 2)
    assert domain.mul(Fraction(2, 3), Fraction(3, 4)) == Fraction(1, 2)
    assert domain.relation(operator.lt)(Fraction(1, 3), Fraction(1, 2)) and domain.largest(Fraction(-1), Fraction(0)) == 0
    assert "context" not in vars(domain)  # exact so far: nothing made
    e = domain.exp(Fraction(1))
    assert "context" in vars(domain)
    with mpmath.workdps(60):
        assert abs(e - mpmath.e) < mpmath.mpf(10) ** -49
    assert domain.add(e, Fraction(1, 2)) > Fraction(3)  # its numbers meet Fractions


def test_the_cancellation_sizes_are_those_of_the_digits():
    """2^−(prec − 16) for a plain domain, 2^(⌈KEPT_DIGITS·log2 10⌉ − prec) for a watched one, prec the
    bits of 50 digits (mpmath: round((50 + 1)·log2 10) = 169)."""
    prec = round(51 * math.log2(10))
    plain, watched = Domain(), Domain(watched=True)
    assert (plain.context.prec, watched.context.prec) == (prec, prec) == (169, 169)
    assert plain._kept_exponent == 16 - prec and plain.cancellation == mpmath.ldexp(1, 16 - prec)
    assert watched._kept_exponent == math.ceil(KEPT_DIGITS * math.log2(10)) - prec == -36
    assert watched._kept == mpmath.ldexp(1, -36)
    assert Domain(rational_only=True)._mpf is None


def test_a_message_catalogue_is_read_from_the_cache_while_its_file_is_unchanged(tmp_path, monkeypatch):
    """The parsed catalogue (tomllib: 4 ms of every run) is kept in the cache folder under the
    file's path, size and modification time: read back while the file is unchanged, parsed again
    once it changed, and parsed again where the cached copy is malformed."""
    from symbp import i18n

    folder = tmp_path / "i18n"
    folder.mkdir()
    source = folder / "en.toml"
    source.write_bytes((Path(i18n.catalogue_dir()) / "en.toml").read_bytes())
    monkeypatch.setattr(i18n, "catalogue_dir", lambda: folder)
    monkeypatch.setenv("SYMBP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMBP_NO_CACHE", raising=False)

    def read_afresh():
        i18n._builtin.cache_clear()
        return i18n._builtin("en").messages["progress.wrote"]

    try:
        original = read_afresh()
        assert original == tomllib.loads(source.read_text(encoding="utf-8"))["progress"]["wrote"]
        (cached,) = (tmp_path / "cache" / "kept").glob("catalogue-en-*.json")
        data = json.loads(cached.read_text(encoding="utf-8"))
        data["entries"]["kept"]["data"][1]["progress.wrote"] = "kept {files}"
        cached.write_text(json.dumps(data), encoding="utf-8")
        assert read_afresh() == "kept {files}"  # read from the cache, not parsed
        source.write_text(source.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
        assert read_afresh() == original  # the file changed: parsed again
        for spoilt in ([{"name": "x"}, {}], [1, 2], "text", [{"name": 1, "decimal_mark": ".", "list_separator": ","}, {}]):
            for path in (tmp_path / "cache" / "kept").glob("catalogue-en-*.json"):
                data = json.loads(path.read_text(encoding="utf-8"))
                data["entries"]["kept"]["data"] = spoilt
                path.write_text(json.dumps(data), encoding="utf-8")
            assert read_afresh() == original, spoilt
    finally:
        i18n._builtin.cache_clear()


def test_the_variants_defaults_are_valid_for_every_loss_and_output_activation():
    """A spec without a [variants] table is not checked by variants_table.py at reading (its import
    is saved): that is right only while the defaults pass the check for every loss and output."""
    from types import SimpleNamespace

    from symbp.core.operations import activations
    from symbp.losses import LOSSES
    from symbp.optimizer_settings import Training
    from symbp.variants_table import settings_from_spec

    for loss in LOSSES:
        for name in activations():
            spec = SimpleNamespace(variants={}, loss=loss, layers=[SimpleNamespace(activation=name)], training=Training(),
                                   widths=(1, 1), batch=False)
            settings = settings_from_spec(spec)
            assert settings.targets.low <= settings.targets.high or settings.targets.one_hot, (loss, name)
