"""The vector and matrix blocks of a worked solution's text, read as a student reads them.

    z^l = W^l·a^(l−1) + b^l, with / W^l = rows / a^(l−1) / b^l / z^l / a^l = f(z^l)
    δ^l = ((W^(l+1))^T δ^(l+1)) ⊙ f'(z^l) with its rows, the sums, f' and δ
    ∂L/∂W^l = δ^l·(a^(l−1))^T = [δ]·[a] ≈ [∂L/∂W] side by side;  ∂L/∂b^l = δ^l ≈ (…)
    W^l@t = W^l − α·∂L/∂W^l = [W] − α·[∂L/∂W] ≈ [W@t] side by side;  b^l@t = … likewise
    the table of losses and parameters, and the sentence on the fall of the cost

Each reader takes the `linecheck.Reader`, the lines and the index after the block's first line,
checks every entry against the printed numbers it follows from, and returns the next index.
"""

from __future__ import annotations

import re
from fractions import Fraction

from linecheck_numbers import _split, _strip_note, apply, exact, number, row, side_by_side, times, unit, vector

def _rows(lines: list[str], i: int) -> tuple[list[list[str]], int, str | None]:
    """Matrix rows from line i on: (rows, next line index, text after the first row)."""
    rows, first_tail = [], None
    while i < len(lines) and lines[i].strip().startswith("["):
        text = lines[i].strip()
        end = text.index("]") + 1
        rows.append(row(text[:end]))
        if first_tail is None:
            first_tail = text[end:].strip()
        i += 1
    while i < len(lines) and lines[i].strip().startswith("(exact:"):
        i += 1
    return rows, i, first_tail


def _values(reader: Reader, names: list[str], texts: list[str], what: str) -> None:
    """Printed vector entries that must be the numbers printed for these quantities."""
    if len(names) != len(texts):
        reader.fail(f"{what}: {len(texts)} entries for {len(names)} quantities")
        return
    for name, text in zip(names, texts):
        expected = reader.value_of(name, (number(text), text))
        if expected is not None and expected != number(text):
            reader.fail(f"{what}: {name} is written {text}, but was printed as {reader.printed[name][1]}")


def _named(reader: Reader, printed: str, expected: str, what: str) -> None:
    """A vector's or matrix's name as printed must be the one its entries' quantities have (z^1@2, W^1@2, a^0[2])."""
    if printed != expected:
        reader.fail(f"{what}: named {printed}, but its entries are those of {expected}")


