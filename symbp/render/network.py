"""The network drawing: a spec's layers and numbers -> where every neuron, edge and label goes.

`network_drawing(solution, lines)` returns the data of tex/network.tex.jinja (and of the
worksheet's givens).  The layout is decided from measured widths (label widths estimated from
the font's character widths, positions in cm), never from a neuron count:

    labelled  neurons and edges; each weight sits on its own edge where no other edge, label or
              neuron comes near it; each bias inside its neuron; used when every label finds
              such a place in a drawing that fits the text width and a third of a page
    neurons   neurons and edges without numbers, the weights printed beside as matrices; used
              when labels do not fit but the edges stay apart (at most EDGES_PER_CM lines per cm
              where they cross between two layers)
    blocks    a block diagram (one box per layer), the weights printed beside as matrices

`matrix_lines` packs W^l and b^l into displays that fit the text width, splitting a matrix into
column blocks when it is wider than a line.
"""

from __future__ import annotations

import math

from .. import names
from ..activations import ACTIVATIONS
from .measure import PT_CM, TEXT_WIDTH_CM, text_width_cm
from ..numbers import format_decimal, terminates
from .blocks import row_ranges
from .stated import relation
from .worked_forward import given_shown

DRAWING_WIDTH_CM = 14.5  # from the first to the last layer's centre (input values and labels outside)
DRAWING_HEIGHT_CM = 9.0  # the tallest labelled drawing: about a third of the text height
NEURONS_HEIGHT_CM = 12.0
LABEL_PT = 8.0  # \scriptsize: weights and biases
NAME_PT = 9.0  # \footnotesize: neurons' names and layers' labels
MATRIX_PT = 11.0  # the document's size: matrices beside the drawing and in the givens
LINE_GAP_CM = 0.06  # the least room between a weight label and any other edge, label or neuron
EDGES_PER_CM = 5.0  # denser edges print as a grey area: then a block diagram


# --- geometry ----------------------------------------------------------------------------------

def _segment_box_distance(p, q, box) -> float:
    """Distance between segment pq and an axis-parallel box (x0, y0, x1, y1); 0 if they meet."""
    x0, y0, x1, y1 = box
    if _clips(p, q, box):
        return 0.0
    corners = ((x0, y0), (x0, y1), (x1, y0), (x1, y1))
    best = min(_point_segment_distance(c, p, q) for c in corners)
    for point in (p, q):
        dx = max(x0 - point[0], 0, point[0] - x1)
        dy = max(y0 - point[1], 0, point[1] - y1)
        best = min(best, math.hypot(dx, dy))
    return best


def _clips(p, q, box) -> bool:
    """Whether segment pq enters the box (Liang–Barsky)."""
    x0, y0, x1, y1 = box
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _point_segment_distance(c, p, q) -> float:
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((c[0] - p[0]) * dx + (c[1] - p[1]) * dy) / length))
    return math.hypot(c[0] - p[0] - t * dx, c[1] - p[1] - t * dy)


def _box_circle_distance(box, centre) -> float:
    dx = max(box[0] - centre[0], 0, centre[0] - box[2])
    dy = max(box[1] - centre[1], 0, centre[1] - box[3])
    return math.hypot(dx, dy)


POSITIONS = tuple(round(0.14 + 0.04 * i, 2) for i in range(19))  # along an edge, 0.14 … 0.86


