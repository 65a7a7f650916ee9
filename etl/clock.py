"""The project's clock: every 'now' and 'today' is Tokyo's (Asia/Tokyo), whatever the server's zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def now() -> datetime:
    """Now, as an aware time in Asia/Tokyo."""
    return datetime.now(TOKYO)


def today() -> date:
    """Today in Asia/Tokyo: the day 'not after today', overdue and 'within 30 days' are counted on."""
    return now().date()
