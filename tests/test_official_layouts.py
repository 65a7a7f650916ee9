"""The official releases as they are really published (../shared/reference/official_sources.md §5): the
heading over two rows under a merged group heading, title rows above, 未, the real step names, the
prefecture-run businesses' own workbook, variant kanji in names, the rates' own arithmetic, a list of
only the marked bodies, and a month's later revision. Every finding and accepted row checked."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from dashboard import queries
from dashboard.shape.official import list_marks_text, steps_table
from etl import database, reference, store
from etl.official import reconcile, synthetic
from etl.official.ingest import ingest_release
from etl.synthetic.municipalities import national_municipalities
from schemas.vocabulary.releases import MINISTRY_BUSINESS_ORDER
from tests.support.codes import CHIYODA, CHUO, HACHIOJI, PA, RR, TOSHIMA
from tests.support.databases import build_small, query_rows
from tests.support.official_books import (
    BASE_RATES,
    MINISTRY_HEADERS,
    STEPS,
    findings_of,
    list_row,
    ministry,
    national,
    prefecture_book,
    rate_row,
)

RATES_SHEET = "令和8年1月_進捗状況"
STEP_SHEET = "業務別ステップ別進捗一覧"


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "variant",
    [
        {"heading": "merged_group"},
        {"heading": "merged_group", "header_row": 3},
        {"heading": "one_row"},
        {"heading": "units_below", "header_row": 2},
    ],
    ids=["merged-group", "merged-group-under-titles", "one-row", "names-first-under-a-title"],
)
def test_rate_sheet_read_from_its_heading_rows_together(tmp_db: Path, variant: dict):
    outcome = ingest_release(ministry(BASE_RATES, **variant), filename="m.xlsx", db=tmp_db)
    r = outcome.receipt
    assert (r.outcome, r.kind, r.as_of, r.n_rows, r.n_outside, r.n_errors, r.n_warnings) == (
        "accepted",
        "mic_progress",
        date(2026, 1, 1),
        3,
        1,
        0,
        0,
    ), outcome.findings.to_dict("records")
    rates = query_rows(tmp_db, "select municipality_code, business_id, rate from official_rates")
    chiyoda = rates[rates["municipality_code"] == CHIYODA].set_index("business_id")["rate"]
    assert len(rates) == 40 and chiyoda[RR] == 0.8 and (chiyoda.drop(RR) == 0.5).all()
    totals = query_rows(tmp_db, "select municipality_code, rate from official_totals order by 1").values.tolist()
    assert totals == [[CHIYODA, 0.515], [CHUO, 1.0]]


def test_merged_group_heading_with_blank_and_repeated_cells(tmp_db: Path):
    """The group heading written again over every column (not merged), a blank column between, the key
    columns' names merged down, a unit row: each column still takes its business name."""
    book = Workbook()
    ws = book.active
    ws.title = RATES_SHEET
    ws.append(["標準化・共通化に係る手順の進捗状況（令和8年1月末時点）"])
    ws.append([])
    ws.append(["都道府県", "市区町村", "完了率", None, *["業務別完了率"] * 20])
    ws.append([None, None, None, None, *MINISTRY_HEADERS])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:C4")
    for row in BASE_RATES:
        ws.append([*row[:3], None, *row[3:]])
    outcome = ingest_release(_save(book), filename="m.xlsx", db=tmp_db)
    assert outcome.receipt.outcome == "accepted" and outcome.findings.empty, outcome.findings.to_dict("records")
    assert query_rows(tmp_db, "select count(*) as n from official_rates")["n"][0] == 40