def _forward_block(reader: Reader, lines, i, header) -> int:
    m = re.match(r"^z\^(\d+)(\S*) = W\^(\d+)(\S*)·a\^(\d+)(\S*)(?: \+ b\^(\d+)(\S*))?, ", header)
    l = int(m.group(1))
    has_bias = m.group(7) is not None
    step = reader.step
    tag, w_tag, prev_tag = reader.tag(step), reader.tag(step, None), reader.tag(1 if l == 1 else step)
    for printed, expected in ((m.group(0), f"z^{l}{tag} = W^{l}{w_tag}·a^{l - 1}{prev_tag}"
                               + (f" + b^{l}{w_tag}" if has_bias else "") + ", "),
                              (lines[i].strip(), f"W^{l}{w_tag} =")):
        _named(reader, printed, expected, f"layer {l}")
    weights, i, _ = _rows(lines, i + 1)
    width_out, width_in = len(weights), len(weights[0])
    _values(reader, [f"w_{reader.idx(j, k)}^{l}" + reader.tag(step, None) for j in range(width_out) for k in range(width_in)],
            [t for r in weights for t in r], f"W^{l}")
    a_line = lines[i].strip()
    i += 1
    _named(reader, a_line.split(" = ", 1)[0], f"a^{l - 1}{prev_tag}", f"layer {l}")
    a_prev = vector(a_line.split(" = ", 1)[1])
    _values(reader, [f"a_{k}^{l - 1}" + prev_tag for k in range(width_in)], a_prev, f"a^{l - 1}")
    biases = [Fraction(0)] * width_out
    if has_bias:
        b_line = lines[i].strip()
        i += 1
        _named(reader, b_line.split(" = ", 1)[0], f"b^{l}{w_tag}", f"layer {l}")
        b_texts = vector(b_line.split(" = ", 1)[1])
        _values(reader, [f"b_{j}^{l}" + reader.tag(step, None) for j in range(width_out)], b_texts, f"b^{l}")
        biases = [number(t) for t in b_texts]
    z_line = _strip_note(lines[i].strip())
    i += 1
    _named(reader, z_line.split(" ", 1)[0], f"z^{l}{tag}", f"layer {l}")
    parts, signs = _split(z_line)
    z_texts = vector(parts[-1])
    reader.check_all(f"z^{l}", [(exact(sum((number(w) * number(a) for w, a in zip(weights[j], a_prev)), Fraction(0))
                                        + biases[j]), z_text) for j, z_text in enumerate(z_texts)], signs[-1])
    for j, z_text in enumerate(z_texts):
        reader.record(f"z_{j}^{l}" + reader.tag(step), (number(z_text), z_text))
    if lines[i].strip().startswith("e^("):  # softmax: e^z, their sum, a = e^z / Σ
        return _softmax_block(reader, lines, i, l, z_texts, step)
    a_line = _strip_note(lines[i].strip())
    i += 1
    parts, signs = _split(a_line)
    function = re.match(r"(\S+)\(z\^", parts[1]).group(1)
    _named(reader, f"{parts[0]} = {parts[1]}", f"a^{l}{tag} = {function}(z^{l}{tag})", f"layer {l}")
    a_texts = vector(parts[-1])
    zs = [exact(number(t)) for t in z_texts]
    reader.check_all(f"a^{l}", [(apply(function, zs, j, reader.slope) if function == "softmax"
                                 else apply(function, [zs[j]], None, reader.slope), a_text)
                                for j, a_text in enumerate(a_texts)], signs[-1])
    for j, a_text in enumerate(a_texts):
        reader.record(f"a_{j}^{l}" + reader.tag(step), (number(a_text), a_text))
    return i


def _softmax_block(reader: Reader, lines, i, l: int, z_texts, step) -> int:
    """e^(z^l) REL (e_j) / Σ_i e^(z_i^l) = e_0 + e_1 + … REL S / a^l = e^(z^l)/Σ… REL (a_j):
    each e_j from the printed z_j, S from the printed e_j, a_j from the printed e_j and S."""
    parts, signs = _split(lines[i].strip())
    _named(reader, parts[0], f"e^(z^{l}{reader.tag(step)})", f"layer {l}")
    e_texts = vector(parts[-1])
    reader.check_all(f"exp(z^{l})", [(apply("exp", [exact(number(z))], None, None), e) for z, e in zip(z_texts, e_texts)],
                     signs[-1])
    for j, e in enumerate(e_texts):
        reader.exps[f"z_{j}^{l}" + reader.tag(step)] = number(e)
    parts, signs = _split(lines[i + 1].strip())
    if [number(t) for t in parts[1].split(" + ")] != [number(e) for e in e_texts]:
        reader.fail(f"the sum of exp(z^{l}) adds {parts[1]}, not the printed {e_texts}")
    reader.check(parts[0], exact(sum((number(e) for e in e_texts), Fraction(0))), parts[-1], signs[-1])
    total = number(parts[-1])
    parts, signs = _split(_strip_note(lines[i + 2].strip()))
    _named(reader, parts[0], f"a^{l}{reader.tag(step)}", f"layer {l}")
    a_texts = vector(parts[-1])
    reader.check_all(f"a^{l}", [(exact(number(e) / total), a) for e, a in zip(e_texts, a_texts)], signs[-1])
    for j, a_text in enumerate(a_texts):
        reader.record(f"a_{j}^{l}" + reader.tag(step), (number(a_text), a_text))
    i += 3
    while i < len(lines) and lines[i].strip().startswith("(exact:"):
        i += 1
    return i


