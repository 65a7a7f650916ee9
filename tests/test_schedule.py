"""Schedule status (etl/sql/schedule.sql): a hand-built history where every class occurs, looked at
before and after the national deadline D = 2026-03-31, and the property that the classes partition
every pair of the jurisdiction on any day, agreeing with the definition written out in Python."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import database, export, ingest, reference, store
from schemas.vocabulary.contract import OVERDUE_STATUSES, SCHEDULE_STATUSES, STAGES, UNDER_WAY
from tests.support.codes import CHIYODA, CHUO, MINATO
from tests.support.databases import FIRST, SECOND, THIRD
from tests.support.factories import examples

BEFORE, AFTER = date(2026, 1, 15), date(2026, 6, 30)
PAIRS = 62 * 20


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built history (FIRST, SECOND, THIRD: tests/support/databases.py tells what each pair is on
    BEFORE and AFTER), through the real ETL into a real database file."""
    path = tmp_path_factory.mktemp("schedule") / "schedule.duckdb"
    database.init(path)
    for rows in (FIRST, SECOND, THIRD):
        outcome = ingest.ingest_frame(pd.DataFrame(rows), db=path)
        assert outcome.receipt.outcome == "accepted", outcome.findings.to_dict("records")
    return path


def _on(db: Path, day: date) -> pd.DataFrame:
    with store.connect(db, read_only=True) as con:
        return con.execute("select * from schedule_on(?::date)", [day]).df()


def _status(frame: pd.DataFrame, code: str, business: str) -> str:
    return frame.loc[
        (frame["municipality_code"] == code) & (frame["business_id"] == business), "schedule_status"
    ].item()


def test_the_deadline_comes_from_the_reference_data(history):
    with store.connect(history, read_only=True) as con:
        assert con.execute("select national_deadline()").fetchone()[0] == date(2026, 3, 31)
    assert reference.national_deadline() == date(2026, 3, 31)
    assert reference.special_support_horizon() == date(2031, 3, 31)


def test_before_the_deadline(history):
    frame = _on(history, BEFORE)
    assert len(frame) == PAIRS and not frame.duplicated(["municipality_code", "business_id"]).any()
    reported = frame[frame["stage"] != "no_report"]
    assert reported["schedule_status"].value_counts().to_dict() == {
        "on_track": 4,  # fixed_asset_tax, family_register, school_enrollment, public_assistance
        "live": 1,
        "not_applicable": 1,
        "overdue_target": 1,  # seal_registration, its own 2025-12-31 passed
        "after_deadline_planned": 1,  # electoral_register, 2027-03-31 without special support
    }
    # the 1,232 pairs with no report yet are in scope, due on D, so on track before it
    silent = frame[frame["stage"] == "no_report"]
    assert len(silent) == PAIRS - 8
    assert set(silent["schedule_status"]) == {"on_track"}
    assert set(silent["due_date"].dt.date) == {date(2026, 3, 31)}
    assert _status(frame, CHIYODA, "seal_registration") == "overdue_target"
    assert _status(frame, CHUO, "resident_registry") == "on_track"


def test_after_the_deadline(history):
    frame = _on(history, AFTER)
    assert len(frame) == PAIRS
    reported = frame[frame["stage"] != "no_report"]
    assert reported["schedule_status"].value_counts().to_dict() == {
        "overdue_deadline": 4,  # seal_registration, electoral_register, fixed_asset_tax, Chuo's registry
        "live": 2,  # resident_registry, public_assistance (live on 05-01)
        "on_track": 2,  # school_enrollment (2027-12-31), Chuo's seal registration (2026-12-31)
        "not_applicable": 1,
        "overdue_special": 1,  # family_register, its new date 2026-05-31 passed too
    }
    counts = frame["schedule_status"].value_counts().to_dict()
    assert counts["overdue_deadline"] == 4 + (PAIRS - 10)  # no report after D: missed the deadline
    assert _status(frame, CHIYODA, "family_register") == "overdue_special"
    assert _status(frame, CHIYODA, "electoral_register") == "overdue_deadline"


def test_due_dates(history):
    frame = _on(history, AFTER).set_index(["municipality_code", "business_id"])["due_date"].dt.date
    assert frame[(CHIYODA, "seal_registration")] == date(2025, 12, 31)  # its own, earlier than D
    assert frame[(CHIYODA, "electoral_register")] == date(2026, 3, 31)  # the earlier of 2027-03-31 and D
    assert frame[(CHIYODA, "family_register")] == date(2026, 5, 31)  # special support: its new date
    assert pd.isna(frame[(CHIYODA, "resident_registry")]) and pd.isna(frame[(CHIYODA, "individual_inhabitant_tax")])


def test_on_the_deadline_itself_nothing_has_missed_it_yet(history):
    frame = _on(history, date(2026, 3, 31))
    assert "overdue_deadline" not in set(frame["schedule_status"])
    assert _status(frame, CHIYODA, "seal_registration") == "overdue_target"
    assert _status(frame, CHIYODA, "fixed_asset_tax") == "on_track"  # due on D, not past it
    assert _status(_on(history, date(2026, 4, 1)), CHIYODA, "fixed_asset_tax") == "overdue_deadline"