def test_unmappable_column_under_a_merged_heading_is_refused_saying_what_was_looked_for(tmp_db: Path):
    raw = ministry(BASE_RATES, heading="merged_group", rename={"住民記録": "住民記録X"})
    outcome = ingest_release(raw, filename="m.xlsx", db=tmp_db)
    assert outcome.receipt.outcome == "rejected"
    assert findings_of(outcome) == [
        ("official_business_column_missing", RATES_SHEET, 1, None, None, "住民記録", "error"),
        (
            "official_column_unknown",
            RATES_SHEET,
            2,
            "業務別完了率 / 住民記録X",
            "D2",
            "業務別完了率 / 住民記録X",
            "warning",
        ),
    ]
    message_ja, message_en = outcome.findings.at[0, "message_ja"], outcome.findings.at[0, "message_en"]
    assert "1–2" in message_ja and "住民基本台帳・住民記録" in message_ja
    assert "heading rows 1–2" in message_en and "住民基本台帳・住民記録" in message_en
    assert query_rows(tmp_db, "select count(*) as n from official_rates")["n"][0] == 0


def test_mi_is_not_started_and_the_real_step_names_are_kept(tmp_db: Path):
    steps = [["東京都", "千代田区", "住民記録", *["完了済み"] * 20, "作業中", *["未"] * 18, "対象外"]]
    outcome = ingest_release(ministry(BASE_RATES, steps, heading="merged_group"), db=tmp_db)
    assert outcome.receipt.outcome == "accepted" and outcome.findings.empty, outcome.findings.to_dict("records")
    counts = dict(query_rows(tmp_db, "select status, count(*) as n from official_steps group by 1").values.tolist())
    assert counts == {"done": 20, "in_progress": 1, "not_started": 18, "not_applicable": 1}
    names = query_rows(tmp_db, "select step_name from official_step_names order by step_no")["step_name"].tolist()
    assert names == STEPS and names[26] == "⑩-2 ベンダの選定・決定"


def test_a_renamed_step_is_a_warning_naming_both_and_loaded_by_position(tmp_db: Path):
    renamed = [*STEPS]
    renamed[8] = "③-2 Fit&Gap分析"
    renamed[5] = renamed[5].replace(" ", "")  # a space inside a name is no renaming
    steps = [["東京都", "千代田区", "住民記録", *["未"] * 40]]
    outcome = ingest_release(ministry(BASE_RATES, steps, step_names=renamed), db=tmp_db)
    assert outcome.receipt.outcome == "accepted"
    assert findings_of(outcome) == [
        ("official_step_renamed", STEP_SHEET, 1, "③-2 Fit&Gap分析", "L1", "③-2 Fit&Gap分析", "warning"),
    ]
    message = outcome.findings.at[0, "message_en"]
    assert "③-2 Fit&Gap分析" in message and STEPS[8] in message and "step 9" in message
    assert query_rows(tmp_db, "select count(*) as n from official_steps where step_no = 9")["n"][0] == 1


def test_pmo_steps_are_reference_data_loaded_by_init(tmp_db: Path):
    steps = query_rows(tmp_db, "select step_no, step_name_ja from pmo_steps order by 1")
    assert len(steps) == 40 and steps["step_no"].tolist() == list(range(1, 41))
    assert steps["step_name_ja"].tolist() == reference.pmo_steps()["step_name_ja"].tolist()
    assert steps.iloc[-1].tolist() == [40, "⑱-1 運用開始ステータス"]


def test_municipality_page_shows_the_steps_by_their_real_names(tmp_db: Path):
    steps = [["東京都", "千代田区", "住民記録", *["完了済み"] * 26, *["未"] * 14]]
    renamed = [f"手順{n}" for n in range(1, 41)]  # a file with other names: the page shows the procedure's
    ingest_release(ministry(BASE_RATES, steps, step_names=renamed), db=tmp_db)
    with store.connect(tmp_db, read_only=True) as con:
        frame = queries.municipality_steps(con, CHIYODA)
    assert frame["step_name"].tolist() == STEPS
    assert frame["step_name_written"].tolist() == renamed
    table = steps_table(frame, "ja")
    assert table.iloc[0, -1] == "⑩-2 ベンダの選定・決定"  # the first step not done


