"""Static-edition figures for `make bench`: `hyojunka publish` of the 260-week national history
(publish_national_s: the whole site, both languages, every municipality's page)."""

from __future__ import annotations

import shutil

from bench import run as bench
from dashboard.publish.site import publish


@bench.measurement
def publish_national(b: bench.Bench) -> dict[str, float | int | str]:
    """One publish of the national history into bench-out/site-national (replaced each run)."""
    out = b.out_dir / "site-national"
    result = publish(b.history_db, out, today=b.today)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    figures: dict[str, float | int | str] = {
        "publish_national_s": round(result.seconds, 1),
        "publish_national_cpu_s": round(result.cpu_seconds, 1),
        "publish_national_pages": result.pages,
        "publish_national_mb": round(size / 1e6, 1),
    }
    shutil.rmtree(out, ignore_errors=True)
    return figures
