"""The `hyojunka` command line: init, ingest, demo, export, template, submissions, token, official, reconcile, sheet, deck."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pandas as pd

from etl import paths, store
from etl.errors import UserError
from schemas.vocabulary import MAX_BYTES

if TYPE_CHECKING:
    from etl.ingest import Outcome
    from etl.official.ingest import Outcome as ReleaseOutcome

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="DuckDB file (default: $HYOJUNKA_DB or data/hyojunka.duckdb).",
)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_USAGE)


def _ensure_db(db: Path | None) -> Path:
    path = paths.db_path(db)
    with store.connect(path) as con:
        behind = store.current_version(con) < store.SCHEMA_VERSION
    if behind:  # upgrade in place, keeping the database's jurisdiction
        store.init(path)
    return path


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """hyojunka (標準化): status reports of municipal core systems into DuckDB."""


@cli.command()
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
    path = store.init(db, frame)
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


@cli.command()
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

    path = _ensure_db(db)
    if as_code is not None:
        with store.connect(path, read_only=True) as con:
            if as_code not in store.reference_codes(con):
                _fail(f"--as {as_code}: 団体コードが一覧にありません / not a municipality code of this jurisdiction")
    outcomes = []
    for file in files:
        try:
            size = file.stat().st_size
            # a file over the limit is recorded by its size and first bytes: the rest is never read
            with file.open("rb") as stream:
                raw = stream.read(store.HEAD_BYTES if size > MAX_BYTES else -1)
        except OSError as exc:
            _fail(f"{file}: 読み込めません / cannot read ({exc.strerror})")
        name, by = file.name, submitter or "cli"
        try:
            if size > MAX_BYTES:
                outcome = ingest_too_large(size, raw, filename=name, submitter=by, submitter_code=as_code, db=path)
            else:
                outcome = ingest_bytes(raw, filename=name, submitter=by, submitter_code=as_code, db=path)
            outcomes.append(outcome)
        except UserError as exc:
            _fail(f"{exc.ja} / {exc.en}")
    if report == "json":
        click.echo(json.dumps([o.to_dict() for o in outcomes], ensure_ascii=False, indent=1, default=str))
    else:
        for outcome in outcomes:
            _print_text(outcome)
    sys.exit(EXIT_OK if all(o.accepted for o in outcomes) else EXIT_REJECTED)


@cli.command()
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


@cli.command()
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
def export(
    db: Path | None, fmt: str, out: Path | None, include_notes: bool, include_contacts: bool, day: datetime | None
) -> None:
    """Export every municipality x business on a day with names, due date and schedule status.

    A pair with no report yet is a row with stage no_report. schedule_status follows the one
    definition against the national deadline (README, "Schedule status").
    """
    from etl import export as exporter

    if fmt == "parquet" and out is None:
        _fail("--format parquet には --out が必要です / --format parquet needs --out")
    with store.connect(_ensure_db(db), read_only=True) as con:
        data = exporter.render(con, fmt, include_notes, day.date() if day else None, include_contacts)
    _write(data, out)


def _write(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        _fail(f"{out}: 書き込めません / cannot write ({exc.strerror})")
    click.echo(f"{out}: {len(data):,} bytes", err=True)


@cli.command()
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

    with store.connect(_ensure_db(db), read_only=True) as con:
        try:
            data = build_template(con, code, fmt)
        except UserError as exc:
            _fail(f"{exc.ja} / {exc.en}")
    _write(data, out or Path(f"template_{code}.{fmt}"))


@cli.group(invoke_without_command=True)
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
    with store.connect(_ensure_db(db), read_only=True) as con:
        frame = con.execute(paths.sql("submissions_list"), {"status": status}).df()
    if count:
        click.echo(len(frame))
    elif as_json:
        frame["received_at"] = frame["received_at"].astype(str)
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=1))
    elif frame.empty:
        click.echo("提出はまだありません / no submissions yet")
    else:
        frame["sha256"] = frame["sha256"].str[:12]
        frame["received_at"] = pd.to_datetime(frame["received_at"]).dt.strftime("%Y-%m-%d %H:%M")
        click.echo(frame.to_string(index=False))


@submissions.command("show")
@click.argument("submission_id", type=int)
@click.option("--raw", is_flag=True, help="Write the submission's raw bytes to standard output (or --out).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def submissions_show(ctx: click.Context, submission_id: int, raw: bool, out: Path | None, as_json: bool) -> None:
    """Print one submission's findings, or write back its raw bytes with --raw."""
    with store.connect(_ensure_db(ctx.obj["db"]), read_only=True) as con:
        head = con.execute("select * from submissions where id = ?", [submission_id]).df()
        found = con.execute(paths.sql("submission_findings"), {"submission_id": submission_id}).df()
    if head.empty:
        _fail(f"提出 #{submission_id} はありません / no submission #{submission_id}")
    if raw:
        if not head.at[0, "raw_kept"]:
            _fail(
                f"提出 #{submission_id} は上限を超えるファイルのため原本を保存していません"
                f" / submission #{submission_id} was over the size limit: its bytes were not kept"
            )
        _write(bytes(head.at[0, "raw"]), out)
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


