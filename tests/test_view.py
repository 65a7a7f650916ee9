"""dashboard.view's pure parts: number, date and time formats, display frames, CSV bytes, selections."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pandas as pd
import pytest

from dashboard import captions, view


@pytest.mark.parametrize(("value", "expected"), [(1234567, "1,234,567"), (0, "0"), (None, "—"), (float("nan"), "—")])
def test_fmt_int(value, expected):
    assert captions.fmt_int(value) == expected


@pytest.mark.parametrize(("value", "digits", "expected"), [(0.4567, 1, "45.7%"), (1, 0, "100%"), (None, 1, "—")])
def test_fmt_pct(value, digits, expected):
    assert captions.fmt_pct(value, digits) == expected


def test_fmt_date_and_time_in_tokyo():
    assert captions.fmt_date(date(2026, 3, 1)) == "2026/03/01"
    assert captions.fmt_date(pd.NaT) == "—"
    # 15:30 UTC is 00:30 the next day in Tokyo
    assert captions.fmt_time(datetime(2026, 3, 1, 15, 30, tzinfo=UTC)) == "2026/03/02 00:30"


def test_for_display_shows_days_as_one_format_and_the_csv_keeps_iso():
    frame = pd.DataFrame(
        {
            "day": ["2026-08-24", None, "2025-12-01"],
            "stamp": ["2026-08-24 09:05", "", "2025-12-01 23:59"],
            "when": pd.to_datetime(["2026-08-24", None, "2025-12-01"]),
            "code": ["131016", "2026-08-24", "x"],  # not every cell a day: left alone
        }
    )
    shown = view.for_display(frame)
    assert shown["day"].tolist() == ["2026/08/24", "", "2025/12/01"]
    assert shown["stamp"].tolist() == ["2026/08/24 09:05", "", "2025/12/01 23:59"]
    assert shown["when"].tolist() == ["2026/08/24", "", "2025/12/01"]
    assert shown["code"].tolist() == frame["code"].tolist()
    assert b"2026-08-24" in view.csv_bytes(frame) and b"2026/08/24" not in view.csv_bytes(frame)


def test_for_display_blanks_missing_text_only():
    frame = pd.DataFrame({"vendor": ["A", None], "n": [1.0, None]})
    shown = view.for_display(frame)
    assert shown["vendor"].tolist() == ["A", ""]
    assert pd.isna(shown["n"].iloc[1])


def test_csv_bytes_has_a_bom_and_neutralised_cells():
    data = view.csv_bytes(pd.DataFrame({"ベンダ": ["=1+1", "東都"]}))
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "ベンダ" in text and "東都" in text and "\n=1+1" not in text and '"=1+1"' not in text


def test_selected_customdata():
    assert view.selected_customdata([{"x": 1}, {"customdata": ["a", "131016"]}]) == ["a", "131016"]
    assert view.selected_customdata([]) == []


class _Cells(HTMLParser):
    """The text of every header and data cell of an HTML table, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _cells(html: str) -> list[list[str]]:
    parser = _Cells()
    parser.feed(html)
    return parser.rows


def test_the_printed_table_holds_the_same_cells_as_pandas_writes():
    frame = pd.DataFrame(
        {
            "団体": pd.Series(["千代田区", "<b>中央区</b>", "", None], dtype="str"),
            "稼働日": pd.Series(["2026-03-01", None, "2025-12-31", ""], dtype="str"),
            "件数": pd.Series([1, None, 3, 12345], dtype="Int64"),
            "対象": [True, False, True, False],
        }
    )
    ours = view.print_table_html(frame)
    theirs = view.for_display(frame).to_html(index=False, border=0, classes="hyj-print-table", na_rep="")
    # the same cells, but a missing count printed blank where pandas prints "<NA>"
    assert _cells(ours) == [[("" if v == "<NA>" else v) for v in row] for row in _cells(theirs)]
    assert _cells(ours)[1] == ["千代田区", "2026/03/01", "1", "True"]
    assert "<b>" not in ours and "&lt;b&gt;" in ours and 'class="dataframe hyj-print-table"' in ours
    # a table with fractions is written by pandas, formatted as pandas formats them
    shares = pd.DataFrame({"割合": [0.5, 0.25]})
    assert _cells(view.print_table_html(shares)) == [["割合"], ["0.50"], ["0.25"]]


def test_a_long_table_prints_a_line_pointing_to_its_downloads(monkeypatch):
    short = pd.DataFrame({"団体": ["千代田区"] * view.PRINT_ROWS_MAX})
    long = pd.DataFrame({"団体": ["千代田区"] * (view.PRINT_ROWS_MAX + 1)})
    assert view.print_block_html(short) == view.print_table_html(short)
    printed = view.print_block_html(long)
    assert "<table" not in printed and f"{view.PRINT_ROWS_MAX + 1}行" in printed and "CSV" in printed
