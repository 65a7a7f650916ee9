"""The official releases (ingest, list, figures) and their reconciliation with the municipalities' reports."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pandas as pd

from cli.common import EXIT_OK, EXIT_REJECTED, db_option, echo_received, ensure_db, fail, write
from etl import paths, store
from etl.store import HEAD_BYTES
from schemas.vocabulary.releases import OFFICIAL_MAX_BYTES

if TYPE_CHECKING:
    from etl.official.ingest import Outcome as ReleaseOutcome


def _month(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        fail(f"--as-of {value}: YYYY-MM で指定してください / give the month as YYYY-MM")
    return None


@click.group()
def official() -> None:
    """The official releases: the ministry's PMO workbook and the Digital Agency's special-support list."""


def _print_release(outcome: ReleaseOutcome) -> None:
    r = outcome.receipt
    labels = {"accepted": "受理 accepted", "rejected": "不受理 rejected", "duplicate": "受理済み duplicate"}
    month = "—" if r.as_of is None else f"{r.as_of:%Y-%m}"
    click.echo(
        f"{outcome.filename}: {labels[r.outcome]} — release #{r.release_id}, {r.kind or 'unknown'}, as of {month}, "
        f"{r.n_rows} rows ({r.n_outside} outside the jurisdiction), {r.n_errors} errors, {r.n_warnings} warnings, "
        f"sha256 {r.sha256[:12]}…"
    )
    for f in outcome.findings.itertuples():
        where = " ".join(str(p) for p in (f.sheet, f.cell or (f"row {f.row}" if pd.notna(f.row) else None)) if p)
        click.echo(f"  {f.severity.upper():7} {where or 'file'} {f.code}: {f.message_ja} / {f.message_en}")


@official.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--as-of", "as_of", default=None, help="The month (YYYY-MM) when the file does not name it.")
@click.option("--url", default=None, help="Where the release was downloaded from (kept with it).")
@click.option("--report", type=click.Choice(["text", "json"]), default="text", show_default=True)
def official_ingest(files: tuple[Path, ...], db: Path | None, as_of: str | None, url: str | None, report: str) -> None:
    """Check and keep each release FILE (its kind is recognised from its content).

    Exit 0 when every file is accepted (warnings allowed), 1 when any is rejected, 2 on a usage or I/O error.
    """
    from etl.official.ingest import ingest_release, outcome_json

    month = _month(as_of)
    path = ensure_db(db)
    outcomes = []
    for file in files:
        try:
            # the size on arrival: a file over the limit is not read whole (its head is hashed)
            size = file.stat().st_size
            with file.open("rb") as stream:
                raw = stream.read(OFFICIAL_MAX_BYTES + 1 if size <= OFFICIAL_MAX_BYTES else HEAD_BYTES)
        except OSError as exc:
            fail(f"{file}: 読み込めません / cannot read ({exc.strerror})")
        outcomes.append(
            ingest_release(raw, filename=file.name, as_of=month, url=url, db=path, size=max(size, len(raw)))
        )
    if report == "json":
        click.echo(outcome_json(outcomes))
    else:
        for outcome in outcomes:
            _print_release(outcome)
    sys.exit(EXIT_OK if all(o.accepted for o in outcomes) else EXIT_REJECTED)


@official.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def official_list(db: Path | None, as_json: bool) -> None:
    """List every release file received: id, kind, the month it describes and its revision of that month
    (the newest wins; `superseded` marks the older), outcome, counts, the URL it came from."""
    with store.connect(ensure_db(db), read_only=True) as con:
        frame = con.execute(paths.sql("official_releases_list")).df()
    frame["revision"] = frame["revision"].astype("Int64")
    frame["as_of"] = pd.to_datetime(frame["as_of"]).dt.strftime("%Y-%m")
    echo_received(frame, as_json, "公表資料はまだありません / no releases yet")


@official.command("figures")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
def official_figures(file: Path, db: Path | None) -> None:
    """Load a CSV of dated national headline figures (as_of, figure, value, denominator, source, url)."""
    from etl.official import figures

    try:
        raw = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: 読み込めません / cannot read ({exc.strerror})")
    with store.connect(ensure_db(db)) as con:
        try:
            n = figures.load(con, raw)
        except figures.FiguresRejected as exc:
            click.echo(str(exc), err=True)
            sys.exit(EXIT_REJECTED)
    click.echo(f"{file}: {n} figures loaded")


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Output file.")
def reconcile(db: Path | None, fmt: str, out: Path | None) -> None:
    """Every discrepancy between the municipalities' latest reports and the latest official releases."""
    from etl.official import reconcile as reconciliation

    with store.connect(ensure_db(db), read_only=True) as con:
        data = reconciliation.render(con, fmt)
    write(data, out)
