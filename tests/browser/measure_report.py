"""How long "change two systems and submit" takes on the report page, in clicks and seconds.

Run: `.venv/bin/python -m tests.browser.measure_report` (a real `streamlit run` and a real Chromium on
a fresh demo database, as the browser tests use). A laptop-sized viewport (1366 x 768): every click,
keystroke and scroll a person would need is counted; a scroll is counted whenever the next thing to
read or press is outside the viewport. The seconds are the machine's (server runs and rendering),
from the first click to the receipt on screen; a person adds reading time to them.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from etl import store
from tests.support.browser import (
    CHROMIUM_ARGS,
    RUN_COUNTER_JS,
    build_database,
    by_key,
    chromium_path,
    issue_token,
    rerun,
    running_server,
    sign_in,
    wait_for_run,
)
from tests.support.paths import SCREENSHOTS

VIEWPORT = {"width": 1366, "height": 768}
IN_VIEW_JS = "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }"


@dataclass
class Tally:
    """What a person does: clicks, keys typed and scrolls to find the next thing."""

    clicks: int = 0
    keys: int = 0
    scrolls: int = 0
    steps: list[str] = field(default_factory=list)

    def see(self, locator, what: str) -> None:
        """Bring `locator` into view, counting a scroll when it was not there."""
        locator.first.wait_for(state="attached")
        if not locator.first.evaluate(IN_VIEW_JS):
            self.scrolls += 1
            self.steps.append(f"scroll to {what}")
            locator.first.scroll_into_view_if_needed()

    def click(self, locator, what: str) -> None:
        """One click on `locator` (after scrolling to it if needed)."""
        self.see(locator, what)
        locator.first.click()
        self.clicks += 1
        self.steps.append(f"click {what}")


UNDER_WAY = ["not_started", "planning", "fit_gap", "procurement", "migration"]


def municipality_to_report(db: Path) -> tuple[str, list[tuple[str, str]]]:
    """The municipality with the most systems under way (ties: the lowest code), and two of them with
    the next stage each (never live, so no date to type)."""
    with store.connect(db, read_only=True) as con:
        rows = con.execute(
            "select l.municipality_code, l.business_id, l.stage from v_latest_status l"
            " join businesses b using (business_id) order by l.municipality_code, b.display_order"
        ).fetchall()
    moves: dict[str, list[tuple[str, str]]] = {}
    for code, business, stage in rows:
        if stage in UNDER_WAY[:-1]:
            moves.setdefault(code, []).append((business, UNDER_WAY[UNDER_WAY.index(stage) + 1]))
    code = max(sorted(moves), key=lambda c: len(moves[c]))
    return code, moves[code][:2]


def measure(base: Path, built: Path) -> dict:
    """Run the flow once against a fresh server on a copy of `built`; clicks, keys, scrolls, seconds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from schemas.vocabulary.contract import STAGES

    db = base / "hyojunka.duckdb"
    shutil.copyfile(built, db)
    code, moves = municipality_to_report(db)
    token = issue_token(db, code)
    with running_server(db, base / "streamlit.log") as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT, locale="ja-JP", timezone_id="Asia/Tokyo")
        context.set_default_timeout(60_000)
        context.add_init_script(RUN_COUNTER_JS)
        pg = context.new_page()
        sign_in(pg, server, token)
        wait_for_run(pg)
        try:
            before = store_count(db)
            tally = Tally()
            start = time.perf_counter()
            for business, stage in moves:
                box = by_key(pg, f"report_{business}_stage")
                option = pg.get_by_role("option", name=STAGES[stage][0], exact=True)
                tally.click(box.locator("input"), f"{business} stage")
                for _ in range(3):  # a loaded machine may swallow the click that opens the list
                    try:
                        option.wait_for(timeout=10_000)
                        break
                    except PlaywrightTimeout:
                        pg.keyboard.press("Escape")
                        box.locator("input").click()
                tally.click(option, STAGES[stage][0])
            with rerun(pg):
                tally.click(by_key(pg, "report_form_check").locator("button"), "check")
            ack = by_key(pg, "review_ack_form")
            if ack.count():
                with rerun(pg):
                    tally.click(ack.locator("label"), "acknowledge warnings")
            with rerun(pg):
                tally.click(by_key(pg, "review_submit_form").locator("button"), "submit")
            receipt = by_key(pg, "report_receipt")
            receipt.wait_for(state="visible")
            in_view = bool(receipt.evaluate(IN_VIEW_JS))
            tally.see(receipt, "the receipt")
            seconds = time.perf_counter() - start
            filed = store_count(db) - before
        except Exception:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(SCREENSHOTS / "measure-failed.png"), full_page=True)
            raise
        browser.close()
    return {
        "municipality": code,
        "moves": moves,
        "clicks": tally.clicks,
        "keys": tally.keys,
        "scrolls": tally.scrolls,
        "seconds": round(seconds, 1),
        "receipt_in_view_after_submit": in_view,
        "submissions_filed": filed,
        "steps": tally.steps,
    }


def store_count(db: Path) -> int:
    """How many submissions the store holds."""
    with store.connect(db, read_only=True) as con:
        return int(con.execute("select count(*) from submissions").fetchone()[0])


def main() -> None:
    """Measure the flow `--runs` times and print each result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        built = build_database(Path(tmp) / "built.duckdb")
        for run in range(args.runs):
            base = Path(tmp) / f"run{run}"
            base.mkdir()
            print(measure(base, built), flush=True)


if __name__ == "__main__":
    main()
