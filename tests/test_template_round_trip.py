"""The template keeps what was stored: a formula-like vendor written into the XLSX template as a string
cell under Excel's quote prefix (a style, not a character) and into the CSV template behind an
apostrophe comes back unchanged through the real ingest, also after LibreOffice re-saves the workbook."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from etl import clock, database, ingest, read, reference, store, template
from schemas.vocabulary.contract import COLUMNS
from tests.support.codes import CHIYODA
from tests.support.factories import csv_bytes, json_bytes, valid_row

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
FORMULA_LIKE = ["=1+1", "+81-3-1234", "-5", "@SUM(A1)", "＝ＨＹＰＥＲＬＩＮＫ(1)", '=HYPERLINK("http://evil","x")']


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A database whose latest report for Chiyoda holds formula-like vendors and notes."""
    db = tmp_path / "t.duckdb"
    database.init(db)
    businesses = reference.businesses()["business_id"].tolist()
    rows = [
        valid_row(business_id=b, vendor=FORMULA_LIKE[i % len(FORMULA_LIKE)], notes="'quoted by hand")
        for i, b in enumerate(businesses)
    ]
    assert ingest.ingest_bytes(json_bytes(rows), filename="r.json", db=db).accepted
    return db


def _latest(db: Path) -> dict[str, tuple[str, str]]:
    with store.connect(db, read_only=True) as con:
        rows = con.execute(
            "select business_id, vendor, notes from v_latest_status where municipality_code = ? and vendor is not null",
            [CHIYODA],
        ).fetchall()
    return {b: (v, n) for b, v, n in rows}


def _round_trip(db: Path, raw: bytes, filename: str) -> dict[str, tuple[str, str]]:
    before = _latest(db)
    out = ingest.ingest_bytes(raw, filename=filename, db=db, submitter_code=CHIYODA)
    assert out.receipt.outcome in ("accepted", "duplicate"), out.findings.to_string()
    after = _latest(db)
    assert after == before
    return after


def test_xlsx_template_keeps_formula_like_text_under_the_quote_prefix(stored):
    with store.connect(stored, read_only=True) as con:
        raw = template.build_template(con, CHIYODA, "xlsx", today=clock.today())
    sheet = load_workbook(io.BytesIO(raw))["報告"]
    vendor = COLUMNS.index("vendor") + 1
    cells = [sheet.cell(row=r, column=vendor) for r in range(2, sheet.max_row + 1)]
    risky = [c for c in cells if isinstance(c.value, str) and c.value in FORMULA_LIKE]
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)
    kept = _round_trip(stored, raw, "template.xlsx")
    assert kept["resident_registry"] == ("=1+1", "'quoted by hand")


def test_csv_template_apostrophe_is_taken_off_only_where_our_writer_put_it(stored):
    with store.connect(stored, read_only=True) as con:
        raw = template.build_template(con, CHIYODA, "csv", today=clock.today())
    assert "'=1+1" in raw.decode("utf-8-sig")
    kept = _round_trip(stored, raw, "template.csv")
    assert kept["resident_registry"] == ("=1+1", "'quoted by hand")  # a typed apostrophe stays
    frame = read.read(csv_bytes([valid_row(vendor="'abc", notes="'=1+1")]), "r.csv").frame
    assert frame is not None and (frame.loc[0, "vendor"], frame.loc[0, "notes"]) == ("'abc", "=1+1")


@pytest.mark.slow
def test_libreoffice_re_saving_the_template_keeps_the_stored_text(stored, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if IN_CI:
            pytest.fail("LibreOffice (soffice) not found: make browser-deps installs it")
        pytest.skip("LibreOffice (soffice) not installed")
    with store.connect(stored, read_only=True) as con:
        raw = template.build_template(con, CHIYODA, "xlsx", today=clock.today())
    source = tmp_path / "in" / "template.xlsx"
    source.parent.mkdir()
    source.write_bytes(raw)
    out = tmp_path / "out"
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    resaved = out / "template.xlsx"
    assert done.returncode == 0 and resaved.exists(), done.stderr.decode()[-2000:]
    kept = _round_trip(stored, resaved.read_bytes(), "resaved.xlsx")
    assert kept["resident_registry"] == ("=1+1", "'quoted by hand")
