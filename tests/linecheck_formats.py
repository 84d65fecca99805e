"""The three formats side by side: a worked solution's relation signs and the numbers after them.

`relation_sequence(text, fmt)` reads text, Markdown or LaTeX output (LaTeX normalised to the
text's notation) into [(sign, numbers after it), …], so that the formats can be compared.
"""

from __future__ import annotations

import re

from linecheck_numbers import MINUS, NUMBER, canonical_steps, side_by_side, vector

# ---- the three formats side by side -------------------------------------------------------------------
_LATEX = [
    (r"\\frac\{(\d+)\}\{(\d+)\}", r"\1/\2"),
    (r"-\\frac\{(\d+(?:\.\d+)?)\}", r"\\frac{−\1}"),  # −y/a: the text writes −0.5/0.97
    (r"\\begin\{bmatrix\}", "("), (r"\\end\{bmatrix\}", ")"),
    (r"\s*\\\\\s*(?=[^\n]*?\))", ", "),
    (r"\\approx\^\{\\dagger\}", "≈†"), (r"\\approx", "≈"), (r"\s*\\cdot 10\^\{(-?\d+)\}", r"·10^\1"), (r"\\cdot", "·"), (r"\\odot", "⊙"),
    (r"\\left\.|\\right\.", ""),
    (r"(?<![A-Za-z\\])e\^\{([A-Za-z])\}", r"e^\1"),  # e^{z}: the text's e^z
    (r"(?<![A-Za-z\\])e\^\{([^{}]*)\}", r"e^(\1)"),  # e^{0.3}: the text's e^(0.3)
    (r"\\left|\\right|\\,|\\quad|\\qquad|\$|\\text\{|\{\\scriptstyle", ""),
]


_BMATRIX = re.compile(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}")
_SPLIT = re.compile(r"\\left\[\\begin\{matrix\}(.*?)\\end\{matrix\}\\right\.((?:\s*\\left\.\\begin\{matrix\}.*?\\end\{matrix\}\\right[.\]])+)")
_PIECE = re.compile(r"\\left\.\\begin\{matrix\}(.*?)\\end\{matrix\}\\right[.\]]")


def _cells(body: str) -> list[list[str]]:
    return [[e.strip() for e in r.split("&")] for r in re.split(r"\\\\", body)]


def _bmatrix(rows) -> str:
    return r"\begin{bmatrix}" + r" \\ ".join(" & ".join(r) for r in rows) + r"\end{bmatrix}"


def _beside(blocks) -> list[list[str]]:
    """Blocks of columns of one matrix put back side by side."""
    return [sum((block[i] for block in blocks), []) for i in range(len(blocks[0]))]


def _reassemble(line: str) -> str:
    """A matrix the LaTeX splits into blocks of columns, read back whole: W a written as
    W_{:,A} a_A + W_{:,B} a_B (rows.products), and a result matrix written as \\left[ A \\right.
    … \\left. B \\right] (rows.split_matrix)."""
    line = _SPLIT.sub(lambda m: _bmatrix(_beside([_cells(m.group(1))] + [_cells(b) for b in _PIECE.findall(m.group(2))])), line)
    tokens = list(_BMATRIX.finditer(line))
    out, last, i = [], 0, 0
    while i < len(tokens) - 1:
        pairs = []
        j = i
        while j + 1 < len(tokens) and not line[tokens[j].end():tokens[j + 1].start()].strip():
            pairs.append((tokens[j], tokens[j + 1]))
            gap = line[tokens[j + 1].end():tokens[j + 2].start()] if j + 2 < len(tokens) else ""
            if not re.fullmatch(r"\s*(?:\\right\.)?\s*\+\s*(?:\\left\.)?\s*", gap):
                break
            j += 2
        if len(pairs) > 1:
            matrix = _beside([_cells(m.group(1)) for m, _ in pairs])
            vector = sum((_cells(v.group(1)) for _, v in pairs), [])
            out.append(line[last:pairs[0][0].start()] + _bmatrix(matrix) + " " + _bmatrix(vector))
            last = pairs[-1][1].end()
            i = tokens.index(pairs[-1][1]) + 1
        else:
            i += 1
    out.append(line[last:])
    return "".join(out).replace(r"\right. \right)", r"\right)")


# a sample's (i), a step's ⟨t⟩ (\\langle t\\rangle) or both after a layer: z^{1\\,(2)\\langle 3\\rangle}
_TAG = re.compile(r"\^\{(\d*|l[+-]1|l|L)(?:\\,)?(?:\(\d+\))?(?:(?<=\))|\\langle \d+\\rangle)\}")


def _typeset_lines(text: str) -> list[str]:
    """The rows of a typeset solution, a derivation's later rows (& = …, &\\qquad + …) joined to
    its first row; marks for the page layout and the superscripts of samples and steps
    (x^{1\\,(2)}, x^{1\\,\\langle 2\\rangle}: names, not numbers) left out."""
    out: list[str] = []
    for line in text.split("\n"):
        line = re.sub(r"\\pagemark\{[^}]*\}\{[^}]*\}|\\needroom\{[^}]*\}", "", line)
        line = _TAG.sub(lambda m: "^{" + m.group(1) + "}" if m.group(1) else "", line)
        if line.strip().startswith("&") and out:  # a derivation's next row: one line per derivation
            previous = re.sub(r"\s*\\\\\*?\s*$", "", out[-1])
            row = line.strip()[1:]
            out[-1] = previous + " " + (row[len("\\qquad"):] if row.startswith("\\qquad") else row)
        else:
            out.append(line)
    return [_rows_block(_reassemble(line)) for line in out]


