"""Build the static public edition from the database: pages, charts, their data files and the index.

`publish` reads the database once (`data`), writes plotly.js and the site's own assets, the latest
status as CSV, every page in both languages (`pages`, through `writer`) and the open-data index.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import jinja2
import pandas as pd

from dashboard import geo
from dashboard.captions import iso_date
from dashboard.publish import costs as cost_page
from dashboard.publish import data
from dashboard.publish.pages import write_pages
from dashboard.publish.writer import LICENCE, LICENCE_URL, Site
from etl import store

LANGS = ("ja", "en")
HERE = Path(__file__).resolve().parent


@dataclass
class PublishResult:
    """What a publish wrote: its folder, pages, files, and the time it took (wall clock and CPU)."""

    out: Path
    pages: int
    files: int
    seconds: float
    cpu_seconds: float = 0.0


def _copy_assets(site: Site) -> None:
    plotly_js = resources.files("plotly") / "package_data" / "plotly.min.js"
    site.write("assets/plotly.min.js", plotly_js.read_bytes())
    for name in ("site.css", "site.js"):
        site.write(f"assets/{name}", (HERE / "assets" / name).read_bytes())


def publish(db: str | Path, out: str | Path, base_url: str | None = None, today: date | None = None) -> PublishResult:
    """Write the static public edition of the database's public pages into `out` (replaced if there)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    day = today or pd.Timestamp.now(tz=store.TOKYO).date()
    with store.connect(db, read_only=True) as con:
        con.execute("set enable_progress_bar = false")
        d = data.read(con, day)
        cost_data = cost_page.read(con)
    target = Path(out)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    site = Site(target, base_url, iso_date(d.meta["data_as_of"]), env)
    _copy_assets(site)
    site.write("data/latest_status.csv", d.latest_csv)
    site.index.append(
        {
            "file": "data/latest_status.csv",
            "description": "Every municipality x business: latest status, due date and schedule status "
            "(codes; the columns of `hyojunka export`, without notes)",
            "language": "codes",
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "as_of": site.as_of,
        }
    )
    for lang in LANGS:
        write_pages(site, d, lang)
        cost_page.write_page(site, cost_data, lang, d.meta)
    index = {
        "title": "hyojunka: standard-compliant systems and the Government Cloud, public edition",
        "as_of": site.as_of,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "base_url": base_url,
        "map_credit": geo.CREDIT[0],
        "files": site.index,
    }
    site.write("data/index.json", json.dumps(index, ensure_ascii=False, indent=1))
    return PublishResult(
        target, site.pages, site.files, time.perf_counter() - started, time.process_time() - cpu_started
    )
