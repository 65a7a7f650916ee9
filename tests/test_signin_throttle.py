"""The sign-in throttle counts every failure of concurrent sign-ins (a write conflict is tried again,
never a failed page), and counts the real peer: a forged X-Forwarded-For changes nothing unless
HYOJUNKA_CLIENT_IP_HEADER names the header and the peer is a trusted proxy."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from access import throttle
from etl import database, store

CLIENT = "ip:203.0.113.9"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.duckdb"
    database.init(path)
    return path


def test_ten_concurrent_failures_are_all_counted_without_an_error(db):
    errors: list[BaseException] = []
    states: list[throttle.State] = []
    start = threading.Barrier(10)

    def attempt() -> None:
        try:
            with store.connect(db) as con:
                start.wait()
                states.append(throttle.failed(con, CLIENT))
        except BaseException as exc:  # noqa: BLE001 (every failure is what the test reports)
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(s.failures for s in states) == list(range(1, 11))
    with store.connect(db, read_only=True) as con:
        state = throttle.state(con, CLIENT)
    assert state.failures == 10 and state.wait_s > 0


def test_concurrent_successes_and_failures_do_not_fail(db):
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def attempt(i: int) -> None:
        try:
            with store.connect(db) as con:
                start.wait()
                for _ in range(5):
                    if i % 2:
                        throttle.failed(con, CLIENT)
                    else:
                        throttle.succeeded(con, CLIENT)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
