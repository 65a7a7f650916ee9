"""The map: vendored boundaries keyed by our codes, and a figure with one shape per municipality in
the right colour for a hand-built frame."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import geo
from dashboard.charts.maps import choropleth, map_colors, share_categories, share_class, stage_categories
from dashboard.charts.palette import CLOUD_COLORS, STAGE_COLORS
from dashboard.shape.maps import map_share_frame
from etl import reference


@pytest.fixture(scope="module")
def tokyo() -> dict:
    return geo.municipalities()


def test_boundaries_carry_the_jurisdictions_codes(tokyo):
    codes = geo.codes(tokyo)
    assert len(codes) == 62 == len(set(codes))  # the feature of no municipality is dropped
    assert set(codes) == set(reference.municipalities()["code"])
    by_name = {f["properties"]["N03_004"]: f["properties"]["code"] for f in tokyo["features"]}
    assert by_name["千代田区"] == "131016" and by_name["八王子市"] == "132012" and by_name["小笠原村"] == "134210"


def test_prefectures_carry_their_two_digit_codes():
    prefectures = geo.prefectures()
    assert sorted(geo.codes(prefectures)) == sorted(reference.prefectures()["prefecture_code"])
    by_name = {f["properties"]["N03_001"]: f["properties"]["code"] for f in prefectures["features"]}
    assert by_name["東京都"] == "13" and by_name["沖縄県"] == "47"


def test_islands_get_their_own_panels(tokyo):
    mainland, izu, ogasawara = geo.tokyo_panels(tokyo)
    islands = set(reference.municipalities().query("region == 'islands'")["code"])
    assert set(izu.codes) | set(ogasawara.codes) == islands
    assert ogasawara.codes == ("134210",)
    assert not set(mainland.codes) & islands and len(mainland.codes) == 53


# a hand-built frame: every municipality in a class chosen by its position, one without data
def _fixture(codes: list[str]) -> pd.DataFrame:
    classes = ["q0", "q1", "q2", "q3", "q4", "none"]
    return pd.DataFrame(
        {
            "code": codes,
            "name": [f"name {c}" for c in codes],
            "category": [classes[i % len(classes)] for i in range(len(codes))],
            "value_text": [f"value {c}" for c in codes],
        }
    )


def test_map_has_one_shape_per_municipality_in_its_colour(tokyo):
    codes = geo.codes(tokyo)
    frame = _fixture(codes)
    categories = share_categories(STAGE_COLORS["live"], "ja")
    fig = choropleth(frame, tokyo, geo.tokyo_panels(tokyo), categories, credit=geo.credit("ja"))
    located = [code for t in fig.data if t.type == "choropleth" for code in t.locations]
    assert sorted(located) == sorted(codes)  # every municipality once, nothing twice
    colours = map_colors(fig)
    expected = {
        "131016": categories["q0"][1],  # the first row: class q0
        codes[1]: categories["q1"][1],
        codes[5]: categories["none"][1],
    }
    for code, colour in expected.items():
        assert colours[code] == colour
    for row in frame.itertuples():
        assert colours[row.code] == categories[row.category][1]
    # each trace carries only the shapes it colours, so the boundaries travel once
    for t in fig.data:
        if t.type == "choropleth":
            assert sorted(f["properties"]["code"] for f in t.geojson["features"]) == sorted(t.locations)
    # the ministry's credit line is inside the figure
    assert any(geo.CREDIT[0] in (a.text or "") for a in fig.layout.annotations)
    # no basemap: nothing to fetch
    assert all(fig.layout[g].visible is False for g in ("geo", "geo2", "geo3"))


def test_classes_and_colours_follow_the_palette():
    assert [share_class(v) for v in (0, 0.19, 0.2, 0.5, 0.79, 0.8, 1.0, None)] == [
        "q0",
        "q0",
        "q1",
        "q2",
        "q3",
        "q4",
        "q4",
        "none",
    ]
    categories = share_categories(CLOUD_COLORS["running"], "en")
    assert categories["q4"][1] == CLOUD_COLORS["running"]
    assert categories["none"][1] == STAGE_COLORS["no_report"]
    assert stage_categories("ja")["live"][1] == STAGE_COLORS["live"]


def test_share_frame_counts_and_classes():
    summary = pd.DataFrame(
        {
            "municipality_code": ["131016", "132012", "133621"],
            "municipality_ja": ["千代田区", "八王子市", "利島村"],
            "municipality_en": ["Chiyoda", "Hachioji", "Toshima Village"],
            "prefecture_code": ["13", "13", "13"],
            "n_live": [1, 1, 0],
            "n_in_scope": [3, 2, 0],
            "n_cloud_running": [1, 0, 0],
        }
    )
    live = map_share_frame(summary, "live", "ja")
    assert live["category"].tolist() == ["q1", "q2", "none"]
    assert live["value_text"].tolist() == ["33.3% (1/3)", "50.0% (1/2)", "—"]
    cloud = map_share_frame(summary, "cloud", "en")
    assert cloud["category"].tolist() == ["q1", "q0", "none"] and cloud["name"].tolist()[0] == "Chiyoda"
    by_prefecture = map_share_frame(summary, "live", "ja", by_prefecture=True)
    assert by_prefecture[["code", "n", "n_in_scope", "category"]].values.tolist() == [["13", 2, 5, "q2"]]
