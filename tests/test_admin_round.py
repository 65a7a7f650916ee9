"""The CIO office's round below the pages: the weekly digest counted by hand on a small history (and
replayed, and mailed by the command line to a local aiosmtpd server), the token list and re-issue,
the settings the admin page writes, the admin log, the Excel download's cells against the CSV's,
and the receipt PDF read back with pypdf (and mailed)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from aiosmtpd.controller import Controller

from access import sessions, tokens
from etl import adminlog, cells, clock, database, ingest, settings, store
from notify import digest
from tests.support.cli import run_etl_text
from tests.support.codes import CHIYODA, CHUO, MINATO
from tests.support.factories import csv_bytes, under_way_row, valid_row
from tests.support.mail import CHIYODA_EMAIL, SENDER, Inbox
from tests.support.ports import free_port

NOT_SPECIAL = {"special_support": "false", "special_support_reason": ""}


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clock.TOKYO)


def report(db: Path, rows: list[dict], day: date, code: str) -> ingest.Outcome:
    out = ingest.ingest_bytes(csv_bytes(rows), db=db, received_at=at(day), submitter_code=code)
    return out


@pytest.fixture
def week(tmp_db: Path) -> Path:
    """A small history around the week 2026-11-01..07 (counted by hand in the tests below)."""
    before, inside, after = date(2026, 10, 20), date(2026, 11, 3), date(2026, 11, 9)
    assert (
        report(
            tmp_db,
            [
                under_way_row("resident_registry", as_of=before.isoformat()),  # special, 2027-03-31
                under_way_row("fixed_asset_tax", as_of=before.isoformat()),  # special, 2027-03-31
            ],
            before,
            CHIYODA,
        ).receipt.outcome
        == "accepted"
    )
    chuo = under_way_row(
        "resident_registry", municipality_code=CHUO, as_of=before.isoformat(), target_date="2026-11-03"
    )
    assert report(tmp_db, [chuo], before, CHUO).receipt.outcome == "accepted"
    minato = [
        under_way_row(
            "resident_registry",
            municipality_code=MINATO,
            as_of=before.isoformat(),
            stage="planning",
            target_date="2026-12-31",
            pmo_progress="",
            **NOT_SPECIAL,
        ),
        under_way_row("fixed_asset_tax", municipality_code=MINATO, as_of=before.isoformat(), target_date="2027-06-30"),
    ]
    assert report(tmp_db, minato, before, MINATO).receipt.outcome == "accepted"
    # the week: Chiyoda's registry goes live (no longer special), its tax moves 91 days later;
    # Minato's registry becomes special with a date a year later, its tax 61 days earlier;
    # Chuo sends only a rejected file, and its registry's new date (11-03) passes
    live = valid_row(as_of=inside.isoformat(), go_live_date="2026-11-02", target_date="2026-11-02")
    later = under_way_row("fixed_asset_tax", as_of=inside.isoformat(), target_date="2027-06-30")
    assert report(tmp_db, [live, later], inside, CHIYODA).receipt.outcome == "accepted"
    minato_week = [
        under_way_row(
            "resident_registry",
            municipality_code=MINATO,
            as_of=inside.isoformat(),
            stage="planning",
            target_date="2027-12-31",
            special_support_reason="2",
            pmo_progress="",
        ),
        under_way_row("fixed_asset_tax", municipality_code=MINATO, as_of=inside.isoformat(), target_date="2027-04-30"),
    ]
    assert report(tmp_db, minato_week, inside, MINATO).receipt.outcome == "accepted"
    bad = under_way_row("resident_registry", municipality_code=CHUO, as_of=inside.isoformat(), stage="flying")
    assert report(tmp_db, [bad], inside, CHUO).receipt.outcome == "rejected"
    # after the week: Chuo goes live; the week's digest must not change
    chuo_live = valid_row(municipality_code=CHUO, as_of=after.isoformat(), go_live_date="2026-11-08")
    assert report(tmp_db, [chuo_live], after, CHUO).receipt.outcome == "accepted"
    return tmp_db


def pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame["municipality_code"], frame["business_id"], strict=True))


def test_the_digest_of_a_week_counted_by_hand(week):
    with store.connect(week, read_only=True) as con:
        d = digest.compute(con, date(2026, 11, 1), date(2026, 11, 7))
    assert d.counts() == {
        "live": 1,
        "moved": 3,
        "past_due": 1,
        "special_added": 1,
        "special_removed": 1,
        "silent": 60,
    }
    assert pairs(d.live) == {(CHIYODA, "resident_registry")}
    moved = {(r["municipality_code"], r["business_id"]): r["days"] for r in d.moved.to_dict("records")}
    assert moved == {
        (CHIYODA, "fixed_asset_tax"): 91,
        (MINATO, "resident_registry"): 365,
        (MINATO, "fixed_asset_tax"): -61,
    }
    assert pairs(d.past_due) == {(CHUO, "resident_registry")}
    assert d.past_due.at[0, "schedule_status"] == "overdue_special"
    assert pairs(d.special_added) == {(MINATO, "resident_registry")}
    assert pairs(d.special_removed) == {(CHIYODA, "resident_registry")}
    assert CHUO in set(d.silent["code"]) and not {CHIYODA, MINATO} & set(d.silent["code"])  # a rejection is no report
    assert d.silent.set_index("code").at[CHUO, "last_report"] == date(2026, 10, 20)

    tables = digest.tables(d, "ja")
    assert tables["moved"].to_dict("records") == [
        {
            "団体コード": CHIYODA,
            "団体名": "千代田区",
            "業務": "固定資産税",
            "変更前": "2027/03/31",
            "変更後": "2027/06/30",
            "日数": 91,
            "向き": "遅く",
        },
        {
            "団体コード": MINATO,
            "団体名": "港区",
            "業務": "住民基本台帳",
            "変更前": "2026/12/31",
            "変更後": "2027/12/31",
            "日数": 365,
            "向き": "遅く",
        },
        {
            "団体コード": MINATO,
            "団体名": "港区",
            "業務": "固定資産税",
            "変更前": "2027/06/30",
            "変更後": "2027/04/30",
            "日数": 61,
            "向き": "早く",
        },
    ]
    assert digest.tables(d, "en")["moved"]["Direction"].tolist() == ["later", "later", "earlier"]

    # the next week: Chuo went live, reported, and nothing else changed
    with store.connect(week, read_only=True) as con:
        nxt = digest.compute(con, date(2026, 11, 8), date(2026, 11, 14))
    assert pairs(nxt.live) == {(CHUO, "resident_registry")} and len(nxt.moved) == 0 and len(nxt.past_due) == 0
    assert len(nxt.silent) == 61


def test_the_digest_is_replayed_the_same_and_mailed_by_the_command_line(week):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = {
        "HYOJUNKA_SMTP_HOST": "127.0.0.1",
        "HYOJUNKA_SMTP_PORT": str(controller.port),
        "HYOJUNKA_SMTP_STARTTLS": "0",
        "HYOJUNKA_SMTP_FROM": SENDER,
    }
    try:
        no_one = run_etl_text("digest", "--since", "2026-11-01", "--until", "2026-11-07", "--send", db=week, env=env)
        assert no_one.returncode == 2 and "digest_recipients" in no_one.stderr and "Traceback" not in no_one.stderr
        with store.connect(week) as con:
            settings.put(
                con, settings.DIGEST_RECIPIENTS, "cio@metro.tokyo.example.jp; deputy@metro.tokyo.example.jp", by="test"
            )
        first = run_etl_text("digest", "--since", "2026-11-01", "--until", "2026-11-07", db=week)
        again = run_etl_text("digest", "--since", "2026/11/01", "--until", "2026-11-07", db=week)
        assert first.returncode == 0 and first.stdout == again.stdout  # any past week replays the same
        assert "・稼働したシステム: 1" in first.stdout and "・期間中に報告のなかった団体: 60" in first.stdout
        assert "港区 / 固定資産税 / 2027/06/30 / 2027/04/30 / 61 / 早く" in first.stdout
        sent = run_etl_text("digest", "--since", "2026-11-01", "--until", "2026-11-07", "--send", db=week, env=env)
        assert sent.returncode == 0, sent.stderr
    finally:
        controller.stop()
    ((rcpt, message),) = inbox.messages
    assert rcpt == ["cio@metro.tokyo.example.jp", "deputy@metro.tokyo.example.jp"]
    assert message["Subject"] == "【週次ダイジェスト】標準化・ガバメントクラウド移行 2026/11/01〜2026/11/07"
    text = message.get_content()
    assert text == first.stdout.rstrip("\n") + "\n\n" + "-" * 40 + "\n\n" + digest.text(_week(week), "en")
    with store.connect(week, read_only=True) as con:
        assert con.execute("select actor, action from admin_log").fetchall() == [
            ("test", "settings_changed"),
            ("cli", "digest_sent"),
        ]


def _week(db: Path) -> digest.Digest:
    with store.connect(db, read_only=True) as con:
        return digest.compute(con, date(2026, 11, 1), date(2026, 11, 7))


def test_a_window_backwards_is_a_clear_error(week):
    done = run_etl_text("digest", "--since", "2026-11-08", "--until", "2026-11-01", db=week)
    assert done.returncode == 2 and "開始日" in done.stderr and "Traceback" not in done.stderr


def test_the_default_window_is_the_last_seven_days():
    since, until = digest.window()
    assert until == clock.today() and (until - since).days == 6


# ------------------------------------------------------------------------------------------------ tokens
def test_token_list_is_a_readable_table_and_json(tmp_db):
    with store.connect(tmp_db) as con:
        first, _ = tokens.issue(con, CHIYODA, "情報政策課 山田", by=adminlog.CLI)
        tokens.issue(con, "admin")
        tokens.revoke(con, first)
    table = run_etl_text("token", "list", db=tmp_db)
    assert table.returncode == 0, table.stderr
    out = table.stdout
    for word in ("番号", "権限", "団体名", "千代田区", "情報政策課 山田", "管理（CIO室）", "未使用", "有効", "失効"):
        assert word in out, word
    for noise in ("NaN", "NaT", "None", "+00:00", "UTC"):
        assert noise not in out, noise
    issued = clock.now().strftime("%Y/%m/%d")
    assert issued in out  # Tokyo time, YYYY/MM/DD HH:MM
    records = json.loads(run_etl_text("token", "list", "--json", db=tmp_db).stdout)
    assert [r["id"] for r in records] == [1, 2]
    assert records[0]["label"] == "情報政策課 山田" and records[0]["revoked_at"].endswith("+09:00")
    assert records[1]["municipality_code"] is None and records[1]["last_used_at"] is None
    assert not any("hash" in key for r in records for key in r)
    english = run_etl_text("token", "list", "--lang", "en", db=tmp_db).stdout
    assert "Last used" in english and "never" in english and "Chiyoda" in english


def test_reissue_revokes_the_old_token_and_ends_its_sessions(tmp_db):
    with store.connect(tmp_db) as con:
        old_id, old = tokens.issue(con, CHIYODA, "山田")
        sid, _ = sessions.open_session(con, old_id)
        new_id, new = tokens.reissue(con, old_id, by="CIO室 佐藤")
        assert sessions.alive(con, sid) is None
        assert store.scalar(con, "select ended_at is not null from sessions where id = ?", [sid])
        assert tokens.verify(con, old) is None
        principal = tokens.verify(con, new)
        assert principal is not None and principal.token_id == new_id
        assert (principal.municipality_code, principal.label) == (CHIYODA, "山田")
        with pytest.raises(LookupError):
            tokens.reissue(con, old_id)
        log = con.execute("select actor, action, target, detail from admin_log").fetchall()
    assert log == [("CIO室 佐藤", "token_reissued", f"#{new_id}", f"#{old_id} → #{new_id} {CHIYODA} 山田")]
    reissued = run_etl_text("token", "reissue", str(new_id), db=tmp_db)
    assert reissued.returncode == 0 and reissued.stdout.strip().startswith(tokens.PREFIX)
    assert run_etl_text("token", "reissue", str(new_id), db=tmp_db).returncode == 2  # revoked by the re-issue


# ------------------------------------------------------------------------------------------------ settings
def test_settings_are_checked_kept_across_init_and_logged(tmp_db):
    with store.connect(tmp_db) as con:
        assert settings.get(con, settings.PUBLIC_URL) == "" and settings.get(con, settings.RECEIPT_MAIL) == "0"
        assert (
            settings.put(con, settings.PUBLIC_URL, " https://hyojunka.example.jp/ ", by="佐藤")
            == "https://hyojunka.example.jp"
        )
        with pytest.raises(settings.InvalidSetting):
            settings.put(con, settings.PUBLIC_URL, "javascript:alert(1)", by="佐藤")
        with pytest.raises(settings.InvalidSetting):
            settings.put(con, "national_deadline", "2030-03-31", by="佐藤")  # reference data: not from here
        with pytest.raises(settings.InvalidSetting):
            settings.put(con, settings.RECEIPT_MAIL, "maybe", by="佐藤")
        settings.put(con, settings.RECEIPT_MAIL, "はい", by="佐藤")
        settings.put(con, settings.RECEIPT_MAIL, "1", by="佐藤")  # unchanged: not logged again
    database.init(tmp_db)  # reloads the reference settings; what was set here stays
    with store.connect(tmp_db, read_only=True) as con:
        assert settings.get(con, settings.PUBLIC_URL) == "https://hyojunka.example.jp"
        assert settings.get(con, settings.RECEIPT_MAIL) == "1"
        listed = settings.table(con).set_index("key")
        assert listed.at["national_deadline", "value"] == "2026-03-31"
        assert listed.at["public_url", "set_by"] == "佐藤" and listed.at["public_url", "reference_value"] == ""
        log = con.execute("select action, target, detail from admin_log order by id").fetchall()
    assert log == [
        ("settings_changed", "public_url", "(空 empty) → https://hyojunka.example.jp"),
        ("settings_changed", "receipt_mail", "0 → 1"),
    ]


def test_addresses_are_checked_one_by_one():
    assert settings.addresses("a@example.jp, b@example.jp;a@example.jp\nc@example.jp") == [
        "a@example.jp",
        "b@example.jp",
        "c@example.jp",
    ]
    with pytest.raises(settings.InvalidSetting) as err:
        settings.addresses("a@example.jp, nobody")
    assert "nobody" in err.value.ja and "nobody" in err.value.en


# ------------------------------------------------------------------------------------------------ Excel
def _same(text: str) -> str:
    """A cell's text with a number written one way (1.0 and 1 are the same number in both files)."""
    try:
        return repr(float(text)) if text.strip() and not text.startswith("0") else text
    except ValueError:
        return text