def test_prefecture_workbook_is_its_own_kind_and_the_prefecture_row_is_kept(tmp_db: Path):
    rates = [["北海道", 0.9, 0.9, 0.9], ["東京都", 0.8125, 0.875, 0.75], ["大阪府", 1.0, 1.0, 1.0]]
    steps = [
        ["北海道", "-", "生活保護", *["完了済み"] * 40],
        ["東京都", "-", "生活保護", *["完了済み"] * 35, "作業中", *["未"] * 4],
        ["東京都", "-", "児童扶養手当", *["完了済み"] * 30, *["未"] * 10],
    ]
    outcome = ingest_release(prefecture_book(rates, steps), filename="pref.xlsx", db=tmp_db)
    r = outcome.receipt
    assert (r.outcome, r.kind, r.as_of, r.n_rows, r.n_outside, r.n_errors, r.n_warnings) == (
        "accepted",
        "mic_prefecture",
        date(2026, 1, 1),
        6,
        3,
        0,
        0,
    ), outcome.findings.to_dict("records")
    stored = query_rows(tmp_db, "select municipality_code, business_id, rate from official_rates order by 2")
    assert stored.values.tolist() == [["130001", "child_rearing_allowance", 0.75], ["130001", PA, 0.875]]
    assert query_rows(tmp_db, "select municipality_code, rate from official_totals").values.tolist() == [
        ["130001", 0.8125]
    ]
    steps_stored = query_rows(
        tmp_db, "select business_id, status, count(*) as n from official_steps group by all order by all"
    )
    assert steps_stored.values.tolist() == [
        ["child_rearing_allowance", "done", 30],
        ["child_rearing_allowance", "not_started", 10],
        [PA, "done", 35],
        [PA, "in_progress", 1],
        [PA, "not_started", 4],
    ]
    with store.connect(tmp_db, read_only=True) as con:
        record = queries.prefecture_record(con)
        listing = con.execute("select kind, as_of, outcome from v_official_releases").fetchall()
    assert record[["prefecture_ja", "business_id", "rate"]].values.tolist() == [
        ["東京都", PA, 0.875],
        ["東京都", "child_rearing_allowance", 0.75],
    ]
    assert listing == [("mic_prefecture", date(2026, 1, 1), "accepted")]
    # the municipalities' reconciliation and procedure figures do not take the prefecture's row
    assert (
        query_rows(
            tmp_db,
            "select count(*) as n from v_official_latest_rates r join municipalities m on m.code = r.municipality_code",
        )["n"][0]
        == 0
    )


def test_prefecture_workbook_missing_a_business_is_refused(tmp_db: Path):
    book = Workbook()
    ws = book.active
    ws.title = RATES_SHEET
    ws.append(["都道府県", "完了率", "業務別完了率"])
    ws.append([None, None, "生活保護"])
    ws.append(["東京都", 0.5, 0.5])
    outcome = ingest_release(_save(book), db=tmp_db)
    assert outcome.receipt.kind == "mic_prefecture" and outcome.receipt.outcome == "rejected"
    assert findings_of(outcome) == [
        ("official_business_column_missing", RATES_SHEET, 1, None, None, "児童扶養手当", "error"),
    ]


def test_variant_kanji_match_and_an_unknown_name_offers_the_closest(tmp_db: Path):
    rates = [
        ["東京都", "桧原村", *[0.5] * 21],  # 檜原村 in the code list
        ["東京都", "青ケ島村", *[0.5] * 21],  # 青ヶ島村
        ["東京都", "千代田町", *[0.5] * 21],  # no such body: 千代田区 is the closest
    ]
    outcome = ingest_release(ministry(rates), db=tmp_db)
    assert outcome.receipt.outcome == "accepted"
    assert findings_of(outcome) == [
        ("official_row_unmatched", RATES_SHEET, 5, "市区町村", "B5", "東京都 千代田町", "warning"),
    ]
    assert "千代田区" in outcome.findings.at[0, "message_ja"] and "千代田区" in outcome.findings.at[0, "message_en"]
    codes = set(query_rows(tmp_db, "select distinct municipality_code from official_rates")["municipality_code"])
    assert codes == {"133078", "134023"}  # 檜原村, 青ヶ島村


@pytest.fixture(scope="module")
def national_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("national") / "national.duckdb"
    database.init(path, municipalities=national_municipalities())
    return path


