"""Browser figures for `make bench`: how long a person waits in Chromium, beside the framework's floor.

For each public page, the time from navigation to the first chart on screen (a plotly chart drawn:
`.js-plotly-plot .main-svg`), in a real Chromium against a real `streamlit run dashboard/serve.py`,
warm (each page opened once before it is timed), median of 5, read on the page's own clock at the first
animation frame that shows it (`shown_at`: not on Playwright's polling grid). Beside each page, taken in
turn with it (`bench.run.paired_medians`: one load of the page, one of the floor, five times), the same
time for a bare Streamlit page that shows one plotly chart (the framework's floor on this machine): a
host that slows down or speeds up during the run moves both alike, so a page's ratio does not depend on
the minute it was measured in. `browser_floor_s` is the median of the floor's medians.
Goals: every page within 1.5x the floor at Tokyo scale, within 2.5x at national scale.

The report page, signed in as a municipality (Tokyo scale, on a copy of the database): the time from
navigation to the form filled (the last business's fields drawn), warm, median of 5, paired with the
floor the same way, within 1.5x the floor; and the "no change" report from its click to the receipt on
screen (pressing the confirmation at once when the page asks for one), median of 5 municipalities after
one warm-up, a load of the floor after each, within 2x the floor.

Tokyo scale is the demo history (`hyojunka demo --scale tokyo`, built once under bench-out/); national
scale is the 260-week national history `bench.run` builds. `python -m bench.browser` runs this module
alone (Tokyo scale only unless --national; --pages for some pages only).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from bench import run as bench
from etl import database, demo, paths, store

RUNS = 5
RATIO_TOKYO, RATIO_NATIONAL, RATIO_RECEIPT = 1.5, 2.5, 2.0
PUBLIC_PAGES = ["", "heatmap", "map", "progress", "gov_cloud", "municipality", "delays", "vendors"]
CHART = ".js-plotly-plot .main-svg"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"]
WAIT_MS = 120_000
TOKYO_SEED = 7
BARE_APP = """
import plotly.graph_objects as go
import streamlit as st

