"""The public pages through AppTest against the small database built through the real ETL."""

from __future__ import annotations

import pytest

from dashboard import pages
from etl import reference
from tests.support.apptest import keys_of, public_pages, run_page
from tests.support.codes import CHIYODA, HACHIOJI

# page -> keys of elements that must be there; every public page of the registry (dashboard/pages.py)
# runs in both languages under its title, whether listed here or not
KEYS: dict[str, list[str]] = {
    "overview": [
        "kpi_live",
        "kpi_share",
        "kpi_registry_live",
        "kpi_cloud_running",
        "kpi_special_support",
        "kpi_overdue",
        "kpi_reported_recent",
        "overview_stages_chart",
        "overview_stages_csv",
        "overview_deck_pptx",
    ],
    "heatmap": ["region", "kind", "sort", "heatmap_cells_chart", "heatmap_cells_csv", "heatmap_open"],
    "progress": ["business", "progress_completion", "progress_lines_chart", "progress_lines_csv"],
    "gov_cloud": [
        "cloud_two_tracks_chart",
        "cloud_tracks_chart",
        "cloud_business_chart",
        "cloud_municipality_chart",
        "cloud_municipality_csv",
        "region",
    ],
    "municipality": [
        "muni",
        "peers",
        "muni_systems_csv",
        "muni_history_chart",
        "muni_peers_chart",
        "muni_last_report",
        "muni_sheet_pdf",
    ],
    "delays": ["delays_reasons_chart", "delays_special_csv", "delays_overdue_by_business_chart", "delays_overdue_csv"],
    "vendors": ["vendors_schedule_chart", "vendors_matrix_chart", "top", "min", "vendors_joint_csv"],
}
# a page whose heading says more than its label in the navigation: (Japanese, English)
HEADINGS: dict[str, tuple[str, str]] = {
    "forecast": ("予測の方法と検証", "How the forecast works and is checked"),
}
PAGES = public_pages()


def heading(page: str) -> tuple[str, str]:
    """The page's title as its heading shows it, in Japanese and English."""
    return HEADINGS.get(page, pages.page(page).title)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_in_japanese_with_its_elements(small_db, page):
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == heading(page)[0]
    found = keys_of(at)
    missing = [k for k in KEYS.get(page, []) if k not in found]
    assert not missing, (missing, sorted(found))


@pytest.mark.parametrize("page", PAGES)
def test_english_toggle_changes_the_labels(small_db, page):
    at = run_page(page, lang="en")
    assert not at.exception
    assert at.title[0].value == heading(page)[1]
    assert at.toggle(key="lang_toggle").value is True
    # switching the toggle off brings Japanese back and drops lang from the URL
    at.toggle(key="lang_toggle").set_value(False).run()
    assert at.title[0].value == heading(page)[0]
    assert "lang" not in at.query_params


def test_overview_cards_show_the_hand_worked_figures(small_db):
    at = run_page("overview", lang="en")
    metrics = {m.label: m for m in at.metric}
    # today is long after the small history: nothing reported in 30 days, nothing changed
    # in scope: every pair of the jurisdiction but Toshima's two not applicable, no report included
    assert metrics["Systems live"].value == "2 / 1,238"
    assert metrics["Share live (in scope)"].value == "0.2%"
    assert metrics["Resident registry live"].value == "1 / 62"
    assert metrics["Running on the Government Cloud"].value == "2"
    assert metrics["Special-support systems"].value == "1"
    # past due today (after the deadline): every pair in scope and not live but Hachioji's public
    # assistance, special support due 2027-03-31: 1,238 - 2 - 1
    assert metrics["Past due"].value == "1,235"
    # a recent report is one received in the last 30 days (recent_report_days): the small database's
    # submissions were all received today
    assert metrics["Reported within 30 days"].value == "3 / 62"
    assert metrics["Systems live"].delta == "±0"  # no change is shown flat, not as a rise


def _names(regions: set[str], kinds: set[str] | None = None) -> list[str]:
    munis = reference.municipalities()
    keep = munis["region"].isin(regions) & (munis["kind"].isin(kinds) if kinds else True)
    return sorted(f"{n} ({c})" for n, c in zip(munis[keep]["name_ja"], munis[keep]["code"], strict=True))


