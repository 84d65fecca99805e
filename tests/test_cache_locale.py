"""The disk cache of SymPy's work (sympy_cache.py) must not carry one language's words into another:
a German leaky-ReLU solution printed "z/100 for z <= 0; z otherwise" in its formulas when an English
run had filled the cache first (found by an engineer comparing sheets)."""

from __future__ import annotations

from helpers import REPO, run_symbp


def test_a_warm_cache_keeps_each_locales_words(tmp_path):
    spec = tmp_path / "leaky.toml"
    spec.write_text((REPO / "examples" / "nn231.toml").read_text(encoding="utf-8")
                    .replace('activation = "relu"', 'activation = "leaky_relu"'), encoding="utf-8")
    env = {"SYMBP_CACHE_DIR": str(tmp_path / "cache"), "SYMBP_NO_CACHE": ""}
    english = run_symbp("derive", spec, env=env)
    german = run_symbp("derive", spec, "--locale", "de", env=env)
    assert english.returncode == german.returncode == 0, english.stderr + german.stderr
    rule = next(line for line in german.stdout.splitlines() if line.strip().startswith("LReLU(z) ="))
    assert "sonst" in rule and "otherwise" not in rule and " for " not in rule, rule
    assert any("otherwise" in line for line in english.stdout.splitlines() if line.strip().startswith("LReLU(z) ="))