def _place_labels(frame, edges, radius: float, label_size) -> list | None:
    """A position (x, y) on its own edge for every weight label, as the texts of its coordinates, or
    None when some label has no place clear of every other edge, label and neuron.  The most
    constrained edges go first; each takes its clearest free position (nearest the middle among equals)."""
    centres = frame.centres
    segments, by_gap, known = _geometry(frame, edges, radius)
    options: dict = {}
    for i, e in enumerate(edges):
        size = label_size(e)
        candidates = known.get((i, size))
        if candidates is None:
            candidates = known[(i, size)] = _label_candidates(segments, by_gap[e["l"]], centres, radius, i, size)
        if not candidates:
            return None
        options[i] = candidates
    placed: dict = {}
    boxes: list = []  # the placed labels' boxes
    gap = LINE_GAP_CM
    for i in sorted(options, key=lambda i: (len(options[i]), i)):
        for c in options[i]:
            a = c[3]  # (_boxes_apart(a, b, gap) of every placed b, written out: the first b too near ends it)
            left, bottom, right, top = a[0], a[1], a[2] + gap, a[3] + gap
            for b in boxes:
                if not (right <= b[0] or b[2] + gap <= left or top <= b[1] or b[3] + gap <= bottom):
                    break
            else:
                break
        else:
            return None
        placed[i] = c
        boxes.append(a)
    return [placed[i][4] for i in range(len(edges))]


# A drawing's frame: the neurons' centres for the layers' widths and the spacings dx, dy, the texts of
# their coordinates, the edges' names and, per neuron radius, the geometry (edges as segments between
# the neurons' circles) and, per edge and label size, the label's clear positions — all decided by
# (widths, dx, dy) and the radius (the edges join every neuron of a layer to every one of the next:
# the widths decide them), the same for every variant of an architecture, so that a worksheet works
# them out once (bounded: cleared when full).
_FRAMES: dict = {}
_FRAMES_MAX = 64
_CANDIDATES_MAX = 20_000


class _Frame:
    __slots__ = ("centres", "xy", "bottom", "edge_names", "geometries")

    def __init__(self, centres: dict):
        self.centres = centres
        self.xy = [(_cm(x), _cm(y)) for x, y in centres.values()]  # in the order of the layers' neurons
        self.bottom = min(y for _, y in centres.values())
        self.edge_names = None  # [(from_name, to_name)] of the edges, in order (the first drawing's)
        self.geometries: dict = {}  # radius -> _geometry's


def _frame(layers, dx: float, dy: float) -> _Frame:
    key = (tuple([layer["width"] for layer in layers]), dx, dy)
    frame = _FRAMES.get(key)
    if frame is None:
        if len(_FRAMES) >= _FRAMES_MAX:
            _FRAMES.clear()
        frame = _FRAMES[key] = _Frame(_place(layers, dx, dy))
    return frame


def _geometry(frame, edges, radius: float):
    geometry = frame.geometries.get(radius)
    if geometry is None or len(geometry[2]) > _CANDIDATES_MAX:
        centres = frame.centres
        segments = []
        for e in edges:
            (x0, y0), (x1, y1) = centres[e["from"]], centres[e["to"]]
            length = math.hypot(x1 - x0, y1 - y0)
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            segments.append(((x0 + radius * ux, y0 + radius * uy), (x1 - radius * ux, y1 - radius * uy)))
        by_gap: dict = {}
        for i, e in enumerate(edges):
            by_gap.setdefault(e["l"], []).append(i)
        geometry = frame.geometries[radius] = (segments, by_gap, {})
    return geometry


def _label_candidates(segments, gap, centres, radius: float, i: int, size) -> list:
    """Edge i's label positions clear of the other edges of its gap and of every neuron, best first:
    (−clearance up to 0.5, distance from the middle, t, box, the texts of the box's centre)."""
    width, height = size
    p, q = segments[i]
    candidates = []
    for t in POSITIONS:
        cx, cy = p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
        box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
        clearance = min((_segment_box_distance(*segments[o], box) for o in gap if o != i), default=math.inf)
        clearance = min(clearance, min(_box_circle_distance(box, c) - radius for c in centres.values()))
        if clearance >= LINE_GAP_CM:
            candidates.append((-min(clearance, 0.5), abs(t - 0.5), t, box,
                               (_cm((box[0] + box[2]) / 2), _cm((box[1] + box[3]) / 2))))
    return sorted(candidates)


