"""地図 Map and the overview's map card through AppTest against the small database."""

from __future__ import annotations

from tests.support.apptest import keys_of, run_page
from tests.support.codes import CHIYODA, CHUO, HACHIOJI, TOSHIMA


def test_map_page_runs_in_both_languages(small_db):
    at = run_page("map")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "地図"
    assert {"metric", "map_chart", "map_csv"} <= keys_of(at)
    assert any("国土数値情報" in c.value for c in at.caption)  # the ministry's credit
    at = run_page("map", lang="en")
    assert not at.exception and at.title[0].value == "Map"


def test_map_table_holds_the_hand_worked_shares(small_db):
    at = run_page("map", lang="en")
    table = at.dataframe[0].value.set_index("Code")
    assert len(table) == 62
    # the overview's denominator: every system in scope, unreported ones included. Hachioji: tax live
    # of its 20; Toshima Village: 18 in scope (tax and assistance not applicable); Chuo never reported
    assert table.at[HACHIOJI, "Share live (of systems in scope)"] == "5.0% (1/20)"
    assert table.at[HACHIOJI, "Legend class"] == "0–19%"
    assert table.at[TOSHIMA, "Share live (of systems in scope)"] == "0.0% (0/18)"
    assert table.at[CHUO, "Share live (of systems in scope)"] == "0.0% (0/20)"
    assert table.at[CHUO, "Legend class"] == "Nothing in scope or no report"


def test_map_of_one_business_stage_from_the_url(small_db):
    at = run_page("map", metric="stage", business="resident_registry", lang="en")
    assert not at.exception
    assert at.selectbox(key="business").value == "resident_registry"
    table = at.dataframe[0].value.set_index("Code")
    assert table.at[CHIYODA, "Legend class"] == "Live"
    assert table.at[HACHIOJI, "Legend class"] == "Migration / testing"
    assert table.at[CHUO, "Legend class"] == "No report"
    at.radio(key="metric").set_value("cloud").run()
    assert at.query_params["metric"] in ("cloud", ["cloud"])
    table = at.dataframe[0].value.set_index("Code")
    assert table.at[CHIYODA, "Share running on the Government Cloud"] == "5.0% (1/20)"


def test_overview_has_the_map_card(small_db):
    at = run_page("overview")
    assert not at.exception
    assert {"overview_map_chart", "overview_map_csv"} <= keys_of(at)


def test_national_map_is_by_prefecture(national_db):  # noqa: F811
    at = run_page("map", lang="en")
    assert not at.exception
    table = at.dataframe[0].value.set_index("Code")
    assert len(table) == 47
    assert table.at["13", "Name"] == "Tokyo"
    # the overview's denominator: Tokyo's 62 municipalities x 20 systems, one of them live
    assert table.at["13", "Share live (of systems in scope)"] == "0.1% (1/1,240)"
    assert table.at["01", "Share live (of systems in scope)"].startswith("0.0% (0/")


def test_map_of_one_business_schedule_status(small_db):
    at = run_page("map", metric="schedule", business="resident_registry", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value.set_index("Code")
    # today is after the national deadline: a registry not live and without special support missed it
    assert table.at[CHIYODA, "Legend class"] == "Live"
    assert table.at[HACHIOJI, "Legend class"] == "Past the national deadline (no special support)"
    assert table.at[CHUO, "Legend class"] == "Past the national deadline (no special support)"  # never reported