@cli.group()
def token() -> None:
    """Access tokens for the app: a municipality's or the CIO office's (admin)."""


@token.command("issue")
@click.argument("who")
@db_option
@click.option(
    "--label",
    default=None,
    help='Who holds the token, a person or department ("人名/部署"); recorded as the submitter of its reports.',
)
def token_issue(who: str, db: Path | None, label: str | None) -> None:
    """Issue a token for municipality code WHO, or for 'admin'. The token is printed once only.

    Give it a --label naming its holder: the app records that label as the submitter of every report
    made with the token.
    """
    from etl import tokens

    with store.connect(_ensure_db(db)) as con:
        try:
            token_id, secret = tokens.issue(con, who, label)
        except UserError as exc:
            _fail(f"{exc.ja} / {exc.en}")
    held = f" [{tokens.clean_label(label)}]" if label else ""
    click.echo(
        f"token #{token_id} for {who}{held} (保存されるのはハッシュのみ。再表示できません / stored hashed, shown only now):",
        err=True,
    )
    click.echo(secret)


@token.command("revoke")
@click.argument("token_id", type=int)
@db_option
def token_revoke(token_id: int, db: Path | None) -> None:
    """Revoke token ID."""
    from etl import tokens

    with store.connect(_ensure_db(db)) as con:
        if not tokens.revoke(con, token_id):
            _fail(f"有効なトークン #{token_id} はありません / no live token #{token_id}")
    click.echo(f"token #{token_id} revoked")


@token.command("list")
@db_option
def token_list(db: Path | None) -> None:
    """List issued tokens (never their values)."""
    from etl import tokens

    with store.connect(_ensure_db(db), read_only=True) as con:
        click.echo(tokens.listing(con).to_string(index=False))


def _month(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        _fail(f"--as-of {value}: YYYY-MM で指定してください / give the month as YYYY-MM")
    return None


@cli.group()
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
    path = _ensure_db(db)
    outcomes = []
    for file in files:
        try:
            raw = file.read_bytes()
        except OSError as exc:
            _fail(f"{file}: 読み込めません / cannot read ({exc.strerror})")
        outcomes.append(ingest_release(raw, filename=file.name, as_of=month, url=url, db=path))
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
    """List every release file received: id, kind, as-of, outcome, counts, source URL."""
    with store.connect(_ensure_db(db), read_only=True) as con:
        frame = con.execute(
            "select id, kind, as_of, received_at, filename, outcome, n_rows, n_outside, n_errors, n_warnings, "
            "sha256, source_url from v_official_releases order by id"
        ).df()
    frame["as_of"] = pd.to_datetime(frame["as_of"]).dt.strftime("%Y-%m")
    if as_json:
        frame["received_at"] = frame["received_at"].astype(str)
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=1))
    elif frame.empty:
        click.echo("公表資料はまだありません / no releases yet")
    else:
        frame["sha256"] = frame["sha256"].str[:12]
        frame["received_at"] = pd.to_datetime(frame["received_at"]).dt.strftime("%Y-%m-%d %H:%M")
        click.echo(frame.to_string(index=False))


@official.command("figures")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
def official_figures(file: Path, db: Path | None) -> None:
    """Load a CSV of dated national headline figures (as_of, figure, value, denominator, source, url)."""
    from etl.official import figures

    try:
        raw = file.read_bytes()
    except OSError as exc:
        _fail(f"{file}: 読み込めません / cannot read ({exc.strerror})")
    with store.connect(_ensure_db(db)) as con:
        try:
            n = figures.load(con, raw)
        except figures.FiguresRejected as exc:
            click.echo(str(exc), err=True)
            sys.exit(EXIT_REJECTED)
    click.echo(f"{file}: {n} figures loaded")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Output file.")