def _edge_density(widths, dy: float) -> float:
    """The most edge lines per cm where the edges between two layers cross their midline."""
    worst = 0.0
    for l in range(1, len(widths)):
        ys = [((widths[l - 1] - 1) / 2 - k + (widths[l] - 1) / 2 - j) * dy / 2
              for j in range(widths[l]) for k in range(widths[l - 1])]
        span = max(ys) - min(ys) + dy
        worst = max(worst, len(ys) / span)
    return worst


# --- the drawing -------------------------------------------------------------------------------

def _cm(x: float) -> str:
    return f"{x:.2f}"


def network_drawing(solution, lines) -> dict:
    """The drawing's data; `lines` prints numbers (`number`) and quantity names (`symbol`)."""
    spec = solution.spec
    widths = spec.widths
    layers = []
    for l, width in enumerate(widths):
        layer_spec = spec.layers[l - 1] if l else None
        layers.append({
            "l": l, "width": width,
            "activation": ACTIVATIONS[layer_spec.activation].text if layer_spec else None,
            "activation_tex": ACTIVATIONS[layer_spec.activation].latex if layer_spec else None,
            "neurons": [{
                "j": j,
                "label": lines.symbol(names.name("a", l, (j,))),
                "bias": _given(lines, names.name("b", l, (j,)), layer_spec.biases[j])["text"]
                if layer_spec is not None and layer_spec.has_bias else None,
                "input": _given(lines, names.name("a", 0, (j,)), spec.inputs[0][j])["text"] if l == 0 and not spec.batch else None,
            } for j in range(width)],
        })
    edges = [{"l": l, "j": j, "k": k, "weight": _given(lines, names.name("w", l, (j, k)), w)["text"],
              "from": (l - 1, k), "to": (l, j)}
             for l, layer in enumerate(spec.layers, start=1) for j, row in enumerate(layer.weights)
             for k, w in enumerate(row)]
    drawing = {"layers": layers, "edges": edges, "max_width": max(widths), "matrices_beside": True,
               "matrices": matrix_lines(spec, lines)}
    dx = min(4.2, DRAWING_WIDTH_CM / (len(widths) - 1))
    layout = _labelled(layers, edges, dx)
    if layout is None:
        layout = _neurons(layers, edges, dx)
    if layout is None:
        layout = _blocks(layers)
    drawing.update(layout)
    drawing["edge_labels"] = drawing["mode"] == "labelled"
    return drawing


def _neuron_text(neuron) -> tuple[float, float]:
    """Width and height (cm) of a neuron's text: its name, and its bias below it."""
    name = text_width_cm(neuron["label"], NAME_PT)
    if neuron["bias"] is None:
        return name, 0.35
    return max(name, text_width_cm("b=" + neuron["bias"], LABEL_PT)), 0.7


def _place(layers, dx: float, dy: float) -> dict:
    return {(layer["l"], n["j"]): (layer["l"] * dx, ((layer["width"] - 1) / 2 - n["j"]) * dy)
            for layer in layers for n in layer["neurons"]}


def _coordinates(layers, edges, frame: _Frame, radius: float, positions=None) -> None:
    """The texts of the neurons', layers' labels' and edges' coordinates; `positions`: the weight labels'
    (their texts, `_place_labels`)."""
    centres = frame.centres
    xy = iter(frame.xy)
    for layer in layers:
        for n in layer["neurons"]:
            n["x"], n["y"] = next(xy)
    dx = centres[(1, 0)][0] - centres[(0, 0)][0]
    split = any(text_width_cm(f"layer {layer['l']}: {layer['activation_tex']}", NAME_PT) > dx - 0.3
                for layer in layers[1:])
    bottom = _cm(frame.bottom - radius - (0.6 if split else 0.4))
    for layer in layers:
        layer["label_x"], layer["label_y"] = frame.xy[_first_neuron(layers, layer["l"])][0], bottom
        layer["label_split"] = split  # name and activation on two lines
    if frame.edge_names is None:
        frame.edge_names = [(f"n{e['from'][0]}-{e['from'][1]}", f"n{e['to'][0]}-{e['to'][1]}") for e in edges]
    for e, (from_name, to_name) in zip(edges, frame.edge_names):
        e["from_name"], e["to_name"] = from_name, to_name
    if positions is not None:
        for e, (x, y) in zip(edges, positions):
            e["label_x"], e["label_y"] = x, y


