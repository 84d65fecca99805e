"""Names back to identities: the reading half of the scheme identity.py prints (its docstring says
the scheme).

In:  a text (an answer file's name, a spec's, a graph's label; spaces ignored, `⟨2⟩` or `<2>` read
     as `@2`, non-canonical indices `w_{1,0}^1` accepted).
Out: the `Identity` it names (`parse`; generic names such as `w_jk^l+1` only when asked), its
     canonical spelling (`canonical`), or None when it is no name of the scheme.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .identity import (BIAS, DELTA_NAME, DERIVATIVES, GRADIENT, HYPERPARAMETERS, INDEX_LETTERS, INDEXED, LAYER_SYMBOLS,
                       LEARNING_RATE, LOCAL, LOSS, NODE, PENALTY, PRE_ACTIVATION, REGULARIZED, STATE_ALIASES, STATES,
                       SYMBOL_ALIASES, TARGET, WEIGHT, Identity, carries_sample, gradient, local, name, state, suffix,
                       value)

_NUMBER = r"(?:0|[1-9]\d{0,5})"  # no leading zeros, at most 6 digits
_COUNT = r"[1-9]\d{0,5}"  # samples and steps count from 1
_IDX = rf"(?P<idx>\d{{1,2}}|\{{{_NUMBER}(?:,{_NUMBER})*\}})"
_SUFFIX = rf"(?:\[(?P<sample>{_COUNT})\])?(?:@(?P<step>{_COUNT}))?"
_NETWORK = re.compile(rf"^(?P<kind>z|a|w|b|delta)_{_IDX}\^(?P<layer>{_NUMBER}){_SUFFIX}$")
_TARGET = re.compile(rf"^y_{_IDX}{_SUFFIX}$")
# generic names (read only when asked): run-together indices may be letters, layers symbols
_GENERIC_IDX = rf"(?P<idx>[{INDEX_LETTERS}\d]{{1,2}})"
_LAYER = "|".join(re.escape(s) for s in LAYER_SYMBOLS)
_GENERIC_NETWORK = re.compile(rf"^(?P<kind>z|a|w|b|delta)_{_GENERIC_IDX}\^(?P<layer>{_NUMBER}|{_LAYER}){_SUFFIX}$")
_GENERIC_TARGET = re.compile(rf"^y_{_GENERIC_IDX}{_SUFFIX}$")
_PLAIN = re.compile(rf"^(?P<kind>L|J|R|alpha|{'|'.join(HYPERPARAMETERS)}){_SUFFIX}$")
_STATE = re.compile(rf"^(?P<state>{'|'.join(STATES)})_(?P<parameter>[wb]_.*?\^{_NUMBER})(?P<suffix>(?:@{_COUNT})?)$")
_LABEL = re.compile(rf"^(?P<label>[A-Za-z][A-Za-z0-9_]*(?:\.[0-9]+)?){_SUFFIX}$")


def _number(text: str | None) -> int | None:
    return int(text) if text else None


def _index_tuple(raw: str, arity: int) -> tuple[int | str, ...] | None:
    if raw.startswith("{"):
        idx = tuple(int(p) for p in raw.strip("{}").split(","))
    else:  # run together: one digit (or, in a generic name, letter) per index
        idx = tuple(int(ch) if ch.isdigit() else ch for ch in raw)
    return idx if len(idx) == arity else None


def _sample_step(match) -> tuple[int | None, int] | None:
    sample, step = _number(match.group("sample")), _number(match.group("step"))
    if sample == 0 or step == 0:  # samples and steps count from 1 (step 1 is written without @1)
        return None
    return sample, step or 1


def _state(text: str) -> Identity | None:
    for alias, kind in STATE_ALIASES.items():
        if text.startswith(alias + "_"):
            text = kind + text[len(alias):]
    match = _STATE.match(text)
    parameter = _atom(match.group("parameter")) if match else None
    if parameter is None:
        return None
    step = _number(match.group("suffix")[1:]) or 1
    return state(match.group("state"), parameter, step)


def _atom(text: str, generic: bool = False) -> Identity | None:
    """A value's name (not a derivative), or None."""
    if text.split("_", 1)[0] in STATES or text.split("_", 1)[0] in STATE_ALIASES:
        found = _state(text)
        if found is not None:
            return found
    patterns = (_GENERIC_NETWORK, _GENERIC_TARGET) if generic else ()
    for pattern in patterns + (_NETWORK, _TARGET, _PLAIN, _LABEL):
        match = pattern.match(text)
        if match is None:
            continue
        where = _sample_step(match)
        if where is None:
            return None
        sample, step = where
        groups = match.groupdict()
        if pattern is _PLAIN:
            if groups["kind"] == LEARNING_RATE or groups["kind"] in HYPERPARAMETERS:
                return Identity(groups["kind"]) if not sample and step == 1 else None
            if groups["kind"] in (PENALTY, REGULARIZED):
                return Identity(groups["kind"], step=step) if not sample else None
            return value(LOSS, step=step, sample=sample)
        if pattern is _LABEL:
            return Identity(NODE, step=step, sample=sample, label=groups["label"])
        kind = groups.get("kind") or TARGET
        idx = _index_tuple(groups["idx"], INDEXED.get(kind, 1))
        layer = groups.get("layer")
        layer = int(layer) if layer and layer.isdigit() else layer
        if idx is None or (kind == TARGET and step != 1) or (kind in (WEIGHT, BIAS) and sample):
            return None
        if kind == DELTA_NAME:
            return gradient(value(LOSS, step=step, sample=sample), value(PRE_ACTIVATION, layer, idx, step, sample))
        return value(kind, layer, idx, step, sample)  # (the one object of each value)
    return None


