"""What every command shares: the exit codes, the --db option, failing with a message, writing out, listing
the files received."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from etl import database, paths, store

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="DuckDB file (default: $HYOJUNKA_DB or data/hyojunka.duckdb).",
)


def fail(message: str) -> None:
    """Print the message on standard error and exit 2 (a usage or I/O error)."""
    click.echo(message, err=True)
    sys.exit(EXIT_USAGE)


def ensure_db(db: Path | None) -> Path:
    """The database path, its schema upgraded first when it is behind."""
    path = paths.db_path(db)
    with store.connect(path) as con:
        behind = store.current_version(con) < store.SCHEMA_VERSION
    if behind:  # upgrade in place, keeping the database's jurisdiction
        database.init(path)
    return path


def write(data: bytes, out: Path | None) -> None:
    """Write the bytes to the file `out`, or to standard output when it is None."""
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        fail(f"{out}: 書き込めません / cannot write ({exc.strerror})")
    click.echo(f"{out}: {len(data):,} bytes", err=True)


def echo_received(frame: pd.DataFrame, as_json: bool, none_yet: str) -> None:
    """A list of files received (submissions, releases): JSON records, or a table with the sha256 shortened
    and the time to the minute, or `none_yet` when there is none."""
    if as_json:
        frame["received_at"] = frame["received_at"].astype(str)
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=1))
    elif frame.empty:
        click.echo(none_yet)
    else:
        frame["sha256"] = frame["sha256"].str[:12]
        frame["received_at"] = pd.to_datetime(frame["received_at"]).dt.strftime("%Y-%m-%d %H:%M")
        click.echo(frame.to_string(index=False))


base_url_option = click.option(
    "--base-url",
    default=None,
    help="Public address of the dashboard for links and QR codes (default: $HYOJUNKA_PUBLIC_URL; with neither, no QR code).",
)
lang_option = click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