def reconcile(db: Path | None, fmt: str, out: Path | None) -> None:
    """Every discrepancy between the municipalities' latest reports and the latest official releases."""
    from etl.official import reconcile as reconciliation

    with store.connect(_ensure_db(db), read_only=True) as con:
        data = reconciliation.render(con, fmt)
    _write(data, out)


def _document_errors() -> tuple[type[Exception], ...]:
    from dashboard.images import ChartImageError
    from dashboard.outputs.common import OutputError
    from dashboard.outputs.fonts import FontMissing

    return (ChartImageError, OutputError, FontMissing)


def _close_chart_browser() -> None:
    # before the interpreter's exit handlers run: Chromium's profile is removed while it is quiet
    from dashboard import images

    images.shutdown()


base_url_option = click.option(
    "--base-url",
    default=None,
    help="Public address of the dashboard for links and QR codes (default: $HYOJUNKA_PUBLIC_URL, else http://localhost:8501).",
)
lang_option = click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)


@cli.command()
@click.argument("code", required=False)
@db_option
@click.option(
    "--all", "every", is_flag=True, help="One sheet per municipality of the jurisdiction, into the folder --out."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="The PDF file (one municipality) or the folder (--all).",
)
@base_url_option
@lang_option
def sheet(code: str | None, db: Path | None, every: bool, out: Path, base_url: str | None, lang: str) -> None:
    """Write municipality CODE's one-page A4 sheet (PDF), or every municipality's with --all."""
    from dashboard.outputs import sheet as sheets

    if bool(code) == every:
        _fail("団体コードか --all のどちらか一つを指定してください / give either a municipality CODE or --all")
    try:
        if code is not None and not every:
            _write(sheets.render_sheet(db, code, base_url=base_url, lang=lang), out)
            return
        out.mkdir(parents=True, exist_ok=True)
        codes = sheets.municipality_codes(db)
        for i, each in enumerate(codes, start=1):
            data = sheets.sheet_data(db, each, lang=lang)
            pdf = sheets.render_data(data, base_url=base_url)
            (out / sheets.file_name(each, data.facts.as_of, lang)).write_bytes(pdf)
            click.echo(f"[{i}/{len(codes)}] {each} {data.name}", err=True)
        click.echo(f"{out}: {len(codes)} sheets", err=True)
    except _document_errors() as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{out}: 書き込めません / cannot write ({exc.strerror})")
    finally:
        _close_chart_browser()


@cli.command()
@db_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the site into (replaced if it exists).",
)
@click.option("--base-url", default=None, help="Where the site will be served, e.g. https://example.jp/hyojunka/.")
def publish(db: Path | None, out: Path, base_url: str | None) -> None:
    """Write the static public edition: the public pages and every municipality's page, in Japanese and
    English, each chart with its CSV and JSON, data/index.json and plotly.js; no notes, no request
    outside the site."""
    from dashboard.publish import publish as build_site

    if out.exists() and any(out.iterdir()) and not (out / "data" / "index.json").exists():
        _fail(f"{out}: 空でない別のフォルダです / not empty and not a published site: choose another --out")
    result = build_site(_ensure_db(db), out, base_url=base_url)
    click.echo(
        f"{result.out}: {result.pages:,} pages, {result.files:,} files in {result.seconds:.1f} s "
        f"({result.cpu_seconds:.1f} s CPU)"
    )


@cli.command()
@db_option
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The day the headline figures, their 30-day change and the schedule are counted on (default: today).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The PPTX file.")
@lang_option
def deck(db: Path | None, as_of: datetime | None, out: Path, lang: str) -> None:
    """Write the briefing deck (PPTX): headline figures, stages, map, deadline, cloud, special support."""
    from dashboard.outputs import deck as decks

    try:
        data = decks.render_deck(db, day=as_of.date() if as_of else None, lang=lang)
    except _document_errors() as exc:
        _fail(str(exc))
    finally:
        _close_chart_browser()
    _write(data, out)


@cli.group()
def contacts() -> None:
    """Municipal contacts for reminders (email, person, department): private, admin only."""


