"""A release workbook to checked frames: sheets and header rows found by content, rows matched to the
jurisdiction, every problem a finding with its sheet, row and column.

The workbook is streamed once with openpyxl's read-only mode: each sheet's first rows are looked at
for a known header; a sheet without one is left unread past them.

`read_release` (in `workbook`) guards the file's size, finds the sheets and their layout (`layout`),
then reads their rows (`rows`); `model` holds the jurisdiction, the release and the findings.
"""

from etl.official.read.layout import HEAD_ROWS, LAYOUTS, month_in
from etl.official.read.model import (
    FINDING_COLUMNS,
    RULE_CODES,
    Jurisdiction,
    Release,
    business_names,
    finding,
    key,
    printed_name,
)
from etl.official.read.workbook import read_release, unpacked_size_finding

__all__ = [
    "FINDING_COLUMNS",
    "HEAD_ROWS",
    "Jurisdiction",
    "LAYOUTS",
    "RULE_CODES",
    "Release",
    "business_names",
    "finding",
    "key",
    "month_in",
    "printed_name",
    "read_release",
    "unpacked_size_finding",
]
