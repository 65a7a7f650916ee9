"""Lasting sign-in sessions, the per-client sign-in throttle and token labels, against a real DuckDB file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from access import sessions, throttle, tokens
from etl import store
from tests.support.codes import CHIYODA

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=store.TOKYO)


def issue(db: Path, who: str = CHIYODA, label: str | None = None) -> tuple[int, str]:
    with store.connect(db) as con:
        return tokens.issue(con, who, label)


def open_and_redeem(db: Path, token_id: int, now: datetime = T0) -> tuple[int, str]:
    """A sign-in's session and the cookie value its hand-over code is traded for."""
    with store.connect(db) as con:
        row_id, grant = sessions.open_session(con, token_id, now=now)
        cookie = sessions.redeem(con, grant, now=now + timedelta(seconds=2))
    assert cookie is not None
    return row_id, cookie


# ------------------------------------------------------------------------------------------------ sessions
def test_a_session_lasts_its_lifetime_and_is_found_by_its_cookie_only(tmp_db):
    token_id, token = issue(tmp_db, label="情報政策課")
    row_id, cookie = open_and_redeem(tmp_db, token_id)
    with store.connect(tmp_db, read_only=True) as con:
        live = sessions.resolve(con, cookie, now=T0 + timedelta(hours=7, minutes=59))
        assert live is not None and live.session_id == row_id
        assert live.principal == tokens.Principal(token_id, "municipality", CHIYODA, "情報政策課")
        assert sessions.resolve(con, cookie, now=T0 + timedelta(hours=8, seconds=1)) is None  # default 8 h
        assert sessions.resolve(con, cookie + "x", now=T0) is None
        assert sessions.resolve(con, token, now=T0) is None  # the access token is not a session id
        # the store keeps hashes only: neither the cookie's value nor the hand-over code is anywhere
        stored = con.execute("select * from sessions").fetchall()
    assert cookie not in repr(stored)
    assert sessions.digest(cookie) in repr(stored)


def test_the_lifetime_is_a_setting(tmp_db, monkeypatch):
    monkeypatch.setenv(sessions.LIFETIME_ENV, "0.5")
    assert sessions.lifetime() == timedelta(minutes=30)
    token_id, _ = issue(tmp_db)
    _, cookie = open_and_redeem(tmp_db, token_id)
    with store.connect(tmp_db, read_only=True) as con:
        assert sessions.resolve(con, cookie, now=T0 + timedelta(minutes=29)) is not None
        assert sessions.resolve(con, cookie, now=T0 + timedelta(minutes=31)) is None
    for bad in ("", "abc", "-1", "0", "100000"):
        monkeypatch.setenv(sessions.LIFETIME_ENV, bad)
        assert sessions.lifetime() == timedelta(hours=8)


def test_a_hand_over_code_works_once_and_only_for_a_minute(tmp_db):
    token_id, _ = issue(tmp_db)
    with store.connect(tmp_db) as con:
        _, grant = sessions.open_session(con, token_id, now=T0)
        assert sessions.redeem(con, grant, now=T0 + timedelta(seconds=61)) is None  # too late
        _, grant = sessions.open_session(con, token_id, now=T0)
        first = sessions.redeem(con, grant, now=T0 + timedelta(seconds=1))
        again = sessions.redeem(con, grant, now=T0 + timedelta(seconds=2))
        assert first is not None and again is None
        assert sessions.redeem(con, "", now=T0) is None and sessions.redeem(con, "x" * 500, now=T0) is None


def test_sign_out_and_revocation_end_every_session_at_once(tmp_db):
    token_id, _ = issue(tmp_db)
    tab_a, cookie_a = open_and_redeem(tmp_db, token_id)
    _, cookie_b = open_and_redeem(tmp_db, token_id)  # the same person signed in on another browser
    now = T0 + timedelta(minutes=5)
    with store.connect(tmp_db) as con:
        sessions.end(con, tab_a, now=now)
        assert sessions.resolve(con, cookie_a, now=now) is None
        assert sessions.alive(con, tab_a, now=now) is None
        assert sessions.resolve(con, cookie_b, now=now) is not None
        assert tokens.revoke(con, token_id)
        assert sessions.resolve(con, cookie_b, now=now) is None
        # a revoked token's pending hand-over code is refused as well
        _, grant = sessions.open_session(con, token_id, now=now)
        assert sessions.redeem(con, grant, now=now) is None


def test_the_sign_out_route_ends_a_session_by_its_cookie(tmp_db):
    token_id, _ = issue(tmp_db)
    _, cookie = open_and_redeem(tmp_db, token_id)
    with store.connect(tmp_db) as con:
        sessions.end_by_cookie(con, cookie, now=T0)
        assert sessions.resolve(con, cookie, now=T0) is None