def _backprop_block(reader: Reader, lines, i, header) -> int:
    m = re.match(r"^δ\^(\d+)(\S*) = \(\(W\^(\d+)(\S*)\)\^T δ\^(\d+)(\S*)\) ⊙ f'\(z\^(\d+)(\S*)\)$", header)
    l, tag = int(m.group(1)), m.group(2)
    _named(reader, header, f"δ^{l}{reader.tag()} = ((W^{l + 1}{reader.tag(None, None)})^T δ^{l + 1}{reader.tag()}) ⊙ "
                           f"f'(z^{l}{reader.tag()})", f"δ^{l}")
    transposed, i, first_tail = _rows(lines, i)
    delta_next = vector(first_tail.lstrip("· ").strip())
    _values(reader, [f"δ_{j}^{l + 1}{tag}" for j in range(len(delta_next))], delta_next, f"δ^{l + 1}")
    step_tag = "@" + tag.split("@")[1] if "@" in tag else ""
    _values(reader, [f"w_{reader.idx(j, k)}^{l + 1}{step_tag}" for k in range(len(transposed)) for j in range(len(delta_next))],
            [t for r in transposed for t in r], f"(W^{l + 1})^T")
    result = _strip_note(lines[i].strip())
    i += 1
    while i < len(lines) and lines[i].strip().startswith("(exact:"):
        i += 1
    sign_s, rest = result[0], result[2:]
    parts, signs = _split(rest)
    sums_text, derivatives_text = (vector(p) for p in parts[0].split(" ⊙ "))
    deltas_text = vector(parts[1])
    reader.check_all(f"(W^{l + 1})^T δ^{l + 1}{tag}", [
        (exact(sum((number(w) * number(d) for w, d in zip(row_k, delta_next)), Fraction(0))), s_text)
        for row_k, s_text in zip(transposed, sums_text)], sign_s)
    for k, f_text in enumerate(derivatives_text):
        z = f"z_{k}^{l}{tag}"
        if reader.derivative.get(z) != number(f_text):
            reader.fail(f"f'({z}) is written {f_text}, but was printed as {reader.derivative.get(z)}")
    reader.check_all(f"δ^{l}{tag}", [(times(exact(number(s_text)), exact(number(f_text))), d_text)
                                     for s_text, f_text, d_text in zip(sums_text, derivatives_text, deltas_text)], signs[0])
    for k, d_text in enumerate(deltas_text):
        reader.record(f"δ_{k}^{l}{tag}", (number(d_text), d_text))
    return i


def _output_delta_block(reader: Reader, lines, i, header) -> int:
    """δ^L = (scale·)(a^L − y) (⊙ f'(z^L)) = (scale·)((a) − (y)) (⊙ (f')) REL (δ): the output
    layer's δ in vector form, each entry worked out from the printed a, y and f'."""
    line = _strip_note(header)
    m = re.match(r"^δ\^(\d+)(\S*) = ", line)
    l, tag = int(m.group(1)), m.group(2)
    parts, signs = _split(line)
    numbers = parts[2]
    scale = Fraction(1)
    s = re.match(r"^(\d+)/(\d+)·", numbers) or re.match(r"^(\d+)·", numbers)
    if s:
        scale = Fraction(int(s.group(1)), int(s.group(2)) if s.lastindex == 2 else 1)
        numbers = numbers[s.end():]
    difference, _, derivatives = numbers.partition(" ⊙ ")
    inner = difference.strip()[1:-1]  # ((a) − (y))
    a_text, y_text = inner.split(" − ", 1) if ") − (" in inner else (None, None)
    a_texts, y_texts = vector(a_text.strip()), vector(y_text.strip())
    sample_tag = tag.split("@")[0]
    _values(reader, [f"a_{j}^{l}{tag}" for j in range(len(a_texts))], a_texts, f"a^{l}")
    _values(reader, [f"y_{j}{sample_tag}" for j in range(len(y_texts))], y_texts, "y")
    f_texts = vector(derivatives.strip()) if derivatives else None
    if f_texts:
        for j, f_text in enumerate(f_texts):
            z = f"z_{j}^{l}{tag}"
            if reader.derivative.get(z) != number(f_text):
                reader.fail(f"f'({z}) is written {f_text}, but was printed as {reader.derivative.get(z)}")
    entries = []
    for j, d_text in enumerate(vector(parts[-1])):
        value = exact(scale * (number(a_texts[j]) - number(y_texts[j])))
        entries.append((times(value, exact(number(f_texts[j]))) if f_texts else value, d_text))
        reader.record(f"δ_{j}^{l}{tag}", (number(d_text), d_text))
    reader.check_all(f"δ^{l}{tag}", entries, signs[-1])
    while i < len(lines) and lines[i].strip().startswith("(exact:"):
        i += 1
    return i


