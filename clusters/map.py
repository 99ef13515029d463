"""The map of Poland: voivodeship shapes, the projection that places clusters on them, and the shading."""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext, ngettext

from registry.voivodeships import Voivodeship

SHAPES_FILE = Path(__file__).parent / "map_data" / "voivodeships.json"

# Equirectangular projection with longitudes shortened by cos(52°), the latitude of Poland's middle:
# simple enough for the conversion script and the site to share, and shapes look as on a wall map.
# The frame holds every latitude and longitude a ClusterPage accepts (49–55° N, 14–24.5° E).
WEST, EAST, SOUTH, NORTH = 14.0, 24.5, 48.9, 55.0
UNITS_PER_DEGREE = 100
LONGITUDE_SCALE = math.cos(math.radians(52))


def project(latitude, longitude):
    """The SVG (x, y) of a place, in the map's units; north is up, so y grows southwards."""
    x = (float(longitude) - WEST) * LONGITUDE_SCALE * UNITS_PER_DEGREE
    y = (NORTH - float(latitude)) * UNITS_PER_DEGREE
    return round(x, 1), round(y, 1)


WIDTH, HEIGHT = project(SOUTH, EAST)
VIEW_BOX = f"0 0 {WIDTH:g} {HEIGHT:g}"

# Lowest number of clusters of each step and its fill, light to dark (ColorBrewer "Blues"). Borders
# are drawn in a dark grey, so even the lightest shape stands out from the page by more than 3:1.
SHADES = [(0, "#f3f5f7"), (1, "#c6dbef"), (2, "#6baed6"), (5, "#2171b5"), (10, "#08306b")]
UNSHADED = "#e4e8ec"
MARKED = SHADES[2][1]  # the selected voivodeship on a map without shading


@cache
def shapes():
    """{voivodeship code: SVG path}, from the file made by map_data/convert.py."""
    return json.loads(SHAPES_FILE.read_text(encoding="utf-8"))["voivodeships"]


def shade(count):
    """The index of the step of SHADES a number of clusters falls in."""
    return max(step for step, (lowest, _fill) in enumerate(SHADES) if count >= lowest)


def legend():
    """[{fill, label}] for each step of the shading."""
    rows = []
    for step, (lowest, fill) in enumerate(SHADES):
        if step + 1 == len(SHADES):
            label = gettext("%(count)s or more") % {"count": lowest}
        elif SHADES[step + 1][0] - 1 == lowest:
            label = str(lowest)
        else:
            label = f"{lowest}–{SHADES[step + 1][0] - 1}"
        rows.append({"fill": fill, "label": label})
    return rows


@dataclass
class Region:
    code: str
    name: str
    path: str
    count: int | None
    fill: str
    selected: bool

    @property
    def label(self):
        """The accessible name: the voivodeship and, on a shaded map, its number of clusters."""
        if self.count is None:
            return self.name
        return ngettext("%(voivodeship)s: %(count)s cluster", "%(voivodeship)s: %(count)s clusters", self.count) % {
            "voivodeship": self.name,
            "count": self.count,
        }


@dataclass
class Point:
    x: str
    y: str
    title: str
    url: str | None
    highlighted: bool


class ClusterMap:
    """What templates/clusters/includes/map_svg.html draws: the 16 voivodeships and the clusters' points.

    counts: {voivodeship: number of clusters} shades the shapes (None leaves them plain);
    clusters: ClusterPages to mark with a point, linked to their pages unless one is `highlighted`;
    selected: the voivodeship to outline (and fill, on a map without shading);
    linked: whether each shape links to the list filtered by it.
    """

    def __init__(self, *, counts=None, clusters=(), selected="", highlighted=None, linked=False, request=None):
        self.view_box = VIEW_BOX
        self.linked = linked
        self.shaded = counts is not None
        self.legend = legend() if self.shaded else []
        self.total = sum(counts.values()) if self.shaded else None
        self.regions = [self._region(code, counts, selected) for code in Voivodeship.values]
        self.selected = next((region for region in self.regions if region.selected), None)
        self.points = [
            self._point(cluster, highlighted, request)
            for cluster in clusters
            if cluster.latitude is not None and cluster.longitude is not None
        ]

    @property
    def interactive(self):
        """True when the map holds links; it is then a group of them rather than one image."""
        return self.linked or any(point.url for point in self.points)

    @staticmethod
    def _region(code, counts, selected):
        name, path, is_selected = Voivodeship(code).label, shapes()[code], code == selected
        if counts is None:
            return Region(code, name, path, None, MARKED if is_selected else UNSHADED, is_selected)
        count = counts.get(code, 0)
        return Region(code, name, path, count, SHADES[shade(count)][1], is_selected)

    @staticmethod
    def _point(cluster, highlighted, request):
        x, y = project(cluster.latitude, cluster.longitude)
        is_highlighted = highlighted is not None and cluster.pk == highlighted.pk
        return Point(
            x=f"{x:g}",
            y=f"{y:g}",
            title=f"{cluster.title} ({cluster.city})",
            url=None if is_highlighted else cluster.get_url(request),
            highlighted=is_highlighted,
        )
