"""A release workbook to checked frames: sheets and header rows found by content, rows matched to the
jurisdiction, every problem a finding with its sheet, row and column.

The workbook is streamed once with openpyxl's read-only mode: each sheet's first rows are looked at
for a known header; a sheet without one is left unread past them.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa
from openpyxl.utils import get_column_letter

from etl import reference
from schemas.official import CELL_RULES, MESSAGES, ROW_RULES, SEVERITY, cells_schema, rows_schema
from schemas.vocabulary import (
    BUSINESS_ALIASES,
    COMMON_FUNCTION,
    COMMON_FUNCTION_LABEL,
    N_STEPS,
    NATIONAL_MARK,
    OFFICIAL_MAX_BYTES,
    OFFICIAL_MAX_UNPACKED,
    STEP_STATUSES,
)

HEAD_ROWS = 20  # a header row is looked for in the first rows of each sheet
FINDING_COLUMNS = ["sheet", "row", "column", "cell", "code", "value", "message_ja", "message_en", "severity"]
# the header words that make each layout, folded and without spaces
LAYOUTS: dict[str, set[str]] = {
    "steps": {"都道府県名", "市区町村名", "業務名"},
    "rates": {"都道府県", "市区町村", "完了率"},
    "list": {"団体コード", "自治体名"},
}
_ERA = re.compile(r"(令和|平成)\s*(\d+|元)\s*年\s*(\d{1,2})\s*月")
_WESTERN = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月")
ERA_START = {"令和": 2018, "平成": 1988}
STATUS_WORDS = {ja: code for code, (ja, _) in STEP_STATUSES.items()}
PREFECTURE_KIND = "都道府県"


@dataclass(frozen=True)
class Jurisdiction:
    """The municipalities rows may match: by code, and by (prefecture name, municipality name)."""

    codes: frozenset[str]
    by_name: dict[tuple[str, str], str]
    prefectures: frozenset[str]  # the prefecture names the jurisdiction covers
    prefecture_codes: frozenset[str]
    all_prefectures: frozenset[str]  # every prefecture's name, to tell a prefecture's own row

    @classmethod
    def from_frame(cls, munis: pd.DataFrame, prefectures: pd.DataFrame) -> Jurisdiction:
        """From the municipalities (code, name_ja, prefecture_code) and the prefectures tables."""
        names = dict(zip(prefectures["prefecture_code"], prefectures["name_ja"].map(key), strict=True))
        pref = munis["code"].str[:2].map(names).fillna("")
        by_name = {(p, key(n)): c for p, n, c in zip(pref, munis["name_ja"], munis["code"], strict=True)}
        return cls(
            frozenset(munis["code"]),
            by_name,
            frozenset(pref) - {""},
            frozenset(munis["code"].str[:2]),
            frozenset(names.values()),
        )


@dataclass
class Release:
    """What a workbook holds: its kind and month, the accepted frames and every finding."""

    kind: str | None = None
    as_of: date | None = None
    totals: pd.DataFrame | None = None  # municipality_code, rate
    rates: pd.DataFrame | None = None  # municipality_code, business_id, rate
    steps: pd.DataFrame | None = None  # municipality_code, business_id, s01..sNN (status codes or None)
    step_names: list[str] = field(default_factory=list)
    marks: pd.DataFrame | None = None  # municipality_code, business_id, marked (None: unreadable mark)
    findings: list[dict] = field(default_factory=list)
    n_rows: int = 0
    n_outside: int = 0  # rows of prefectures outside the jurisdiction (or a prefecture's own row)

    def findings_frame(self) -> pd.DataFrame:
        """The findings as a frame in a stable order."""
        out = pd.DataFrame(self.findings, columns=FINDING_COLUMNS)
        out["row"] = out["row"].astype("Int64")
        return out.sort_values(["sheet", "row", "code"], na_position="first", kind="stable").reset_index(drop=True)

    @property
    def n_errors(self) -> int:
        """How many findings are errors."""
        return sum(f["severity"] == "error" for f in self.findings)


def key(text: object) -> str:
    """A name or header folded for comparison: NFKC, no spaces or line breaks."""
    if text is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def finding(
    code: str,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    col_index: int | None = None,
    value: object = None,
) -> dict:
    """One finding with its sheet, row, column and cell, in Japanese and English."""
    cell = f"{get_column_letter(col_index + 1)}{row}" if col_index is not None and row else None
    fields = {"sheet": sheet or "", "row": row or "", "column": column or "", "cell": cell or "", "value": value}
    fields["value"] = "" if value is None else value
    ja, en = MESSAGES[code]
    return {
        "sheet": sheet,
        "row": row,
        "column": column,
        "cell": cell,
        "code": code,
        "value": None if value is None else str(value)[:200],
        "message_ja": ja.format(**fields),
        "message_en": en.format(**fields),
        "severity": SEVERITY.get(code, "error"),
    }


def month_in(text: str) -> date | None:
    """The first month named in a text (令和8年1月, 平成31年4月, 2026年1月) as its first day."""
    text = unicodedata.normalize("NFKC", text)
    era = _ERA.search(text)
    if era:
        year = ERA_START[era.group(1)] + (1 if era.group(2) == "元" else int(era.group(2)))
        month = int(era.group(3))
    else:
        western = _WESTERN.search(text)
        if not western:
            return None
        year, month = int(western.group(1)), int(western.group(2))
    return date(year, month, 1) if 1 <= month <= 12 else None


def business_names() -> dict[str, str]:
    """Folded business name -> business_id: the 20 names of businesses.csv plus the releases' aliases."""
    frame = reference.businesses()
    names = {key(n): b for n, b in zip(frame["name_ja"], frame["business_id"], strict=True)}
    names |= {key(alias): b for alias, b in BUSINESS_ALIASES.items()}
    return names


