"""The cost page and the municipality page's costs through AppTest: the privacy rule (a public page never
shows one municipality's yen when fewer than five are aggregated), and what the municipality itself and
the CIO office see; the static edition's files under the same rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from access import tokens
from dashboard.publish.site import publish
from etl import store
from etl.costs import ingest as cost_ingest
from etl.costs import settings
from tests.support.apptest import all_text, signed_in
from tests.support.costs import CODES, MARKS, costs_of
from tests.support.paths import APP


@pytest.fixture
def few(tmp_db: Path, small_db_copy) -> Path:
    """Status reports from the small fixture's pattern, and costs from three municipalities only."""
    small_db_copy(tmp_db)
    assert cost_ingest.ingest_frame(costs_of(CODES[:3]), source="json", db=tmp_db).accepted
    return tmp_db


@pytest.fixture
def many(tmp_db: Path, small_db_copy) -> Path:
    small_db_copy(tmp_db)
    assert cost_ingest.ingest_frame(costs_of(CODES), source="json", db=tmp_db).accepted
    return tmp_db


def run_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"app_pages/{page}.py")
    return at.run()


def yen_shown(text: str, codes: list[str]) -> list[str]:
    digits = re.sub(r"[,\s]", "", text)
    return [code for code in codes for value in MARKS[code] if str(value) in digits]


def test_public_cost_page_with_fewer_than_five_shows_no_figure(few):
    at = run_page("costs", lang="en")
    assert not at.exception
    text = all_text(at)
    assert "Fewer than 5 municipalities" in text
    assert not at.metric and not at.dataframe
    assert yen_shown(text, CODES) == []


def test_public_municipality_page_shows_no_yen_but_says_who_may(few):
    at = run_page("municipality", muni=CODES[0], lang="en")
    assert not at.exception
    text = all_text(at)
    assert yen_shown(text, CODES) == []
    assert "shown to that municipality and the CIO office only" in text


def test_public_cost_page_with_six_shows_aggregates_only(many):
    at = run_page("costs", lang="en")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    total_base = sum(b for b, _ in MARKS.values())
    total_latest = sum(latest for _, latest in MARKS.values())
    assert metrics["Cost-weighted ratio"] == f"{total_latest / total_base:.2f}×"
    assert metrics["Municipalities above 1.0×"] == "6 / 6"
    text = all_text(at)
    # every figure shown adds up six municipalities: no single municipality's yen
    assert yen_shown(text, CODES) == []
    assert "By municipality" not in [s.value for s in at.subheader]
    # the business table adds up all six
    assert str(total_base) in re.sub(r"[,\s.]", "", text) or f"{total_base}.0" in text or str(total_base) in text


def test_the_municipality_sees_its_own_costs_and_no_one_elses(many):
    with store.connect() as con:
        _, token = tokens.issue(con, CODES[0])
    at = signed_in(token, "app_pages/municipality.py")
    at.query_params["muni"] = CODES[0]
    at.run()
    text = all_text(at)
    assert yen_shown(text, CODES) == [CODES[0], CODES[0]]
    at.selectbox(key="muni").set_value(CODES[1]).run()
    assert yen_shown(all_text(at), CODES) == []


def test_the_cio_office_sees_every_municipality(many):
    with store.connect() as con:
        _, token = tokens.issue(con, "admin")
    at = signed_in(token, "app_pages/costs.py")
    assert not at.exception
    assert "By municipality (highest ratio first)" in [
        s.value for s in at.subheader
    ] or "団体別（FY2018 比の高い順）" in [s.value for s in at.subheader]
    assert sorted(set(yen_shown(all_text(at), CODES))) == sorted(CODES)


def test_a_deployment_that_publishes_shows_them_publicly(few, monkeypatch):
    monkeypatch.setenv(settings.PUBLISH_ENV, "1")
    at = run_page("municipality", muni=CODES[0], lang="en")
    assert yen_shown(all_text(at), CODES) == [CODES[0], CODES[0]]


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["few", "many"])
def test_the_static_edition_never_holds_one_municipalitys_yen(fixture, request, tmp_path):
    db = request.getfixturevalue(fixture)
    out = tmp_path / "site"
    publish(db, out)
    assert (out / "costs.html").exists() and (out / "en" / "costs.html").exists()
    leaks = []
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".csv", ".json"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            found = yen_shown(text, CODES)
            if found:
                leaks.append((str(path.relative_to(out)), found))
    assert leaks == []
    page = (out / "en" / "costs.html").read_text(encoding="utf-8")
    if fixture == "few":
        assert "Fewer than 5 municipalities" in page
    else:
        assert "Cost-weighted ratio" in page


def test_the_report_pages_cost_tab_checks_then_files_the_prefilled_figures(many):
    with store.connect() as con:
        _, token = tokens.issue(con, CODES[0], "千代田区 情報政策課")
    at = signed_in(token)
    assert not at.exception
    at.button(key="cost_form_check").click().run()
    assert not at.exception
    # last year's figures prefilled as this year's budget (one business stored): one row, no error
    assert any("No findings (1 rows)" in s.value or "問題はありません（1 行）" in s.value for s in at.success)
    at.button(key="cost_form_file").click().run()
    assert not at.exception
    with store.connect(read_only=True) as con:
        kept = con.execute(
            "select outcome, submitter, submitter_code, source from cost_submissions order by id desc limit 1"
        ).fetchone()
        fy = con.execute("select max(fiscal_year) from cost_reports where municipality_code = ?", [CODES[0]]).fetchone()
    assert kept == ("accepted", "千代田区 情報政策課", CODES[0], "form")
    assert fy[0] > 2024