_ROWS = re.compile(r"_\{(\d+)\\ldots \d+(?:,\\,:)?\}")
ROWS_CONTINUED = "⟨rows⟩ "  # a line that continues the previous one's vectors with more rows


def _rows_block(line: str) -> str:
    """A block of rows of a tall vector or matrix (z^{1}_{32…63} = W_{32…63,:} a + …): the row
    labels left out; a block after the first marked, to be joined to the one before."""
    lhs = line.split("&", 1)[0]
    first = _ROWS.search(lhs)
    line = _ROWS.sub("", line)
    return ROWS_CONTINUED + line if first and int(first.group(1)) > 0 else line


def _latex_to_text(text: str) -> str:
    out = []
    for line in _typeset_lines(text):
        # matrices: & separates the entries of a row, \\ the rows (inside bmatrix only)
        line = re.sub(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}",
                      lambda m: "(" + ", ".join(e.strip() for e in re.split(r"\\\\|&", m.group(1))) + ")", line)
        line = line.replace("&", " ")
        for pattern, replacement in _LATEX:
            line = re.sub(pattern, replacement, line)
        line = re.sub(r"(?<![\w])-(?=\d)", MINUS, line)
        line = re.sub(r"\s+", " ", line)
        out.append(line)
    return "\n".join(out)


def _without(text: str, starts, ends) -> str:
    """Text with the sections from a line `starts(line)` up to a line `ends(line)` removed."""
    out, skipping = [], False
    for line in text.split("\n"):
        stripped = line.strip()
        if starts(stripped):
            skipping = True
        elif skipping and ends(stripped):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


_HEADINGS = ("\\subsection*{", "\\subsubsection*{", "### ", "#### ", "## ")
# numbered as the sheet's tasks in a key; a graph's wires (a table: test_graph_print_stop62 compares it with the text's)
_LEFT_OUT = ("Formulas", "Costs and parameters", "③ Wires", "\\stepmark{3} Wires")


def relation_sequence(text: str, fmt: str) -> list[tuple[str, tuple]]:
    """The relation signs of a worked solution with the numbers right after them, in order:
    [("=", ("0.3775",)), ("≈", ("0.2913", "0.2913")), …] (formulas and the table left out; "≈†":
    a line marked as held to one unit)."""
    if fmt == "text":
        text = canonical_steps(text)
        text = text[text.index("\n①"):] if "\n①" in text else text  # the derivation, without the givens above it
        text = _without(text, lambda line: line.startswith(("③", "Costs and parameters")),
                        lambda line: line.startswith(("④", "⑤", "⑦", "======")))
        lines = text.split("\n")
        joined = []
        for n, line in enumerate(lines):
            s = line.strip()
            if s.startswith(("[", "===")) or re.fullmatch(r"=+", s):  # rows (joined below), rulers
                continue
            if re.match(r"^[ab]\^\d+\S* = \(", s):  # the inputs of a matrix block (a^0[2], b^1@2)
                continue
            if re.search(r" (=|≈†?)$", s):  # a matrix follows on the next lines (several side by side: W − α·G ≈ R)
                groups, between, _ = side_by_side(lines, n + 1)
                s += " " + " ".join(f"({', '.join(sum(g, []))})" + (f" {between[i]} " if i < len(between) else "")
                                    for i, g in enumerate(groups))
            joined.append(s)
        text = "\n".join(joined)
    else:
        heading = lambda line: line.startswith(_HEADINGS)
        text = _without(text, lambda line: heading(line) and any(w in line for w in _LEFT_OUT),
                        lambda line: heading(line) and not any(w in line for w in _LEFT_OUT))
        text = text.split("\\begin{document}")[-1]
        start = re.search(r"^(?:\\subsection\*\{|#{2,4} ).*Forward pass", text, re.M)
        text = text[start.start():] if start else text  # the derivation, without the givens above it
        text = re.sub(r"% network drawing begins.*?% network drawing ends", "", text, flags=re.S)  # its labels
        text = re.sub(r"(=|≈†?)[ \t]*\n", r"\1 ", _latex_to_text(text))  # a matrix on the next line
    pairs = []
    for line in text.split("\n"):
        continued = line.startswith(ROWS_CONTINUED)
        line = line[len(ROWS_CONTINUED):] if continued else line
        own = []
        pieces = re.split(r"(?<![<>])\s*(=|≈†?)\s*", line)  # text, sign, text, sign, …
        for sign, segment in zip(pieces[1::2], pieces[2::2]):
            if _PRODUCT.match(segment):  # ((W^T) δ) ⊙ f' written out (LaTeX and Markdown only)
                continue
            first = _VECTOR_START.match(segment)
            numbers = tuple(vector(first.group(0))) if first else tuple(_LOOSE_NUMBER.findall(segment))
            if numbers:
                own.append((sign, numbers))
        if continued and own:  # more rows of the vectors of the line before: one vector each
            start = len(pairs) - len(own)
            pairs[start:] = [(sign, before + numbers) for (sign, before), (_, numbers) in zip(pairs[start:], own)]
        else:
            pairs.extend(own)
    return pairs


_PRODUCT = re.compile(r"^\(\([^()]*\) \(")
# a vector right after a sign; numbers that are no part of a name (z_0^1, a^{2}_{0}, y_0[2])
_VECTOR_START = re.compile(rf"^\((?:{NUMBER}(?:, )?)+\)(?![/^²³])")  # (1.5·10^13)/…, (2.2·10^4)³: a term, not a vector
_LOOSE_NUMBER = re.compile(rf"(?<![A-Za-z^_\[@.\d])(?<!\^{{)(?<!_{{)(?:{NUMBER})(?![A-Za-z_.\d])")
