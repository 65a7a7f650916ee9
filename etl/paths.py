"""Where the project's files live: the database, the reference data, the SQL (with its column lists
expanded from the registry, schemas.fields)."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from schemas.fields import FIELDS

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


def sql(name: str, folder: Path = SQL_DIR) -> str:
    """The text of one .sql file, `name` with or without .sql, in etl/sql/ or the given folder, its
    column-list placeholders expanded from the registry (`expand`)."""
    text = _read(name, folder)
    return expand(text) if "{{" in text else text


@cache
def _read(name: str, folder: Path) -> str:
    file = name if name.endswith(".sql") else f"{name}.sql"
    return (folder / file).read_text(encoding="utf-8")


# {{ list }}, {{ alias.list }} or {{ list = alias.list }}
_PLACEHOLDER = re.compile(r"\{\{\s*(?:(\w+)\.)?(\w+)(?:\s*=\s*(\w+)\.(\w+))?\s*\}\}")


def column_lists() -> dict[str, list[str]]:
    """The column lists a SQL file may name, from the registry (schemas.fields) as it is now:
    `status_columns` every report column, `public_status_columns` all but the private ones (notes),
    `status_fields` what a report says of a pair on its day (every column but the pair and the day),
    `public_status_fields` the same but the private ones."""
    return {
        "status_columns": [f.name for f in FIELDS],
        "public_status_columns": [f.name for f in FIELDS if f.public],
        "status_fields": [f.name for f in FIELDS if f.role == "status"],
        "public_status_fields": [f.name for f in FIELDS if f.role == "status" and f.public],
    }


def expand(text: str) -> str:
    """A SQL text with each placeholder replaced by a registry's column list, comma-separated:
    `{{ status_columns }}` → `municipality_code, business_id, …`; `{{ l.status_columns }}` →
    `l.municipality_code, l.business_id, …`; `{{ status_fields = incoming.status_fields }}` →
    `stage = incoming.stage, …` (an update's set list). An unknown list is a KeyError."""
    lists = column_lists()

    def one(match: re.Match[str]) -> str:
        alias, name, right_alias, right_name = match.groups()
        columns = lists[name]
        if right_alias is None:
            return ", ".join(f"{alias}.{c}" if alias else c for c in columns)
        if alias is not None or right_name != name:
            raise ValueError(f"a set list is `{{{{ list = alias.list }}}}`, not {match.group(0)}")
        return ", ".join(f"{c} = {right_alias}.{c}" for c in columns)

    return _PLACEHOLDER.sub(one, text)
