"""Map boundaries from data/reference/: Tokyo's 62 municipalities and the 47 prefectures, keyed by our codes.

The files are the ones in the shared reference as they are (already simplified by their maker).
A municipality's key is its 6-digit code: the file's 5-digit code plus its check digit, computed
here, never typed. A prefecture's key is its 2-digit code, found by its name in prefectures.csv.
The ministry's credit line must go with every map drawn from them.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache

from etl import paths, reference
from schemas.codes import check_digit
from schemas.vocabulary.language import in_lang

MUNICIPALITIES_FILE = "tokyo_municipalities_N03-21_13_210101.geojson"
PREFECTURES_FILE = "japan_prefectures_s0001.geojson"
CREDIT = (
    "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成",
    "Source: National Land Numerical Information (Administrative Areas), MLIT, processed.",
)


def credit(lang: str = "ja") -> str:
    """The ministry's credit line: always its Japanese form, the English beside it on English pages."""
    return in_lang((CREDIT[0], f"{CREDIT[0]} / {CREDIT[1]}"), lang)


def _signed_area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:], strict=False)) / 2


def _rewind(geometry: dict) -> None:
    # plotly draws with d3-geo, which takes a clockwise outer ring as the shape and a counter-clockwise
    # one as everything but the shape (the files follow GeoJSON's opposite rule): wind them for d3
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            outer_clockwise = _signed_area(ring) < 0
            if outer_clockwise != (i == 0):
                ring.reverse()


COORDINATE_DIGITS = 4  # about 11 m: finer than a pixel of any map drawn, half the figure's JSON


def _compact(geometry: dict) -> None:
    # the files give 14 decimals (a hundredth of a millimetre); shared borders round alike, so
    # neighbours still meet; a point that rounds onto the one before it is dropped
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            points = [[round(x, COORDINATE_DIGITS), round(y, COORDINATE_DIGITS)] for x, y, *_ in ring]
            kept = [p for j, p in enumerate(points) if j == 0 or p != points[j - 1]]
            polygon[i] = kept if len(kept) >= 4 else points


@cache
def _municipalities() -> dict:
    raw = json.loads((paths.REFERENCE_DIR / MUNICIPALITIES_FILE).read_text(encoding="utf-8"))
    features = []
    for feature in raw["features"]:
        five = feature["properties"].get("N03_007")
        if not five:  # 所属未定地: land of no municipality
            continue
        feature["properties"]["code"] = f"{five}{check_digit(five)}"
        _rewind(feature["geometry"])
        _compact(feature["geometry"])
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


@cache
def _prefectures() -> dict:
    raw = json.loads((paths.REFERENCE_DIR / PREFECTURES_FILE).read_text(encoding="utf-8"))
    codes = dict(zip(reference.prefectures()["name_ja"], reference.prefectures()["prefecture_code"], strict=True))
    for feature in raw["features"]:
        feature["properties"]["code"] = codes[feature["properties"]["N03_001"]]
        _rewind(feature["geometry"])
        _compact(feature["geometry"])
    return raw


def municipalities() -> dict:
    """Tokyo's 62 municipalities as GeoJSON, each feature's properties.code its 6-digit code (a copy)."""
    return copy.deepcopy(_municipalities())


def prefectures() -> dict:
    """The 47 prefectures as GeoJSON, each feature's properties.code its 2-digit code (a copy)."""
    return copy.deepcopy(_prefectures())


def codes(geojson: dict) -> list[str]:
    """The codes of a collection's features, in file order."""
    return [f["properties"]["code"] for f in geojson["features"]]


@dataclass(frozen=True)
class Panel:
    """One map panel: its features, its place on the figure (paper x, y), and a fixed view or none (fit)."""

    codes: tuple[str, ...]
    x: tuple[float, float]
    y: tuple[float, float]
    lon: tuple[float, float] | None = None
    lat: tuple[float, float] | None = None
    title: tuple[str, str] = ("", "")


def _points(feature: dict) -> list:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [point for polygon in polygons for ring in polygon for point in ring]


def _lat_range(feature: dict) -> tuple[float, float]:
    lats = [point[1] for point in _points(feature)]
    return min(lats), max(lats)


def _bounds(
    geojson: dict, codes: tuple[str, ...], pad: float = 0.02
) -> tuple[tuple[float, float], tuple[float, float]]:
    points = [p for f in geojson["features"] if f["properties"]["code"] in codes for p in _points(f)]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons) - pad, max(lons) + pad), (min(lats) - pad, max(lats) + pad)


# Tokyo's islands lie far south of the mainland (about 35.5-35.9 N): the Izu islands at 32-35 N,
# Ogasawara below 28 N. A panel each keeps the mainland from shrinking to a dot.
MAINLAND_SOUTH = 35.0
OGASAWARA_NORTH = 30.0


def centroids(geojson: dict) -> dict[str, tuple[float, float]]:
    """Each feature's label point: the mean of its largest polygon's outer ring (lon, lat)."""
    out: dict[str, tuple[float, float]] = {}
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        ring = max((polygon[0] for polygon in polygons), key=lambda r: abs(_signed_area(r)))
        out[feature["properties"]["code"]] = (
            sum(p[0] for p in ring) / len(ring),
            sum(p[1] for p in ring) / len(ring),
        )
    return out


def tokyo_panels(geojson: dict) -> list[Panel]:
    """The mainland, the Izu islands beside it, and Ogasawara's inhabited islands below them."""
    north = {f["properties"]["code"]: _lat_range(f)[1] for f in geojson["features"]}
    mainland = tuple(c for c, lat in north.items() if lat >= MAINLAND_SOUTH)
    izu = tuple(c for c, lat in north.items() if OGASAWARA_NORTH <= lat < MAINLAND_SOUTH)
    ogasawara = tuple(c for c, lat in north.items() if lat < OGASAWARA_NORTH)
    lon, lat = _bounds(geojson, mainland)
    return [
        Panel(mainland, (0.0, 0.72), (0.06, 1.0), lon=lon, lat=lat),
        Panel(izu, (0.75, 1.0), (0.36, 1.0), title=("伊豆諸島", "Izu Islands")),
        Panel(
            ogasawara,
            (0.75, 1.0),
            (0.06, 0.30),
            lon=(141.75, 142.6),
            lat=(26.5, 27.25),
            title=("小笠原諸島", "Ogasawara"),  # short: the inset is a quarter of a phone-wide map
        ),
    ]


def japan_panels(geojson: dict) -> list[Panel]:
    """Japan's main islands, and the prefectures south of 28 N (Okinawa) in an inset."""
    north = {f["properties"]["code"]: _lat_range(f)[1] for f in geojson["features"]}
    south = tuple(c for c, lat in north.items() if lat < 28.5)
    main = tuple(c for c in north if c not in south)
    return [
        Panel(main, (0.0, 1.0), (0.06, 1.0), lon=(128.5, 146.0), lat=(30.8, 45.6)),
        Panel(south, (0.0, 0.3), (0.72, 1.0), title=("沖縄県", "Okinawa")),
    ]


@dataclass(frozen=True)
class Boundaries:
    """What a map needs: the shapes, the panels they are drawn in, and label points for the insets."""

    geojson: dict
    panels: list[Panel]
    markers: dict[str, tuple[float, float]]


@cache
def boundaries(national: bool) -> Boundaries:
    """Tokyo's municipalities, or at national scale the prefectures (shared: do not change it)."""
    if national:
        shapes = _prefectures()
        return Boundaries(shapes, japan_panels(shapes), {})
    shapes = _municipalities()
    return Boundaries(shapes, tokyo_panels(shapes), centroids(shapes))
