"""dashboard.auth's pure parts: what a submission records about its token (the throttle is tested in
test_sessions against the store)."""

from __future__ import annotations

from access.tokens import Principal
from dashboard import auth


def test_submitter_names_the_token_never_its_secret():
    assert auth.submitter(Principal(7, "municipality", "131016")) == "token#7 131016"
    assert auth.submitter(Principal(1, "admin", None)) == "token#1"