def _first_neuron(layers, l: int) -> int:
    """The index of layer l's first neuron among all the drawing's neurons (in the frame's order)."""
    return sum(layer["width"] for layer in layers[:l])


def _labelled(layers, edges, dx: float) -> dict | None:
    if dx < 2.4:
        return None
    texts = [_neuron_text(n) for layer in layers for n in layer["neurons"]]
    diameter = max(0.9, max(math.hypot(w + 0.12, h + 0.08) for w, h in texts))
    label_height = (LABEL_PT * 0.75 + 1.2) * PT_CM  # digits' height and depth, plus the fill's margin

    def label_size(e):
        return text_width_cm(e["weight"], LABEL_PT) + 2 * PT_CM, label_height

    tallest = max(layer["width"] for layer in layers)
    for dy in (diameter + 0.5, diameter + 0.8, diameter + 1.1, diameter + 1.5):
        if (tallest - 1) * dy + diameter > DRAWING_HEIGHT_CM:
            break
        frame = _frame(layers, dx, dy)
        positions = _place_labels(frame, edges, diameter / 2, label_size)
        if positions is not None:
            _coordinates(layers, edges, frame, diameter / 2, positions)
            return {"mode": "labelled", "node_size": _cm(diameter), "matrices_beside": False}
    return None


def _neurons(layers, edges, dx: float) -> dict | None:
    widths = [layer["width"] for layer in layers]
    dy = min(1.2, NEURONS_HEIGHT_CM / max(max(widths) - 1, 1))
    diameter = max(text_width_cm(n["label"], NAME_PT) for layer in layers for n in layer["neurons"]) + 0.15
    if dx < 1.5 or dy < diameter + 0.15 or _edge_density(widths, dy) > EDGES_PER_CM:
        return None
    _coordinates(layers, edges, _frame(layers, dx, dy), diameter / 2)
    return {"mode": "neurons", "node_size": _cm(diameter)}


BLOCK_WIDTH_CM, BLOCK_GAP_CM, BLOCK_ROW_CM = 2.1, 1.2, 2.4


