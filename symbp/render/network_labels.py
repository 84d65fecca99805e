"""Where a network drawing's neurons and weight labels go (render/network.py): the neurons' centres
for the layers' widths and spacings (a frame, kept per architecture), and a place on its own edge
for every weight label, clear of every other edge, label and neuron — or None where some label
has none.  Positions in cm, printed as texts with two decimals (`cm`).
"""

from __future__ import annotations

import math

LINE_GAP_CM = 0.06  # the least room between a weight label and any other edge, label or neuron


def cm(x: float) -> str:
    return f"{x:.2f}"


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


def place_labels(frame, edges, radius: float, widths, height: float, obstacles: tuple = ()) -> list | None:
    """A position (x, y) on its own edge for every weight label (`widths`: the labels' widths in the
    edges' order, `height` theirs), as the texts of its coordinates, or None when some label has no
    place clear of every other edge, label, neuron and box of `obstacles` ((x0, y0, x1, y1): the SVG's
    biases above their neurons).  The most constrained edges go first; each takes its clearest free
    position (nearest the middle among equals)."""
    centres = frame.centres
    segments, by_gap, known = _geometry(frame, edges, radius)
    options: list = []
    for i, (e, width) in enumerate(zip(edges, widths)):
        candidates = known.get((i, width, height, obstacles))
        if candidates is None:
            candidates = known[(i, width, height, obstacles)] = _label_candidates(
                segments, by_gap[e["l"]], centres, radius, i, (width, height), obstacles)
        if not candidates:
            return None
        options.append(candidates)
    placed: list = [None] * len(options)
    grown: list = []  # the placed labels' boxes, grown by the gap to the right and top
    for _, i in sorted(zip(map(len, options), range(len(options)))):
        for c in options[i]:
            left, bottom, right, top = c[5]  # (apart from every placed box, written out: the first too near ends it)
            for b0, b1, b2, b3 in grown:
                if not (right <= b0 or b2 <= left or top <= b1 or b3 <= bottom):
                    break
            else:
                break
        else:
            return None
        placed[i] = c
        grown.append(c[5])
    return [c[4] for c in placed]


# A drawing's frame: the neurons' centres for the layers' widths and the spacings dx, dy, the texts of
# their coordinates, the edges' names and, per neuron radius, the geometry (edges as segments between
# the neurons' circles) and, per edge and label size, the label's clear positions — all decided by
# (widths, dx, dy) and the radius (the edges join every neuron of a layer to every one of the next:
# the widths decide them), the same for every variant of an architecture, so that a worksheet works
# them out once (bounded: cleared when full).
_FRAMES: dict = {}
_FRAMES_MAX = 64
_CANDIDATES_MAX = 20_000


class Frame:
    __slots__ = ("centres", "xy", "bottom", "edge_names", "geometries", "layer_labels")

    def __init__(self, centres: dict):
        self.centres = centres
        self.xy = [(cm(x), cm(y)) for x, y in centres.values()]  # in the order of the layers' neurons
        self.bottom = min(y for _, y in centres.values())
        self.edge_names = None  # [(from_name, to_name)] of the edges, in order (the first drawing's)
        self.geometries: dict = {}  # radius -> _geometry's
        self.layer_labels: dict = {}  # (radius, the layers' activations) -> [(label_x, label_y, split)] (network.py)


def _place(layers, dx: float, dy: float) -> dict:
    return {(layer["l"], n["j"]): (layer["l"] * dx, ((layer["width"] - 1) / 2 - n["j"]) * dy)
            for layer in layers for n in layer["neurons"]}


def frame_of(layers, dx: float, dy: float) -> Frame:
    key = (tuple([layer["width"] for layer in layers]), dx, dy)
    frame = _FRAMES.get(key)
    if frame is None:
        if len(_FRAMES) >= _FRAMES_MAX:
            _FRAMES.clear()
        frame = _FRAMES[key] = Frame(_place(layers, dx, dy))
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


def _label_candidates(segments, gap, centres, radius: float, i: int, size, obstacles=()) -> list:
    """Edge i's label positions clear of the other edges of its gap, of every neuron and obstacle, best first:
    (−clearance up to 0.5, distance from the middle, t, box, the texts of the box's centre, the box
    grown by LINE_GAP_CM to the right and top)."""
    width, height = size
    p, q = segments[i]
    candidates = []
    for t in POSITIONS:
        cx, cy = p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
        box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
        clearance = min((_segment_box_distance(*segments[o], box) for o in gap if o != i), default=math.inf)
        clearance = min(clearance, min(_box_circle_distance(box, c) - radius for c in centres.values()))
        for o in obstacles:
            clearance = min(clearance, math.hypot(max(o[0] - box[2], 0, box[0] - o[2]), max(o[1] - box[3], 0, box[1] - o[3])))
        if clearance >= LINE_GAP_CM:
            candidates.append((-min(clearance, 0.5), abs(t - 0.5), t, box,
                               (cm((box[0] + box[2]) / 2), cm((box[1] + box[3]) / 2)),
                               (box[0], box[1], box[2] + LINE_GAP_CM, box[3] + LINE_GAP_CM)))
    return sorted(candidates)


def edge_density(widths, dy: float) -> float:
    """The most edge lines per cm where the edges between two layers cross their midline."""
    worst = 0.0
    for l in range(1, len(widths)):
        ys = [((widths[l - 1] - 1) / 2 - k + (widths[l] - 1) / 2 - j) * dy / 2
              for j in range(widths[l]) for k in range(widths[l - 1])]
        span = max(ys) - min(ys) + dy
        worst = max(worst, len(ys) / span)
    return worst
