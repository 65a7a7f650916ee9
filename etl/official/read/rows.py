"""The rows of a found sheet: matched to the jurisdiction, every cell checked by the rules of its layout
(the ministry's rates and steps, the Digital Agency's list), each problem a finding.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from etl import reference
from etl.official.read import bounds
from etl.official.read.layout import Sheet
from etl.official.read.model import (
    Jurisdiction,
    Release,
    business_names,
    finding,
    key,
    name_key,
    printed_name,
)
from schemas.official import cells_schema, rows_schema
from schemas.vocabulary.releases import (
    BUSINESS_ALIASES,
    COMMON_FUNCTION,
    COMMON_FUNCTION_LABEL,
    N_STEPS,
    NATIONAL_MARK,
    NO_MUNICIPALITY,
    PREFECTURE_BUSINESSES,
    STEP_STATUS_ALIASES,
    STEP_STATUSES,
)

MINISTRY_BUSINESSES = 20
STATUS_WORDS = {ja: code for code, (ja, _) in STEP_STATUSES.items()} | STEP_STATUS_ALIASES
PREFECTURE_KIND = "都道府県"
RATE_TOLERANCE = 0.005  # the overall rate against the mean of the 20 business rates
STEP_FRACTION = 1 / N_STEPS


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def _frame(sheet: Sheet) -> pd.DataFrame:
    frame = pd.DataFrame(sheet.body, dtype=object) if sheet.body else pd.DataFrame()
    frame = frame.reindex(columns=range(max(len(sheet.header), frame.shape[1])))
    frame["sheet_row"] = np.arange(sheet.first_row, sheet.first_row + len(frame))
    return frame


def _column(header: list[str], word: str) -> int:
    return next(i for i, h in enumerate(header) if key(h) == word)


def _each_distinct(values: pd.Series, fn: Callable[[Any], str], dtype: str = "object") -> pd.Series:
    """`fn` of each distinct cell, once, spread back over the rows: a column holds a handful of
    values (a step's status words, a business's name for each of its rows) in 34,820 rows."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    out = pd.array([fn(v) for v in distinct], dtype=dtype)
    return pd.Series(out.take(codes), index=values.index, dtype=dtype)


def _texts(values: pd.Series) -> pd.Series:
    """Each cell folded, as text ('' for an empty cell)."""
    return _each_distinct(values.astype(object), _text)


def _status_codes(written: pd.Series) -> pd.Series:
    """A step's status words as their codes, any other cell kept as written (a finding later), as
    Arrow-backed text, which DuckDB reads without a Python object a cell."""
    return _each_distinct(written, lambda w: STATUS_WORDS.get(w, w), dtype="str")


def _match_names(prefs: pd.Series, names: pd.Series, where: Jurisdiction) -> tuple[pd.Series, pd.Series]:
    """(code or '', outside) per row from prefecture + municipality names."""
    pk, nk = _each_distinct(prefs, key), _each_distinct(names, name_key)
    codes = pd.Series([where.by_name.get(pair, "") for pair in zip(pk, nk, strict=True)], index=prefs.index)
    outside = (pk != "") & ~pk.isin(list(where.prefectures))
    return codes, outside & (codes == "")


def _no_closest(index: int) -> str:
    return "—"


def _check_rows(
    sheet: Sheet,
    frame: pd.DataFrame,
    written: pd.Series,
    col_index: int,
    release: Release,
    closest: Callable[[int], str] = _no_closest,
) -> pd.DataFrame:
    """Run the row rules; add their findings (an unmatched row with the closest names of its
    prefecture, `closest(row index)`); return the matched rows only."""
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
                    closest=closest(index) if code == "official_row_unmatched" else "",
                )
            )
    return frame[frame["code"] != ""]


def _closest_in(where: Jurisdiction, prefs: pd.Series, names: pd.Series) -> Callable[[int], str]:
    """The closest names of a row's prefecture, joined for a message ('—' when there is none)."""

    def closest(index: int) -> str:
        found = where.closest(str(prefs.at[index]), str(names.at[index]))
        return "、".join(found) if found else "—"

    return closest


