"""Small hand-built databases, filled through the real ETL, and a reader of their tables.

`build_small`: three municipalities report three businesses (resident registry, individual
inhabitant tax, public assistance) on 2025-01-06; only Chiyoda reports again on 2025-03-03. The day
the tests look at is `DAY`, 2025-03-10, so "30 days before" is 2025-02-08. Every row carries the
private note `PRIVATE_NOTE`.

`FIRST`, `SECOND`, `THIRD`: the schedule history, in which every schedule status occurs across the
national deadline (tests/test_schedule.py states what each pair is on either side of it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from etl import clock, demo, ingest, store
from tests.support.codes import CHIYODA, CHUO, HACHIOJI, PA, RR, TAX, TOSHIMA
from tests.support.factories import report_row, schedule_row

DAY = date(2025, 3, 10)

SUBMISSIONS: list[list[dict]] = [
    [  # Chiyoda, first report
        report_row(CHIYODA, RR, "2025-01-06", "planning", target="2025-12-31", vendor="TKC"),
        report_row(CHIYODA, TAX, "2025-01-06", "fit_gap", target="2025-06-30", vendor="NEC"),
        report_row(CHIYODA, PA, "2025-01-06", "not_started", target="2026-03-31"),
    ],
    [  # Hachioji: registry late in migration, tax already live, public assistance special support
        report_row(HACHIOJI, RR, "2025-01-06", "migration", target="2025-02-28", cloud="preparing", vendor="TKC"),
        report_row(HACHIOJI, TAX, "2025-01-06", "live", go_live="2024-12-01", cloud="running", vendor="NEC", pmo=100),
        report_row(
            HACHIOJI, PA, "2025-01-06", "planning", target="2027-03-31", special=True, reason=1, vendor="富士通Japan"
        ),
    ],
    [  # Toshima Village: registry overdue already, the other two outside its scope
        report_row(TOSHIMA, RR, "2025-01-06", "fit_gap", target="2024-12-31", cloud="not_planned", vendor="TKC"),
        report_row(TOSHIMA, TAX, "2025-01-06", "not_applicable", cloud="not_planned"),
        report_row(TOSHIMA, PA, "2025-01-06", "not_applicable", cloud="not_planned"),
    ],
    [  # Chiyoda again: registry live on the cloud, public assistance in migration
        report_row(CHIYODA, RR, "2025-03-03", "live", go_live="2025-03-01", cloud="running", vendor="TKC"),
        report_row(CHIYODA, TAX, "2025-03-03", "fit_gap", target="2025-06-30", vendor="NEC"),
        report_row(CHIYODA, PA, "2025-03-03", "migration", target="2025-12-31", cloud="preparing"),
    ],
]


def build_small(db: Path) -> Path:
    """Fill an initialised database with the four submissions above, through the real ETL."""
    for rows in SUBMISSIONS:
        outcome = ingest.ingest_frame(pd.DataFrame(rows), source="form", db=db)
        assert outcome.receipt.outcome == "accepted", outcome.findings.to_dict("records")
    return db


# Chiyoda's report of 2025-12-01 (seen on both days), then one of 2026-05-01 (seen after D only):
# (D is the national deadline, 2026-03-31; BEFORE is 2026-01-15 and AFTER 2026-06-30 in tests/test_schedule.py)
# business                      2025-12-01                          on BEFORE               on AFTER
# resident_registry             live                                live                    live
# individual_inhabitant_tax     not applicable                      not_applicable          not_applicable
# seal_registration             migration, target 2025-12-31        overdue_target          overdue_deadline
# electoral_register            procurement, target 2027-03-31      after_deadline_planned  overdue_deadline
# fixed_asset_tax               fit_gap, target 2026-03-31          on_track                overdue_deadline
# family_register               special, migration, 2026-05-31      on_track                overdue_special
# school_enrollment             special, planning, 2027-12-31       on_track                on_track
# public_assistance             migration, 2026-02-28; live 05-01   on_track                live
# Chuo reports only on 2026-05-01: no report on BEFORE (on_track, due D), then
# resident_registry             migration, target 2026-09-30        on_track (no report)    overdue_deadline
# seal_registration             special, migration, 2026-12-31      on_track (no report)    on_track
FIRST = [
    schedule_row(CHIYODA, "resident_registry", "2025-12-01", "live", go_live="2025-11-01"),
    schedule_row(CHIYODA, "individual_inhabitant_tax", "2025-12-01", "not_applicable"),
    schedule_row(CHIYODA, "seal_registration", "2025-12-01", "migration", "2025-12-31"),
    schedule_row(CHIYODA, "electoral_register", "2025-12-01", "procurement", "2027-03-31"),
    schedule_row(CHIYODA, "fixed_asset_tax", "2025-12-01", "fit_gap", "2026-03-31"),
    schedule_row(CHIYODA, "family_register", "2025-12-01", "migration", "2026-05-31", special=True),
    schedule_row(CHIYODA, "school_enrollment", "2025-12-01", "planning", "2027-12-31", special=True),
    schedule_row(CHIYODA, "public_assistance", "2025-12-01", "migration", "2026-02-28"),
]
SECOND = [
    schedule_row(CHIYODA, "public_assistance", "2026-05-01", "live", "2026-02-28", go_live="2026-04-20"),
]
THIRD = [
    schedule_row(CHUO, "resident_registry", "2026-05-01", "migration", "2026-09-30"),
    schedule_row(CHUO, "seal_registration", "2026-05-01", "migration", "2026-12-31", special=True),
]


def query_rows(db: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    """The result of one query on a database file, opened read-only."""
    with store.connect(db, read_only=True) as con:
        return con.execute(sql, params or []).df()


def tokyo_demo(path: Path) -> Path:
    """The Tokyo demo history (`make run`'s database: since 2023-04, up to today in Tokyo, with its
    releases and costs), through the real ETL."""
    demo.build(path, scale="tokyo", seed=7, today=clock.today())
    return path
