"""The tests' one row factory: builders of status report rows, and of the files and check contexts
that carry them.

Two kinds of row: `valid_row` and its variants give text cells, as a file or a form sends them;
`report_row` and its variants give typed cells (None, booleans, numbers), as a frame handed to
`ingest.ingest_frame`."""

from __future__ import annotations

import io
import json
import os
from datetime import date, timedelta
from typing import Any

import pandas as pd

from etl import reference
from schemas.status_report import Context, previous_stages
from schemas.vocabulary.contract import COLUMNS, HEADERS_JA
from tests.support.codes import CHIYODA

# property tests draw their full number of examples when every test runs (`make test-all`, and
# `make test` with CI=true, set HYOJUNKA_FULL_TESTS=1), a fifth of it in the everyday `make test`
THOROUGH = os.environ.get("HYOJUNKA_FULL_TESTS") == "1"


def examples(n: int) -> int:
    """How many examples a property test draws: `n` when thorough, else a fifth (at least 5)."""
    return n if THOROUGH else max(5, n // 5)


TODAY = date(2026, 11, 26)


def valid_row(**overrides: object) -> dict[str, str]:
    """A row that passes every rule: Chiyoda's resident registry, live on the Government Cloud."""
    row = {
        "municipality_code": CHIYODA,
        "business_id": "resident_registry",
        "as_of": "2026-11-01",
        "stage": "live",
        "target_date": "2026-01-31",
        "go_live_date": "2026-01-05",
        "gov_cloud": "running",
        "special_support": "false",
        "special_support_reason": "",
        "pmo_progress": "100",
        "vendor": "テストベンダ",
        "notes": "",
    }
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def under_way_row(business_id: str = "fixed_asset_tax", **overrides: object) -> dict[str, str]:
    """A valid row of a special-support system still in migration, with its later target."""
    base: dict[str, object] = {
        "business_id": business_id,
        "stage": "migration",
        "target_date": "2027-03-31",
        "go_live_date": "",
        "gov_cloud": "preparing",
        "pmo_progress": "70",
        "special_support": "true",
        "special_support_reason": "4",
    }
    base.update(overrides)
    return valid_row(**base)


def status_row(code: str, business_id: str, stage: str, as_of: date, **extra: str) -> dict[str, str]:
    """One valid status row as a form would send it (text cells, ISO dates); the target, the go-live
    day and the cloud follow from the stage."""
    row = valid_row(
        municipality_code=code,
        business_id=business_id,
        as_of=as_of.isoformat(),
        stage=stage,
        target_date="" if stage in ("live", "not_applicable") else "2026-03-31",
        go_live_date="2025-04-01" if stage == "live" else "",
        gov_cloud="running" if stage == "live" else "planned",
        pmo_progress="",
        vendor="",
    )
    row.update(extra)
    return row


# every row report_row builds carries this note by default; no public output may show it
PRIVATE_NOTE = "内部メモ: 公開しない"


def report_row(
    code: str,
    business: str,
    as_of: str,
    stage: str,
    *,
    target: str | None = None,
    go_live: str | None = None,
    cloud: str = "planned",
    special: bool = False,
    reason: int | None = None,
    vendor: str | None = None,
    pmo: float | None = None,
    notes: str | None = PRIVATE_NOTE,
) -> dict:
    """One typed status row (None for an empty cell), as a frame handed to the ETL carries it."""
    return {
        "municipality_code": code,
        "business_id": business,
        "as_of": as_of,
        "stage": stage,
        "target_date": target,
        "go_live_date": go_live,
        "gov_cloud": cloud,
        "special_support": special,
        "special_support_reason": reason,
        "pmo_progress": pmo,
        "vendor": vendor,
        "notes": notes,
    }


def schedule_row(code: str, business: str, as_of: str, stage: str, target: str | None = None, **extra: object) -> dict:
    """A typed row for the schedule tests: running on the cloud when live, else planned; special support
    (`special=True`) with reason 1; no note."""
    special = bool(extra.get("special", False))
    return report_row(
        code,
        business,
        as_of,
        stage,
        target=target,
        go_live=extra.get("go_live"),  # type: ignore[arg-type]
        cloud="running" if stage == "live" else "planned",
        special=special,
        reason=1 if special else None,
        vendor=extra.get("vendor"),  # type: ignore[arg-type]
        notes=None,
    )


def form_rows(stage: str = "procurement", notes: str = "", **overrides: dict) -> list[dict]:
    """The report form's 20 rows: every system special-support (reason 4) with a target in 400 days;
    `overrides` maps a business id to the fields that differ."""
    from dashboard.reporting import form
    from etl import clock

    base = {
        "stage": stage,
        "target_date": clock.today() + timedelta(days=400),
        "go_live_date": None,
        "gov_cloud": "planned",
        "special_support": True,
        "special_support_reason": 4,
        "pmo_progress": None,
        "vendor": "",
        "notes": notes,
    }
    return [{"business_id": b, **base, **overrides.get(b, {})} for b in form.businesses()["business_id"]]


def csv_bytes(rows: list[dict], *, japanese_headers: bool = False, encoding: str = "utf-8") -> bytes:
    """Rows as a CSV file."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if japanese_headers:
        frame = frame.rename(columns=HEADERS_JA)
    return frame.to_csv(index=False).encode(encoding)


def json_bytes(rows: list[dict]) -> bytes:
    """Rows as a JSON list of objects."""
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


def xlsx_bytes(rows: list[list[object]], header: list[str]) -> bytes:
    """Rows as a one-sheet workbook with the given header."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def context(**overrides: Any) -> Context:
    """A check context for Tokyo with a fixed today and no stored history."""
    values: dict[str, Any] = {
        "codes": frozenset(reference.municipalities()["code"]),
        "business_ids": frozenset(reference.businesses()["business_id"]),
        "today": TODAY,
        "deadline": reference.national_deadline(),
        "special_support_horizon": reference.special_support_horizon(),
    }
    values.update(overrides)
    if isinstance(values.get("previous_stage"), dict):  # tests write the stored stages as a mapping
        values["previous_stage"] = previous_stages(values["previous_stage"])
    return Context(**values)