def printed_name(business_id: str, ministry: bool) -> str:
    """How a release prints a business: the ministry uses its aliases, the Digital Agency our names."""
    if business_id == COMMON_FUNCTION:
        return COMMON_FUNCTION_LABEL[0]
    if ministry:
        alias = next((a for a, b in BUSINESS_ALIASES.items() if b == business_id), None)
        if alias:
            return alias
    frame = reference.businesses()
    return str(frame.loc[frame["business_id"] == business_id, "name_ja"].iloc[0])


@dataclass
class _Sheet:
    name: str
    layout: str
    header_row: int
    header: list[str]  # as written
    head: list[tuple]  # the rows above the header (titles)
    body: list[tuple]
    first_row: int  # the sheet row number of body[0]


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


def _layout(row: tuple) -> str | None:
    words = {key(c) for c in row if isinstance(c, str)}
    return next((name for name, needed in LAYOUTS.items() if needed <= words), None)


def _sheets(raw: bytes) -> Iterator[_Sheet]:
    """Every sheet whose first rows hold a known header, its body streamed in."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            head: list[tuple] = []
            for number, row in enumerate(rows, start=1):
                layout = _layout(row)
                if layout:
                    body = list(rows)
                    yield _Sheet(sheet.title, layout, number, list(row), head, body, number + 1)
                    break
                head.append(row)
                if number >= HEAD_ROWS:
                    break
    finally:
        book.close()


def _frame(sheet: _Sheet) -> pd.DataFrame:
    frame = pd.DataFrame(sheet.body, dtype=object) if sheet.body else pd.DataFrame()
    frame = frame.reindex(columns=range(max(len(sheet.header), frame.shape[1])))
    frame["sheet_row"] = np.arange(sheet.first_row, sheet.first_row + len(frame))
    return frame


def _column(header: list[str], word: str) -> int:
    return next(i for i, h in enumerate(header) if key(h) == word)


def _texts(values: pd.Series) -> pd.Series:
    """Each distinct cell folded once, as text ('' for an empty cell)."""
    codes, distinct = pd.factorize(values.astype(object), use_na_sentinel=False)
    folded = np.array([_text(v) for v in distinct], dtype=object)
    return pd.Series(folded[codes] if len(codes) else [], index=values.index, dtype=object)


def _match_names(prefs: pd.Series, names: pd.Series, where: Jurisdiction) -> tuple[pd.Series, pd.Series]:
    """(code or '', outside) per row from prefecture + municipality names."""
    pk, nk = prefs.map(key), names.map(key)
    codes = pd.Series([where.by_name.get(pair, "") for pair in zip(pk, nk, strict=True)], index=prefs.index)
    outside = (pk != "") & ~pk.isin(list(where.prefectures))
    return codes, outside & (codes == "")


def _check_rows(
    sheet: _Sheet, frame: pd.DataFrame, written: pd.Series, col_index: int, release: Release
) -> pd.DataFrame:
    """Run the row rules; add their findings; return the matched rows only."""
    rows = pd.DataFrame(
        {"sheet_row": frame["sheet_row"].astype(int), "written": written, "municipality_code": frame["code"]}
    )
    try:
        rows_schema().validate(rows, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.dropna(subset=["index"]).drop_duplicates(["index", "check"])
        for index, code in zip(cases["index"].astype(int), cases["check"], strict=True):
            release.findings.append(
                finding(
                    code,
                    sheet.name,
                    int(rows.at[index, "sheet_row"]),
                    sheet.header[col_index],
                    col_index,
                    rows.at[index, "written"],
                )
            )
    return frame[frame["code"] != ""]


def _check_cells(
    sheet: _Sheet, kind: str, values: pd.DataFrame, as_written: pd.DataFrame, positions: dict, release: Release
) -> pd.DataFrame:
    """Run the cell rules of `kind` on every value column; failing cells become findings and None."""
    schema = cells_schema(kind, list(values.columns))
    try:
        schema.validate(values, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.dropna(subset=["index"])
        values = values.astype(object)
        for index, column, code in zip(cases["index"].astype(int), cases["column"], cases["check"], strict=True):
            col_index = positions[column]
            release.findings.append(
                finding(
                    code,
                    sheet.name,
                    int(as_written.at[index, "sheet_row"]),
                    sheet.header[col_index],
                    col_index,
                    as_written.at[index, column],
                )
            )
            values.at[index, column] = None
    return values


def _business_columns(sheet: _Sheet, skip: set[int], names: dict[str, str], release: Release) -> dict[str, int]:
    """business_id -> column index of the header's business columns; unknown headers are findings."""
    found: dict[str, int] = {}
    for i, h in enumerate(sheet.header):
        if i in skip or key(h) == "":
            continue
        business = names.get(key(h))
        if business is None or business in found:
            release.findings.append(finding("official_column_unknown", sheet.name, sheet.header_row, h, i, h))
        else:
            found[business] = i
    return found