def test_the_real_national_jurisdiction():
    munis = national_municipalities()
    assert len(munis) == 1741 and munis["code"].is_unique
    assert munis["kind"].value_counts().to_dict() == {"city": 792, "town": 743, "village": 183, "ward": 23}
    assert munis["code"].str[:2].nunique() == 47
    assert {"札幌市", "那覇市", "千代田区"} <= set(munis["name_ja"])
    tokyo = munis[munis["code"].str.startswith("13")]
    assert len(tokyo) == 62 and set(tokyo["region"]) == {"tokyo"}
    notice = (reference.paths.REFERENCE_DIR / "municipalities_japan.LICENSE.txt").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Kentaro Ozeki" in notice


VARIANTS = {"崎": "﨑", "高": "髙", "ケ": "ヶ", "沢": "澤", "浜": "濱", "辺": "邊", "島": "嶋", "竜": "龍"}


def test_every_row_of_a_ministry_file_of_the_real_names_matches(national_db: Path):
    """The 1,741 real names, some written with a variant kanji as a ministry file may: every row matches."""
    munis = national_municipalities()
    prefectures = reference.prefectures().set_index("prefecture_code")["name_ja"]
    written = munis["name_ja"].map(lambda n: "".join(VARIANTS.get(c, c) for c in n))
    assert (written != munis["name_ja"]).sum() > 100
    rates = pd.DataFrame(
        {"prefecture": munis["code"].str[:2].map(prefectures), "municipality": written, "total": 0.5}
        | {b: 0.5 for b in MINISTRY_BUSINESS_ORDER}
    )
    raw = synthetic.ministry_workbook(rates, None, date(2026, 1, 1))
    outcome = ingest_release(raw, filename="national.xlsx", db=national_db)
    r = outcome.receipt
    assert (r.outcome, r.n_rows, r.n_outside, r.n_errors, r.n_warnings) == ("accepted", 1741, 0, 0, 0)
    n = query_rows(national_db, "select count(distinct municipality_code) as n from official_totals")["n"][0]
    assert n == 1741


def test_rates_arithmetic_warnings_keep_the_cell(tmp_db: Path):
    rates = [
        [*rate_row(CHIYODA)[:3], 0.51, *rate_row(CHIYODA)[4:]],  # 0.51 is no multiple of 1/40
        [*rate_row(HACHIOJI, 0.6)],  # the mean of the 20 is 0.5
        [*rate_row(TOSHIMA, 0.504)],  # within 0.005 of the mean
    ]
    outcome = ingest_release(ministry(rates, heading="merged_group"), db=tmp_db)
    assert outcome.receipt.outcome == "accepted"
    assert findings_of(outcome) == [
        ("official_rate_not_step_multiple", RATES_SHEET, 3, "住民記録", "D3", "0.51", "warning"),
        ("official_total_inconsistent", RATES_SHEET, 4, "完了率", "C4", "0.6", "warning"),
    ]
    assert "0.5" in outcome.findings.at[1, "message_en"]
    kept = query_rows(tmp_db, "select municipality_code, rate from official_totals order by 1").values.tolist()
    assert kept == [[CHIYODA, 0.5], [HACHIOJI, 0.6], [TOSHIMA, 0.504]]
    stored = query_rows(
        tmp_db, f"select rate from official_rates where municipality_code = '{CHIYODA}' and business_id = '{RR}'"
    )
    assert stored["rate"].tolist() == [0.51]


@pytest.fixture
def listed_only(tmp_path: Path) -> Path:
    """The small database with a national list of only its marked bodies: Chiyoda (● registry) and
    Toshima (● health management); Hachioji, which reports special support for public assistance, and
    every other municipality are absent from it."""
    path = tmp_path / "listed.duckdb"
    database.init(path)
    build_small(path)
    rows = [
        list_row(CHIYODA, "東京都千代田区", "特別区", {RR: "●", "common_function": "●"}),
        list_row(TOSHIMA, "東京都利島村", "村", {"health_management": "●"}),
    ]
    outcome = ingest_release(national(rows, title="特定移行支援システムの該当見込み（令和7年12月末時点）"), db=path)
    assert outcome.receipt.outcome == "accepted" and outcome.findings.empty
    return path