def _gradient_block(reader: Reader, lines, i, header) -> int:
    """∂L/∂W^l = δ^l·(a^(l−1))^T = [δ]·[a] ≈ [∂L/∂W] side by side: δ and a as printed before, each
    entry δ_j·a_k of the printed factors (without factors, `≈` on the header: of δ and a printed before)."""
    m = re.match(r"^∂L/∂W\^(\d+)(\S*) = δ\^\d+\S*·\(a\^\d+\S*\)\^T (=|≈†?)$", header)
    l, sign = int(m.group(1)), m.group(3)
    groups, between, after = side_by_side(lines, i)
    tag = reader.tag()
    prev_tag = reader.tag(1 if l == 1 else None)
    _named(reader, header.rsplit(" ", 1)[0], f"∂L/∂W^{l}{tag} = δ^{l}{tag}·(a^{l - 1}{prev_tag})^T", f"∂L/∂W^{l}")
    if len(groups) == 3:  # [δ]·[a] ≈ [∂L/∂W]
        (deltas, (inputs,), weights), i = groups, after
        if between[0] != "·" or sign != "=":
            reader.fail(f"∂L/∂W^{l}{tag}: written {header} … {between}")
        sign = between[1]
        _values(reader, [f"δ_{j}^{l}{tag}" for j in range(len(deltas))], [d for d, in deltas], f"δ^{l}{tag}")
        _values(reader, [f"a_{k}^{l - 1}{prev_tag}" for k in range(len(inputs))], inputs, f"a^{l - 1}{prev_tag}")
        factors = [(number(d), [number(a) for a in inputs]) for d, in deltas]
    else:
        weights, i, _ = _rows(lines, i)
        factors = [(reader.value_of(f"δ_{j}^{l}{tag}"), [reader.value_of(f"a_{k}^{l - 1}{prev_tag}") for k in range(len(r))])
                   for j, r in enumerate(weights)]
    entries = []
    for j, r in enumerate(weights):
        delta, inputs = factors[j]
        for k, text in enumerate(r):
            if delta is not None and inputs[k] is not None:
                entries.append((times(exact(delta), exact(inputs[k])), text))
            reader.record(f"∂L/∂w_{reader.idx(j, k)}^{l}{tag}", (number(text), text))
    reader.check_all(f"∂L/∂W^{l}{tag}", entries, sign)
    if i < len(lines) and lines[i].strip().startswith("∂L/∂b^"):
        _named(reader, lines[i].strip().split(" ")[0:3], ["∂L/∂b^" + f"{l}{tag}", "=", f"δ^{l}{tag}"], f"∂L/∂b^{l}")
        def bias_gradient(j):
            delta = reader.value_of(f"δ_{j}^{l}{tag}")
            return None if delta is None else exact(delta)

        _vector_line(reader, lines[i], lambda j: f"∂L/∂b_{j}^{l}{tag}", bias_gradient, f"∂L/∂b^{l}{tag}")
        i += 1
    return i


def _vector_line(reader: Reader, line: str, result, compute, what: str) -> None:
    """`… REL (v_0, v_1, …)`: entry j is the quantity result(j), worked out as compute(j)."""
    parts, signs = _split(_strip_note(line.strip()))
    entries = []
    for j, text in enumerate(vector(parts[-1])):
        got = compute(j)
        if got is not None:
            entries.append((got, text))
        reader.record(result(j), (number(text), text))
    reader.check_all(what, entries, signs[-1])