def _missing(sheet: _Sheet, wanted: list[str], found: dict[str, int], ministry: bool, release: Release) -> bool:
    missing = [b for b in wanted if b not in found]
    for business in missing:
        name = printed_name(business, ministry)
        release.findings.append(finding("official_business_column_missing", sheet.name, sheet.header_row, value=name))
    return bool(missing)


def _rate(value: str) -> float:
    if value in ("", "-", "－", "—"):
        return float("nan")
    percent = value.endswith("%")
    try:
        number = float(value.rstrip("%"))
    except ValueError:
        return -1.0  # not a number: fails the range rule, reported as written
    return number / 100 if percent else number


def _body_rows(sheet: _Sheet, frame: pd.DataFrame, release: Release, *cols: int) -> pd.DataFrame:
    texts = {c: _texts(frame[c]) for c in cols}
    keep = np.logical_or.reduce([(texts[c] != "").to_numpy() for c in cols])
    if not keep.any():
        release.findings.append(finding("official_no_rows", sheet.name))
    return frame[keep].assign(**{f"t{c}": texts[c][keep] for c in cols})


def _read_rates(sheet: _Sheet, where: Jurisdiction, release: Release) -> None:
    ipref, iname, itotal = (_column(sheet.header, w) for w in ("都道府県", "市区町村", "完了率"))
    names = business_names()
    found = _business_columns(sheet, {ipref, iname, itotal}, names, release)
    wanted = list(reference.businesses()["business_id"])
    if _missing(sheet, wanted, found, True, release):
        return
    frame = _body_rows(sheet, _frame(sheet), release, ipref, iname)
    release.n_rows += len(frame)
    codes, outside = _match_names(frame[f"t{ipref}"], frame[f"t{iname}"], where)
    release.n_outside += int(outside.sum())
    frame = frame[~outside].assign(code=codes[~outside])
    written = frame[f"t{ipref}"] + " " + frame[f"t{iname}"]
    frame = _check_rows(sheet, frame, written, iname, release).reset_index(drop=True)
    columns = {"total": itotal} | found
    as_written = pd.DataFrame({name: _texts(frame[i]) for name, i in columns.items()})
    as_written["sheet_row"] = frame["sheet_row"]
    values = pd.DataFrame({name: as_written[name].map(_rate).astype(float) for name in columns})
    values = _check_cells(sheet, "rates", values, as_written, columns, release)
    values = values.astype(float).assign(municipality_code=frame["code"])
    release.totals = values[["municipality_code", "total"]].rename(columns={"total": "rate"}).dropna()
    long = values.drop(columns="total").melt("municipality_code", var_name="business_id", value_name="rate")
    release.rates = long.dropna().reset_index(drop=True)


