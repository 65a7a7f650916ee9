"""Cells made safe: no CSV or XLSX the project writes ever starts a formula or splits a row."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dashboard import view
from etl import cells, template
from schemas.vocabulary.contract import COLUMNS
from tests.support.factories import examples

HOSTILE = "=+-@\t\r\n＝＋－＠﹦﹢﹣﹫ \u3000"
ORDINARY = st.characters(exclude_categories=("Cs", "Cc"))
texts = st.text(alphabet=st.one_of(st.sampled_from(HOSTILE), ORDINARY), max_size=12)


def starts_formula(text: str) -> bool:
    """What a spreadsheet would run: the formula characters, a leading tab or CR, full-width forms."""
    head = unicodedata.normalize("NFKC", text.lstrip()[:8]).lstrip()
    return text.startswith(("\t", "\r", "\n")) or (bool(head) and head[0] in "=+-@")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝cmd|' /C calc'!A0", "'＝cmd|' /C calc'!A0"),
        ("　＠x", "'　＠x"),
        ("  =1+1", "'  =1+1"),
        ("ベンダA", "ベンダA"),
        ("a=b", "a=b"),
        ("", ""),
        (3, 3),
        (None, None),
    ],
)
def test_safe(value, expected):
    assert cells.safe(value) == expected


def test_csv_quotes_a_lone_carriage_return_so_the_row_stays_whole():
    frame = pd.DataFrame({"vendor": ["x", "\r=cmd|' /C calc'!A0"], "notes": ["a\rb", "c\nd"]})
    text = cells.csv_bytes(frame).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 3
    assert rows[2][0] == "'\r=cmd|' /C calc'!A0"
    assert rows[1][1] == "a\rb"


def test_stored_frame_is_not_altered():
    frame = pd.DataFrame({"=a": ["=b"]})
    cells.csv_bytes(frame)
    assert frame.columns.tolist() == ["=a"] and frame.iloc[0, 0] == "=b"


def _read_csv_back(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _template_frame(values: list[str]) -> pd.DataFrame:
    # every column holds the text, but the code: a row of empty strings would read back as no row
    rows = [dict.fromkeys(COLUMNS, value) | {"municipality_code": "131016"} for value in values]
    return pd.DataFrame(rows, columns=COLUMNS)


@given(st.lists(texts, min_size=1, max_size=6))
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_writer_gives_back_the_rows_and_no_formula(values):
    frame = pd.DataFrame({"vendor": values, "notes": list(reversed(values))})
    frame.columns = [values[0] or "vendor", "notes"]
    for raw in (cells.csv_bytes(frame), view.csv_bytes(frame), template.to_csv(_template_frame(values))):
        rows = _read_csv_back(raw)
        assert len(rows) == len(values) + 1
        assert not any(starts_formula(cell) for row in rows for cell in row)
    book = load_workbook(io.BytesIO(template.to_xlsx(_template_frame(values))))
    sheet = book["報告"]
    written = [row for row in sheet.iter_rows(min_row=2) if any(c.value is not None for c in row)]
    assert len(written) == len(values)
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            # formula-like text kept as typed, under Excel's quote prefix (a style, not a character)
            assert not (isinstance(cell.value, str) and starts_formula(cell.value)) or cell.quotePrefix


def test_template_writes_a_formula_like_vendor_as_text():
    frame = _template_frame(['=HYPERLINK("http://evil","x")'])
    sheet = load_workbook(io.BytesIO(template.to_xlsx(frame)))["報告"]
    cell = sheet.cell(row=2, column=COLUMNS.index("vendor") + 1)
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value == '=HYPERLINK("http://evil","x")'


# files the project synthesises as *input* to its own readers (demo history, sample releases): never
# handed to a person as a download, and written as a municipality's spreadsheet would be
SYNTHETIC_INPUTS = {"etl/demo.py", "etl/official/synthetic.py"}
WRITES = re.compile(r"\.to_csv\(|\.to_excel\(|csv\.writer\(|csv\.DictWriter\(|\bsheet\.append\(|\bws\.append\(")


def test_no_writer_bypasses_the_safe_cells():
    root = Path(__file__).resolve().parents[1]
    offenders = []
    for path in sorted([*root.glob("etl/**/*.py"), *root.glob("dashboard/**/*.py"), *root.glob("documents/**/*.py")]):
        name = path.relative_to(root).as_posix()
        if name == "etl/cells.py" or name in SYNTHETIC_INPUTS:
            continue
        text = path.read_text(encoding="utf-8")
        if WRITES.search(text):
            offenders.append(name)
        if re.search(r"\bWorkbook\(\)", text) and "cells.xlsx_" not in text:
            offenders.append(name)
    assert offenders == [], "write CSV/XLSX through etl.cells (csv_bytes, xlsx_row, xlsx_set)"
