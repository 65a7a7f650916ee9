"""Release workbooks for the tests, built cell by cell with openpyxl in both published layouts, and the
small database with releases whose reconciliation is counted by hand in tests/test_official.py."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from etl import reference
from etl.official.ingest import ingest_release
from tests.support.codes import CHIYODA, HACHIOJI, PA, RR, TAX, TOSHIMA

# the ministry prints these names, in this order (../shared/reference/official_sources.md)
MINISTRY_HEADERS = (
    "住民記録 選挙人名簿管理 固定資産税 個人住民税 法人住民税 軽自動車税 就学 国民年金 国民健康保険 後期高齢者医療 "
    "介護保険 障害者福祉 生活保護 健康管理 児童手当 児童扶養手当 子ども・子育て支援 戸籍 戸籍附票 印鑑登録"
).split()
LIST_HEADERS = (
    "住民基本台帳 印鑑登録 戸籍 戸籍の附票 選挙人名簿管理 個人住民税 法人住民税 固定資産税 軽自動車税 就学 国民年金 "
    "国民健康保険 後期高齢者医療 介護保険 障害者福祉 生活保護 健康管理 児童手当 児童扶養手当 子ども・子育て支援 共通機能"
).split()
# the real step names, as the ministry's step sheet heads its 40 columns (data/reference/pmo_steps.csv)
STEPS = reference.pmo_steps()["step_name_ja"].tolist()
# the test's municipalities as the ministry names them
NAMES = {CHIYODA: ("東京都", "千代田区"), HACHIOJI: ("東京都", "八王子市"), TOSHIMA: ("東京都", "利島村")}


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ministry(
    rates: list[list],
    steps: list[list] | None = None,
    *,
    sheet: str = "令和8年1月_進捗状況",
    header_row: int = 1,
    prefecture_sheet_first: bool = False,
    rename: dict[str, str] | None = None,
    heading: str = "units_below",
    step_names: list[str] | None = None,
) -> bytes:
    """The ministry's workbook: `rates` rows are [prefecture, municipality, total, 20 rates in the
    ministry's order]; `steps` rows are [prefecture, municipality, business name, 40 statuses].

    `heading`: how the rate sheet's two heading rows hold the names: `units_below` (names on the
    first row, 完了率 under each), `merged_group` (as published: 都道府県 · 市区町村 · 完了率 merged
    down two rows, one merged 業務別完了率 over the 20 columns, the names on the second row) or
    `one_row` (names on a single row)."""
    book = Workbook()
    book.remove(book.active)
    if prefecture_sheet_first:
        summary = book.create_sheet("都道府県別")
        summary.append(["都道府県", "完了率"])
        summary.append(["東京都", 0.8])
    ws = book.create_sheet(sheet)
    for _ in range(header_row - 1):
        ws.append(["標準化の進捗状況"])
    headers = [(rename or {}).get(h, h) for h in MINISTRY_HEADERS]
    _heading(ws, ["都道府県", "市区町村", "完了率"], headers, heading)
    for row in rates:
        ws.append(row)
    if steps is not None:
        detail = book.create_sheet("業務別ステップ別進捗一覧")
        detail.append(["都道府県名", "市区町村名", "業務名", *(step_names or STEPS)])
        for row in steps:
            detail.append(row)
    return _bytes(book)


def _heading(ws, keys: list[str], names: list[str], heading: str) -> None:
    """The rate sheet's heading rows in one of the published forms (see `ministry`)."""
    if heading == "one_row":
        ws.append([*keys, *names])
    elif heading == "units_below":
        ws.append([*keys, *names])
        ws.append([*[None] * (len(keys) - 1), "全体", *["完了率"] * len(names)])
    else:  # merged_group, as published
        ws.append([*keys, "業務別完了率", *[None] * (len(names) - 1)])
        ws.append([None] * len(keys) + names)
        top = ws.max_row - 1
        for col in range(1, len(keys) + 1):
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        ws.merge_cells(start_row=top, start_column=len(keys) + 1, end_row=top, end_column=len(keys) + len(names))


def prefecture_book(
    rates: list[list],
    steps: list[list] | None = None,
    *,
    sheet: str = "令和8年1月_進捗状況",
    heading: str = "merged_group",
) -> bytes:
    """The prefecture-run businesses' workbook: rate rows [prefecture, total, 生活保護, 児童扶養手当]
    (no 市区町村 column); step rows [prefecture, '-', business name, 40 statuses]."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    _heading(ws, ["都道府県", "完了率"], ["生活保護", "児童扶養手当"], heading)
    for row in rates:
        ws.append(row)
    if steps is not None:
        detail = book.create_sheet("業務別ステップ別進捗一覧")
        detail.append(["都道府県名", "市区町村名", "業務名", *STEPS])
        for row in steps:
            detail.append(row)
    return _bytes(book)


def national(rows: list[list], *, title: str = "特定移行支援システムの該当見込み（令和7年7月末時点）") -> bytes:
    """The Digital Agency's list: title, empty row, header on row 3; rows are [code, name, kind, 21 marks]."""
    book = Workbook()
    ws = book.active
    ws.title = "結果一覧"
    ws.append([title])
    ws.append([])
    ws.append(["団体コード", "自治体名", "自治体区分", *LIST_HEADERS])
    for row in rows:
        ws.append(row)
    return _bytes(book)