_TRAILING_SUFFIX = re.compile(rf"^(?P<bare>.*?)(?P<suffix>(?:\[{_COUNT}\])?(?:@{_COUNT})?)$")


def _derivative(text: str, kind: str, generic: bool = False) -> Identity | None:
    """d<of>/d<wrt>: the suffix at the end is shared, unless <of> carries its own."""
    if not text.startswith("d") or "/d" not in text:
        return None
    left, right = text[1:].split("/d", 1)
    of = _atom(left, generic)
    if of is None or of.kind in DERIVATIVES:
        return None
    if suffix(of.sample, of.step):
        wrt = _atom(right, generic)
    else:
        parts = _TRAILING_SUFFIX.match(right)
        wrt, where = _atom(parts.group("bare"), generic), _atom("L" + parts.group("suffix"))
        if wrt is None or where is None or suffix(wrt.sample, wrt.step):
            return None
        if where.sample and not carries_sample(of):
            return None
        of = replace(of, step=where.step, sample=where.sample)
        wrt = replace(wrt, step=where.step, sample=where.sample if carries_sample(wrt) else None)
    if wrt is None or wrt.kind in DERIVATIVES:
        return None
    result = (gradient if kind == GRADIENT else local)(of, wrt)
    try:
        name(result)
    except ValueError:
        return None
    return result


