"""Reading submissions: encodings, formats, Japanese headers and labels, width folding, file-level faults."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import read
from etl.bounded import text as text_reader
from etl.bounded.text import csv_header
from schemas.vocabulary.contract import COLUMNS, HEADERS_JA, MAX_BYTES
from tests.support.factories import csv_bytes, examples, json_bytes, under_way_row, valid_row, xlsx_bytes

JA_ROW = {
    "団体コード": "１３１０１６",
    "業務": "住民基本台帳",
    "基準日": "2026/11/1",
    "進捗段階": "標準準拠システム稼働",
    "移行完了予定日": "",
    "稼働日": "2026/1/5",
    "ガバメントクラウド": "ガバメントクラウドで稼働",
    "特定移行支援システム": "いいえ",
    "特定移行支援事由": "",
    "PMO完了率": "１００",
    "ベンダ": "ミライ情報システム",
    "備考": "",
}


def ja_csv(encoding: str) -> bytes:
    header = ",".join(JA_ROW)
    values = ",".join(JA_ROW.values())
    return f"{header}\n{values}\n".encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_every_accepted_encoding_reads_the_same(encoding):
    result = read.read(ja_csv(encoding), "r.csv")
    assert result.findings == []
    row = result.frame.iloc[0]
    assert row["municipality_code"] == "131016"
    assert row["business_id"] == "resident_registry"
    assert row["as_of"] == "2026-11-01"
    assert row["go_live_date"] == "2026-01-05"
    assert row["stage"] == "live"
    assert row["gov_cloud"] == "running"
    assert row["special_support"] == "false"
    assert row["pmo_progress"] == "100"
    assert row["vendor"] == "ミライ情報システム"


def test_undecodable_bytes_are_a_file_level_error_not_garbled_text():
    raw = "団体コード,業務\n".encode("utf-16")
    result = read.read(raw + b"\xff\xfe\x00\xd8", "r.csv")
    assert result.frame is None
    assert [f["code"] for f in result.findings] == ["encoding_unreadable"]
    assert result.findings[0]["row"] is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-11-01", "2026-11-01"),
        ("2026/11/01", "2026-11-01"),
        ("2026/11/1", "2026-11-01"),
        ("2026年11月1日", "2026-11-01"),
        ("２０２６/１１/１", "2026-11-01"),
        ("2026-11-01 00:00:00", "2026-11-01"),
    ],
)
def test_date_forms(written, expected):
    result = read.read(csv_bytes([valid_row(as_of=written)]), "r.csv")
    assert result.frame.iloc[0]["as_of"] == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("true", "true"),
        ("FALSE", "false"),
        ("1", "true"),
        ("0", "false"),
        ("yes", "true"),
        ("no", "false"),
        ("はい", "true"),
        ("いいえ", "false"),
        ("○", "true"),
        ("", "false"),
        ("perhaps", "perhaps"),
    ],
)
def test_boolean_forms(written, expected):
    result = read.read(csv_bytes([valid_row(special_support=written)]), "r.csv")
    assert result.frame.iloc[0]["special_support"] == expected


@pytest.mark.parametrize(
    ("column", "written", "expected"),
    [
        ("stage", "移行作業・テスト", "migration"),
        ("stage", "対象外", "not_applicable"),
        ("stage", "LIVE", "live"),
        ("gov_cloud", "環境構築中", "preparing"),
        ("gov_cloud", "利用予定なし", "not_planned"),
        ("business_id", "戸籍の附票", "family_register_supplement"),
        ("business_id", "Public Assistance", "public_assistance"),
        ("municipality_code", "131016.0", "131016"),
        ("municipality_code", "13101-6", "131016"),
        ("special_support_reason", "４", "4"),
        ("pmo_progress", "80%", "80"),
        ("vendor", "　ベンダ　", "ベンダ"),
    ],
)
def test_labels_and_widths_are_normalised(column, written, expected):
    result = read.read(csv_bytes([valid_row(**{column: written})]), "r.csv")
    assert result.frame.iloc[0][column] == expected


def test_xlsx_with_real_date_cells_and_japanese_headers():
    header = [HEADERS_JA[c] for c in COLUMNS]
    row = [
        131016,
        "住民基本台帳",
        datetime(2026, 11, 1),
        "標準準拠システム稼働",
        None,
        date(2026, 1, 5),
        "ガバメントクラウドで稼働",
        "いいえ",
        None,
        100,
        "ベンダ",
        None,
    ]
    result = read.read(xlsx_bytes([row, [None] * 12], header), "r.xlsx")
    assert result.findings == [] and result.format == "xlsx"
    got = result.frame.iloc[0]
    assert (got["municipality_code"], got["as_of"], got["go_live_date"], got["pmo_progress"]) == (
        "131016",
        "2026-11-01",
        "2026-01-05",
        "100",
    )
    assert len(result.frame) == 1  # the blank row is dropped


def test_json_list_of_objects():
    result = read.read(json_bytes([valid_row(), under_way_row()]), "r.json")
    assert result.format == "json" and len(result.frame) == 2


def test_damaged_xlsx_is_a_file_level_error():
    result = read.read(b"PK\x03\x04 not really a workbook", "r.xlsx")
    assert [f["code"] for f in result.findings] == ["file_unreadable"]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "file_empty"),
        (b"  \n", "file_empty"),
        (b"x" * (MAX_BYTES + 1), "file_too_large"),
        (b"municipality_code,business_id\n131016,resident_registry\n", "missing_column"),
        (",".join(COLUMNS).encode() + b"\n", "no_rows"),
        (b"[1, 2", "file_unreadable"),
    ],
)
def test_file_level_faults(raw, code):
    result = read.read(raw, "r.json" if raw.startswith(b"[") else "r.csv")
    assert result.frame is None
    assert code in [f["code"] for f in result.findings]
    assert all(f["row"] is None for f in result.findings)


def test_missing_columns_are_each_named():
    result = read.read(b"municipality_code,business_id,as_of\n131016,resident_registry,2026-11-01\n", "r.csv")
    missing = {f["column"] for f in result.findings if f["code"] == "missing_column"}
    assert missing == {"stage", "target_date", "go_live_date", "gov_cloud", "special_support", "special_support_reason"}


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 3)
    result = read.read(csv_bytes([valid_row()] * 4), "r.csv")
    assert [f["code"] for f in result.findings] == ["too_many_rows"]


def test_optional_columns_may_be_absent():
    rows = [{k: v for k, v in valid_row().items() if k not in ("pmo_progress", "vendor", "notes")}]
    header = ",".join(rows[0])
    raw = (header + "\n" + ",".join(rows[0].values()) + "\n").encode()
    result = read.read(raw, "r.csv")
    assert result.findings == [] and result.frame.iloc[0]["vendor"] == ""


def test_blank_lines_keep_file_row_numbers():
    raw = csv_bytes([valid_row(), valid_row(business_id="seal_registration")]).decode()
    lines = raw.splitlines()
    raw = "\n".join([lines[0], lines[1], ",,,,,,,,,,,", lines[2]]) + "\n"
    result = read.read(raw.encode(), "r.csv")
    assert result.row_numbers == [1, 3]


def test_empty_lines_count_and_the_header_row_is_known():
    # an empty line (not even commas) is a row too, so a data row is the file's line less the header's
    raw = csv_bytes([valid_row(), valid_row(business_id="seal_registration")]).decode()
    lines = raw.splitlines()
    raw = "\n".join(["", "", lines[0], lines[1], "", lines[2]]) + "\n"
    result = read.read(raw.encode(), "r.csv")
    assert result.header_row == 3 and result.row_numbers == [1, 3] and result.sheet is None
    # line 6 of the file holds the second row
    assert result.header_row + result.row_numbers[1] == 6


def test_xlsx_rows_are_sheet_rows_with_the_sheet_name():
    header = [HEADERS_JA[c] for c in COLUMNS]
    row = list(valid_row().values())
    raw = xlsx_bytes([[None] * len(header), header, row, [None] * len(header), row], header=[])
    result = read.read(raw, "r.xlsx")
    assert result.sheet == "Sheet" and result.header_row == 3
    assert [result.header_row + n for n in result.row_numbers] == [4, 6]


@pytest.mark.parametrize(
    "written", ["4 事業者のリソース不足", "事業者のリソース不足", "Vendor resource shortage", "４", "4"]
)
def test_a_reason_reads_as_its_number_written_as_the_template_offers_it(written):
    result = read.read(csv_bytes([under_way_row(special_support_reason=written)]), "r.csv")
    assert result.frame.iloc[0]["special_support_reason"] == "4"


# cells as a reporter's spreadsheet may write them: commas, quotes, line breaks, Japanese, spaces
_CELL = st.text(alphabet=st.sampled_from(list('ab1,"\n\r 　住民年-/.%') + ["\t", "ｱ"]), max_size=6)


@settings(max_examples=examples(200), deadline=None)
@given(
    header=st.lists(st.sampled_from(["a", "b", "業務", "a", " ", "x y", '"q"']), min_size=1, max_size=5),
    rows=st.lists(st.lists(_CELL, min_size=0, max_size=6), max_size=6),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_the_fast_csv_reader_reads_what_pandas_reads(header, rows, newline):
    # a file Arrow's reader takes must come out as pandas' reader gives it, cell for cell (a blank
    # line is a row of empty cells in both once read fills pandas' NaN); every other file (ragged
    # rows, a line of spaces) is left to pandas (None), never read differently
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    names = csv_header(text)
    fast = text_reader._arrow_frame(text.encode("utf-8"), names)
    if fast is None:
        return
    slow = pd.read_csv(
        io.BytesIO(text.encode("utf-8")), encoding="utf-8", dtype=str, keep_default_na=False, skip_blank_lines=False
    )
    assert fast.shape == slow.shape
    assert fast.to_numpy().tolist() == slow.fillna("").to_numpy().tolist()
    assert [str(d) for d in fast.dtypes] == [str(d) for d in slow.dtypes]


def test_csv_files_the_fast_reader_leaves_to_pandas_read_as_before():
    # a short row, a line of spaces and a header cell over two lines go to pandas' reader
    header = ",".join(COLUMNS)
    row = ",".join(str(valid_row()[c]) for c in COLUMNS)
    clean = f"{header}\n{row}\n{row}\n"  # while a clean file is Arrow's (the property test compares those)
    assert text_reader._arrow_frame(clean.encode("utf-8"), csv_header(clean)) is not None
    for text in (f"{header}\n{row}\n131016\n", f"{header}\n{row}\n   \n{row}\n", f'"a\nb",{header}\n'):
        names = csv_header(text)
        assert text_reader._arrow_frame(text.encode("utf-8"), names) is None
    # blank lines, whichever reader reads them, are counted and dropped: data row numbers kept
    for blank in ("", "   "):
        result = read.read(f"{header}\n{row}\n{blank}\n{row}\n\n".encode(), "r.csv")
        assert result.row_numbers == [1, 3], blank