def _read_steps(sheet: _Sheet, where: Jurisdiction, release: Release) -> None:
    ipref, iname, ibiz = (_column(sheet.header, w) for w in ("都道府県名", "市区町村名", "業務名"))
    step_cols = [i for i, h in enumerate(sheet.header) if i > max(ipref, iname, ibiz) and key(h) != ""]
    if len(step_cols) != N_STEPS:
        release.findings.append(finding("official_steps_count", sheet.name, sheet.header_row, value=len(step_cols)))
    frame = _body_rows(sheet, _frame(sheet), release, ipref, iname)
    release.n_rows += len(frame)
    codes, outside = _match_names(frame[f"t{ipref}"], frame[f"t{iname}"], where)
    release.n_outside += int(outside.sum())
    frame = frame[~outside].assign(code=codes[~outside])
    written = frame[f"t{ipref}"] + " " + frame[f"t{iname}"]
    frame = _check_rows(sheet, frame, written, iname, release).reset_index(drop=True)
    names = business_names()
    business = _texts(frame[ibiz]).map(lambda b: names.get(key(b), ""))
    for index in np.flatnonzero((business == "").to_numpy()):
        release.findings.append(
            finding(
                "official_business_unknown",
                sheet.name,
                int(frame.at[index, "sheet_row"]),
                sheet.header[ibiz],
                ibiz,
                _text(frame.at[index, ibiz]),
            )
        )
    frame, business = frame[business != ""].reset_index(drop=True), business[business != ""].reset_index(drop=True)
    labels = [f"s{n:02d}" for n in range(1, len(step_cols) + 1)]
    positions = dict(zip(labels, step_cols, strict=True))
    as_written = pd.DataFrame({label: _texts(frame[i]) for label, i in positions.items()})
    as_written["sheet_row"] = frame["sheet_row"]
    statuses = pd.DataFrame({label: as_written[label].map(lambda w: STATUS_WORDS.get(w, w)) for label in labels})
    statuses = _check_cells(sheet, "steps", statuses, as_written, positions, release)
    statuses = statuses.where(statuses != "", None)
    release.steps = pd.concat(
        [pd.DataFrame({"municipality_code": frame["code"], "business_id": business}), statuses], axis=1
    )
    release.step_names = [str(sheet.header[i]) for i in step_cols]


