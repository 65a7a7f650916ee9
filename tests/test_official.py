"""The official releases: both layouts and their variants read, every finding and accepted row checked,
kept like submissions, and the reconciliation counted by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from etl import database, store
from etl.official import reconcile
from etl.official.ingest import ingest_release
from etl.official.read.layout import month_in
from tests.support.codes import CHIYODA, CHUO, HACHIOJI, PA, RR, TAX, TOSHIMA
from tests.support.databases import query_rows
from tests.support.official_books import (
    BASE_RATES,
    MINISTRY_HEADERS,
    findings_of,
    list_row,
    ministry,
    national,
    rate_row,
)


@pytest.mark.parametrize(
    ("month_sheet", "expected"),
    [
        ("令和8年1月_進捗状況", date(2026, 1, 1)),
        ("令和7年10月_進捗状況", date(2025, 10, 1)),
        ("令和元年5月", date(2019, 5, 1)),
    ],
)
def test_month_from_the_era_in_a_sheet_name(month_sheet: str, expected: date):
    assert month_in(month_sheet) == expected


@pytest.mark.parametrize(
    "variant",
    [{}, {"header_row": 4}, {"prefecture_sheet_first": True}, {"sheet": "令和7年10月_進捗状況"}],
    ids=["as-published", "header-moved-down", "prefecture-sheet-first", "another-month"],
)
def test_ministry_rates_accepted_in_every_variant(tmp_db: Path, variant: dict):
    outcome = ingest_release(ministry(BASE_RATES, **variant), filename="m.xlsx", db=tmp_db)
    r = outcome.receipt
    assert (r.outcome, r.kind, r.n_rows, r.n_outside, r.n_errors, r.n_warnings) == (
        "accepted",
        "mic_progress",
        3,
        1,
        0,
        0,
    )
    month = date(2025, 10, 1) if "sheet" in variant else date(2026, 1, 1)
    assert r.as_of == month
    rates = query_rows(tmp_db, "select municipality_code, business_id, rate, as_of from official_rates order by all")
    assert len(rates) == 40  # Sapporo is outside Tokyo's jurisdiction: counted, not loaded
    chiyoda = rates[rates["municipality_code"] == CHIYODA].set_index("business_id")["rate"]
    assert chiyoda[RR] == 0.8  # 住民記録 is the resident registry
    assert (chiyoda.drop(RR) == 0.5).all() and len(chiyoda) == 20
    assert "family_register_supplement" in chiyoda.index  # 戸籍附票
    assert (rates[rates["municipality_code"] == CHUO]["rate"] == 1.0).all()
    assert set(pd.to_datetime(rates["as_of"]).dt.date) == {month}
    totals = query_rows(tmp_db, "select municipality_code, rate from official_totals order by 1")
    assert totals.values.tolist() == [[CHIYODA, 0.515], [CHUO, 1.0]]


def test_ministry_steps_stored_per_pair_and_step(tmp_db: Path):
    steps = [
        ["東京都", "千代田区", "住民記録", *["完了済み"] * 30, *["作業中"] * 5, *["未着手"] * 4, "対象外"],
        ["東京都", "千代田区", "戸籍附票", *["未着手"] * 40],
    ]
    outcome = ingest_release(ministry(BASE_RATES, steps), filename="m.xlsx", db=tmp_db)
    assert outcome.receipt.outcome == "accepted" and outcome.findings.empty
    counts = query_rows(
        tmp_db, "select business_id, status, count(*) as n from official_steps group by all order by all"
    ).values.tolist()
    assert counts == [
        ["family_register_supplement", "not_started", 40],
        [RR, "done", 30],
        [RR, "in_progress", 5],
        [RR, "not_applicable", 1],
        [RR, "not_started", 4],
    ]
    names = query_rows(tmp_db, "select step_no, step_name from official_step_names order by 1")
    assert names.iloc[0].tolist() == [1, "①-1 推進体制案の作成"] and len(names) == 40


def test_renamed_business_column_rejects_with_both_findings(tmp_db: Path):
    raw = ministry(BASE_RATES, rename={"住民記録": "住民記録システム"})
    outcome = ingest_release(raw, filename="m.xlsx", db=tmp_db)
    assert outcome.receipt.outcome == "rejected"
    sheet = "令和8年1月_進捗状況"
    assert findings_of(outcome) == [
        ("official_business_column_missing", sheet, 1, None, None, "住民記録", "error"),
        ("official_column_unknown", sheet, 1, "住民記録システム", "D1", "住民記録システム", "warning"),
    ]
    assert "住民記録" in outcome.findings.at[0, "message_ja"] and "business" in outcome.findings.at[0, "message_en"]
    assert query_rows(tmp_db, "select count(*) as n from official_rates")["n"][0] == 0
    kept = query_rows(tmp_db, "select outcome, raw, n_errors from official_releases")
    assert bytes(kept.at[0, "raw"]) == raw and kept.at[0, "n_errors"] == 1


def test_unmatched_name_and_rate_out_of_range_are_findings_and_not_loaded(tmp_db: Path):
    rates = [
        rate_row(CHIYODA, 0.6, {RR: 1.2}),
        ["東京都", "存在しない市", 0.5, *[0.5] * 20],
        ["東京都", "中央区", "82%", *["abc", *[0.25] * 19]],
    ]
    outcome = ingest_release(ministry(rates, header_row=3), filename="m.xlsx", db=tmp_db)
    sheet = "令和8年1月_進捗状況"
    assert outcome.receipt.outcome == "accepted"
    assert findings_of(outcome) == [
        ("official_rate_out_of_range", sheet, 5, "住民記録", "D5", "1.2", "warning"),
        ("official_row_unmatched", sheet, 6, "市区町村", "B6", "東京都 存在しない市", "warning"),
        ("official_rate_out_of_range", sheet, 7, "住民記録", "D7", "abc", "warning"),
    ]
    assert "D5" in outcome.findings.at[0, "message_ja"] and "D5" in outcome.findings.at[0, "message_en"]
    rates_stored = query_rows(tmp_db, "select municipality_code, business_id, rate from official_rates")
    assert len(rates_stored) == 19 + 19  # the two bad cells are left out, the unmatched row entirely
    assert not ((rates_stored["municipality_code"] == CHIYODA) & (rates_stored["business_id"] == RR)).any()
    totals = query_rows(tmp_db, "select municipality_code, rate from official_totals order by 1").values.tolist()
    assert totals == [[CHIYODA, 0.6], [CHUO, 0.82]]  # a percentage as written is a fraction


def test_step_status_unknown_is_a_finding_and_the_cell_is_left_out(tmp_db: Path):
    steps = [
        ["東京都", "千代田区", "住民記録", "済", *["完了済み"] * 39],
        ["東京都", "千代田区", "印鑑", *["未着手"] * 40],
    ]
    outcome = ingest_release(ministry(BASE_RATES, steps), filename="m.xlsx", db=tmp_db)
    sheet = "業務別ステップ別進捗一覧"
    assert findings_of(outcome) == [
        ("official_step_status_unknown", sheet, 2, "①-1 推進体制案の作成", "D2", "済", "warning"),
        ("official_business_unknown", sheet, 3, "業務名", "C3", "印鑑", "warning"),
    ]
    assert query_rows(tmp_db, "select count(*) as n from official_steps")["n"][0] == 39


def test_national_list_marks_codes_and_an_invalid_mark(tmp_db: Path):
    rows = [
        list_row("130001", "東京都", "都道府県", {RR: "●"}),
        list_row(CHIYODA, "東京都千代田区", "特別区", {RR: "●", PA: "○", "common_function": "●"}),
        list_row("", "東京都中央区", "特別区", {TAX: "●"}),  # no code: matched by its name
        list_row("011002", "北海道札幌市", "指定都市", {RR: "●"}),
        list_row("139999", "東京都架空町", "町"),
        list_row("131017", "東京都千代田区", "特別区", {RR: "●"}),  # a code decides alone, even beside a known name
    ]
    outcome = ingest_release(national(rows), filename="l.xlsx", db=tmp_db)
    r = outcome.receipt
    assert (r.outcome, r.kind, r.as_of, r.n_rows, r.n_outside) == (
        "accepted",
        "da_special_support",
        date(2025, 7, 1),
        6,
        2,
    )
    assert findings_of(outcome) == [
        ("official_mark_invalid", "結果一覧", 5, "生活保護", "S5", "○", "warning"),
        ("official_row_unmatched", "結果一覧", 8, "自治体名", "B8", "139999 東京都架空町", "warning"),
        ("official_row_unmatched", "結果一覧", 9, "自治体名", "B9", "131017 東京都千代田区", "warning"),
    ]
    marks = query_rows(tmp_db, "select municipality_code, business_id, marked from official_marks")
    assert len(marks) == 2 * 21
    chiyoda = marks[marks["municipality_code"] == CHIYODA].set_index("business_id")["marked"]
    assert bool(chiyoda[RR]) and bool(chiyoda["common_function"])
    assert pd.isna(chiyoda[PA])  # ○ is neither ● nor empty: unknown, never a guess
    assert not chiyoda[TAX] and not pd.isna(chiyoda[TAX])
    chuo = marks[marks["municipality_code"] == CHUO].set_index("business_id")["marked"]
    assert bool(chuo[TAX]) and chuo.sum() == 1


def test_a_workbook_of_neither_layout_is_refused_saying_what_was_looked_for(tmp_db: Path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["団体", "業務", "状況"])
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    outcome = ingest_release(buffer.getvalue(), filename="other.xlsx", db=tmp_db)
    assert outcome.receipt.outcome == "rejected" and outcome.receipt.kind is None
    assert outcome.findings["code"].tolist() == ["official_layout_unknown"]
    message = outcome.findings.at[0, "message_en"]
    assert "都道府県" in message and "団体コード" in message and "業務名" in message


def test_month_from_as_of_when_the_file_names_none_and_a_conflict_is_an_error(tmp_db: Path):
    raw = national([list_row(CHIYODA, "東京都千代田区", "特別区")], title="特定移行支援システムの該当見込み")
    assert ingest_release(raw, db=tmp_db).findings["code"].tolist() == ["official_as_of_unknown"]
    outcome = ingest_release(raw, as_of=date(2025, 12, 1), db=tmp_db)
    assert outcome.receipt.outcome == "accepted" and outcome.receipt.as_of == date(2025, 12, 1)
    other = ministry(BASE_RATES)
    clash = ingest_release(other, as_of=date(2025, 12, 1), db=tmp_db)
    assert clash.findings["code"].tolist() == ["official_as_of_mismatch"] and clash.receipt.outcome == "rejected"


def test_the_same_file_twice_is_a_duplicate_and_not_applied_twice(tmp_db: Path):
    raw = ministry(BASE_RATES)
    first = ingest_release(raw, url="https://example.org/a.xlsx", db=tmp_db)
    again = ingest_release(raw, db=tmp_db)
    assert (again.receipt.outcome, again.receipt.duplicate_of) == ("duplicate", first.receipt.release_id)
    assert again.accepted
    assert query_rows(tmp_db, "select count(*) as n from official_rates")["n"][0] == 40
    kept = query_rows(tmp_db, "select id, outcome, source_url, sha256 from official_releases order by id")
    assert kept["outcome"].tolist() == ["accepted", "duplicate"]
    assert kept.at[0, "source_url"] == "https://example.org/a.xlsx"
    assert kept["sha256"].nunique() == 1


# --- reconciliation, counted by hand (see tests/official_books.build_official) --------------------


@pytest.fixture(scope="module")
def reconciled(tmp_path_factory: pytest.TempPathFactory, official_db_copy) -> Path:
    return official_db_copy(tmp_path_factory.mktemp("official") / "official.duckdb")


def test_reconciliation_classes_counted_by_hand(reconciled: Path):
    with store.connect(reconciled, read_only=True) as con:
        frame = reconcile.discrepancies(con)
    found = sorted(zip(frame["kind"], frame["municipality_code"], frame["business_id"], strict=True))
    assert found == sorted(
        [
            ("live_procedure_incomplete", CHIYODA, RR),
            ("procedure_done_not_live", CHIYODA, TAX),
            ("procedure_done_not_live", HACHIOJI, RR),
            ("listed_reported_not_special", CHIYODA, PA),
            ("special_not_listed", HACHIOJI, PA),
            ("listed_never_reported", TOSHIMA, "health_management"),
        ]
    )
    row = frame[frame["kind"] == "live_procedure_incomplete"].iloc[0]
    assert (row["reported_stage"], row["official_rate"]) == ("live", 0.9)
    assert pd.Timestamp(row["release_as_of"]).date() == date(2025, 3, 1)
    special = frame[frame["kind"] == "special_not_listed"].iloc[0]
    assert bool(special["reported_special_support"]) and pd.Timestamp(special["release_as_of"]).date() == date(
        2025, 3, 1
    )


@pytest.mark.slow  # several command-line processes
def test_reconcile_command_writes_csv_and_json(reconciled: Path, tmp_path: Path):
    out = tmp_path / "r.csv"
    run = [sys.executable, "-m", "cli", "reconcile", "--db", str(reconciled)]
    done = subprocess.run([*run, "--out", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    csv = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert list(csv.columns[:3]) == ["municipality_code", "business_id", "kind"] and len(csv) == 6
    assert "release_as_of" in csv.columns
    done = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, check=False)
    records = json.loads(done.stdout)
    assert {r["kind"] for r in records} >= {"listed_never_reported", "special_not_listed"} and len(records) == 6


@pytest.mark.slow  # several command-line processes
def test_official_commands_exit_codes_and_list(tmp_db: Path, tmp_path: Path):
    good, bad = tmp_path / "m.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(ministry(BASE_RATES))
    bad.write_bytes(ministry(BASE_RATES, rename={"戸籍附票": "附票"}))
    run = [sys.executable, "-m", "cli", "official"]
    db = ["--db", str(tmp_db)]
    ok = subprocess.run(
        [*run, "ingest", str(good), *db, "--url", "https://example.org/m"], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert "mic_progress" in ok.stdout and "2026-01" in ok.stdout
    rejected = subprocess.run([*run, "ingest", str(bad), *db, "--report", "json"], capture_output=True, text=True)
    assert rejected.returncode == 1
    report = json.loads(rejected.stdout)[0]
    assert report["outcome"] == "rejected"
    assert [f["code"] for f in report["findings"]][:1] == ["official_business_column_missing"]
    missing = subprocess.run([*run, "ingest", str(tmp_path / "none.xlsx"), *db], capture_output=True, text=True)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    listing = subprocess.run([*run, "list", *db, "--json"], capture_output=True, text=True)
    rows = json.loads(listing.stdout)
    assert [r["outcome"] for r in rows] == ["accepted", "rejected"] and rows[0]["source_url"] == "https://example.org/m"


@pytest.mark.slow  # several command-line processes
def test_figures_loaded_at_init_and_from_a_file(tmp_db: Path, tmp_path: Path):
    first = query_rows(tmp_db, "select * from v_national_figures where figure = 'systems_running_standard'")
    assert first[["value", "denominator"]].values.tolist() == [[13283.0, 34592.0]]
    corrected = tmp_path / "f.csv"
    corrected.write_text(
        "as_of,figure,value,denominator,source,url\n2026-01-31,systems_running_standard,13300,34592,test,\n",
        encoding="utf-8",
    )
    run = [sys.executable, "-m", "cli", "official", "figures", str(corrected), "--db", str(tmp_db)]
    assert subprocess.run(run, capture_output=True, text=True).returncode == 0
    now = query_rows(tmp_db, "select value, source from v_national_figures where figure = 'systems_running_standard'")
    assert now.values.tolist() == [[13300.0, "test"]]
    database.init(tmp_db)  # a second init does not load the defaults over the correction
    assert query_rows(tmp_db, "select count(*) as n from national_figures")["n"][0] == 19
    bad = tmp_path / "bad.csv"
    bad.write_text("as_of,figure,value,denominator,source,url\n2026-01-31,made_up,1,,x,\n", encoding="utf-8")
    refused = subprocess.run([*run[:5], str(bad), "--db", str(tmp_db)], capture_output=True, text=True)
    assert refused.returncode == 1 and "figure_unknown" in refused.stderr


def test_ministry_headers_match_the_vocabulary_aliases():
    from etl.official.read.model import business_names

    names = business_names()
    assert all(h.replace(" ", "") in names for h in MINISTRY_HEADERS)
