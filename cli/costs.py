"""`hyojunka costs`: the cost report (運用経費) — ingest, the submissions received, joint-procurement
candidates and arrangements."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click

from cli.common import EXIT_OK, EXIT_REJECTED, db_option, ensure_db, fail, write
from etl import paths, store
from etl.errors import UserError
from schemas.vocabulary.costs import COST_MAX_BYTES


@click.group()
def costs() -> None:
    """Operating costs (運用経費): ingest cost reports, list them, joint procurement."""


@costs.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--as", "as_code", default=None, help="Submit as this municipality: rows for any other are errors.")
@click.option("--submitter", default=None, help="Who submits (kept with the submission).")
@click.option("--report", type=click.Choice(["text", "json"]), default="text", show_default=True)
def ingest(files: tuple[Path, ...], db: Path | None, as_code: str | None, submitter: str | None, report: str) -> None:
    """Check and store each FILE as one cost submission (CSV, JSON, or a workbook: its 運用経費 sheet).

    Exit 0 when every file is accepted (warnings allowed), 1 when any is rejected, 2 on a usage or I/O error.
    """
    from cli.reports import _print_text
    from etl.costs.ingest import ingest_bytes

    path = ensure_db(db)
    if as_code is not None:
        with store.connect(path, read_only=True) as con:
            if as_code not in store.reference_codes(con):
                fail(f"--as {as_code}: 団体コードが一覧にありません / not a municipality code of this jurisdiction")
    outcomes = []
    for file in files:
        try:
            size = file.stat().st_size
            with file.open("rb") as stream:
                raw = stream.read(store.HEAD_BYTES if size > COST_MAX_BYTES else -1)
            if size > COST_MAX_BYTES:
                raw = raw + b"\0" * (size - len(raw))  # only the size and the first bytes are kept
        except OSError as exc:
            fail(f"{file}: 読み込めません / cannot read ({exc.strerror})")
        try:
            outcomes.append(
                ingest_bytes(raw, filename=file.name, submitter=submitter or "cli", submitter_code=as_code, db=path)
            )
        except UserError as exc:
            fail(f"{exc.ja} / {exc.en}")
    if report == "json":
        click.echo(json.dumps([o.to_dict() for o in outcomes], ensure_ascii=False, indent=1, default=str))
    else:
        for outcome in outcomes:
            _print_text(outcome)
    sys.exit(EXIT_OK if all(o.accepted for o in outcomes) else EXIT_REJECTED)


@costs.command("submissions")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def submissions(db: Path | None, as_json: bool) -> None:
    """Every cost submission received (accepted, rejected, duplicate)."""
    from cli.common import echo_received

    with store.connect(ensure_db(db), read_only=True) as con:
        frame = con.execute(paths.sql("cost_submissions_list")).df()
    echo_received(frame, as_json, "運用経費の提出はまだありません / no cost submission yet")


@costs.command("candidates")
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def candidates(db: Path | None, fmt: str, out: Path | None) -> None:
    """Joint-procurement candidates with their combined annual cost (for the procurement team)."""
    from dashboard import cost_queries
    from etl import cells
    from etl.costs.export import xlsx_bytes

    with store.connect(ensure_db(db), read_only=True) as con:
        frame = cost_queries.joint_candidates(con)
    if fmt == "xlsx" and out is None:
        fail("--format xlsx には --out が必要です / --format xlsx needs --out")
    write(xlsx_bytes(frame, "candidates") if fmt == "xlsx" else cells.csv_bytes(frame), out)


@costs.command("arrangement")
@db_option
@click.option("--name", required=True, help="The arrangement's name.")
@click.option("--business", "business_id", required=True, help="The business id (e.g. resident_registry).")
@click.option("--vendor", default=None, help="The vendor or package bought together.")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="The day it starts.")
@click.option("--base-cost", type=int, required=True, help="The yearly base cost the members share (yen).")
@click.option("--member", "members", multiple=True, required=True, help="CODE=SHARE, each member's share of the usage.")
def arrangement(
    db: Path | None,
    name: str,
    business_id: str,
    vendor: str | None,
    start: datetime,
    base_cost: int,
    members: tuple[str, ...],
) -> None:
    """Mark a joint arrangement as formed (the CIO office): its members, start and shared base cost."""
    from etl.costs.joint import form_arrangement

    usage: dict[str, float] = {}
    for member in members:
        code, _, share = member.partition("=")
        try:
            usage[code.strip()] = float(share) if share else 1.0
        except ValueError:
            fail(f"--member {member}: CODE=SHARE の形で指定してください / give CODE=SHARE")
    with store.connect(ensure_db(db)) as con:
        try:
            aid = form_arrangement(
                con,
                name=name,
                business_id=business_id,
                vendor=vendor,
                start=start.date(),
                base_cost=base_cost,
                usage=usage,
                created_by="cli",
            )
        except UserError as exc:
            fail(f"{exc.ja} / {exc.en}")
    click.echo(f"arrangement #{aid}")