def test_absent_from_the_list_means_no_expected_special_support(listed_only: Path):
    with store.connect(listed_only, read_only=True) as con:
        found = reconcile.discrepancies(con)
        figures = queries.jurisdiction_figures(con).set_index("figure")
        hachioji = queries.municipality_marks(con, HACHIOJI)
        chiyoda = queries.municipality_marks(con, CHIYODA)
    # by hand: Chiyoda's registry is reported live without special support but ●; Toshima's health
    # management never reported but ●; Hachioji reports special support and is absent: none expected.
    # Chiyoda's 19 other businesses and every absent municipality's pairs are no discrepancy.
    assert sorted(zip(found["kind"], found["municipality_code"], found["business_id"], strict=True)) == [
        ("listed_never_reported", TOSHIMA, "health_management"),
        ("listed_reported_not_special", CHIYODA, RR),
        ("special_not_listed", HACHIOJI, PA),
    ]
    # the bodies with a ● over the whole jurisdiction, not over the list's rows
    assert figures.loc["bodies_special_support", ["value", "denominator"]].tolist() == [2.0, 62.0]
    assert figures.loc["systems_special_support", ["value", "denominator"]].tolist() == [2.0, 62.0 * 20]
    text_ja, text_en = list_marks_text(hachioji, "ja"), list_marks_text(hachioji, "en")
    assert "載っていません" in text_ja and "2025-12" in text_ja
    assert "no expected" in text_en or "none of its systems is expected" in text_en
    assert "住民基本台帳" in list_marks_text(chiyoda, "ja") and "2025-12" in list_marks_text(chiyoda, "ja")


def test_a_later_file_of_a_loaded_month_is_its_newest_revision(tmp_db: Path):
    first = ministry(BASE_RATES)
    second = ministry([rate_row(CHIYODA, None, {RR: 1.0}), *BASE_RATES[1:]])
    url = "https://www.soumu.go.jp/main_content/progress.xlsx"
    ingest_release(first, filename="a.xlsx", url=url, db=tmp_db)
    ingest_release(second, filename="b.xlsx", url=url, db=tmp_db)
    listing = query_rows(
        tmp_db, "select id, as_of, revision, superseded, source_url from v_official_releases order by id"
    )
    assert listing[["revision", "superseded"]].values.tolist() == [[1, True], [2, False]]
    assert set(listing["source_url"]) == {url} and listing["as_of"].nunique() == 1
    latest = query_rows(
        tmp_db,
        f"select rate from v_official_latest_rates where municipality_code = '{CHIYODA}' and business_id = '{RR}'",
    )
    assert latest["rate"].tolist() == [1.0]  # the newest revision wins
    assert query_rows(tmp_db, "select count(*) as n from official_rates")["n"][0] == 80  # the older stays


def test_demo_prefecture_workbook_loads_over_the_real_national_list(national_db: Path):
    from etl.official.demo import prefecture_book as demo_prefecture_book

    raw = demo_prefecture_book(date(2026, 1, 1), np.random.default_rng(3))
    outcome = ingest_release(raw, filename="pref.xlsx", db=national_db)
    assert outcome.receipt.outcome == "accepted" and outcome.findings.empty
    assert (outcome.receipt.kind, outcome.receipt.n_rows, outcome.receipt.n_outside) == ("mic_prefecture", 47 + 94, 0)
    with store.connect(national_db, read_only=True) as con:
        record = queries.prefecture_record(con)
    assert len(record) == 94 and record["prefecture_code"].nunique() == 47