def _read_list(sheet: _Sheet, where: Jurisdiction, release: Release) -> None:
    icode, iname = _column(sheet.header, "団体コード"), _column(sheet.header, "自治体名")
    ikind = next((i for i, h in enumerate(sheet.header) if key(h) == "自治体区分"), None)
    names = business_names() | {key(COMMON_FUNCTION_LABEL[0]): COMMON_FUNCTION}
    skip = {icode, iname} | ({ikind} if ikind is not None else set())
    found = _business_columns(sheet, skip, names, release)
    wanted = [*reference.businesses()["business_id"], COMMON_FUNCTION]
    if _missing(sheet, wanted, found, False, release):
        return
    frame = _body_rows(sheet, _frame(sheet), release, icode, iname)
    release.n_rows += len(frame)
    code_text = frame[f"t{icode}"].str.replace(r"[-\s]", "", regex=True)
    name_text = frame[f"t{iname}"]
    kind_text = _texts(frame[ikind]) if ikind is not None else pd.Series("", index=frame.index)
    by_code = code_text.where(code_text.isin(list(where.codes)), "")
    # a name written with its prefecture (東京都中央区): split at the prefecture it starts with
    prefs = name_text.map(lambda n: next((p for p in where.all_prefectures if key(n).startswith(p)), ""))
    rest = pd.Series([key(n)[len(p) :] for n, p in zip(name_text, prefs, strict=True)], index=frame.index)
    by_name, _ = _match_names(prefs, rest, where)
    # a code, where the row has one, decides alone: a name is matched only for a row without a code
    codes = by_code.where(code_text != "", by_name)
    own_prefecture = (kind_text == PREFECTURE_KIND) | ((rest == "") & (prefs != ""))
    elsewhere = code_text.str.fullmatch(r"\d{6}") & ~code_text.str[:2].isin(list(where.prefecture_codes))
    elsewhere |= (prefs != "") & ~prefs.isin(list(where.prefectures))
    outside = (codes == "") & (own_prefecture | elsewhere)
    release.n_outside += int(outside.sum())
    frame = frame[~outside].assign(code=codes[~outside])
    written = (frame[f"t{icode}"] + " " + frame[f"t{iname}"]).str.strip()
    frame = _check_rows(sheet, frame, written, iname, release).reset_index(drop=True)
    as_written = pd.DataFrame({b: _texts(frame[i]) for b, i in found.items()})
    as_written["sheet_row"] = frame["sheet_row"]
    marks = _check_cells(sheet, "marks", as_written[list(found)].copy(), as_written, found, release)
    marked = marks.map(lambda m: None if m is None else m == NATIONAL_MARK).astype(object)
    marked["municipality_code"] = frame["code"]
    release.marks = marked.melt("municipality_code", var_name="business_id", value_name="marked")


def _month(sheets: list[_Sheet]) -> date | None:
    for sheet in sheets:
        month = month_in(sheet.name)
        if month:
            return month
    for sheet in sheets:
        for row in sheet.head:
            for cell in row:
                month = month_in(cell) if isinstance(cell, str) else None
                if month:
                    return month
    return None


def read_release(raw: bytes, where: Jurisdiction, as_of: date | None = None) -> Release:
    """Read one release workbook: its kind, month, checked frames and findings (never an exception)."""
    release = Release()
    guard = unpacked_size_finding(raw)
    if guard:
        release.findings.append(guard)
        return release
    try:
        sheets = list(_sheets(raw))
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        release.findings.append(finding("official_file_unreadable", value=type(exc).__name__))
        return release
    layouts = {s.layout: s for s in reversed(sheets)}  # the first sheet of each layout
    if "rates" in layouts or "steps" in layouts:
        release.kind = "mic_progress"
        chosen = [layouts[name] for name in ("rates", "steps") if name in layouts]
    elif "list" in layouts:
        release.kind = "da_special_support"
        chosen = [layouts["list"]]
    else:
        release.findings.append(finding("official_layout_unknown"))
        return release
    month = _month(chosen)
    if month and as_of and month != as_of:
        release.findings.append(finding("official_as_of_mismatch", value=f"{month:%Y-%m} ≠ {as_of:%Y-%m}"))
    release.as_of = month or as_of
    if release.as_of is None:
        release.findings.append(finding("official_as_of_unknown"))
    readers = {"rates": _read_rates, "steps": _read_steps, "list": _read_list}
    for sheet in chosen:
        readers[sheet.layout](sheet, where, release)
    return release


RULE_CODES = frozenset(code for _, code, _, _, _ in ROW_RULES + CELL_RULES) | frozenset(MESSAGES)