def test_old_sessions_are_forgotten(tmp_db):
    token_id, _ = issue(tmp_db)
    row_id, _ = open_and_redeem(tmp_db, token_id)
    with store.connect(tmp_db) as con:
        sessions.open_session(con, token_id, now=T0 + timedelta(days=2))
        ids = [r[0] for r in con.execute("select id from sessions").fetchall()]
    assert row_id not in ids and len(ids) == 1


# ------------------------------------------------------------------------------------------------ throttle
def test_the_throttle_counts_per_client_with_the_same_back_off(tmp_db):
    with store.connect(tmp_db) as con:
        for n in range(1, throttle.FREE_ATTEMPTS):
            assert throttle.failed(con, "ip:203.0.113.7", now=T0) == throttle.State(n, 0.0)
        assert throttle.state(con, "ip:203.0.113.7", now=T0).wait_s == 0
        assert throttle.failed(con, "ip:203.0.113.7", now=T0).wait_s == throttle.FIRST_WAIT_S
        later = T0 + timedelta(seconds=11)
        assert throttle.state(con, "ip:203.0.113.7", now=later).wait_s == 0
        assert throttle.failed(con, "ip:203.0.113.7", now=later).wait_s == throttle.FIRST_WAIT_S * 2
        # another client is not slowed by this one
        assert throttle.state(con, "ip:198.51.100.1", now=later) == throttle.State(0, 0.0)
        for _ in range(20):
            gate = throttle.failed(con, "ip:203.0.113.7", now=later)
        assert gate.wait_s == throttle.MAX_WAIT_S
        # a success, or a day without failures, starts the count again
        assert throttle.state(con, "ip:203.0.113.7", now=later + timedelta(days=1, seconds=1)) == throttle.State(0, 0.0)
        assert throttle.failed(con, "ip:203.0.113.7", now=later + timedelta(days=2)).failures == 1
        throttle.succeeded(con, "ip:203.0.113.7")
        assert throttle.state(con, "ip:203.0.113.7", now=later).failures == 0
        # the address is not stored, only its hash
        assert "203.0.113.7" not in repr(con.execute("select * from signin_failures").fetchall())


@pytest.mark.slow  # child processes
def test_the_throttle_holds_across_processes(tmp_db):
    """Two processes (two servers, or a server restarted) see one count: it lives in the store."""
    code = (
        "import sys; from access import throttle; from etl import store\n"
        "with store.connect(sys.argv[1]) as con:\n"
        "    print(throttle.failed(con, 'ip:192.0.2.9').failures)\n"
    )
    root = Path(__file__).resolve().parents[1]
    seen = [
        subprocess.run(
            [sys.executable, "-c", code, str(tmp_db)], capture_output=True, text=True, cwd=root, env=os.environ
        ).stdout.strip()
        for _ in range(3)
    ]
    assert seen == ["1", "2", "3"]


@pytest.mark.parametrize(
    ("failures", "wait"), [(0, 0), (4, 0), (5, 10), (6, 20), (7, 40), (11, 640), (12, 900), (40, 900)]
)
def test_the_back_off(failures, wait):
    assert throttle.wait_after(failures) == wait


# ------------------------------------------------------------------------------------------------ labels
def test_a_token_label_is_kept_cleaned_and_checked(tmp_db):
    token_id, token = issue(tmp_db, label="  八王子市　情報政策課  ")
    with store.connect(tmp_db) as con:
        assert tokens.verify(con, token).label == "八王子市 情報政策課"
        for bad in ("a\u202eb", "x\x00", "y" * (tokens.MAX_LABEL + 1)):
            with pytest.raises(ValueError):
                tokens.issue(con, CHIYODA, bad)


@pytest.mark.slow  # child processes
def test_the_command_line_issues_a_labelled_token(tmp_db):
    env = {**os.environ, "HYOJUNKA_DB": str(tmp_db)}
    done = subprocess.run(
        [sys.executable, "-m", "cli", "token", "issue", CHIYODA, "--label", "山田 太郎/情報政策課"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "[山田 太郎/情報政策課]" in done.stderr
    listing = subprocess.run(
        [sys.executable, "-m", "cli", "token", "list"], capture_output=True, text=True, env=env, timeout=120
    ).stdout
    assert "山田 太郎/情報政策課" in listing
    bad = subprocess.run(
        [sys.executable, "-m", "cli", "token", "issue", CHIYODA, "--label", "a\u202eb"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert bad.returncode == 2 and "U+202E" in bad.stderr and "Traceback" not in bad.stderr
