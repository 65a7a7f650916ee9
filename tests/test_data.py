"""dashboard.data: each query declared once gives a cached reader keyed on the data version."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandas.testing as pdt

from dashboard import data, queries
from etl import ingest, store
from tests.support.codes import CHIYODA, RR
from tests.support.databases import DAY, SUBMISSIONS, build_small
from tests.support.factories import report_row


def _direct(db: Path, fn, *args):
    with store.connect(db, read_only=True) as con:
        return fn(con, *args)


def test_every_reader_gives_its_own_query(tmp_db: Path):
    build_small(tmp_db)
    version = _direct(tmp_db, queries.data_version)
    db = str(tmp_db)
    # readers of different queries never share a cache entry, even with the same arguments
    pdt.assert_frame_equal(data.stage_distribution(db, version), _direct(tmp_db, queries.stage_distribution))
    pdt.assert_frame_equal(data.cloud_tracks(db, version), _direct(tmp_db, queries.cloud_tracks))
    pdt.assert_frame_equal(data.overdue(db, version, DAY), _direct(tmp_db, queries.overdue, DAY))
    pdt.assert_frame_equal(data.vendor_summary(db, version, DAY), _direct(tmp_db, queries.vendor_summary, DAY))
    assert data.kpis.__doc__ == queries.kpis_with_change.__doc__


def test_a_new_version_reads_again_and_the_same_version_is_cached(tmp_db: Path):
    db = str(tmp_db)
    ingest.ingest_frame(pd.DataFrame(SUBMISSIONS[0]), source="form", db=tmp_db)
    first = _direct(tmp_db, queries.data_version)
    before = data.municipality_history(db, first, CHIYODA)
    ingest.ingest_frame(
        pd.DataFrame([report_row(CHIYODA, RR, "2025-03-03", "procurement", target="2025-12-31")]), db=tmp_db
    )
    second = _direct(tmp_db, queries.data_version)
    assert second != first
    # the old version's entry is still the cached frame; the new version reads the new report
    assert len(data.municipality_history(db, first, CHIYODA)) == len(before)
    assert len(data.municipality_history(db, second, CHIYODA)) == len(before) + 1
