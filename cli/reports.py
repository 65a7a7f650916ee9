"""The municipalities' status reports: init, demo, ingest, export, template and the submissions received."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pandas as pd

from cli.common import EXIT_OK, EXIT_REJECTED, db_option, echo_received, ensure_db, fail, write
from etl import database, paths, store
from etl.errors import UserError
from schemas.vocabulary.contract import MAX_BYTES

if TYPE_CHECKING:
    from etl.ingest import Outcome


@click.command()
@db_option
@click.option(
    "--municipalities",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A jurisdiction's municipality list (CSV, same columns as data/reference/municipalities_tokyo.csv).",
)
def init(db: Path | None, municipalities: Path | None) -> None:
    """Create or upgrade the database and load the reference data (idempotent)."""
    from etl import reference

    frame = reference.municipalities(municipalities) if municipalities else None
    path = database.init(db, frame)
    with store.connect(path, read_only=True) as con:
        n = store.scalar(con, "select count(*) from municipalities")
    click.echo(f"{path}: schema v{store.SCHEMA_VERSION}, {n} municipalities, 20 businesses")


def _print_text(outcome: Outcome, lang_first: str = "ja") -> None:
    r = outcome.receipt
    labels = {"accepted": "受理 accepted", "rejected": "不受理 rejected", "duplicate": "受理済み duplicate"}
    click.echo(
        f"{outcome.filename}: {labels[r.outcome]} — submission #{r.submission_id}, {r.n_rows} rows, "
        f"{r.n_errors} errors, {r.n_warnings} warnings, sha256 {r.sha256[:12]}…"
    )
    if r.outcome == "duplicate":
        click.echo(
            f"  既に受理された提出 #{r.duplicate_of} と同じ内容のため反映しません / "
            f"identical to accepted submission #{r.duplicate_of}; not applied twice"
        )
    for f in outcome.findings.itertuples():
        where = "file" if pd.isna(f.row) else f"row {f.row}"
        col = f" [{f.column}]" if isinstance(f.column, str) else ""
        click.echo(f"  {f.severity.upper():7} {where}{col} {f.code}: {f.message_ja} / {f.message_en}")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--as", "as_code", default=None, help="Submit as this municipality: rows for any other are errors.")
@click.option("--submitter", default=None, help="Who submits (kept with the submission).")
@click.option(
    "--report",
    "report",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the findings.",
)
def ingest(files: tuple[Path, ...], db: Path | None, as_code: str | None, submitter: str | None, report: str) -> None:
    """Check and store each FILE as one submission (CSV, XLSX or JSON).

    Exit 0 when every file is accepted (warnings allowed), 1 when any is rejected, 2 on a usage or I/O error.
    """
    from etl.ingest import ingest_bytes, ingest_too_large

    path = ensure_db(db)
    if as_code is not None:
        with store.connect(path, read_only=True) as con:
            if as_code not in store.reference_codes(con):
                fail(f"--as {as_code}: 団体コードが一覧にありません / not a municipality code of this jurisdiction")
    outcomes = []
    for file in files:
        try:
            size = file.stat().st_size
            # a file over the limit is recorded by its size and first bytes: the rest is never read
            with file.open("rb") as stream:
                raw = stream.read(store.HEAD_BYTES if size > MAX_BYTES else -1)
        except OSError as exc:
            fail(f"{file}: 読み込めません / cannot read ({exc.strerror})")
        name, by = file.name, submitter or "cli"
        try:
            if size > MAX_BYTES:
                outcome = ingest_too_large(size, raw, filename=name, submitter=by, submitter_code=as_code, db=path)
            else:
                outcome = ingest_bytes(raw, filename=name, submitter=by, submitter_code=as_code, db=path)
            outcomes.append(outcome)
        except UserError as exc:
            fail(f"{exc.ja} / {exc.en}")
    if report == "json":
        click.echo(json.dumps([o.to_dict() for o in outcomes], ensure_ascii=False, indent=1, default=str))
    else:
        for outcome in outcomes:
            _print_text(outcome)
    sys.exit(EXIT_OK if all(o.accepted for o in outcomes) else EXIT_REJECTED)


@click.command()
@db_option
@click.option(
    "--scale",
    type=click.Choice(["tokyo", "national"]),
    default="tokyo",
    show_default=True,
    help="Tokyo's 62 municipalities, or 1,741 synthetic ones across 47 prefectures.",
)
@click.option(
    "--weeks",
    type=click.IntRange(1, 520),
    default=None,
    help="Weeks of history (default: from 2023-04 for tokyo, 8 for national).",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed: the same seed gives the same data.")
def demo(db: Path | None, scale: str, weeks: int | None, seed: int) -> None:
    """Build a deterministic, realistic synthetic history for the dashboard."""
    from etl import demo as demo_data

    summary = demo_data.build(paths.db_path(db), scale=scale, weeks=weeks, seed=seed)
    click.echo(json.dumps(summary, ensure_ascii=False, default=str))


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "json"]), default="csv", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file (default: standard output; required for parquet).",
)
@click.option("--include-notes", is_flag=True, help="Include the private notes column.")
@click.option(
    "--include-contacts",
    is_flag=True,
    help="Include each municipality's private contacts (emails, persons, departments).",
)
@click.option(
    "--day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day the status and schedule status are taken on (default: today, Asia/Tokyo).",
)
@click.option(
    "--costs",
    is_flag=True,
    help="Export the operating costs instead: the jurisdiction and each business (groups of 5 or more).",
)
@click.option(
    "--include-municipal-costs",
    is_flag=True,
    help="With --costs: every municipality x business in yen (private: the CIO office's).",
)
def export(
    db: Path | None,
    fmt: str,
    out: Path | None,
    include_notes: bool,
    include_contacts: bool,
    day: datetime | None,
    costs: bool,
    include_municipal_costs: bool,
) -> None:
    """Export every municipality x business on a day with names, due date and schedule status.

    A pair with no report yet is a row with stage no_report. schedule_status follows the one
    definition against the national deadline (docs/figures.md). Past due (期限超過), the figure every
    screen shows, is the rows whose schedule_status starts with overdue_; each of the three classes is
    one of its parts (うち…). Share live is the rows with stage live over the rows that are not
    not_applicable, no_report rows included.
    """
    from etl import export as exporter

    if fmt == "parquet" and out is None:
        fail("--format parquet には --out が必要です / --format parquet needs --out")
    if costs:
        from etl.costs import export as cost_export

        with store.connect(ensure_db(db), read_only=True) as con:
            write(cost_export.render(con, fmt, include_municipal_costs), out)
        return
    with store.connect(ensure_db(db), read_only=True) as con:
        data = exporter.render(con, fmt, include_notes, day.date() if day else None, include_contacts)
    write(data, out)


@click.command()
@click.argument("code")
@db_option
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file (default: template_CODE.xlsx or .csv).",
)
def template(code: str, db: Path | None, fmt: str, out: Path | None) -> None:
    """Write a submission file for municipality CODE, prefilled with its latest status."""
    from etl.template import build_template

    with store.connect(ensure_db(db), read_only=True) as con:
        try:
            data = build_template(con, code, fmt)
        except UserError as exc:
            fail(f"{exc.ja} / {exc.en}")
    write(data, out or Path(f"template_{code}.{fmt}"))


@click.group(invoke_without_command=True)
@db_option
@click.option("--status", type=click.Choice(["accepted", "rejected", "duplicate"]), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--count", is_flag=True, help="Print only the number of submissions.")
@click.pass_context
def submissions(ctx: click.Context, db: Path | None, status: str | None, as_json: bool, count: bool) -> None:
    """List every submission received: id, municipality, time, source, sha256, outcome, counts."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand:
        return
    with store.connect(ensure_db(db), read_only=True) as con:
        frame = con.execute(paths.sql("submissions_list"), {"status": status}).df()
    if count:
        click.echo(len(frame))
    else:
        echo_received(frame, as_json, "提出はまだありません / no submissions yet")