def _update_block(reader: Reader, lines, i, header) -> int:
    """W^l@t = W^l − α·∂L/∂W^l = [W] − α·[∂L/∂W] ≈ [W@t]: W, α and ∂L/∂W as printed before, each entry
    of the result from the printed numbers of its line."""
    m = re.match(r"^W\^(\d+)@(\d+) = W\^\d+\S* − α·∂L/∂W\^\d+\S* =$", header)
    l, new_step = int(m.group(1)), int(m.group(2))
    old = reader.tag(new_step - 1, None)
    _named(reader, header.rsplit(" ", 1)[0], f"W^{l}@{new_step} = W^{l}{old} − α·∂L/∂W^{l}{old}", f"W^{l}@{new_step}")
    (weights, gradients, results), between, i = side_by_side(lines, i)
    rate = between[0].removeprefix("−").removesuffix("·").strip()
    sign = between[1]
    _values(reader, ["α"], [rate], f"W^{l}@{new_step}")
    alpha = number(rate)
    entries = []
    for j, r in enumerate(results):
        _values(reader, [f"w_{reader.idx(j, k)}^{l}{old}" for k in range(len(r))], weights[j], f"W^{l}{old}")
        _values(reader, [f"∂L/∂w_{reader.idx(j, k)}^{l}{old}" for k in range(len(r))], gradients[j], f"∂L/∂W^{l}{old}")
        for k, text in enumerate(r):
            entries.append((exact(number(weights[j][k]) - alpha * number(gradients[j][k])), text))
            reader.record(f"w_{reader.idx(j, k)}^{l}@{new_step}", (number(text), text))
    reader.check_all(f"W^{l}@{new_step}", entries, sign)
    if i < len(lines) and lines[i].strip().startswith(f"b^{l}@{new_step} = "):
        line = lines[i].strip()
        _named(reader, line.split(" = ")[1], f"b^{l}{old} − α·∂L/∂b^{l}{old}", f"b^{l}@{new_step}")
        numbers = re.match(r"^\S+ = \S+ − α·∂L/∂b\S+ = (\([^)]*\)) − (\S+)·(\([^)]*\)) ", line)
        b_texts, g_texts = vector(numbers.group(1)), vector(numbers.group(3))
        _values(reader, ["α"], [numbers.group(2)], f"b^{l}@{new_step}")
        _values(reader, [f"b_{j}^{l}{old}" for j in range(len(b_texts))], b_texts, f"b^{l}{old}")
        _values(reader, [f"∂L/∂b_{j}^{l}{old}" for j in range(len(g_texts))], g_texts, f"∂L/∂b^{l}{old}")

        def bias(j):
            return exact(number(b_texts[j]) - number(numbers.group(2)) * number(g_texts[j]))

        _vector_line(reader, line, lambda j: f"b_{j}^{l}@{new_step}", bias, f"b^{l}@{new_step}")
        i += 1
    return i


BLOCKS = [  # the first line of a matrix/vector block -> its reader
    (re.compile(r"^z\^\d+\S* = W\^\d+\S*·a\^\d+"), lambda *args: _forward_block(*args)),
    (re.compile(r"^δ\^\d+\S* = \(\(W\^\d+\S*\)\^T"), lambda *args: _backprop_block(*args)),
    (re.compile(r"^δ\^\d+\S* = (?:\d+/n·)?\(?a\^"), lambda *args: _output_delta_block(*args)),
    (re.compile(r"^∂L/∂W\^\d+\S* = δ\^\d+\S*·\(a\^\d+\S*\)\^T"), lambda *args: _gradient_block(*args)),
    (re.compile(r"^W\^\d+@\d+ = W\^\d+\S* − α·∂L/∂W"), lambda *args: _update_block(*args)),
]


def read_table(reader: Reader, lines, i) -> int:
    header = lines[i].split()
    assert header[:2] == ["t", "="], header
    steps = [int(t) for t in header[2:]]
    i += 1
    while i < len(lines) and lines[i].startswith("    ") and lines[i].strip():
        cells = lines[i].split()
        name, texts = cells[0], cells[1:]
        for t, text in zip(steps, texts):
            # a cell is the number printed for that quantity (the first print of later steps' values)
            reader.record(name + (f"@{t}" if t >= 2 else ""), (number(text), text))
        i += 1
    return i


_REGULARIZED = " The regularized cost J = L + R, which the updates minimize, "