def test_heatmap_filters_come_from_the_url_and_go_back_into_it(small_db):
    at = run_page("heatmap", region="islands,tama", sort="progress_asc")
    assert at.multiselect(key="region").value == ["islands", "tama"]
    assert at.selectbox(key="sort").value == "progress_asc"
    options = at.selectbox(key="heatmap_open").options
    assert sorted(options) == _names({"islands", "tama"})
    # least progress first within a region: Hachioji (1 of 3 live) after those at 0 or unreported
    assert options.index("八王子市 (132012)") > options.index("立川市 (132021)")
    at.multiselect(key="kind").set_value(["village"]).run()
    assert at.query_params["kind"] in ("village", ["village"])
    assert sorted(at.selectbox(key="heatmap_open").options) == _names({"islands", "tama"}, {"village"})
    at.multiselect(key="region").set_value([]).run()
    assert "region" not in at.query_params


def test_heatmap_choice_opens_the_municipality_page(small_db):
    at = run_page("heatmap", lang="en")
    at.selectbox(key="heatmap_open").set_value(HACHIOJI).run()
    assert not at.exception
    assert at.title[0].value == "Municipality"
    assert at.selectbox(key="muni").value == HACHIOJI
    assert at.header[0].value == "Hachioji (132012)"


def test_municipality_from_the_url_shows_its_systems_and_peers(small_db):
    at = run_page("municipality", muni=HACHIOJI, peers="region", lang="en")
    assert not at.exception
    assert at.selectbox(key="muni").value == HACHIOJI
    assert at.radio(key="peers").value == "region"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Live / in scope"] == "1 / 20"  # in scope as on the overview: unreported systems included
    assert metrics["Resident registry"] == "Migration / testing"
    assert metrics["Last report"] == "2025/01/06"
    systems = at.dataframe[0].value
    assert len(systems) == 20
    row = systems[systems["Business"] == "Public Assistance"].iloc[0]
    assert (row["Special support"], row["Reason"]) == ("○", "Mainframe")
    assert "Notes" not in systems.columns
    at.selectbox(key="muni").set_value(CHIYODA).run()
    assert at.query_params["muni"] in (CHIYODA, [CHIYODA])
    assert at.header[0].value == "Chiyoda (131016)"


def test_progress_business_from_the_url(small_db):
    at = run_page("progress", business="all", lang="en")
    assert at.selectbox(key="business").value == "all"
    at.selectbox(key="business").set_value("resident_registry").run()
    assert "business" not in at.query_params  # the default is not written into the link
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Not yet live (in scope)"] == "61"  # 62 registries, Chiyoda's live


def test_vendors_threshold_from_the_url(small_db):
    at = run_page("vendors", min="2", lang="en")
    assert at.slider(key="min").value == 2
    joint = at.dataframe[-1].value
    assert joint["Vendor"].tolist() == ["TKC", "NEC"]
    assert joint["Municipalities"].tolist() == [3, 2]


def test_delays_lists_special_support_with_its_reason(small_db):
    at = run_page("delays", lang="en")
    special = next(d.value for d in at.dataframe if "New target date" in d.value.columns)
    assert special[["Municipality", "Reason", "New target date"]].values.tolist() == [
        ["Hachioji", "Mainframe", "2027/03/31"]
    ]


@pytest.mark.parametrize("page", list(PAGES))
def test_empty_database_shows_how_to_load_data(tmp_db, page):
    at = run_page(page)
    assert not at.exception
    assert any("hyojunka demo" in i.value for i in at.info)


def test_missing_database_shows_how_to_load_data(tmp_path, monkeypatch):
    monkeypatch.setenv("HYOJUNKA_DB", str(tmp_path / "nowhere.duckdb"))
    at = run_page("overview")
    assert not at.exception
    assert any("hyojunka demo" in i.value for i in at.info)


def test_national_heatmap_rolls_up_by_prefecture_and_drills_into_one(national_db):
    at = run_page("heatmap", lang="en")
    assert not at.exception
    assert {"heatmap_prefectures_chart", "pref", "heatmap_cells_chart"} <= keys_of(at)
    assert at.selectbox(key="pref").value == "13"  # Tokyo first
    rollup = at.dataframe[0].value
    tokyo = rollup[(rollup["Prefecture"] == "Tokyo") & (rollup["Business"] == "Basic Resident Registry")]
    assert tokyo[["Live", "In scope", "Share live"]].values.tolist() == [[1, 1, 100.0]]
    at.selectbox(key="pref").set_value("01").run()
    assert at.query_params["pref"] in ("01", ["01"])
    assert all(o.endswith(")") and "(01" in o for o in at.selectbox(key="heatmap_open").options)