def _blocks(layers) -> dict:
    """One box per layer, left to right, in rows that fit the text width."""
    per_row = max(1, int((TEXT_WIDTH_CM - 1.0 + BLOCK_GAP_CM) // (BLOCK_WIDTH_CM + BLOCK_GAP_CM)))
    blocks = []
    for i, layer in enumerate(layers):
        row, col = divmod(i, per_row)
        blocks.append({"l": layer["l"], "width": layer["width"], "activation_tex": layer["activation_tex"],
                       "x": _cm(col * (BLOCK_WIDTH_CM + BLOCK_GAP_CM)), "y": _cm(-row * BLOCK_ROW_CM),
                       "new_row": i > 0 and col == 0})
    return {"mode": "blocks", "blocks": blocks, "block_width": _cm(BLOCK_WIDTH_CM)}


# --- matrices beside the drawing (and in the givens) ------------------------------------------

LINE_CM = TEXT_WIDTH_CM - 0.5  # what a display line may hold
COLUMN_SEP_CM = 10 * PT_CM  # 2 × \arraycolsep
PIECE_SEP_CM = 0.9  # a comma and \qquad between pieces


def matrix_lines(spec, lines) -> list[list[dict]]:
    """W^l (split into column blocks when wider than a line) and b^l of every layer, packed into
    display lines: a list of lines, each a list of pieces {kind: "W"|"b", l, rows, columns, relation}
    (relation: "\\approx" where a given is printed rounded, else "=").
    A layer's W and b share a line whenever they fit on one."""
    out: list[list[dict]] = []
    used = LINE_CM
    for l, layer in enumerate(spec.layers, start=1):
        weights = [[_given(lines, names.name("w", l, (j, k)), w) for k, w in enumerate(row)]
                   for j, row in enumerate(layer.weights)]
        biases = [_given(lines, names.name("b", l, (j,)), b) for j, b in enumerate(layer.biases)] if layer.has_bias else []
        pieces = _weight_blocks(l, [[w["text"] for w in row] for row in weights])
        if layer.has_bias:
            column = [[b["text"]] for b in biases]
            pieces.append({"kind": "b", "l": l, "rows": column, "columns": None,
                           "width": _matrix_width(column, f"b^{{{l}}}")})
        relations = {"W": relation(any(w["approx"] for row in weights for w in row), "tex"),
                     "b": relation(any(b["approx"] for b in biases), "tex")}
        pieces = [dict(block, relation=relations[block["kind"]]) for piece in pieces for block in _row_blocks(piece)]
        together = sum(p["width"] for p in pieces) + PIECE_SEP_CM * (len(pieces) - 1)
        if together <= LINE_CM and used + PIECE_SEP_CM + together > LINE_CM:
            out.append([])
            used = -PIECE_SEP_CM
        for piece in pieces:
            if used + PIECE_SEP_CM + piece["width"] > LINE_CM:
                out.append([])
                used = -PIECE_SEP_CM
            out[-1].append(piece)
            used += PIECE_SEP_CM + piece["width"]
    return out


def _given(lines, key: str, value) -> dict:
    """{"text", "approx"} of a given as a worked solution's lines print it (`Lines.printed_value`,
    guard digits included: one printed form per quantity), or, drawing a spec alone (`lines` a
    printer) or a given that does not terminate (1/3), as `lines.number` prints it ("≈" where
    rounded, as render/stated.py's `matrix_relation`).  A worked solution's are kept by its Lines
    (`given_shown`): the drawing's label and matrix entry of a given are worked out once."""
    if getattr(lines, "plan", None) is not None and terminates(value):
        return given_shown(lines, key, value)
    return {"text": lines.number(value), "approx": format_decimal(value, lines.digits).rounded}


def _row_blocks(piece: dict) -> list[dict]:
    """A piece taller than blocks.ROWS_MAX rows as blocks of rows (labelled rows j = a…b)."""
    n = len(piece["rows"])
    ranges = row_ranges(n)
    if len(ranges) == 1:
        return [dict(piece, row_range=None)]
    return [dict(piece, rows=piece["rows"][a:b], row_range=(a, b - 1), width=piece["width"] + 2.5) for a, b in ranges]


def _matrix_width(rows, label: str) -> float:
    columns = len(rows[0])
    widest = [max(text_width_cm(row[c], MATRIX_PT) for row in rows) for c in range(columns)]
    return text_width_cm(label + "=", MATRIX_PT) + sum(widest) + (columns - 1) * COLUMN_SEP_CM + 0.6


def _weight_blocks(l: int, rows) -> list[dict]:
    """W^l as one piece, or in the fewest blocks of (nearly) equal numbers of columns that fit a line."""
    label = f"W^{{{l}}}"
    columns = len(rows[0])
    width = _matrix_width(rows, label)
    if width <= LINE_CM:
        return [{"kind": "W", "l": l, "rows": rows, "columns": None, "width": width}]
    label += r"\ (\text{columns } k = 00 \ldots 00)"
    for parts in range(2, columns + 1):
        size = math.ceil(columns / parts)
        bounds = [(start, min(start + size, columns)) for start in range(0, columns, size)]
        blocks = [[r[a:b] for r in rows] for a, b in bounds]
        if all(_matrix_width(block, label) <= LINE_CM for block in blocks):
            break
    return [{"kind": "W", "l": l, "rows": block, "columns": (a, b - 1), "width": _matrix_width(block, label)}
            for block, (a, b) in zip(blocks, bounds)]
