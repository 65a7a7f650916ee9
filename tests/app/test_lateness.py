"""Lateness on the pages (AppTest): the overview's past-due card equals, to the unit, the count an
analyst makes from `hyojunka export` with the definition; the delays, vendors, progress, heatmap and
municipality pages classify by the same schedule status."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from etl import reference, store
from tests.support.apptest import run_page
from tests.support.cli import run_etl as cli
from tests.support.codes import CHIYODA, CHUO


def analyst_count(export_csv: bytes, day: date) -> dict[str, int]:
    """What an analyst computes from the export with the CIO office's definition, not its column."""
    frame = pd.read_csv(io.BytesIO(export_csv), dtype=str, keep_default_na=False)
    deadline = reference.national_deadline()
    not_live = ~frame["stage"].isin(["live", "not_applicable"])
    special = frame["special_support"].str.lower() == "true"
    target = [date.fromisoformat(v) if v else deadline for v in frame["target_date"]]
    due = [t if s else min(t, deadline) for t, s in zip(target, special, strict=True)]
    past_due = not_live & pd.Series([d < day for d in due], index=frame.index)
    missed = not_live & ~special & (day > deadline)
    return {
        "past_due": int((past_due | missed).sum()),
        "overdue_deadline": int(missed.sum()),
        "overdue_special": int((past_due & special).sum()),
        # the export's own column agrees
        "column": int(frame["schedule_status"].str.startswith("overdue_").sum()),
    }


def test_overview_past_due_equals_the_count_on_the_export(schedule_history):
    at = run_page("overview", lang="en")
    assert not at.exception
    today = date.fromisoformat(str(pd.Timestamp.now(tz="Asia/Tokyo").date()))
    exported = cli("export", "--day", today.isoformat(), db=schedule_history)
    assert exported.returncode == 0, exported.stderr
    counted = analyst_count(exported.stdout, today)
    card = {m.label: m for m in at.metric}["Past due"]
    assert card.value == f"{counted['past_due']:,}" == f"{counted['column']:,}"
    # by hand: after D every pair not live but Chiyoda's school enrollment and Chuo's seal registration
    # (special support, new dates still ahead): 1,240 - 2 live - 1 not applicable - 2 = 1,235
    assert counted == {"past_due": 1235, "overdue_deadline": 1234, "overdue_special": 1, "column": 1235}
    split = at.get("caption")
    text = " ".join(c.value for c in split)
    assert "of which past the national deadline (no special support) 1,234" in text
    assert "of which special support, past its new date 1" in text
    assert "of which no report 1,230" in text
    assert card.delta == "±0"  # nothing reported in the last 30 days
    assert "2026/03/31" in card.help and "special-support" in card.help


def test_overview_in_japanese_names_the_split(schedule_history):
    at = run_page("overview")
    card = {m.label: m for m in at.metric}["期限超過"]
    assert card.value == "1,235"
    text = " ".join(c.value for c in at.get("caption"))
    assert (
        "うち 全国の期限を経過（特定移行支援なし） 1,234" in text and "うち 特定移行支援・新たな予定日を経過 1" in text
    )
    assert "全国の期限 2026/03/31" in card.help


def test_the_figures_follow_the_day_from_the_same_definition(schedule_history):
    exported = cli("export", "--day", "2026-01-15", db=schedule_history)
    assert analyst_count(exported.stdout, date(2026, 1, 15))["past_due"] == 1  # Chiyoda's seal registration
    from dashboard import queries

    with store.connect(schedule_history, read_only=True) as con:
        k = queries.kpis_with_change(con, date(2026, 4, 30)).set_index("kpi")
    # on 2026-04-30: Chiyoda's seal, electoral, fixed asset and public assistance (live only on 05-01)
    # missed D, and so did the 1,232 pairs with no report yet; on 2026-03-31 (30 days before) nothing
    # had missed D, but seal registration (2025-12-31) and public assistance (2026-02-28) were past
    # their own targets
    assert k.loc["overdue_deadline", ["value", "before"]].tolist() == [4 + 1232, 0]
    assert k.loc["overdue_target", ["value", "before"]].tolist() == [0, 2]
    assert k.loc["overdue", ["value", "before"]].tolist() == [1236, 2]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_municipality_page_shows_each_systems_schedule_status_and_due_date(schedule_history, lang):
    at = run_page("municipality", muni=CHIYODA, lang=lang)
    assert not at.exception
    systems = at.dataframe[0].value
    status, due = ("Schedule status", "Due date") if lang == "en" else ("スケジュール", "期日")
    business = "Business" if lang == "en" else "業務"
    family = systems[systems[business] == ("Family Register" if lang == "en" else "戸籍")].iloc[0]
    assert family[due] == "2026/05/31"
    assert family[status] == (
        "Special support, past its new date" if lang == "en" else "特定移行支援・新たな予定日を経過"
    )
    registry = systems[systems[business] == ("Basic Resident Registry" if lang == "en" else "住民基本台帳")].iloc[0]
    assert (registry[status], registry[due]) == (("Live", "") if lang == "en" else ("稼働済み", ""))


def test_delays_and_vendors_classify_by_schedule_status(schedule_history):
    at = run_page("delays", lang="en")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Past the national deadline (no special support)"] == "1,234"
    assert metrics["Special support, past its new date"] == "1"
    late = next(d.value for d in at.dataframe if "Due date" in d.value.columns and "Days past due" in d.value.columns)
    assert len(late) == 1235
    chuo = late[(late["Code"] == CHUO) & (late["Stage"] == "Migration / testing")]
    assert chuo["Due date"].tolist() == ["2026/03/31"]  # its target 2026-09-30 is after D


def test_progress_shows_live_on_the_deadline_with_a_constant_scope(schedule_history):
    at = run_page("progress", business="all", lang="en")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # on 2026-03-31 only Chiyoda's resident registry was live, of 1,240 - 1 not applicable
    assert metrics["Live on 2026/03/31 (All businesses)"] == "1 of 1,239"
    lines = next(d.value for d in at.dataframe if "Series" in d.value.columns)
    scope = lines[lines["Series"] == "Systems in scope"]["Systems"]
    assert scope.nunique() == 1 and scope.iloc[0] == 1239  # not ramping up as reports arrive
    at = run_page("progress", business="resident_registry", lang="en")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Live on 2026/03/31 (Basic Resident Registry)"] == "1 of 62"


def test_heatmap_filters_and_laggards_of_one_business(schedule_history):
    at = run_page("heatmap", status="overdue_special")
    assert not at.exception
    assert at.multiselect(key="status").value == ["overdue_special"]
    # only Chiyoda has a system past its special-support date (family register, 2026-05-31)
    assert at.selectbox(key="heatmap_open").options == ["千代田区 (131016)"]
    at.multiselect(key="business").set_value(["resident_registry"]).run()
    assert at.query_params["business"] in ("resident_registry", ["resident_registry"])
    # no resident registry is past a special-support date
    assert any("条件に合う団体がありません" in i.value for i in at.info)
    at = run_page("heatmap", laggards="family_register", lang="en")
    laggards = at.dataframe[-1].value  # the last table on the page
    # every municipality's family register is not live: Chiyoda's past its new date first, then the
    # 61 with no report, due on the deadline
    assert len(laggards) == 62
    assert laggards.iloc[0][["Code", "Schedule status", "Due date"]].tolist() == [
        CHIYODA,
        "Special support, past its new date",
        "2026/05/31",
    ]
    assert set(laggards.iloc[1:]["Schedule status"]) == {"Past the national deadline (no special support)"}
