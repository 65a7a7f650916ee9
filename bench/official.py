"""The official-release figures for `make bench`: importing a synthetic national ministry workbook
(1,741 municipalities: 20 rates each, and 40 steps for each of 34,820 pairs) through
`etl.official.ingest.ingest_release`, against openpyxl's bare read-only streaming read of the same file
(every cell of every sheet, values only). Goal: import at most 1.5x the bare read.

Each side runs in its own process, so that its peak resident memory (ru_maxrss) is its own; the time is
taken inside the process, after the imports. `python -m bench.official` runs this alone.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import run as bench

RUNS = 3
bench.GOALS["official_import_ratio"] = 1.5


def build_workbook(b: bench.Bench) -> Path:
    """The national ministry workbook of last month, built once under bench-out/."""
    from etl.official import demo as official_demo

    month = official_demo.months(b.today, 1)[0]
    path = b.out_dir / f"mic-progress-national-{month:%Y-%m}-seed{bench.SEED}.xlsx"
    if not path.exists():
        truth = bench.demo.truth_on(b.plan, official_demo.month_end(month)).reset_index(drop=True)
        import numpy as np

        done = official_demo.steps_done(truth, np.random.default_rng(bench.SEED))
        names = official_demo._names(b.municipalities)
        path.write_bytes(official_demo.ministry_book(truth, done, names, month, with_steps=True))
    return path


def _bare(file: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(file, read_only=True, data_only=True)
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    book.close()
    return cells


def _import(file: Path, db: Path) -> int:
    from etl.official.ingest import ingest_release

    outcome = ingest_release(file.read_bytes(), filename=file.name, db=db)
    assert outcome.receipt.outcome == "accepted", outcome.findings.head().to_dict("records")
    return outcome.receipt.n_rows


def _peak_mb() -> float:
    """This process's own peak resident memory. Linux carries ru_maxrss over a fork and exec, so a child
    of a large parent (the whole `make bench`) would report the parent's peak; VmHWM belongs to the
    process's own address space."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, file: str, db: str = "") -> None:
    """One timed run in this process; prints its seconds, peak RSS and count as JSON."""
    if kind == "import":
        from etl.official import ingest  # noqa: F401  (imports are not timed)
    else:
        import openpyxl  # noqa: F401
    start = time.perf_counter()
    count = _bare(Path(file)) if kind == "bare" else _import(Path(file), Path(db))
    seconds = time.perf_counter() - start
    peak_mb = _peak_mb()
    print(json.dumps({"s": seconds, "peak_mb": peak_mb, "count": count}))


def _run(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.official", *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@bench.measurement
def official_import(b: bench.Bench) -> dict[str, float | int | str]:
    """The ministry workbook's import (read, check, store) against openpyxl's bare streaming read."""
    file = build_workbook(b)
    db = b.out_dir / "official-import.duckdb"
    bench._fresh(db)
    from etl import database

    database.init(db, municipalities=b.municipalities)
    template = db.read_bytes()
    bare, imported = [], []
    for _ in range(RUNS):
        bare.append(_run("bare", str(file)))
        db.write_bytes(template)  # each import into the same empty national database
        Path(str(db) + ".wal").unlink(missing_ok=True)
        imported.append(_run("import", str(file), str(db)))
    bare_s = statistics.median(r["s"] for r in bare)
    import_s = statistics.median(r["s"] for r in imported)
    return {
        "official_file_mb": round(file.stat().st_size / 1024 / 1024, 2),
        "official_cells": bare[0]["count"],
        "official_bare_read_s": round(bare_s, 3),
        "official_import_s": round(import_s, 3),
        "official_import_ratio": round(import_s / bare_s, 2),
        "official_bare_peak_mb": round(max(r["peak_mb"] for r in bare), 1),
        "official_import_peak_mb": round(max(r["peak_mb"] for r in imported), 1),
    }


def main() -> int:
    """Run the official-import measurement alone, without the 260-week history."""
    import numpy as np

    today = bench.clock.today()
    municipalities = bench.demo.national_municipalities()
    plan = bench.demo.make_plan(municipalities, np.random.default_rng(bench.SEED))
    bench.OUT_DIR.mkdir(parents=True, exist_ok=True)
    b = bench.Bench(bench.OUT_DIR, today, municipalities, plan, Path(), Path(), Path())
    figures = official_import(b)
    for key, value in figures.items():
        goal = bench.GOALS.get(key)
        print(f"{key:28} {value}" + (f"   (goal ≤ {goal})" if goal else ""))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1:
        child(*sys.argv[1:])
    else:
        sys.exit(main())
