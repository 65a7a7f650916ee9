"""The CIO office's administration: access tokens, municipal contacts and reminders to silent municipalities."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from cli.common import EXIT_REJECTED, db_option, ensure_db, fail
from etl import adminlog, store
from etl.errors import UserError


@click.group()
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
    from access import tokens

    with store.connect(ensure_db(db)) as con:
        try:
            token_id, secret = tokens.issue(con, who, label, by=adminlog.CLI)
        except UserError as exc:
            fail(f"{exc.ja} / {exc.en}")
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
    from access import tokens

    with store.connect(ensure_db(db)) as con:
        if not tokens.revoke(con, token_id, by=adminlog.CLI):
            fail(f"有効なトークン #{token_id} はありません / no live token #{token_id}")
    click.echo(f"token #{token_id} revoked")


@token.command("reissue")
@click.argument("token_id", type=int)
@db_option
def token_reissue(token_id: int, db: Path | None) -> None:
    """Replace token ID (lost or exposed): a new token for the same holder, the old one revoked and its
    sessions ended. The new token is printed once only."""
    from access import tokens

    with store.connect(ensure_db(db)) as con:
        try:
            new_id, secret = tokens.reissue(con, token_id, by=adminlog.CLI)
        except LookupError:
            fail(f"有効なトークン #{token_id} はありません / no live token #{token_id}")
    click.echo(
        f"token #{new_id} replaces #{token_id}（#{token_id} は失効 revoked; 保存されるのはハッシュのみ。再表示できません"
        " / stored hashed, shown only now):",
        err=True,
    )
    click.echo(secret)


@token.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (times in ISO 8601, Tokyo) instead of a table.")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True, help="The table's language.")
def token_list(db: Path | None, as_json: bool, lang: str) -> None:
    """List issued tokens (never their values or hashes): role, municipality, label, issued and last
    used in Tokyo time, live or revoked."""
    import json

    from access import tokens

    with store.connect(ensure_db(db), read_only=True) as con:
        if as_json:
            click.echo(json.dumps(tokens.as_records(con), ensure_ascii=False, indent=1))
            return
        table = tokens.readable(con, lang)
    if table.empty:
        click.echo("発行済みのトークンはありません / no tokens issued")
        return
    with pd.option_context("display.unicode.east_asian_width", True):  # columns line up under Japanese text
        click.echo(table.to_string(index=False))


@click.group()
def contacts() -> None:
    """Municipal contacts for reminders (email, person, department): private, admin only."""


@contacts.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
def contacts_import(file: Path, db: Path | None) -> None:
    """Replace the contacts of every municipality FILE names (CSV: 団体コード, メールアドレス, 担当者, 部署).

    A file with any error changes nothing: exit 1 with each problem by row and column.
    """
    from notify import contacts as contact_book

    try:
        raw = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: 読み込めません / cannot read ({exc.strerror})")
    path = ensure_db(db)
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
        adminlog.record(
            con, adminlog.CLI, "contacts_imported", file.name, f"{n} contacts, {municipalities} municipalities"
        )
    click.echo(
        f"{file.name}: {n} 件の連絡先（{municipalities} 団体）を登録 / {n} contacts of {municipalities} municipalities"
    )


@contacts.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def contacts_list(db: Path | None, as_json: bool) -> None:
    """List every municipality's contacts (private: for the CIO office)."""
    from notify import contacts as contact_book

    with store.connect(ensure_db(db), read_only=True) as con:
        frame = contact_book.listing(con)
    if as_json:
        frame["updated_at"] = frame["updated_at"].astype(str)
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=1))
    elif frame.empty:
        click.echo("連絡先はまだありません / no contacts yet")
    else:
        frame["updated_at"] = pd.to_datetime(frame["updated_at"]).dt.strftime("%Y-%m-%d %H:%M")
        click.echo(frame.drop(columns=["name_en"]).to_string(index=False))


