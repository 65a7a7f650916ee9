"""One release workbook read: the size guard, the sheets found by their headers, the kind and month they
make, and each chosen sheet's rows.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

from etl.official.read import bounds
from etl.official.read.layout import header_sheets, sheets_month
from etl.official.read.model import Jurisdiction, Release, business_names, finding, key
from etl.official.read.rows import (
    names_no_municipality,
    read_list,
    read_prefecture_rates,
    read_rates,
    read_steps,
)
from schemas.vocabulary.releases import COMMON_FUNCTION_LABEL, OFFICIAL_MAX_BYTES, OFFICIAL_MAX_UNPACKED


def unpacked_size_finding(raw: bytes) -> dict | None:
    """A finding when the file is too large or its XML would unpack beyond the bound (zip-bomb guard)."""
    if len(raw) > OFFICIAL_MAX_BYTES:
        return finding("official_file_too_large", value=f"{len(raw):,} bytes > {OFFICIAL_MAX_BYTES:,}")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        return finding("official_file_unreadable", value=type(exc).__name__)
    if unpacked > OFFICIAL_MAX_UNPACKED:
        return finding("official_file_too_large", value=f"{unpacked:,} bytes unpacked > {OFFICIAL_MAX_UNPACKED:,}")
    return None


def read_release(raw: bytes, where: Jurisdiction, as_of: date | None = None) -> Release:
    """Read one release workbook: its kind, month, checked frames and findings (never an exception)."""
    release = Release()
    stopped = bounds.guard(raw, where)  # bounded while read, before openpyxl parses a byte
    if stopped:
        release.findings.extend(stopped)
        return release
    try:
        sheets = list(header_sheets(raw, _known_names()))
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        release.findings.append(finding("official_file_unreadable", value=type(exc).__name__))
        return release
    for sheet in sheets:  # a sheet naming no municipality (市区町村 `-` throughout) is a prefecture table
        if sheet.layout in ("rates", "steps") and names_no_municipality(sheet):
            sheet.layout = "prefecture_rates" if sheet.layout == "rates" else "steps_without_municipality"
    layouts = {s.layout: s for s in reversed(sheets)}  # the first sheet of each layout
    if "rates" in layouts or "steps" in layouts:
        release.kind = "mic_progress"
        chosen = [layouts[name] for name in ("rates", "steps") if name in layouts]
    elif "prefecture_rates" in layouts or "steps_without_municipality" in layouts:
        # the prefecture-run businesses' own workbook: 47 prefecture rows, 市区町村名 `-`
        release.kind = "mic_prefecture"
        chosen = [layouts[name] for name in ("prefecture_rates", "steps_without_municipality") if name in layouts]
    elif "list" in layouts:
        release.kind = "da_special_support"
        chosen = [layouts["list"]]
    else:
        release.findings.append(finding("official_layout_unknown"))
        return release
    month = sheets_month(chosen)
    if month and as_of and month != as_of:
        release.findings.append(finding("official_as_of_mismatch", value=f"{month:%Y-%m} ≠ {as_of:%Y-%m}"))
    release.as_of = month or as_of
    if release.as_of is None:
        release.findings.append(finding("official_as_of_unknown"))
    for sheet in chosen:
        if sheet.layout in ("steps", "steps_without_municipality"):
            read_steps(sheet, where, release, prefecture=release.kind == "mic_prefecture")
        else:
            READERS[sheet.layout](sheet, where, release)
    return release


READERS = {"rates": read_rates, "prefecture_rates": read_prefecture_rates, "list": read_list}


def _known_names() -> frozenset[str]:
    """The folded names a column may carry: the 20 businesses, their aliases and 共通機能."""
    return frozenset(business_names()) | {key(COMMON_FUNCTION_LABEL[0])}