def _csv_cells(raw: bytes) -> list[list[str]]:
    # each cell as our writer meant it: the apostrophe it put before formula-like text taken off (the
    # XLSX keeps that text under Excel's quote prefix, a style, not a character)
    return [[_same(cells.from_csv(v)) for v in row] for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")))]


def _xlsx_cells(raw: bytes) -> tuple[list[list[str]], openpyxl.worksheet.worksheet.Worksheet]:
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
    rows = []
    for row in sheet.iter_rows():
        shown = []
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula"
            v = cell.value
            if isinstance(v, datetime):
                shown.append(
                    v.strftime("%Y/%m/%d %H:%M")
                    if cell.number_format == cells.DATETIME_FORMAT
                    else v.strftime("%Y/%m/%d")
                )
            elif v is None:
                shown.append("")
            else:
                shown.append(_same(str(v)))
        rows.append(shown)
    return rows, sheet


def test_the_excel_download_holds_the_csv_cells_with_dates_as_dates():
    frame = pd.DataFrame(
        {
            "団体コード": ["131016", "131024", "131032"],
            "団体名": ["千代田区", '=HYPERLINK("http://x")', "＋81"],
            "移行完了予定日": ["2027/03/31", "", "2026/11/03"],
            "受付日時": ["2026/11/03 10:15", "2026/11/04 09:00", None],
            "日数": [91, 365, 61],
            "割合": [0.5, 1.0, 0.25],
            "備考": ["@SUM(A1)", "改行\nあり", None],
        }
    )
    csv_rows = _csv_cells(cells.csv_bytes(frame))
    xlsx_rows, sheet = _xlsx_cells(cells.xlsx_bytes(frame, "期限"))
    assert xlsx_rows == csv_rows  # the same cells, headers in Japanese
    assert sheet.title == "期限" and sheet.freeze_panes == "A2"
    due = sheet["C2"]
    assert isinstance(due.value, datetime) and due.number_format == cells.DATE_FORMAT
    assert sheet["D2"].number_format == cells.DATETIME_FORMAT and sheet["E2"].value == 91
    assert sheet["B3"].value == '=HYPERLINK("http://x")' and sheet["B3"].data_type == "s" and sheet["B3"].quotePrefix
    assert sheet["A2"].value == "131016" and sheet["A2"].data_type == "s"  # codes stay text
    widths = {c: sheet.column_dimensions[c].width for c in "ABCG"}
    assert widths["B"] > widths["A"] >= 8 and widths["C"] >= 12  # fitted to the text (wide characters count twice)


def test_a_real_table_downloads_the_same_cells_in_both(tmp_db):
    with store.connect(tmp_db) as con:
        tokens.issue(con, CHIYODA, "情報政策課 山田")
        table = tokens.readable(con)
    from dashboard import view

    csv_rows = _csv_cells(view.csv_bytes(table))
    xlsx_rows, sheet = _xlsx_cells(view.xlsx_bytes(table))
    assert xlsx_rows == csv_rows and isinstance(sheet["F2"].value, datetime)


# ------------------------------------------------------------------------------------------------ receipts
@pytest.mark.slow  # a rendered PDF
def test_the_receipt_pdf_holds_the_number_the_changes_and_the_findings(tmp_db):
    from pypdf import PdfReader

    from documents import receipt

    first = [under_way_row("fixed_asset_tax", as_of="2026-11-01")]
    assert ingest.ingest_bytes(csv_bytes(first), submitter="情報政策課 山田", submitter_code=CHIYODA).accepted
    second = [
        under_way_row("fixed_asset_tax", as_of="2026-11-05", target_date="2027-06-30", stage="procurement"),
        under_way_row("seal_registration", as_of="2026-11-05", stage="not_started", pmo_progress="90"),
    ]
    accepted = ingest.ingest_bytes(
        csv_bytes(second), filename="千代田.csv", submitter="情報政策課 山田", submitter_code=CHIYODA
    )
    rejected = ingest.ingest_bytes(
        csv_bytes([under_way_row(as_of="2026-11-06", stage="flying")]),
        filename="bad.csv",
        submitter="山田",
        submitter_code=CHIYODA,
    )
    assert accepted.accepted and rejected.receipt.outcome == "rejected"

    n = accepted.receipt.submission_id
    text = PdfReader(io.BytesIO(receipt.render_receipt(n, CHIYODA))).pages[0].extract_text()
    for shown in (
        "受付票",
        f"#{n}",
        "千代田区（131016）",
        "情報政策課 山田",
        "（日本時間）",
        "千代田.csv",
        "移行完了予定日: 2027/03/31 → 2027/06/30",  # what changed, its days as every screen writes them
        "初回報告",
        accepted.receipt.sha256,
    ):
        assert shown in text, shown
    assert "2026/11/05" in text and "2026-11-05" not in text  # its as-of day, as every day on the receipt
    assert accepted.receipt.n_warnings >= 1 and "警告" in text and "後退" in text  # its warning, in full
    r = rejected.receipt.submission_id
    bad = PdfReader(io.BytesIO(receipt.render_receipt(r, CHIYODA, lang="en"))).pages[0].extract_text()
    assert "Receipt" in bad and "Rejected" in bad and "nothing was applied" in bad and "flying" in bad
    with pytest.raises(receipt.ReceiptMissing):
        receipt.render_receipt(n, CHUO)  # another municipality's submission: no receipt


@pytest.mark.slow  # a rendered PDF
def test_the_receipt_is_mailed_to_the_contacts_when_the_setting_says_so(tmp_db, monkeypatch):
    from dashboard.reporting import office
    from documents import receipt
    from notify import contacts

    out = ingest.ingest_bytes(csv_bytes([valid_row()]), submitter="山田", submitter_code=CHIYODA)
    n = out.receipt.submission_id
    pdf = receipt.render_receipt(n, CHIYODA)
    with store.connect(tmp_db) as con:
        contacts.replace(
            con,
            pd.DataFrame(
                [
                    {
                        "municipality_code": CHIYODA,
                        "email": CHIYODA_EMAIL,
                        "person": None,
                        "department": None,
                    }
                ]
            ),
        )
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    for name, value in {
        "HYOJUNKA_SMTP_HOST": "127.0.0.1",
        "HYOJUNKA_SMTP_PORT": str(controller.port),
        "HYOJUNKA_SMTP_STARTTLS": "0",
        "HYOJUNKA_SMTP_FROM": SENDER,
    }.items():
        monkeypatch.setenv(name, value)
    try:
        assert office.mail_receipt(n, CHIYODA, pdf) is None  # the setting is off by default
        with store.connect(tmp_db) as con:
            settings.put(con, settings.RECEIPT_MAIL, "1", by="test")
        sent = office.mail_receipt(n, CHIYODA, pdf)
        assert sent is not None and sent.error is None and sent.to == ["yamada@city.chiyoda.example.jp"]
        assert office.mail_receipt(n, CHUO, pdf) is None  # no contacts: nothing to do
    finally:
        controller.stop()
    ((rcpt, message),) = inbox.messages
    assert rcpt == ["yamada@city.chiyoda.example.jp"] and f"#{n}" in message["Subject"]
    (attached,) = list(message.iter_attachments())
    assert attached.get_content_type() == "application/pdf" and attached.get_content() == pdf


def test_contacts_imported_from_the_page_and_the_command_line_are_logged(tmp_db, tmp_path):
    from dashboard.reporting import reminders
    from tests.support.mail import CONTACTS_CSV

    kept, problems = reminders.import_contacts(CONTACTS_CSV.encode(), "ja", by="CIO室 佐藤", filename="連絡先.csv")
    assert (kept, problems) == (3, [])
    bad, problems = reminders.import_contacts(
        b"\xe5\x9b\xa3\xe4\xbd\x93\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x89\n999999\n", "ja", by="x"
    )
    assert bad == 0 and problems  # refused: nothing kept, nothing logged
    path = tmp_path / "c.csv"
    path.write_text(CONTACTS_CSV, encoding="utf-8")
    assert run_etl_text("contacts", "import", str(path), db=tmp_db).returncode == 0
    with store.connect(tmp_db, read_only=True) as con:
        log = con.execute("select actor, action, target, detail from admin_log order by id").fetchall()
    assert log == [
        ("CIO室 佐藤", "contacts_imported", "連絡先.csv", "3 contacts, 3 municipalities"),
        ("cli", "contacts_imported", "c.csv", "3 contacts, 3 municipalities"),
    ]
