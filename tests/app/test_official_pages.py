"""The reconciliation page and the official panels through AppTest, on the small database with the
releases of tests/official_books.py (counted by hand there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.apptest import keys_of, run_page
from tests.support.codes import CHIYODA, HACHIOJI


@pytest.fixture(scope="module")
def official_db_file(tmp_path_factory: pytest.TempPathFactory, official_db_copy) -> Path:
    return official_db_copy(tmp_path_factory.mktemp("app_official") / "official.duckdb")


@pytest.fixture
def official_db(official_db_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HYOJUNKA_DB", str(official_db_file))
    return official_db_file


def _table(at, column: str):
    """The first table on the page with this column (tables carry no key in AppTest)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.mark.parametrize(("lang", "title"), [("ja", "突合"), ("en", "Reconciliation")])
def test_reconciliation_page_counts_each_class(official_db, lang, title):
    at = run_page("reconciliation", **({"lang": "en"} if lang == "en" else {}))
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == title
    assert {"reconcile_counts_chart", "reconcile_counts_csv", "reconcile_list_csv", "kinds"} <= keys_of(at)
    counts = _table(at, "件数" if lang == "ja" else "Count")
    assert counts.iloc[:, 1].tolist() == [1, 2, 1, 1, 1]
    listing = _table(at, "団体のページ" if lang == "ja" else "Municipality page")
    assert len(listing) == 6
    links = listing.iloc[:, -1].tolist()
    assert f"/municipality?muni={CHIYODA}" + ("&lang=en" if lang == "en" else "") in links
    captions = " ".join(c.value for c in at.caption)
    assert "2025-03" in captions and "https://example.org/latest.xlsx" in captions


def test_reconciliation_filter_from_the_url(official_db):
    at = run_page("reconciliation", kinds="special_not_listed", lang="en")
    assert at.multiselect(key="kinds").value == ["special_not_listed"]
    listing = _table(at, "Municipality page")
    assert listing["Code"].tolist() == [HACHIOJI]
    assert listing["Reported special support"].tolist() == ["yes"]
    assert listing["Release as of"].tolist() == ["2025-03"]


def test_reconciliation_without_releases_says_how_to_load_them(small_db):
    at = run_page("reconciliation")
    assert not at.exception
    assert any("hyojunka official ingest" in i.value for i in at.info)


def test_overview_shows_procedure_vs_running_and_the_national_context(official_db):
    at = run_page("overview", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert {"overview_procedure_chart", "overview_context_chart", "overview_context_csv"} <= keys_of(at)
    procedure = _table(at, "Share at 100 %").set_index("Business")
    # resident registry: ministry 0.9, 1.0, 0.5 -> 80.0 %; reported live 1 of 3 in scope
    assert procedure.loc["Basic Resident Registry", "Procedure done, average (ministry)"] == "80.0%"
    assert procedure.loc["Basic Resident Registry", "Share running (reported)"] == "33.3%"
    context = _table(at, "Figure").set_index("Figure")
    running = context.loc["Systems running standard-compliant systems"]
    assert running["National"] == "13,283 / 34,592（38.4%）" and running["National as of"] == "2026/01/31"
    assert running["Tokyo"] == "2 / 7（28.6%）"
    # each overall rate is the mean of its 20 (tests/official_books.rate_row): Chiyoda (0.9 + 1.0 + 0.7 +
    # 17 x 0.5) / 20 = 0.555, Hachioji (1.0 + 1.0 + 0.3 + 8.5) / 20 = 0.54, Toshima (0.5 + 1.0 + 1.0 + 8.5)
    # / 20 = 0.55; their mean 0.5483
    assert context.loc["PMO completion rate, national average", "Tokyo"] == "54.8%"


def test_progress_shows_the_ministry_months_beside_running(official_db):
    at = run_page("progress", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    months = _table(at, "Live (reported, month end)")
    assert months["Month"].tolist() == ["2025-02", "2025-03"]
    # registry, end of March 2025: Chiyoda live (03-01) of three in scope
    assert months["Live (reported, month end)"].tolist() == [0, 1]


def test_municipality_page_shows_the_ministry_steps(official_db):
    at = run_page("municipality", muni=CHIYODA, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert "muni_steps_chart" in keys_of(at)
    steps = _table(at, "Completion rate (ministry)").set_index("Business")
    # 36 done, then the procedure's step 37 is the first open one, shown by its real name
    assert steps.loc["Basic Resident Registry"].tolist() == [
        "90.0%",
        36,
        2,
        2,
        0,
        "⑯-1 既存環境の設定変更に向けた調整（必要機器の調達等）",
    ]
    marks = " ".join(m.value for m in at.markdown)
    assert "● on the Digital Agency's list (as of 2025-03): Public Assistance" in marks, marks
    assert steps.loc["Family Register Supplementary Record", "Not applicable"] == 2
    other = run_page("municipality", muni=HACHIOJI, lang="en")
    assert "muni_steps_chart" not in keys_of(other)


@pytest.fixture
def prefecture_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, official_db_copy) -> Path:
    """The small database with its releases and the prefecture-run businesses' workbook of 2025-03."""
    from etl.official.ingest import ingest_release
    from tests.support.official_books import prefecture_book

    path = official_db_copy(tmp_path / "prefecture.duckdb")
    rates = [["北海道", 1.0, 1.0, 1.0], ["東京都", 0.8125, 0.875, 0.75]]
    outcome = ingest_release(prefecture_book(rates, sheet="令和7年3月_進捗状況"), db=path, url="https://example.org/p")
    assert outcome.receipt.outcome == "accepted"
    monkeypatch.setenv("HYOJUNKA_DB", str(path))
    return path


@pytest.mark.parametrize("page", ["overview", "progress"])
def test_the_prefectures_own_record_beside_its_municipalities(prefecture_db, page):
    at = run_page(page, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    own = _table(at, "The prefecture's own rate (ministry)")
    # Tokyo's own rates; beside them the mean of Chiyoda, Hachioji and Toshima in the latest ministry
    # workbook: public assistance (0.7 + 0.3 + 1.0) / 3, child-rearing allowance 0.5 each
    assert own.values.tolist() == [
        ["Tokyo", "Public Assistance", "87.5%", "66.7%", "2025-03"],
        ["Tokyo", "Child Rearing Allowance", "75.0%", "50.0%", "2025-03"],
    ]
    captions = " ".join(c.value for c in at.caption)
    assert "https://example.org/p" in captions


def test_reconciliation_page_lists_each_load_with_month_and_url(official_db):
    at = run_page("reconciliation", lang="en")
    loads = _table(at, "Revision of the month")
    assert loads["Month"].tolist() == ["2025-03", "2024-12", "2025-03", "2025-02"]
    assert loads["URL"].tolist()[0] == "https://example.org/l2.xlsx"
    assert set(loads["Revision of the month"]) == {"1（newest）"}