MAX_NAME = 80  # characters: longer text is no name
_STEP_MARK = re.compile(rf"[⟨<]({_COUNT})[⟩>]")  # a step typed as the pages mark it, ⟨2⟩ or <2>: @2
_SYMBOL = re.compile("|".join(SYMBOL_ALIASES))  # a symbol the pages print (δ, ∂, α), typed as printed
# indices and layers typed as the pages set them: δ₀², δ_0^{2}, δ^2_0 (all delta_0^2)
_SCRIPTS = ((re.compile("[₀-₉]+"), "_", str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")),
            (re.compile("[⁰¹²³⁴-⁹]+"), "^", str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")))
_BRACED_LAYER = re.compile(r"\^\{(\d+)\}")
_LAYER_FIRST = re.compile(r"([A-Za-z]+)\^(\d+)_(\{[\d,]+\}|\d{1,2})")
_BRACED_PAIR = re.compile(r"((?:^|[/_:{])d?)w_\{(\d)(\d)\}")  # a weight's two indices in braces, w_{00}: w_00
# a sample and a step set inside the superscript as the key's summary prints them, z_0^{1 (3)⟨2⟩}, L^{⟨2⟩}:
# at the end, z_0^1[3]@2; a sample's loss L_{3}, L[3]
_BRACED_SUFFIX = re.compile(rf"\^\{{(\d*)(?:\(({_COUNT})\))?(?:@({_COUNT}))?\}}")
_SAMPLE_LOSS = re.compile(rf"^L_\{{({_COUNT})\}}(?=@|$)")  # (L_2 unbraced is a graph's label)
_SAMPLE_GRADIENT = re.compile(rf"^dL_\{{({_COUNT})\}}/d([^@\[]*)((?:@{_COUNT})?)$")  # ∂L_{1}/∂w_00^2: dL/dw_00^2[1]
# a name typed in LaTeX as the .tex and Markdown pages write it: \delta^{2}_{0}, \frac{\partial L}{\partial
# w^{2}_{00}}, \hat{m}^{\langle 2\rangle}_{w^{1}_{00}} (δ^{2}_{0}, ∂L/∂w^{2}_{00}, m̂^{⟨2⟩}_{w^{1}_{00}})
_TEX_SYMBOLS = {"partial": "∂", "delta": "δ", "alpha": "α", "beta": "β", "rho": "ρ", "varepsilon": "ε",
                "epsilon": "ε", "lambda": "λ", "langle": "⟨", "rangle": "⟩"}
_TEX_SYMBOL = re.compile(rf"\\({'|'.join(_TEX_SYMBOLS)})(?![A-Za-z])\s*")
_TEX_HAT = re.compile(r"\\hat\s*(?:\{\s*([mv])\s*\}|([mv])(?![A-Za-z]))")  # \hat{m}, \hat m: m̂
_BRACES = r"(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*"  # text with braces two deep
_TEX_FRACTION = re.compile(rf"^\\frac\s*\{{({_BRACES})\}}\s*\{{({_BRACES})\}}$")  # the whole name: A/B
_TEX_SPACING = re.compile(r"\\[,;:!]")
# a state's parameter in braces as the pages set it, m_{w^{2}_{00}} (after the layer moved: m_{w_00^2})
_STATES_TYPED = "|".join(sorted(STATES + tuple(STATE_ALIASES), key=len, reverse=True))
_BRACED_STATE = re.compile(rf"^({_STATES_TYPED})_\{{([wb]_(?:[^{{}}]|\{{[^{{}}]*\}})*)\}}")


def _from_tex(text: str) -> str:
    """A name typed in LaTeX in the pages' symbols: the commands the pages print, a fraction of
    two names as a slash between them, thin spaces dropped."""
    text = _TEX_SPACING.sub("", text)
    text = _TEX_HAT.sub(lambda match: (match.group(1) or match.group(2)) + "\u0302", text)
    text = _TEX_SYMBOL.sub(lambda match: _TEX_SYMBOLS[match.group(1)], text)
    return _TEX_FRACTION.sub(r"\1/\2", text.strip())


def _as_typed(text: str) -> str:
    """A name with the pages' symbols, sub- and superscript digits, a braced layer and the layer
    written before the indices read in the scheme's spelling."""
    text = _SYMBOL.sub(lambda match: SYMBOL_ALIASES[match.group()], text)
    for pattern, mark, digits in _SCRIPTS:
        text = pattern.sub(lambda match: mark + match.group().translate(digits), text)
    text = _LAYER_FIRST.sub(r"\1_\3^\2", _BRACED_LAYER.sub(r"^\1", text))
    return _BRACED_STATE.sub(r"\1_\2", _BRACED_PAIR.sub(r"\1w_\2\3", text))


@lru_cache(maxsize=1 << 16)
def parse(text: str, generic: bool = False) -> Identity | None:
    """The identity a name stands for, or None when it is not a name of the scheme.  Spaces are
    ignored; non-canonical spellings (`w_{1,0}^1`, a step as `w_00^1⟨2⟩` or `w_00^1<2>`) are accepted;
    generic names (`w_jk^l+1`) only when `generic`; the symbols the pages print as the names they
    stand for (`δ_0^2`, `∂L/∂w_00^2`, `α`; `δ₀²`, `δ_0^{2}`, `δ^2_0`), a sample and a step in the
    superscript as the key's summary sets them (`z_0^{1⟨2⟩}`, `w^{1⟨2⟩}_{00}`, `a^{1 (3)⟨2⟩}_0`, `L^{⟨2⟩}`,
    `L_{2}^{⟨2⟩}`: z_0^1@2, w_00^1@2, a_0^1[3]@2, L@2, L[2]@2)."""
    if "\\" in text:
        text = _from_tex(text)
    text = _STEP_MARK.sub(r"@\1", text.strip().replace(" ", ""))
    braced = next((m for m in _BRACED_SUFFIX.finditer(text) if m.group(2) or m.group(3)), None)
    if braced is not None:
        layer, sample, step = braced.groups()
        rest = text[:braced.start()] + ("^" + layer if layer else "") + text[braced.end():]
        at = rest.rfind("@") if not step else -1  # a step typed after it (a^{1 (3)}_0@2)
        if not (sample and "[" in rest) and "@" not in (rest if at < 0 else rest[:at]):  # (two: no name)
            head, tail = (rest, "") if at < 0 else (rest[:at], rest[at:])
            text = f"{head}{f'[{sample}]' if sample else ''}{f'@{step}' if step else tail}"
    text = _as_typed(text)
    text = _SAMPLE_GRADIENT.sub(r"dL/d\2[\1]\3", _SAMPLE_LOSS.sub(r"L[\1]", text))
    if len(text) > MAX_NAME:
        return None
    if text.startswith("local:"):
        return _derivative(text[len("local:"):], LOCAL, generic) if "/" in text else None
    if text.startswith("d") and "/" in text:
        return _derivative(text, GRADIENT, generic)
    return _atom(text, generic)


def canonical(text: str) -> str | None:
    """The canonical spelling of a name, or None."""
    return name(identity) if (identity := parse(text)) is not None else None
