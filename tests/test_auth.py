"""dashboard.auth's pure parts: what a submission records about its token (the throttle is tested in
test_sessions against the store)."""

from __future__ import annotations

from dashboard import auth
from etl.tokens import Principal


def test_submitter_names_the_token_never_its_secret():
    assert auth.submitter(Principal(7, "municipality", "131016")) == "token#7 131016"
    assert auth.submitter(Principal(1, "admin", None)) == "token#1"
