"""Where the project's files live: the database, the reference data, the SQL."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "data" / "reference"
SQL_DIR = Path(__file__).resolve().parent / "sql"
DEFAULT_DB = ROOT / "data" / "hyojunka.duckdb"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else $HYOJUNKA_DB, else data/hyojunka.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("HYOJUNKA_DB")
    return Path(env) if env else DEFAULT_DB


@cache
def sql(name: str, folder: Path = SQL_DIR) -> str:
    """The text of one .sql file, `name` with or without .sql, in etl/sql/ or the given folder."""
    file = name if name.endswith(".sql") else f"{name}.sql"
    return (folder / file).read_text(encoding="utf-8")
