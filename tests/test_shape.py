"""dashboard.shape: pure reshaping, labels from the vocabulary, in both languages."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.shape.headline import kpi_cards, kpi_table
from dashboard.shape.heatmap import filter_cells, order_cells, region_label
from dashboard.shape.municipality import peers
from dashboard.shape.progress import Projection, projection_points, stage_table
from schemas.vocabulary.contract import STAGES

KPIS = pd.DataFrame(
    {
        "kpi": ["in_scope", "live", "registry_live", "n_municipalities", "cloud_running", "special_support"]
        + ["overdue", "reported_recent", "overdue_deadline", "overdue_special", "overdue_target", "overdue_no_report"],
        "value": [100, 40, 10, 62, 5, 3, 7, 50, 4, 2, 1, 3],
        "before": [100, 30, 10, 62, 5, 3, 9, 50, 4, 2, 1, 3],
    }
).assign(change=lambda f: f["value"] - f["before"])


def _cells() -> pd.DataFrame:
    rows = []
    for code, region, kind, live in [
        ("131016", "ku", "ward", 2),
        ("132012", "tama", "city", 0),
        ("133621", "islands", "village", 1),
    ]:
        for i, business in enumerate(["resident_registry", "fixed_asset_tax"]):
            rows.append(
                {
                    "municipality_code": code,
                    "region": region,
                    "region_ja": {"ku": "区部", "tama": "多摩", "islands": "島しょ"}[region],
                    "kind": kind,
                    "prefecture_code": "13",
                    "business_id": business,
                    "business_order": i + 1,
                    "n_live": live,
                    "n_in_scope": 2,
                    "schedule_status": "on_track" if live < 2 else "live",
                }
            )
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("lang", "label", "share"),
    [("ja", "稼働済みシステム", "稼働率（対象外を除く）"), ("en", "Systems live", "Share live (in scope)")],
)
def test_kpi_cards_label_value_and_change(lang, label, share):
    cards = {c["key"]: c for c in kpi_cards(KPIS, lang, date(2026, 3, 31), 30)}
    assert cards["live"]["label"] == label and cards["live"]["value"] == "40 / 100"
    assert cards["live"]["delta"] == "+10" and cards["live"]["delta_color"] == "normal"
    assert (
        cards["share"]["label"] == share
        and cards["share"]["value"] == "40.0%"
        and cards["share"]["delta"] == "+10.0 pt"
    )
    # fewer overdue is good: the change is coloured the other way round
    assert cards["overdue"]["delta"] == "-2" and cards["overdue"]["delta_color"] == "inverse"
    # an unchanged figure shows ±0, flat
    assert cards["registry_live"]["delta"] == "±0" and cards["registry_live"]["delta_arrow"] == "off"
    assert "2026/03/31" in cards["overdue"]["help"]


@pytest.mark.parametrize(("lang", "word", "part"), [("ja", "期限超過", "うち"), ("en", "Past due", "of which")])
def test_past_due_is_one_word_and_its_parts_are_parts(lang, word, part):
    cards = {c["key"]: c for c in kpi_cards(KPIS, lang, date(2026, 3, 31), 45)}
    assert cards["overdue"]["label"] == word
    parts = cards["overdue"]["split"].split(" · ")
    # every part begins with 「うち」 and none of them is called by the total's word
    assert len(parts) == 4 and all(p.startswith(part + " ") for p in parts)
    assert not any(word in p for p in parts)
    assert parts[-1].endswith(" 3")  # of which no report
    # the recent window is the setting's, in the label and the help
    assert "45" in cards["reported_recent"]["label"] and "45" in cards["reported_recent"]["help"]
    table = kpi_table(KPIS, lang, 45)
    measures = list(table.iloc[:, 0])
    assert measures.count(word) == 1 and sum(m.startswith(part + " ") for m in measures) == 4


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_card_has_help_in_plain_words(lang):
    for card in kpi_cards(KPIS, lang, date(2026, 3, 31), 30):
        help_text = card["help"]
        assert help_text, card["key"]
        # no command, column or code names: the user's words only
        for developer in ("hyojunka", "export", "schedule_status", "overdue_", "not_applicable", "_", "{", "}"):
            assert developer not in help_text, (card["key"], developer)


def test_kpi_table_names_every_measure():
    table = kpi_table(KPIS, "en", 30)
    assert list(table.columns) == ["Measure", "Now", "30 days before", "Change"]
    assert table["Measure"].notna().all() and "Systems in scope" in set(table["Measure"])


def test_stage_table_labels_from_the_vocabulary():
    dist = pd.DataFrame(
        {
            "business_id": ["resident_registry"] * 2,
            "business_order": [1, 1],
            "business_ja": ["住民基本台帳"] * 2,
            "business_en": ["Basic Resident Registry"] * 2,
            "stage": ["live", "planning"],
            "n": [3, 4],
        }
    )
    ja = stage_table(dist, "ja")
    assert list(ja.columns) == ["業務", "段階コード", "進捗段階", "団体数"]
    assert set(ja["進捗段階"]) == {STAGES["live"][0], STAGES["planning"][0]}
    en = stage_table(dist, "en")
    assert set(en["Stage"]) == {"Live", "Planning"}


def test_filter_and_order_cells():
    cells = _cells()
    assert set(filter_cells(cells, ["tama"], [])["municipality_code"]) == {"132012"}
    assert set(filter_cells(cells, [], ["ward", "village"])["municipality_code"]) == {"131016", "133621"}
    assert len(filter_cells(cells, [], [])) == len(cells)
    ordered = order_cells(cells, "progress_desc")
    assert list(dict.fromkeys(ordered["municipality_code"])) == ["131016", "132012", "133621"]  # by region first
    assert list(ordered["business_id"][:2]) == ["resident_registry", "fixed_asset_tax"]


@pytest.mark.parametrize(
    ("region", "lang", "expected"),
    [
        ("ku", "en", "Special wards"),
        ("tama", "ja", "多摩"),
        ("hokkaido", "en", "Hokkaido"),
        ("hokkaido", "ja", "北海道"),
    ],
)
def test_region_label(region, lang, expected):
    assert region_label(region, "北海道", lang) == expected


def test_projection_points_and_none_without_progress():
    p = Projection(
        pace_per_week=10.0,
        remaining=100,
        completion=date(2027, 1, 1),
        start=date(2026, 11, 2),
        start_live=50,
        target=150,
    )
    points = projection_points(p)
    assert list(points["live"]) == [50, 150]
    assert projection_points(Projection(0.0, 100, None)).empty


def test_peers_same_kind_most_progress_first():
    summary = pd.DataFrame(
        {
            "municipality_code": ["a", "b", "c"],
            "kind": ["city", "city", "town"],
            "region": ["tama", "tama", "tama"],
            "prefecture_code": ["13"] * 3,
            "share_live": [0.2, 0.5, 0.9],
        }
    )
    assert list(peers(summary, "a", "kind")["municipality_code"]) == ["b", "a"]
    assert list(peers(summary, "a", "region")["municipality_code"]) == ["c", "b", "a"]
    assert peers(summary, "zz", "kind").empty
