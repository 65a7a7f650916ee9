"""What the summaries share: a ratio that is unknown without a total."""

from __future__ import annotations

from typing import Any


def ratio(n: Any, total: Any) -> float | None:
    """n over total; None when there is no total."""
    return float(n) / float(total) if total else None