def test_step_groups_above_the_names_and_a_prefecture_written_once(tmp_db: Path):
    """The step sheet with the procedure's groups on a row above the step names (①…⑱ merged over their
    steps), and a rate sheet whose prefecture is written once over its municipalities (merged cells)."""
    book = Workbook()
    rates = book.active
    rates.title = RATES_SHEET
    rates.append(["都道府県", "市区町村", "完了率", *MINISTRY_HEADERS])
    rates.append(rate_row(CHIYODA))
    rates.append([None, *rate_row(HACHIOJI)[1:]])
    rates.merge_cells("A2:A3")
    steps = book.create_sheet(STEP_SHEET)
    groups = [name.split("-")[0] + " 工程" for name in STEPS]
    steps.append(["都道府県名", "市区町村名", "業務名", *groups])
    steps.append([None, None, None, *STEPS])
    steps.append(["東京都", "千代田区", "住民記録", *["完了済み"] * 10, *["未"] * 30])
    steps.append([None, None, "戸籍附票", *["未"] * 40])  # written once above its businesses' rows
    outcome = ingest_release(_save(book), db=tmp_db)
    assert outcome.receipt.outcome == "accepted" and outcome.findings.empty, outcome.findings.to_dict("records")
    assert outcome.receipt.n_rows == 4
    assert set(query_rows(tmp_db, "select municipality_code from official_totals")["municipality_code"]) == {
        CHIYODA,
        HACHIOJI,
    }
    stored = query_rows(tmp_db, "select business_id, count(*) as n from official_steps group by 1 order by 1")
    assert stored.values.tolist() == [["family_register_supplement", 40], [RR, 40]]
    names = query_rows(tmp_db, "select step_name from official_step_names order by step_no")["step_name"].tolist()
    assert names == STEPS


@pytest.mark.slow  # command-line processes
def test_official_list_shows_each_load_with_its_month_url_and_revision(tmp_db: Path, tmp_path: Path):
    import json
    import subprocess
    import sys

    url = "https://www.soumu.go.jp/main_content/progress.xlsx"
    for name, raw in (("a.xlsx", ministry(BASE_RATES)), ("b.xlsx", ministry(BASE_RATES[:1]))):
        (tmp_path / name).write_bytes(raw)
        run = [sys.executable, "-m", "cli", "official", "ingest", str(tmp_path / name), "--db", str(tmp_db)]
        assert subprocess.run([*run, "--url", url], capture_output=True, text=True).returncode == 0
    done = subprocess.run(
        [sys.executable, "-m", "cli", "official", "list", "--db", str(tmp_db), "--json"], capture_output=True, text=True
    )
    rows = json.loads(done.stdout)
    assert [(r["as_of"], r["revision"], r["superseded"], r["source_url"]) for r in rows] == [
        ("2026-01", 1, True, url),
        ("2026-01", 2, False, url),
    ]


def test_prefecture_workbook_with_a_dash_municipality_column_or_none(tmp_db: Path):
    """The prefecture workbook's rate sheet may carry 市区町村 as `-` on every row, and its step sheet
    may leave 市区町村名 out: both still read as the prefecture-run businesses' workbook."""
    book = Workbook()
    rates = book.active
    rates.title = RATES_SHEET
    rates.append(["都道府県", "市区町村", "完了率", "業務別完了率", None])
    rates.append([None, None, None, "生活保護", "児童扶養手当"])
    rates.append(["東京都", "-", 0.5, 0.5, 0.5])
    rates.append(["大阪府", "-", 1.0, 1.0, 1.0])
    steps = book.create_sheet(STEP_SHEET)
    steps.append(["都道府県名", "業務名", *STEPS])
    steps.append(["東京都", "生活保護", *["完了済み"] * 20, *["未"] * 20])
    outcome = ingest_release(_save(book), db=tmp_db)
    r = outcome.receipt
    assert (r.outcome, r.kind, r.n_rows, r.n_outside) == ("accepted", "mic_prefecture", 3, 1)
    assert outcome.findings.empty, outcome.findings.to_dict("records")
    assert (
        query_rows(tmp_db, "select count(*) as n from official_rates where municipality_code = '130001'")["n"][0] == 2
    )
    assert (
        query_rows(tmp_db, "select count(*) as n from official_steps where municipality_code = '130001'")["n"][0] == 40
    )


def test_the_variant_table_folds_no_two_names_of_a_prefecture_together():
    from etl.official.read.model import name_key

    munis = national_municipalities()
    folded = munis["code"].str[:2] + ":" + munis["name_ja"].map(name_key)
    assert folded.is_unique
    assert name_key("梼原町") == name_key("檮原町") and name_key("龍ヶ崎市") == name_key("龍ケ崎市")
