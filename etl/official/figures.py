"""Dated national headline figures: a CSV (as_of, figure, value, denominator, source, url), checked and
appended; the newest load of a figure and day is the one shown (`v_national_figures`)."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

import duckdb
import pandas as pd
import pandera.pandas as pa

from etl import clock, paths, store
from schemas.official import figures_schema

FIGURES_FILE = "national_figures.csv"
COLUMNS = ["as_of", "figure", "value", "denominator", "source", "url"]


class FiguresRejected(ValueError):
    """A figures file that does not pass its schema; the message names the rows and rules."""


def parse(raw: bytes) -> pd.DataFrame:
    """A figures CSV checked against NationalFigures; raises FiguresRejected naming rows and rules."""
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise FiguresRejected(f"読み取れません / unreadable: {type(exc).__name__}") from exc
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise FiguresRejected(f"列がありません / missing columns: {', '.join(missing)}")
    frame = frame[COLUMNS].replace({"": None})
    typed = frame.assign(
        as_of=pd.to_datetime(frame["as_of"], format="%Y-%m-%d", errors="coerce"),
        value=pd.to_numeric(frame["value"], errors="coerce"),
        denominator=pd.to_numeric(frame["denominator"], errors="coerce"),
    )
    try:
        return figures_schema().validate(typed, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.dropna(subset=["index"])
        lines = [
            f"row {int(i) + 1} [{col}] {check}: {value!r}"
            for i, col, check, value in zip(
                cases["index"], cases["column"], cases["check"], cases["failure_case"], strict=True
            )
        ]
        raise FiguresRejected("数値表に不備があります / the figures file has errors:\n  " + "\n  ".join(lines)) from err


def load(con: duckdb.DuckDBPyConnection, raw: bytes, loaded_at: datetime | None = None) -> int:
    """Check and append one figures file in one transaction; returns the number of figures."""
    frame = parse(raw).assign(loaded_at=loaded_at or clock.now(), file_sha256=hashlib.sha256(raw).hexdigest())
    with store.transaction(con):
        con.register("incoming_figures", frame)
        con.execute("insert into national_figures by name select * from incoming_figures")
        con.unregister("incoming_figures")
    return len(frame)


def load_defaults(con: duckdb.DuckDBPyConnection) -> int:
    """Load data/reference/national_figures.csv when no figure has been loaded yet."""
    if store.scalar(con, "select count(*) from national_figures"):
        return 0
    return load(con, (paths.REFERENCE_DIR / FIGURES_FILE).read_bytes())