st.title("floor")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
"""
bench.GOALS.update(
    {
        "browser_tokyo_worst_ratio": RATIO_TOKYO,
        "browser_national_worst_ratio": RATIO_NATIONAL,
        "browser_report_form_ratio": RATIO_TOKYO,
        "browser_no_change_receipt_ratio": RATIO_RECEIPT,
    }
)


def tokyo_db(out_dir: Path, today: date) -> Path:
    """The Tokyo demo history, built once per schema under bench-out/."""
    path = out_dir / f"tokyo-demo-seed{TOKYO_SEED}-{bench._schema_key()}-{today}.duckdb"
    if not path.exists():
        print(f"building the Tokyo demo once: {path.name}", flush=True)
        database.init(path)
        demo.build(path, scale="tokyo", seed=TOKYO_SEED, today=today)
    return path


@contextlib.contextmanager
def served(script: str, db: Path | None, log: Path) -> Iterator[str]:
    """`streamlit run script` on a free port (HYOJUNKA_DB=db), its URL while the block runs."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if db is not None:
        env["HYOJUNKA_DB"] = str(db)
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.address", "127.0.0.1"]
    command += ["--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    command += ["--server.fileWatcherType", "none", "--server.runOnSave", "false", "--global.developmentMode", "false"]
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(command, cwd=paths.ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


# Playwright's own waits (`locator.wait_for`, `expect`) test at widening intervals, 500 ms apart after
# the first 0.27 s, so a time taken with them lands on that grid (a chart drawn at 0.9 s was seen at
# 1.27 s, and every page's figure came out up to half a second long). This wait tests on every animation
# frame, and the page itself says when: its clock (`performance.now()`, from the navigation's start).
SHOWN_JS = """alternatives => {
  for (const [selector, text] of alternatives) {
    for (const e of document.querySelectorAll(selector)) {
      const box = e.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && (!text || e.textContent.includes(text))) return performance.now();
    }
  }
  return false;
}"""


def shown_at(page: Any, *alternatives: tuple[str, str]) -> float:
    """Wait until an element matching one of `alternatives` ((selector, text it holds or '')) is drawn
    with a size, tested on every animation frame; the page's clock at that frame, in s."""
    handle = page.wait_for_function(SHOWN_JS, arg=[list(a) for a in alternatives], polling="raf", timeout=WAIT_MS)
    return float(handle.json_value()) / 1000


def _time_to(page: Any, url: str, selector: str) -> float:
    page.goto(url, wait_until="commit")
    return shown_at(page, (selector, ""))


def paired_to(context: Any, floor_url: str, url: str, selector: str) -> tuple[float, float]:
    """The floor's median and the page's (navigation to `selector` visible), their loads taken in turn in
    one tab, each from a blank tab, after one warm load of each (`bench.run.paired_medians`), in s."""
    tab = context.new_page()

    def load(address: str, wanted: str) -> float:
        tab.goto("about:blank")
        return _time_to(tab, address, wanted)

    try:
        return bench.paired_medians(partial(load, floor_url, CHART), partial(load, url, selector))
    finally:
        tab.close()


def _button(page: Any, key: str) -> Any:
    # a button with a help tooltip has a hidden twin in its keyed container: the shown one
    return page.locator(f".st-key-{key} button").filter(visible=True)


def _signed_in(browser: Any, url: str, token: str) -> Any:
    """A fresh browser context signed in with `token` (typed on the sign-in page, as a person does)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.goto(f"{url}/signin")
    page.locator(".st-key-signin_token input").fill(token)
    _button(page, "signin_submit").click()
    page.wait_for_url(lambda address: "/signin" not in address, timeout=WAIT_MS)
    # the page the sign-in leads to trades its one-time code for the session cookie
    page.wait_for_function("window.__hyjSession === 'set'", timeout=WAIT_MS)
    page.close()
    return context


def report_codes_and_tokens(db: Path, count: int) -> list[tuple[str, str]]:
    """`count` municipalities whose newest report is older than today (so that a "no change" report
    is not a duplicate of it), each with a token issued for it."""
    from access import tokens
    from etl import clock

    with store.connect(db) as con:
        codes = [
            str(code)
            for (code,) in con.execute(
                "select municipality_code from latest_status group by 1 having max(as_of) < ? order by 1 limit ?",
                [clock.today(), count],
            ).fetchall()
        ]
        if len(codes) < count:
            raise RuntimeError(f"only {len(codes)} municipalities have not reported today")
        return [(code, tokens.issue(con, code, "bench")[1]) for code in codes]


def measure_report(browser: Any, db: Path, log: Path, bare: str, floor: Callable[[], float]) -> dict[str, float]:
    """The report page's form and the "no change" receipt, each with the bare page at `bare` timed beside
    it (`floor`: one load of it in a warm tab of its own), in s (see the module's text)."""
    from etl import reference

    last = str(reference.businesses()["business_id"].iloc[-1])
    form_field = f".st-key-report_{last}_stage input"
    signed = report_codes_and_tokens(db, RUNS + 2)
    with served("dashboard/serve.py", db, log) as url:
        context = _signed_in(browser, url, signed[0][1])
        form_floor, form = paired_to(context, bare, f"{url}/report", form_field)
        context.close()
        receipts, floors = [], []
        for _code, token in signed[1:]:
            context = _signed_in(browser, url, token)
            page = context.new_page()
            page.goto(f"{url}/report")
            shown_at(page, (form_field, ""))
            receipt = (".st-key-report_receipt", "受け付けました")
            confirm = (".st-key-review_submit_no_change button", "")
            start = float(page.evaluate("performance.now()")) / 1000
            _button(page, "report_no_change").click()
            shown_at(page, receipt, confirm)
            if not page.locator(receipt[0]).filter(has_text=receipt[1]).count():
                _button(page, "review_submit_no_change").click()
            receipts.append(shown_at(page, receipt) - start)
            floors.append(floor())
            context.close()
    return {
        "form": form,
        "form_floor": form_floor,
        "receipt": statistics.median(receipts[1:]),
        "receipt_floor": statistics.median(floors[1:]),
    }


def measure(
    dbs: dict[str, Path], out_dir: Path, pages: list[str] | None = None, *, report: bool = True
) -> dict[str, float | int | str]:
    """Every page's median at each scale in `dbs` ('tokyo', 'national'), each paired with the bare page's."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("HYOJUNKA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        raise RuntimeError("chromium not found: install it with `make browser-deps`")
    figures: dict[str, float | int | str] = {}
    floors: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
        with served(str(bare_script), None, Path(tmp) / "bare.log") as bare:
            for scale, db in dbs.items():
                prefix = f"browser_{scale}"
                with served("dashboard/serve.py", db, Path(tmp) / f"{scale}.log") as url:
                    ratios = []
                    for page in PUBLIC_PAGES if pages is None else pages:
                        floor, seconds = paired_to(context, bare, f"{url}/{page}", CHART)
                        floors.append(floor)
                        name = page or "overview"
                        figures[f"{prefix}_{name}_s"] = round(seconds, 2)
                        ratios.append(seconds / floor)
                        print(
                            f"  {scale} {name}: {seconds:.2f} s, floor {floor:.2f} s ({seconds / floor:.2f}x)",
                            flush=True,
                        )
                    figures[f"{prefix}_worst_ratio"] = round(max(ratios), 2)
            if report and "tokyo" in dbs:
                copy = Path(tmp) / "report.duckdb"
                shutil.copyfile(dbs["tokyo"], copy)
                floor_tab = context.new_page()

                def floor_once() -> float:
                    floor_tab.goto("about:blank")
                    return _time_to(floor_tab, bare, CHART)

                floor_once()  # warm
                report_s = measure_report(browser, copy, Path(tmp) / "report.log", bare, floor_once)
                for name, key in (("form", "report_form"), ("receipt", "no_change_receipt")):
                    floor = report_s[f"{name}_floor"]
                    floors.append(floor)
                    figures[f"browser_{key}_s"] = round(report_s[name], 2)
                    figures[f"browser_{key}_ratio"] = round(report_s[name] / floor, 2)
                    print(
                        f"  tokyo report {name}: {report_s[name]:.2f} s, floor {floor:.2f} s "
                        f"({report_s[name] / floor:.2f}x)",
                        flush=True,
                    )
            context.close()
        browser.close()
    figures = {"browser_floor_s": round(statistics.median(floors), 2), **figures}
    return figures


@bench.measurement
def browser_pages(b: bench.Bench) -> dict[str, float | int | str]:
    """Navigation to the first chart (or form field) per page, Tokyo and national, beside the floor."""
    return measure({"tokyo": tokyo_db(b.out_dir, b.today), "national": b.history_db}, b.out_dir)


def main() -> int:
    """Run this module alone: Tokyo scale (and the national history with --national)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national", action="store_true", help="also the 260-week national history")
    parser.add_argument("--pages", nargs="*", default=None, help="only these public pages ('' for the overview)")
    parser.add_argument("--no-report", action="store_true", help="leave out the report page's form and receipt")
    args = parser.parse_args()
    from etl import clock

    bench.OUT_DIR.mkdir(parents=True, exist_ok=True)
    dbs = {"tokyo": tokyo_db(bench.OUT_DIR, clock.today())}
    if args.national:
        dbs["national"] = bench.prepare().history_db
    figures = measure(dbs, bench.OUT_DIR, args.pages, report=not args.no_report)
    for key, value in figures.items():
        goal = bench.GOALS.get(key)
        verdict = "" if goal is None else f"<= {goal:g}  {'ok' if float(value) <= goal else 'MISSED'}"
        print(f"{key:<36} {value!s:>8}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