def read_regularized_sentence(reader: Reader, text: str) -> None:
    """What became of J = L + R (after the cost's sentence, with regularization): its printed values."""
    m = re.fullmatch(r"(fell|rose) from (≈ )?(\S+) to (≈ )?(\S+)(, by less than their printed digits show)?\.", text)
    if not m:
        reader.fail(f"cannot read the regularized cost's sentence {text!r}")
        return
    before, after = number(m.group(3)), number(m.group(5))
    if reader.value_of("J") != before or reader.value_of(f"J@{reader.steps + 1}") != after:
        reader.fail(f"the regularized cost's sentence does not use the printed values ({m.group(3)}, {m.group(5)})")
    if not m.group(6) and before != after and (before > after) != (m.group(1) == "fell"):
        reader.fail(f"the regularized cost {m.group(1)}, but the printed values differ the other way")


_UNEVEN = re.compile(r" Not at every step: at step (\d+) it was (≈ )?(\S+)\.$")


def read_uneven(reader: Reader, line: str) -> str:
    """The cost's sentence without its last part where the cost did not move one way at every step:
    that part's cost is the one printed for that step, and the printed costs turn there."""
    m = _UNEVEN.search(line)
    if not m:
        return line
    t = int(m.group(1))
    key = "L" if t == 1 else f"L@{t}"
    if reader.value_of(key) != number(m.group(3)):
        reader.fail(f"the cost at step {t} named in the cost's sentence, {m.group(3)}, is not the one printed for {key}")
    costs = [reader.value_of("L" if s == 1 else f"L@{s}") for s in range(1, reader.steps + 2)]
    fell = costs[0] > costs[-1]
    turned = costs[t] >= costs[t - 1] if fell else costs[t] <= costs[t - 1]
    if not turned:
        reader.fail(f"the cost's sentence says the cost turned after step {t}, but the printed costs do not")
    return line[:m.start()]


def read_cost_sentence(reader: Reader, line: str) -> None:
    line, _, regularized = line.partition(_REGULARIZED)
    if regularized:
        read_regularized_sentence(reader, regularized)
    line = read_uneven(reader, line)
    strip = lambda t: t.replace("≈ ", "").strip()
    final = f"L@{reader.steps + 1}"
    m = re.fullmatch(r"The cost stayed at (≈ )?(\S+)\.", line)
    if m:
        if reader.value_of("L") != number(m.group(2)) or reader.value_of(final) != number(m.group(2)):
            reader.fail(f"the cost did not stay at {m.group(2)}")
        return
    m = re.fullmatch(r"The cost (fell|rose) from (≈ )?(\S+) to (≈ )?(\S+), by less than their printed digits show\.", line)
    if m:  # the printed costs agree to their last digit (only the exact ones tell the direction)
        before, after = number(m.group(3)), number(m.group(5))
        if reader.value_of("L") != before or reader.value_of(final) != after:
            reader.fail(f"the cost sentence does not use the printed costs ({m.group(3)}, {m.group(5)})")
        if before != after and ((before > after) != (m.group(1) == "fell")):
            reader.fail(f"the cost {m.group(1)} by less than the digits show, but the printed costs differ the other way")
        if abs(before - after) > unit(m.group(3)) + unit(m.group(5)):
            reader.fail(f"the printed costs {m.group(3)} and {m.group(5)} differ by more than their last digits")
        return
    m = re.fullmatch(r"The cost (fell|rose) from (≈ )?(\S+) to (≈ )?(\S+) \(by (≈ )?([^;)]+)(?:; exact: (≈ )?([^)]+))?\)\.", line)
    if not m:
        reader.fail(f"cannot read the cost sentence {line!r}")
        return
    before, after = number(m.group(3)), number(m.group(5))
    if reader.value_of("L") != before or reader.value_of(final) != after:
        reader.fail(f"the cost sentence does not use the printed costs ({m.group(3)}, {m.group(5)})")
    change = before - after if m.group(1) == "fell" else after - before
    if change <= 0:
        reader.fail(f"the cost {m.group(1)}, but the printed costs differ by {before - after}")
    reader.check("the fall of the cost", exact(change), m.group(7), "≈" if m.group(6) else "=")
