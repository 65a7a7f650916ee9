"""The `hyojunka` command line through a real subprocess: exit codes, reports, exports, templates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.support.cli import run_etl
from tests.support.codes import CHIYODA, CHUO
from tests.support.factories import csv_bytes, under_way_row, valid_row


@pytest.fixture
def db(tmp_path: Path, database_once) -> Path:
    """A database made by `hyojunka init` (once per run), this test's copy."""

    def init(path: Path) -> None:
        assert run_etl("init", db=path).returncode == 0

    return database_once("cli-init.duckdb", init, tmp_path / "cli.duckdb")[0]


def test_help_lists_every_subcommand(db):
    out = run_etl("--help", db=db).stdout.decode()
    for name in ("init", "ingest", "demo", "export", "template", "submissions", "token"):
        assert name in out


def test_ingest_exit_codes_and_json_report(db, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([valid_row()]))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([valid_row(stage="nearly")]))
    assert run_etl("ingest", str(good), db=db).returncode == 0
    result = run_etl("ingest", str(bad), "--report", "json", db=db)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report[0]["outcome"] == "rejected"
    assert {k: report[0]["findings"][0][k] for k in ("row", "column", "code", "severity")} == {
        "row": 1,
        "column": "stage",
        "code": "stage_unknown",
        "severity": "error",
    }
    missing = run_etl("ingest", str(tmp_path / "nowhere.csv"), db=db)
    assert missing.returncode == 2 and b"nowhere.csv" in missing.stderr
    assert b"Traceback" not in missing.stderr


@pytest.mark.slow  # several command-line processes
def test_ingest_as_another_municipality_is_rejected(db, tmp_path):
    file = tmp_path / "chiyoda.csv"
    file.write_bytes(csv_bytes([valid_row()]))
    result = run_etl("ingest", str(file), "--as", CHUO, "--report", "json", db=db)
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["findings"][0]["code"] == "municipality_not_own"
    assert run_etl("ingest", str(file), "--as", "999999", db=db).returncode == 2


def test_text_report_names_row_column_in_both_languages(db, tmp_path):
    file = tmp_path / "bad.csv"
    file.write_bytes(csv_bytes([valid_row(), valid_row(business_id="seal_registration", pmo_progress="150")]))
    out = run_etl("ingest", str(file), db=db).stdout.decode()
    assert "row 2 [pmo_progress] pmo_progress_out_of_range" in out
    assert "PMO完了率「150」" in out and "PMO progress '150'" in out


@pytest.mark.slow  # several command-line processes
def test_rejected_file_comes_back_byte_for_byte(db, tmp_path):
    raw = csv_bytes([valid_row(stage="nearly")], encoding="cp932")
    file = tmp_path / "bad.csv"
    file.write_bytes(raw)
    run_etl("ingest", str(file), db=db)
    listing = json.loads(run_etl("submissions", "--status", "rejected", "--json", db=db).stdout)
    assert [s["outcome"] for s in listing] == ["rejected"]
    back = run_etl("submissions", "show", str(listing[0]["id"]), "--raw", db=db)
    assert back.returncode == 0 and back.stdout == raw
    shown = run_etl("submissions", "show", str(listing[0]["id"]), db=db).stdout.decode()
    assert "stage_unknown" in shown


