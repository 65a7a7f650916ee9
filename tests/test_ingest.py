"""etl.ingest: `check` reads and checks without storing; ingest stores exactly what `check` found,
and the app's dry run is the same call."""

from __future__ import annotations

from dashboard.reporting import dry_run
from etl import ingest, store
from tests.support.codes import CHIYODA, CHUO
from tests.support.factories import csv_bytes, under_way_row, valid_row


def count_submissions() -> int:
    with store.connect(read_only=True) as con:
        return int(con.execute("select count(*) from submissions").fetchone()[0])


def bad_file() -> bytes:
    """One error (a live system without its go-live date) and one warning (target passed, not live)."""
    return csv_bytes(
        [
            valid_row(go_live_date=""),
            valid_row(
                business_id="family_register_supplement",
                stage="migration",
                go_live_date="",
                target_date="2026-01-31",
                gov_cloud="preparing",
            ),
        ],
        japanese_headers=True,
    )


def test_check_stores_nothing_and_ingest_stores_what_it_found(tmp_db):
    raw = bad_file()
    with store.connect(read_only=True) as con:
        checked = ingest.check(raw, con=con, filename="f.csv", submitter_code=CHIYODA)
    assert count_submissions() == 0
    assert checked.has_errors and checked.rows() is None and checked.n_rows == 2
    assert checked.source == "csv" and checked.sha256 == store.sha256(raw)
    codes = set(zip(checked.findings["row"], checked.findings["code"], strict=True))
    assert (1, "go_live_date_required_when_live") in codes

    outcome = ingest.ingest_bytes(raw, filename="f.csv", submitter_code=CHIYODA)
    assert count_submissions() == 1 and outcome.receipt.outcome == "rejected"
    assert outcome.findings.equals(checked.findings)


def test_the_dry_run_is_ingests_check(tmp_db):
    raw = bad_file()
    preview = dry_run.preview(raw, filename="f.csv", source="csv", code=CHIYODA)
    assert count_submissions() == 0
    outcome = ingest.ingest_bytes(raw, filename="f.csv", source="csv", submitter_code=CHIYODA)
    assert preview.findings.equals(outcome.findings)
    assert (preview.n_errors, preview.n_warnings) == (outcome.receipt.n_errors, outcome.receipt.n_warnings)
    assert preview.sha256 == outcome.receipt.sha256 and preview.n_rows == outcome.receipt.n_rows


def test_an_accepted_file_with_warnings_is_stored_as_its_check_found_it(tmp_db):
    # stored history to compare with: Chiyoda's registry and its family register supplement live
    first = csv_bytes(
        [
            valid_row(),
            valid_row(business_id="family_register_supplement"),
            valid_row(
                municipality_code=CHUO,
                business_id="resident_registry",
                stage="migration",
                go_live_date="",
                gov_cloud="preparing",
                pmo_progress="60",
            ),
        ]
    )
    assert ingest.ingest_bytes(first, filename="first.csv").receipt.outcome == "accepted"
    # the supplement steps back to migration (a warning) and Chuo reports a live tax system before
    # its registry (a warning): accepted, warnings kept
    second = csv_bytes(
        [
            under_way_row("family_register_supplement", pmo_progress="90"),
            valid_row(municipality_code=CHUO, business_id="individual_inhabitant_tax"),
        ]
    )
    with store.connect(read_only=True) as con:
        checked = ingest.check(second, con=con, filename="second.csv")
    outcome = ingest.ingest_bytes(second, filename="second.csv")
    assert outcome.receipt.outcome == "accepted" and not checked.has_errors
    assert outcome.findings.equals(checked.findings)
    assert set(outcome.findings["code"]) == {"stage_moved_backwards", "live_before_resident_registry"}
    with store.connect(read_only=True) as con:
        stage = con.execute(
            "select stage from latest_status where municipality_code = ? and business_id = ?",
            [CHIYODA, "family_register_supplement"],
        ).fetchone()
        kept = con.execute("select count(*) from findings where submission_id = ?", [outcome.receipt.submission_id])
        assert stage == ("migration",) and kept.fetchone() == (len(outcome.findings),)
