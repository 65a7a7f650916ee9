"""The documents made from the database: a municipality's sheet (PDF), the static site, the deck (PPTX)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from cli.common import base_url_option, db_option, ensure_db, fail, lang_option, write


def _document_errors() -> tuple[type[Exception], ...]:
    from documents.common import OutputError
    from documents.fonts import FontMissing
    from documents.images import ChartImageError

    return (ChartImageError, OutputError, FontMissing)


def _close_chart_browser() -> None:
    # before the interpreter's exit handlers run: Chromium's profile is removed while it is quiet
    from documents import images

    images.shutdown()


@click.command()
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
@click.option("--costs", is_flag=True, help="Add the municipality's own operating costs (private: for itself).")
def sheet(
    code: str | None, db: Path | None, every: bool, out: Path, base_url: str | None, lang: str, costs: bool
) -> None:
    """Write municipality CODE's one-page A4 sheet (PDF), or every municipality's with --all."""
    from documents import common
    from documents import sheet as sheets

    if bool(code) == every:
        fail("団体コードか --all のどちらか一つを指定してください / give either a municipality CODE or --all")
    if common.base_url(base_url) is None:  # the sheet is still made, its QR block saying why it has none
        click.echo(
            "警告: 公開アドレスが設定されていません。QRコードのないシートを作ります（HYOJUNKA_PUBLIC_URL または "
            "--base-url で設定） / warning: no public address is set; the sheets carry no QR code "
            "(set HYOJUNKA_PUBLIC_URL or --base-url)",
            err=True,
        )
    try:
        if code is not None and not every:
            write(sheets.render_sheet(db, code, base_url=base_url, lang=lang, costs=costs), out)
            return
        out.mkdir(parents=True, exist_ok=True)
        codes = sheets.municipality_codes(db)
        for i, each in enumerate(codes, start=1):
            data = sheets.sheet_data(db, each, lang=lang, costs=costs)
            pdf = sheets.render_data(data, base_url=base_url)
            (out / sheets.file_name(each, data.facts.as_of, lang)).write_bytes(pdf)
            click.echo(f"[{i}/{len(codes)}] {each} {data.name}", err=True)
        click.echo(f"{out}: {len(codes)} sheets", err=True)
    except _document_errors() as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{out}: 書き込めません / cannot write ({exc.strerror})")
    finally:
        _close_chart_browser()


@click.command()
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
    from dashboard.publish.site import publish as build_site

    if out.exists() and any(out.iterdir()) and not (out / "data" / "index.json").exists():
        fail(f"{out}: 空でない別のフォルダです / not empty and not a published site: choose another --out")
    result = build_site(ensure_db(db), out, base_url=base_url)
    click.echo(
        f"{result.out}: {result.pages:,} pages, {result.files:,} files in {result.seconds:.1f} s "
        f"({result.cpu_seconds:.1f} s CPU)"
    )


@click.command()
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
    from documents import deck as decks

    try:
        data = decks.render_deck(db, day=as_of.date() if as_of else None, lang=lang)
    except _document_errors() as exc:
        fail(str(exc))
    finally:
        _close_chart_browser()
    write(data, out)