def test_export_carries_the_schedule_status_of_the_day(history):
    with store.connect(history, read_only=True) as con:
        before = export.latest(con, day=BEFORE)
        after = export.latest(con, day=AFTER)
    assert len(after) == PAIRS and {"schedule_status", "due_date"} <= set(after.columns)
    assert "notes" not in after.columns
    row = after[(after["municipality_code"] == CHIYODA) & (after["business_id"] == "family_register")].iloc[0]
    assert (row["schedule_status"], row["due_date"].date()) == ("overdue_special", date(2026, 5, 31))
    assert before["schedule_status"].isin(OVERDUE_STATUSES).sum() == 1
    assert after["schedule_status"].isin(OVERDUE_STATUSES).sum() == PAIRS - 10 + 4 + 1


# --- property: a partition of the jurisdiction's pairs, equal to the definition, on any day ----------
@pytest.fixture(scope="module")
def memory() -> duckdb.DuckDBPyConnection:
    """An in-memory database with the real schema, views and reference data."""
    con = duckdb.connect()
    store.migrate(con)
    store.load_reference(con)
    yield con
    con.close()


CODES = [CHIYODA, CHUO, MINATO]
BUSINESSES = ["resident_registry", "seal_registration", "fixed_asset_tax"]
DAYS = st.dates(date(2021, 9, 1), date(2032, 12, 31))


@st.composite
def reports(draw, deadline: date) -> list[dict]:
    """A few status rows on random days, for random pairs, any stage, flag and target (often D itself)."""
    targets = st.one_of(DAYS, st.just(deadline), st.just(deadline + timedelta(days=1)))
    out = []
    for i in range(draw(st.integers(0, 12))):
        stage = draw(st.sampled_from(list(STAGES)))
        out.append(
            {
                "submission_id": i + 1,
                "row_number": 1,
                "municipality_code": draw(st.sampled_from(CODES)),
                "business_id": draw(st.sampled_from(BUSINESSES)),
                "as_of": draw(DAYS),
                "stage": stage,
                "target_date": draw(st.one_of(st.none(), targets)) if stage not in UNDER_WAY else draw(targets),
                "go_live_date": None,
                "gov_cloud": "planned",
                "special_support": draw(st.booleans()),
            }
        )
    return out


def expected(stage: str, special: bool, target: date | None, day: date, deadline: date) -> str:
    """The definition of the schedule status (docs/figures.md, "the schedule status"), written out again in Python."""
    if stage in ("live", "not_applicable"):
        return stage
    due = (target or deadline) if special else min(target or deadline, deadline)
    if special:
        return "overdue_special" if due < day else "on_track"
    if day > deadline:
        return "overdue_deadline"
    if target is not None and target < day:
        return "overdue_target"
    if target is not None and target > deadline:
        return "after_deadline_planned"
    return "on_track"


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), deadline=st.dates(date(2024, 1, 1), date(2030, 12, 31)))
def test_classes_partition_the_pairs_on_any_day(memory, data, deadline):
    rows = data.draw(reports(deadline))
    # any day, and often the boundaries: D, a target date, the day after either
    edges = [deadline] + [r["target_date"] for r in rows if r["target_date"]]
    edge = st.sampled_from(edges).flatmap(lambda d: st.sampled_from([d, d + timedelta(days=1)]))
    day = data.draw(st.one_of(DAYS, edge))
    con = memory
    con.execute("begin transaction")
    try:
        con.execute("delete from status_reports")
        con.execute("update settings set value = ? where key = 'national_deadline'", [deadline.isoformat()])
        for r in rows:
            con.execute(
                "insert into status_reports (submission_id, row_number, municipality_code, business_id, as_of, stage,"
                " target_date, go_live_date, gov_cloud, special_support) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                list(r.values()),
            )
        frame = con.execute("select * from schedule_on(?::date)", [day]).df()
    finally:
        con.execute("rollback")
    # every pair of the jurisdiction exactly once, in exactly one class
    assert len(frame) == PAIRS
    assert not frame.duplicated(["municipality_code", "business_id"]).any()
    assert frame["schedule_status"].isin(list(SCHEDULE_STATUSES)).all()
    # each pair's class is the definition applied to its newest report on or before the day
    newest: dict[tuple[str, str], dict] = {}
    for r in sorted(rows, key=lambda r: (r["as_of"], r["submission_id"])):
        if r["as_of"] <= day:
            newest[(r["municipality_code"], r["business_id"])] = r
    for rec in frame.itertuples():
        r = newest.get((rec.municipality_code, rec.business_id))
        if r is None:
            assert rec.stage == "no_report"
            want = expected("no_report", False, None, day, deadline)
        else:
            want = expected(r["stage"], r["special_support"], r["target_date"], day, deadline)
        assert rec.schedule_status == want, (rec, r, day, deadline)


def test_every_class_has_a_label_in_both_languages():
    assert set(SCHEDULE_STATUSES) == {
        "live",
        "not_applicable",
        "overdue_deadline",
        "overdue_special",
        "overdue_target",
        "after_deadline_planned",
        "on_track",
    }
    assert all(ja and en and ja != en for ja, en in SCHEDULE_STATUSES.values())
    assert set(OVERDUE_STATUSES) <= set(SCHEDULE_STATUSES)