@click.command()
@db_option
@click.option(
    "--silent-days",
    type=click.IntRange(1, 3650),
    default=None,
    help="Remind municipalities whose last accepted report arrived at least this many days ago (or never); "
    "default: the recent-report window, the setting recent_report_days (the overview's and the admin's).",
)
@click.option("--send", is_flag=True, help="Send through SMTP (HYOJUNKA_SMTP_*); without it, a dry run that prints.")
@click.option(
    "--base-url",
    default=None,
    help="The app's public URL for the link (default: the public_url setting, else $HYOJUNKA_PUBLIC_URL).",
)
def remind(db: Path | None, silent_days: int | None, send: bool, base_url: str | None) -> None:
    """A Japanese reminder to each silent municipality's contacts, with its last report date and a link
    to the report page. Dry run by default; --send sends and logs each one in the store.

    Exit 0 when every reminder was sent (or printed), 1 when any failed, 2 on missing settings.
    """
    from etl import clock, settings
    from notify import remind as reminders

    path = ensure_db(db)
    with store.connect(path, read_only=True) as con:
        stored = settings.get(con, settings.PUBLIC_URL)
    if send:
        url, problem = reminders.public_url(base_url, stored), None
        smtp = reminders.Smtp.from_env()
    else:  # a dry run always works: without a public URL the link is a placeholder
        url, problem = reminders.preview_url(base_url, stored)
        smtp = None
    with store.connect(path, read_only=not send) as con:
        if silent_days is None:
            silent_days = int(store.scalar(con, "select recent_report_days()"))
        ready, missing = reminders.plan(con, clock.today(), silent_days)
        sender = smtp.sender if smtp else "cio@example.invalid"
        for r in ready:
            r.message = reminders.compose(r, url, silent_days, sender)
        if send and smtp and ready:
            reminders.send(con, ready, smtp, silent_days=silent_days, sent_by=adminlog.CLI)
            ok = sum(r.outcome == "sent" for r in ready)
            adminlog.record(
                con,
                adminlog.CLI,
                "reminders_sent",
                None,
                f"{ok} sent, {len(ready) - ok} failed, silent {silent_days}+ days",
            )
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
    if problem is not None:
        click.echo(f"警告 WARNING: {problem.message_ja} / {problem.message_en}", err=True)
    if send and any(r.outcome != "sent" for r in ready):
        sys.exit(EXIT_REJECTED)


@click.command()
@db_option
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y/%m/%d"]),
    default=None,
    help="The window's first day (default: 6 days before --until, so the last 7 days).",
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y/%m/%d"]),
    default=None,
    help="The last day (default: today).",
)
@click.option("--send", is_flag=True, help="Mail it to the digest_recipients setting through SMTP (HYOJUNKA_SMTP_*).")
@click.option(
    "--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True, help="The printed text's language."
)
def digest(db: Path | None, since: object, until: object, send: bool, lang: str) -> None:
    """What changed in a window (default the last 7 days, Tokyo): systems that went live, target dates
    moved, systems that became past due, special-support designations added or removed, municipalities
    that did not report. Printed; --send mails it to the CIO office (the digest_recipients setting).

    Exit 0 when printed (or sent), 1 when sending failed, 2 on a bad window or missing settings.
    """
    from datetime import datetime

    from etl import settings
    from notify import digest as digests
    from notify import remind as reminders

    first = since.date() if isinstance(since, datetime) else None
    last = until.date() if isinstance(until, datetime) else None
    path = ensure_db(db)
    try:
        with store.connect(path, read_only=True) as con:
            found = digests.compute(con, first, last)
            recipients = settings.addresses(settings.get(con, settings.DIGEST_RECIPIENTS))
    except UserError as exc:
        fail(f"{exc.ja} / {exc.en}")
    click.echo(digests.text(found, lang))
    if not send:
        return
    if not recipients:
        fail(
            "送信先（設定 digest_recipients）がありません。管理画面の設定で CIO 室のアドレスを入れてください。"
            " / No recipients: set digest_recipients (the admin page's settings)."
        )
    smtp = reminders.Smtp.from_env()
    message = digests.compose(found, recipients, smtp.sender, reminders.SENDER_NAME)
    (error,) = reminders.deliver(smtp, [message])
    with store.connect(path) as con:
        detail = f"{found.since}..{found.until} → {', '.join(recipients)}" + (f" failed: {error}" if error else "")
        adminlog.record(con, adminlog.CLI, "digest_sent", None, detail)
    if error:
        click.echo(f"送信できませんでした / not sent: {error}", err=True)
        sys.exit(EXIT_REJECTED)
    click.echo(f"送信しました / sent to {', '.join(recipients)}", err=True)