@contacts.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
def contacts_import(file: Path, db: Path | None) -> None:
    """Replace the contacts of every municipality FILE names (CSV: 団体コード, メールアドレス, 担当者, 部署).

    A file with any error changes nothing: exit 1 with each problem by row and column.
    """
    from etl import contacts as contact_book

    try:
        raw = file.read_bytes()
    except OSError as exc:
        _fail(f"{file}: 読み込めません / cannot read ({exc.strerror})")
    path = _ensure_db(db)
    with store.connect(path) as con:
        frame, problems = contact_book.parse(raw, store.reference_codes(con))
        if problems:
            for problem in problems:
                click.echo(f"  ERROR   {problem}", err=True)
            click.echo(
                f"{file.name}: 取り込みませんでした（{len(problems)} 件の問題） / not imported ({len(problems)} problems)",
                err=True,
            )
            sys.exit(EXIT_REJECTED)
        n = contact_book.replace(con, frame)
    municipalities = frame["municipality_code"].nunique()
    click.echo(
        f"{file.name}: {n} 件の連絡先（{municipalities} 団体）を登録 / {n} contacts of {municipalities} municipalities"
    )


@contacts.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def contacts_list(db: Path | None, as_json: bool) -> None:
    """List every municipality's contacts (private: for the CIO office)."""
    from etl import contacts as contact_book

    with store.connect(_ensure_db(db), read_only=True) as con:
        frame = contact_book.listing(con)
    if as_json:
        frame["updated_at"] = frame["updated_at"].astype(str)
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=1))
    elif frame.empty:
        click.echo("連絡先はまだありません / no contacts yet")
    else:
        frame["updated_at"] = pd.to_datetime(frame["updated_at"]).dt.strftime("%Y-%m-%d %H:%M")
        click.echo(frame.drop(columns=["name_en"]).to_string(index=False))


@cli.command()
@db_option
@click.option(
    "--silent-days",
    type=click.IntRange(1, 3650),
    required=True,
    help="Remind municipalities whose last accepted report arrived at least this many days ago (or never).",
)
@click.option("--send", is_flag=True, help="Send through SMTP (HYOJUNKA_SMTP_*); without it, a dry run that prints.")
@click.option("--base-url", default=None, help="The app's public URL for the link (default: $HYOJUNKA_PUBLIC_URL).")
def remind(db: Path | None, silent_days: int, send: bool, base_url: str | None) -> None:
    """A Japanese reminder to each silent municipality's contacts, with its last report date and a link
    to the report page. Dry run by default; --send sends and logs each one in the store.

    Exit 0 when every reminder was sent (or printed), 1 when any failed, 2 on missing settings.
    """
    from etl import clock
    from etl import remind as reminders

    url = reminders.public_url(base_url)
    smtp = reminders.Smtp.from_env() if send else None
    path = _ensure_db(db)
    with store.connect(path, read_only=not send) as con:
        ready, missing = reminders.plan(con, clock.today(), silent_days)
        sender = smtp.sender if smtp else "cio@example.invalid"
        for r in ready:
            r.message = reminders.compose(r, url, silent_days, sender)
        if send and smtp and ready:
            reminders.send(con, ready, smtp, silent_days=silent_days, sent_by="cli")
    for r in ready:
        if send:
            mark = "送信 sent" if r.outcome == "sent" else f"失敗 failed: {r.error}"
            click.echo(f"{r.code} {r.name_ja} → {', '.join(r.emails)}: {mark}")
        else:
            message = r.message
            click.echo(f"=== {r.code} {r.name_ja} ===")
            click.echo(f"To: {message['To']}" if message else "")
            click.echo(f"Subject: {message['Subject']}" if message else "")
            click.echo("")
            click.echo(message.get_content() if message else "")
    for r in missing:
        last = f"{r.last_report:%Y/%m/%d}" if r.last_report else "未報告 never"
        click.echo(f"{r.code} {r.name_ja}: 連絡先がありません / no contact (最終報告 last report: {last})", err=True)
    verb = "送信" if send else "送信予定（ドライラン）"
    click.echo(
        f"{silent_days} 日以上報告のない団体: {len(ready) + len(missing)}（{verb} {len(ready)}、連絡先なし {len(missing)}） / "
        f"silent for {silent_days}+ days: {len(ready) + len(missing)} "
        f"({'sent' if send else 'to send, dry run'} {len(ready)}, no contact {len(missing)})",
        err=True,
    )
    if send and any(r.outcome != "sent" for r in ready):
        sys.exit(EXIT_REJECTED)


def main() -> None:
    """Entry point: run the command line, turning unexpected failures into a message and exit 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except UserError as exc:
        click.echo(f"{exc.ja} / {exc.en}", err=True)
        sys.exit(EXIT_USAGE)
    except SystemExit:
        raise
    except Exception as exc:  # a message, never a traceback, reaches the user
        click.echo(f"エラー / error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_USAGE)