@submissions.command("show")
@click.argument("submission_id", type=int)
@click.option("--raw", is_flag=True, help="Write the submission's raw bytes to standard output (or --out).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def submissions_show(ctx: click.Context, submission_id: int, raw: bool, out: Path | None, as_json: bool) -> None:
    """Print one submission's findings, or write back its raw bytes with --raw."""
    with store.connect(ensure_db(ctx.obj["db"]), read_only=True) as con:
        head = con.execute("select * from submissions where id = ?", [submission_id]).df()
        found = con.execute(paths.sql("submission_findings"), {"submission_id": submission_id}).df()
    if head.empty:
        fail(f"提出 #{submission_id} はありません / no submission #{submission_id}")
    if raw:
        if not head.at[0, "raw_kept"]:
            fail(
                f"提出 #{submission_id} は上限を超えるファイルのため原本を保存していません"
                f" / submission #{submission_id} was over the size limit: its bytes were not kept"
            )
        write(bytes(head.at[0, "raw"]), out)
        return
    s = head.iloc[0]
    if as_json:
        found["row"] = found["row"].astype("Int64")
        payload = {
            "id": int(s["id"]),
            "outcome": s["outcome"],
            "source": s["source"],
            "filename": s["filename"],
            "sha256": s["sha256"],
            "received_at": str(s["received_at"]),
            "findings": json.loads(found.to_json(orient="records", force_ascii=False)),
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    click.echo(f"#{s['id']} {s['outcome']} {s['source']} {s['filename']} {s['received_at']} sha256 {s['sha256']}")
    click.echo(f"  {s['n_rows']} rows, {s['n_errors']} errors, {s['n_warnings']} warnings")
    for f in found.itertuples():
        where = "file" if pd.isna(f.row) else f"row {int(f.row)}"
        col = f" [{f.column}]" if isinstance(f.column, str) else ""
        click.echo(f"  {f.severity.upper():7} {where}{col} {f.code}: {f.message_ja} / {f.message_en}")