@pytest.mark.slow  # several command-line processes
def test_export_formats_notes_and_formula_neutralising(db, tmp_path):
    file = tmp_path / "r.csv"
    file.write_bytes(csv_bytes([valid_row(vendor='=HYPERLINK("x")', notes="private note"), under_way_row()]))
    assert run_etl("ingest", str(file), db=db).returncode == 0
    plain = pd.read_csv(io.BytesIO(run_etl("export", db=db).stdout), dtype=str)
    assert "notes" not in plain.columns
    chiyoda = plain[plain["municipality_code"] == CHIYODA].set_index("business_id")
    assert chiyoda.at["resident_registry", "vendor"] == '\'=HYPERLINK("x")'
    # every pair of the jurisdiction, with its due date and schedule status (docs/figures.md, the schedule status)
    assert len(plain) == 62 * 20 and (plain["stage"] == "no_report").sum() == 62 * 20 - 2
    assert chiyoda.at["resident_registry", "schedule_status"] == "live"
    assert chiyoda.at["fixed_asset_tax", "due_date"] == "2027-03-31"  # special support: its new date
    on_day = pd.read_csv(io.BytesIO(run_etl("export", "--day", "2026-01-15", db=db).stdout), dtype=str)
    assert set(on_day["stage"]) == {"no_report"}  # the reports are of 2026-11-01
    with_notes = pd.read_csv(io.BytesIO(run_etl("export", "--include-notes", db=db).stdout), dtype=str)
    assert "private note" in set(with_notes["notes"])
    records = json.loads(run_etl("export", "--format", "json", db=db).stdout)
    assert {r["municipality_code"] for r in records if r["stage"] != "no_report"} == {CHIYODA}
    out = tmp_path / "latest.parquet"
    assert run_etl("export", "--format", "parquet", "--out", str(out), db=db).returncode == 0
    assert (pd.read_parquet(out)["stage"] != "no_report").sum() == 2
    assert run_etl("export", "--format", "parquet", db=db).returncode == 2


@pytest.mark.slow  # several command-line processes
def test_template_round_trip_through_excel(db, tmp_path):
    file = tmp_path / "r.csv"
    file.write_bytes(csv_bytes([valid_row(as_of="2026-10-01"), under_way_row(as_of="2026-10-01")]))
    run_etl("ingest", str(file), db=db)
    xlsx = tmp_path / "t.xlsx"
    assert run_etl("template", CHIYODA, "--out", str(xlsx), db=db).returncode == 0
    book = load_workbook(xlsx)
    sheet = book["報告"]
    assert sheet["A1"].value == "団体コード" and sheet["D1"].value == "進捗段階"
    assert [sheet.cell(r, 1).value for r in range(2, 23)] == [CHIYODA] * 20 + [None]
    assert len(sheet.data_validations.dataValidation) == 5
    # fill in the systems that have no status yet, then submit the template as is
    for row in range(2, 22):
        if sheet.cell(row, 4).value == "未着手":
            sheet.cell(row, 5).value = sheet.cell(row, 3).value.replace(year=2026, month=12, day=31)
    book.save(xlsx)
    result = run_etl("ingest", str(xlsx), "--as", CHIYODA, "--report", "json", db=db)
    report = json.loads(result.stdout)[0]
    assert result.returncode == 0, report["findings"]
    assert report["rows"] == 20


def test_template_for_unknown_code_is_a_usage_error(db, tmp_path):
    result = run_etl("template", "999999", "--out", str(tmp_path / "x.xlsx"), db=db)
    assert result.returncode == 2 and b"999999" in result.stderr


@pytest.mark.slow  # several command-line processes
def test_tokens_are_shown_once_and_stored_hashed(db):
    issued = run_etl("token", "issue", CHIYODA, db=db)
    token = issued.stdout.decode().strip()
    assert issued.returncode == 0 and token.startswith("hyj_")
    listing = run_etl("token", "list", db=db).stdout.decode()
    assert token not in listing and CHIYODA in listing
    from access import tokens
    from etl import store

    with store.connect(db) as con:
        assert con.execute("select count(*) from tokens where token_hash = ?", [token]).fetchone()[0] == 0
        assert tokens.verify(con, token).municipality_code == CHIYODA
    assert run_etl("token", "revoke", "1", db=db).returncode == 0
    assert run_etl("token", "revoke", "1", db=db).returncode == 2
    with store.connect(db) as con:
        assert tokens.verify(con, token) is None
    assert run_etl("token", "issue", "999999", db=db).returncode == 2


def test_publish_refuses_a_folder_that_is_not_a_published_site(tmp_path: Path):
    out = tmp_path / "somebody-else"
    out.mkdir()
    (out / "thesis.txt").write_text("keep me", encoding="utf-8")
    done = run_etl("publish", "--out", str(out), db=tmp_path / "unused.duckdb")
    assert done.returncode == 2
    assert "not a published site" in done.stderr.decode()
    assert (out / "thesis.txt").read_text(encoding="utf-8") == "keep me"