def rate_row(
    code: str, total: float | None = None, rates: dict[str, float] | None = None, default: float = 0.5
) -> list:
    """A rates row for one of the test's municipalities: every business `default` unless given; the
    overall rate the mean of the 20 (as the ministry's is) unless given."""
    by_name = {MINISTRY_NAME[b]: v for b, v in (rates or {}).items()}
    values = [by_name.get(h, default) for h in MINISTRY_HEADERS]
    if total is None:
        total = round(sum(values) / len(values), 4)
    return [*NAMES[code], total, *values]


def list_row(code: str, name: str, kind: str, marks: dict[str, str] | None = None) -> list:
    """A list row: the marks given by business id (others empty)."""
    by_name = {LIST_NAME[b]: v for b, v in (marks or {}).items()}
    return [code, name, kind, *[by_name.get(h) for h in LIST_HEADERS]]


MINISTRY_NAME = {RR: "住民記録", TAX: "個人住民税", PA: "生活保護", "health_management": "健康管理"}
LIST_NAME = {
    RR: "住民基本台帳",
    TAX: "個人住民税",
    PA: "生活保護",
    "health_management": "健康管理",
    "common_function": "共通機能",
}


def build_official(db: Path) -> Path:
    """Load two ministry workbooks and two national lists onto the small database (tests/test_queries.py).

    By hand, against the latest reports (Chiyoda: registry live, tax fit_gap, assistance migration;
    Hachioji: registry migration, tax live, assistance planning with special support; Toshima:
    registry fit_gap, the other two not applicable), the latest releases give one discrepancy of each
    class and two of procedure_done_not_live; the older releases would give others.
    """
    older = ministry(
        [
            rate_row(CHIYODA, None, {RR: 1.0}),
            rate_row(HACHIOJI, None, {TAX: 0.5}),
            rate_row(TOSHIMA, None, default=0.2),
        ],
        sheet="令和7年2月_進捗状況",
    )
    latest = ministry(
        [
            rate_row(CHIYODA, None, {RR: 0.9, TAX: 1.0, PA: 0.7}),
            rate_row(HACHIOJI, None, {RR: 1.0, TAX: 1.0, PA: 0.3}),
            rate_row(TOSHIMA, None, {RR: 0.5, TAX: 1.0, PA: 1.0}),
        ],
        [
            ["東京都", "千代田区", "住民記録", *["完了済み"] * 36, *["作業中"] * 2, *["未着手"] * 2],
            ["東京都", "千代田区", "戸籍附票", *["完了済み"] * 10, *["対象外"] * 2, *["未着手"] * 28],
        ],
        sheet="令和7年3月_進捗状況",
    )
    older_list = national(
        [
            list_row(CHIYODA, "東京都千代田区", "特別区", {RR: "●"}),
            list_row(HACHIOJI, "東京都八王子市", "一般市", {PA: "●"}),
        ],
        title="特定移行支援システムの該当見込み（令和6年12月末時点）",
    )
    latest_list = national(
        [
            list_row("130001", "東京都", "都道府県", {PA: "●"}),
            list_row(CHIYODA, "東京都千代田区", "特別区", {PA: "●", TAX: "○", "common_function": "●"}),
            list_row(HACHIOJI, "東京都八王子市", "一般市"),
            list_row(TOSHIMA, "東京都利島村", "村", {"health_management": "●"}),
        ],
        title="特定移行支援システムの該当見込み（令和7年3月末時点）",
    )
    for name, raw in (
        ("older.xlsx", older),
        ("latest.xlsx", latest),
        ("l1.xlsx", older_list),
        ("l2.xlsx", latest_list),
    ):
        outcome = ingest_release(raw, filename=name, url=f"https://example.org/{name}", db=db)
        assert outcome.receipt.outcome == "accepted", outcome.findings.to_dict("records")
    return db


# a rates sheet of three rows: Chiyoda, Chuo (every business done) and Sapporo, outside Tokyo
BASE_RATES = [
    rate_row(CHIYODA, None, {RR: 0.8}),  # overall 0.515, the mean of the 20
    ["東京都", "中央区", 1.0, *[1.0] * 20],
    ["北海道", "札幌市", 0.9, *[0.9] * 20],
]


def findings_of(outcome) -> list[tuple]:
    """A release's findings as tuples (code, sheet, row, column, cell, value, severity); None for empty."""
    f = outcome.findings.astype(object)
    f = f.where(f.notna(), None)
    return list(zip(f["code"], f["sheet"], f["row"], f["column"], f["cell"], f["value"], f["severity"], strict=True))