def _check_cells(
    sheet: Sheet, kind: str, values: pd.DataFrame, as_written: pd.DataFrame, positions: dict, release: Release
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


def _business_columns(sheet: Sheet, skip: set[int], names: dict[str, str], release: Release) -> dict[str, int]:
    """business_id -> column index of the header's business columns; unknown headers are findings."""
    found: dict[str, int] = {}
    for i, h in enumerate(sheet.header):
        if i in skip or key(h) == "":
            continue
        business = names.get(key(h))
        if business is None or business in found:
            row = sheet.name_rows[i] if i < len(sheet.name_rows) else sheet.header_row
            release.findings.append(finding("official_column_unknown", sheet.name, row, h, i, h))
        else:
            found[business] = i
    return found


def _looked_for(business: str) -> str:
    """Every name a business's column may carry, as a message lists them."""
    names = [printed_name(business, False), *(a for a, b in BUSINESS_ALIASES.items() if b == business)]
    return "・".join(dict.fromkeys(names))


def _missing(sheet: Sheet, wanted: list[str], found: dict[str, int], ministry: bool, release: Release) -> bool:
    missing = [b for b in wanted if b not in found]
    for business in missing:
        name = printed_name(business, ministry)
        release.findings.append(
            finding(
                "official_business_column_missing",
                sheet.name,
                sheet.first_header_row or sheet.header_row,
                value=name,
                rows=sheet.heading_rows,
                looked_for=_looked_for(business),
            )
        )
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


def _body_rows(sheet: Sheet, frame: pd.DataFrame, release: Release, *cols: int) -> pd.DataFrame:
    frame = bounds.hygiene_findings(sheet, frame, list(cols), release)
    texts = {c: _texts(frame[c]) for c in cols}
    keep = np.logical_or.reduce([(texts[c] != "").to_numpy() for c in cols])
    if not keep.any():
        release.findings.append(finding("official_no_rows", sheet.name))
    return frame[keep].assign(**{f"t{c}": texts[c][keep] for c in cols})


def _consistency(
    sheet: Sheet, values: pd.DataFrame, rows: pd.Series, columns: dict[str, int], release: Release
) -> None:
    """The published rates' own arithmetic, as warnings with the cell (the values are kept): each business
    rate is steps done ÷ 40, and the overall rate is the mean of the 20 business rates."""
    businesses = [c for c in columns if c != "total"]
    for business in businesses:
        rate = values[business].to_numpy(dtype=float)
        steps = rate * N_STEPS
        off = ~np.isnan(rate) & (np.abs(steps - np.round(steps)) > 1e-6)
        for index in np.flatnonzero(off):
            release.findings.append(
                finding(
                    "official_rate_not_step_multiple",
                    sheet.name,
                    int(rows.iloc[index]),
                    sheet.header[columns[business]],
                    columns[business],
                    _shown(rate[index]),
                )
            )
    if "total" not in columns or len(businesses) < MINISTRY_BUSINESSES:
        return
    rates = values[businesses].to_numpy(dtype=float)
    complete = ~np.isnan(rates).any(axis=1)
    mean = np.where(complete, np.nanmean(np.where(complete[:, None], rates, 0.0), axis=1), np.nan)
    total = values["total"].to_numpy(dtype=float)
    off = complete & ~np.isnan(total) & (np.abs(total - mean) > RATE_TOLERANCE + 1e-9)
    for index in np.flatnonzero(off):
        release.findings.append(
            finding(
                "official_total_inconsistent",
                sheet.name,
                int(rows.iloc[index]),
                sheet.header[columns["total"]],
                columns["total"],
                _shown(total[index]),
                expected=_shown(mean[index]),
            )
        )


def _shown(rate: float) -> str:
    return f"{rate:.4f}".rstrip("0").rstrip(".") if rate == rate else ""


def read_rates(sheet: Sheet, where: Jurisdiction, release: Release) -> None:
    """The ministry's rate sheet: one row per municipality, its overall rate and one per business."""
    ipref, iname, itotal = (_column(sheet.header, w) for w in ("都道府県", "市区町村", "完了率"))
    names = business_names()
    found = _business_columns(sheet, {ipref, iname, itotal}, names, release)
    wanted = list(reference.businesses()["business_id"])
    if _missing(sheet, wanted, found, True, release):
        return
    frame = _frame(sheet)
    frame = _carry_down(frame, ipref, _texts(frame[iname]) != "")
    frame = _body_rows(sheet, frame, release, ipref, iname)
    release.n_rows += len(frame)
    codes, outside = _match_names(frame[f"t{ipref}"], frame[f"t{iname}"], where)
    release.n_outside += int(outside.sum())
    frame = frame[~outside].assign(code=codes[~outside])
    written = frame[f"t{ipref}"] + " " + frame[f"t{iname}"]
    closest = _closest_in(where, frame[f"t{ipref}"], frame[f"t{iname}"])
    frame = _check_rows(sheet, frame, written, iname, release, closest)
    frame = bounds.twice(sheet, frame, ["code"], iname, release).reset_index(drop=True)
    _rates_of(sheet, frame, {"total": itotal} | found, release)


def _rates_of(sheet: Sheet, frame: pd.DataFrame, columns: dict[str, int], release: Release) -> None:
    """The matched rows' rates checked, their arithmetic checked, kept as totals and per business."""
    as_written = pd.DataFrame({name: _texts(frame[i]) for name, i in columns.items()})
    as_written["sheet_row"] = frame["sheet_row"]
    values = pd.DataFrame({name: as_written[name].map(_rate).astype(float) for name in columns})
    values = _check_cells(sheet, "rates", values, as_written, columns, release)
    values = values.astype(float)
    _consistency(sheet, values, frame["sheet_row"], columns, release)
    values = values.assign(municipality_code=frame["code"])
    release.totals = values[["municipality_code", "total"]].rename(columns={"total": "rate"}).dropna()
    long = values.drop(columns="total").melt("municipality_code", var_name="business_id", value_name="rate")
    release.rates = long.dropna().reset_index(drop=True)


def _prefecture_rows(
    sheet: Sheet, frame: pd.DataFrame, where: Jurisdiction, ipref: int, release: Release
) -> pd.DataFrame:
    """A prefecture workbook's rows matched to the jurisdiction's prefectures (each by its own code)."""
    pk = _each_distinct(frame[f"t{ipref}"], key)
    known = pk.isin(list(where.all_prefectures))
    codes = pk.map(where.prefecture_bodies).fillna("").astype(str)
    outside = known & (codes == "")
    release.n_outside += int(outside.sum())
    frame = frame[~outside].assign(code=codes[~outside])
    return _check_rows(sheet, frame, frame[f"t{ipref}"], ipref, release).reset_index(drop=True)


def read_prefecture_rates(sheet: Sheet, where: Jurisdiction, release: Release) -> None:
    """The prefecture-run businesses' rate sheet: one row per prefecture, its overall rate and the two."""
    ipref, itotal = _column(sheet.header, "都道府県"), _column(sheet.header, "完了率")
    iname = _optional_column(sheet.header, "市区町村")  # `-` on every row where there is one
    skip = {ipref, itotal} | ({iname} if iname is not None else set())
    found = _business_columns(sheet, skip, business_names(), release)
    if _missing(sheet, PREFECTURE_BUSINESSES, found, True, release):
        return
    frame = _body_rows(sheet, _frame(sheet), release, ipref)
    release.n_rows += len(frame)
    frame = _prefecture_rows(sheet, frame, where, ipref, release)
    _rates_of(sheet, frame, {"total": itotal} | found, release)


def names_no_municipality(sheet: Sheet) -> bool:
    """True when a sheet names no municipality on any row (市区町村 or 市区町村名 `-`, or no such column):
    the prefecture-run businesses' workbook."""
    pref_word, name_word = ("都道府県名", "市区町村名") if sheet.layout == "steps" else ("都道府県", "市区町村")
    ipref = _column(sheet.header, pref_word)
    iname = _optional_column(sheet.header, name_word)
    if iname is None:
        return True
    rows = [r for r in sheet.body if ipref < len(r) and _text(r[ipref]) != ""]
    return bool(rows) and all(_text(r[iname] if iname < len(r) else None) in NO_MUNICIPALITY for r in rows)


def _optional_column(header: list[str], word: str) -> int | None:
    return next((i for i, h in enumerate(header) if key(h) == word), None)


def _step_names(sheet: Sheet, step_cols: list[int], release: Release) -> list[str]:
    """The step sheet's names checked against the procedure's 40 (pmo_steps.csv): a renamed step is a
    warning naming both, loaded by its position. A step column may carry a group heading above its
    name (①推進体制の整備 over ①-1 and ①-2): any of its heading cells may be the name."""
    written = [str(sheet.header[i]) for i in step_cols]
    if len(step_cols) != N_STEPS:
        return written
    reference_names = reference.pmo_steps()["step_name_ja"].tolist()
    names = []
    for n, (name, expected, col) in enumerate(zip(written, reference_names, step_cols, strict=True), start=1):
        cells = sheet.heading_cells[col] if col < len(sheet.heading_cells) else [name]
        if any(key(c) == key(expected) for c in cells):
            names.append(next(c for c in cells if key(c) == key(expected)))
            continue
        shown = cells[-1] if cells else name
        row = sheet.name_rows[col] if col < len(sheet.name_rows) else sheet.header_row
        release.findings.append(
            finding("official_step_renamed", sheet.name, row, shown, col, shown, step=n, expected=expected)
        )
        names.append(shown)
    return names


def _carry_down(frame: pd.DataFrame, col: int, named: pd.Series) -> pd.DataFrame:
    """A cell written once above the rows it heads (merged cells read empty below their first row)
    carried down to the rows that name something else: a prefecture over its municipalities."""
    blank = frame[col].isna() & named
    if blank.any():
        frame[col] = frame[col].where(~blank, frame[col].ffill())
    return frame


def read_steps(sheet: Sheet, where: Jurisdiction, release: Release, prefecture: bool = False) -> None:
    """The step sheet: one row per body and business, 40 statuses (`prefecture`: the prefecture workbook's)."""
    ipref, ibiz = _column(sheet.header, "都道府県名"), _column(sheet.header, "業務名")
    iname = _optional_column(sheet.header, "市区町村名")
    if iname is None:  # a prefecture step sheet without the column: read as if it held `-`
        iname = ipref
    step_cols = [i for i, h in enumerate(sheet.header) if i > max(ipref, iname, ibiz) and key(h) != ""]
    if len(step_cols) != N_STEPS:
        release.findings.append(finding("official_steps_count", sheet.name, sheet.header_row, value=len(step_cols)))
    step_names = _step_names(sheet, step_cols, release)
    frame = _frame(sheet)
    # a prefecture or municipality written once above its businesses' rows (merged cells) holds for them
    named = _texts(frame[ibiz]) != ""
    for col in (ipref, iname):
        frame = _carry_down(frame, col, named)
    if prefecture:
        frame = _body_rows(sheet, frame, release, ipref)
        release.n_rows += len(frame)
        frame = _prefecture_rows(sheet, frame, where, ipref, release)
    else:
        frame = _body_rows(sheet, frame, release, ipref, iname)
        release.n_rows += len(frame)
        codes, outside = _match_names(frame[f"t{ipref}"], frame[f"t{iname}"], where)
        release.n_outside += int(outside.sum())
        frame = frame[~outside].assign(code=codes[~outside])
        written = frame[f"t{ipref}"] + " " + frame[f"t{iname}"]
        closest = _closest_in(where, frame[f"t{ipref}"], frame[f"t{iname}"])
        frame = _check_rows(sheet, frame, written, iname, release, closest).reset_index(drop=True)
    names = business_names()
    business = _each_distinct(_texts(frame[ibiz]), lambda b: names.get(key(b), ""))
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
    frame = bounds.twice(sheet, frame.assign(business=business), ["code", "business"], iname, release)
    frame, business = frame.reset_index(drop=True), frame["business"].reset_index(drop=True)
    labels = [f"s{n:02d}" for n in range(1, len(step_cols) + 1)]
    positions = dict(zip(labels, step_cols, strict=True))
    as_written = pd.DataFrame({label: _texts(frame[i]) for label, i in positions.items()})
    as_written["sheet_row"] = frame["sheet_row"]
    statuses = pd.DataFrame({label: _status_codes(as_written[label]) for label in labels})
    statuses = _check_cells(sheet, "steps", statuses, as_written, positions, release)
    statuses = statuses.where(statuses != "", None)
    release.steps = pd.concat(
        [pd.DataFrame({"municipality_code": frame["code"], "business_id": business}), statuses], axis=1
    )
    release.step_names = step_names


def read_list(sheet: Sheet, where: Jurisdiction, release: Release) -> None:
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
    closest = _closest_in(where, prefs[~outside], rest[~outside])
    frame = _check_rows(sheet, frame, written, iname, release, closest)
    frame = bounds.twice(sheet, frame, ["code"], iname, release).reset_index(drop=True)
    as_written = pd.DataFrame({b: _texts(frame[i]) for b, i in found.items()})
    as_written["sheet_row"] = frame["sheet_row"]
    marks = _check_cells(sheet, "marks", as_written[list(found)].copy(), as_written, found, release)
    marked = marks.map(lambda m: None if m is None else m == NATIONAL_MARK).astype(object)
    marked["municipality_code"] = frame["code"]
    release.marks = marked.melt("municipality_code", var_name="business_id", value_name="marked")
