"""dashboard.auth's pure parts: the sign-in throttle and what a submission records about its token."""

from __future__ import annotations

import pytest

from dashboard import auth
from etl.tokens import Principal


def test_five_failures_are_free_then_the_wait_doubles_up_to_its_cap():
    gate = auth.Throttle()
    for _ in range(auth.FREE_ATTEMPTS - 1):
        gate.failed(now=100.0)
    assert gate.remaining(100.0) == 0
    gate.failed(now=100.0)
    assert gate.remaining(100.0) == pytest.approx(auth.FIRST_WAIT_S)
    gate.failed(now=200.0)
    assert gate.remaining(200.0) == pytest.approx(2 * auth.FIRST_WAIT_S)
    for _ in range(20):
        gate.failed(now=300.0)
    assert gate.remaining(300.0) == pytest.approx(auth.MAX_WAIT_S)
    assert gate.remaining(300.0 + auth.MAX_WAIT_S + 1) == 0


def test_a_success_forgets_earlier_failures():
    gate = auth.Throttle()
    for _ in range(auth.FREE_ATTEMPTS + 2):
        gate.failed(now=0.0)
    gate.succeeded()
    assert (gate.failures, gate.remaining(0.0)) == (0, 0)


def test_submitter_names_the_token_never_its_secret():
    assert auth.submitter(Principal(7, "municipality", "131016")) == "token#7 131016"
    assert auth.submitter(Principal(1, "admin", None)) == "token#1"
