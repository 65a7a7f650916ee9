"""Chart-image figures for `make bench` (`python -m bench.images` runs them alone), at Tokyo scale:

- first_png_s: the first PNG after the server has started (the served app starts the chart browser
  with itself, `images.warm`), goal at most 3 s; beside it chart_browser_start_s (that start) and
  cold_png_s (a first PNG that has to start the browser itself, as before);
- later_png_s: the median of the later PNGs of the same process (the stages chart, the heatmap, the
  map, each laid out by `images.framed`), goal at most 1 s.

The pictures are made in a child process of their own, so that no chart browser is already running;
the Tokyo demo history is built once under bench-out/.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import run as bench

GOALS = {"first_png_s": 3.0, "later_png_s": 1.0}
bench.GOALS.update(GOALS)


def _tokyo_db(out_dir: Path) -> Path:
    from etl import demo

    path = out_dir / "images-tokyo.duckdb"
    if not path.exists():
        out_dir.mkdir(parents=True, exist_ok=True)
        demo.build(path, scale="tokyo", seed=bench.SEED)
    return path


def _child(db: str) -> dict[str, float]:
    """In a fresh process: the figures read, then the first PNG timed, then the later ones."""
    from dashboard import figures, queries
    from dashboard.charts.bars import stage_bars
    from dashboard.charts.heatmaps import stage_heatmap
    from dashboard.shape.heatmap import group_column, order_cells
    from documents import images
    from etl import clock, store

    with store.connect(db, read_only=True) as con:
        day = clock.today()
        meta = queries.meta(con)
        dist = queries.stage_distribution(con)
        cells = queries.heatmap_cells(con, day)
        summary = queries.municipality_summary(con, day)
    made = [
        (stage_bars(dist, "ja"), "業務別の進捗段階"),
        (stage_heatmap(group_column(order_cells(cells, "code"), "ja"), "ja", "group"), "進捗マップ"),
        (figures.build_map("live", "", summary, cells, None, False, "ja").figure, "稼働率"),
        (stage_bars(dist, "en"), "Stages of each business"),
    ]

    def png(i: int) -> float:
        fig, title = made[i % len(made)]
        started = time.perf_counter()
        images.figure_image(fig, "png", title=title, as_of=meta["data_as_of"], source="bench", lang="ja")
        return time.perf_counter() - started

    cold = png(0)  # no browser yet: what the first image cost when the browser started on it
    images.shutdown()
    started = time.perf_counter()
    images.warm().join()  # as the served app does at start
    browser_start = time.perf_counter() - started
    first = png(0)
    later = [png(i) for i in range(1, 9)]
    images.shutdown()
    return {
        "cold_png_s": round(cold, 2),
        "chart_browser_start_s": round(browser_start, 2),
        "first_png_s": round(first, 2),
        "later_png_s": round(statistics.median(later), 3),
    }


@bench.measurement
def chart_images(b: bench.Bench) -> dict[str, float | int | str]:
    """The first and later PNGs of a fresh process at Tokyo scale."""
    db = _tokyo_db(b.out_dir)
    return _measure(db)


def _measure(db: Path) -> dict[str, float | int | str]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.images", "--child", str(db)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Measure alone: `python -m bench.images`."""
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2])))
        return 0
    figures = _measure(_tokyo_db(bench.OUT_DIR))
    for key, value in figures.items():
        goal = GOALS.get(key)
        print(f"{key:<16} {value:>8}  <= {goal}  {'ok' if goal is None or float(value) <= goal else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
